"""Webhook authentication and duplicate deliveries, shared by the channels."""

from __future__ import annotations

import hashlib
import hmac
import threading
import time
from collections import OrderedDict
from typing import Optional


def hub_signature_is_valid(app_secret: str, body: bytes, header: Optional[str]) -> bool:
    """Meta's ``X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>``."""
    if not header or not header.startswith("sha256="):
        return False
    expected = hmac.new(app_secret.encode("utf-8"), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, header[len("sha256=") :].strip().lower())


def secret_is_valid(expected: str, given: Optional[str]) -> bool:
    """Constant-time comparison of a shared secret (e.g. a verify token)."""
    return bool(given) and hmac.compare_digest(
        expected.encode("utf-8"), str(given).encode("utf-8")
    )


class RecentIds:
    """Platform message ids seen recently, so a retried delivery is answered once.

    Bounded (the oldest ids are forgotten first) and with an expiry: platforms
    retry for minutes to a day, not for ever. In this process only;
    ``bot.shared_memory.RedisRecentIds`` is the same for several servers.
    """

    def __init__(self, max_size: int = 10_000, ttl_seconds: float = 86_400) -> None:
        self.max_size = max_size
        self.ttl_seconds = ttl_seconds
        self._seen: OrderedDict[str, float] = OrderedDict()
        self._lock = threading.Lock()

    async def first_time(self, message_id: Optional[str]) -> bool:
        """Records the id; False when it was seen before (a duplicate delivery)."""
        if not message_id:
            return True
        now = time.monotonic()
        with self._lock:
            while self._seen:
                oldest, seen_at = next(iter(self._seen.items()))
                if now - seen_at < self.ttl_seconds and len(self._seen) < self.max_size:
                    break
                del self._seen[oldest]
            if message_id in self._seen:
                return False
            self._seen[message_id] = now
            return True

    async def forget(self, message_id: Optional[str]) -> None:
        """Forgets an id whose message could not be handled, so that the
        platform's next delivery of it is answered."""
        with self._lock:
            self._seen.pop(message_id or "", None)
