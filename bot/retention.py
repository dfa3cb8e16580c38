"""Deletes the conversations nobody has written in for a number of days.

    make retention ARGS="--days 30 --dry-run"    # what would go, nothing deleted
    RETENTION_DAYS=30 make retention              # the clinic's setting, e.g. from cron
    .venv/bin/python -m bot.retention --help

A conversation is all the rows of one conversation id (``sender_id``) in the
tracker store's ``events`` table. It is deleted, whole, when its latest event is
older than the retention period; a conversation still in use is kept whole, even
its oldest messages, so a patient who comes back is not met by half a history.

The period is ``--days``, else ``RETENTION_DAYS``; without either nothing is
deleted. The database is ``--database``, else ``DATABASE_URL`` (the production
profile's PostgreSQL), else the SQLite file ``TRACKER_DB`` (default
``var/tracker.db``). It prints how many conversations and events went: numbers
only, never a conversation id (they can be phone numbers) nor what was written.

The running Rasa server notices: ``bot.tracker_store`` reads a conversation from
the database again after an hour without use, and a conversation deleted here was
not used for days.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Optional, Union

import sqlalchemy as sa
from sqlalchemy.engine import Engine

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SECONDS_PER_DAY = 86400


def database_url(given: Optional[str] = None) -> str:
    """The conversation store's URL: ``given``, else ``DATABASE_URL``, else the
    SQLite file ``TRACKER_DB`` (relative to the project root; default
    var/tracker.db)."""
    if given:
        return given
    if os.environ.get("DATABASE_URL", "").strip():
        return os.environ["DATABASE_URL"].strip()
    path = Path(os.environ.get("TRACKER_DB", "").strip() or "var/tracker.db")
    if not path.is_absolute():
        path = PROJECT_ROOT / path
    return f"sqlite:///{path}"


def sqlite_file(url: sa.engine.URL) -> Optional[Path]:
    """The file of a SQLite URL (None for other databases and in-memory ones)."""
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(url.database)


def events_table() -> sa.Table:
    """The columns of Rasa's ``events`` table that retention reads."""
    return sa.Table(
        "events",
        sa.MetaData(),
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("sender_id", sa.String(255)),
        sa.Column("timestamp", sa.Float),
    )


def delete_older_than(
    engine_or_url: Union[Engine, sa.engine.URL, str],
    days: int,
    now: Optional[float] = None,
    dry_run: bool = False,
) -> tuple[int, int]:
    """Deletes every conversation whose latest event is more than ``days`` days
    before ``now`` (unix seconds; default: the current time), in one transaction.
    Returns how many conversations and events it deleted (with ``dry_run``: would
    delete, and deletes nothing). A database without conversations gives (0, 0)."""
    if isinstance(days, bool) or not isinstance(days, int) or days < 1:
        raise ValueError(f"days must be a whole number of at least 1, not {days!r}")
    cutoff = (time.time() if now is None else now) - days * SECONDS_PER_DAY
    if isinstance(engine_or_url, Engine):
        return _delete(engine_or_url, cutoff, dry_run)
    url = sa.engine.make_url(engine_or_url)
    path = sqlite_file(url)
    if path is not None and not path.is_file():
        return 0, 0  # connecting would create an empty file
    engine = sa.create_engine(url)
    try:
        return _delete(engine, cutoff, dry_run)
    finally:
        engine.dispose()


def _delete(engine: Engine, cutoff: float, dry_run: bool) -> tuple[int, int]:
    if not sa.inspect(engine).has_table("events"):
        return 0, 0
    events = events_table()
    stale = (
        sa.select(events.c.sender_id)
        .group_by(events.c.sender_id)
        .having(sa.func.max(events.c.timestamp) < cutoff)
    )
    with engine.begin() as connection:
        conversations = connection.execute(
            sa.select(sa.func.count()).select_from(stale.subquery())
        ).scalar_one()
        if dry_run:
            rows = connection.execute(
                sa.select(sa.func.count())
                .select_from(events)
                .where(events.c.sender_id.in_(stale))
            ).scalar_one()
        else:
            rows = connection.execute(
                events.delete().where(events.c.sender_id.in_(stale))
            ).rowcount
    return int(conversations), int(rows)


def retention_days(
    parser: argparse.ArgumentParser, given: Optional[str]
) -> Optional[int]:
    """The period from ``--days``, else ``RETENTION_DAYS``; None when neither is
    set. Anything but a whole number of days >= 1 stops with exit status 2."""
    source, value = "--days", given
    if value is None:
        source, value = "RETENTION_DAYS", os.environ.get("RETENTION_DAYS", "")
        if not value.strip():
            return None
    text = value.strip()
    if not (text.isascii() and text.isdigit()) or int(text) < 1:
        parser.error(
            f"{source} must be a whole number of days, 1 or more (not {value!r})"
        )
    return int(text)


def described(url: sa.engine.URL) -> str:
    """Where the conversations are, without the password."""
    path = sqlite_file(url)
    if path is not None:
        return str(path)
    return url.render_as_string(hide_password=True)


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def parse_arguments(argv: Optional[list[str]]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bot.retention",
        description=(
            "Deletes every conversation whose latest event is older than the "
            "retention period (--days, else RETENTION_DAYS; nothing without one). "
            "Database: --database, else DATABASE_URL, else the SQLite file "
            "TRACKER_DB (default var/tracker.db). Prints counts only."
        ),
    )
    parser.add_argument(
        "--days",
        metavar="N",
        help="delete conversations with no event in the last N days (whole number, 1+)",
    )
    parser.add_argument(
        "--database",
        metavar="URL",
        help="postgresql://user:password@host:port/database or sqlite:///path",
    )
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="count what would be deleted, delete nothing",
    )
    arguments = parser.parse_args(argv)
    arguments.days = retention_days(parser, arguments.days)
    try:
        arguments.database = sa.engine.make_url(database_url(arguments.database))
    except sa.exc.ArgumentError:
        parser.error("--database / DATABASE_URL is not a database URL")
    return arguments


def main(argv: Optional[list[str]] = None) -> int:
    arguments = parse_arguments(argv)
    if arguments.days is None:
        print("No retention period set (--days or RETENTION_DAYS): nothing deleted.")
        return 0
    url = arguments.database
    path = sqlite_file(url)
    if path is not None and not path.is_file():
        print(f"No conversation store at {path}: nothing deleted.")
        return 0
    try:
        conversations, events = delete_older_than(
            url, arguments.days, dry_run=arguments.dry_run
        )
    except (sa.exc.SQLAlchemyError, ImportError) as error:
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        print(f"Cannot use the database {described(url)}: {reason}", file=sys.stderr)
        return 1
    counted = f"{plural(conversations, 'conversation')} ({plural(events, 'event')})"
    period = f"inactive for more than {plural(arguments.days, 'day')}"
    if arguments.dry_run:
        print(f"Would delete {counted} {period}; nothing deleted (--dry-run).")
    else:
        print(f"Deleted {counted} {period}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
