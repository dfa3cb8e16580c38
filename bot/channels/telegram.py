"""Telegram: Rasa's built-in connector, extended.

Added: the ``X-Telegram-Bot-Api-Secret-Token`` check (the built-in checks nothing
and calls Telegram's ``getMe`` on every message), duplicate updates, non-text
messages, one inline-keyboard button per row, answers split at 4096 characters.
The webhook is registered (with the secret token) when the server starts, if
``webhook_url`` is set; a failure is logged and does not stop the server.
"""

from __future__ import annotations

import json
import logging
import re
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

from aiogram import Bot
from aiogram.bot.api import TelegramAPIServer
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.exceptions import TelegramAPIError
from rasa.core.channels.channel import UserMessage
from rasa.core.channels.telegram import TelegramInput, TelegramOutput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels import formatting as fmt
from bot.channels.base import NON_TEXT_MESSAGE, MessagingInput
from bot.channels.security import secret_is_valid
from bot.channels.settings import api_base

logger = logging.getLogger(__name__)

PRODUCTION_API = "https://api.telegram.org"
REQUIRED = ("access_token", "secret_token")
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
# Bot API, setWebhook: "secret_token ... 1-256 characters. Only characters A-Z, a-z,
# 0-9, _ and - are allowed."
SECRET_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,256}")
SECRET_TOKEN_CHARACTER = re.compile(r"[A-Za-z0-9_-]")


class TelegramReplies(TelegramOutput):
    """Sends replies through the Telegram Bot API."""

    def __init__(self, access_token: Text, options: fmt.OptionMemory) -> None:
        server = TelegramAPIServer.from_base(
            api_base("TELEGRAM_API_BASE", PRODUCTION_API)
        )
        Bot.__init__(self, access_token, server=server)
        self.options = options

    async def close_session(self) -> None:
        """Closes the HTTP session (aiogram's ``close`` is deprecated)."""
        if self._session is not None and not self._session.closed:
            await self._session.close()

    async def send_text_message(
        self, recipient_id: Text, text: Text, **kwargs: Any
    ) -> None:
        for message in fmt.split_text(text, fmt.TELEGRAM_TEXT_LIMIT):
            await self.send_message(recipient_id, message)

    async def send_text_with_buttons(
        self,
        recipient_id: Text,
        text: Text,
        buttons: List[Dict[Text, Any]],
        button_type: Optional[Text] = "vertical",
        **kwargs: Any,
    ) -> None:
        """An inline keyboard under the last part, one button per row."""
        *before, last = fmt.split_text(text, fmt.TELEGRAM_TEXT_LIMIT) or [""]
        for message in before:
            await self.send_message(recipient_id, message)
        data = [str(b.get("payload", b.get("title", ""))) for b in buttons]
        if not all(
            0 < len(d) and fmt.fits(d, fmt.TELEGRAM_CALLBACK_DATA_LIMIT) for d in data
        ):
            await self.options.remember(recipient_id, buttons)
            data = [str(number) for number in range(1, len(buttons) + 1)]
        keyboard = InlineKeyboardMarkup()
        for callback_data, button in zip(data, buttons):
            keyboard.row(
                InlineKeyboardButton(
                    button.get("title", ""), callback_data=callback_data
                )
            )
        await self.send_message(recipient_id, last, reply_markup=keyboard)


class TelegramBotInput(MessagingInput, TelegramInput):
    """Receives Telegram updates (``/webhooks/telegram/webhook``)."""

    title = "Telegram"
    input_channel_name = "telegram"
    required_settings = REQUIRED
    signature_header = SECRET_HEADER

    def __init__(self, settings: Optional[Dict[str, str]]) -> None:
        values = settings or {}
        super().__init__(
            values.get("access_token"), None, values.get("webhook_url") or None
        )
        self._init_messaging(settings)

    @classmethod
    def settings_problems(
        cls, settings: Dict[str, str], variables: Dict[str, str]
    ) -> List[str]:
        secret = settings["secret_token"]
        if SECRET_TOKEN.fullmatch(secret):
            return []
        variable = variables.get("secret_token", "secret_token")
        wrong = sorted(set(SECRET_TOKEN_CHARACTER.sub("", secret)))
        reasons = []
        if len(secret) > 256:
            reasons.append(f"it has {len(secret)} characters, at most 256 are allowed")
        if wrong:
            shown = ", ".join(repr(character) for character in wrong)
            reasons.append(f"it contains characters that are not allowed: {shown}")
        return [
            f"{variable} must be 1-256 characters, only A-Z, a-z, 0-9, _ and - "
            f"(Telegram's setWebhook secret_token): {'; '.join(reasons)}"
        ]

    def signature_is_valid(self, request: Request) -> bool:
        """Telegram sends the secret token given to ``setWebhook`` as it is."""
        return secret_is_valid(
            self.settings["secret_token"], request.headers.get(SECRET_HEADER)
        )

    def get_output_channel(self) -> TelegramReplies:
        return TelegramReplies(self.access_token, self.options)

    async def register_webhook(self) -> None:
        """Tells Telegram where to send updates, with the secret token."""
        output = self.get_output_channel()
        try:
            await output.request(
                "setWebhook",
                {
                    "url": self.webhook_url,
                    "secret_token": self.settings["secret_token"],
                    "allowed_updates": json.dumps(["message", "callback_query"]),
                },
            )
            logger.info("Telegram webhook registered: %s", self.webhook_url)
        except (TelegramAPIError, OSError) as error:
            logger.error("Telegram webhook not registered: %s", error)
        finally:
            await output.close_session()

    @staticmethod
    def update_text(update: Dict[str, Any]) -> tuple[Optional[Dict], Optional[str]]:
        """The message (with its chat) and its text for the bot; (None, None) for
        an update that needs no answer.

        An ``edited_message`` is a new version of a message the bot has answered
        already (Bot API, Update), not a new message: it is not answered again.
        """
        query = update.get("callback_query")
        if query:
            return query.get("message"), query.get("data")
        message = update.get("message")
        if not message:
            return None, None
        if message.get("text") is not None:
            return message, message["text"]
        if (message.get("caption") or "").strip():  # a photo, video or file's caption
            return message, message["caption"]
        return message, NON_TEXT_MESSAGE  # voice, photo, sticker, location ...

    def blueprint(
        self, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> Blueprint:
        webhook = self.webhook_blueprint("telegram_webhook")

        if self.settings and self.webhook_url:

            @webhook.listener("after_server_start")
            async def register(*_: Any) -> None:
                await self.register_webhook()

        @webhook.route("/webhook", methods=["POST"])
        @self.authenticated
        async def receive(request: Request) -> HTTPResponse:
            update = request.json or {}
            message, text = self.update_text(update)
            chat = (message or {}).get("chat", {}).get("id")
            if text is None or chat is None:
                return response.text("success")
            output = self.get_output_channel()
            try:
                query = update.get("callback_query")
                if query and await self.recent_ids.first_time(
                    f"query:{query.get('id')}"
                ):
                    await output.answer_callback_query(query["id"])
                await self.deliver(
                    on_new_message,
                    output,
                    str(chat),
                    text,
                    str(update.get("update_id", "")) or None,
                    self.get_metadata(request),
                )
            finally:
                await output.close_session()
            return response.text("success")

        return webhook
