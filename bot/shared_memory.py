"""What several Rasa servers share through Redis (``REDIS_URL``).

- ``RedisUrlLockStore``: Rasa's Redis lock store, configured by one URL
  (``lock_store: {type: bot.shared_memory.RedisUrlLockStore, url: ${REDIS_URL}}``).
  Every server then handles one conversation's messages one at a time.
- ``RedisRecentIds`` and ``RedisOptionMemory``: the messaging channels' duplicate
  deliveries and numbered options, which ``bot.channels`` otherwise keeps in the
  process. In Redis they survive a restart and every server sees them: a platform's
  retry may reach another server, and "2" may answer options another server showed.

``channel_memory(channel)`` picks Redis when ``REDIS_URL`` is set, else memory.

When Redis does not answer, a delivery counts as new (answered, perhaps twice,
rather than not at all) and numbered options are not resolved (the patient's text
goes to the bot as she wrote it); the log says so, without message text.
"""

from __future__ import annotations

import json
import logging
import os
from typing import Any, Optional

from rasa.core.lock_store import RedisLockStore
from rasa.utils.endpoints import EndpointConfig

from bot.channels.formatting import OptionMemory, option_payloads, resolve_option
from bot.channels.security import RecentIds

logger = logging.getLogger(__name__)

KEY_PREFIX = "toh"
TTL_SECONDS = 86_400  # platforms retry for minutes to a day
REDIS_TIMEOUT_SECONDS = 2.0


def redis_url(environ: Optional[dict] = None) -> str:
    environ = os.environ if environ is None else environ
    return (environ.get("REDIS_URL") or "").strip()


class RedisUrlLockStore(RedisLockStore):
    """Rasa's ``RedisLockStore`` with its connection given as one URL
    (``redis://:password@host:6379/0``, ``rediss://`` for TLS)."""

    def __init__(self, endpoint_config: EndpointConfig) -> None:
        import redis

        # Rasa's constructor checks and sets the key prefix; the client is ours
        super().__init__(key_prefix=endpoint_config.kwargs.get("key_prefix"))
        self.red = redis.StrictRedis.from_url(
            endpoint_config.url or redis_url(), socket_timeout=REDIS_TIMEOUT_SECONDS
        )


class RedisClient:
    """One asyncio Redis client, made on first use (inside the server's loop)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._client: Any = None

    @property
    def client(self) -> Any:
        if self._client is None:
            import redis.asyncio

            self._client = redis.asyncio.Redis.from_url(
                self.url,
                socket_timeout=REDIS_TIMEOUT_SECONDS,
                socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
            )
        return self._client


class RedisRecentIds(RedisClient):
    """``RecentIds`` kept in Redis: ``SET NX`` with an expiry, one key per id."""

    def __init__(self, url: str, channel: str, ttl_seconds: int = TTL_SECONDS):
        super().__init__(url)
        self.prefix = f"{KEY_PREFIX}:seen:{channel}:"
        self.ttl_seconds = ttl_seconds

    async def first_time(self, message_id: Optional[str]) -> bool:
        if not message_id:
            return True
        import redis

        try:
            added = await self.client.set(
                self.prefix + message_id, 1, nx=True, ex=self.ttl_seconds
            )
        except (redis.RedisError, OSError) as error:
            logger.error("Redis not reachable, a delivery counts as new: %s", error)
            return True
        return bool(added)

    async def forget(self, message_id: Optional[str]) -> None:
        if not message_id:
            return
        import redis

        try:
            await self.client.delete(self.prefix + message_id)
        except (redis.RedisError, OSError) as error:
            logger.error("Redis not reachable, a delivery id not forgotten: %s", error)


class RedisOptionMemory(RedisClient):
    """``OptionMemory`` kept in Redis: the payloads of the last numbered options
    shown to each sender, for her next message only."""

    def __init__(self, url: str, channel: str, ttl_seconds: int = TTL_SECONDS):
        super().__init__(url)
        self.prefix = f"{KEY_PREFIX}:options:{channel}:"
        self.ttl_seconds = ttl_seconds

    async def remember(self, sender: str, buttons: list[dict[str, Any]]) -> None:
        import redis

        try:
            await self.client.set(
                self.prefix + sender,
                json.dumps(option_payloads(buttons)),
                ex=self.ttl_seconds,
            )
        except (redis.RedisError, OSError) as error:
            logger.error("Redis not reachable, options not kept: %s", error)

    async def resolve(self, sender: str, text: Optional[str]) -> Optional[str]:
        import redis

        try:
            stored = await self.client.getdel(self.prefix + sender)
        except (redis.RedisError, OSError) as error:
            logger.error("Redis not reachable, options not read: %s", error)
            return text
        if stored is None:
            return text
        return resolve_option(json.loads(stored), text)


def channel_memory(channel: str) -> tuple[Any, Any]:
    """(recent ids, option memory) for a channel: in Redis when ``REDIS_URL`` is
    set, else in this process."""
    url = redis_url()
    if url:
        return RedisRecentIds(url, channel), RedisOptionMemory(url, channel)
    return RecentIds(), OptionMemory()
