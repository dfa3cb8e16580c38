"""Pain assessment: read what the patient says, ask what is unknown, give advice.

The clinical logic lives in ``bot/triage`` (rules file + plain-Python engine); these
actions only read slots, call it, set slots and dispatch responses from domain.yml.
"""

from __future__ import annotations

from typing import Any, Dict, Iterable, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.triage.answers import answer_from_intent, parse_trend, parse_week, says_none
from bot.triage.engine import CONTEXT_KEYS, KNOWN_STAGES, RED_FLAG_KEYS, assess
from bot.triage.engine import STAGES as ENGINE_STAGES
from bot.triage.extract import extract
from bot.triage.outcome import (
    describe_flags,
    facts_from_record,
    normalise_week,
    outcome_slots,
)

FORM_NAME = "pain_assessment_form"
# Every question the form may ask, in order; the same list as in domain.yml.
FORM_SLOTS = (
    "stage",
    "pregnancy_week",
    "weight_bearing",
    "pain_trend",
    "fall",
    "other_symptoms",
    "pregnancy_signs",
    "clarification",
)
PREGNANT = "pregnant"

# Questions that cover several red flags at once: slot -> the keys it asks about.
SYMPTOM_GROUPS = {
    "other_symptoms": frozenset(
        {
            "fever",
            "unilateral_leg_swelling",
            "saddle_anaesthesia",
            "bladder_bowel_dysfunction",
        }
    ),
    "pregnancy_signs": frozenset(
        {
            "vaginal_bleeding",
            "contractions",
            "fluid_leakage",
            "reduced_fetal_movements",
        }
    ),
}
# Questions about one red flag: slot -> key. "yes" to weight_bearing means the
# patient CAN bear weight, so the key is present when the answer is "no".
SINGLE_KEY_QUESTIONS = {
    "weight_bearing": ("cannot_bear_weight", "no"),
    "fall": ("trauma_fall", "yes"),
}
# Keys asked about as an ability, so that "yes" means the red flag is absent.
ABILITY_KEYS = frozenset(
    key for key, present_when in SINGLE_KEY_QUESTIONS.values() if present_when == "no"
)


class Record:
    """The facts a conversation has gathered so far, as sets of keys."""

    def __init__(self, tracker: Tracker) -> None:
        self.reported = set(tracker.get_slot("reported_flags") or [])
        self.denied = set(tracker.get_slot("denied_flags") or [])
        self.unclear = set(tracker.get_slot("unclear_flags") or [])
        self.clarified = set(tracker.get_slot("clarified_flags") or [])
        self.stage: Optional[str] = tracker.get_slot("stage")
        self.week = tracker.get_slot("pregnancy_week")
        self.clinician_urgency: Optional[str] = tracker.get_slot("clinician_urgency")

    def add(
        self,
        present: Iterable[str] = (),
        absent: Iterable[str] = (),
        unclear: Iterable[str] = (),
    ) -> None:
        """The latest statement wins: a denial removes an earlier report and back."""
        present, absent, unclear = set(present), set(absent), set(unclear)
        self.reported = (self.reported - absent - unclear) | present
        self.denied = (self.denied - present - unclear) | absent
        self.unclear = (self.unclear - present - absent) | (unclear - self.reported)

    def assessment(self):
        return assess(
            facts_from_record(
                self.reported,
                self.unclear,
                self.clarified,
                self.stage,
                self.week,
                self.clinician_urgency,
            )
        )

    def slot_values(self) -> Dict[Text, Any]:
        return {
            "reported_flags": sorted(self.reported),
            "denied_flags": sorted(self.denied),
            "unclear_flags": sorted(self.unclear),
            "clarified_flags": sorted(self.clarified),
        }


def _changed(tracker: Tracker, values: Dict[Text, Any]) -> List[EventType]:
    return [
        SlotSet(name, value)
        for name, value in values.items()
        if tracker.get_slot(name) != value
    ]


def _group_answer(keys: frozenset, present: set, absent: set) -> Optional[str]:
    if keys & present:
        return "reported"
    if keys <= absent:
        return "none"
    return None


class ActionExtractTriageFacts(Action):
    """Runs after every user message (custom slot mapping) and records the facts."""

    def name(self) -> Text:
        return "action_extract_triage_facts"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> List[EventType]:
        message = tracker.latest_message or {}
        text = message.get("text") or ""
        answer = answer_from_intent((message.get("intent") or {}).get("name"))
        requested = (
            tracker.get_slot("requested_slot")
            if tracker.active_loop_name == FORM_NAME
            else None
        )
        extraction = extract(text)
        present, absent = set(extraction.present), set(extraction.absent)
        unclear = set(extraction.unclear)
        values: Dict[Text, Any] = {}
        record = Record(tracker)

        # --- answers to the question just asked ---
        if requested in SINGLE_KEY_QUESTIONS and answer:
            key, present_when = SINGLE_KEY_QUESTIONS[requested]
            if answer == "unsure":
                unclear.add(key)
            else:
                (present if answer == present_when else absent).add(key)
        elif requested == "pain_trend":
            trend = parse_trend(text) or ("unsure" if answer == "unsure" else None)
            if trend:
                values["pain_trend"] = trend
            if trend == "worse":
                present.add("progressive_pain")
            elif trend in ("same", "better"):
                absent.add("progressive_pain")
            elif trend == "unsure":
                unclear.add("progressive_pain")
        elif requested in SYMPTOM_GROUPS:
            keys = SYMPTOM_GROUPS[requested]
            if answer == "no" or (says_none(text) and not keys & present):
                absent |= keys - present
            elif answer == "unsure":
                values[requested] = "unsure"
        elif requested == "stage":
            if answer in ("no", "unsure") or says_none(text):
                values["stage"] = "unknown"
        elif requested == "pregnancy_week":
            week = parse_week(text)
            if week is not None:
                values["pregnancy_week"] = float(week)
            elif answer == "unsure":
                values["pregnancy_week"] = 0.0  # 0 = she doesn't know the week
        elif requested == "clarification" and answer:
            key = tracker.get_slot("clarify_key")
            values["clarification"] = answer
            if key:
                record.clarified.add(key)
                # a question about an ability ("can you walk?"): yes means absent
                yes_means_present = key not in ABILITY_KEYS
                if answer == "unsure":
                    unclear.add(key)
                elif (answer == "yes") == yes_means_present:
                    present.add(key)
                else:
                    absent.add(key)

        record.add(present, absent, unclear)

        # --- stage and week. A known stage changes only when the question is asked:
        # a pregnant woman asking about ibuprofen "while breastfeeding" stays pregnant.
        stage_known = record.stage in KNOWN_STAGES
        if extraction.stage and (not stage_known or requested == "stage"):
            values.setdefault("stage", extraction.stage)
        record.stage = values.get("stage", record.stage)
        if record.stage == PREGNANT:
            if extraction.pregnancy_week:
                values.setdefault("pregnancy_week", float(extraction.pregnancy_week))
        elif record.stage in KNOWN_STAGES:
            values["pregnancy_week"] = None
        record.week = values.get("pregnancy_week", record.week)

        # --- what the patient's own clinician told her ---
        if extraction.clinician_urgency:
            values["clinician_urgency"] = extraction.clinician_urgency
            record.clinician_urgency = extraction.clinician_urgency

        # --- answers that fill assessment questions before they are asked ---
        for slot, (key, present_when) in SINGLE_KEY_QUESTIONS.items():
            absent_when = "yes" if present_when == "no" else "no"
            if key in present & record.reported:
                values.setdefault(slot, present_when)
            elif key in absent & record.denied:
                values.setdefault(slot, absent_when)
            elif key in unclear & record.unclear:
                values.setdefault(slot, "unsure")
        if "progressive_pain" in present:
            values.setdefault("pain_trend", "worse")
        for slot, keys in SYMPTOM_GROUPS.items():
            group = _group_answer(keys, present, record.denied | absent)
            if group and not (group == "none" and keys & record.reported):
                values.setdefault(slot, group)

        # --- the next clarifying question, if an unclear answer matters ---
        clarify = record.assessment().clarify
        clarify_key = clarify[0] if clarify else None
        values["clarify_key"] = clarify_key
        values["clarify_label"] = describe_flags([clarify_key]) if clarify_key else None
        if clarify_key and clarify_key != tracker.get_slot("clarify_key"):
            values["clarification"] = None

        values.update(record.slot_values())
        return _changed(tracker, values)


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
        slots = ["stage"]
        if stage == PREGNANT:
            slots.append("pregnancy_week")
        slots += ["weight_bearing", "pain_trend", "fall", "other_symptoms"]
        if stage == PREGNANT:
            slots.append("pregnancy_signs")
        if tracker.get_slot("clarify_key"):
            slots.append("clarification")
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

    def _validate_group(self, slot: Text, value: Any, tracker: Tracker):
        """'Not sure' to a checklist: ask it once more, then count it as unclear."""
        if value != "unsure":
            return {slot: value}
        clarified = set(tracker.get_slot("clarified_flags") or [])
        if slot not in clarified:
            return {slot: None, "clarified_flags": sorted(clarified | {slot})}
        keys = SYMPTOM_GROUPS[slot]
        reported = set(tracker.get_slot("reported_flags") or [])
        unclear = set(tracker.get_slot("unclear_flags") or [])
        return {
            slot: value,
            "unclear_flags": sorted(unclear | (keys - reported)),
            "clarified_flags": sorted(clarified | keys),
        }

    def validate_other_symptoms(
        self, value: Any, dispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return self._validate_group("other_symptoms", value, tracker)

    def validate_pregnancy_signs(
        self, value: Any, dispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return self._validate_group("pregnancy_signs", value, tracker)


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
        record = Record(tracker)
        assessment = record.assessment()
        if assessment.clarify:
            # the form normally clarifies first; an answer we still could not get
            # counts as unclear (brief 11.2: move up one level)
            record.clarified |= set(assessment.clarify)
            assessment = record.assessment()
        reasons = [
            key
            for key in sorted(record.reported)
            if key in RED_FLAG_KEYS or key in CONTEXT_KEYS
        ]
        values = outcome_slots(assessment, reasons)
        values["red_flags_text"] = values["red_flags_text"] or "your symptoms"
        values.update(record.slot_values())
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
