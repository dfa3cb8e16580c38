"""Red-flag triage: rules engine and free-text symptom extractor (no Rasa imports)."""

from bot.triage.engine import (
    CONTEXT_KEYS,
    RED_FLAG_KEYS,
    STAGES,
    URGENCY_LEVELS,
    Assessment,
    Facts,
    Rule,
    assess,
    is_emergency,
    load_rules,
)
from bot.triage.extract import Extraction, extract

__all__ = [
    "CONTEXT_KEYS",
    "RED_FLAG_KEYS",
    "STAGES",
    "URGENCY_LEVELS",
    "Assessment",
    "Extraction",
    "Facts",
    "Rule",
    "assess",
    "extract",
    "is_emergency",
    "load_rules",
]
