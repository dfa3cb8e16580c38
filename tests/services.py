"""PostgreSQL and Redis for the tests: our own servers on free loopback ports, in a
temporary folder, stopped after the test session (``bot.services``).

``databases`` makes databases of a test's own on that server, and
``save_conversations`` stores conversations as the Rasa server does.

They need Debian's ``postgresql`` and ``redis-server``; ``.ci/run`` installs them.
Without them these fixtures fail and say what to install: they are never skipped.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import shutil
import tempfile
from pathlib import Path
from typing import Callable, Iterator

import pytest
import sqlalchemy as sa
from rasa.shared.core.trackers import DialogueStateTracker

from bot.servers import free_port
from bot.services import LocalPostgres, LocalRedis, missing_packages


def service_folder(name: str) -> Path:
    """A temporary folder the service user can reach (pytest's own are 0700)."""
    folder = Path(tempfile.mkdtemp(prefix=f"toh-test-{name}-"))
    os.chmod(folder, 0o755)
    return folder


def require(package: str) -> None:
    if package in missing_packages():
        pytest.fail(f"these tests need Debian's {package}: apt-get install {package}")


@pytest.fixture(scope="session")
def postgres() -> Iterator[LocalPostgres]:
    require("postgresql")
    folder = service_folder("postgres")
    server = LocalPostgres(folder / "postgres", free_port()).start()
    yield server
    server.stop()
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def redis_server() -> Iterator[LocalRedis]:
    require("redis-server")
    folder = service_folder("redis")
    server = LocalRedis(folder / "redis", free_port()).start()
    yield server
    server.stop()
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def databases(postgres) -> Iterator[Callable[[], str]]:
    """Makes databases of this test's own on the test server (URLs with the
    password), so that what it counts is exact whatever other tests store in
    theirs; dropped after the test."""
    server = sa.engine.make_url(postgres.url)
    admin = sa.create_engine(
        server.set(database="postgres"), isolation_level="AUTOCOMMIT"
    )
    made: list[str] = []

    def make() -> str:
        made.append(f"test_{secrets.token_hex(6)}")
        with admin.connect() as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{made[-1]}"'))
        return server.set(database=made[-1]).render_as_string(hide_password=False)

    yield make
    with admin.connect() as connection:
        for name in made:
            connection.execute(sa.text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


def save_conversations(url: str, *trackers: DialogueStateTracker) -> None:
    """Saves the conversations as the Rasa server does (the store makes the table)."""
    from bot.tracker_store import ClinicTrackerStore

    store = ClinicTrackerStore(host=url)  # saving needs no domain

    async def save_all() -> None:
        for tracker in trackers:
            await store.save(tracker)

    asyncio.run(save_all())
    store.engine.dispose()
