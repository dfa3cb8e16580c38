"""Facebook Messenger: Rasa's built-in connector, extended.

Added: ``X-Hub-Signature-256`` (the built-in checks only the old sha1 header), the
``hub.mode`` of the verify handshake, duplicate deliveries, non-text messages,
quick replies for buttons (up to 13), answers split at 2000 characters, and the
Graph API version as a setting (``MESSENGER_API_VERSION``): the fbmessenger library
Rasa uses sends to v2.12, which Meta retired on 5 May 2020. Errors the Send API
answers with are logged (the library returns them without raising).
"""

from __future__ import annotations

import asyncio
import logging
import re
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

import requests
from fbmessenger import MessengerClient
from fbmessenger.elements import Text as FBText
from fbmessenger.sender_actions import SenderAction
from rasa.core.channels.channel import OutputChannel, UserMessage
from rasa.core.channels.facebook import FacebookInput, Messenger, MessengerBot
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels import formatting as fmt
from bot.channels.base import NON_TEXT_MESSAGE, MetaWebhook
from bot.channels.settings import api_base, graph_api_version

logger = logging.getLogger(__name__)

PRODUCTION_API = "https://graph.facebook.com"
REQUIRED = ("verify", "secret", "page-access-token")
SECRET_PARAMETER = re.compile(r"(access_token|appsecret_proof)=[^&\s)'\"]+")


def messenger_client(page_access_token: str, version: str) -> MessengerClient:
    """The library's client, sending to the Graph API ``version`` (``v26.0``)."""
    client = MessengerClient(page_access_token, api_version=version.lstrip("v"))
    # the library's address has its own default version; only the tests change
    # the host
    client.graph_url = f"{api_base('FACEBOOK_API_BASE', PRODUCTION_API)}/{version}"
    return client


def not_reachable(error: requests.RequestException) -> None:
    """Logs a failed call without the page access token, which the library puts in
    the URL's query (and requests in its error message)."""
    logger.error(
        "Messenger API not reachable: %s",
        SECRET_PARAMETER.sub(r"\1=[hidden]", str(error)),
    )


def log_api_error(answer: Any) -> None:
    """The Send API answers an error as JSON; the library does not raise it."""
    if isinstance(answer, dict) and isinstance(answer.get("error"), dict):
        error = answer["error"]
        logger.error(
            "Messenger API error %s: %s", error.get("code"), error.get("message")
        )


class MessengerOutput(MessengerBot):
    """Sends replies through the Messenger Send API."""

    def __init__(self, client: MessengerClient, options: fmt.OptionMemory) -> None:
        super().__init__(client)
        self.options = options

    async def _send(self, recipient_id: Text, message: Dict[str, Any]) -> None:
        """The library's client is synchronous: it runs in a thread, so the
        server goes on answering other patients meanwhile."""
        try:
            log_api_error(
                await asyncio.to_thread(
                    self.messenger_client.send, message, recipient_id, "RESPONSE"
                )
            )
        except requests.RequestException as error:
            not_reachable(error)

    async def send_action(self, recipient_id: Text, sender_action: Text) -> None:
        try:
            log_api_error(
                await asyncio.to_thread(
                    self.messenger_client.send_action,
                    SenderAction(sender_action).to_dict(),
                    recipient_id,
                )
            )
        except requests.RequestException as error:
            not_reachable(error)

    async def send_text_message(
        self, recipient_id: Text, text: Text, **kwargs: Any
    ) -> None:
        for message in fmt.split_text(text, fmt.MESSENGER_TEXT_LIMIT):
            await self._send(recipient_id, FBText(text=message).to_dict())

    async def send_text_with_buttons(
        self,
        recipient_id: Text,
        text: Text,
        buttons: List[Dict[Text, Any]],
        **kwargs: Any,
    ) -> None:
        """Buttons become quick replies (up to 13), else numbered lines."""
        if len(buttons) > fmt.MESSENGER_MAX_QUICK_REPLIES:
            await self.options.remember(recipient_id, buttons)
            for message in fmt.with_numbered_options(
                text, buttons, fmt.MESSENGER_TEXT_LIMIT
            ):
                await self._send(recipient_id, FBText(text=message).to_dict())
            return
        *before, last = fmt.split_text(text, fmt.MESSENGER_TEXT_LIMIT) or [""]
        for message in before:
            await self._send(recipient_id, FBText(text=message).to_dict())
        payloads = [str(b.get("payload", b.get("title", ""))) for b in buttons]
        if not all(0 < len(p) <= fmt.MESSENGER_PAYLOAD_LIMIT for p in payloads):
            await self.options.remember(recipient_id, buttons)
            payloads = [str(n) for n in range(1, len(buttons) + 1)]
        quick_replies = [
            {
                "content_type": "text",
                "title": fmt.shorten(
                    button.get("title", ""), fmt.MESSENGER_QUICK_REPLY_TITLE_LIMIT
                ),
                "payload": payload,
            }
            for payload, button in zip(payloads, buttons)
        ]
        await self._send(recipient_id, {"text": last, "quick_replies": quick_replies})

    async def send_quick_replies(
        self,
        recipient_id: Text,
        text: Text,
        quick_replies: List[Dict[Text, Any]],
        **kwargs: Any,
    ) -> None:
        await self.send_text_with_buttons(recipient_id, text, quick_replies)


class MessengerMessages(Messenger):
    """Reads every message of a delivery; non-text messages become one intent."""

    def __init__(self, channel: "FacebookMessengerInput", on_new_message) -> None:
        self.on_new_message = on_new_message
        self.client = channel.client
        self.channel = channel
        self.last_message: Dict[Text, Any] = {}

    @staticmethod
    def event_text(event: Dict[str, Any]) -> Optional[str]:
        if event.get("postback"):
            return event["postback"].get("payload") or event["postback"].get("title")
        message = event.get("message") or {}
        if not message or message.get("is_echo"):
            return None
        if message.get("quick_reply", {}).get("payload"):
            return message["quick_reply"]["payload"]
        if message.get("text"):
            return message["text"]
        if message.get("attachments") or message.get("sticker_id"):
            return NON_TEXT_MESSAGE  # audio, image, video, file, location, sticker
        return None

    @staticmethod
    def event_id(event: Dict[str, Any]) -> Optional[str]:
        return (event.get("message") or event.get("postback") or {}).get("mid")

    async def handle(self, payload: Dict, metadata: Optional[Dict[Text, Any]]) -> None:
        for entry in payload.get("entry", []):
            for event in entry.get("messaging", []):
                text = self.event_text(event)
                sender = event.get("sender", {}).get("id")
                if text is None or not sender:
                    continue
                self.last_message = event
                if not await self.channel.first_delivery(self.event_id(event)):
                    continue
                output = MessengerOutput(self.client, self.channel.options)
                await output.send_action(sender, sender_action="mark_seen")
                await output.send_action(sender, sender_action="typing_on")
                try:
                    await self.channel.pass_on(
                        self.on_new_message, output, sender, text, metadata
                    )
                except Exception:
                    # not handled: Messenger's next try must be answered
                    await self.channel.recent_ids.forget(self.event_id(event))
                    raise
                finally:
                    await output.send_action(sender, sender_action="typing_off")


class FacebookMessengerInput(MetaWebhook, FacebookInput):
    """Receives Messenger webhooks (``/webhooks/facebook/webhook``)."""

    title = "Messenger"
    input_channel_name = "facebook"
    required_settings = REQUIRED

    def __init__(self, settings: Optional[Dict[str, str]]) -> None:
        values = settings or {}
        super().__init__(
            values.get("verify", ""),
            values.get("secret", ""),
            values.get("page-access-token", ""),
        )
        self._init_messaging(settings)
        self.client = messenger_client(self.fb_access_token, graph_api_version(values))

    @property
    def app_secret(self) -> str:
        return self.fb_secret

    @property
    def verify_token(self) -> str:
        return self.fb_verify

    def get_output_channel(self) -> OutputChannel:
        return MessengerOutput(self.client, self.options)

    def blueprint(
        self, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> Blueprint:
        webhook = self.webhook_blueprint("fb_webhook")
        self.add_verify_route(webhook)

        @webhook.route("/webhook", methods=["POST"])
        @self.authenticated
        async def receive(request: Request) -> HTTPResponse:
            messages = MessengerMessages(self, on_new_message)
            await messages.handle(request.json or {}, self.get_metadata(request))
            return response.text("success")

        return webhook
