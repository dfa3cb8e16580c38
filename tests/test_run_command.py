"""The run command (`make run` -> bot/scripts/run.sh): starts both servers, says where
to reach them, and stops both when it is told to stop."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from bot.servers import free_port
from tests.support import PROJECT_ROOT, http_json, project_env


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


def wait_for(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.5)
    return False


@pytest.mark.parametrize("stop_signal", [signal.SIGINT, signal.SIGTERM])
def test_run_command_starts_both_servers_and_stops_both(tmp_path, stop_signal):
    rasa_port, action_port = free_port(), free_port()
    log = (tmp_path / "run.log").open("w")
    process = subprocess.Popen(
        ["bash", "bot/scripts/run.sh"],
        cwd=PROJECT_ROOT,
        env=project_env(
            RASA_PORT=str(rasa_port),
            ACTION_PORT=str(action_port),
            ACTION_SERVER_URL=f"http://127.0.0.1:{action_port}/webhook",
            TRACKER_DB=str(tmp_path / "tracker.db"),
        ),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    output = tmp_path / "run.log"
    try:
        assert wait_for(lambda: "The bot is running" in output.read_text(), 300), (
            output.read_text()[-3000:]
        )
        assert f"127.0.0.1:{rasa_port}" in output.read_text()
        reply = http_json(
            f"http://127.0.0.1:{rasa_port}/webhooks/rest/webhook",
            {"sender": "run-test", "message": "is an mri safe in pregnancy?"},
        )
        assert any("Source" in message.get("text", "") for message in reply), reply
        assert len(session_processes(process.pid)) >= 3  # script + both servers

        os.kill(process.pid, stop_signal)  # the script only, as a service manager does
        process.wait(timeout=60)
        assert wait_for(lambda: not session_processes(process.pid), 30), (
            "servers still running after the run command stopped"
        )
    finally:
        for pid in session_processes(process.pid):
            os.kill(pid, signal.SIGKILL)
        log.close()
