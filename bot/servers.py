"""Starts the real servers and talks to them (tests and benchmark).

They are started as ``make run`` starts them (``bot.action_server`` and
``bot.rasa_server``), so they listen on 127.0.0.1 unless ``RASA_HOST`` /
``ACTION_HOST`` are set.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from bot.serving import local_url

PROJECT_ROOT = Path(__file__).resolve().parent.parent
MODEL = PROJECT_ROOT / "models" / "toh-bot.tar.gz"
RASA = str(Path(sys.executable).with_name("rasa"))
PYTHON = sys.executable


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def project_env(**overrides: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        RASA_TELEMETRY_ENABLED="false",
        PYTHONPATH=str(PROJECT_ROOT),
        TF_CPP_MIN_LOG_LEVEL="2",
    )
    env.update(overrides)
    return env


def http_json(
    url: str, payload: Any = None, timeout: float = 60.0, method: Optional[str] = None
) -> Any:
    data = None if payload is None else json.dumps(payload).encode("utf-8")
    request = urllib.request.Request(
        url, data=data, method=method or ("POST" if data is not None else "GET")
    )
    request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=timeout) as response:
        body = response.read()
    return json.loads(body) if body else None


def wait_until_up(url: str, process: subprocess.Popen, seconds: float, log: Path):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url} exited early:\n{log.read_text()[-4000:]}")
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except urllib.error.HTTPError:
            return  # it answers (e.g. 401: the API needs RASA_AUTH_TOKEN)
        except (urllib.error.URLError, ConnectionError, OSError):
            time.sleep(0.5)
    raise RuntimeError(f"{url} not up after {seconds}s:\n{log.read_text()[-4000:]}")


def start(
    command: list[str],
    env: dict[str, str],
    log: Path,
    cwd: Path = PROJECT_ROOT,
    append: bool = False,
) -> subprocess.Popen:
    """Starts a server in a session of its own, its output in ``log`` (added to
    it with ``append``, so a restart keeps the log of the run before)."""
    with log.open("a" if append else "w") as handle:  # the child keeps a copy
        return subprocess.Popen(
            command,
            cwd=cwd,
            env=env,
            stdout=handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def stop(
    process: Optional[subprocess.Popen],
    stop_signal: int = signal.SIGTERM,
    timeout: float = 20,
) -> None:
    """Stops a process started by ``start`` and its children (its session):
    ``stop_signal``, then SIGKILL if it has not stopped within ``timeout`` s."""
    if process is None or process.poll() is not None:
        return
    os.killpg(process.pid, stop_signal)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


@dataclass
class Bot:
    """The running Rasa server (and action server, unless started without one)."""

    rasa_url: str
    action_url: Optional[str]
    workdir: Path
    processes: list = field(default_factory=list)

    @staticmethod
    def new_sender() -> str:
        return f"test-{uuid.uuid4().hex[:12]}"

    def send(self, sender: str, text: str) -> list[dict]:
        return http_json(
            f"{self.rasa_url}/webhooks/rest/webhook",
            {"sender": sender, "message": text},
        )

    def say(self, sender: str, text: str) -> str:
        """Sends a message and returns all bot texts of the reply, joined."""
        return "\n".join(m.get("text", "") for m in self.send(sender, text))

    def tracker(self, sender: str) -> dict:
        return http_json(f"{self.rasa_url}/conversations/{sender}/tracker")

    def slot(self, sender: str, name: str) -> Any:
        return self.tracker(sender)["slots"].get(name)

    def parse(self, text: str) -> dict:
        return http_json(f"{self.rasa_url}/model/parse", {"text": text})


def start_bot(
    workdir: Path,
    with_action_server: bool = True,
    model: Path = MODEL,
    project_dir: Path = PROJECT_ROOT,
    endpoints: Optional[str] = "endpoints.yml",
    **env_overrides: str,
) -> Bot:
    """Starts the action server (optional) and the Rasa server on free ports.

    The defaults start this project's bot; the benchmark also starts the stock
    ``rasa init`` bot with another ``project_dir`` and ``model``.
    """
    if not model.is_file():
        raise RuntimeError(f"no trained model at {model}: run `make train` first")
    # loopback and no token unless the caller asks (not whatever the shell has set)
    settings = dict(
        RASA_PORT=str(free_port()),
        ACTION_PORT=str(free_port()),
        RASA_HOST="",
        ACTION_HOST="",
        RASA_AUTH_TOKEN="",
        TRACKER_DB=str(workdir / "tracker.db"),
    )
    settings.update(env_overrides)
    action_url = local_url("ACTION", settings)
    settings.setdefault("ACTION_SERVER_URL", f"{action_url}/webhook")
    env = project_env(**settings)
    bot = Bot(local_url("RASA", env), None, workdir)
    try:
        if with_action_server:
            actions = start(
                [
                    PYTHON,
                    "-m",
                    "bot.action_server",
                    "--actions",
                    "actions",
                    "--port",
                    env["ACTION_PORT"],
                ],
                env,
                workdir / "actions.log",
                project_dir,
            )
            bot.processes.append(actions)
            bot.action_url = action_url
            wait_until_up(f"{action_url}/health", actions, 120, workdir / "actions.log")
        command = [
            PYTHON,
            "-m",
            "bot.rasa_server",
            "run",
            "--model",
            str(model),
            "--enable-api",
            "--port",
            env["RASA_PORT"],
        ]
        if endpoints:
            command += ["--endpoints", endpoints, "--credentials", "credentials.yml"]
        server = start(command, env, workdir / "rasa.log", project_dir)
        bot.processes.append(server)
        wait_until_up(f"{bot.rasa_url}/status", server, 300, workdir / "rasa.log")
    except Exception:
        stop_bot(bot)
        raise
    return bot


def stop_bot(bot: Bot) -> None:
    for process in reversed(bot.processes):
        stop(process)
