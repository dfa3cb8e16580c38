"""The website chat: a page, its script and an embed script, served by the Rasa server.

``WebChatInput`` is listed in ``credentials.yml`` as ``bot.webchat.WebChatInput``. It
is Rasa's own socket.io channel (``rasa.core.channels.socketio``, same events:
``session_request`` / ``session_confirm`` / ``user_uttered`` / ``bot_uttered``) with
two additions:

- it serves the chat page at ``/chat/`` and the embed script at ``/chat/embed.js``,
  with the clinic's name, emergency number and colour filled in;
- the socket.io endpoint accepts a browser only from the bot's own address and the
  clinic's ``allowed_origins``. (Stock Rasa switches python-engineio's origin check
  off, so any web site could open a websocket to the bot.) The same origins may
  frame the page (``Content-Security-Policy: frame-ancestors``);
- with ``REDIS_URL`` set, its rooms are shared by every Rasa server (python-socketio's
  Redis manager), so an answer reaches the browser from any of them.

Every file comes from this folder: ``static/`` (ours) and ``node_modules/`` (the
pinned socket.io client, installed by ``bot/scripts/setup.sh``). Nothing is
fetched from another site at run time.
"""

from __future__ import annotations

import html
import json
import re
import secrets
import uuid
from pathlib import Path
from string import Template
from typing import Any, Awaitable, Callable, Optional
from urllib.parse import urlsplit

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketIOInput
from sanic import Blueprint, Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.settings import ClinicSettings, load_settings
from bot.shared_memory import redis_url

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
SOCKET_IO_CLIENT = HERE / "node_modules/socket.io-client/dist/socket.io.min.js"
PAGE_PATH = "/chat"

# file name under /chat/ -> (file, content type); nothing else is served
ASSETS = {
    "chat.css": (STATIC / "chat.css", "text/css; charset=utf-8"),
    "chat.js": (STATIC / "chat.js", "text/javascript; charset=utf-8"),
    "socket.io.min.js": (SOCKET_IO_CLIENT, "text/javascript; charset=utf-8"),
}
HEX_COLOUR = re.compile(r"#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})")
BLACK = "#000000"
WHITE = "#ffffff"
MAX_NAME_LENGTH = 80
SESSION_ID = re.compile(r"[A-Za-z0-9_-]{8,64}")  # the sender id a browser may choose


def parse_colour(value: Optional[str]) -> Optional[str]:
    """``#rrggbb`` for a hex colour (3 or 6 digits, ``#`` optional), else None."""
    match = HEX_COLOUR.fullmatch((value or "").strip())
    if not match:
        return None
    digits = match.group(1)
    if len(digits) == 3:
        digits = "".join(digit * 2 for digit in digits)
    return f"#{digits.lower()}"


def relative_luminance(colour: str) -> float:
    """WCAG 2 relative luminance of ``#rrggbb``."""

    def channel(hex_pair: str) -> float:
        value = int(hex_pair, 16) / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(colour[i : i + 2]) for i in (1, 3, 5))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: str, second: str) -> float:
    lighter, darker = sorted(
        (relative_luminance(first), relative_luminance(second)), reverse=True
    )
    return (lighter + 0.05) / (darker + 0.05)


def text_colour_on(background: str) -> str:
    """White or black, whichever reads better on ``background`` (always >= 4.5:1,
    so any clinic colour meets WCAG AA)."""
    if contrast_ratio(WHITE, background) >= contrast_ratio(BLACK, background):
        return WHITE
    return BLACK


def tel_href(number: str) -> str:
    return "tel:" + re.sub(r"[^0-9+*#]", "", number)


class PageSettings:
    """What the page shows: the clinic's settings, with the embed's overrides of the
    name and colour (never of the emergency number)."""

    def __init__(self, clinic: ClinicSettings, query: Optional[dict] = None) -> None:
        query = query or {}
        name = " ".join(str(query.get("name") or "").split())[:MAX_NAME_LENGTH]
        self.clinic_name = name or clinic.clinic_name
        self.colour = (
            parse_colour(query.get("colour"))
            or parse_colour(clinic.chat_colour)
            or ClinicSettings.chat_colour
        )
        self.colour_text = text_colour_on(self.colour)
        self.emergency_number = clinic.emergency_number


class WebChatInput(SocketIOInput):
    """Rasa's socket.io channel, plus the chat page and an origin check."""

    @classmethod
    def name(cls) -> str:
        return "webchat"

    @classmethod
    def from_credentials(cls, credentials: Optional[dict[str, Any]]) -> "WebChatInput":
        credentials = credentials or {}
        return cls(
            credentials.get("user_message_evt", "user_uttered"),
            credentials.get("bot_message_evt", "bot_uttered"),
            credentials.get("namespace"),
            credentials.get("session_persistence", True),
            credentials.get("socketio_path", "/socket.io"),
            credentials.get("jwt_key"),
            credentials.get("jwt_method", "HS256"),
            credentials.get("metadata_key", "metadata"),
        )

    def url_prefix(self) -> str:
        return PAGE_PATH

    def blueprint(
        self, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> Blueprint:
        self.clinic = load_settings()
        self.allowed_origins = self.clinic.origins()
        socket_blueprint = super().blueprint(on_new_message)
        # Rasa's health route ("/") stays at /webhooks/webchat/
        socket_blueprint.url_prefix = "/webhooks/webchat"
        assert self.sio is not None
        self.sio.eio.cors_allowed_origins = self.origin_allowed
        self.share_rooms_through_redis()
        self.sio.on("session_request", self.session_request, namespace=self.namespace)
        pages = PagesBlueprint(socket_blueprint, "webchat_pages", __name__)

        @pages.route("/", methods=["GET"])
        async def page(request: Request) -> HTTPResponse:
            if not request.path.endswith("/"):  # relative asset links need the slash
                query = f"?{request.query_string}" if request.query_string else ""
                return response.redirect(f"{request.path}/{query}")
            return self.render_page(request)

        @pages.route("/embed.js", methods=["GET"])
        async def embed_script(request: Request) -> HTTPResponse:
            return self.render_embed_script()

        @pages.route("/<name:str>", methods=["GET"])
        async def asset(request: Request, name: str) -> HTTPResponse:
            if not name:  # Sanic routes "/chat/" here, "/chat" to page()
                return self.render_page(request)
            if name not in ASSETS or not ASSETS[name][0].is_file():
                return response.text("not found", status=404)
            path, content_type = ASSETS[name]
            return response.raw(
                path.read_bytes(),
                content_type=content_type,
                headers={"X-Content-Type-Options": "nosniff"},
            )

        return pages

    def share_rooms_through_redis(self) -> None:
        """With ``REDIS_URL`` set (several Rasa servers), python-socketio's Redis
        manager carries every answer to the server that holds the browser's
        connection, whichever server handled the message. Set before the first
        connection, when the manager is initialised."""
        url = redis_url()
        if not url:
            return
        import socketio

        manager = socketio.AsyncRedisManager(url, channel="toh-webchat")
        manager.set_server(self.sio)
        self.sio.manager = manager

    async def session_request(self, sid: str, data: Optional[dict]) -> None:
        """Rasa's session_request handler, fixed: python-socketio 5.x made
        ``enter_room`` a coroutine that Rasa 3.6 does not await, so with session
        persistence the bot's answers went to a room that nobody had joined."""
        assert self.sio is not None
        data = data if isinstance(data, dict) else {}
        session_id = data.get("session_id")
        if not isinstance(session_id, str) or not SESSION_ID.fullmatch(session_id):
            session_id = uuid.uuid4().hex
        if self.session_persistence:
            await self.sio.enter_room(sid, session_id, namespace=self.namespace)
        await self.sio.emit(
            "session_confirm", session_id, room=sid, namespace=self.namespace
        )

    def origin_allowed(self, origin: Optional[str], environ: dict) -> bool:
        """The socket.io origin check: the bot's own address or an allowed origin."""
        if not origin:
            return True
        if origin in self.allowed_origins:
            return True
        host = environ.get("HTTP_X_FORWARDED_HOST") or environ.get("HTTP_HOST", "")
        return bool(host) and urlsplit(origin).netloc == host.split(",")[0].strip()

    def security_headers(self, nonce: str) -> dict[str, str]:
        ancestors = " ".join(["'self'", *self.allowed_origins])
        return {
            "Content-Security-Policy": (
                "default-src 'none'; script-src 'self'; "
                f"style-src 'self' 'nonce-{nonce}'; connect-src 'self'; "
                f"img-src 'self'; base-uri 'none'; form-action 'none'; "
                f"frame-ancestors {ancestors}"
            ),
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
            "Cache-Control": "no-store",
        }

    def render_page(self, request: Request) -> HTTPResponse:
        settings = PageSettings(
            self.clinic, {key: request.args.get(key) for key in ("name", "colour")}
        )
        nonce = secrets.token_urlsafe(16)
        values = {
            "clinic_name": settings.clinic_name,
            "emergency_number": settings.emergency_number,
            "tel_href": tel_href(settings.emergency_number),
            "colour": settings.colour,
            "colour_text": settings.colour_text,
            "nonce": nonce,
            "socket_path": self.socketio_path or "/socket.io",
            "embedded": "true" if request.args.get("embed") else "false",
        }
        template = Template((STATIC / "index.html").read_text(encoding="utf-8"))
        page = template.substitute(
            {key: html.escape(value, quote=True) for key, value in values.items()}
        )
        return response.html(page, headers=self.security_headers(nonce))

    def render_embed_script(self) -> HTTPResponse:
        defaults = {
            "clinicName": self.clinic.clinic_name,
            "emergencyNumber": self.clinic.emergency_number,
            "telHref": tel_href(self.clinic.emergency_number),
            "colour": parse_colour(self.clinic.chat_colour)
            or ClinicSettings.chat_colour,
        }
        script = (STATIC / "embed.js").read_text(encoding="utf-8")
        script = script.replace(
            "__CHAT_DEFAULTS__", json.dumps(defaults).replace("<", "\\u003c")
        )
        return response.raw(
            script.encode("utf-8"),
            content_type="text/javascript; charset=utf-8",
            headers={"X-Content-Type-Options": "nosniff", "Cache-Control": "no-cache"},
        )


class PagesBlueprint(Blueprint):
    """The page routes (at /chat/); registering them also registers the socket.io
    blueprint, which attaches the socket.io server to the app."""

    def __init__(self, socket_blueprint: Blueprint, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.ctx.socket_blueprint = socket_blueprint

    def register(self, app: Sanic, options: dict[str, Any]) -> None:
        app.blueprint(self.ctx.socket_blueprint)
        super().register(app, options)
