"""Starts the Rasa server (``rasa run``) or the staff shell (``rasa shell``) with
this project's safe defaults; every other argument goes to Rasa unchanged.

    python -m bot.rasa_server run --model models/toh-bot.tar.gz --enable-api ...
    python -m bot.rasa_server shell --model models/toh-bot.tar.gz ...

- ``run`` listens on ``RASA_HOST`` (default 127.0.0.1; Rasa's own default is
  0.0.0.0). With ``--enable-api`` on any other address it refuses to start unless
  ``RASA_AUTH_TOKEN`` is set. The token is handed to Rasa inside this process, so
  it does not show in the process list (``ps``) as ``--auth-token`` would.
- ``shell`` always listens on 127.0.0.1: it is a tool for staff on this machine.
- Patient message text is hidden in Rasa's structured logs (``bot.serving``)
  unless ``LOG_MESSAGE_TEXT=true``.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Optional

from bot.serving import (
    LOOPBACK,
    api_exposure_problem,
    hide_message_text_in_structlog,
    message_text_logging,
    server_host,
)

COMMANDS = ("run", "shell")
USAGE = "usage: python -m bot.rasa_server run|shell [rasa arguments]"


def owned_options() -> argparse.ArgumentParser:
    """The options this module sets; Rasa's abbreviations are recognised too."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("-i", "--interface")
    parser.add_argument("-t", "--auth-token")
    parser.add_argument("--enable-api", action="store_true")
    return parser


def rasa_arguments(argv: list[str], environ: dict) -> tuple[list[str], Optional[str]]:
    """Rasa's command line for ``argv``, or a reason not to start."""
    if not argv or argv[0] not in COMMANDS:
        return [], USAGE
    command, rest = argv[0], argv[1:]
    given, _ = owned_options().parse_known_args(rest)
    if given.interface or given.auth_token:
        return [], (
            "set the address with RASA_HOST and the token with RASA_AUTH_TOKEN "
            "(not --interface / --auth-token)"
        )
    if command == "shell":
        return [command, *rest, "--interface", LOOPBACK], None
    host = server_host("RASA", environ)
    token = (environ.get("RASA_AUTH_TOKEN") or "").strip()
    problem = api_exposure_problem(host, token, given.enable_api)
    if problem:
        return [], problem
    arguments = [command, *rest, "--interface", host]
    if token:
        arguments += ["--auth-token", token]
    return arguments, None


def main(argv: Optional[list[str]] = None) -> int:
    arguments, problem = rasa_arguments(
        sys.argv[1:] if argv is None else argv, dict(os.environ)
    )
    if problem:
        print(problem, file=sys.stderr)
        return 2
    import rasa.__main__ as rasa_cli

    if not message_text_logging():
        configure_structlog = rasa_cli.configure_structlog

        def configure_structlog_without_text(*args, **kwargs) -> None:
            configure_structlog(*args, **kwargs)
            hide_message_text_in_structlog()

        # rasa.__main__.main() configures structlog just before it runs the command
        rasa_cli.configure_structlog = configure_structlog_without_text
    sys.argv = ["rasa", *arguments]
    rasa_cli.main()
    return 0


if __name__ == "__main__":
    sys.exit(main())
