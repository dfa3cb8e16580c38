"""Our connector for Meta's WhatsApp Cloud API.

Webhook: ``GET /webhooks/whatsapp/webhook`` (the verify-token handshake) and
``POST /webhooks/whatsapp/webhook`` (messages, signed with ``X-Hub-Signature-256``).
Replies: ``POST {api}/{version}/{phone_number_id}/messages`` with the access token.
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
        payload = {
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": recipient_id,
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
            self.options.remember(recipient_id, buttons)
            await self._send_texts(
                recipient_id,
                fmt.with_numbered_options(text, buttons, fmt.WHATSAPP_TEXT_LIMIT),
            )
            return
        before, body = fmt.split_for_body(
            text, fmt.WHATSAPP_TEXT_LIMIT, fmt.WHATSAPP_BODY_LIMIT
        )
        await self._send_texts(recipient_id, before)
        ids = self._reply_ids(recipient_id, buttons)
        if len(buttons) <= fmt.WHATSAPP_MAX_BUTTONS:
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

    def _reply_ids(self, recipient_id: Text, buttons: List[Dict]) -> List[str]:
        """The payload is the id; an option number when a payload is too long."""
        payloads = [
            str(button.get("payload", button.get("title", ""))) for button in buttons
        ]
        if all(0 < len(p) <= fmt.WHATSAPP_REPLY_ID_LIMIT for p in payloads):
            return payloads
        self.options.remember(recipient_id, buttons)
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

    def get_output_channel(self) -> Optional[OutputChannel]:
        if self.settings is None:
            return None
        return WhatsAppOutput(self.settings, self.options)

    @staticmethod
    def message_text(message: Dict[str, Any]) -> Optional[str]:
        """What the patient sent, as text for the bot; None for what needs no
        answer (reactions, system notices)."""
        kind = message.get("type")
        if kind == "text":
            return message.get("text", {}).get("body", "")
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
                    for message in value.get("messages", []):
                        text = self.message_text(message)
                        if text is None or not message.get("from"):
                            continue
                        await self.deliver(
                            on_new_message,
                            output,
                            message["from"],
                            text,
                            message.get("id"),
                            metadata,
                        )
            return response.text("ok")

        return webhook
