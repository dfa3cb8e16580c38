"""WhatsApp through Twilio: Rasa's built-in Twilio connector, extended.

Added: the ``X-Twilio-Signature`` check (the built-in checks nothing), duplicate
deliveries (``MessageSid``), non-text messages, answers split at 1600 characters,
and buttons as numbered options: Twilio WhatsApp messages have no buttons, so the
patient answers "1", "2" ... and the number is mapped back to the button's payload.
Every delivery, a repeated one too, is acknowledged with empty TwiML.
"""

from __future__ import annotations

import asyncio
import logging
import urllib.parse
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.twilio import TwilioInput, TwilioOutput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from twilio.base.exceptions import TwilioException
from twilio.http.http_client import TwilioHttpClient
from twilio.request_validator import RequestValidator

from bot.channels import formatting as fmt
from bot.channels.base import NON_TEXT_MESSAGE, MessagingInput
from bot.channels.settings import api_base

logger = logging.getLogger(__name__)

PRODUCTION_API = "https://api.twilio.com"
REQUIRED = ("account_sid", "auth_token", "twilio_number")
SIGNATURE_HEADER = "X-Twilio-Signature"
# Twilio, Messaging Webhooks: to receive a message "and not send a reply message
# back to the user ... simply send the following TwiML in your response".
EMPTY_TWIML = "<Response></Response>"


def twiml_acknowledgement() -> HTTPResponse:
    """Twilio's webhook expects TwiML back; an empty ``<Response>`` sends no
    reply (the bot's answers go through the Messages API)."""
    return response.text(EMPTY_TWIML, content_type="text/xml")


class ApiBaseHttpClient(TwilioHttpClient):
    """Twilio's HTTP client, sending to TWILIO_API_BASE when the tests set it."""

    def request(self, method: str, url: str, *args: Any, **kwargs: Any):
        base = api_base("TWILIO_API_BASE", PRODUCTION_API)
        if base != PRODUCTION_API and url.startswith(PRODUCTION_API):
            url = base + url[len(PRODUCTION_API) :]
        return super().request(method, url, *args, **kwargs)


class TwilioReplies(TwilioOutput):
    """Sends replies through Twilio's Messages API."""

    def __init__(
        self, account_sid: Text, auth_token: Text, number: Text, options
    ) -> None:
        super().__init__(account_sid, auth_token, number)
        self.http_client = ApiBaseHttpClient()
        self.options = options

    async def _send_message(self, message_data: Dict[str, Any]) -> Any:
        """The Twilio client is synchronous: it runs in a thread, so the server
        goes on answering other patients meanwhile."""
        try:
            return await asyncio.to_thread(self.messages.create, **message_data)
        except (TwilioException, OSError) as error:
            logger.error("Twilio API error: %s", error)
            return None

    async def _send_texts(self, recipient_id: Text, messages: List[str]) -> None:
        for message in messages:
            await self._send_message(
                {"to": recipient_id, "from_": self.twilio_number, "body": message}
            )

    async def send_text_message(
        self, recipient_id: Text, text: Text, **kwargs: Any
    ) -> None:
        await self._send_texts(
            recipient_id, fmt.split_text(text, fmt.TWILIO_TEXT_LIMIT)
        )

    async def send_text_with_buttons(
        self,
        recipient_id: Text,
        text: Text,
        buttons: List[Dict[Text, Any]],
        **kwargs: Any,
    ) -> None:
        await self.options.remember(recipient_id, buttons)
        await self._send_texts(
            recipient_id,
            fmt.with_numbered_options(text, buttons, fmt.TWILIO_TEXT_LIMIT),
        )

    async def send_quick_replies(
        self,
        recipient_id: Text,
        text: Text,
        quick_replies: List[Dict[Text, Any]],
        **kwargs: Any,
    ) -> None:
        await self.send_text_with_buttons(recipient_id, text, quick_replies)


class TwilioWhatsAppInput(MessagingInput, TwilioInput):
    """Receives Twilio webhooks (``/webhooks/twilio/webhook``)."""

    title = "Twilio"
    input_channel_name = "twilio"
    required_settings = REQUIRED
    signature_header = SIGNATURE_HEADER

    def __init__(self, settings: Optional[Dict[str, str]]) -> None:
        values = settings or {}
        super().__init__(
            values.get("account_sid"),
            values.get("auth_token"),
            values.get("twilio_number"),
        )
        self._init_messaging(settings)

    def get_output_channel(self) -> TwilioReplies:
        return TwilioReplies(
            self.account_sid, self.auth_token, self.twilio_number, self.options
        )

    def signature_is_valid(self, request: Request) -> bool:
        """Twilio signs the public URL it called plus the form fields.

        Behind a proxy the server sees another URL: set webhook_url to the URL
        registered in the Twilio console.
        """
        url = self.settings.get("webhook_url") or request.url
        return RequestValidator(self.auth_token).validate(
            url, self.form(request), request.headers.get(SIGNATURE_HEADER, "")
        )

    @staticmethod
    def form(request: Request) -> Dict[str, str]:
        """The form fields, empty ones included (Twilio signs ``Body=`` too)."""
        body = request.body.decode("utf-8", "replace")
        return dict(urllib.parse.parse_qsl(body, keep_blank_values=True))

    @staticmethod
    def form_text(form: Dict[str, Any]) -> Optional[str]:
        """The text; a photo's caption comes as ``Body`` with the media."""
        if (form.get("Body") or "").strip() and not form.get("Latitude"):
            return form.get("ButtonPayload") or form["Body"]
        if int(form.get("NumMedia") or 0) > 0 or form.get("Latitude"):
            return NON_TEXT_MESSAGE  # voice note, image, video, file, location
        return form.get("ButtonPayload") or form.get("Body")

    def blueprint(
        self, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> Blueprint:
        webhook = self.webhook_blueprint("twilio_webhook")

        @webhook.route("/webhook", methods=["POST"])
        @self.authenticated
        async def receive(request: Request) -> HTTPResponse:
            form = self.form(request)
            sender, text = form.get("From"), self.form_text(form)
            if sender and text is not None:
                await self.deliver(
                    on_new_message,
                    self.get_output_channel(),
                    sender,
                    text.replace("¡", "@"),  # as the built-in: carriers corrupt @
                    form.get("MessageSid"),
                    self.get_metadata(request),
                )
            return twiml_acknowledgement()

        return webhook
