"""The conversation store: Rasa's SQL tracker store, with recent conversations kept
in memory as well.

Every message makes Rasa load the conversation from the store and save it again. The
stock ``SQLTrackerStore`` reads all events of the current session from the database
to load it, and counts them again to know which ones are new when it saves. This
store writes every new event to the database exactly as the stock one does (same
tables, same rows, committed before the reply is sent), but it also keeps the events
of the most recent conversations in memory, so that loading a conversation and
finding its new events need no query. With SQLite it also turns on write-ahead
logging and keeps its connection open, so a save does not wait for the whole file
to be synced.

Configured in ``endpoints.yml``::

    tracker_store:
      type: bot.tracker_store.ClinicTrackerStore
      dialect: sqlite
      db: var/tracker.db
      cache_size: 1000   # conversations kept in memory; 0 turns the cache off

The cache assumes one Rasa server writes to the database, which is how ``make run``
runs the bot. Other readers (``GET /conversations/<id>/tracker``, staff reports) read
the database and see every saved event.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from typing import Any, Iterable, Optional, Text

import sqlalchemy as sa
from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Event, SessionStarted
from rasa.shared.core.trackers import DialogueStateTracker

DEFAULT_CACHE_SIZE = 1000


def _turn_on_write_ahead_log(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


class ClinicTrackerStore(SQLTrackerStore):
    """``SQLTrackerStore`` with an in-memory cache of recent conversations."""

    def __init__(
        self,
        domain: Optional[Domain] = None,
        dialect: Text = "sqlite",
        event_broker: Optional[EventBroker] = None,
        cache_size: int = DEFAULT_CACHE_SIZE,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            domain=domain, dialect=dialect, event_broker=event_broker, **kwargs
        )
        if self.engine.dialect.name == "sqlite":
            # SQLAlchemy opens and closes a file connection per query by default,
            # and SQLite syncs the whole file on every close: keep one connection.
            self.engine.dispose()
            self.engine = sa.create_engine(
                self.engine.url, poolclass=sa.pool.SingletonThreadPool
            )
            sa.event.listen(self.engine, "connect", _turn_on_write_ahead_log)
            self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)
        self.cache_size = max(0, int(cache_size))
        # sender id -> its latest session's events, (timestamp, JSON) each, as a
        # load from the database would return them
        self._cache: OrderedDict[Text, list[tuple]] = OrderedDict()

    async def retrieve(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        """Loads the latest session of a conversation, from memory when it is there."""
        cached = self._cache.get(sender_id)
        if cached is None or self.domain is None:
            tracker = await super().retrieve(sender_id)
            if tracker is not None:
                self._remember(sender_id, [], tracker.events)
            return tracker
        self._cache.move_to_end(sender_id)
        events = [json.loads(event) for _, event in cached]
        return DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Writes the new events to the database, then remembers the conversation."""
        cached = self._cache.get(tracker.sender_id)
        await super().save(tracker)
        if cached is None:
            self._remember(tracker.sender_id, [], tracker.events)
        else:
            new_events = list(tracker.events)[len(cached) :]
            self._remember(tracker.sender_id, cached, new_events)

    def _additional_events(self, session: Any, tracker: DialogueStateTracker) -> Any:
        """The events not yet in the database: counted in memory when cached."""
        cached = self._cache.get(tracker.sender_id)
        if cached is None:
            return super()._additional_events(session, tracker)
        return list(tracker.events)[len(cached) :]

    def _remember(
        self, sender_id: Text, stored: list[tuple], new_events: Iterable[Event]
    ) -> None:
        """Keeps ``stored`` + ``new_events`` that a database load would return: the
        events at or after the latest session start (by timestamp, as Rasa's query)."""
        if not self.cache_size:
            return
        events = list(stored)
        for event in new_events:
            if isinstance(event, SessionStarted):
                events = [kept for kept in events if kept[0] >= event.timestamp]
            events.append((event.timestamp, json.dumps(event.as_dict())))
        self._cache[sender_id] = events
        self._cache.move_to_end(sender_id)
        while len(self._cache) > self.cache_size:
            self._cache.popitem(last=False)
