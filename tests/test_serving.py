"""Where the servers listen and what their logs show, without starting them
(bot/serving.py, bot/rasa_server.py). tests/test_run_command.py starts them."""

from __future__ import annotations

import subprocess
import sys

import pytest

from bot.rasa_server import rasa_arguments
from bot.serving import HIDDEN, api_exposure_problem, is_loopback, server_host
from tests.support import PROJECT_ROOT, project_env

RUN = ["run", "--model", "models/toh-bot.tar.gz", "--enable-api", "--port", "5005"]


@pytest.mark.parametrize(
    "host, loopback",
    [
        ("127.0.0.1", True),
        ("127.0.0.53", True),
        ("localhost", True),
        ("::1", True),
        ("[::1]", True),
        ("0.0.0.0", False),
        ("::", False),
        ("192.0.2.2", False),
        ("bot.example-clinic.org", False),
    ],
)
def test_loopback_addresses(host, loopback):
    assert is_loopback(host) is loopback


def test_servers_listen_on_loopback_unless_a_host_is_set():
    assert server_host("RASA", {}) == "127.0.0.1"
    assert server_host("ACTION", {"ACTION_HOST": " "}) == "127.0.0.1"
    assert server_host("RASA", {"RASA_HOST": "0.0.0.0"}) == "0.0.0.0"
    assert server_host("ACTION", {"ACTION_HOST": "192.0.2.2"}) == "192.0.2.2"


def test_the_api_beyond_loopback_needs_a_token():
    problem = api_exposure_problem("0.0.0.0", None)
    assert "RASA_AUTH_TOKEN" in problem and "0.0.0.0" in problem
    assert api_exposure_problem("0.0.0.0", "  ") == problem
    assert api_exposure_problem("0.0.0.0", "s3cret") is None
    assert api_exposure_problem("127.0.0.1", None) is None
    assert api_exposure_problem("0.0.0.0", None, api_enabled=False) is None


def test_rasa_is_started_on_loopback_by_default():
    arguments, problem = rasa_arguments(RUN, {})
    assert problem is None
    assert arguments == [*RUN, "--interface", "127.0.0.1"]  # and no token


def test_rasa_gets_the_host_and_the_token_from_the_environment():
    environ = {"RASA_HOST": "0.0.0.0", "RASA_AUTH_TOKEN": "s3cret"}
    arguments, problem = rasa_arguments(RUN, environ)
    assert problem is None
    assert arguments[-4:] == ["--interface", "0.0.0.0", "--auth-token", "s3cret"]


def test_rasa_refuses_an_open_api_beyond_loopback_without_a_token():
    arguments, problem = rasa_arguments(RUN, {"RASA_HOST": "192.0.2.2"})
    assert arguments == [] and "RASA_AUTH_TOKEN" in problem


@pytest.mark.parametrize(
    "option", [["--interface", "0.0.0.0"], ["-i", "0.0.0.0"], ["--interf=0.0.0.0"]]
)
def test_the_address_is_set_only_by_rasa_host(option):
    arguments, problem = rasa_arguments([*RUN, *option], {})
    assert arguments == [] and "RASA_HOST" in problem


def test_the_token_is_set_only_by_rasa_auth_token():
    arguments, problem = rasa_arguments([*RUN, "--auth-token", "x"], {})
    assert arguments == [] and "RASA_AUTH_TOKEN" in problem


def test_the_staff_shell_always_listens_on_loopback():
    arguments, problem = rasa_arguments(
        ["shell", "--model", "m.tar.gz"], {"RASA_HOST": "0.0.0.0"}
    )
    assert problem is None
    assert arguments == ["shell", "--model", "m.tar.gz", "--interface", "127.0.0.1"]


@pytest.mark.parametrize(
    "command", [["bot.rasa_server", *RUN], ["bot.serving", "check"]]
)
def test_a_refused_start_says_why_and_stops(command):
    result = subprocess.run(
        [sys.executable, "-m", *command],
        cwd=PROJECT_ROOT,
        env=project_env(RASA_HOST="0.0.0.0", RASA_AUTH_TOKEN=""),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "refusing to start" in result.stderr
    assert "RASA_AUTH_TOKEN" in result.stderr


# Rasa's own logging set-up, then one event logged before and one after the fields
# are hidden (structlog caches a logger on first use)
STRUCTLOG_SCRIPT = """
import logging, structlog
from rasa.utils.log_utils import configure_structlog
from bot.serving import hide_message_text_in_structlog
configure_structlog(logging.DEBUG)
log = structlog.get_logger("rasa.core.processor")
log.debug("processor.message.parse", parse_data_text="zebra before", intent="greet")
hide_message_text_in_structlog()
hide_message_text_in_structlog()
log.debug("processor.message.parse", parse_data_text="zebra after", intent="greet")
structlog.get_logger("other").error("rest.message.received.failure", text="zebra 2")
"""


def test_message_text_is_hidden_in_rasas_structured_logs():
    result = subprocess.run(
        [sys.executable, "-c", STRUCTLOG_SCRIPT],
        cwd=PROJECT_ROOT,
        env=project_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "zebra before" in output  # what Rasa logs on its own
    assert "zebra after" not in output and "zebra 2" not in output
    assert output.count(HIDDEN) == 2
    assert output.count("greet") == 2  # the other fields are still logged
