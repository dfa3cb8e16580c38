"""What every messaging connector does with an authenticated webhook delivery."""

from __future__ import annotations

import logging
from typing import Any, Awaitable, Callable, Optional

from rasa.core.channels.channel import OutputChannel, UserMessage
from sanic import response
from sanic.response import HTTPResponse

from bot.channels.formatting import OptionMemory
from bot.channels.security import RecentIds

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


class MessagingInput:
    """Mixin: duplicate deliveries answered once, numbered options resolved."""

    input_channel_name = "messaging"

    def _init_messaging(self) -> None:
        self.recent_ids = RecentIds()
        self.options = OptionMemory()

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
        if not self.recent_ids.first_time(message_id):
            logger.info(
                "%s: duplicate delivery of %s ignored",
                self.input_channel_name,
                message_id,
            )
            return False
        text = self.options.resolve(sender, text) or ""
        await on_new_message(
            UserMessage(
                text,
                output,
                sender,
                input_channel=self.input_channel_name,
                metadata=metadata,
            )
        )
        return True
