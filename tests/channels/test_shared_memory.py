"""Several servers share the channels' memory and Rasa's lock through Redis
(``bot.shared_memory``), against a real Redis on loopback."""

from __future__ import annotations

import asyncio
import json
import uuid
from types import SimpleNamespace

import pytest
from rasa.utils.endpoints import EndpointConfig

from bot.channels.formatting import OptionMemory
from bot.channels.security import RecentIds
from bot.channels.whatsapp import WhatsAppInput
from bot.servers import free_port
from bot.shared_memory import RedisOptionMemory, RedisRecentIds, RedisUrlLockStore
from tests.channels.drivers import hub_signature
from tests.channels.test_platform_replies import WHATSAPP, WHATSAPP_CREDENTIALS

BUTTONS = [
    {"title": "Yes, I can walk", "payload": "/affirm"},
    {"title": "No, I can't", "payload": "/deny"},
]


def test_a_retried_delivery_is_answered_once_whichever_server_gets_it(
    redis_server, monkeypatch
):
    for variable, value in WHATSAPP.items():
        monkeypatch.setenv(variable, value)
    monkeypatch.setenv("REDIS_URL", redis_server.url)
    first = WhatsAppInput.from_credentials(WHATSAPP_CREDENTIALS)
    second = WhatsAppInput.from_credentials(WHATSAPP_CREDENTIALS)
    assert isinstance(first.recent_ids, RedisRecentIds)
    received = []

    async def on_new_message(message) -> None:
        received.append((message.sender_id, message.text))

    async def deliveries() -> list[bool]:
        output = first.get_output_channel()
        return [
            await first.deliver(on_new_message, output, "4477", "hip pain", "wamid.1"),
            await second.deliver(on_new_message, output, "4477", "hip pain", "wamid.1"),
            await second.deliver(on_new_message, output, "4477", "still", "wamid.2"),
        ]

    assert asyncio.run(deliveries()) == [True, False, True]
    assert received == [("4477", "hip pain"), ("4477", "still")]


def test_options_shown_by_one_server_are_read_by_another(redis_server):
    async def show_then_answer() -> list:
        shown_by = RedisOptionMemory(redis_server.url, "twilio")
        answered_on = RedisOptionMemory(redis_server.url, "twilio")
        await shown_by.remember("whatsapp:+4477", BUTTONS)
        read = [await answered_on.resolve("whatsapp:+4477", "2")]
        read.append(await answered_on.resolve("whatsapp:+4477", "2"))  # used once
        await shown_by.remember("whatsapp:+4477", BUTTONS)
        read.append(await answered_on.resolve("whatsapp:+4488", "1"))  # not hers
        read.append(
            await RedisOptionMemory(redis_server.url, "other").resolve(
                "whatsapp:+4477", "1"
            )
        )  # another channel's
        return read

    assert asyncio.run(show_then_answer()) == ["/deny", "2", "1", "1"]


def test_without_redis_nothing_is_lost(caplog):
    closed = f"redis://127.0.0.1:{free_port()}/0"

    async def with_redis_down() -> list:
        ids, options = (
            RedisRecentIds(closed, "whatsapp"),
            RedisOptionMemory(closed, "whatsapp"),
        )
        await options.remember("4477", BUTTONS)
        return [
            await ids.first_time("wamid.9"),
            await ids.first_time("wamid.9"),  # may be answered twice, never lost
            await options.resolve("4477", "my hip hurts"),
        ]

    assert asyncio.run(with_redis_down()) == [True, True, "my hip hurts"]
    assert "Redis not reachable" in caplog.text
    assert "my hip hurts" not in caplog.text


def test_without_redis_url_the_memory_is_the_process(monkeypatch):
    for variable, value in WHATSAPP.items():
        monkeypatch.setenv(variable, value)
    monkeypatch.delenv("REDIS_URL", raising=False)
    channel = WhatsAppInput.from_credentials(WHATSAPP_CREDENTIALS)
    assert isinstance(channel.recent_ids, RecentIds)
    assert isinstance(channel.options, OptionMemory)


def test_the_lock_store_from_a_url_locks_across_servers(redis_server):
    config = EndpointConfig(url=redis_server.url, type="bot.shared_memory.X")
    first, second = RedisUrlLockStore(config), RedisUrlLockStore(config)
    serving = first.issue_ticket("anna")  # one server handles her message
    waiting = second.issue_ticket("anna")  # another server got her next one
    assert waiting == serving + 1
    assert second.get_lock("anna").is_locked(waiting)  # so it waits
    first.finish_serving("anna", serving)
    assert not second.get_lock("anna").is_locked(waiting)
    second.finish_serving("anna", waiting)


class FailingOnce:
    """The bot, failing on the first message it is given (its store is down)."""

    def __init__(self) -> None:
        self.calls = 0
        self.handled = []

    async def __call__(self, message) -> None:
        self.calls += 1
        if self.calls == 1:
            raise ConnectionError("conversation store unreachable")
        self.handled.append(message.text)


@pytest.mark.parametrize("shared", [False, True])
def test_a_message_the_bot_could_not_handle_is_answered_on_the_retry(
    shared, redis_server, monkeypatch, caplog
):
    for variable, value in WHATSAPP.items():
        monkeypatch.setenv(variable, value)
    if shared:
        monkeypatch.setenv("REDIS_URL", redis_server.url)
    else:
        monkeypatch.delenv("REDIS_URL", raising=False)
    channel = WhatsAppInput.from_credentials(WHATSAPP_CREDENTIALS)
    bot = FailingOnce()
    message_id = f"wamid.{uuid.uuid4().hex}"
    body = json.dumps(
        {
            "entry": [
                {
                    "changes": [
                        {
                            "value": {
                                "metadata": {
                                    "phone_number_id": WHATSAPP[
                                        "WHATSAPP_PHONE_NUMBER_ID"
                                    ]
                                },
                                "messages": [
                                    {
                                        "from": "4477",
                                        "id": message_id,
                                        "type": "text",
                                        "text": {"body": "I can't walk"},
                                    }
                                ],
                            }
                        }
                    ]
                }
            ]
        }
    ).encode()
    request = SimpleNamespace(
        body=body,
        json=json.loads(body),
        headers={
            "X-Hub-Signature-256": hub_signature(WHATSAPP["WHATSAPP_APP_SECRET"], body)
        },
    )
    monkeypatch.setattr(channel, "get_metadata", lambda _: None)
    receive = receive_handler(channel, bot)

    async def three_deliveries() -> list:
        return [await receive(request) for _ in range(3)]

    first, retried, again = asyncio.run(three_deliveries())
    assert (first.status, retried.status, again.status) == (503, 200, 200)
    assert bot.handled == ["I can't walk"]  # once: the third is a duplicate
    assert "could not be handled (ConnectionError)" in caplog.text
    assert "I can't walk" not in caplog.text


def receive_handler(channel: WhatsAppInput, bot):
    """The connector's own POST /webhook handler (signature check included)."""
    blueprint = channel.blueprint(bot)
    for route in blueprint._future_routes:
        if route.uri == "/webhook" and "POST" in route.methods:
            return route.handler
    raise AssertionError("no POST /webhook route")
