"""Each messaging channel end to end: the platform's webhook payload is posted to the
running bot on loopback; the reply must arrive, formatted for the platform, at the
platform's local stand-in API (tests/channels/fakes.py)."""

from __future__ import annotations

import pytest

from tests.channels.conftest import EMERGENCY_NUMBER, TELEGRAM
from tests.channels.drivers import (
    Driver,
    MessengerDriver,
    TelegramDriver,
    TwilioDriver,
    WhatsAppDriver,
)

DRIVERS = {
    "whatsapp": (WhatsAppDriver, "whatsapp"),
    "twilio": (TwilioDriver, "twilio"),
    "telegram": (TelegramDriver, "telegram"),
    "facebook": (MessengerDriver, "messenger"),
}


@pytest.fixture(params=list(DRIVERS))
def channel(request, channel_bot, platforms) -> Driver:
    driver_class, fake = DRIVERS[request.param]
    return driver_class(channel_bot.rasa_url, getattr(platforms, fake))


def all_text(replies) -> str:
    return "\n".join(reply.text for reply in replies)


def user_messages(bot, sender: str) -> list[dict]:
    events = bot.tracker(sender)["events"]
    return [event for event in events if event["event"] == "user"]


def test_a_question_is_answered_with_its_source(channel, channel_bot):
    sender = channel.new_sender()
    replies = channel.say(sender, "is an mri safe when i'm pregnant?")
    text = all_text(replies)
    assert "MRI" in text and "Source" in text
    assert "computer program" in text  # the introduction, first message
    assert all(len(reply.text) <= channel.limit for reply in replies)
    assert user_messages(channel_bot, sender)[0]["input_channel"] == channel.name


def test_quick_replies_become_the_platforms_buttons(channel):
    sender = channel.new_sender()
    greeting = channel.say(sender, "hi")[-1]
    # utter_greet has 4 buttons
    assert "Check my hip pain" in greeting.buttons
    assert len(greeting.buttons) == 4
    if channel.name == "whatsapp":
        assert greeting.raw["interactive"]["type"] == "list"  # more than 3
    if channel.name == "twilio":
        assert "1. Check my hip pain" in greeting.text  # numbered options

    before = len(channel.replies(sender))
    choice = greeting.buttons.index("Check my hip pain")
    assert (
        channel.deliver(channel.press(sender, greeting, choice, channel.new_id()))
        == 200
    )
    stage_question = channel.replies(sender)[before:][-1]
    assert "pregnant" in stage_question.text  # the assessment started
    assert len(stage_question.buttons) == 4
    # titles longer than the platform allows are shortened, and still answer
    for title in stage_question.buttons:
        limit = {"whatsapp": 24, "facebook": 20}.get(channel.name, 64)
        assert len(title) <= limit

    walk_question = channel.say(sender, "I'm 30 weeks pregnant")[-1]
    assert "walk" in walk_question.text
    assert len(walk_question.buttons) == 3
    if channel.name == "whatsapp":  # up to 3: reply buttons, titles <= 20
        assert walk_question.raw["interactive"]["type"] == "button"
        assert all(len(title) <= 20 for title in walk_question.buttons)


def test_a_long_answer_arrives_whole_within_the_limit(channel, channel_bot):
    sender = channel.new_sender()
    replies = channel.say(sender, "does breastfeeding make my bones weaker?")
    text = all_text(replies)
    assert "Source" in text
    assert all(0 < len(reply.text) <= channel.limit for reply in replies)
    # no sentence was cut: every message ends a sentence or a source line
    for reply in replies:
        assert reply.text.rstrip()[-1] in ".?!)" or "Source" in reply.text


def test_an_emergency_gets_the_emergency_advice(channel):
    sender = channel.new_sender()
    text = all_text(
        channel.say(sender, "i fell down the stairs and now i cant stand up")
    )
    assert "emergency" in text.lower()
    assert EMERGENCY_NUMBER in text


@pytest.mark.parametrize("signature", ["wrong", None])
def test_a_delivery_without_a_valid_signature_never_reaches_the_bot(
    channel, channel_bot, signature
):
    sender = channel.new_sender()
    payload = channel.text(sender, "is an mri safe?", channel.new_id())
    status = channel.deliver(payload, signature=signature)
    assert status == (403 if signature == "wrong" else 401)
    assert channel.replies(sender) == []
    assert user_messages(channel_bot, sender) == []


def test_a_duplicate_delivery_is_answered_once(channel, channel_bot):
    sender = channel.new_sender()
    payload = channel.text(sender, "what is toh?", channel.new_id())
    assert channel.deliver(payload) == 200
    answered = len(channel.replies(sender))
    assert answered >= 1
    assert channel.deliver(payload) == 200  # the platform retries
    assert len(channel.replies(sender)) == answered
    assert len(user_messages(channel_bot, sender)) == 1


def test_a_voice_note_gets_a_polite_request_to_type(channel, channel_bot):
    sender = channel.new_sender()
    assert channel.deliver(channel.voice_note(sender, channel.new_id())) == 200
    text = all_text(channel.replies(sender))
    assert "only read text" in text
    assert EMERGENCY_NUMBER in text
    assert user_messages(channel_bot, sender)[0]["parse_data"]["intent"]["name"] == (
        "non_text_message"
    )


@pytest.mark.parametrize("name", ["telegram", "twilio"])
def test_a_photo_with_a_caption_is_answered_as_text(channel_bot, platforms, name):
    driver_class, fake = DRIVERS[name]
    channel = driver_class(channel_bot.rasa_url, getattr(platforms, fake))
    sender = channel.new_sender()
    photo = channel.photo(sender, "is an mri safe when i'm pregnant?", channel.new_id())
    assert channel.deliver(photo) == 200
    text = all_text(channel.replies(sender))
    assert "MRI" in text and "Source" in text
    assert "only read text" not in text


# --- platform specifics -------------------------------------------------------


@pytest.mark.parametrize("name", ["whatsapp", "facebook"])
def test_meta_verify_token_handshake(channel_bot, name):
    from tests.channels.conftest import MESSENGER, WHATSAPP
    from tests.channels.drivers import post

    token = {"whatsapp": WHATSAPP["WHATSAPP_VERIFY_TOKEN"]}.get(
        name, MESSENGER["MESSENGER_VERIFY_TOKEN"]
    )
    url = f"{channel_bot.rasa_url}/webhooks/{name}/webhook"
    query = "hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token="
    assert post(url + "?" + query + token, None, {}, "GET") == (200, "1158201444")
    assert post(url + "?" + query + "wrong", None, {}, "GET")[0] == 403


def test_telegram_webhook_is_registered_with_the_secret_token(channel_bot, platforms):
    token = TELEGRAM["TELEGRAM_TOKEN"]
    calls = platforms.telegram.wait_for(
        lambda requests: any(r.route == f"/bot{token}/setWebhook" for r in requests)
    )
    registration = next(r for r in calls if r.route == f"/bot{token}/setWebhook")
    assert registration.body["url"] == TELEGRAM["TELEGRAM_WEBHOOK_URL"]
    assert registration.body["secret_token"] == TELEGRAM["TELEGRAM_SECRET_TOKEN"]


def test_a_telegram_edited_message_is_acknowledged_not_answered(channel_bot, platforms):
    channel = TelegramDriver(channel_bot.rasa_url, platforms.telegram)
    sender = channel.new_sender()
    assert channel.say(sender, "what is toh?")
    replies, messages = channel.replies(sender), user_messages(channel_bot, sender)
    edit = channel.edited(sender, "what is toh? and is it safe", channel.new_id())
    assert channel.deliver(edit) == 200
    assert channel.replies(sender) == replies
    assert user_messages(channel_bot, sender) == messages


def test_twilio_deliveries_are_acknowledged_with_empty_twiml(channel_bot, platforms):
    channel = TwilioDriver(channel_bot.rasa_url, platforms.twilio)
    sender = channel.new_sender()
    payload = channel.text(sender, "what is toh?", channel.new_id())
    for delivery in ("first", "repeated"):
        assert channel.deliver(payload) == 200, delivery
        assert channel.last_headers["content-type"].startswith("text/xml"), delivery
        assert channel.last_body == "<Response></Response>", delivery
    assert len(user_messages(channel_bot, sender)) == 1  # answered once


def test_a_twilio_number_reply_maps_to_the_button_payload(channel_bot, platforms):
    channel = TwilioDriver(channel_bot.rasa_url, platforms.twilio)
    sender = channel.new_sender()
    channel.say(sender, "hi")
    channel.say(sender, "1")  # 1. Check my hip pain -> /describe_pain
    intents = [
        m["parse_data"]["intent"]["name"] for m in user_messages(channel_bot, sender)
    ]
    assert intents[-1] == "describe_pain"


def test_a_voice_note_during_the_assessment_returns_to_the_question(
    channel_bot, platforms
):
    channel = WhatsAppDriver(channel_bot.rasa_url, platforms.whatsapp)
    sender = channel.new_sender()
    question = channel.say(sender, "my hip hurts")[-1]
    assert "pregnant" in question.text  # the assessment's first question
    before = len(channel.replies(sender))
    assert channel.deliver(channel.voice_note(sender, channel.new_id())) == 200
    replies = channel.replies(sender)[before:]
    assert "only read text" in replies[0].text
    assert replies[-1].text == question.text  # the same question again
