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

Configured in ``endpoints.yml`` (``make run``: SQLite, one Rasa server)::

    tracker_store:
      type: bot.tracker_store.ClinicTrackerStore
      dialect: sqlite
      db: var/tracker.db
      cache_size: 1000   # conversations kept in memory; 0 turns the cache off

and in ``endpoints.production.yml`` (``make production``: several Rasa servers)::

    tracker_store:
      type: bot.tracker_store.ClinicTrackerStore
      url: ${DATABASE_URL}   # postgresql://user:password@host:port/database
      shared: true

``shared: true`` is for several Rasa servers writing to one database. Each load
then asks the database for the events saved after the last one it knows (one
indexed query that usually returns nothing), so a conversation continued on
another server is complete. Rasa's lock store (Redis) makes the servers handle one
conversation's messages one at a time, so nothing is written between that query and
the save.

A conversation not used for ``cache_ttl`` seconds (default one hour) is loaded from
the database again, so one deleted meanwhile (``bot.retention``) is not kept alive
in memory. Other readers (``GET /conversations/<id>/tracker``, staff reports) read
the database and see every saved event.
"""

from __future__ import annotations

import json
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any, Iterable, Optional, Text

import sqlalchemy as sa
from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SessionStarted
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY

DEFAULT_CACHE_SIZE = 1000
DEFAULT_CACHE_TTL_SECONDS = 3600.0
TRUE = {"1", "true", "yes", "on"}


def _turn_on_write_ahead_log(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def connection_settings(url: Text) -> dict[str, Any]:
    """``SQLTrackerStore``'s settings from a database URL
    (``postgresql://user:password@host:5432/database``, or ``sqlite:///path``)."""
    parsed = sa.engine.make_url(url)
    settings: dict[str, Any] = {
        "dialect": parsed.get_backend_name(),
        "host": parsed.host,
        "port": parsed.port,
        "db": parsed.database,
        "username": parsed.username,
        "password": parsed.password,
    }
    if parsed.query:
        settings["query"] = dict(parsed.query)
    return {key: value for key, value in settings.items() if value is not None}


def as_bool(value: Any) -> bool:
    return value is True or str(value).strip().lower() in TRUE


@dataclass
class CachedConversation:
    """The events of a conversation's latest session, as a database load returns
    them (``(timestamp, JSON)`` each), and the id of the last stored row."""

    events: list[tuple[float, str]] = field(default_factory=list)
    last_id: int = 0
    used_at: float = field(default_factory=time.monotonic)


class ClinicTrackerStore(SQLTrackerStore):
    """``SQLTrackerStore`` with an in-memory cache of recent conversations."""

    def __init__(
        self,
        domain: Optional[Domain] = None,
        dialect: Text = "sqlite",
        event_broker: Optional[EventBroker] = None,
        cache_size: int = DEFAULT_CACHE_SIZE,
        shared: Any = False,
        cache_ttl: float = DEFAULT_CACHE_TTL_SECONDS,
        **kwargs: Any,
    ) -> None:
        # Rasa passes the endpoint's ``url`` as ``host``: a database URL there
        # gives every connection setting
        host = kwargs.get("host")
        if host and "://" in str(host):
            kwargs.update(connection_settings(str(kwargs.pop("host"))))
            dialect = kwargs.pop("dialect")
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
        self.shared = as_bool(shared)
        self.cache_ttl = float(cache_ttl)
        self._cache: OrderedDict[Text, CachedConversation] = OrderedDict()

    # --- loading -------------------------------------------------------------

    async def retrieve(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        """Loads the latest session of a conversation, from memory when it is there
        (with the events other servers saved since, when ``shared``)."""
        if self.domain is None:
            return await super().retrieve(sender_id)
        cached = self._fresh(sender_id)
        with self.session_scope() as session:
            if cached is None:
                rows = self._event_query(session, sender_id, False).all()
                if not rows:
                    return None
                cached = self._remember(sender_id, CachedConversation(), rows)
            elif self.shared:
                rows = (
                    session.query(self.SQLEvent)
                    .filter(
                        self.SQLEvent.sender_id == sender_id,
                        self.SQLEvent.id > cached.last_id,
                    )
                    .order_by(self.SQLEvent.id)
                    .all()
                )
                cached = self._remember(sender_id, cached, rows)
        events = [json.loads(event) for _, event in cached.events]
        return DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)

    def _fresh(self, sender_id: Text) -> Optional[CachedConversation]:
        """The cached conversation, unless it was unused for ``cache_ttl``."""
        cached = self._cache.get(sender_id)
        if cached is None:
            return None
        if time.monotonic() - cached.used_at > self.cache_ttl:
            del self._cache[sender_id]
            return None
        return cached

    # --- saving --------------------------------------------------------------

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Writes the new events to the database (the rows Rasa's store writes),
        then remembers the conversation."""
        await self.stream_events(tracker)
        sender_id = tracker.sender_id
        with self.session_scope() as session:
            rows = [
                self._row(sender_id, event)
                for event in self._additional_events(session, tracker)
            ]
            session.add_all(rows)
            session.flush()  # gives the rows their ids
            stored = [(row.id, row.timestamp, row.type_name, row.data) for row in rows]
            session.commit()
        cached = self._cache.get(sender_id)
        if cached is None:
            if not rows or len(rows) < len(tracker.events):
                return  # its older rows are not known here: the next load reads them
            cached = CachedConversation()  # a new conversation: all its rows are new
        self._remember(sender_id, cached, stored)

    def _row(self, sender_id: Text, event: Any) -> Any:
        data = event.as_dict()
        # noinspection PyArgumentList
        return self.SQLEvent(
            sender_id=sender_id,
            type_name=event.type_name,
            timestamp=data.get("timestamp"),
            intent_name=data.get("parse_data", {})
            .get("intent", {})
            .get(INTENT_NAME_KEY),
            action_name=data.get("name"),
            data=json.dumps(data),
        )

    def _additional_events(self, session: Any, tracker: DialogueStateTracker) -> Any:
        """The events not yet in the database: counted in memory when cached."""
        cached = self._cache.get(tracker.sender_id)
        if cached is None:
            return super()._additional_events(session, tracker)
        return list(tracker.events)[len(cached.events) :]

    # --- the cache -----------------------------------------------------------

    def _remember(
        self, sender_id: Text, cached: CachedConversation, rows: Iterable[Any]
    ) -> CachedConversation:
        """Adds stored rows (``SQLEvent`` or ``(id, timestamp, type, JSON)``) to the
        cached conversation, keeping what a database load would return: the events
        at or after the latest session start (by timestamp, as Rasa's query)."""
        events = cached.events
        for row in rows:
            if isinstance(row, tuple):
                row_id, timestamp, type_name, data = row
            else:
                row_id, timestamp = row.id, row.timestamp
                type_name, data = row.type_name, row.data
            if type_name == SessionStarted.type_name:
                events = [kept for kept in events if kept[0] >= timestamp]
            events.append((timestamp, data))
            cached.last_id = max(cached.last_id, row_id)
        cached.events = events
        cached.used_at = time.monotonic()
        if self.cache_size:
            self._cache[sender_id] = cached
            self._cache.move_to_end(sender_id)
            while len(self._cache) > self.cache_size:
                self._cache.popitem(last=False)
        return cached
