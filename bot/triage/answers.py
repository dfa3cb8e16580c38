"""Reads a week and a trend in short answers (plain Python, no Rasa)."""

from __future__ import annotations

import re
from typing import Optional

from bot.triage.language import language_data

#: The words read, per language (bot/triage/lang/<language>/reading.yml).
_READ = language_data("en")["reading"]

_WEEK = re.compile(_READ["answers"]["week"])
_WORSE = re.compile(_READ["answers"]["worse"])
_BETTER = re.compile(_READ["answers"]["better"])
_SAME = re.compile(_READ["answers"]["same"])
_NOT_BETTER = re.compile(_READ["answers"]["not_better"])
_NOT_WORSE = re.compile(_READ["answers"]["not_worse"])


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
    if _NOT_BETTER.search(lowered) or _NOT_WORSE.search(lowered):
        return "same"
    for trend, pattern in (("worse", _WORSE), ("better", _BETTER), ("same", _SAME)):
        if pattern.search(lowered):
            return trend
    return None
