"""The conversation store: same rows as Rasa's SQL store, loads served from memory."""

from __future__ import annotations

import asyncio
import sqlite3

import pytest
import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    BotUttered,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

from bot.tracker_store import ClinicTrackerStore
from tests.support import PROJECT_ROOT

DOMAIN = Domain.load(str(PROJECT_ROOT / "domain.yml"))


def run(coroutine):
    return asyncio.run(coroutine)


def new_store(path, **kwargs) -> ClinicTrackerStore:
    return ClinicTrackerStore(domain=DOMAIN, dialect="sqlite", db=str(path), **kwargs)


def turn(text: str, answer: str, urgency: str | None = None) -> list:
    events = [
        UserUttered(text, {"name": "describe_pain", "confidence": 0.9}),
        ActionExecuted("utter_ask_stage"),
        BotUttered(answer),
        ActionExecuted("action_listen"),
    ]
    if urgency:
        events.insert(1, SlotSet("urgency", urgency))
    return events


def session_start() -> list:
    return [
        ActionExecuted("action_session_start"),
        SessionStarted(),
        ActionExecuted("action_listen"),
    ]


def event_dicts(tracker: DialogueStateTracker) -> list[dict]:
    return [event.as_dict() for event in tracker.events]


def stored_rows(path) -> list[tuple]:
    with sqlite3.connect(path) as connection:
        return connection.execute(
            "SELECT sender_id, type_name, data FROM events ORDER BY id"
        ).fetchall()


async def save_turns(store, sender: str, turns: list[list]) -> DialogueStateTracker:
    """Load, add one turn, save: what Rasa does for each message."""
    for events in turns:
        tracker = await store.retrieve(sender) or DialogueStateTracker(
            sender, DOMAIN.slots
        )
        for event in events:
            tracker.update(event)
        await store.save(tracker)
    return tracker


def test_writes_the_same_rows_as_rasas_sql_store(tmp_path):
    turns = [session_start(), turn("hip hurts", "Are you pregnant?"), turn("yes", "ok")]
    ours, stock = tmp_path / "ours.db", tmp_path / "stock.db"
    run(save_turns(new_store(ours), "anna", turns))
    run(
        save_turns(
            SQLTrackerStore(domain=DOMAIN, dialect="sqlite", db=str(stock)),
            "anna",
            turns,
        )
    )
    assert len(stored_rows(ours)) == 3 + 4 + 4
    ours_rows = [(sender, kind) for sender, kind, _ in stored_rows(ours)]
    stock_rows = [(sender, kind) for sender, kind, _ in stored_rows(stock)]
    assert ours_rows == stock_rows


def test_a_load_from_memory_equals_a_load_from_the_database(tmp_path):
    path = tmp_path / "tracker.db"
    store = new_store(path)
    saved = run(
        save_turns(
            store,
            "anna",
            [session_start(), turn("hip hurts", "Week?", urgency="soon")],
        )
    )
    from_memory = run(store.retrieve("anna"))
    from_database = run(new_store(path).retrieve("anna"))  # a restart: empty cache
    assert event_dicts(from_memory) == event_dicts(saved)
    assert event_dicts(from_database) == event_dicts(saved)
    assert from_memory.get_slot("urgency") == "soon"


def test_nothing_is_written_twice_or_lost_over_many_turns(tmp_path):
    path = tmp_path / "tracker.db"
    store = new_store(path)
    turns = [session_start()] + [turn(f"message {n}", f"reply {n}") for n in range(6)]
    run(save_turns(store, "anna", turns))
    texts = [
        row[2] for row in stored_rows(path) if row[1] in ("user", "bot") and row[0]
    ]
    assert len(texts) == 12
    assert len(set(texts)) == 12


def test_a_new_session_loads_only_the_new_session(tmp_path):
    path = tmp_path / "tracker.db"
    store = new_store(path)
    run(
        save_turns(
            store,
            "anna",
            [session_start(), turn("old", "old reply"), session_start()],
        )
    )
    run(save_turns(store, "anna", [turn("new", "new reply")]))
    from_memory = run(store.retrieve("anna"))
    from_database = run(new_store(path).retrieve("anna"))
    assert event_dicts(from_memory) == event_dicts(from_database)
    texts = [e.text for e in from_memory.events if isinstance(e, UserUttered)]
    assert texts == ["new"]
    assert any(isinstance(e, SessionStarted) for e in from_memory.events)
    # and the full history is still in the database
    full = run(new_store(path).retrieve_full_tracker("anna"))
    assert [e.text for e in full.events if isinstance(e, UserUttered)] == [
        "old",
        "new",
    ]


def test_conversations_do_not_mix(tmp_path):
    store = new_store(tmp_path / "tracker.db")
    run(save_turns(store, "anna", [session_start(), turn("anna's pain", "a")]))
    run(save_turns(store, "beth", [session_start(), turn("beth's pain", "b")]))
    anna = run(store.retrieve("anna"))
    beth = run(store.retrieve("beth"))
    assert [e.text for e in anna.events if isinstance(e, UserUttered)] == [
        "anna's pain"
    ]
    assert [e.text for e in beth.events if isinstance(e, UserUttered)] == [
        "beth's pain"
    ]


@pytest.mark.parametrize("cache_size", [0, 1])
def test_small_or_no_cache_falls_back_to_the_database(tmp_path, cache_size):
    path = tmp_path / "tracker.db"
    store = new_store(path, cache_size=cache_size)
    for sender in ("anna", "beth", "cara"):
        run(save_turns(store, sender, [session_start(), turn(sender, "hi")]))
    assert len(store._cache) == cache_size
    for sender in ("anna", "beth", "cara"):
        run(save_turns(store, sender, [turn(f"{sender} again", "hi")]))
        loaded = run(store.retrieve(sender))
        assert [e.text for e in loaded.events if isinstance(e, UserUttered)] == [
            sender,
            f"{sender} again",
        ]
    assert len(stored_rows(path)) == 3 * (3 + 4 + 4)


def test_sqlite_uses_the_write_ahead_log(tmp_path):
    path = tmp_path / "tracker.db"
    run(save_turns(new_store(path), "anna", [session_start()]))
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def user_texts(tracker: DialogueStateTracker) -> list[str]:
    return [e.text for e in tracker.events if isinstance(e, UserUttered)]


def alternate_between(stores: list, sender: str, count: int) -> None:
    """One conversation whose messages are handled by each store in turn, as
    several Rasa servers behind nginx handle them (one at a time: the lock store)."""
    run(save_turns(stores[0], sender, [session_start()]))
    for number in range(count):
        store = stores[number % len(stores)]
        run(save_turns(store, sender, [turn(f"message {number}", f"reply {number}")]))


def test_shared_stores_see_what_the_other_servers_saved(tmp_path):
    path = tmp_path / "tracker.db"
    first, second = new_store(path, shared=True), new_store(path, shared="true")
    alternate_between([first, second], "anna", 6)
    expected = [f"message {n}" for n in range(6)]
    for store in (first, second, new_store(path)):
        assert user_texts(run(store.retrieve("anna"))) == expected
    texts = [row[2] for row in stored_rows(path) if row[1] == "user"]
    assert len(texts) == len(set(texts)) == 6  # nothing written twice


def test_unshared_caches_would_lose_events_with_two_servers(tmp_path):
    """Why ``shared`` exists: with two unshared caches, a server does not see the
    other one's events, and the conversation it loads is incomplete."""
    path = tmp_path / "tracker.db"
    first, second = new_store(path), new_store(path)
    alternate_between([first, second], "anna", 4)
    assert user_texts(run(first.retrieve("anna"))) == ["message 0", "message 2"]
    shared = new_store(path, shared=True)
    alternate_between([shared, new_store(path, shared=True)], "beth", 4)
    assert user_texts(run(shared.retrieve("beth"))) == [
        f"message {n}" for n in range(4)
    ]


def test_a_conversation_unused_for_the_cache_ttl_is_read_again(tmp_path):
    path = tmp_path / "tracker.db"
    store = new_store(path, cache_ttl=0)
    run(save_turns(store, "anna", [session_start(), turn("first", "a")]))
    # another process deletes it (retention)
    with sqlite3.connect(path) as connection:
        connection.execute("DELETE FROM events WHERE sender_id = 'anna'")
    assert run(store.retrieve("anna")) is None


def test_a_database_url_gives_every_connection_setting(tmp_path):
    store = ClinicTrackerStore(domain=DOMAIN, host=f"sqlite:///{tmp_path}/url.db")
    run(save_turns(store, "anna", [session_start(), turn("hi", "hello")]))
    assert (tmp_path / "url.db").is_file()
    assert user_texts(run(new_store(tmp_path / "url.db").retrieve("anna"))) == ["hi"]


def test_several_servers_on_postgresql(postgres):
    first = ClinicTrackerStore(domain=DOMAIN, host=postgres.url, shared=True)
    second = ClinicTrackerStore(domain=DOMAIN, host=postgres.url, shared=True)
    assert first.engine.dialect.name == "postgresql"
    alternate_between([first, second], "pg-anna", 5)
    alternate_between([second, first], "pg-beth", 3)
    fresh = ClinicTrackerStore(domain=DOMAIN, host=postgres.url)
    assert user_texts(run(fresh.retrieve("pg-anna"))) == [
        f"message {n}" for n in range(5)
    ]
    assert user_texts(run(first.retrieve("pg-beth"))) == [
        f"message {n}" for n in range(3)
    ]


def test_nothing_is_lost_while_postgresql_is_down(tmp_path):
    """PostgreSQL stops in the middle of conversations and starts again."""
    from bot.servers import free_port
    from bot.services import LocalPostgres
    from tests.services import service_folder

    server = LocalPostgres(service_folder("down") / "postgres", free_port()).start()
    spool = tmp_path / "spool" / "rasa-1.jsonl"
    store = ClinicTrackerStore(domain=DOMAIN, host=server.url, shared=True, spool=spool)
    try:
        run(save_turns(store, "anna", [session_start(), turn("before", "a")]))
        server.stop()
        run(save_turns(store, "anna", [turn("while down", "b")]))  # from memory
        with pytest.raises(sa.exc.OperationalError):  # not in memory: starts again
            run(store.retrieve("beth"))
        beth = DialogueStateTracker("beth", DOMAIN.slots)
        for event in session_start() + turn("can't walk", "emergency advice"):
            beth.update(event)
        run(store.save(beth))
        assert store.status() == {
            "conversation_store": "unreachable",
            "saves_waiting": 2,
        }
        assert spool.stat().st_mode & 0o077 == 0
        server.start()
        assert store.status() == {"conversation_store": "ok", "saves_waiting": 0}
        run(save_turns(store, "anna", [turn("after", "c")]))
        fresh = ClinicTrackerStore(domain=DOMAIN, host=server.url)
        assert user_texts(run(fresh.retrieve("anna"))) == [
            "before",
            "while down",
            "after",
        ]
        assert user_texts(run(fresh.retrieve("beth"))) == ["can't walk"]
        assert user_texts(run(store.retrieve("anna"))) == user_texts(
            run(fresh.retrieve("anna"))
        )
    finally:
        server.stop()
