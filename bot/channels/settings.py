"""Channel settings from the environment.

In ``credentials.yml`` each setting of a messaging channel names the environment
variable that holds it (Rasa's own ``${VAR}`` stops the server when a variable is
unset). A channel whose required variables are not all set stays off.
"""

from __future__ import annotations

import logging
import os
import re
from typing import Any, Mapping, Optional

logger = logging.getLogger(__name__)

# The Graph API version for the WhatsApp Cloud API and Messenger, unless
# WHATSAPP_API_VERSION / MESSENGER_API_VERSION say otherwise: the latest (v26.0,
# released 29 July 2026). Meta keeps a version usable for two years after the next
# one is released (developers.facebook.com/docs/graph-api/changelog/versions).
GRAPH_API_VERSION = "v26.0"
GRAPH_API_VERSION_FORMAT = re.compile(r"v[0-9]{1,3}\.[0-9]{1,2}")


def read_settings(
    channel: str,
    credentials: Optional[Mapping[str, Any]],
    required: tuple[str, ...],
) -> Optional[dict[str, str]]:
    """The channel's settings, or None (channel off) when a required one is unset.

    ``credentials`` maps each setting to the name of its environment variable.
    """
    names = {key: str(name) for key, name in (credentials or {}).items() if name}
    values = {key: os.environ.get(name, "").strip() for key, name in names.items()}
    missing = [names.get(key, key) for key in required if not values.get(key)]
    if missing:
        logger.info(
            "%s channel is off: set %s to switch it on", channel, ", ".join(missing)
        )
        return None
    return values


def api_base(variable: str, production: str) -> str:
    """A platform's API address. Only the tests change it, to a local stand-in."""
    return (os.environ.get(variable) or production).rstrip("/")


def graph_api_version(settings: Mapping[str, str]) -> str:
    return settings.get("api_version") or GRAPH_API_VERSION


def graph_api_version_problems(
    settings: Mapping[str, str], variables: Mapping[str, str]
) -> list[str]:
    """A Graph API version is written like ``v26.0``."""
    version = settings.get("api_version") or ""
    if not version or GRAPH_API_VERSION_FORMAT.fullmatch(version):
        return []
    variable = variables.get("api_version", "api_version")
    return [
        f"{variable} must be a Graph API version like {GRAPH_API_VERSION}, "
        f"not {version!r}"
    ]
