"""Without its settings a channel stays off: the server starts, the webhook says 503."""

from __future__ import annotations

import pytest

from tests.channels.drivers import post


@pytest.mark.parametrize("name", ["whatsapp", "twilio", "telegram", "facebook"])
def test_a_channel_without_settings_answers_503(bot, name):
    # the session bot runs with no channel variables set
    status, _ = post(
        f"{bot.rasa_url}/webhooks/{name}/webhook",
        b"{}",
        {"Content-Type": "application/json"},
    )
    assert status == 503


@pytest.mark.parametrize("name", ["whatsapp", "facebook"])
def test_the_verify_handshake_of_a_channel_without_settings_answers_503(bot, name):
    query = "hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token="
    status, _ = post(f"{bot.rasa_url}/webhooks/{name}/webhook?{query}", None, {}, "GET")
    assert status == 503


@pytest.mark.parametrize("name", ["whatsapp", "twilio", "telegram", "facebook"])
def test_a_channel_without_settings_says_it_is_off(bot, name):
    status, body = post(f"{bot.rasa_url}/webhooks/{name}/", None, {}, "GET")
    assert (status, body) == (200, '{"status":"off"}')
