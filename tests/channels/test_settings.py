"""Channel settings checked at start, without servers: a channel whose settings
cannot work stays off and the log says which variable is wrong and why."""

from __future__ import annotations

import logging

import pytest

from bot.channels.telegram import TelegramBotInput

TELEGRAM_CREDENTIALS = {
    "access_token": "TELEGRAM_TOKEN",
    "secret_token": "TELEGRAM_SECRET_TOKEN",
    "webhook_url": "TELEGRAM_WEBHOOK_URL",
}


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
