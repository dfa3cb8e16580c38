"""The language data of the phrase reader: bot/triage/lang/<language>/*.yml.

``phrases.yml`` (red-flag phrases and their examples), ``context.yml`` (ConText
triggers), ``normalise.yml`` (chat spellings, number words) and ``facts.yml``
(stage, week, clinician advice). One folder per language; a Portuguese folder
follows the same shape. Typos are corrected with rapidfuzz against the words the
phrases use, so no typo list is needed. Plain Python (pyyaml, rapidfuzz).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

LANG_DIR = Path(__file__).with_name("lang")
FILES = ("phrases", "context", "normalise", "facts", "reading")
#: A word is corrected only when it is unknown, at least this long, starts with
#: the same letter as the correction and is this similar (normalised Levenshtein:
#: one edit in 6 letters is 0.83). Shorter words are too often other real words.
MIN_TYPO_LENGTH = 6
MIN_SIMILARITY = 0.8


@lru_cache(maxsize=4)
def language_data(language: str = "en") -> dict[str, Any]:
    folder = LANG_DIR / language
    return {
        name: yaml.safe_load((folder / f"{name}.yml").read_text(encoding="utf-8"))
        for name in FILES
    }


@lru_cache(maxsize=4)
def phrase_words(language: str = "en") -> frozenset[str]:
    """Every word the patterns of a language spell out (the typo targets)."""
    data = language_data(language)
    texts: list[str] = list(data["phrases"]["fragments"].values())
    for entry in data["phrases"]["keys"].values():
        for group in entry.get("phrases") or ():
            texts += group["patterns"]
    texts += [value for value in data["facts"].values() if isinstance(value, str)]
    texts += list(data["normalise"]["spellings"].values())
    words: set[str] = set()
    for text in texts:
        # letters outside regex escapes (\b, \d, \s) are words
        words.update(re.findall(r"(?<![\\a-z])[a-z]{3,}", text))
    return frozenset(words)


@lru_cache(maxsize=20000)
def corrected_word(word: str, language: str = "en") -> str:
    """The phrase word a typo stands for ("bleading" -> "bleeding"), else the word."""
    vocabulary = phrase_words(language)
    if len(word) < MIN_TYPO_LENGTH or word in vocabulary or not word.isalpha():
        return word
    candidates = sorted(
        w for w in vocabulary if w[0] == word[0] and abs(len(w) - len(word)) <= 2
    )
    matches = process.extract(
        word,
        candidates,
        scorer=Levenshtein.normalized_similarity,
        score_cutoff=MIN_SIMILARITY,
        limit=None,
    )
    if not matches:
        return word
    # Ties are broken the same way every run (never by set order): a word the
    # typo starts with ("thinks" -> "think", not "things"), then the closest
    # length, then the alphabet.
    best, _, _ = min(
        matches,
        key=lambda m: (
            -m[1],
            not word.startswith(m[0]),
            abs(len(m[0]) - len(word)),
            m[0],
        ),
    )
    return best
