"""Where the servers listen, and what their logs may show.

- Both servers listen on 127.0.0.1 unless ``RASA_HOST`` / ``ACTION_HOST`` name
  another address (e.g. ``0.0.0.0`` in a container behind a reverse proxy).
- The Rasa HTTP API (``--enable-api``: conversations, parse, model) never listens
  beyond loopback without ``RASA_AUTH_TOKEN``: the start is refused, with the reason.
- Patient message text stays out of the logs unless ``LOG_MESSAGE_TEXT=true``.

``python -m bot.serving check`` runs the host and token check (``make run`` runs it
before it starts anything).
"""

from __future__ import annotations

import ipaddress
import os
import sys
from typing import Any, Iterable, Optional

LOOPBACK = "127.0.0.1"
HOST_VARIABLES = {"RASA": "RASA_HOST", "ACTION": "ACTION_HOST"}
PORT_VARIABLES = {"RASA": ("RASA_PORT", 5005), "ACTION": ("ACTION_PORT", 5055)}
TRUE = {"1", "true", "yes", "on"}

# The structured-log fields that Rasa 3.6 itself lists as holding what a user wrote
# (rasa/utils/log_utils.py, _anonymizer): their values are hidden from the logs.
MESSAGE_TEXT_FIELDS = frozenset(
    {
        "text",
        "response_text",
        "user_text",
        "slot_values",
        "parse_data_text",
        "parse_data_entities",
        "prediction_events",
        "tracker_latest_message",
        "prefilled_slots",
        "message",
        "response",
        "slot_candidates",
        "rasa_event",
        "rasa_events",
        "tracker_states",
        "current_states",
        "old_states",
        "successes",
        "current_entity",
        "next_entity",
        "states",
        "entity",
        "token_text",
        "user_message",
        "json_message",
    }
)
HIDDEN = "[hidden: set LOG_MESSAGE_TEXT=true to log message text]"


def server_host(server: str, environ: Optional[dict] = None) -> str:
    """The address a server listens on: ``RASA_HOST`` / ``ACTION_HOST``, else
    loopback."""
    environ = os.environ if environ is None else environ
    return (environ.get(HOST_VARIABLES[server]) or "").strip() or LOOPBACK


def is_loopback(host: str) -> bool:
    """True for ``localhost`` and 127.0.0.0/8 or ``::1`` addresses; a host name
    or ``0.0.0.0`` may reach beyond this machine."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def api_exposure_problem(
    host: str, auth_token: Optional[str], api_enabled: bool = True
) -> Optional[str]:
    """Why the Rasa server must not start, or None when it may."""
    if not api_enabled or is_loopback(host) or (auth_token or "").strip():
        return None
    return (
        f"refusing to start: RASA_HOST={host} would open the Rasa HTTP API "
        "(conversations with patients' messages) beyond this machine without "
        "RASA_AUTH_TOKEN. Set RASA_AUTH_TOKEN to a long random secret, or leave "
        f"RASA_HOST unset to listen on {LOOPBACK} only (behind a reverse proxy)."
    )


def local_url(server: str, environ: Optional[dict] = None) -> str:
    """How to reach a server from this machine (loopback when it listens on all
    addresses)."""
    environ = os.environ if environ is None else environ
    host = server_host(server, environ)
    if host in ("0.0.0.0", "::", "[::]"):
        host = LOOPBACK
    elif ":" in host and not host.startswith("["):
        host = f"[{host}]"  # an IPv6 address
    variable, default = PORT_VARIABLES[server]
    return f"http://{host}:{environ.get(variable) or default}"


def message_text_logging(environ: Optional[dict] = None) -> bool:
    environ = os.environ if environ is None else environ
    return (environ.get("LOG_MESSAGE_TEXT") or "").strip().lower() in TRUE


def hide_message_text(_logger: Any, _method: str, event: dict) -> dict:
    """structlog processor: replaces the values of message-text fields."""
    for field in MESSAGE_TEXT_FIELDS.intersection(event):
        event[field] = HIDDEN
    return event


def hide_message_text_in_structlog() -> None:
    """Puts ``hide_message_text`` first in structlog's processors.

    The processor list is changed in place, so loggers that structlog has cached
    already use it too.
    """
    import structlog

    processors = structlog.get_config()["processors"]
    if hide_message_text not in processors:
        processors.insert(0, hide_message_text)


def main(argv: Iterable[str]) -> int:
    command = next(iter(argv), "check")
    if command == "check":
        problem = api_exposure_problem(
            server_host("RASA"), os.environ.get("RASA_AUTH_TOKEN")
        )
        if problem:
            print(problem, file=sys.stderr)
            return 2
        return 0
    print("usage: python -m bot.serving check", file=sys.stderr)
    return 64


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
