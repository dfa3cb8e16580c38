"""Turns what a conversation recorded into an engine assessment and slot values.

Shared by the Rasa-side TriageSafetyPolicy and the custom actions; plain Python.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Optional

from bot.triage.engine import (
    KNOWN_STAGES,
    RED_FLAG_KEYS,
    Assessment,
    Facts,
    assess,
    load_rules,
)
from bot.triage.vocabulary import advice, label


def describe_flags(keys: Iterable[str], language: str = "en") -> str:
    """'a fall or injury and chest pain': plain words for the keys, stable order."""
    labels = [label(key, language) for key in sorted(keys)]
    if len(labels) <= 1:
        return "".join(labels)
    return ", ".join(labels[:-1]) + " and " + labels[-1]


def emergency_kind(keys: Iterable[str]) -> str:
    """Which emergency advice the keys call for (``advice`` in vocabulary.yml):
    mental_health or pregnancy when all of them do, general otherwise."""
    kinds = {advice(key) for key in keys}
    if len(kinds) == 1:
        return kinds.pop()
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

    def slot_values(self) -> dict:
        if not self.is_new_emergency or self.assessment is None:
            return {}
        values = outcome_slots(
            self.assessment,
            [k for k in self.assessment.red_flags if k in RED_FLAG_KEYS],
        )
        values["urgency"] = "emergency"
        rules = {rule.id: rule for rule in load_rules()}
        keys = set(self.assessment.red_flags) & set().union(
            *(rules[rule_id].keys for rule_id in self.new_rules if rule_id in rules)
        )
        values["emergency_kind"] = emergency_kind(keys)
        return values


def check_emergency(
    reported_before: Iterable[str],
    reported_now: Iterable[str],
    stage: Optional[str] = None,
    pregnancy_week: Any = None,
    explicit: bool = False,
) -> EmergencyCheck:
    """Did the latest message raise an emergency rule that had not fired before?

    ``reported_before`` and ``reported_now`` are the conversation's red flags before
    and after the message (``bot.triage.record``), so an emergency made of facts
    from several messages is found too. ``explicit``: she said in so many words that
    it is an emergency ("call an ambulance") without a red flag we could read.
    """
    before = facts_from_record(
        set(reported_before), stage=stage, pregnancy_week=pregnancy_week
    )
    now = facts_from_record(
        set(reported_now), stage=stage, pregnancy_week=pregnancy_week
    )
    assessment_before, assessment_now = assess(before), assess(now)

    if assessment_now.urgency == "emergency":
        fired_before = (
            set(assessment_before.rule_ids)
            if assessment_before.urgency == "emergency"
            else set()
        )
        new_rules = tuple(sorted(set(assessment_now.rule_ids) - fired_before))
        if new_rules:
            return EmergencyCheck(True, assessment_now, new_rules)
    if explicit and assessment_now.urgency != "emergency":
        stated = Assessment(
            urgency="emergency",
            red_flags=assessment_now.red_flags,
            rule_ids=("stated",),
            clarify=(),
            escalated_for_uncertainty=False,
        )
        return EmergencyCheck(True, stated, ("stated",))
    return EmergencyCheck(False)
