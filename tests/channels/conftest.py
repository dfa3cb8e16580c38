"""One bot for all channel tests, with every messaging channel switched on and
pointed at local stand-ins of the platforms' APIs (tests/channels/fakes.py)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
import yaml

from tests.channels import fakes
from tests.support import PROJECT_ROOT, Bot, start_bot, stop_bot

WHATSAPP = {
    "WHATSAPP_ACCESS_TOKEN": "test-whatsapp-token",
    "WHATSAPP_PHONE_NUMBER_ID": "106540352242922",
    "WHATSAPP_APP_SECRET": "test-whatsapp-app-secret",
    "WHATSAPP_VERIFY_TOKEN": "test-whatsapp-verify",
}
TWILIO = {
    "TWILIO_ACCOUNT_SID": "AC00000000000000000000000000000000",
    "TWILIO_AUTH_TOKEN": "test-twilio-auth-token",
    "TWILIO_WHATSAPP_NUMBER": "whatsapp:+14155238886",
}
TELEGRAM = {
    "TELEGRAM_TOKEN": "123456789:AAtest-telegram-token_abcdefghijklmno",
    "TELEGRAM_SECRET_TOKEN": "test-telegram-secret",
    "TELEGRAM_WEBHOOK_URL": "https://bot.example.org/webhooks/telegram/webhook",
}
MESSENGER = {
    "MESSENGER_VERIFY_TOKEN": "test-messenger-verify",
    "MESSENGER_APP_SECRET": "test-messenger-app-secret",
    "MESSENGER_PAGE_ACCESS_TOKEN": "test-messenger-page-token",
}
EMERGENCY_NUMBER = "999"

# each channel's section of credentials.yml: setting -> environment variable
CREDENTIALS = yaml.safe_load((PROJECT_ROOT / "credentials.yml").read_text())
WHATSAPP_CREDENTIALS = CREDENTIALS["bot.channels.whatsapp.WhatsAppInput"]
TELEGRAM_CREDENTIALS = CREDENTIALS["bot.channels.telegram.TelegramBotInput"]
MESSENGER_CREDENTIALS = CREDENTIALS["bot.channels.messenger.FacebookMessengerInput"]


@dataclass
class Platforms:
    whatsapp: fakes.FakePlatform
    twilio: fakes.FakePlatform
    telegram: fakes.FakePlatform
    messenger: fakes.FakePlatform


@pytest.fixture(scope="session")
def platforms() -> Platforms:
    running = Platforms(
        fakes.FakePlatform(fakes.whatsapp_answer).start(),
        fakes.FakePlatform(fakes.twilio_answer).start(),
        fakes.FakePlatform(fakes.telegram_answer).start(),
        fakes.FakePlatform(fakes.messenger_answer).start(),
    )
    yield running
    for platform in vars(running).values():
        platform.stop()


@pytest.fixture(scope="session")
def channel_bot(tmp_path_factory, platforms: Platforms) -> Bot:
    """The bot with all four messaging channels on (separate from the session bot)."""
    running = start_bot(
        tmp_path_factory.mktemp("channel-bot"),
        CLINIC_NAME="Test Clinic",
        CLINIC_EMERGENCY_NUMBER=EMERGENCY_NUMBER,
        CLINIC_TRIAGE_PHONE="0100 200 300",
        WHATSAPP_API_BASE=platforms.whatsapp.url,
        TWILIO_API_BASE=platforms.twilio.url,
        TELEGRAM_API_BASE=platforms.telegram.url,
        FACEBOOK_API_BASE=platforms.messenger.url,
        **WHATSAPP,
        **TWILIO,
        **TELEGRAM,
        **MESSENGER,
    )
    yield running
    stop_bot(running)
