"""Retention (bot/retention.py): conversations idle for longer than the period are
deleted whole, on SQLite and on PostgreSQL; active ones are kept whole."""

from __future__ import annotations

import secrets
import subprocess
import sys
import time

import pytest
import sqlalchemy as sa
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    BotUttered,
    SessionStarted,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

from bot import retention
from tests.services import save_conversations
from tests.support import PROJECT_ROOT, project_env

DOMAIN = Domain.load(str(PROJECT_ROOT / "domain.yml"))
DAY = 86400
NOW = time.time()
COLUMNS = "id, sender_id, type_name, timestamp, intent_name, action_name, data"


def phone_number() -> str:
    """A conversation id as a WhatsApp channel makes them, unique per test."""
    return f"+4477009{secrets.randbelow(10**5):05d}"


def conversation(sender: str, *days_ago: float) -> DialogueStateTracker:
    """A session started at the first moment, one turn (four events) at each."""
    start = NOW - days_ago[0] * DAY
    events = [
        ActionExecuted("action_session_start", timestamp=start),
        SessionStarted(timestamp=start),
        ActionExecuted("action_listen", timestamp=start),
    ]
    for ago in days_ago:
        at = NOW - ago * DAY
        events += [
            UserUttered(
                f"my hip hurts, {sender} here",
                {"name": "describe_pain", "confidence": 1.0},
                timestamp=at,
            ),
            ActionExecuted("utter_ask_stage", timestamp=at),
            BotUttered("Are you pregnant?", timestamp=at),
            ActionExecuted("action_listen", timestamp=at),
        ]
    return DialogueStateTracker.from_events(sender, events, slots=DOMAIN.slots)


def rows(url: str) -> list[tuple]:
    engine = sa.create_engine(url)
    with engine.connect() as connection:
        found = connection.execute(
            sa.text(f"SELECT {COLUMNS} FROM events ORDER BY id")
        ).all()
    engine.dispose()
    return [tuple(row) for row in found]


def senders(url: str) -> set[str]:
    return {row[1] for row in rows(url)}


@pytest.fixture
def postgres_url(databases) -> str:
    """A database of this test's own on the test PostgreSQL server."""
    return databases()


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'tracker.db'}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def clinic(database) -> dict[str, str]:
    """Three conversations: idle for 40 days, idle for 10 days, and one that began
    100 days ago and is still going (last message yesterday)."""
    ids = {"idle_40": phone_number(), "idle_10": phone_number()}
    ids["active"] = phone_number()
    save_conversations(
        database,
        conversation(ids["idle_40"], 45, 40),
        conversation(ids["idle_10"], 12, 10),
        conversation(ids["active"], 100, 60, 1),
    )
    return ids


@pytest.fixture(autouse=True)
def no_settings(monkeypatch):
    """The tests set what they use; nothing comes from the machine's environment."""
    for name in ("RETENTION_DAYS", "DATABASE_URL", "TRACKER_DB"):
        monkeypatch.delenv(name, raising=False)


# --- delete_older_than ---------------------------------------------------------


def test_deletes_only_the_conversation_idle_for_longer(database, clinic):
    before = rows(database)
    idle = [row for row in before if row[1] == clinic["idle_40"]]
    assert len(idle) == 11

    assert retention.delete_older_than(database, 30, now=NOW) == (1, len(idle))

    # the others are kept whole, the active one with its events of 100 days ago
    assert rows(database) == [row for row in before if row[1] != clinic["idle_40"]]
    assert min(row[3] for row in rows(database)) == pytest.approx(NOW - 100 * DAY)
    assert retention.delete_older_than(database, 30, now=NOW) == (0, 0)


def test_shorter_period_deletes_more(database, clinic):
    assert retention.delete_older_than(database, 5, now=NOW) == (2, 22)
    assert senders(database) == {clinic["active"]}


def test_dry_run_counts_what_would_go_and_deletes_nothing(database, clinic):
    before = rows(database)
    assert retention.delete_older_than(database, 30, now=NOW, dry_run=True) == (1, 11)
    assert rows(database) == before


def test_a_conversation_is_old_only_after_the_whole_period(database):
    exactly, just_over = phone_number(), phone_number()
    save_conversations(
        database,
        conversation(exactly, 30),
        conversation(just_over, 30 + 1 / DAY),
    )
    assert retention.delete_older_than(database, 30, now=NOW) == (1, 7)
    assert senders(database) == {exactly}


def test_takes_an_engine_as_the_production_profile_has_one(database, clinic):
    engine = sa.create_engine(database)
    assert retention.delete_older_than(engine, 30, now=NOW) == (1, 11)
    with engine.connect() as connection:  # the caller's engine still works
        assert connection.execute(sa.text("SELECT count(*) FROM events")).scalar() == 26
    engine.dispose()


def test_now_defaults_to_the_current_time(tmp_path):
    url = f"sqlite:///{tmp_path / 'tracker.db'}"
    old, recent = phone_number(), phone_number()
    save_conversations(url, conversation(old, 31), conversation(recent, 29))
    assert retention.delete_older_than(url, 30) == (1, 7)
    assert senders(url) == {recent}


def test_a_store_without_conversations_deletes_nothing(tmp_path):
    missing = tmp_path / "missing.db"
    assert retention.delete_older_than(f"sqlite:///{missing}", 30) == (0, 0)
    assert not missing.exists()  # not created by looking
    empty = tmp_path / "empty.db"
    sa.create_engine(f"sqlite:///{empty}").connect().close()
    assert retention.delete_older_than(f"sqlite:///{empty}", 30) == (0, 0)


@pytest.mark.parametrize("days", [0, -1, 1.5, True, "30", None])
def test_days_must_be_a_whole_number_of_at_least_one(tmp_path, days):
    with pytest.raises(ValueError, match="whole number"):
        retention.delete_older_than(f"sqlite:///{tmp_path / 'x.db'}", days)


# --- the command line ------------------------------------------------------------


@pytest.fixture
def sqlite_clinic(tmp_path) -> tuple[str, dict[str, str]]:
    url = f"sqlite:///{tmp_path / 'tracker.db'}"
    ids = {"idle_40": phone_number(), "idle_10": phone_number()}
    save_conversations(
        url, conversation(ids["idle_40"], 45, 40), conversation(ids["idle_10"], 10)
    )
    return url, ids


def run_main(capsys, *arguments: str) -> tuple[int, str, str]:
    try:
        status = retention.main(list(arguments))
    except SystemExit as stop:
        status = stop.code
    out, err = capsys.readouterr()
    return status, out, err


def names_nobody(output: str, ids: dict[str, str]) -> bool:
    """No conversation id (nor its last digits) and no message text in ``output``."""
    return not any(
        part in output for sender in ids.values() for part in (sender, sender[-5:])
    ) and ("hip hurts" not in output)


def test_command_deletes_and_prints_numbers_only(capsys, sqlite_clinic):
    url, ids = sqlite_clinic
    status, out, err = run_main(capsys, "--days", "30", "--database", url)
    assert status == 0
    assert out == "Deleted 1 conversation (11 events) inactive for more than 30 days.\n"
    assert names_nobody(out + err, ids)
    assert senders(url) == {ids["idle_10"]}


def test_command_on_postgresql_shows_no_password(capsys, postgres, postgres_url):
    ids = {"idle": phone_number(), "active": phone_number()}
    save_conversations(
        postgres_url, conversation(ids["idle"], 90), conversation(ids["active"], 2)
    )
    status, out, err = run_main(capsys, "--days", "30", "--database", postgres_url)
    assert status == 0
    assert out == "Deleted 1 conversation (7 events) inactive for more than 30 days.\n"
    assert postgres.password not in out + err
    assert names_nobody(out + err, ids)
    assert senders(postgres_url) == {ids["active"]}


def test_dry_run_reports_and_deletes_nothing(capsys, sqlite_clinic):
    url, ids = sqlite_clinic
    before = rows(url)
    status, out, _ = run_main(capsys, "--days", "30", "--database", url, "--dry-run")
    assert status == 0
    assert out.startswith("Would delete 1 conversation (11 events) ")
    assert "nothing deleted" in out
    assert names_nobody(out, ids)
    assert rows(url) == before


def test_settings_come_from_the_environment(capsys, monkeypatch, sqlite_clinic):
    url, ids = sqlite_clinic
    monkeypatch.setenv("RETENTION_DAYS", "30")
    monkeypatch.setenv("TRACKER_DB", url.removeprefix("sqlite:///"))
    assert run_main(capsys)[:2] == (
        0,
        "Deleted 1 conversation (11 events) inactive for more than 30 days.\n",
    )
    assert senders(url) == {ids["idle_10"]}


def test_options_win_over_the_environment(capsys, monkeypatch, tmp_path):
    chosen, other = tmp_path / "chosen.db", tmp_path / "other.db"
    for path in (chosen, other):
        save_conversations(f"sqlite:///{path}", conversation(phone_number(), 10))
    monkeypatch.setenv("RETENTION_DAYS", "60")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{other}")
    monkeypatch.setenv("TRACKER_DB", str(other))
    status, out, _ = run_main(
        capsys, "--days", "5", "--database", f"sqlite:///{chosen}"
    )
    assert (status, out.split(" (")[0]) == (0, "Deleted 1 conversation")
    assert rows(f"sqlite:///{chosen}") == [] and len(rows(f"sqlite:///{other}")) == 7


def test_database_url_wins_over_tracker_db(capsys, monkeypatch, tmp_path):
    chosen, other = tmp_path / "chosen.db", tmp_path / "other.db"
    for path in (chosen, other):
        save_conversations(f"sqlite:///{path}", conversation(phone_number(), 40))
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{chosen}")
    monkeypatch.setenv("TRACKER_DB", str(other))
    assert run_main(capsys, "--days", "30")[0] == 0
    assert rows(f"sqlite:///{chosen}") == [] and len(rows(f"sqlite:///{other}")) == 7


def test_tracker_db_defaults_to_var_tracker_db(monkeypatch):
    assert retention.database_url() == f"sqlite:///{PROJECT_ROOT / 'var/tracker.db'}"
    monkeypatch.setenv("TRACKER_DB", "elsewhere/store.db")  # relative: to the project
    assert (
        retention.database_url() == f"sqlite:///{PROJECT_ROOT / 'elsewhere/store.db'}"
    )


@pytest.mark.parametrize("unset", [None, "", "  "])
def test_without_a_period_nothing_is_deleted(capsys, monkeypatch, sqlite_clinic, unset):
    url, _ = sqlite_clinic
    if unset is not None:
        monkeypatch.setenv("RETENTION_DAYS", unset)
    before = rows(url)
    status, out, _ = run_main(capsys, "--database", url)
    assert status == 0
    assert "No retention period set" in out and "nothing deleted" in out
    assert rows(url) == before


@pytest.mark.parametrize("days", ["0", "-3", "2.5", "thirty", "", "1e3", "٣٠"])
def test_a_bad_period_is_refused_with_status_2(capsys, sqlite_clinic, days):
    url, _ = sqlite_clinic
    before = rows(url)
    status, out, err = run_main(capsys, "--days", days, "--database", url)
    assert status == 2
    assert "--days must be a whole number of days, 1 or more" in err
    assert rows(url) == before


def test_a_bad_period_in_the_environment_is_refused(capsys, monkeypatch, sqlite_clinic):
    url, _ = sqlite_clinic
    monkeypatch.setenv("RETENTION_DAYS", "a month")
    before = rows(url)
    status, _, err = run_main(capsys, "--database", url)
    assert status == 2 and "RETENTION_DAYS must be a whole number" in err
    assert rows(url) == before


def test_a_bad_database_url_is_refused(capsys):
    status, _, err = run_main(capsys, "--days", "30", "--database", "not a url")
    assert status == 2 and "not a database URL" in err


def test_a_missing_store_is_reported_not_created(capsys, tmp_path):
    missing = tmp_path / "tracker.db"
    status, out, _ = run_main(
        capsys, "--days", "30", "--database", f"sqlite:///{missing}"
    )
    assert (status, out) == (
        0,
        f"No conversation store at {missing}: nothing deleted.\n",
    )
    assert not missing.exists()


def test_an_unreachable_database_fails_without_showing_the_password(capsys):
    from bot.servers import free_port

    secret = f"pw-{secrets.token_hex(8)}"
    url = f"postgresql://toh:{secret}@127.0.0.1:{free_port()}/toh"
    status, out, err = run_main(capsys, "--days", "30", "--database", url)
    assert status == 1
    assert "Cannot use the database" in err and "***" in err
    assert secret not in out + err


def command(*arguments: str, **settings: str) -> subprocess.CompletedProcess:
    environment = project_env(**settings)
    for name in ("RETENTION_DAYS", "DATABASE_URL", "TRACKER_DB"):
        if name not in settings:
            environment.pop(name, None)
    return subprocess.run(
        [sys.executable, "-m", "bot.retention", *arguments],
        cwd=PROJECT_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_runs_as_a_command(sqlite_clinic):
    url, ids = sqlite_clinic
    path = url.removeprefix("sqlite:///")
    done = command("--days", "30", TRACKER_DB=path)
    assert (done.returncode, done.stdout) == (
        0,
        "Deleted 1 conversation (11 events) inactive for more than 30 days.\n",
    )
    assert names_nobody(done.stdout + done.stderr, ids)
    refused = command(TRACKER_DB=path, RETENTION_DAYS="0")
    assert refused.returncode == 2 and "RETENTION_DAYS" in refused.stderr
    assert senders(url) == {ids["idle_10"]}
