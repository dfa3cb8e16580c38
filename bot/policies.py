"""TriageSafetyPolicy: answers an emergency at once, wherever it appears.

It runs inside the Rasa server, ahead of every other policy (highest priority, and
its predictions overrule a running form), and needs no action server: the red-flag
engine and the extractor in ``bot.triage`` are plain Python. When the latest user
message raises an emergency-level rule that had not fired before, it predicts:

    utter_emergency_advice -> action_deactivate_loop (if a form is running) -> listen

and records the outcome in the ``urgency``, ``red_flags``, ``triage_rules``,
``red_flags_text`` and ``emergency_kind`` slots. In every other case it predicts
nothing and the other policies decide.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa.core.policies.policy import Policy, PolicyPrediction
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.core.constants import (
    ACTION_DEACTIVATE_LOOP_NAME,
    ACTION_LISTEN_NAME,
)
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, Event, SlotSet, UserUttered
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker

from bot import speedups
from bot.triage.outcome import EmergencyCheck, check_emergency

EMERGENCY_RESPONSE = "utter_emergency_advice"
EMERGENCY_INTENT = "report_emergency"
# Actions Rasa runs by itself after every user message, before any prediction.
AUTOMATIC_ACTIONS = frozenset({"action_extract_slots", ACTION_LISTEN_NAME})


def _events_since_last_user_message(
    tracker: DialogueStateTracker,
) -> tuple[list[Event], list[Event]]:
    """Split the events into (before the latest user message, after it)."""
    events = list(tracker.events)
    for index in range(len(events) - 1, -1, -1):
        if isinstance(events[index], UserUttered):
            return events[:index], events[index + 1 :]
    return events, []


def _slot_value_before(events: list[Event], slot: str) -> Any:
    for event in reversed(events):
        if isinstance(event, SlotSet) and event.key == slot:
            return event.value
    return None


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT,
    is_trainable=False,
)
class TriageSafetyPolicy(Policy):
    """Predicts emergency advice as soon as an emergency red flag is reported."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"priority": 7, "intent_confidence_threshold": 0.6}

    def __init__(
        self,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> None:
        config = {**self.get_default_config(), **config}
        super().__init__(config, model_storage, resource, execution_context)
        speedups.install()

    def train(
        self,
        training_trackers: List[TrackerWithCachedStates],
        domain: Domain,
        **kwargs: Any,
    ) -> Resource:
        return self._resource

    def predict_action_probabilities(
        self,
        tracker: DialogueStateTracker,
        domain: Domain,
        rule_only_data: Optional[Dict[Text, Any]] = None,
        **kwargs: Any,
    ) -> PolicyPrediction:
        before, after = _events_since_last_user_message(tracker)
        actions = [
            event.action_name
            for event in after
            if isinstance(event, ActionExecuted)
            and event.action_name not in AUTOMATIC_ACTIONS
        ]
        if not actions:
            check = self._check(tracker, before)
            if check.is_new_emergency:
                events: List[Event] = [
                    SlotSet(name, value) for name, value in check.slot_values().items()
                ]
                return self._predict(EMERGENCY_RESPONSE, domain, events=events)
        elif actions[-1] == EMERGENCY_RESPONSE and tracker.active_loop_name:
            return self._predict(ACTION_DEACTIVATE_LOOP_NAME, domain)
        elif actions[-1] == EMERGENCY_RESPONSE or (
            actions[-1] == ACTION_DEACTIVATE_LOOP_NAME and EMERGENCY_RESPONSE in actions
        ):
            return self._predict(ACTION_LISTEN_NAME, domain)
        return self._prediction(self._default_predictions(domain))

    def _check(
        self, tracker: DialogueStateTracker, before: list[Event]
    ) -> EmergencyCheck:
        message = tracker.latest_message
        intent = (message.intent if message else {}) or {}
        confident_emergency_intent = (
            intent.get("name") == EMERGENCY_INTENT
            and (intent.get("confidence") or 0.0)
            >= self.config["intent_confidence_threshold"]
        )
        return check_emergency(
            text=(message.text if message else None) or "",
            reported_before=_slot_value_before(before, "reported_flags") or [],
            reported_now=tracker.get_slot("reported_flags") or [],
            denied_now=tracker.get_slot("denied_flags") or [],
            stage=tracker.get_slot("stage"),
            pregnancy_week=tracker.get_slot("pregnancy_week"),
            emergency_intent=confident_emergency_intent,
        )

    def _predict(
        self, action_name: str, domain: Domain, events: Optional[List[Event]] = None
    ) -> PolicyPrediction:
        probabilities = self._default_predictions(domain)
        probabilities[domain.index_for_action(action_name)] = 1.0
        return self._prediction(
            probabilities, optional_events=events, is_no_user_prediction=True
        )
