"""Our connector for Meta's WhatsApp Cloud API.

Webhook: ``GET /webhooks/whatsapp/webhook`` (the verify-token handshake) and
``POST /webhooks/whatsapp/webhook`` (messages, signed with ``X-Hub-Signature-256``).
Replies: ``POST {api}/{version}/{phone_number_id}/messages`` with the access token.

Who wrote: a message names the patient's phone number (``from``) and, since
March 2026, her business-scoped user id (``from_user_id``, e.g.
``US.13491208655302741918``); a patient who has a WhatsApp username and has not
written in 30 days may come with the user id only. The conversation is the phone
number when the webhook gives one, else the user id, and replies go to it (``to``
for a phone number, ``recipient`` for a user id). Only messages to our own phone
number ID (``metadata.phone_number_id``) are answered.
"""

from __future__ import annotations

import logging
import re
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

import aiohttp
from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels import formatting as fmt
from bot.channels.base import NON_TEXT_MESSAGE, MetaWebhook
from bot.channels.settings import api_base, graph_api_version

logger = logging.getLogger(__name__)

PRODUCTION_API = "https://graph.facebook.com"
REQUIRED = ("access_token", "phone_number_id", "app_secret", "verify_token")
# The label of the button that opens a list of options (WhatsApp requires one).
LIST_BUTTON_LABEL = "Options"
URL = re.compile(r"https?://", re.IGNORECASE)
# A business-scoped user id: ISO country code, a period, up to 128 letters and
# digits (a parent id has ".ENT." after the country code). Phone numbers are digits.
USER_ID = re.compile(r"[A-Z]{2}\.(ENT\.)?[A-Za-z0-9]{1,128}")
# Media a patient can send with a caption: the caption is read as her message.
CAPTIONED = ("image", "video", "document")


class WhatsAppOutput(OutputChannel):
    """Sends replies through the WhatsApp Cloud API."""

    @classmethod
    def name(cls) -> Text:
        return "whatsapp"

    def __init__(self, settings: Dict[str, str], options: fmt.OptionMemory) -> None:
        base = api_base("WHATSAPP_API_BASE", PRODUCTION_API)
        version = graph_api_version(settings)
        self.url = f"{base}/{version}/{settings['phone_number_id']}/messages"
        self.access_token = settings["access_token"]
        self.options = options

    async def _post(self, recipient_id: Text, kind: str, content: Dict) -> None:
        # a phone number goes in "to", a business-scoped user id in "recipient"
        address = "recipient" if USER_ID.fullmatch(recipient_id) else "to"
        payload = {
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            address: recipient_id,
            "type": kind,
            kind: content,
        }
        headers = {"Authorization": f"Bearer {self.access_token}"}
        try:
            async with aiohttp.ClientSession() as session:
                async with session.post(
                    self.url, json=payload, headers=headers, timeout=30
                ) as reply:
                    if reply.status >= 400:
                        logger.error(
                            "WhatsApp API error %s: %s",
                            reply.status,
                            await reply.text(),
                        )
        except aiohttp.ClientError as error:
            logger.error("WhatsApp API not reachable: %s", error)

    async def _send_texts(self, recipient_id: Text, messages: List[str]) -> None:
        for message in messages:
            await self._post(
                recipient_id,
                "text",
                {"body": message, "preview_url": bool(URL.search(message))},
            )

    async def send_text_message(
        self, recipient_id: Text, text: Text, **kwargs: Any
    ) -> None:
        await self._send_texts(
            recipient_id, fmt.split_text(text, fmt.WHATSAPP_TEXT_LIMIT)
        )

    async def send_image_url(
        self, recipient_id: Text, image: Text, **kwargs: Any
    ) -> None:
        await self._post(recipient_id, "image", {"link": image})

    async def send_text_with_buttons(
        self,
        recipient_id: Text,
        text: Text,
        buttons: List[Dict[Text, Any]],
        **kwargs: Any,
    ) -> None:
        """Up to 3 buttons: reply buttons; up to 10: a list; more: numbered lines."""
        if len(buttons) > fmt.WHATSAPP_MAX_LIST_ROWS:
            await self.options.remember(recipient_id, buttons)
            await self._send_texts(
                recipient_id,
                fmt.with_numbered_options(text, buttons, fmt.WHATSAPP_TEXT_LIMIT),
            )
            return
        before, body = fmt.split_for_body(
            text, fmt.WHATSAPP_TEXT_LIMIT, fmt.WHATSAPP_BODY_LIMIT
        )
        await self._send_texts(recipient_id, before)
        if len(buttons) <= fmt.WHATSAPP_MAX_BUTTONS:
            ids = await self._reply_ids(
                recipient_id, buttons, fmt.WHATSAPP_BUTTON_ID_LIMIT
            )
            action: Dict[str, Any] = {
                "buttons": [
                    {
                        "type": "reply",
                        "reply": {
                            "id": reply_id,
                            "title": fmt.shorten(
                                button.get("title", ""), fmt.WHATSAPP_BUTTON_TITLE_LIMIT
                            ),
                        },
                    }
                    for reply_id, button in zip(ids, buttons)
                ]
            }
            kind = "button"
        else:
            ids = await self._reply_ids(
                recipient_id, buttons, fmt.WHATSAPP_ROW_ID_LIMIT
            )
            rows = []
            for reply_id, button in zip(ids, buttons):
                title = str(button.get("title", ""))
                row = {
                    "id": reply_id,
                    "title": fmt.shorten(title, fmt.WHATSAPP_ROW_TITLE_LIMIT),
                }
                if row["title"] != title:
                    row["description"] = fmt.shorten(
                        title, fmt.WHATSAPP_ROW_DESCRIPTION_LIMIT
                    )
                rows.append(row)
            action = {"button": LIST_BUTTON_LABEL, "sections": [{"rows": rows}]}
            kind = "list"
        await self._post(
            recipient_id,
            "interactive",
            {"type": kind, "body": {"text": body}, "action": action},
        )

    async def _reply_ids(
        self, recipient_id: Text, buttons: List[Dict], limit: int
    ) -> List[str]:
        """The payload is the id; option numbers when a payload is too long."""
        payloads = [
            str(button.get("payload", button.get("title", ""))) for button in buttons
        ]
        if all(0 < len(p) <= limit for p in payloads):
            return payloads
        await self.options.remember(recipient_id, buttons)
        return [str(number) for number in range(1, len(buttons) + 1)]


class WhatsAppInput(MetaWebhook, InputChannel):
    """Receives WhatsApp Cloud API webhooks."""

    title = "WhatsApp"
    input_channel_name = "whatsapp"
    required_settings = REQUIRED

    @classmethod
    def name(cls) -> Text:
        return "whatsapp"

    def __init__(self, settings: Optional[Dict[str, str]]) -> None:
        self._init_messaging(settings)

    @property
    def app_secret(self) -> str:
        return self.settings["app_secret"]

    @property
    def verify_token(self) -> str:
        return self.settings["verify_token"]

    def for_our_number(self, value: Dict[str, Any]) -> bool:
        """Whether a change is for our phone number ID. A WhatsApp Business
        account can have several numbers; we answer only from ours."""
        number = (value.get("metadata") or {}).get("phone_number_id")
        if str(number) == self.settings["phone_number_id"]:
            return True
        if value.get("messages"):
            logger.info("WhatsApp: messages for another phone number ID ignored")
        return False

    def get_output_channel(self) -> Optional[OutputChannel]:
        if self.settings is None:
            return None
        return WhatsAppOutput(self.settings, self.options)

    @staticmethod
    def sender(message: Dict[str, Any]) -> Optional[str]:
        """The patient's phone number, else her business-scoped user id."""
        return message.get("from") or message.get("from_user_id")

    @staticmethod
    def message_text(message: Dict[str, Any]) -> Optional[str]:
        """What the patient sent, as text for the bot; None for what needs no
        answer (reactions, system notices)."""
        kind = message.get("type")
        if kind == "text":
            return message.get("text", {}).get("body", "")
        if kind in CAPTIONED and (message.get(kind, {}).get("caption") or "").strip():
            return message[kind]["caption"]  # a photo with a question: the question
        if kind == "interactive":
            interactive = message.get("interactive", {})
            reply = interactive.get("button_reply") or interactive.get("list_reply")
            return (reply or {}).get("id") or (reply or {}).get("title")
        if kind == "button":  # a quick-reply button of a template message
            button = message.get("button", {})
            return button.get("payload") or button.get("text")
        if kind in ("reaction", "system", "ephemeral"):
            return None
        return NON_TEXT_MESSAGE  # audio (voice notes), image, video, sticker ...

    def blueprint(
        self, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> Blueprint:
        webhook = self.webhook_blueprint("whatsapp_webhook")
        self.add_verify_route(webhook)

        @webhook.route("/webhook", methods=["POST"])
        @self.authenticated
        async def receive(request: Request) -> HTTPResponse:
            output = self.get_output_channel()
            metadata = self.get_metadata(request)
            for entry in (request.json or {}).get("entry", []):
                for change in entry.get("changes", []):
                    value = change.get("value", {})
                    if not self.for_our_number(value):
                        continue
                    # "statuses" (sent, delivered, read, failed) need no answer
                    for message in value.get("messages", []):
                        text, sender = self.message_text(message), self.sender(message)
                        if text is None or not sender:
                            continue
                        await self.deliver(
                            on_new_message,
                            output,
                            sender,
                            text,
                            message.get("id"),
                            metadata,
                        )
            return response.text("ok")

        return webhook
