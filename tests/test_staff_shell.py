"""The staff shell (`make shell`, i.e. `bash bot/scripts/run.sh shell`), driven in a
pseudo-terminal as a person would: one MRI question and one emergency, then /stop.
Afterwards no process it started may be left."""

from __future__ import annotations

import fcntl
import os
import re
import select
import signal
import struct
import subprocess
import termios
import time

import pytest

from bot.servers import free_port
from tests.support import PROJECT_ROOT, project_env

PROMPT = "Your input ->"
ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][A-Z0-9]|\x1b[=>]|\r")
CURSOR_POSITION_REQUEST = "\x1b[6n"


class Terminal:
    """A program running in a pseudo-terminal, read and typed into."""

    def __init__(self, command: list[str], env: dict[str, str]) -> None:
        self.master, follower = os.openpty()
        fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 160, 0, 0))
        self.process = subprocess.Popen(
            command,
            stdin=follower,
            stdout=follower,
            stderr=follower,
            cwd=PROJECT_ROOT,
            env=env,
            start_new_session=True,  # its own process group: nothing escapes the test
        )
        os.close(follower)
        self.output = ""  # everything shown so far, without terminal codes
        self.read_to = 0

    def _read(self, seconds: float) -> None:
        ready, _, _ = select.select([self.master], [], [], seconds)
        if not ready:
            return
        try:
            data = os.read(self.master, 65536).decode("utf-8", "replace")
        except OSError:  # the program closed the terminal
            time.sleep(seconds)
            return
        if CURSOR_POSITION_REQUEST in data:  # prompt_toolkit asks where the cursor is
            os.write(self.master, b"\x1b[1;1R")
        self.output += ANSI.sub("", data)

    def expect(self, pattern: str, seconds: float = 240) -> str:
        """Waits for ``pattern`` (a regex) after what was read before; returns the
        text up to and including it."""
        deadline = time.monotonic() + seconds
        regex = re.compile(pattern)
        while time.monotonic() < deadline:
            match = regex.search(self.output, self.read_to)
            if match:
                text = self.output[self.read_to : match.end()]
                self.read_to = match.end()
                return text
            if self.process.poll() is not None:
                self._read(0.2)
                if not regex.search(self.output, self.read_to):
                    break
            self._read(0.5)
        raise AssertionError(
            f"{pattern!r} not shown within {seconds}s; last output:\n"
            f"{self.output[-3000:]}"
        )

    def type(self, text: str) -> None:
        os.write(self.master, text.encode("utf-8") + b"\r")

    def group_alive(self) -> bool:
        try:
            os.killpg(self.process.pid, 0)
            return True
        except ProcessLookupError:
            return False

    def close(self) -> None:
        for sig in (signal.SIGTERM, signal.SIGKILL):
            if not self.group_alive():
                break
            os.killpg(self.process.pid, sig)
            deadline = time.monotonic() + 20
            while self.group_alive() and time.monotonic() < deadline:
                self.process.poll()
                time.sleep(0.2)
        self.process.poll()
        os.close(self.master)


@pytest.fixture
def shell(tmp_path):
    env = project_env(
        RASA_PORT=str(free_port()),
        ACTION_PORT=str(free_port()),
        TRACKER_DB=str(tmp_path / "tracker.db"),
        CLINIC_NAME="Test Clinic",
        CLINIC_EMERGENCY_NUMBER="999",
        TERM="xterm-256color",
    )
    env.pop("ACTION_SERVER_URL", None)  # common.sh derives it from ACTION_PORT
    terminal = Terminal(["bash", "bot/scripts/run.sh", "shell"], env)
    yield terminal
    terminal.close()


def test_staff_shell_answers_an_mri_question_and_an_emergency(shell):
    shell.expect(re.escape(PROMPT), seconds=300)

    shell.type("is an mri safe when im pregnant?")
    # the prompt is redrawn while typing: wait for the answer's last line
    answer = shell.expect(r"Sources?: [^\n]*\n")
    assert "MRI uses a strong magnet" in answer
    assert "computer program" in answer  # the introduction comes first
    shell.expect(re.escape(PROMPT))

    shell.type("32 weeks, i slipped on the stairs and now i can't stand up")
    emergency = shell.expect(r"emergency[^\n]*\n")
    assert "Call 999" in emergency
    shell.expect(re.escape(PROMPT))

    shell.type("/stop")
    shell.process.wait(timeout=60)
    deadline = time.monotonic() + 30
    while shell.group_alive() and time.monotonic() < deadline:
        time.sleep(0.5)
    assert not shell.group_alive(), "a process started by the shell is still running"
