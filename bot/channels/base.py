"""What every messaging connector does with an authenticated webhook delivery."""

from __future__ import annotations

import logging
from typing import Any, Awaitable, Callable, Optional

from rasa.core.channels.channel import OutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.formatting import OptionMemory
from bot.channels.security import RecentIds, hub_signature_is_valid, secret_is_valid

logger = logging.getLogger(__name__)

# What the bot receives for a voice note, photo, video, file, location or sticker:
# the intent non_text_message, answered by utter_text_only (domain.yml).
NON_TEXT_MESSAGE = "/non_text_message"


def not_configured(channel: str) -> HTTPResponse:
    logger.warning("%s webhook called, but the channel is not configured", channel)
    return response.text("channel not configured", status=503)


def rejected(channel: str, reason: str, status: int = 403) -> HTTPResponse:
    logger.warning("%s webhook rejected: %s", channel, reason)
    return response.text("forbidden", status=status)


META_SIGNATURE_HEADER = "X-Hub-Signature-256"


def meta_verify_handshake(
    channel: str, verify_token: str, request: Request
) -> HTTPResponse:
    """Meta's webhook check (WhatsApp, Messenger): echo ``hub.challenge`` when the
    verify token is right."""
    if request.args.get("hub.mode") != "subscribe" or not secret_is_valid(
        verify_token, request.args.get("hub.verify_token")
    ):
        return rejected(channel, "wrong verify token")
    return response.text(request.args.get("hub.challenge", ""))


def meta_signature_rejection(
    channel: str, app_secret: str, request: Request
) -> Optional[HTTPResponse]:
    """401/403 for a delivery without a valid ``X-Hub-Signature-256``, else None."""
    signature = request.headers.get(META_SIGNATURE_HEADER)
    if not signature:
        return rejected(channel, f"no {META_SIGNATURE_HEADER}", status=401)
    if not hub_signature_is_valid(app_secret, request.body, signature):
        return rejected(channel, f"wrong {META_SIGNATURE_HEADER}")
    return None


class MessagingInput:
    """Mixin: duplicate deliveries answered once, numbered options resolved."""

    input_channel_name = "messaging"

    def _init_messaging(self) -> None:
        self.recent_ids = RecentIds()
        self.options = OptionMemory()

    def add_health_route(self, webhook: Blueprint) -> None:
        """``GET /webhooks/<channel>/``: on, or off when its settings are missing."""

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok" if self.settings else "off"})

    def first_delivery(self, message_id: Optional[str]) -> bool:
        """False for a platform message delivered before (platforms retry)."""
        if self.recent_ids.first_time(message_id):
            return True
        logger.info(
            "%s: duplicate delivery of %s ignored", self.input_channel_name, message_id
        )
        return False

    async def pass_on(
        self,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
        output: OutputChannel,
        sender: str,
        text: str,
        metadata: Optional[dict] = None,
    ) -> None:
        """Gives one message to the bot, a numbered option read as its button."""
        await on_new_message(
            UserMessage(
                self.options.resolve(sender, text) or "",
                output,
                sender,
                input_channel=self.input_channel_name,
                metadata=metadata,
            )
        )

    async def deliver(
        self,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
        output: OutputChannel,
        sender: str,
        text: str,
        message_id: Optional[str],
        metadata: Optional[dict] = None,
    ) -> bool:
        """Passes one platform message to the bot; False for a duplicate."""
        if not self.first_delivery(message_id):
            return False
        await self.pass_on(on_new_message, output, sender, text, metadata)
        return True
