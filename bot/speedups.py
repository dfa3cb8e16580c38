"""A faster check of the action server's answers, inside the Rasa server.

Rasa 3.6 checks every answer of the action server against a JSON schema with
``jsonschema.validate``, which first checks the schema itself against the JSON
Schema meta-schema. That meta-check costs more than everything else Rasa does for
a message (about 60% of the Rasa server's time in ``make benchmark``), and the
schema never changes. ``install()`` replaces the check with the same validation
against a validator built once. Invalid answers are still rejected with the same
error as before.

Called by ``bot.nlg.ClinicNaturalLanguageGenerator`` and ``bot.policies``, which
are the parts of this project that Rasa loads into its server.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Dict, Text

from jsonschema import ValidationError
from jsonschema.protocols import Validator
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL


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


def install() -> None:
    """Use the faster check (idempotent)."""
    RemoteAction._validate_action_result = validate_action_result
