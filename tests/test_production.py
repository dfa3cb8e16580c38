"""The production profile (``make production``, ``bot/production.py``), started for
real: PostgreSQL, Redis, two Rasa servers, the action server and nginx, on free
loopback ports in a temporary folder.

Conversations go through nginx as a platform or browser sends them. Bounded: a few
conversations for at most a minute each test.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import sqlalchemy as sa

from bot.servers import free_port, project_env
from tests.services import require, service_folder
from tests.support import PROJECT_ROOT

START_SECONDS = 420
CONVERSATION = ["hi", "my hip hurts", "not sure", "it is getting worse", "no"]


def free_consecutive_ports(count: int) -> int:
    """The first of ``count`` free ports in a row."""
    for _ in range(100):
        base = free_port()
        ports = range(base, base + count)
        if all(port_is_free(port) for port in ports) and base + count < 65536:
            return base
    raise RuntimeError("no free ports in a row")


def port_is_free(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


def listening_pid(port: int) -> int:
    """The process listening on a loopback port (``ss``)."""
    out = subprocess.run(
        ["ss", "-ltnpH", f"sport = :{port}"], capture_output=True, text=True
    ).stdout
    return int(re.search(r"pid=(\d+)", out).group(1))


@dataclass
class Production:
    url: str
    token: str
    directory: Path
    process: subprocess.Popen
    log: Path
    rasa_ports: list[int]
    other_ports: list[int]

    def send(self, sender: str, text: str, token: str | None = None) -> list[dict]:
        request = urllib.request.Request(
            f"{self.url}/webhooks/rest/webhook",
            data=json.dumps({"sender": sender, "message": text}).encode(),
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {self.token if token is None else token}",
            },
        )
        # a conversation whose server was killed waits for Rasa's lock to expire
        with urllib.request.urlopen(request, timeout=100) as reply:
            return json.loads(reply.read())

    def status(self, path: str) -> int:
        try:
            with urllib.request.urlopen(f"{self.url}{path}", timeout=10) as reply:
                return reply.status
        except urllib.error.HTTPError as error:
            return error.code

    @property
    def database_url(self) -> str:
        password = (self.directory / "postgres" / "password").read_text().strip()
        port = self.other_ports[0]
        return f"postgresql://toh:{password}@127.0.0.1:{port}/toh"

    def stored_user_texts(self, sender: str) -> list[str]:
        engine = sa.create_engine(self.database_url)
        with engine.connect() as connection:
            rows = connection.execute(
                sa.text(
                    "SELECT data FROM events WHERE sender_id = :sender "
                    "AND type_name = 'user' ORDER BY id"
                ),
                {"sender": sender},
            ).fetchall()
        engine.dispose()
        return [json.loads(data)["text"] for (data,) in rows]

    def wait_for_log(self, text: str, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if text in self.log.read_text():
                return
            assert self.process.poll() is None, self.log.read_text()[-3000:]
            time.sleep(0.5)
        raise AssertionError(
            f"{text!r} not in the log:\n{self.log.read_text()[-3000:]}"
        )


@pytest.fixture(scope="module")
def production(tmp_path_factory) -> Production:
    for package in ("postgresql", "redis-server", "nginx"):
        require(package)
    directory = service_folder("production")
    base = free_consecutive_ports(2)
    public, action, postgres, redis = (free_port() for _ in range(4))
    env = project_env(
        PRODUCTION_DIR=str(directory),
        PUBLIC_PORT=str(public),
        RASA_BASE_PORT=str(base),
        RASA_INSTANCES="2",
        ACTION_PORT=str(action),
        POSTGRES_PORT=str(postgres),
        REDIS_PORT=str(redis),
        DATABASE_URL="",
        REDIS_URL="",
        REST_TOKEN="",
        PUBLIC_HOST="",
    )
    log = tmp_path_factory.mktemp("production") / "production.log"
    with log.open("w") as handle:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot.production", "start"],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    running = Production(
        f"http://127.0.0.1:{public}",
        "",
        directory,
        process,
        log,
        [base, base + 1],
        [postgres, redis, action, public],
    )
    try:
        running.wait_for_log("The production profile is running.", START_SECONDS)
        running.token = (directory / "rest-token").read_text().strip()
        yield running
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=90)
    for port in running.rasa_ports + running.other_ports:
        assert port_is_free(port), f"port {port} still open after the profile stopped"


def test_a_conversation_through_nginx_is_stored_in_postgresql(production):
    sender = f"prod-{uuid.uuid4().hex[:8]}"
    replies = [production.send(sender, text) for text in CONVERSATION[:3]]
    assert all(reply for reply in replies)
    assert all(m["recipient_id"] == sender for reply in replies for m in reply)
    assert "not a doctor" in replies[0][0]["text"]
    assert production.stored_user_texts(sender) == CONVERSATION[:3]
    # both Rasa servers answered (nginx takes turns), and the conversation went on
    access = (production.directory / "logs" / "nginx-access.log").read_text()
    for port in production.rasa_ports:
        assert f"127.0.0.1:{port}" in access


def test_only_the_channels_are_exposed_and_rest_needs_the_token(production):
    with pytest.raises(urllib.error.HTTPError) as refused:
        production.send("someone", "hi", token="wrong")
    assert refused.value.code == 401
    assert production.status("/health") == 200
    assert production.status("/chat/") == 200
    assert production.status("/webhooks/whatsapp/") == 200  # on, or "off"
    for path in ("/conversations/someone/tracker", "/model/parse", "/status", "/"):
        assert production.status(path) == 404, path
    listening = subprocess.run(["ss", "-ltnH"], capture_output=True, text=True).stdout
    for port in production.rasa_ports + production.other_ports:
        addresses = re.findall(rf"(\S+):{port}\s", listening)
        assert addresses and set(addresses) == {"127.0.0.1"}, (port, addresses)
    for secret in ("postgres/password", "redis/password", "rest-token"):
        mode = (production.directory / secret).stat().st_mode
        assert mode & 0o077 == 0, secret  # its owner's only


@dataclass
class Traffic:
    """Conversations sent in a loop, as patients would, until stopped; a 502 is
    sent again as a platform retries (at most 5 times)."""

    production: Production
    conversations: int = 4
    sent: dict = field(default_factory=dict)
    answered: int = 0
    lost: list = field(default_factory=list)
    misrouted: list = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)

    def run(self, number: int) -> None:
        sender = f"load-{number}-{uuid.uuid4().hex[:8]}"
        self.sent[sender] = []
        turn = 0
        while not self.stop.is_set() and turn < 400:
            text = f"{CONVERSATION[turn % len(CONVERSATION)]} ({turn})"
            self.sent[sender].append(text)
            reply = None
            for attempt in range(5):
                try:
                    reply = self.production.send(sender, text)
                    break
                except urllib.error.HTTPError as error:
                    if error.code != 502 or attempt == 4:
                        self.lost.append((sender, text, error.code))
                        break
                    time.sleep(1)
                except OSError as error:  # a time-out: lost
                    self.lost.append((sender, text, repr(error)))
                    break
            if reply is not None:
                if not reply:
                    self.lost.append((sender, text, "no answer"))
                elif any(m["recipient_id"] != sender for m in reply):
                    self.misrouted.append((sender, text))
                else:
                    self.answered += 1
            turn += 1

    def __enter__(self) -> "Traffic":
        self.threads = [
            threading.Thread(target=self.run, args=(n,))
            for n in range(self.conversations)
        ]
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *_) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=120)

    def count(self) -> int:
        return sum(len(texts) for texts in self.sent.values())


def stored_once_each(production: Production, traffic: Traffic) -> None:
    """Every message sent is in its conversation in PostgreSQL; a retried one may
    be there twice only when the server that was killed had stored it."""
    for sender, texts in traffic.sent.items():
        stored = production.stored_user_texts(sender)
        assert set(stored) == set(texts), sender


def test_a_rolling_restart_loses_no_message(production):
    with Traffic(production) as traffic:
        time.sleep(3)
        subprocess.run(
            [sys.executable, "-m", "bot.production", "restart"],
            cwd=PROJECT_ROOT,
            env=project_env(PRODUCTION_DIR=str(production.directory)),
            check=True,
        )
        production.wait_for_log("rolling restart done", 300)
        time.sleep(2)
    assert traffic.count() > 20
    assert traffic.lost == [] and traffic.misrouted == []
    assert traffic.answered == traffic.count()
    stored_once_each(production, traffic)
    for sender, texts in traffic.sent.items():  # no message twice
        assert production.stored_user_texts(sender) == texts


def test_a_killed_rasa_server_is_started_again_and_no_message_is_lost(production):
    port = production.rasa_ports[1]
    with Traffic(production) as traffic:
        time.sleep(3)
        os.kill(listening_pid(port), signal.SIGKILL)
        production.wait_for_log("Rasa server 2 stopped; starting it again", 30)
        deadline = time.monotonic() + 300
        while port_is_free(port) and time.monotonic() < deadline:
            time.sleep(1)
        time.sleep(4)  # nginx takes it back
    assert not port_is_free(port)
    assert traffic.count() > 10
    assert traffic.lost == [] and traffic.misrouted == []
    stored_once_each(production, traffic)


def test_the_website_chat_through_nginx_and_answers_across_servers(production):
    import socketio

    async def chat() -> tuple[list, list]:
        session_id = uuid.uuid4().hex
        through_nginx = socketio.AsyncClient()
        other_server = socketio.AsyncClient()  # the same session on the other server
        seen_nginx, seen_other = [], []
        through_nginx.on("bot_uttered", lambda data: seen_nginx.append(data))
        other_server.on("bot_uttered", lambda data: seen_other.append(data))
        confirmed = asyncio.Event()
        through_nginx.on("session_confirm", lambda _: confirmed.set())
        # long-polling: the websocket client needs a newer aiohttp than Rasa pins
        await through_nginx.connect(production.url, transports=["polling"])
        await through_nginx.emit("session_request", {"session_id": session_id})
        await asyncio.wait_for(confirmed.wait(), 20)
        answered_on_each = []
        for port in production.rasa_ports:
            await other_server.connect(
                f"http://127.0.0.1:{port}", transports=["polling"]
            )
            await other_server.emit("session_request", {"session_id": session_id})
            await asyncio.sleep(1)
            before = len(seen_nginx), len(seen_other)
            await through_nginx.emit(
                "user_uttered", {"message": "my hip hurts", "session_id": session_id}
            )
            for _ in range(60):
                if len(seen_nginx) > before[0] and len(seen_other) > before[1]:
                    break
                await asyncio.sleep(0.5)
            answered_on_each.append(len(seen_other) > before[1])
            await other_server.disconnect()
        await through_nginx.disconnect()
        return seen_nginx, seen_other, answered_on_each

    seen_nginx, seen_other, answered_on_each = asyncio.run(chat())
    assert any("pain" in message.get("text", "") for message in seen_nginx)
    # a second tab of the same chat, on either server, gets the same answers:
    # Redis carries them from the server that handled the message
    assert answered_on_each == [True, True]
    assert [m.get("text") for m in seen_other] == [m.get("text") for m in seen_nginx]


def instance_health(port: int) -> dict:
    with urllib.request.urlopen(
        f"http://127.0.0.1:{port}/webhooks/health/", timeout=10
    ) as reply:
        return json.loads(reply.read())


def test_postgresql_stopped_in_the_middle_of_conversations_loses_nothing(production):
    """PostgreSQL stops (and nobody starts it, the supervisor is paused), patients
    go on writing, one with an emergency; then it starts again."""
    anna, beth = (f"pg-{name}-{uuid.uuid4().hex[:6]}" for name in ("anna", "beth"))
    for text in ("hi", "my hip hurts"):
        assert production.send(anna, text)
    postgres_port = production.other_ports[0]
    supervisor = production.process.pid
    os.kill(supervisor, signal.SIGSTOP)
    try:
        os.kill(listening_pid(postgres_port), signal.SIGINT)  # fast shutdown
        deadline = time.monotonic() + 30
        while not port_is_free(postgres_port) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert port_is_free(postgres_port)
        while_down = ["not sure", "it is getting worse"]
        for text in while_down:
            assert production.send(anna, text)
        emergency = production.send(beth, "I fell down the stairs and can't stand up")
        assert any("emergency" in m.get("text", "").lower() for m in emergency)
        health = [instance_health(port) for port in production.rasa_ports]
        assert all(h["conversation_store"] == "unreachable" for h in health)
        assert all(h["status"] == "degraded" for h in health)
        assert sum(h["saves_waiting"] for h in health) >= 3
    finally:
        os.kill(supervisor, signal.SIGCONT)
    production.wait_for_log("LocalPostgres stopped; starting it again", 30)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        health = [instance_health(port) for port in production.rasa_ports]
        if all(h["status"] == "ok" for h in health):
            break
        time.sleep(1)
    assert all(h["status"] == "ok" and h["saves_waiting"] == 0 for h in health)
    assert production.send(anna, "no")
    stored = production.stored_user_texts(anna)
    # nothing lost or doubled; what two servers kept while it was down is written
    # by each when it answers again, so those two may be stored in either order
    assert stored[:2] == ["hi", "my hip hurts"] and stored[-1] == "no"
    assert sorted(stored[2:-1]) == sorted(while_down)
    assert production.stored_user_texts(beth) == [
        "I fell down the stairs and can't stand up"
    ]
