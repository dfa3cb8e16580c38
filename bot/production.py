"""The production profile: several Rasa servers behind nginx, conversations in
PostgreSQL, Rasa's lock and the channels' memory in Redis, on one machine.

    make production                           # start; Ctrl-C stops everything
    python -m bot.production restart          # rolling restart of the Rasa servers
    python -m bot.production status           # what runs, on which port

::

    patients -> the clinic's HTTPS proxy -> nginx (PUBLIC_HOST:PUBLIC_PORT)
        /webhooks/<channel>/, /webhooks/rest/ (token), /chat/, /socket.io/, /health
                                              |
                  Rasa server 1 ... Rasa server N  (127.0.0.1:RASA_BASE_PORT + i)
                   |-- conversations ---------------> PostgreSQL
                   |-- lock, channel memory, rooms --> Redis
                   '-- custom actions --------------> action server (ACTION_PORT)

Settings, all from the environment (README "Deploying for a clinic"):

- ``DATABASE_URL``: the clinic's PostgreSQL (``postgresql://user:pw@host:5432/db``).
  Unset: a PostgreSQL of our own on 127.0.0.1:``POSTGRES_PORT`` (5433).
- ``REDIS_URL``: the clinic's Redis (``redis://:pw@host:6379/0``). Unset: our own on
  127.0.0.1:``REDIS_PORT`` (6380).
- ``RASA_INSTANCES`` (2), ``RASA_BASE_PORT`` (5101), ``ACTION_PORT`` (5055).
- ``PUBLIC_HOST`` (127.0.0.1) and ``PUBLIC_PORT`` (8080): where nginx listens.
- ``REST_TOKEN``: what ``/webhooks/rest/`` needs through nginx
  (``Authorization: Bearer <token>``): over REST a caller names the conversation,
  so it must not be open to anyone. Unset: made once, kept in
  ``var/production/rest-token``.
- ``RETENTION_DAYS``: conversations with nothing new for that many days are deleted,
  at start and every day (``bot.retention``). Unset: kept.
- ``PRODUCTION_DIR`` (``var/production``): data of our own PostgreSQL and Redis,
  logs, the nginx configuration.

The Rasa servers' HTTP API (conversations, model) is not behind nginx: it stays on
loopback, for staff on the machine (``make report``). Every server and service
listens on 127.0.0.1 except nginx when ``PUBLIC_HOST`` says otherwise.

A Rasa server or the action server that stops is started again. A rolling restart
(``restart``, or SIGHUP to the ``start`` process) restarts one Rasa server at a
time: nginx is reloaded without it (no connection dropped), it finishes the messages
it is handling (Sanic's graceful shutdown), starts again, and nginx takes it back
before the next one. A server that stops by itself is retried on the next server
when it refused the connection (nothing was sent, so this is safe); a message it
had received gets 502, which the messaging platforms retry.
"""

from __future__ import annotations

import argparse
import json
import os
import pwd
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from bot.servers import start, stop, wait_until_up
from bot.services import (
    LocalPostgres,
    LocalRedis,
    install_missing_packages,
    password_in,
)

PROJECT_ROOT = Path(__file__).resolve().parent.parent
MODEL = PROJECT_ROOT / "models" / "toh-bot.tar.gz"
NGINX = "/usr/sbin/nginx"
STATE_FILE = "state.json"
RETENTION_EVERY_SECONDS = 86_400
START_SECONDS = 300
NGINX_FAIL_TIMEOUT_SECONDS = 2
DRAIN_SECONDS = 2  # for nginx's old workers to pass on their last requests


def env_int(environ: dict, name: str, default: int) -> int:
    value = (environ.get(name) or "").strip()
    if not value:
        return default
    if not value.isdigit():
        raise SystemExit(f"{name} must be a whole number, not {value!r}")
    return int(value)


def log_flag(environ: dict) -> str:
    """The servers' log level, as ``make run`` reads ``LOG_LEVEL``."""
    level = (environ.get("LOG_LEVEL") or "WARNING").strip().upper()
    return {"DEBUG": "--debug", "INFO": "--verbose"}.get(level, "--quiet")


@dataclass
class Settings:
    """The profile's settings, from the environment."""

    directory: Path
    database_url: str
    redis_url: str
    instances: int
    rasa_base_port: int
    action_port: int
    public_host: str
    public_port: int
    postgres_port: int
    redis_port: int
    rest_token: str
    retention_days: Optional[int]

    @classmethod
    def from_environment(cls, environ: Optional[dict] = None) -> "Settings":
        environ = dict(os.environ if environ is None else environ)
        directory = Path(
            environ.get("PRODUCTION_DIR") or PROJECT_ROOT / "var" / "production"
        ).resolve()
        instances = env_int(environ, "RASA_INSTANCES", 2)
        if instances < 1:
            raise SystemExit("RASA_INSTANCES must be 1 or more")
        retention = env_int(environ, "RETENTION_DAYS", 0)
        return cls(
            directory=directory,
            database_url=(environ.get("DATABASE_URL") or "").strip(),
            redis_url=(environ.get("REDIS_URL") or "").strip(),
            instances=instances,
            rasa_base_port=env_int(environ, "RASA_BASE_PORT", 5101),
            action_port=env_int(environ, "ACTION_PORT", 5055),
            public_host=(environ.get("PUBLIC_HOST") or "").strip() or "127.0.0.1",
            public_port=env_int(environ, "PUBLIC_PORT", 8080),
            postgres_port=env_int(environ, "POSTGRES_PORT", 5433),
            redis_port=env_int(environ, "REDIS_PORT", 6380),
            rest_token=(environ.get("REST_TOKEN") or "").strip(),
            retention_days=retention or None,
        )

    @property
    def rasa_ports(self) -> list[int]:
        return [self.rasa_base_port + number for number in range(self.instances)]

    @property
    def logs(self) -> Path:
        return self.directory / "logs"


def nginx_config(
    settings: Settings,
    rest_token: str,
    user: Optional[str],
    down: frozenset = frozenset(),
) -> str:
    """nginx in front of the Rasa servers: the channels' webhooks, the website chat
    (socket.io with the websocket upgrade) and REST with a token; nothing else.
    The servers on the ports in ``down`` get nothing (a rolling restart)."""
    prefix = settings.directory / "nginx"
    servers = "\n".join(
        f"    server 127.0.0.1:{port} max_fails=1 "
        f"fail_timeout={NGINX_FAIL_TIMEOUT_SECONDS}s{' down' if port in down else ''};"
        for port in settings.rasa_ports
    )
    return f"""# made by bot/production.py at each start; edits are overwritten
{f"user {user};" if user else ""}
worker_processes auto;
pid {prefix}/nginx.pid;
error_log {settings.logs}/nginx-error.log warn;
events {{ worker_connections 4096; }}
http {{
  # patient privacy: no query strings (verify tokens, session ids), no bodies
  log_format clinic '$time_iso8601 $request_method $uri $status '
                    '$request_time $upstream_addr';
  access_log {settings.logs}/nginx-access.log clinic;
  client_body_temp_path {prefix}/body;
  proxy_temp_path {prefix}/proxy;
  fastcgi_temp_path {prefix}/fastcgi;
  uwsgi_temp_path {prefix}/uwsgi;
  scgi_temp_path {prefix}/scgi;
  server_tokens off;
  client_max_body_size 1m;

  upstream rasa {{
{servers}
  }}
  # socket.io's long-polling requests of one browser must reach the same server
  upstream rasa_socketio {{
    hash $remote_addr consistent;
{servers}
  }}
  map $http_upgrade $connection_upgrade {{
    default upgrade;
    '' close;
  }}

  server {{
    listen {settings.public_host}:{settings.public_port};
    proxy_set_header Host $http_host;
    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    proxy_set_header X-Forwarded-Proto $scheme;
    # a server that refuses the connection (stopped, restarting) never got the
    # request: try the next one
    proxy_next_upstream error timeout http_502 http_503;
    proxy_connect_timeout 2s;
    proxy_read_timeout 90s;

    location = /health {{ proxy_pass http://rasa/webhooks/health/; }}
    location /webhooks/rest/ {{
      if ($http_authorization != "Bearer {rest_token}") {{ return 401; }}
      proxy_pass http://rasa;
    }}
    location /webhooks/ {{ proxy_pass http://rasa; }}
    location /chat {{ proxy_pass http://rasa; }}
    location /socket.io/ {{
      proxy_pass http://rasa_socketio;
      proxy_http_version 1.1;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      proxy_read_timeout 1h;
    }}
    location / {{ return 404; }}
  }}
}}
"""


@dataclass
class Child:
    """A server the profile started, and how to start it again."""

    name: str
    command: list[str]
    environment: dict
    log: Path
    health_url: str
    port: Optional[int] = None
    process: Optional[subprocess.Popen] = None

    def start(self) -> None:
        self.process = start(
            self.command, self.environment, self.log, PROJECT_ROOT, append=True
        )

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def wait_until_up(self, seconds: float = START_SECONDS) -> None:
        wait_until_up(self.health_url, self.process, seconds, self.log)

    def stop(self) -> None:
        stop(self.process)


@dataclass
class Profile:
    settings: Settings
    environ: dict
    postgres: Optional[LocalPostgres] = None
    redis: Optional[LocalRedis] = None
    children: list[Child] = field(default_factory=list)
    rest_token: str = ""
    nginx_user: Optional[str] = None
    restart_requested: bool = False
    stopping: bool = False
    supervising: bool = False

    # --- start ---------------------------------------------------------------

    def start(self) -> None:
        settings = self.settings
        if not MODEL.is_file():
            raise SystemExit(f"no trained model at {MODEL}: run `make train` first")
        install_missing_packages()
        settings.logs.mkdir(parents=True, exist_ok=True)
        database_url, redis_url = settings.database_url, settings.redis_url
        if not database_url:
            self.postgres = LocalPostgres(
                settings.directory / "postgres", settings.postgres_port
            ).start()
            database_url = self.postgres.url
        if not redis_url:
            self.redis = LocalRedis(
                settings.directory / "redis", settings.redis_port
            ).start()
            redis_url = self.redis.url
        rest_token = settings.rest_token or password_in(
            settings.directory / "rest-token"
        )
        self.run_retention(database_url)
        environment = dict(
            self.environ,
            RASA_TELEMETRY_ENABLED="false",
            PYTHONPATH=str(PROJECT_ROOT),
            PYTHONWARNINGS=self.environ.get("PYTHONWARNINGS", "ignore"),
            SQLALCHEMY_SILENCE_UBER_WARNING="1",
            TF_CPP_MIN_LOG_LEVEL="2",
            DATABASE_URL=database_url,
            REDIS_URL=redis_url,
            ACTION_HOST="",
            RASA_HOST="",
            ACTION_SERVER_URL=f"http://127.0.0.1:{settings.action_port}/webhook",
        )
        python = sys.executable
        action_server = Child(
            "action server",
            [python, "-m", "bot.action_server", "--actions", "actions"]
            + ["--port", str(settings.action_port), log_flag(self.environ)],
            environment,
            settings.logs / "action-server.log",
            f"http://127.0.0.1:{settings.action_port}/health",
        )
        self.children.append(action_server)
        for number, port in enumerate(settings.rasa_ports, start=1):
            self.children.append(
                Child(
                    f"Rasa server {number}",
                    [python, "-m", "bot.rasa_server", "run", "--model", str(MODEL)]
                    + ["--endpoints", "endpoints.production.yml"]
                    + ["--credentials", "credentials.yml", "--enable-api"]
                    + ["--port", str(port), log_flag(self.environ)],
                    dict(
                        environment,
                        RASA_PORT=str(port),
                        TRACKER_SPOOL=str(
                            settings.directory / "spool" / f"rasa-{port}.jsonl"
                        ),
                    ),
                    settings.logs / f"rasa-{number}.log",
                    f"http://127.0.0.1:{port}/",
                    port,
                )
            )
        for child in self.children:
            child.start()
        for child in self.children:
            child.wait_until_up()
        self.start_nginx(rest_token)
        self.write_state(os.getpid())
        print(self.summary(), flush=True)

    def start_nginx(self, rest_token: str) -> None:
        prefix = self.settings.directory / "nginx"
        for folder in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (prefix / folder).mkdir(parents=True, exist_ok=True)
        user = None
        if os.geteuid() == 0:  # nginx's workers must not run as root
            user = "www-data"
            entry = pwd.getpwnam(user)
            for folder in prefix.iterdir():
                if folder.is_dir():
                    os.chown(folder, entry.pw_uid, entry.pw_gid)
        self.rest_token, self.nginx_user = rest_token, user
        config = self.write_nginx_config()
        command = [NGINX, "-p", str(prefix), "-c", str(config), "-e"]
        command += [str(self.settings.logs / "nginx-error.log"), "-g", "daemon off;"]
        nginx = Child(
            "nginx",
            command,
            dict(self.environ),
            self.settings.logs / "nginx.log",
            f"http://{self.local_public_address}/health",
        )
        self.children.append(nginx)
        nginx.start()
        nginx.wait_until_up(30)

    def write_nginx_config(self, down: frozenset = frozenset()) -> Path:
        config = self.settings.directory / "nginx" / "nginx.conf"
        config.write_text(
            nginx_config(self.settings, self.rest_token, self.nginx_user, down)
        )
        os.chmod(config, 0o600)  # it holds the REST token
        return config

    def reload_nginx(self, down: frozenset = frozenset()) -> None:
        """New configuration, no connection dropped: nginx's old workers finish
        what they are passing on, new ones take the new requests."""
        self.write_nginx_config(down)
        nginx = self.children[-1]
        if nginx.running():
            nginx.process.send_signal(signal.SIGHUP)
        time.sleep(DRAIN_SECONDS)

    @property
    def local_public_address(self) -> str:
        host = self.settings.public_host
        if host in ("0.0.0.0", "::", "[::]"):
            host = "127.0.0.1"
        return f"{host}:{self.settings.public_port}"

    def summary(self) -> str:
        address = f"http://{self.local_public_address}"
        token_note = (
            "REST_TOKEN"
            if self.settings.rest_token
            else f"the token in {self.settings.directory / 'rest-token'}"
        )
        return "\n".join(
            [
                "",
                "The production profile is running.",
                f"  Website chat:  {address}/chat/",
                f"  Webhooks:      {address}/webhooks/<whatsapp|twilio|telegram|"
                "facebook>/webhook",
                f"  REST:          POST {address}/webhooks/rest/webhook "
                f"(Authorization: Bearer <{token_note}>)",
                f"  Health:        {address}/health",
                f"  Rasa servers:  {', '.join(map(str, self.settings.rasa_ports))} "
                "(127.0.0.1, HTTP API for staff on this machine)",
                f"  Logs:          {self.settings.logs}",
                "Rolling restart: python -m bot.production restart. "
                "Ctrl-C stops everything.",
            ]
        )

    def write_state(self, pid: int) -> None:
        state = {
            "pid": pid,
            "public": self.local_public_address,
            "rasa_ports": self.settings.rasa_ports,
            "action_port": self.settings.action_port,
        }
        (self.settings.directory / STATE_FILE).write_text(json.dumps(state))

    # --- run -----------------------------------------------------------------

    def supervise(self) -> None:
        """Starts again what stopped; a rolling restart when asked; retention daily."""
        last_retention = time.monotonic()
        self.supervising = True
        while not self.stopping:
            if self.restart_requested:
                self.restart_requested = False
                self.rolling_restart()
            for service in (self.postgres, self.redis):
                if service is not None and not self.stopping:
                    if service.process.poll() is not None:
                        print(
                            f"production: {type(service).__name__} stopped; "
                            "starting it again",
                            flush=True,
                        )
                        try:
                            service.start()
                        except RuntimeError as error:  # tried again next second
                            print(f"production: {error}", flush=True)
            for child in self.children:
                if not child.running() and not self.stopping:
                    print(
                        f"production: {child.name} stopped; starting it again",
                        flush=True,
                    )
                    child.start()
            if time.monotonic() - last_retention > RETENTION_EVERY_SECONDS:
                last_retention = time.monotonic()
                self.run_retention(self.children[0].environment.get("DATABASE_URL"))
            time.sleep(1)

    def rolling_restart(self) -> None:
        for child in self.children:
            if not child.name.startswith("Rasa server"):
                continue
            print(f"production: restarting {child.name}", flush=True)
            # nginx stops sending it messages first; it finishes those it has
            self.reload_nginx(down=frozenset({child.port}))
            child.stop()
            child.start()
            try:
                child.wait_until_up()
            except RuntimeError as error:
                # the others go on serving; the supervisor keeps trying this one
                self.reload_nginx()
                print(f"production: rolling restart stopped: {error}", flush=True)
                return
            self.reload_nginx()
        print("production: rolling restart done", flush=True)

    def run_retention(self, database_url: Optional[str]) -> None:
        days = self.settings.retention_days
        if not days or not database_url:
            return
        from bot.retention import delete_older_than

        conversations, events = delete_older_than(database_url, days)
        print(
            f"production: retention {days} days: deleted {conversations} "
            f"conversations ({events} events)",
            flush=True,
        )

    def stop(self) -> None:
        self.stopping = True
        for child in reversed(self.children):  # nginx first: no new messages
            child.stop()
        for service in (self.redis, self.postgres):
            if service is not None:
                service.stop()
        (self.settings.directory / STATE_FILE).unlink(missing_ok=True)


def read_state(settings: Settings) -> dict:
    path = settings.directory / STATE_FILE
    if not path.is_file():
        raise SystemExit("the production profile is not running (no state file)")
    return json.loads(path.read_text())


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bot.production", description=__doc__.split("\n")[0]
    )
    parser.add_argument("command", choices=["start", "restart", "status"])
    command = parser.parse_args(argv).command
    settings = Settings.from_environment()
    if command == "restart":
        os.kill(read_state(settings)["pid"], signal.SIGHUP)
        print("rolling restart asked for: the start command's output follows it")
        return 0
    if command == "status":
        print(json.dumps(read_state(settings), indent=2))
        return 0
    profile = Profile(settings, dict(os.environ))

    def ask_for_restart(*_: object) -> None:
        profile.restart_requested = True

    def ask_to_stop(*_: object) -> None:
        profile.stopping = True
        if not profile.supervising:  # still starting: stop at once
            raise KeyboardInterrupt

    signal.signal(signal.SIGHUP, ask_for_restart)
    signal.signal(signal.SIGTERM, ask_to_stop)
    signal.signal(signal.SIGINT, ask_to_stop)
    try:
        profile.start()
        profile.supervise()
    except KeyboardInterrupt:
        pass
    finally:
        print("production: stopping", flush=True)
        profile.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
