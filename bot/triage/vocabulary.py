"""The red-flag vocabulary (``vocabulary.yml``): keys, questions, labels, advice.

One file read by the engine, the assessment, the advice and the report, so that a
new key touches data, not Python. Plain Python (pyyaml only).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

VOCABULARY_PATH = Path(__file__).with_name("vocabulary.yml")
KINDS = ("red_flag", "context")
ADVICE = ("general", "pregnancy", "mental_health")
LANGUAGES = ("en",)


@lru_cache(maxsize=1)
def vocabulary() -> dict[str, dict[str, Any]]:
    """The keys of vocabulary.yml, checked once."""
    document = yaml.safe_load(VOCABULARY_PATH.read_text(encoding="utf-8"))
    keys = document["keys"]
    for key, entry in keys.items():
        if entry.get("kind") not in KINDS:
            raise ValueError(f"vocabulary.yml: {key}: kind must be one of {KINDS}")
        if entry.get("advice", "general") not in ADVICE:
            raise ValueError(f"vocabulary.yml: {key}: advice must be one of {ADVICE}")
        for language in LANGUAGES:
            if not (entry.get("label") or {}).get(language):
                raise ValueError(f"vocabulary.yml: {key}: no {language} label")
    return keys


def _keys(kind: str) -> frozenset[str]:
    return frozenset(
        key for key, entry in vocabulary().items() if entry["kind"] == kind
    )


RED_FLAG_KEYS: frozenset[str] = _keys("red_flag")
CONTEXT_KEYS: frozenset[str] = _keys("context")

#: Checklist questions: slot -> the keys it lists.
GROUP_QUESTIONS: dict[str, frozenset[str]] = {}
for _key, _entry in vocabulary().items():
    if _entry.get("group"):
        GROUP_QUESTIONS.setdefault(_entry["group"], frozenset())
        GROUP_QUESTIONS[_entry["group"]] |= {_key}

#: Questions about one key with a yes/no answer: slot -> (key, answer meaning present).
SINGLE_KEY_QUESTIONS: dict[str, tuple[str, str]] = {
    entry["question"]: (key, entry["present_when"])
    for key, entry in vocabulary().items()
    if entry.get("question") and entry.get("present_when")
}

#: Keys asked about as an ability, so that "yes" means the red flag is absent.
ABILITY_KEYS = frozenset(
    key for key, present_when in SINGLE_KEY_QUESTIONS.values() if present_when == "no"
)


def label(key: str, language: str = "en") -> str:
    entry = vocabulary().get(key) or {}
    return (entry.get("label") or {}).get(language) or key.replace("_", " ")


def advice(key: str) -> str:
    return (vocabulary().get(key) or {}).get("advice", "general")
