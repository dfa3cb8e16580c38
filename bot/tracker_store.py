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

With ``spool`` set (a file; the production profile gives each Rasa server its own),
a save that fails because the database cannot be reached is not lost: the new events
are appended to that file (flushed to disk) and kept in memory, the conversation
goes on, and they are written to the database, in order, as soon as it answers
again (at the next load, save or health check). A conversation that is not in
memory while the database is down starts again (Rasa's fail-safe store gives the
processor an empty conversation), so an emergency is still answered. ``status()``
says whether the database answers and how many saves wait (``/health``).

A conversation not used for ``cache_ttl`` seconds (default one hour) is loaded from
the database again, so one deleted meanwhile (``bot.retention``) is not kept alive
in memory. Other readers (``GET /conversations/<id>/tracker``, staff reports) read
the database and see every saved event.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Optional, Text

import sqlalchemy as sa
from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SessionStarted
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY

from bot.serving import TRUE

logger = logging.getLogger(__name__)

DEFAULT_CACHE_SIZE = 1000
RETRY_SPOOL_AFTER_SECONDS = 1.0
# what a database that cannot be reached raises
UNREACHABLE = (sa.exc.OperationalError, sa.exc.InterfaceError, OSError)
DEFAULT_CACHE_TTL_SECONDS = 3600.0


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
        spool: Optional[Text] = None,
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
        elif self.engine.dialect.name == "postgresql":
            # after a database restart the pooled connections are dead: test each
            # before use; and don't wait long for a database that does not answer
            self.engine.dispose()
            self.engine = sa.create_engine(
                self.engine.url,
                pool_pre_ping=True,
                connect_args={"connect_timeout": 3},
            )
            self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)
        self.cache_size = max(0, int(cache_size))
        self.shared = as_bool(shared)
        self.cache_ttl = float(cache_ttl)
        self._cache: OrderedDict[Text, CachedConversation] = OrderedDict()
        self.spool = Path(spool) if spool else None
        self._spool_tried_at = 0.0
        # /health writes waiting saves from a thread: one writer of the file at once
        self._spool_lock = threading.RLock()
        if self.spool is not None:
            self.spool.parent.mkdir(parents=True, exist_ok=True)
            self._write_spooled()  # what waited when this server stopped

    # --- loading -------------------------------------------------------------

    async def retrieve(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        """Loads the latest session of a conversation, from memory when it is there
        (with the events other servers saved since, when ``shared``)."""
        if self.domain is None:
            return await super().retrieve(sender_id)
        if self.spool is None:
            return self._load(sender_id)
        try:
            self._require_spool_written()
            return self._load(sender_id)
        except UNREACHABLE:
            cached = self._cache.get(sender_id)
            logger.error(
                "conversation store unreachable: conversation %s",
                "continued from memory" if cached else "not in memory, starts again",
            )
            if cached is None:
                raise  # Rasa's fail-safe store: an empty conversation
            return self._tracker(sender_id, cached)

    def _load(self, sender_id: Text) -> Optional[DialogueStateTracker]:
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
        return self._tracker(sender_id, cached)

    def _tracker(
        self, sender_id: Text, cached: CachedConversation
    ) -> DialogueStateTracker:
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
        if self.spool is None:
            self._save(tracker)
            return
        try:
            self._require_spool_written()
            self._save(tracker)
        except UNREACHABLE:
            self._spool_save(tracker)

    def _save(self, tracker: DialogueStateTracker) -> None:
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

    # --- while the database cannot be reached --------------------------------

    def _spool_save(self, tracker: DialogueStateTracker) -> None:
        """Appends the new events to the spool file and to the cached conversation."""
        sender_id = tracker.sender_id
        cached = self._cache.get(sender_id)
        known = len(cached.events) if cached else 0
        events = [event.as_dict() for event in list(tracker.events)[known:]]
        line = json.dumps({"sender_id": sender_id, "events": events})
        with self._spool_lock, self.spool.open("a") as handle:
            handle.write(line + "\n")
            handle.flush()
            os.fsync(handle.fileno())
            os.chmod(self.spool, 0o600)  # patients' messages
        logger.error(
            "conversation store unreachable: %d events kept in %s until it answers",
            len(events),
            self.spool,
        )
        if cached is None:
            cached = CachedConversation()
        rows = [
            (0, event.get("timestamp"), event.get("event"), json.dumps(event))
            for event in events
        ]
        self._remember(sender_id, cached, rows)

    def spooled(self) -> int:
        """How many saves wait in the spool file."""
        if self.spool is None or not self.spool.is_file():
            return 0
        with self.spool.open() as handle:
            return sum(1 for line in handle if line.strip())

    def _require_spool_written(self) -> None:
        """Raises as an unreachable database does while saves still wait: they go
        to the database first, in order."""
        if not self._write_spooled():
            raise sa.exc.OperationalError("spooled saves wait", None, None)

    def _write_spooled(self, force: bool = False) -> bool:
        """Writes what waits in the spool file to the database, in order, in one
        transaction; True when nothing waits any more."""
        if self.spool is None:
            return True
        with self._spool_lock:
            return self._write_spooled_locked(force)

    def _write_spooled_locked(self, force: bool) -> bool:
        if not self.spooled():
            return True
        now = time.monotonic()
        if not force and now - self._spool_tried_at < RETRY_SPOOL_AFTER_SECONDS:
            return False
        self._spool_tried_at = now
        records = [
            json.loads(line) for line in self.spool.read_text().splitlines() if line
        ]
        from rasa.shared.core.events import Event

        try:
            with self.session_scope() as session:
                for record in records:
                    session.add_all(
                        self._row(record["sender_id"], Event.from_parameters(data))
                        for data in record["events"]
                    )
                session.commit()
        except UNREACHABLE:
            return False
        self.spool.write_text("")
        for record in records:  # read them from the database, with their ids
            self._cache.pop(record["sender_id"], None)
        logger.warning(
            "conversation store answers again: %d saves written", len(records)
        )
        return True

    def status(self) -> dict[str, Any]:
        """For ``/health``: does the database answer, and how many saves wait."""
        try:
            with self.engine.connect() as connection:
                connection.execute(sa.text("SELECT 1"))
            reachable = True
        except UNREACHABLE:
            reachable = False
        if reachable:
            self._write_spooled(force=True)
        waiting = self.spooled()
        return {
            "conversation_store": "ok" if reachable else "unreachable",
            "saves_waiting": waiting,
        }

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
