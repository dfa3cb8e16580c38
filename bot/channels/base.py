"""What every messaging connector shares: ``MessagingInput``.

- settings from the environment (``settings.read_settings``); a channel without
  them is off and its webhook answers 503;
- webhook authentication: a delivery without the platform's signature header gets
  401, a wrong one 403, before anything reaches the bot;
- duplicate deliveries answered once, numbered options read as their button
  (kept in Redis when ``REDIS_URL`` is set: ``bot.shared_memory``);
- ``GET /webhooks/<channel>/``: on, or off.

``MetaWebhook`` adds what WhatsApp and Messenger share: ``X-Hub-Signature-256``, the
verify-token handshake and the Graph API version setting.
"""

from __future__ import annotations

import functools
import logging
from typing import Any, Awaitable, Callable, Mapping, Optional

from rasa.core.channels.channel import OutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.security import hub_signature_is_valid, secret_is_valid
from bot.channels.settings import graph_api_version_problems, read_settings

logger = logging.getLogger(__name__)

# What the bot receives for a voice note, photo, video, file, location or sticker:
# the intent non_text_message, answered by utter_text_only (domain.yml).
NON_TEXT_MESSAGE = "/non_text_message"

Handler = Callable[[Request], Awaitable[HTTPResponse]]


def not_configured(channel: str) -> HTTPResponse:
    logger.warning("%s webhook called, but the channel is not configured", channel)
    return response.text("channel not configured", status=503)


def rejected(channel: str, reason: str, status: int = 403) -> HTTPResponse:
    logger.warning("%s webhook rejected: %s", channel, reason)
    return response.text("forbidden", status=status)


class MessagingInput:
    """Mixin for a Rasa ``InputChannel``: settings, authentication, duplicates.

    A connector sets ``title`` (for the log), ``input_channel_name``,
    ``required_settings`` and ``signature_header``, implements
    ``signature_is_valid`` and calls ``_init_messaging`` in ``__init__``.
    """

    title = "Messaging"
    input_channel_name = "messaging"
    required_settings: tuple[str, ...] = ()
    signature_header = ""

    settings: Optional[dict[str, str]]

    @classmethod
    def from_credentials(cls, credentials: Optional[Mapping[str, Any]]) -> Any:
        """The channel, off when a required setting is unset or one is unusable
        (then the log says which and why, once, at start)."""
        settings = read_settings(cls.title, credentials, cls.required_settings)
        variables = {key: str(name) for key, name in (credentials or {}).items()}
        problems = cls.settings_problems(settings, variables) if settings else []
        for problem in problems:
            logger.error("%s channel is off: %s", cls.title, problem)
        return cls(None if problems else settings)

    @classmethod
    def settings_problems(
        cls, settings: dict[str, str], variables: dict[str, str]
    ) -> list[str]:
        """What makes the settings unusable, each naming its environment variable
        (``variables``: setting -> variable); empty when they are fine."""
        return []

    def _init_messaging(self, settings: Optional[dict[str, str]]) -> None:
        from bot.shared_memory import channel_memory

        self.settings = settings
        # in Redis when REDIS_URL is set (several servers), else in this process
        self.recent_ids, self.options = channel_memory(self.input_channel_name)

    # --- webhook -------------------------------------------------------------

    def signature_is_valid(self, request: Request) -> bool:
        """Whether the delivery's ``signature_header`` proves it is the platform's."""
        raise NotImplementedError

    def refusal(
        self, request: Request, authenticate: bool = True
    ) -> Optional[HTTPResponse]:
        """503 while the channel is off; 401 without the signature header, 403
        with a wrong one; None for a delivery to go on with."""
        if self.settings is None:
            return not_configured(self.title)
        if not authenticate:
            return None
        if not request.headers.get(self.signature_header):
            return rejected(self.title, f"no {self.signature_header}", status=401)
        if not self.signature_is_valid(request):
            return rejected(self.title, f"wrong {self.signature_header}")
        return None

    def authenticated(self, handler: Handler) -> Handler:
        """Route decorator: the handler runs only for an authenticated delivery.

        A delivery the bot could not handle is answered 503, so that the platform
        sends it again (WhatsApp, Telegram and Messenger retry), rather than 200,
        which would drop it."""

        @functools.wraps(handler)
        async def guarded(request: Request) -> HTTPResponse:
            refusal = self.refusal(request)
            if refusal:
                return refusal
            try:
                return await handler(request)
            except Exception as error:  # noqa: BLE001 - any failure: let it retry
                # the error's type only: its text may quote the patient's message
                logger.error(
                    "%s: a delivery could not be handled (%s); answered 503 for "
                    "the platform to send it again",
                    self.title,
                    type(error).__name__,
                )
                return response.text("try again", status=503)

        return guarded

    def configured(self, handler: Handler) -> Handler:
        """Route decorator: the handler runs only while the channel is on."""

        @functools.wraps(handler)
        async def guarded(request: Request) -> HTTPResponse:
            return self.refusal(request, authenticate=False) or await handler(request)

        return guarded

    def webhook_blueprint(self, name: str) -> Blueprint:
        """The channel's blueprint, with ``GET /``: on, or off when its settings
        are missing."""
        webhook = Blueprint(name, __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok" if self.settings else "off"})

        return webhook

    # --- messages ------------------------------------------------------------

    async def first_delivery(self, message_id: Optional[str]) -> bool:
        """False for a platform message delivered before (platforms retry)."""
        if await self.recent_ids.first_time(message_id):
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
                await self.options.resolve(sender, text) or "",
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
        if not await self.first_delivery(message_id):
            return False
        try:
            await self.pass_on(on_new_message, output, sender, text, metadata)
        except Exception:
            # not handled: the platform's next try must not count as a duplicate
            await self.recent_ids.forget(message_id)
            raise
        return True


class MetaWebhook(MessagingInput):
    """WhatsApp Cloud API and Messenger webhooks: ``X-Hub-Signature-256`` (HMAC-SHA256
    of the raw body with the app secret) and the verify-token handshake."""

    signature_header = "X-Hub-Signature-256"

    @classmethod
    def settings_problems(
        cls, settings: dict[str, str], variables: dict[str, str]
    ) -> list[str]:
        return graph_api_version_problems(settings, variables)

    @property
    def app_secret(self) -> str:
        raise NotImplementedError

    @property
    def verify_token(self) -> str:
        raise NotImplementedError

    def signature_is_valid(self, request: Request) -> bool:
        return hub_signature_is_valid(
            self.app_secret, request.body, request.headers.get(self.signature_header)
        )

    def add_verify_route(self, webhook: Blueprint) -> None:
        """``GET /webhook``: echoes ``hub.challenge`` when the verify token is right."""

        @webhook.route("/webhook", methods=["GET"])
        @self.configured
        async def verify(request: Request) -> HTTPResponse:
            if request.args.get("hub.mode") != "subscribe" or not secret_is_valid(
                self.verify_token, request.args.get("hub.verify_token")
            ):
                return rejected(self.title, "wrong verify token")
            return response.text(request.args.get("hub.challenge", ""))
