"""Faster calls to the action server, inside the Rasa server.

Two costs of Rasa 3.6 that ``make benchmark`` showed, and that ``install()`` removes
without changing what is sent or checked:

- Rasa checks every answer of the action server against a JSON schema with
  ``jsonschema.validate``, which first checks the schema itself against the JSON
  Schema meta-schema. That meta-check cost more than everything else Rasa did for a
  message (about 60% of the Rasa server's time), and the schema never changes. The
  same validation now runs against a validator built once; invalid answers are
  rejected with the same error as before.
- Rasa opens a new HTTP client session, and so a new connection, for every call.
  Calls now share one session per endpoint, which keeps its connections open for
  a moment (less than the action server's own keep-alive of 5 seconds, so that a
  connection the server is about to close is never reused).

Called by ``bot.nlg.ClinicNaturalLanguageGenerator`` and ``bot.policies``, which
are the parts of this project that Rasa loads into its server.
"""

from __future__ import annotations

import asyncio
from functools import lru_cache
from typing import Any, Dict, Text

import aiohttp
from jsonschema import ValidationError
from jsonschema.protocols import Validator
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.core.constants import DEFAULT_REQUEST_TIMEOUT
from rasa.shared.constants import DOCS_BASE_URL
from rasa.utils.endpoints import EndpointConfig

# Seconds an idle connection to the action server stays open (Sanic closes its end
# after 5).
KEEP_ALIVE_SECONDS = 2.0


@lru_cache(maxsize=1)
def response_validator() -> Validator:
    """The validator of the action server's answers, built and checked once."""
    schema = RemoteAction.action_response_format_spec()
    validator_class = validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


def validate_action_result(self: RemoteAction, result: Dict[Text, Any]) -> bool:
    """``RemoteAction._validate_action_result`` with a validator built once."""
    try:
        response_validator().validate(result)
    except ValidationError as error:
        error.message += (
            ". Failed to validate Action server response from API, make sure your "
            "response from the Action endpoint is valid. For more information about "
            f"the format visit {DOCS_BASE_URL}/custom-actions"
        )
        raise
    return True


class SharedSession:
    """``async with`` gives the shared session and leaves it open afterwards."""

    def __init__(self, session: aiohttp.ClientSession) -> None:
        self.session = session

    async def __aenter__(self) -> aiohttp.ClientSession:
        return self.session

    async def __aexit__(self, *exc_info: Any) -> None:
        return None


def shared_session(self: EndpointConfig) -> SharedSession:
    """``EndpointConfig.session`` with one session per endpoint and event loop."""
    loop = asyncio.get_running_loop()
    sessions = self.__dict__.setdefault("_shared_sessions", {})
    session = sessions.get(loop)
    if session is None or session.closed:
        auth = None
        if self.basic_auth:
            auth = aiohttp.BasicAuth(
                self.basic_auth["username"], self.basic_auth["password"]
            )
        session = aiohttp.ClientSession(
            headers=self.headers,
            auth=auth,
            timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT),
            connector=aiohttp.TCPConnector(keepalive_timeout=KEEP_ALIVE_SECONDS),
        )
        sessions[loop] = session
    return SharedSession(session)


def install() -> None:
    """Use the faster check and the shared sessions (idempotent)."""
    RemoteAction._validate_action_result = validate_action_result
    EndpointConfig.session = shared_session
