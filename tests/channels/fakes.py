"""Local stand-ins for the platforms' APIs, on loopback.

Each records the requests the bot's connectors send (the real request shapes:
paths, auth, JSON or form bodies) and answers as the platform does.
"""

from __future__ import annotations

import json
import re
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Optional


@dataclass
class Received:
    method: str
    path: str
    headers: dict
    body: Any  # parsed JSON, or a dict of form fields

    @property
    def route(self) -> str:
        return urllib.parse.urlparse(self.path).path


@dataclass
class FakePlatform:
    """An HTTP server on 127.0.0.1 that records requests and answers them."""

    answer: Callable[[Received], tuple[int, Any]]
    requests: list = field(default_factory=list)
    server: Optional[ThreadingHTTPServer] = None

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> "FakePlatform":
        platform = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                self._handle()

            def do_POST(self) -> None:
                self._handle()

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                kind = self.headers.get("Content-Type", "")
                if "json" in kind:
                    body = json.loads(raw or b"null")
                elif "multipart" in kind:
                    body = parse_multipart(raw, kind)
                else:
                    body = dict(urllib.parse.parse_qsl(raw.decode("utf-8")))
                received = Received(self.command, self.path, dict(self.headers), body)
                platform.requests.append(received)
                status, reply = platform.answer(received)
                data = json.dumps(reply).encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server:
            self.server.shutdown()
            self.server.server_close()

    def clear(self) -> None:
        self.requests.clear()

    def wait_for(
        self, predicate: Callable[[list], bool], seconds: float = 30
    ) -> list[Received]:
        """The requests so far, once ``predicate(requests)`` holds."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if predicate(list(self.requests)):
                return list(self.requests)
            time.sleep(0.1)
        raise AssertionError(f"no matching request in {seconds}s: {self.requests}")


def parse_multipart(raw: bytes, content_type: str) -> dict:
    """Form fields of a multipart body (aiogram sends Telegram calls this way)."""
    boundary = content_type.split("boundary=")[1].strip('"').encode("utf-8")
    fields = {}
    for part in raw.split(b"--" + boundary):
        head, _, value = part.partition(b"\r\n\r\n")
        if b'name="' not in head:
            continue
        name = head.split(b'name="')[1].split(b'"')[0].decode("utf-8")
        fields[name] = value.rstrip(b"\r\n").decode("utf-8")
    return fields


# --- how each platform answers ------------------------------------------------

# Graph API versions Meta lists as available (changelog, late 2026: v21.0 until
# 21 January 2027 ... v26.0). v2.12, which the fbmessenger library uses, expired on
# 5 May 2020.
GRAPH_API_VERSIONS = ("v21.0", "v22.0", "v23.0", "v24.0", "v25.0", "v26.0")


def graph_version_error(request: Received) -> Optional[tuple[int, Any]]:
    """An error unless the path starts with an available Graph API version."""
    version = request.route.split("/")[1]
    if version in GRAPH_API_VERSIONS:
        return None
    message = f"Graph API version {version!r} is not available"
    return 400, {"error": {"message": message, "type": "OAuthException", "code": 12}}


def whatsapp_answer(request: Received) -> tuple[int, Any]:
    if not request.headers.get("Authorization", "").startswith("Bearer "):
        return 401, {"error": {"message": "missing access token", "code": 190}}
    version_error = graph_version_error(request)
    if version_error:
        return version_error
    body = request.body or {}
    # "to": a phone number (digits); "recipient": a business-scoped user id
    if "to" in body:
        if not str(body["to"]).isdigit():
            return 400, {"error": {"message": "(#100) Invalid 'to'", "code": 100}}
        contact = {"input": body["to"], "wa_id": body["to"]}
    elif re.fullmatch(r"[A-Z]{2}\.[A-Za-z0-9.]+", str(body.get("recipient", ""))):
        contact = {"input": body["recipient"], "user_id": body["recipient"]}
    else:
        message = "(#100) One of 'to' or 'recipient' is required"
        return 400, {"error": {"message": message, "code": 100}}
    return 200, {
        "messaging_product": "whatsapp",
        "contacts": [contact],
        "messages": [{"id": f"wamid.fake{time.time_ns()}"}],
    }


def messenger_answer(request: Received) -> tuple[int, Any]:
    query = urllib.parse.parse_qs(urllib.parse.urlparse(request.path).query)
    if not query.get("access_token"):
        return 400, {"error": {"message": "An access token is required", "code": 2500}}
    version_error = graph_version_error(request)
    if version_error:
        return version_error
    recipient = (request.body or {}).get("recipient", {}).get("id", "")
    return 200, {"recipient_id": recipient, "message_id": f"m_fake{time.time_ns()}"}


def telegram_answer(request: Received) -> tuple[int, Any]:
    method = request.route.rsplit("/", 1)[-1]
    if method == "sendMessage":
        body = request.body or {}
        return 200, {
            "ok": True,
            "result": {
                "message_id": len(body.get("text", "")),
                "date": int(time.time()),
                "chat": {"id": int(body.get("chat_id", 0)), "type": "private"},
                "text": body.get("text", ""),
            },
        }
    return 200, {"ok": True, "result": True}  # setWebhook, answerCallbackQuery


def twilio_answer(request: Received) -> tuple[int, Any]:
    if not request.headers.get("Authorization", "").startswith("Basic "):
        return 401, {"code": 20003, "message": "Authenticate", "status": 401}
    body = request.body or {}
    return 201, {
        "sid": f"SM{time.time_ns()}",
        "to": body.get("To"),
        "from": body.get("From"),
        "body": body.get("Body"),
        "status": "queued",
        "num_segments": "1",
        "direction": "outbound-api",
    }
