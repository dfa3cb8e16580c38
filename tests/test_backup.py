"""Backup and restore of the conversation store (bot/backup.py), with the real
pg_dump and pg_restore against the test PostgreSQL server."""

from __future__ import annotations

import os
import secrets
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    BotUttered,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

from bot import backup
from tests.services import save_conversations
from tests.support import PROJECT_ROOT, project_env

DOMAIN = Domain.load(str(PROJECT_ROOT / "domain.yml"))
COLUMNS = "id, sender_id, type_name, timestamp, intent_name, action_name, data"


@pytest.fixture
def database(databases) -> str:
    return databases()


def conversation(sender: str, text: str, urgency: str) -> DialogueStateTracker:
    at = time.time()
    events = [
        ActionExecuted("action_session_start", timestamp=at),
        SessionStarted(timestamp=at),
        ActionExecuted("action_listen", timestamp=at),
        UserUttered(text, {"name": "describe_pain", "confidence": 0.9}, timestamp=at),
        SlotSet("urgency", urgency, timestamp=at + 0.5),
        BotUttered("Please call the clinic today.", timestamp=at + 1),
        ActionExecuted("action_listen", timestamp=at + 1),
    ]
    return DialogueStateTracker.from_events(sender, events, slots=DOMAIN.slots)


def fill(url: str) -> None:
    save_conversations(
        url,
        conversation("+447700900101", "my hip hurts when I walk", "soon"),
        conversation(
            "+447700900102", "Schmerzen im Becken, seit gestern — ü", "urgent"
        ),
        conversation(
            "whatsapp:+447700900103", "it's 'quoted' \\ and \"so\"", "emergency"
        ),
    )


def stored(url: str) -> tuple[list[tuple], int]:
    """Every row of the events table, and where its id sequence stands."""
    engine = sa.create_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(
            sa.text(f"SELECT {COLUMNS} FROM events ORDER BY id")
        ).all()
        sequence = connection.execute(
            sa.text("SELECT last_value FROM events_id_seq")
        ).scalar_one()
    engine.dispose()
    return [tuple(row) for row in rows], sequence


def execute(url: str, *statements: str) -> None:
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        for statement in statements:
            connection.execute(sa.text(statement))
    engine.dispose()


def run_main(capfd, *arguments: str) -> tuple[int, str, str]:
    """bot.backup's command line; capfd also catches pg_dump's own output."""
    status = backup.main(list(arguments))
    out, err = capfd.readouterr()
    return status, out, err


@pytest.fixture(autouse=True)
def no_settings(monkeypatch):
    for name in ("DATABASE_URL", "TRACKER_DB", "PGPASSWORD", "PGPASSFILE"):
        monkeypatch.delenv(name, raising=False)


def test_restore_brings_back_exactly_the_rows_of_the_backup(capfd, tmp_path, database):
    fill(database)
    before = stored(database)
    assert len(before[0]) == 21
    file = tmp_path / "conversations.dump"

    status, out, _ = run_main(capfd, "dump", str(file), "--database", database)
    assert status == 0 and out.startswith("Saved postgresql://toh:***@127.0.0.1:")

    execute(
        database,
        "DELETE FROM events WHERE sender_id = '+447700900101'",
        "UPDATE events SET data = '{}', intent_name = 'changed'"
        " WHERE sender_id = '+447700900102'",
    )
    save_conversations(
        database, conversation("+447700900199", "after the backup", "soon")
    )
    assert stored(database) != before

    status, out, _ = run_main(capfd, "restore", str(file), "--database", database)
    assert (status, out) == (0, f"Restored {file} into {database_hidden(database)}.\n")
    assert stored(database) == before


def database_hidden(url: str) -> str:
    return sa.engine.make_url(url).render_as_string(hide_password=True)


def test_restore_into_another_empty_database(capfd, tmp_path, databases):
    source, target = databases(), databases()
    fill(source)
    file = tmp_path / "conversations.dump"
    assert run_main(capfd, "dump", str(file), "--database", source)[0] == 0

    assert run_main(capfd, "restore", str(file), "--database", target)[0] == 0
    assert stored(target) == stored(source)
    # the restored table is the store's: Rasa writes on after the restored rows
    last = stored(source)[0][-1][0]
    save_conversations(target, conversation("+447700900104", "and now", "soon"))
    assert [row[0] for row in stored(target)[0][last:]] == [*range(last + 1, last + 8)]


def test_database_comes_from_database_url(capfd, monkeypatch, tmp_path, database):
    fill(database)
    monkeypatch.setenv("DATABASE_URL", database)
    file = tmp_path / "conversations.dump"
    assert run_main(capfd, "dump", str(file))[0] == 0
    execute(database, "DELETE FROM events")
    assert run_main(capfd, "restore", str(file))[0] == 0
    assert len(stored(database)[0]) == 21


def test_the_backup_is_readable_by_its_owner_only(capfd, tmp_path, database):
    fill(database)
    file = tmp_path / "conversations.dump"
    file.write_text("an older file, readable by anyone")
    os.chmod(file, 0o644)
    assert run_main(capfd, "dump", str(file), "--database", database)[0] == 0
    assert stat.S_IMODE(file.stat().st_mode) == 0o600
    assert file.read_bytes().startswith(b"PGDMP")  # pg_dump's custom format
    assert sorted(tmp_path.iterdir()) == [file]  # no temporary file left


def test_the_password_is_never_on_a_command_line(
    capfd, monkeypatch, tmp_path, postgres, database
):
    fill(database)
    real_run = subprocess.run
    calls = []

    def spy(command, **options):
        passfile = Path(options["env"]["PGPASSFILE"])
        calls.append(
            (
                command,
                options["env"],
                stat.S_IMODE(passfile.stat().st_mode),
                passfile.read_text(),
            )
        )
        return real_run(command, **options)

    monkeypatch.setattr(backup.subprocess, "run", spy)
    monkeypatch.setenv("PGPASSWORD", "a wrong password, which must not win")
    file = tmp_path / "conversations.dump"
    assert run_main(capfd, "dump", str(file), "--database", database)[0] == 0
    assert run_main(capfd, "restore", str(file), "--database", database)[0] == 0

    name = sa.engine.make_url(database).database
    for program, (command, environment, mode, passfile) in zip(
        ("pg_dump", "pg_restore"), calls, strict=True
    ):
        assert Path(command[0]).name == program
        assert not any(postgres.password in argument for argument in command)
        connection = command[-1]
        assert connection == (
            f"--dbname=host='127.0.0.1' port='{postgres.port}' user='toh' "
            f"dbname='{name}'"
        )
        assert "PGPASSWORD" not in environment
        assert (mode, passfile) == (0o600, f"*:*:*:*:{postgres.password}\n")
        assert not Path(environment["PGPASSFILE"]).exists()  # deleted after


def test_passwords_with_special_characters_reach_the_server(capfd, tmp_path, database):
    user, password = f"reader_{secrets.token_hex(4)}", "p:a\\s's w@rd/%"
    in_sql = password.replace("'", "''").replace(":", "\\:")  # \: escapes a bind
    fill(database)
    execute(
        database,
        f"CREATE ROLE {user} LOGIN PASSWORD '{in_sql}'",
        f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {user}",
        f"GRANT SELECT ON ALL SEQUENCES IN SCHEMA public TO {user}",
    )
    url = sa.engine.make_url(database).set(username=user, password=password)
    file = tmp_path / "conversations.dump"
    try:
        status, _, err = run_main(
            capfd, "dump", str(file), "--database", url.render_as_string(False)
        )
        assert status == 0, err
        assert file.read_bytes().startswith(b"PGDMP")
    finally:
        execute(database, f"DROP OWNED BY {user}", f"DROP ROLE {user}")


def test_a_failed_dump_keeps_the_older_file(capfd, tmp_path, database):
    fill(database)
    secret = f"wrong-{secrets.token_hex(8)}"
    url = sa.engine.make_url(database).set(password=secret)
    file = tmp_path / "conversations.dump"
    file.write_bytes(b"yesterday's backup")
    status, out, err = run_main(
        capfd, "dump", str(file), "--database", url.render_as_string(False)
    )
    assert status == 1
    assert "pg_dump failed" in err and "password authentication failed" in err
    assert secret not in out + err
    assert file.read_bytes() == b"yesterday's backup"
    assert sorted(tmp_path.iterdir()) == [file]


def test_a_file_that_is_not_a_backup_changes_nothing(capfd, tmp_path, database):
    fill(database)
    before = stored(database)
    file = tmp_path / "not-a-backup.dump"
    file.write_text("hello")
    status, _, err = run_main(capfd, "restore", str(file), "--database", database)
    assert status == 1 and "pg_restore failed" in err
    assert stored(database) == before


def test_a_missing_backup_file_is_refused(capfd, tmp_path, database):
    status, _, err = run_main(
        capfd, "restore", str(tmp_path / "none.dump"), "--database", database
    )
    assert status == 2 and "no backup file" in err


@pytest.mark.parametrize(
    "command, dot_command", [("dump", "backup"), ("restore", "restore")]
)
def test_sqlite_is_refused_with_the_sqlite3_command(
    capfd, tmp_path, command, dot_command
):
    store = tmp_path / "tracker.db"
    file = tmp_path / "conversations.dump"
    status, out, err = run_main(
        capfd, command, str(file), "--database", f"sqlite:///{store}"
    )
    assert status == 2
    assert f"sqlite3 {store} '.{dot_command} {file}'" in err
    assert not file.exists() and not store.exists()


def test_the_default_store_is_sqlite_and_refused(capfd, monkeypatch, tmp_path):
    monkeypatch.setenv("TRACKER_DB", str(tmp_path / "tracker.db"))
    status, _, err = run_main(capfd, "dump", str(tmp_path / "conversations.dump"))
    assert status == 2 and f"SQLite file {tmp_path / 'tracker.db'}" in err


def test_other_databases_are_refused(capfd, tmp_path):
    status, _, err = run_main(
        capfd, "dump", str(tmp_path / "x"), "--database", "mysql://u:p@localhost/db"
    )
    assert status == 2 and "only PostgreSQL" in err


def backup_command(*arguments: str) -> subprocess.CompletedProcess:
    environment = project_env()
    for name in ("DATABASE_URL", "TRACKER_DB", "PGPASSWORD", "PGPASSFILE"):
        environment.pop(name, None)
    return subprocess.run(
        [sys.executable, "-m", "bot.backup", *arguments],
        cwd=PROJECT_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_runs_as_a_command(tmp_path, postgres, database):
    fill(database)
    file = tmp_path / "conversations.dump"
    done = backup_command("dump", str(file), "--database", database)
    assert done.returncode == 0, done.stderr
    assert postgres.password not in done.stdout + done.stderr
    assert stat.S_IMODE(file.stat().st_mode) == 0o600
    refused = backup_command("dump", str(file), "--database", "sqlite:///x.db")
    assert refused.returncode == 2 and ".backup" in refused.stderr
