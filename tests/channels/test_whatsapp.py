"""WhatsApp Cloud API webhooks as Meta documents them, against the running bot and
the platform's stand-in: who wrote (phone number, business-scoped user id), which
of the business's numbers was written to, and what needs no answer."""

from __future__ import annotations

import copy

import pytest

from tests.channels.drivers import WhatsAppDriver


@pytest.fixture
def whatsapp(channel_bot, platforms) -> WhatsAppDriver:
    return WhatsAppDriver(channel_bot.rasa_url, platforms.whatsapp)


def user_messages(bot, sender: str) -> list[dict]:
    events = bot.tracker(sender)["events"]
    return [event for event in events if event["event"] == "user"]


def intents(bot, sender: str) -> list[str]:
    return [m["parse_data"]["intent"]["name"] for m in user_messages(bot, sender)]


def test_a_patient_who_hides_her_number_is_answered_at_her_user_id(
    whatsapp, channel_bot
):
    user_id = whatsapp.new_user_id()  # e.g. GB.4821...: no phone number given
    replies = whatsapp.say(user_id, "what is toh?")
    assert replies and "Source" in replies[-1].text
    assert all(reply.raw["recipient"] == user_id for reply in replies)
    assert all("to" not in reply.raw for reply in replies)
    assert len(user_messages(channel_bot, user_id)) == 1  # her conversation


def test_with_a_phone_number_and_a_user_id_the_phone_number_is_the_conversation(
    whatsapp, channel_bot
):
    phone = whatsapp.new_sender()
    replies = whatsapp.say(phone, "what is toh?")
    assert replies and all(reply.raw["to"] == phone for reply in replies)
    assert len(user_messages(channel_bot, phone)) == 1
    assert user_messages(channel_bot, whatsapp.user_id_of(phone)) == []


def test_a_message_to_another_of_the_business_numbers_is_acknowledged_not_answered(
    whatsapp, channel_bot
):
    phone = whatsapp.new_sender()
    payload = whatsapp.text(phone, "what is toh?", whatsapp.new_id())
    other = copy.deepcopy(payload)
    other["entry"][0]["changes"][0]["value"]["metadata"]["phone_number_id"] = (
        "109999999999999"
    )
    assert whatsapp.deliver(other) == 200
    assert whatsapp.replies(phone) == []
    assert user_messages(channel_bot, phone) == []
    assert whatsapp.deliver(payload) == 200  # the same message to our number
    assert whatsapp.replies(phone)


@pytest.mark.parametrize("status", ["sent", "delivered", "read", "failed"])
def test_status_updates_are_acknowledged_not_answered(whatsapp, channel_bot, status):
    phone = whatsapp.new_sender()
    replies = whatsapp.say(phone, "what is toh?")
    answered = user_messages(channel_bot, phone)
    assert whatsapp.deliver(whatsapp.status(phone, whatsapp.new_id(), status)) == 200
    assert whatsapp.replies(phone) == replies
    assert user_messages(channel_bot, phone) == answered


def test_a_reaction_is_not_answered(whatsapp, channel_bot):
    phone = whatsapp.new_sender()
    replies = whatsapp.say(phone, "what is toh?")
    reaction = {
        "message_id": "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFF",
        "emoji": "👍",
    }
    payload = whatsapp.message(phone, whatsapp.new_id(), "reaction", reaction)
    assert whatsapp.deliver(payload) == 200
    assert whatsapp.replies(phone) == replies
    assert len(user_messages(channel_bot, phone)) == 1


def test_a_photo_with_a_caption_is_answered_as_text(whatsapp, channel_bot):
    phone = whatsapp.new_sender()
    image = {
        "caption": "is an mri safe when i'm pregnant?",
        "mime_type": "image/jpeg",
        "sha256": "mXx6SLdQjHcUEyJYHr5sRqUCtlEqhwCFRwQLHpfaTiw=",
        "id": "1003383421387256",
    }
    payload = whatsapp.message(phone, whatsapp.new_id(), "image", image)
    assert whatsapp.deliver(payload) == 200
    text = "\n".join(reply.text for reply in whatsapp.replies(phone))
    assert "MRI" in text and "Source" in text
    assert "only read text" not in text
    assert intents(channel_bot, phone) != ["non_text_message"]


MEDIA = {
    "image": {"mime_type": "image/jpeg", "sha256": "mXx6SLdQ", "id": "1003383421"},
    "sticker": {
        "mime_type": "image/webp",
        "sha256": "jNqs1pMCvHt8xrLh",
        "id": "1041263270795426",
        "animated": False,
    },
    "location": {
        "latitude": 51.5072,
        "longitude": -0.1276,
        "name": "St Thomas' Hospital",
        "address": "Westminster Bridge Rd, London SE1 7EH",
    },
}


@pytest.mark.parametrize("kind", list(MEDIA))
def test_a_photo_without_a_caption_a_sticker_or_a_location_gets_the_text_only_answer(
    whatsapp, channel_bot, kind
):
    phone = whatsapp.new_sender()
    payload = whatsapp.message(phone, whatsapp.new_id(), kind, MEDIA[kind])
    assert whatsapp.deliver(payload) == 200
    text = "\n".join(reply.text for reply in whatsapp.replies(phone))
    assert "only read text" in text
    assert intents(channel_bot, phone) == ["non_text_message"]
