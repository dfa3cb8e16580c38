"""Pain assessment: ask what is unknown, give advice.

The clinical logic lives in ``bot/triage`` (rules file + plain-Python engine). What
the patient writes is read once per message inside the Rasa server, and the triage
slots have one writer there (``bot/triage/record.py``, run by TriageSafetyPolicy);
these actions only read slots, call the engine, and dispatch responses from
domain.yml.
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.triage.engine import STAGES as ENGINE_STAGES
from bot.triage.outcome import normalise_week, outcome_slots
from bot.triage.record import MAX_QUESTIONS, PREGNANT, Record
from bot.triage.vocabulary import CONTEXT_KEYS, RED_FLAG_KEYS

FORM_NAME = "pain_assessment_form"
# Every question the form may ask; the same list as in domain.yml.
FORM_SLOTS = (
    "stage",
    "pregnancy_week",
    "weight_bearing",
    "pain_trend",
    "fall",
    "other_symptoms",
    "pregnancy_signs",
    "weeks_since_birth",
    "clarification",
)


def _changed(tracker: Tracker, values: Dict[Text, Any]) -> List[EventType]:
    return [
        SlotSet(name, value)
        for name, value in values.items()
        if tracker.get_slot(name) != value
    ]


class ValidatePainAssessmentForm(FormValidationAction):
    """Decides which questions are still needed and checks the answers."""

    def name(self) -> Text:
        return "validate_pain_assessment_form"

    def domain_slots(self, domain: DomainDict) -> List[Text]:
        """The form's questions, as listed in domain.yml, without needing the domain:
        the Rasa server then sends no domain with each call (endpoints.yml)."""
        return list(FORM_SLOTS)

    async def required_slots(
        self,
        domain_slots: List[Text],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> List[Text]:
        stage = tracker.get_slot("stage")
        clarify = bool(tracker.get_slot("clarify_key"))
        slots = []
        if clarify and tracker.get_slot("clarify_first"):
            slots.append("clarification")  # it could be an emergency: ask now
        slots += ["stage", "weight_bearing", "pain_trend", "fall", "other_symptoms"]
        if stage == PREGNANT:
            slots.append("pregnancy_signs")
            if tracker.get_slot("week_needed"):
                slots.append("pregnancy_week")
        if stage != PREGNANT and tracker.get_slot("birth_weeks_needed"):
            slots.append("weeks_since_birth")
        if clarify and "clarification" not in slots:
            slots.append("clarification")
        if (tracker.get_slot("questions_asked") or 0) >= MAX_QUESTIONS:
            # enough questions: what is still unknown stays unknown
            slots = [slot for slot in slots if tracker.get_slot(slot) is not None]
        return slots

    def validate_stage(
        self, value: Any, dispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        if value in ENGINE_STAGES:  # the three stages and "unknown"
            return {"stage": value}
        return {"stage": None}

    def validate_pregnancy_week(
        self, value: Any, dispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        week = normalise_week(value)
        if week == 0 or (week is not None and 1 <= week <= 42):
            return {"pregnancy_week": float(week)}
        return {"pregnancy_week": None}


class ActionGiveTriageAdvice(Action):
    """Applies the red-flag rules to everything gathered and gives the advice."""

    def name(self) -> Text:
        return "action_give_triage_advice"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> List[EventType]:
        record = Record(tracker.current_slot_values())
        # a guess of the learned detector that was never asked about is not acted on
        record.possible &= record.clarified
        assessment = record.assessment()
        if assessment.clarify:
            # the form normally clarifies first; an answer we still could not get
            # counts as unclear (brief 11.2: move up one level). This changes the
            # assessment only: the flag slots have one writer (bot/triage/record.py).
            record.clarified |= set(assessment.clarify)
            assessment = record.assessment()
        reasons = [
            key
            for key in sorted(record.reported)
            if key in RED_FLAG_KEYS or key in CONTEXT_KEYS
        ]
        values = outcome_slots(assessment, reasons)
        values["red_flags_text"] = values["red_flags_text"] or "your symptoms"
        urgency = assessment.urgency
        text_vars = {"red_flags_text": values["red_flags_text"]}

        if assessment.escalated_for_uncertainty:
            dispatcher.utter_message(response="utter_advice_uncertain")
        if urgency == "emergency":
            dispatcher.utter_message(response="utter_emergency_advice", **text_vars)
            return _changed(tracker, values)
        dispatcher.utter_message(response=f"utter_advice_{urgency}", **text_vars)
        if record.clinician_urgency:
            dispatcher.utter_message(response="utter_advice_clinician_floor")
        if urgency in ("soon", "self_care"):
            dispatcher.utter_message(response="utter_safety_net")
        dispatcher.utter_message(response="utter_offer_education")
        return _changed(tracker, values)
