"""How the tests talk to each platform's webhook and read the replies the bot sent
to the platform's stand-in API. One driver per platform, the same questions."""

from __future__ import annotations

import hashlib
import hmac
import json
import random
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any, Optional

from twilio.request_validator import RequestValidator

from bot.channels.settings import GRAPH_API_VERSION
from tests.channels import conftest as settings
from tests.channels.fakes import FakePlatform


@dataclass
class Reply:
    text: str
    buttons: list[str]  # titles as shown
    ids: list[str]  # what a press sends back (payload, or option number)
    raw: dict


def post(
    url: str,
    body: bytes,
    headers: dict,
    method: str = "POST",
    response_headers: Optional[dict] = None,
) -> tuple[int, str]:
    """Status and body of the answer; its headers (names in lower case) go into
    ``response_headers``."""
    request = urllib.request.Request(url, data=body, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            answer = response
            status, text = response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        answer = error
        status, text = error.code, error.read().decode("utf-8")
    if response_headers is not None:
        response_headers.update((k.lower(), v) for k, v in answer.headers.items())
    return status, text


def hub_signature(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


class Driver:
    name = ""
    limit = 0
    signed_header = ""

    def __init__(self, rasa_url: str, fake: FakePlatform) -> None:
        self.rasa_url = rasa_url
        self.fake = fake

    @property
    def webhook(self) -> str:
        return f"{self.rasa_url}/webhooks/{self.name}/webhook"

    def new_sender(self) -> str:
        raise NotImplementedError

    def new_id(self) -> str:
        return f"{self.name}-{time.time_ns()}-{random.randint(0, 10**6)}"

    # payloads in the platform's shape
    def text(self, sender: str, text: str, message_id: str) -> Any:
        raise NotImplementedError

    def press(self, sender: str, reply: Reply, index: int, message_id: str) -> Any:
        raise NotImplementedError

    def voice_note(self, sender: str, message_id: str) -> Any:
        raise NotImplementedError

    def deliver(self, payload: Any, signature: Optional[str] = "valid") -> int:
        """Posts a webhook delivery; signature "valid", "wrong" or None (missing)."""
        raise NotImplementedError

    def replies(self, sender: str) -> list[Reply]:
        raise NotImplementedError

    def say(self, sender: str, text: str) -> list[Reply]:
        """Sends a text message and returns the replies it got."""
        before = len(self.replies(sender))
        status = self.deliver(self.text(sender, text, self.new_id()))
        assert status == 200, status
        return self.replies(sender)[before:]


class WhatsAppDriver(Driver):
    name = "whatsapp"
    limit = 4096
    phone_number_id = settings.WHATSAPP["WHATSAPP_PHONE_NUMBER_ID"]

    def new_sender(self) -> str:
        return f"4477009{random.randint(10**5, 10**6 - 1)}"

    def new_user_id(self) -> str:
        """A patient who hides her phone number: a business-scoped user id only."""
        return f"GB.{random.randint(10**17, 10**18 - 1)}"

    @staticmethod
    def user_id_of(phone: str) -> str:
        """The business-scoped user id the webhook gives with a phone number."""
        return f"GB.{int(hashlib.sha256(phone.encode()).hexdigest()[:15], 16)}"

    def _metadata(self) -> dict:
        return {
            "display_phone_number": "15550783881",
            "phone_number_id": self.phone_number_id,
        }

    def _change(self, value: dict) -> dict:
        change = {"field": "messages", "value": value}
        return {
            "object": "whatsapp_business_account",
            "entry": [{"id": "102290129340398", "changes": [change]}],
        }

    def _envelope(self, message: dict) -> dict:
        contact = {"profile": {"name": "Anna"}, "user_id": message["from_user_id"]}
        if "from" in message:  # omitted when the patient hides her number
            contact["wa_id"] = message["from"]
        return self._change(
            {
                "messaging_product": "whatsapp",
                "metadata": self._metadata(),
                "contacts": [contact],
                "messages": [message],
            }
        )

    def message(self, sender: str, message_id: str, kind: str, content: dict):
        """A message as Meta's webhook gives it since March 2026: the phone number
        (``from``) and the business-scoped user id (``from_user_id``), or only the
        user id when ``sender`` is one."""
        if sender.isdigit():
            identity = {"from": sender, "from_user_id": self.user_id_of(sender)}
        else:
            identity = {"from_user_id": sender}
        return self._envelope(
            {
                **identity,
                "id": f"wamid.{message_id}",
                "timestamp": str(int(time.time())),
                "type": kind,
                kind: content,
            }
        )

    def status(self, sender: str, message_id: str, status: str = "delivered"):
        """WhatsApp tells the bot that a reply was delivered (or sent, read ...)."""
        return self._change(
            {
                "messaging_product": "whatsapp",
                "metadata": self._metadata(),
                "statuses": [
                    {
                        "id": f"wamid.{message_id}",
                        "status": status,
                        "timestamp": str(int(time.time())),
                        "recipient_id": sender,
                        "recipient_user_id": self.user_id_of(sender),
                        "pricing": {
                            "billable": False,
                            "pricing_model": "PMP",
                            "type": "free_customer_service",
                            "category": "service",
                        },
                    }
                ],
            }
        )

    def text(self, sender, text, message_id):
        return self.message(sender, message_id, "text", {"body": text})

    def press(self, sender, reply, index, message_id):
        kind = (
            "button_reply"
            if reply.raw["interactive"]["type"] == "button"
            else "list_reply"
        )
        return self.message(
            sender,
            message_id,
            "interactive",
            {
                "type": kind,
                kind: {"id": reply.ids[index], "title": reply.buttons[index]},
            },
        )

    def voice_note(self, sender, message_id):
        return self.message(
            sender,
            message_id,
            "audio",
            {"id": "1084592", "mime_type": "audio/ogg; codecs=opus", "voice": True},
        )

    def deliver(self, payload, signature="valid"):
        body = json.dumps(payload).encode()
        headers = {"Content-Type": "application/json"}
        if signature == "valid":
            secret = settings.WHATSAPP["WHATSAPP_APP_SECRET"]
            headers["X-Hub-Signature-256"] = hub_signature(secret, body)
        elif signature == "wrong":
            headers["X-Hub-Signature-256"] = hub_signature("not-the-secret", body)
        return post(self.webhook, body, headers)[0]

    def replies(self, sender):
        found = []
        for request in self.fake.requests:
            body = request.body or {}
            if sender not in (body.get("to"), body.get("recipient")):
                continue
            # a phone number in "to", a business-scoped user id in "recipient"
            assert ("to" in body) != ("recipient" in body), body
            assert str(body.get("to", "0")).isdigit(), body
            assert (
                request.route == f"/{GRAPH_API_VERSION}/{self.phone_number_id}/messages"
            )
            assert request.headers["Authorization"] == (
                "Bearer " + settings.WHATSAPP["WHATSAPP_ACCESS_TOKEN"]
            )
            assert body["messaging_product"] == "whatsapp"
            if body["type"] == "text":
                found.append(Reply(body["text"]["body"], [], [], body))
                continue
            interactive = body["interactive"]
            action = interactive["action"]
            if interactive["type"] == "button":
                choices = [b["reply"] for b in action["buttons"]]
            else:
                choices = [row for s in action["sections"] for row in s["rows"]]
            found.append(
                Reply(
                    interactive["body"]["text"],
                    [c["title"] for c in choices],
                    [c["id"] for c in choices],
                    body,
                )
            )
        return found


class MessengerDriver(Driver):
    name = "facebook"
    limit = 2000

    def new_sender(self) -> str:
        return str(random.randint(10**15, 10**16 - 1))

    def _event(self, sender: str, content: dict) -> dict:
        return {
            "object": "page",
            "entry": [
                {
                    "id": "PAGE_ID",
                    "time": int(time.time() * 1000),
                    "messaging": [
                        {
                            "sender": {"id": sender},
                            "recipient": {"id": "PAGE_ID"},
                            "timestamp": int(time.time() * 1000),
                            **content,
                        }
                    ],
                }
            ],
        }

    def text(self, sender, text, message_id):
        return self._event(
            sender, {"message": {"mid": f"m_{message_id}", "text": text}}
        )

    def press(self, sender, reply, index, message_id):
        message = {
            "mid": f"m_{message_id}",
            "text": reply.buttons[index],
            "quick_reply": {"payload": reply.ids[index]},
        }
        return self._event(sender, {"message": message})

    def voice_note(self, sender, message_id):
        audio = {
            "type": "audio",
            "payload": {"url": "https://cdn.fbsbx.com/v/audio.mp4"},
        }
        return self._event(
            sender, {"message": {"mid": f"m_{message_id}", "attachments": [audio]}}
        )

    def deliver(self, payload, signature="valid"):
        body = json.dumps(payload).encode()
        headers = {"Content-Type": "application/json"}
        if signature == "valid":
            secret = settings.MESSENGER["MESSENGER_APP_SECRET"]
            headers["X-Hub-Signature-256"] = hub_signature(secret, body)
        elif signature == "wrong":
            headers["X-Hub-Signature-256"] = hub_signature("not-the-secret", body)
        return post(self.webhook, body, headers)[0]

    def replies(self, sender):
        found = []
        for request in self.fake.requests:
            body = request.body or {}
            if body.get("recipient", {}).get("id") != sender or "message" not in body:
                continue
            assert request.route == f"/{GRAPH_API_VERSION}/me/messages"
            query = urllib.parse.parse_qs(urllib.parse.urlparse(request.path).query)
            assert query["access_token"] == [
                settings.MESSENGER["MESSENGER_PAGE_ACCESS_TOKEN"]
            ]
            message = body["message"]
            quick = message.get("quick_replies", [])
            found.append(
                Reply(
                    message.get("text", ""),
                    [q["title"] for q in quick],
                    [q["payload"] for q in quick],
                    body,
                )
            )
        return found


class TelegramDriver(Driver):
    name = "telegram"
    limit = 4096

    def new_sender(self) -> str:
        return str(random.randint(10**8, 10**9 - 1))

    def _update(self, message_id: str, content: dict) -> dict:
        return {"update_id": abs(hash(message_id)) % 10**9, **content}

    def _message(self, sender: str, extra: dict) -> dict:
        user = {"id": int(sender), "is_bot": False, "first_name": "Anna"}
        return {
            "message_id": random.randint(1, 10**6),
            "from": user,
            "chat": {"id": int(sender), "first_name": "Anna", "type": "private"},
            "date": int(time.time()),
            **extra,
        }

    def text(self, sender, text, message_id):
        return self._update(
            message_id, {"message": self._message(sender, {"text": text})}
        )

    def photo(self, sender, caption, message_id):
        photo = [
            {
                "file_id": "AgACAgQAAxk",
                "file_unique_id": "AQAD",
                "width": 90,
                "height": 67,
                "file_size": 1254,
            },
        ]
        return self._update(
            message_id,
            {"message": self._message(sender, {"photo": photo, "caption": caption})},
        )

    def edited(self, sender, text, message_id):
        """The patient edited a message she sent before (``edited_message``)."""
        message = self._message(sender, {"text": text, "edit_date": int(time.time())})
        return self._update(message_id, {"edited_message": message})

    def press(self, sender, reply, index, message_id):
        query = {
            "id": str(random.randint(10**15, 10**16)),
            "from": {"id": int(sender), "is_bot": False, "first_name": "Anna"},
            "message": self._message(sender, {"text": reply.text}),
            "chat_instance": "-51234",
            "data": reply.ids[index],
        }
        return self._update(message_id, {"callback_query": query})

    def voice_note(self, sender, message_id):
        voice = {
            "duration": 3,
            "mime_type": "audio/ogg",
            "file_id": "AwACAgQAAxkBAAIBM2",
            "file_unique_id": "AgADyw",
            "file_size": 8000,
        }
        return self._update(
            message_id, {"message": self._message(sender, {"voice": voice})}
        )

    def deliver(self, payload, signature="valid"):
        headers = {"Content-Type": "application/json"}
        if signature == "valid":
            secret = settings.TELEGRAM["TELEGRAM_SECRET_TOKEN"]
            headers["X-Telegram-Bot-Api-Secret-Token"] = secret
        elif signature == "wrong":
            headers["X-Telegram-Bot-Api-Secret-Token"] = "not-the-secret"
        return post(self.webhook, json.dumps(payload).encode(), headers)[0]

    def replies(self, sender):
        found = []
        token = settings.TELEGRAM["TELEGRAM_TOKEN"]
        for request in self.fake.requests:
            body = request.body or {}
            if request.route != f"/bot{token}/sendMessage":
                continue
            if str(body.get("chat_id")) != sender:
                continue
            markup = json.loads(body.get("reply_markup") or "{}")
            keys = [k for row in markup.get("inline_keyboard", []) for k in row]
            found.append(
                Reply(
                    body["text"],
                    [k["text"] for k in keys],
                    [k["callback_data"] for k in keys],
                    body,
                )
            )
        return found


class TwilioDriver(Driver):
    name = "twilio"
    limit = 1600

    def new_sender(self) -> str:
        return f"whatsapp:+4477009{random.randint(10**5, 10**6 - 1)}"

    def _form(self, sender: str, message_id: str, fields: dict) -> dict:
        return {
            "SmsMessageSid": f"SM{message_id}",
            "NumMedia": "0",
            "ProfileName": "Anna",
            "SmsSid": f"SM{message_id}",
            "WaId": sender.split("+")[-1],
            "SmsStatus": "received",
            "To": settings.TWILIO["TWILIO_WHATSAPP_NUMBER"],
            "NumSegments": "1",
            "MessageSid": f"SM{message_id}",
            "AccountSid": settings.TWILIO["TWILIO_ACCOUNT_SID"],
            "From": sender,
            "ApiVersion": "2010-04-01",
            "Body": "",
            **fields,
        }

    def text(self, sender, text, message_id):
        return self._form(sender, message_id, {"Body": text})

    def press(self, sender, reply, index, message_id):
        return self._form(sender, message_id, {"Body": reply.ids[index]})

    def photo(self, sender, caption, message_id):
        return self._form(
            sender,
            message_id,
            {
                "Body": caption,
                "NumMedia": "1",
                "MediaContentType0": "image/jpeg",
                "MediaUrl0": "https://api.twilio.com/2010-04-01/Accounts/AC0/Media/ME2",
            },
        )

    def voice_note(self, sender, message_id):
        return self._form(
            sender,
            message_id,
            {
                "NumMedia": "1",
                "MediaContentType0": "audio/ogg",
                "MediaUrl0": "https://api.twilio.com/2010-04-01/Accounts/AC0/Media/ME1",
            },
        )

    def deliver(self, payload, signature="valid"):
        body = urllib.parse.urlencode(payload).encode()
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        validator = RequestValidator(settings.TWILIO["TWILIO_AUTH_TOKEN"])
        if signature == "valid":
            headers["X-Twilio-Signature"] = validator.compute_signature(
                self.webhook, payload
            )
        elif signature == "wrong":
            headers["X-Twilio-Signature"] = RequestValidator(
                "not-the-token"
            ).compute_signature(self.webhook, payload)
        self.last_headers: dict = {}
        status, self.last_body = post(
            self.webhook, body, headers, response_headers=self.last_headers
        )
        return status

    def replies(self, sender):
        found = []
        sid = settings.TWILIO["TWILIO_ACCOUNT_SID"]
        for request in self.fake.requests:
            body = request.body or {}
            if body.get("To") != sender:
                continue
            assert request.route == f"/2010-04-01/Accounts/{sid}/Messages.json"
            assert body["From"] == settings.TWILIO["TWILIO_WHATSAPP_NUMBER"]
            lines = body["Body"].splitlines()
            options = [line.split(". ", 1) for line in lines if line[:1].isdigit()]
            found.append(
                Reply(
                    body["Body"],
                    [title for _, title in options],
                    [number for number, _ in options],
                    body,
                )
            )
        return found
