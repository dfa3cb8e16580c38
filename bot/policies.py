"""TriageSafetyPolicy: records what each message says, and answers an emergency at
once, wherever it appears.

It runs inside the Rasa server, ahead of every other policy (highest priority, and
its predictions overrule a running form), and needs no action server: the red-flag
engine and the record in ``bot.triage`` are plain Python.

1. After every user message it is the only writer of the triage slots: it reads
   the message's understanding (``parse_data["triage"]``, written once by the NLU
   component ``bot.nlu.TriageReader``) and applies it to the conversation's record
   (``bot.triage.record.update``), as events that Rasa applies whichever policy
   wins, before the next action (the form, its validator and the actions read them).
2. When the record now raises an emergency-level rule that had not fired before
   (facts from several messages count together), or she says in so many words that
   it is an emergency, it predicts

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
from bot.triage import record
from bot.triage.outcome import EmergencyCheck, check_emergency
from bot.triage.understanding import Understanding, understand

EMERGENCY_RESPONSE = "utter_emergency_advice"
FORM_NAME = "pain_assessment_form"
START_RESPONSE = "utter_start_assessment"
OFFER_RESPONSE = "utter_offer_check"  # actions/education.py, answered by rules
# Intents whose own rules already handle a message that tells of her pain.
LEFT_TO_OTHERS = frozenset({"describe_pain", "faq", "report_emergency", "goodbye"})
UNDERSTANDING_KEY = "triage"  # the NLU component's output in parse_data
# Actions Rasa runs by itself after every user message, before any prediction.
AUTOMATIC_ACTIONS = frozenset({"action_extract_slots", ACTION_LISTEN_NAME})


def _slot_values(tracker: DialogueStateTracker) -> Dict[Text, Any]:
    return {name: slot.value for name, slot in tracker.slots.items()}


def _last_action(events: List[Event]) -> Optional[str]:
    """The last action the bot ran in these events, listening aside."""
    for event in reversed(events):
        if isinstance(event, ActionExecuted) and event.action_name not in (
            AUTOMATIC_ACTIONS
        ):
            return event.action_name
    return None


def _events_since_last_user_message(
    tracker: DialogueStateTracker,
) -> tuple[list[Event], list[Event]]:
    """Split the events into (before the latest user message, after it)."""
    events = list(tracker.events)
    for index in range(len(events) - 1, -1, -1):
        if isinstance(events[index], UserUttered):
            return events[:index], events[index + 1 :]
    return events, []


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT,
    is_trainable=False,
)
class TriageSafetyPolicy(Policy):
    """Predicts emergency advice as soon as an emergency red flag is reported."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"priority": 7}

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
        if not actions and tracker.latest_message is not None:
            # the first prediction after her message (again after a rejected form)
            changes, check = self._record(tracker)
            record_events: List[Event] = [
                SlotSet(name, value) for name, value in changes.items()
            ]
            if check.is_new_emergency:
                outcome: List[Event] = [
                    SlotSet(name, value) for name, value in check.slot_values().items()
                ]
                return self._predict(
                    EMERGENCY_RESPONSE, domain, events=record_events + outcome
                )
            after_message = {**_slot_values(tracker), **changes}
            if self._starts_check(tracker, after_message, before):
                return self._predict(START_RESPONSE, domain, events=record_events)
            return self._prediction(
                self._default_predictions(domain), events=record_events
            )
        if actions == [START_RESPONSE] and not tracker.active_loop_name:
            return self._predict(FORM_NAME, domain)
        if actions and actions[-1] == EMERGENCY_RESPONSE and tracker.active_loop_name:
            return self._predict(ACTION_DEACTIVATE_LOOP_NAME, domain)
        if actions and (
            actions[-1] == EMERGENCY_RESPONSE
            or (
                actions[-1] == ACTION_DEACTIVATE_LOOP_NAME
                and EMERGENCY_RESPONSE in actions
            )
        ):
            return self._predict(ACTION_LISTEN_NAME, domain)
        return self._prediction(self._default_predictions(domain))

    @staticmethod
    def _starts_check(
        tracker: DialogueStateTracker, slots: Dict[Text, Any], before: List[Event]
    ) -> bool:
        """She tells of her own pain in words the classifier took for something else
        ("no fever, not bleeding, just sore" as a no, "I'm breastfeeding and my back
        suddenly hurts" as her stage): start the check, as for describe_pain. An
        education question (its answer offers the check), the reply to the offer
        (rules_triage.yml) and a goodbye are left to the other policies."""
        message = tracker.latest_message
        parsed = (message.parse_data or {}).get(UNDERSTANDING_KEY)
        if not isinstance(parsed, dict) or not parsed.get("own_pain"):
            return False
        if tracker.active_loop_name or slots.get("urgency"):
            return False
        intent = (message.intent or {}).get("name")
        offered = _last_action(before) == OFFER_RESPONSE
        return intent not in LEFT_TO_OTHERS and not offered

    @staticmethod
    def _record(
        tracker: DialogueStateTracker,
    ) -> tuple[Dict[Text, Any], EmergencyCheck]:
        """The slot changes this message makes, and whether it is an emergency."""
        message = tracker.latest_message
        parsed = (message.parse_data or {}).get(UNDERSTANDING_KEY)
        # messages injected without NLU (the HTTP API's parse_data, old trackers)
        understanding = (
            Understanding.from_dict(parsed)
            if isinstance(parsed, dict)
            else understand(message.text or "")
        )
        slots = _slot_values(tracker)
        requested = (
            slots.get("requested_slot")
            if tracker.active_loop_name == FORM_NAME
            else None
        )
        # The classifier's yes / no / not sure counts for a button payload
        # ("/affirm") only: free text is read by the understanding step, which does
        # not take keyboard mashing or a shrug for a yes.
        intent = (message.intent or {}).get("name")
        if intent in record.ANSWER_BY_INTENT and not (message.text or "").startswith(
            "/"
        ):
            intent = None
        changes = record.update(slots, requested, understanding, intent)
        after = {**slots, **changes}
        check = check_emergency(
            reported_before=slots.get("reported_flags") or [],
            reported_now=after.get("reported_flags") or [],
            stage=after.get("stage"),
            pregnancy_week=after.get("pregnancy_week"),
            explicit=understanding.explicit_emergency,
        )
        return changes, check

    def _predict(
        self, action_name: str, domain: Domain, events: Optional[List[Event]] = None
    ) -> PolicyPrediction:
        probabilities = self._default_predictions(domain)
        probabilities[domain.index_for_action(action_name)] = 1.0
        return self._prediction(
            probabilities, events=events, is_no_user_prediction=True
        )
