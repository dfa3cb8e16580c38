"""Each connector's output against the platform's local stand-in, without Rasa:
answers longer than any the bot has today, and many buttons, still arrive in the
platform's request shape and within its limits."""

from __future__ import annotations

import asyncio
import json

import pytest
from fbmessenger import MessengerClient

from bot.channels import formatting as fmt
from bot.channels.messenger import (
    FacebookMessengerInput,
    MessengerOutput,
    messenger_client,
)
from bot.channels.settings import GRAPH_API_VERSION
from bot.channels.telegram import TelegramReplies
from bot.channels.twilio import TwilioReplies
from bot.channels.whatsapp import WhatsAppInput, WhatsAppOutput
from tests.channels import fakes
from tests.channels.conftest import (
    MESSENGER,
    MESSENGER_CREDENTIALS,
    TELEGRAM,
    TWILIO,
    WHATSAPP,
    WHATSAPP_CREDENTIALS,
)
from tests.channels.test_formatting import long_answer

BUTTONS = [
    {"title": f"Topic number {n} with a long title", "payload": f"/topic{n}"}
    for n in range(1, 13)
]


@pytest.fixture
def fake(monkeypatch, request):
    answer, variable = request.param
    platform = fakes.FakePlatform(answer).start()
    monkeypatch.setenv(variable, platform.url)
    yield platform
    platform.stop()


def whatsapp_output() -> WhatsAppOutput:
    settings = {
        "access_token": WHATSAPP["WHATSAPP_ACCESS_TOKEN"],
        "phone_number_id": WHATSAPP["WHATSAPP_PHONE_NUMBER_ID"],
    }
    return WhatsAppOutput(settings, fmt.OptionMemory())


@pytest.mark.parametrize(
    "fake", [(fakes.whatsapp_answer, "WHATSAPP_API_BASE")], indirect=True
)
def test_whatsapp_long_answer_with_buttons(fake):
    output = whatsapp_output()
    text = long_answer()
    asyncio.run(output.send_text_with_buttons("447700900123", text, BUTTONS[:5]))
    bodies = [r.body for r in fake.requests]
    texts = [b["text"]["body"] for b in bodies if b["type"] == "text"]
    assert all(len(t) <= fmt.WHATSAPP_TEXT_LIMIT for t in texts)
    assert bodies[-1]["type"] == "interactive"
    interactive = bodies[-1]["interactive"]
    assert interactive["type"] == "list"
    assert len(interactive["body"]["text"]) <= fmt.WHATSAPP_BODY_LIMIT
    rows = interactive["action"]["sections"][0]["rows"]
    assert [row["id"] for row in rows] == [f"/topic{n}" for n in range(1, 6)]
    assert all(len(row["title"]) <= 24 for row in rows)
    assert rows[0]["description"] == "Topic number 1 with a long title"
    assert " ".join(texts + [interactive["body"]["text"]]) == " ".join(text.split())
    link = [
        b for b in bodies if b["type"] == "text" and "https://" in b["text"]["body"]
    ]
    assert link == [] or link[0]["text"]["preview_url"] is True


@pytest.mark.parametrize(
    "fake", [(fakes.whatsapp_answer, "WHATSAPP_API_BASE")], indirect=True
)
def test_whatsapp_more_than_ten_options_become_numbered_lines(fake):
    output = whatsapp_output()
    asyncio.run(output.send_text_with_buttons("447700900123", "Pick one.", BUTTONS))
    [request] = fake.requests
    assert request.body["type"] == "text"
    assert "12. Topic number 12 with a long title" in request.body["text"]["body"]
    assert asyncio.run(output.options.resolve("447700900123", "12")) == "/topic12"


@pytest.mark.parametrize(
    "fake", [(fakes.twilio_answer, "TWILIO_API_BASE")], indirect=True
)
def test_twilio_long_answer_is_split_at_1600(fake):
    output = TwilioReplies(
        TWILIO["TWILIO_ACCOUNT_SID"],
        TWILIO["TWILIO_AUTH_TOKEN"],
        TWILIO["TWILIO_WHATSAPP_NUMBER"],
        fmt.OptionMemory(),
    )
    text = long_answer()
    asyncio.run(
        output.send_text_with_buttons("whatsapp:+447700900123", text, BUTTONS[:3])
    )
    bodies = [r.body["Body"] for r in fake.requests]
    assert len(bodies) > 5
    assert all(len(body) <= fmt.TWILIO_TEXT_LIMIT for body in bodies)
    assert bodies[-1].endswith("3. Topic number 3 with a long title")
    assert fake.requests[0].body["From"] == TWILIO["TWILIO_WHATSAPP_NUMBER"]


@pytest.mark.parametrize(
    "fake", [(fakes.messenger_answer, "FACEBOOK_API_BASE")], indirect=True
)
def test_messenger_long_answer_with_quick_replies(fake):
    output = MessengerOutput(
        messenger_client("page-token", GRAPH_API_VERSION), fmt.OptionMemory()
    )
    text = long_answer()
    asyncio.run(output.send_text_with_buttons("1234", text, BUTTONS))
    messages = [r.body["message"] for r in fake.requests]
    assert all(len(m["text"]) <= fmt.MESSENGER_TEXT_LIMIT for m in messages)
    quick = messages[-1]["quick_replies"]
    assert len(quick) == 12 and all(len(q["title"]) <= 20 for q in quick)
    assert quick[0] == {
        "content_type": "text",
        "title": "Topic number 1 with…",
        "payload": "/topic1",
    }
    assert all("quick_replies" not in m for m in messages[:-1])


@pytest.mark.parametrize(
    "fake", [(fakes.telegram_answer, "TELEGRAM_API_BASE")], indirect=True
)
def test_telegram_long_answer_with_an_inline_keyboard(fake):
    async def send() -> None:
        output = TelegramReplies(TELEGRAM["TELEGRAM_TOKEN"], fmt.OptionMemory())
        try:
            await output.send_text_with_buttons("4321", long_answer(), BUTTONS[:4])
        finally:
            await output.close_session()

    asyncio.run(send())
    bodies = [r.body for r in fake.requests]
    assert all(r.route.endswith("/sendMessage") for r in fake.requests)
    assert all(len(b["text"]) <= fmt.TELEGRAM_TEXT_LIMIT for b in bodies)
    keyboard = json.loads(bodies[-1]["reply_markup"])["inline_keyboard"]
    assert [row[0]["callback_data"] for row in keyboard] == [
        "/topic1",
        "/topic2",
        "/topic3",
        "/topic4",
    ]


def test_an_unreachable_platform_is_logged_not_raised(monkeypatch, caplog):
    from bot.servers import free_port

    closed = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    for variable in ("WHATSAPP_API_BASE", "TWILIO_API_BASE", "FACEBOOK_API_BASE"):
        monkeypatch.setenv(variable, closed)
    outputs = [
        whatsapp_output(),
        MessengerOutput(
            messenger_client("page-token", GRAPH_API_VERSION), fmt.OptionMemory()
        ),
        TwilioReplies("AC0", "token", "whatsapp:+14155238886", fmt.OptionMemory()),
    ]
    for output in outputs:
        asyncio.run(output.send_text_message("447700900123", "Hello."))
    assert "WhatsApp API not reachable" in caplog.text
    assert "Messenger API not reachable" in caplog.text
    assert "access_token=[hidden]" in caplog.text
    assert "page-token" not in caplog.text  # no access token in the log
    assert "Twilio API error" in caplog.text


@pytest.mark.parametrize("version", ["", "v25.0"])
@pytest.mark.parametrize(
    "fake", [(fakes.messenger_answer, "FACEBOOK_API_BASE")], indirect=True
)
def test_messenger_sends_to_the_graph_api_version_set(
    fake, monkeypatch, caplog, version
):
    for variable, value in MESSENGER.items():
        monkeypatch.setenv(variable, value)
    monkeypatch.setenv("MESSENGER_API_VERSION", version)
    channel = FacebookMessengerInput.from_credentials(MESSENGER_CREDENTIALS)
    asyncio.run(channel.get_output_channel().send_text_message("1234", "Hello."))
    [request] = [r for r in fake.requests if "message" in (r.body or {})]
    assert request.route == f"/{version or GRAPH_API_VERSION}/me/messages"
    assert "Messenger API error" not in caplog.text  # the stand-in accepted it


@pytest.mark.parametrize(
    "fake", [(fakes.messenger_answer, "FACEBOOK_API_BASE")], indirect=True
)
def test_the_stand_in_refuses_the_version_fbmessenger_sends_by_default(fake, caplog):
    client = MessengerClient("page-token")  # the library as Rasa uses it
    client.graph_url = client.graph_url.replace("https://graph.facebook.com", fake.url)
    asyncio.run(
        MessengerOutput(client, fmt.OptionMemory()).send_text_message("1", "Hi")
    )
    assert fake.requests[0].route == "/v2.12/me/messages"
    assert "Messenger API error 12: Graph API version 'v2.12'" in caplog.text


@pytest.mark.parametrize("version", ["", "v25.0"])
@pytest.mark.parametrize(
    "fake", [(fakes.whatsapp_answer, "WHATSAPP_API_BASE")], indirect=True
)
def test_whatsapp_sends_to_the_graph_api_version_set(
    fake, monkeypatch, caplog, version
):
    for variable, value in WHATSAPP.items():
        monkeypatch.setenv(variable, value)
    monkeypatch.setenv("WHATSAPP_API_VERSION", version)
    channel = WhatsAppInput.from_credentials(WHATSAPP_CREDENTIALS)
    asyncio.run(channel.get_output_channel().send_text_message("4477", "Hello."))
    phone_number_id = WHATSAPP["WHATSAPP_PHONE_NUMBER_ID"]
    [request] = fake.requests
    assert (
        request.route == f"/{version or GRAPH_API_VERSION}/{phone_number_id}/messages"
    )
    assert "WhatsApp API error" not in caplog.text


def test_the_default_graph_api_version_is_one_meta_lists_as_available():
    assert GRAPH_API_VERSION == fakes.GRAPH_API_VERSIONS[-1]  # the latest


@pytest.mark.parametrize(
    "count, length, kept",
    [
        (5, 200, True),  # list rows: ids up to 200 characters
        (5, 201, False),
        (3, 256, True),  # reply buttons: ids up to 256 characters
        (3, 257, False),
    ],
)
@pytest.mark.parametrize(
    "fake", [(fakes.whatsapp_answer, "WHATSAPP_API_BASE")], indirect=True
)
def test_whatsapp_button_and_row_ids_fit_their_limits(fake, count, length, kept):
    buttons = [
        {"title": f"Option {n}", "payload": f"/{n}" + "x" * (length - 2)}
        for n in range(1, count + 1)
    ]
    output = whatsapp_output()
    asyncio.run(output.send_text_with_buttons("447700900123", "Pick one.", buttons))
    action = fake.requests[-1].body["interactive"]["action"]
    choices = action.get("sections", [{}])[0].get("rows") or [
        button["reply"] for button in action["buttons"]
    ]
    ids = [choice["id"] for choice in choices]
    if kept:
        assert ids == [button["payload"] for button in buttons]
    else:  # the option's number, read back as its payload
        assert ids == [str(n) for n in range(1, count + 1)]
        resolved = asyncio.run(output.options.resolve("447700900123", "2"))
        assert resolved == buttons[1]["payload"]
