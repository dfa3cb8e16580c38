"""The run command (`make run` -> bot/scripts/run.sh): starts both servers, says where
to reach them, and stops both when it is told to stop. Both listen on 127.0.0.1
unless RASA_HOST / ACTION_HOST are set; the HTTP API is never open beyond loopback
without RASA_AUTH_TOKEN; what patients write stays out of the logs."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from bot.servers import free_port
from bot.serving import HIDDEN, is_loopback
from tests.channels import fakes
from tests.channels.conftest import WHATSAPP
from tests.channels.drivers import WhatsAppDriver
from tests.support import PROJECT_ROOT, http_json, project_env

TOKEN = "test-auth-token-4f9c2a"
# Written by the "patient" in every test; must never show in a log.
SECRET_TEXT = "my hip hurts since the zebra-7731 fell on me"


def session_processes(session_id: int) -> list[int]:
    """Pids of the live processes in a session (the run command and its children)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        state, session = fields[0], int(fields[3])
        if session == session_id and state != "Z":
            pids.append(int(entry.name))
    return pids


def listening(pids: list[int]) -> set[str]:
    """The TCP addresses (``host:port``) these processes listen on, from ``ss``."""
    table = subprocess.run(
        ["ss", "-ltnpH"], capture_output=True, text=True, check=True
    ).stdout
    return {
        line.split()[3]
        for line in table.splitlines()
        if any(f"pid={pid}," in line for pid in pids)
    }


def this_machines_address() -> str:
    """An address of this machine that is not loopback (0.0.0.0 if it has none)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # picks the outgoing address; sends nothing
            address = probe.getsockname()[0]
        except OSError:
            return "0.0.0.0"
    return "0.0.0.0" if is_loopback(address) else address


def wait_for(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.5)
    return False


def status_of(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


class RunCommand:
    """``bash bot/scripts/run.sh`` in its own session, its output in a file."""

    def __init__(self, tmp_path: Path, **settings: str) -> None:
        self.rasa_port, self.action_port = free_port(), free_port()
        # the defaults, whatever the shell running the tests has set
        defaults = dict.fromkeys(
            ["RASA_HOST", "ACTION_HOST", "RASA_AUTH_TOKEN", "LOG_LEVEL"], ""
        )
        env = project_env(
            RASA_PORT=str(self.rasa_port),
            ACTION_PORT=str(self.action_port),
            TRACKER_DB=str(tmp_path / "tracker.db"),
            LOG_MESSAGE_TEXT="",
            **{**defaults, **settings},
        )
        env.pop("ACTION_SERVER_URL", None)  # common.sh derives it from the settings
        self.log = tmp_path / "run.log"
        with self.log.open("w") as handle:  # the child keeps its own copy
            self.process = subprocess.Popen(
                ["bash", "bot/scripts/run.sh"],
                cwd=PROJECT_ROOT,
                env=env,
                stdout=handle,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def output(self) -> str:
        return self.log.read_text()

    def wait_until_running(self) -> None:
        assert wait_for(lambda: "The bot is running" in self.output(), 300), (
            self.output()[-3000:]
        )

    def processes(self) -> list[int]:
        return session_processes(self.process.pid)

    def stop(self, stop_signal: int = signal.SIGTERM) -> None:
        if self.process.poll() is None:
            os.kill(self.process.pid, stop_signal)  # the script only, as systemd does
            self.process.wait(timeout=60)

    def kill(self) -> None:
        for pid in self.processes():
            os.kill(pid, signal.SIGKILL)


@pytest.fixture
def run_command(tmp_path):
    started = []

    def start(**settings: str) -> RunCommand:
        started.append(RunCommand(tmp_path, **settings))
        return started[-1]

    yield start
    for command in started:
        command.kill()


@pytest.fixture(scope="module")
def whatsapp_api():
    platform = fakes.FakePlatform(fakes.whatsapp_answer).start()
    yield platform
    platform.stop()


def whatsapp_settings(api: fakes.FakePlatform) -> dict[str, str]:
    return {**WHATSAPP, "WHATSAPP_API_BASE": api.url}


@pytest.mark.parametrize("stop_signal", [signal.SIGINT, signal.SIGTERM])
def test_run_command_starts_both_servers_on_loopback_and_stops_both(
    run_command, whatsapp_api, stop_signal
):
    command = run_command(**whatsapp_settings(whatsapp_api))
    command.wait_until_running()
    rasa_url = f"http://127.0.0.1:{command.rasa_port}"
    assert rasa_url in command.output()
    # bound to loopback only: nothing on 0.0.0.0 or another address
    assert listening(command.processes()) == {
        f"127.0.0.1:{command.rasa_port}",
        f"127.0.0.1:{command.action_port}",
    }
    reply = http_json(
        f"{rasa_url}/webhooks/rest/webhook",
        {"sender": "run-test", "message": "is an mri safe in pregnancy?"},
    )
    assert any("Source" in message.get("text", "") for message in reply), reply
    # the API is open on loopback without a token, as before
    assert status_of(f"{rasa_url}/conversations/run-test/tracker") == 200

    whatsapp = WhatsAppDriver(rasa_url, whatsapp_api)
    assert whatsapp.say(whatsapp.new_sender(), SECRET_TEXT)  # answered
    assert len(command.processes()) >= 3  # script + both servers

    command.stop(stop_signal)
    assert wait_for(lambda: not command.processes(), 30), (
        "servers still running after the run command stopped"
    )
    assert "zebra-7731" not in command.output()


def test_a_host_without_a_token_refuses_to_start(run_command):
    command = run_command(RASA_HOST="0.0.0.0")
    assert command.process.wait(timeout=120) == 2
    output = command.output()
    assert "refusing to start" in output and "RASA_AUTH_TOKEN" in output
    assert "The bot is running" not in output
    assert not command.processes()  # nothing was started


def test_with_a_host_and_a_token_the_api_needs_the_token(run_command, whatsapp_api):
    host = this_machines_address()
    command = run_command(
        RASA_HOST=host,
        ACTION_HOST=host,
        RASA_AUTH_TOKEN=TOKEN,
        LOG_LEVEL="DEBUG",  # the most Rasa and the connectors log
        **whatsapp_settings(whatsapp_api),
    )
    command.wait_until_running()
    assert listening(command.processes()) == {
        f"{host}:{command.rasa_port}",
        f"{host}:{command.action_port}",
    }
    assert TOKEN not in command.output()
    reachable = "127.0.0.1" if host == "0.0.0.0" else host
    rasa_url = f"http://{reachable}:{command.rasa_port}"
    assert rasa_url in command.output()

    # the patients' channels need no token; the action server is reached
    reply = http_json(
        f"{rasa_url}/webhooks/rest/webhook", {"sender": "host-test", "message": "hi"}
    )
    assert "computer program" in reply[0]["text"]
    whatsapp = WhatsAppDriver(rasa_url, whatsapp_api)
    assert whatsapp.say(whatsapp.new_sender(), SECRET_TEXT)
    http_json(
        f"{rasa_url}/webhooks/rest/webhook",
        {"sender": "host-test", "message": SECRET_TEXT},
    )
    # the HTTP API needs the token
    tracker = f"{rasa_url}/conversations/host-test/tracker"
    assert status_of(tracker) == 401
    assert status_of(f"{tracker}?token=wrong-{TOKEN}") == 401
    assert status_of(f"{tracker}?token={TOKEN}") == 200

    command.stop()
    output = command.output()
    assert "DEBUG" in output and HIDDEN in output  # debug logs, text hidden
    assert "zebra-7731" not in output
