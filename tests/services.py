"""PostgreSQL and Redis for the tests: our own servers on free loopback ports, in a
temporary folder, stopped after the test session (``bot.services``).

They need Debian's ``postgresql`` and ``redis-server``; ``.ci/run`` installs them.
Without them these fixtures fail and say what to install: they are never skipped.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Iterator

import pytest

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
