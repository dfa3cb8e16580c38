"""``GET /webhooks/health/``: whether this Rasa server can keep conversations.

Listed in ``credentials.yml`` as ``bot.health.HealthInput`` (a channel that takes
no messages, so that the route lives in the Rasa server itself). nginx serves it as
``/health`` in the production profile::

    {"status": "ok", "conversation_store": "ok", "saves_waiting": 0, "lock_store": "ok"}

``degraded`` when the database or Redis does not answer, or saves wait in the spool
file (``bot.tracker_store``); the bot still answers then. The answer is 200 either
way: the server is up; the status says how well.
"""

from __future__ import annotations

import asyncio
from typing import Any, Awaitable, Callable

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse


def store_status(agent: Any) -> dict[str, Any]:
    """The conversation store's and the lock store's state (blocking calls)."""
    status: dict[str, Any] = {}
    store = getattr(agent.tracker_store, "_tracker_store", agent.tracker_store)
    if hasattr(store, "status"):
        status.update(store.status())
    redis_client = getattr(agent.lock_store, "red", None)
    if redis_client is not None:
        try:
            redis_client.ping()
            status["lock_store"] = "ok"
        except Exception:  # noqa: BLE001 - any failure means it does not answer
            status["lock_store"] = "unreachable"
    return status


def overall(status: dict[str, Any]) -> str:
    unreachable = "unreachable" in status.values()
    return "degraded" if unreachable or status.get("saves_waiting") else "ok"


class HealthInput(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "health"

    def blueprint(
        self, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> Blueprint:
        health = Blueprint("health", __name__)

        @health.route("/", methods=["GET"])
        async def check(request: Request) -> HTTPResponse:
            agent = getattr(request.app.ctx, "agent", None)
            if agent is None:
                return response.json({"status": "starting"}, status=503)
            status = await asyncio.to_thread(store_status, agent)
            return response.json({"status": overall(status), **status})

        return health
