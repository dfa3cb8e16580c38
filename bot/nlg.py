"""Response generation with the clinic's settings and the first-message introduction.

Configured in ``endpoints.yml`` (``nlg: type: bot.nlg.ClinicNaturalLanguageGenerator``),
so it runs inside the Rasa server and works even when the action server is down.

- Every response may use ``{clinic_name}``, ``{emergency_number}``,
  ``{maternity_triage_phone}`` and ``{opening_hours}`` (see ``bot/settings.py``).
- The first bot message of every conversation starts with ``utter_intro``: what the
  bot is (education, not a diagnosis) and how to get emergency help.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any, Dict, Optional, Text

from rasa.core.nlg.response import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import BotUttered, SessionStarted
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from bot import speedups
from bot.settings import ClinicSettings, load_settings

INTRO_RESPONSE = "utter_intro"
MAX_REMEMBERED_INTRODUCTIONS = 10_000
# Responses that already say what the bot is and how to get emergency help.
SELF_INTRODUCING_RESPONSES = frozenset({INTRO_RESPONSE, "utter_emergency_advice"})


def is_first_bot_message(tracker: DialogueStateTracker) -> bool:
    """True when the bot has not spoken since the conversation (session) started."""
    for event in reversed(tracker.events):
        if isinstance(event, BotUttered):
            return False
        if isinstance(event, SessionStarted):
            return True
    return True


class ClinicNaturalLanguageGenerator(TemplatedNaturalLanguageGenerator):
    """Fills clinic settings into responses and introduces the bot once."""

    def __init__(
        self,
        endpoint_config: Optional[EndpointConfig] = None,
        domain: Optional[Domain] = None,
        settings: Optional[ClinicSettings] = None,
    ) -> None:
        super().__init__((domain or Domain.empty()).responses)
        self.settings = settings or load_settings()
        # (conversation, events so far) of each introduction given: an action that
        # sends two responses (an answer, then the check's first question) has them
        # generated against the same tracker, and only the first gets the intro
        self._introduced: OrderedDict[tuple[str, int], None] = OrderedDict()
        speedups.install()

    async def generate(
        self,
        utter_action: Text,
        tracker: DialogueStateTracker,
        output_channel: Text,
        **kwargs: Any,
    ) -> Optional[Dict[Text, Any]]:
        variables = {**self.settings.as_template_variables(), **kwargs}
        message = await super().generate(
            utter_action, tracker, output_channel, **variables
        )
        if (
            message is None
            or utter_action in SELF_INTRODUCING_RESPONSES
            or not is_first_bot_message(tracker)
        ):
            return message
        turn = (tracker.sender_id, len(tracker.events))
        if turn in self._introduced:
            return message
        self._introduced[turn] = None
        if len(self._introduced) > MAX_REMEMBERED_INTRODUCTIONS:
            self._introduced.popitem(last=False)
        intro = await super().generate(
            INTRO_RESPONSE, tracker, output_channel, **variables
        )
        if intro and intro.get("text"):
            message["text"] = "\n\n".join(
                part for part in (intro["text"], message.get("text")) if part
            )
        return message
