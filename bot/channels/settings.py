"""Channel settings from the environment.

In ``credentials.yml`` each setting of a messaging channel names the environment
variable that holds it (Rasa's own ``${VAR}`` stops the server when a variable is
unset). A channel whose required variables are not all set stays off.
"""

from __future__ import annotations

import logging
import os
from typing import Any, Mapping, Optional

logger = logging.getLogger(__name__)


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
