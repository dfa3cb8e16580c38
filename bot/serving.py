"""Where the servers listen.

- Both servers listen on 127.0.0.1 unless ``RASA_HOST`` / ``ACTION_HOST`` name
  another address (e.g. ``0.0.0.0`` in a container behind a reverse proxy).
- The Rasa HTTP API (``--enable-api``: conversations, parse, model) never listens
  beyond loopback without ``RASA_AUTH_TOKEN``: the start is refused, with the reason.

``python -m bot.serving check`` runs the host and token check (``make run`` runs it
before it starts anything).
"""

from __future__ import annotations

import ipaddress
import os
import sys
from typing import Iterable, Optional

LOOPBACK = "127.0.0.1"
HOST_VARIABLES = {"RASA": "RASA_HOST", "ACTION": "ACTION_HOST"}
PORT_VARIABLES = {"RASA": ("RASA_PORT", 5005), "ACTION": ("ACTION_PORT", 5055)}


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
