"""Reads short answers to the assessment questions (plain Python, no Rasa)."""

from __future__ import annotations

import re
from typing import Optional

# intent of a short reply -> yes / no / unsure
ANSWER_BY_INTENT = {"affirm": "yes", "deny": "no", "unsure": "unsure"}

_WEEK = re.compile(r"(?<![\d.])(\d{1,2})(?:\s*(?:\+\d)?\s*(?:w|wk|wks|week|weeks)\b)?")
_WORSE = re.compile(
    r"\b(worse|worsening|increas\w*|more (?:painful|pain|sore)|getting bad)\b"
)
_BETTER = re.compile(r"\b(better|improv\w*|easing|eased|less (?:pain|painful|sore))\b")
_SAME = re.compile(
    r"\b(same|no change|not changed|unchanged|stable|steady|constant|comes and goes)\b"
)
_NONE = re.compile(r"\b(none|neither|nothing|no one of these|not pregnant)\b")


def answer_from_intent(intent: Optional[str]) -> Optional[str]:
    return ANSWER_BY_INTENT.get(intent or "")


def parse_week(text: str) -> Optional[int]:
    """'34', '34 weeks', '34w' -> 34; a number outside 1..42 is not a week."""
    match = _WEEK.search(text.lower())
    if not match:
        return None
    week = int(match.group(1))
    return week if 1 <= week <= 42 else None


def parse_trend(text: str) -> Optional[str]:
    """worse | better | same, from a short free-text answer."""
    lowered = text.lower()
    if re.search(r"\bnot (?:getting )?(?:any )?better\b", lowered):
        return "same"
    if re.search(r"\bnot (?:getting )?worse\b", lowered):
        return "same"
    for trend, pattern in (("worse", _WORSE), ("better", _BETTER), ("same", _SAME)):
        if pattern.search(lowered):
            return trend
    return None


def says_none(text: str) -> bool:
    return bool(_NONE.search(text.lower()))
