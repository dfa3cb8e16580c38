"""Channel settings checked at start, without servers: a channel whose settings
cannot work stays off and the log says which variable is wrong and why."""

from __future__ import annotations

import logging

import pytest

from bot.channels.messenger import FacebookMessengerInput
from bot.channels.telegram import TelegramBotInput
from bot.channels.whatsapp import WhatsAppInput
from tests.channels.conftest import (
    MESSENGER,
    MESSENGER_CREDENTIALS,
    TELEGRAM_CREDENTIALS,
    WHATSAPP,
    WHATSAPP_CREDENTIALS,
)


def telegram_with_secret(monkeypatch, secret: str) -> TelegramBotInput:
    monkeypatch.setenv("TELEGRAM_TOKEN", "123456789:AAtest-token")
    monkeypatch.setenv("TELEGRAM_SECRET_TOKEN", secret)
    return TelegramBotInput.from_credentials(TELEGRAM_CREDENTIALS)


@pytest.mark.parametrize(
    "secret", ["a", "Abc-123_xyz", "x" * 256, "-_-", "0123456789" * 20]
)
def test_a_telegram_secret_token_of_allowed_characters_switches_the_channel_on(
    monkeypatch, caplog, secret
):
    channel = telegram_with_secret(monkeypatch, secret)
    assert channel.settings["secret_token"] == secret
    assert "channel is off" not in caplog.text


@pytest.mark.parametrize(
    "secret, reason",
    [
        ("x" * 257, "it has 257 characters, at most 256 are allowed"),
        ("my secret!", "not allowed: ' ', '!'"),
        ("abc+def/ghi=", "not allowed: '+', '/', '='"),
        ("geheimnis-ü", "not allowed: 'ü'"),
    ],
)
def test_a_telegram_secret_token_telegram_would_refuse_keeps_the_channel_off(
    monkeypatch, caplog, secret, reason
):
    with caplog.at_level(logging.ERROR):
        channel = telegram_with_secret(monkeypatch, secret)
    assert channel.settings is None  # its webhook answers 503
    assert "Telegram channel is off: TELEGRAM_SECRET_TOKEN must be 1-256" in caplog.text
    assert "A-Z, a-z, 0-9, _ and -" in caplog.text
    assert reason in caplog.text
    assert secret not in caplog.text  # the secret itself is not logged


@pytest.mark.parametrize(
    "channel_class, prefix",
    [(WhatsAppInput, "WHATSAPP"), (FacebookMessengerInput, "MESSENGER")],
)
@pytest.mark.parametrize("version", ["26.0", "latest", "v26", "v26.0/"])
def test_a_graph_api_version_meta_would_not_know_keeps_the_channel_off(
    monkeypatch, caplog, channel_class, prefix, version
):
    credentials = (
        WHATSAPP_CREDENTIALS if prefix == "WHATSAPP" else MESSENGER_CREDENTIALS
    )
    for variable, value in {**WHATSAPP, **MESSENGER}.items():
        monkeypatch.setenv(variable, value)
    monkeypatch.setenv(f"{prefix}_API_VERSION", version)
    with caplog.at_level(logging.ERROR):
        channel = channel_class.from_credentials(credentials)
    assert channel.settings is None
    assert (
        f"{prefix}_API_VERSION must be a Graph API version like v26.0, not {version!r}"
        in caplog.text
    )
