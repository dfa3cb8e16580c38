"""Turns what a conversation recorded into an engine assessment and slot values.

Shared by the Rasa-side TriageSafetyPolicy and the custom actions; plain Python.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Optional

import yaml

from bot.triage.engine import KNOWN_STAGES, RED_FLAG_KEYS, Assessment, Facts, assess
from bot.triage.extract import extract

LABELS_PATH = Path(__file__).with_name("flag_labels.yml")
MENTAL_HEALTH_RULES = frozenset({"E11"})
PREGNANCY_RULES = frozenset({"E6", "E7", "E8", "E9", "E10"})


@lru_cache(maxsize=1)
def flag_labels() -> dict[str, str]:
    return yaml.safe_load(LABELS_PATH.read_text(encoding="utf-8"))


def describe_flags(keys: Iterable[str]) -> str:
    """'a fall or injury and chest pain': plain words for the keys, stable order."""
    labels = [flag_labels().get(key, key.replace("_", " ")) for key in sorted(keys)]
    if len(labels) <= 1:
        return "".join(labels)
    return ", ".join(labels[:-1]) + " and " + labels[-1]


def emergency_kind(rule_ids: Iterable[str]) -> str:
    rules = set(rule_ids)
    if rules and rules <= MENTAL_HEALTH_RULES:
        return "mental_health"
    if rules and rules <= PREGNANCY_RULES:
        return "pregnancy"
    return "general"


def normalise_stage(stage: Optional[str]) -> str:
    return stage if stage in KNOWN_STAGES else "unknown"


def normalise_week(week: Any) -> Optional[int]:
    """The week as an int; None when unknown (0 is stored when she doesn't know)."""
    try:
        value = int(float(week)) if week is not None else None
    except (TypeError, ValueError):
        return None
    return value if value and 1 <= value <= 45 else None


def facts_from_record(
    reported: Iterable[str] = (),
    unclear: Iterable[str] = (),
    clarified: Iterable[str] = (),
    stage: Optional[str] = None,
    pregnancy_week: Any = None,
    clinician_urgency: Optional[str] = None,
) -> Facts:
    present = frozenset(reported)
    return Facts(
        present=present,
        unclear=frozenset(unclear) - present,
        clarified=frozenset(clarified),
        stage=normalise_stage(stage),
        pregnancy_week=normalise_week(pregnancy_week),
        clinician_urgency=clinician_urgency,
    )


def outcome_slots(assessment: Assessment, trigger_keys: Iterable[str]) -> dict:
    """Slot values that record an assessment (brief 11.5 names)."""
    return {
        "urgency": assessment.urgency,
        "red_flags": list(assessment.red_flags),
        "triage_rules": list(assessment.rule_ids),
        "red_flags_text": describe_flags(trigger_keys) or None,
    }


@dataclass
class EmergencyCheck:
    is_new_emergency: bool
    assessment: Optional[Assessment] = None
    new_rules: tuple[str, ...] = ()
    stage: Optional[str] = None
    pregnancy_week: Optional[int] = None

    def slot_values(self) -> dict:
        if not self.is_new_emergency or self.assessment is None:
            return {}
        values = outcome_slots(
            self.assessment,
            [k for k in self.assessment.red_flags if k in RED_FLAG_KEYS],
        )
        values["urgency"] = "emergency"
        values["emergency_kind"] = emergency_kind(self.new_rules)
        if self.stage:
            values["stage"] = self.stage
        if self.pregnancy_week is not None:
            values["pregnancy_week"] = float(self.pregnancy_week)
        return values


def check_emergency(
    text: str,
    reported_before: Iterable[str],
    reported_now: Iterable[str],
    denied_now: Iterable[str] = (),
    stage: Optional[str] = None,
    pregnancy_week: Any = None,
    emergency_intent: bool = False,
) -> EmergencyCheck:
    """Did the latest user message raise an emergency rule that had not fired before?"""
    extraction = extract(text)
    # what this message adds to what the conversation already knew
    new_stage = None if stage in KNOWN_STAGES else extraction.stage
    known_week = normalise_week(pregnancy_week)
    new_week = extraction.pregnancy_week if known_week is None else None
    stage_now = new_stage or stage
    week_now = known_week if known_week is not None else new_week
    present_now = (set(reported_now) | extraction.present) - extraction.absent
    before = facts_from_record(
        set(reported_before), stage=stage_now, pregnancy_week=week_now
    )
    now = facts_from_record(present_now, stage=stage_now, pregnancy_week=week_now)
    assessment_before, assessment_now = assess(before), assess(now)

    if assessment_now.urgency == "emergency":
        fired_before = (
            set(assessment_before.rule_ids)
            if assessment_before.urgency == "emergency"
            else set()
        )
        new_rules = tuple(sorted(set(assessment_now.rule_ids) - fired_before))
        if new_rules:
            return EmergencyCheck(True, assessment_now, new_rules, new_stage, new_week)
    understood_nothing = not extraction.present and not extraction.absent
    if emergency_intent and understood_nothing:
        # The classifier recognised an emergency the word rules could not read:
        # safety first, answer it as one.
        intent_only = Assessment(
            urgency="emergency",
            red_flags=assessment_now.red_flags,
            rule_ids=("intent",),
            clarify=(),
            escalated_for_uncertainty=False,
        )
        return EmergencyCheck(True, intent_only, ("intent",), new_stage, new_week)
    return EmergencyCheck(False)
