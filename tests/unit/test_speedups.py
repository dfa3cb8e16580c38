"""bot/speedups.py: the same checks as Rasa's, fewer costs."""

from __future__ import annotations

import asyncio

import aiohttp.web
import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction
from rasa.utils.endpoints import EndpointConfig

from bot import speedups

speedups.install()

VALID_ANSWERS = [
    {"events": [], "responses": []},
    {"events": [{"event": "slot", "name": "stage", "value": "pregnant"}]},
    {"responses": [{"response": "utter_ask_stage"}]},
]
INVALID_ANSWERS = [
    {"events": "not a list"},
    {"events": [{"event": "slot", "name": "stage"}], "responses": "nope"},
    {"events": [{"no_event_key": True}]},
    ["not", "an", "object"],
]


@pytest.mark.parametrize("answer", VALID_ANSWERS)
def test_valid_answers_pass_as_with_rasas_check(answer):
    jsonschema.validate(answer, RemoteAction.action_response_format_spec())
    assert RemoteAction("action_x", None)._validate_action_result(answer) is True


@pytest.mark.parametrize("answer", INVALID_ANSWERS)
def test_invalid_answers_are_rejected_as_with_rasas_check(answer):
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(answer, RemoteAction.action_response_format_spec())
    with pytest.raises(jsonschema.ValidationError, match="Failed to validate Action"):
        RemoteAction("action_x", None)._validate_action_result(answer)


async def _client_ports_seen(pause: float) -> list[int]:
    """Three calls through an endpoint; the client port of each, as the server saw."""
    ports: list[int] = []

    async def answer(request: aiohttp.web.Request) -> aiohttp.web.Response:
        ports.append(request.transport.get_extra_info("peername")[1])
        return aiohttp.web.json_response({"events": [], "responses": []})

    app = aiohttp.web.Application()
    app.router.add_post("/webhook", answer)
    runner = aiohttp.web.AppRunner(app)
    await runner.setup()
    site = aiohttp.web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    endpoint = EndpointConfig(f"http://127.0.0.1:{port}/webhook")
    try:
        for _ in range(3):
            assert await endpoint.request(json={"next_action": "x"}) == {
                "events": [],
                "responses": [],
            }
            await asyncio.sleep(pause)
    finally:
        async with endpoint.session() as session:
            await session.close()
        await runner.cleanup()
    return ports


def test_calls_share_one_connection():
    ports = asyncio.run(_client_ports_seen(pause=0))
    assert len(ports) == 3 and len(set(ports)) == 1


def test_an_idle_connection_is_closed_before_the_server_would_close_it():
    ports = asyncio.run(_client_ports_seen(pause=speedups.KEEP_ALIVE_SECONDS + 0.5))
    assert len(ports) == 3 and len(set(ports)) == 3
