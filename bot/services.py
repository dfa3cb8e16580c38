"""PostgreSQL and Redis on this machine, for the production profile and its tests.

``make production`` uses a clinic's own PostgreSQL and Redis when ``DATABASE_URL``
and ``REDIS_URL`` are set; otherwise it starts these, from Debian's packages:

- PostgreSQL with its data in ``var/production/postgres``, listening on 127.0.0.1
  only, password authentication (SCRAM), the password made once and kept in a file
  only its owner can read;
- Redis on 127.0.0.1 only, with a password (``requirepass``) and an append-only
  file, so the lock store and the channels' memory survive a restart.

Both refuse to run as root, so as root they run as the ``postgres`` system user
(Debian's package creates it) and their folders are given to that user.
"""

from __future__ import annotations

import glob
import os
import pwd
import secrets
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Optional
from urllib.parse import quote

from bot.servers import stop

# Debian package -> a program it installs
DEBIAN_PACKAGES = {
    "postgresql": "initdb",
    "redis-server": "redis-server",
    "nginx": "nginx",
}
SERVICE_USER = "postgres"
DATABASE = "toh"
DATABASE_USER = "toh"


def postgres_program(name: str) -> Optional[str]:
    """A PostgreSQL server program (``initdb``, ``postgres``, ``pg_dump`` ...):
    Debian keeps them in /usr/lib/postgresql/<version>/bin, off the PATH."""
    candidates = sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
        key=lambda path: (
            int(Path(path).parts[4]) if Path(path).parts[4].isdigit() else 0
        ),
    )
    return candidates[-1] if candidates else shutil.which(name)


def missing_packages() -> list[str]:
    """The Debian packages of the production profile that are not installed."""
    found = {
        "initdb": postgres_program("initdb"),
        "redis-server": shutil.which("redis-server"),
        "nginx": shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin"),
    }
    return [
        package for package, program in DEBIAN_PACKAGES.items() if not found[program]
    ]


def install_missing_packages() -> None:
    """Installs the missing packages with apt-get as root; otherwise says which to
    install and stops."""
    missing = missing_packages()
    if not missing:
        return
    if os.geteuid() != 0:
        raise SystemExit(
            "the production profile needs Debian's packages "
            f"{', '.join(missing)}: run  sudo apt-get install {' '.join(missing)}"
        )
    print(f"production: installing {', '.join(missing)} (apt-get)", flush=True)
    environment = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=environment)
    subprocess.run(
        ["apt-get", "install", "-y", "-qq", *missing], check=True, env=environment
    )


def as_service_user(command: list[str]) -> list[str]:
    """``command`` as the postgres user when we are root (PostgreSQL and, here,
    Redis refuse to run as root), else as it is."""
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", SERVICE_USER, "--", *command]


def give_to_service_user(path: Path) -> None:
    """As root: the service user owns ``path`` (a folder and what is in it)."""
    if os.geteuid() != 0:
        return
    user = pwd.getpwnam(SERVICE_USER)
    for folder, _, files in os.walk(path):
        os.chown(folder, user.pw_uid, user.pw_gid)
        for name in files:
            os.chown(os.path.join(folder, name), user.pw_uid, user.pw_gid)


def password_in(path: Path) -> str:
    """The password kept in ``path``, made the first time (owner-only file)."""
    if path.is_file():
        return path.read_text().strip()
    password = secrets.token_urlsafe(24)
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(password + "\n")
    return password


def wait_for_port(port: int, process: subprocess.Popen, seconds: float, log: Path):
    import socket

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            tail = log.read_text()[-3000:] if log.is_file() else ""
            raise RuntimeError(f"a service stopped while starting:\n{tail}")
        with socket.socket() as sock:
            sock.settimeout(1)
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise RuntimeError(f"nothing answers on 127.0.0.1:{port} after {seconds} s")


@dataclass
class LocalPostgres:
    """A PostgreSQL server of our own: data in ``directory``, on 127.0.0.1:``port``."""

    directory: Path
    port: int
    process: Optional[subprocess.Popen] = None

    @property
    def data(self) -> Path:
        return self.directory / "data"

    @property
    def log(self) -> Path:
        return self.directory / "postgres.log"

    @property
    def password(self) -> str:
        return password_in(self.directory / "password")

    @property
    def url(self) -> str:
        return (
            f"postgresql://{DATABASE_USER}:{quote(self.password, safe='')}"
            f"@127.0.0.1:{self.port}/{DATABASE}"
        )

    def start(self) -> "LocalPostgres":
        self.directory.mkdir(parents=True, exist_ok=True)
        os.chmod(self.directory, 0o700)
        password = self.password
        first_time = not (self.data / "PG_VERSION").is_file()
        if first_time:
            password_file = self.directory / "initdb-password"
            password_file.write_text(password + "\n")
            os.chmod(password_file, 0o600)
            give_to_service_user(self.directory)
            subprocess.run(
                as_service_user(
                    [
                        postgres_program("initdb"),
                        "--pgdata",
                        str(self.data),
                        "--username",
                        DATABASE_USER,
                        "--auth",
                        "scram-sha-256",
                        "--pwfile",
                        str(password_file),
                        "--encoding",
                        "UTF8",
                        "--no-locale",
                    ]
                ),
                check=True,
                stdout=subprocess.DEVNULL,
            )
            password_file.unlink()
        give_to_service_user(self.directory)
        with self.log.open("a") as log:
            self.process = subprocess.Popen(
                as_service_user(
                    [
                        postgres_program("postgres"),
                        "-D",
                        str(self.data),
                        "-p",
                        str(self.port),
                        "-c",
                        "listen_addresses=127.0.0.1",
                        "-c",
                        f"unix_socket_directories={self.directory}",
                        "-c",
                        "unix_socket_permissions=0700",
                    ]
                ),
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        wait_for_port(self.port, self.process, 60, self.log)
        self._create_database()
        return self

    def _create_database(self) -> None:
        import psycopg2

        for _ in range(50):  # the server accepts connections a moment after it listens
            try:
                connection = psycopg2.connect(
                    host="127.0.0.1",
                    port=self.port,
                    user=DATABASE_USER,
                    password=self.password,
                    dbname="postgres",
                )
                break
            except psycopg2.OperationalError:
                time.sleep(0.2)
        else:
            raise RuntimeError(f"PostgreSQL does not accept connections: {self.log}")
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", (DATABASE,))
            if cursor.fetchone() is None:
                cursor.execute(f"CREATE DATABASE {DATABASE}")
        connection.close()

    def stop(self) -> None:
        stop(self.process, signal.SIGINT, timeout=30)  # PostgreSQL's fast shutdown


@dataclass
class LocalRedis:
    """A Redis server of our own: files in ``directory``, on 127.0.0.1:``port``."""

    directory: Path
    port: int
    process: Optional[subprocess.Popen] = None

    @property
    def password(self) -> str:
        return password_in(self.directory / "password")

    @property
    def url(self) -> str:
        return f"redis://:{quote(self.password, safe='')}@127.0.0.1:{self.port}/0"

    def start(self) -> "LocalRedis":
        self.directory.mkdir(parents=True, exist_ok=True)
        os.chmod(self.directory, 0o700)
        config = self.directory / "redis.conf"
        # the password is in a file only its owner reads, not on a command line
        config.write_text(
            "\n".join(
                [
                    "bind 127.0.0.1",
                    f"port {self.port}",
                    f"dir {self.directory}",
                    f'requirepass "{self.password}"',
                    "protected-mode yes",
                    "appendonly yes",
                    "daemonize no",
                    f"logfile {self.directory / 'redis.log'}",
                ]
            )
            + "\n"
        )
        os.chmod(config, 0o600)
        give_to_service_user(self.directory)
        self.process = subprocess.Popen(
            as_service_user(
                [shutil.which("redis-server") or "redis-server", str(config)]
            ),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        wait_for_port(self.port, self.process, 30, self.directory / "redis.log")
        return self

    def stop(self) -> None:
        stop(self.process, timeout=30)
