"""Backs up the conversation store (PostgreSQL) to a file, and restores it.

    make backup ARGS=backups/conversations.dump     # pg_dump --format=custom
    make restore ARGS=backups/conversations.dump    # pg_restore --clean
    .venv/bin/python -m bot.backup --help

The database is ``--database``, else ``DATABASE_URL``
(``postgresql://user:password@host:port/database``, the production profile's). The
backup file holds patients' conversations: it is written readable by its owner only
(mode 0600), first under a temporary name in the same folder, so a failed backup
leaves an older file of the same name as it was. The password never appears on a
command line (where ``ps`` shows it): ``pg_dump`` and ``pg_restore`` read it from a
password file of their own, readable by its owner only and deleted after.

A restore replaces the tables in the backup with their content, in one transaction
(all or nothing): conversations written since the backup are gone. Stop the Rasa
servers first; they keep recent conversations in memory.

With SQLite (``make run``) there is nothing to dump: this says how to copy the file
with ``sqlite3`` and stops with exit status 2.
"""

from __future__ import annotations

import argparse
import os
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Optional

import sqlalchemy as sa

from bot.retention import database_url, sqlite_file
from bot.services import postgres_program

EXIT_FAILED = 1
EXIT_BAD_SETTING = 2
POSTGRES_BACKENDS = {"postgresql", "postgres"}


class BackupError(Exception):
    """Why a backup or restore did not happen, for the person running it."""

    def __init__(self, message: str, status: int = EXIT_FAILED) -> None:
        super().__init__(message)
        self.status = status


def conninfo_value(value: object) -> str:
    """A libpq connection-string value, quoted (``'...'``, with \\ and ' escaped)."""
    text = str(value).replace("\\", "\\\\").replace("'", "\\'")
    return f"'{text}'"


def connection(url: sa.engine.URL) -> tuple[str, Optional[str]]:
    """The libpq connection string of a database URL (host, port, user, dbname and
    the URL's query settings, such as sslmode) without the password, and the
    password."""
    settings: dict[str, object] = {
        "host": url.host,
        "port": url.port,
        "user": url.username,
        "dbname": url.database,
    }
    password = url.password
    for key, value in url.query.items():
        value = value[-1] if isinstance(value, tuple) else value
        if key == "password":
            password = value
        else:
            settings[key] = value
    conninfo = " ".join(
        f"{key}={conninfo_value(value)}"
        for key, value in settings.items()
        if value not in (None, "")
    )
    return conninfo, None if password is None else str(password)


def passfile_line(password: str) -> str:
    """A ``.pgpass`` line giving ``password`` for any server (``:`` and ``\\``
    escaped)."""
    escaped = password.replace("\\", "\\\\").replace(":", "\\:")
    return f"*:*:*:*:{escaped}\n"


def run_postgres_program(name: str, url: sa.engine.URL, arguments: list[str]) -> None:
    """Runs ``pg_dump`` or ``pg_restore`` on the database of ``url``; the password
    goes in a temporary password file (mode 0600), never on the command line."""
    program = postgres_program(name)
    if program is None:
        raise BackupError(f"{name} not found: apt-get install postgresql-client")
    conninfo, password = connection(url)
    environment = dict(os.environ)
    passfile = None
    if password is not None:
        descriptor, passfile = tempfile.mkstemp(prefix="toh-pgpass-")  # mode 0600
        with os.fdopen(descriptor, "w") as handle:
            handle.write(passfile_line(password))
        environment.pop("PGPASSWORD", None)  # it would win over the file
        environment["PGPASSFILE"] = passfile
    try:
        result = subprocess.run(
            [program, *arguments, f"--dbname={conninfo}"], env=environment
        )
    finally:
        if passfile is not None:
            os.unlink(passfile)
    if result.returncode != 0:
        raise BackupError(f"{name} failed (exit status {result.returncode})")


def dump(url: sa.engine.URL, file: Path) -> int:
    """Writes a ``pg_dump --format=custom`` backup of the database to ``file``
    (mode 0600, replaced only when the dump succeeded); returns its size."""
    file = Path(file)
    if not file.parent.is_dir():
        raise BackupError(f"no folder {file.parent} for the backup", EXIT_BAD_SETTING)
    if file.is_dir():
        raise BackupError(f"{file} is a folder, not a file", EXIT_BAD_SETTING)
    descriptor, partial = tempfile.mkstemp(
        dir=file.parent, prefix=f".{file.name}.", suffix=".partial"
    )
    os.close(descriptor)  # mkstemp made it 0600; pg_dump writes into it
    try:
        run_postgres_program("pg_dump", url, ["--format=custom", f"--file={partial}"])
        os.replace(partial, file)
    finally:
        if os.path.exists(partial):
            os.unlink(partial)
    return file.stat().st_size


def restore(url: sa.engine.URL, file: Path) -> None:
    """Restores a backup of ``dump`` into the database: its tables are dropped and
    made again from the file, in one transaction."""
    file = Path(file)
    if not file.is_file():
        raise BackupError(f"no backup file {file}", EXIT_BAD_SETTING)
    run_postgres_program(
        "pg_restore",
        url,
        ["--clean", "--if-exists", "--no-owner", "--single-transaction", str(file)],
    )


def postgres_url(given: Optional[str], command: str, file: Path) -> sa.engine.URL:
    """The PostgreSQL database to back up or restore; with SQLite (or anything
    else) a BackupError with exit status 2 says what to do instead."""
    try:
        url = sa.engine.make_url(database_url(given))
    except sa.exc.ArgumentError:
        raise BackupError(
            "--database / DATABASE_URL is not a database URL", EXIT_BAD_SETTING
        ) from None
    path = sqlite_file(url)
    if path is not None:
        dot_command = ".backup" if command == "dump" else ".restore"
        raise BackupError(
            f"The conversations are in the SQLite file {path}; this command is for "
            f"PostgreSQL. {'Back it up' if command == 'dump' else 'Restore it'} "
            f"with sqlite3: sqlite3 {shlex.quote(str(path))} "
            f"{shlex.quote(f'{dot_command} {file}')}",
            EXIT_BAD_SETTING,
        )
    if url.get_backend_name() not in POSTGRES_BACKENDS:
        raise BackupError(
            f"{url.get_backend_name()} database: only PostgreSQL can be backed up here",
            EXIT_BAD_SETTING,
        )
    return url


def parse_arguments(argv: Optional[list[str]]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bot.backup",
        description=(
            "Backs up the conversation store (PostgreSQL: --database, else "
            "DATABASE_URL) to a file readable only by its owner, or restores one. "
            "For SQLite it says how to copy the file with sqlite3."
        ),
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, help_text in (
        ("dump", "write a backup (pg_dump --format=custom) to FILE, mode 0600"),
        ("restore", "replace the database's tables with those in FILE (pg_restore)"),
    ):
        command = commands.add_parser(name, help=help_text, description=help_text)
        command.add_argument("file", type=Path, metavar="FILE")
        command.add_argument(
            "--database",
            metavar="URL",
            help="postgresql://user:password@host:port/database (default DATABASE_URL)",
        )
    return parser.parse_args(argv)


def main(argv: Optional[list[str]] = None) -> int:
    arguments = parse_arguments(argv)
    try:
        url = postgres_url(arguments.database, arguments.command, arguments.file)
        where = url.render_as_string(hide_password=True)
        if arguments.command == "dump":
            size = dump(url, arguments.file)
            print(
                f"Saved {where} to {arguments.file} ({size} bytes, readable by its "
                "owner only)."
            )
        else:
            restore(url, arguments.file)
            print(f"Restored {arguments.file} into {where}.")
    except BackupError as error:
        print(f"{arguments.command}: {error}", file=sys.stderr)
        return error.status
    return 0


if __name__ == "__main__":
    sys.exit(main())
