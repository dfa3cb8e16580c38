"""Where the question is in a long message: a story, then "is an MRI safe?".

The topic classifier reads the whole message; in a long story the background
(weeks, a sister's advice, a scan planned) outweighs the few words that ask. The
NLU component ``bot.nlu.QuestionFocus`` gives the classifier the sentences that
ask, found here. The red-flag reading (``bot.triage.understanding``) still reads
every word.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.triage.language import language_data

# Sentences end at . ! ? and line breaks ("30 weeks. My doctor says ...").
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")
# The message must tell more than it asks for the focus to matter.
MIN_SENTENCES = 2


@lru_cache(maxsize=4)
def _asks(language: str) -> re.Pattern[str]:
    return re.compile(language_data(language)["reading"]["context"]["asks"])


def question_spans(text: str, language: str = "en") -> list[tuple[int, int]]:
    """The (start, end) of each sentence that asks, when the message also has
    sentences that do not; otherwise nothing (read the whole message)."""
    asks = _asks(language)
    sentences = [m.span() for m in _SENTENCE.finditer(text) if m.group().strip()]
    if len(sentences) < MIN_SENTENCES:
        return []
    asking = [
        (start, end) for start, end in sentences if asks.match(_plain(text[start:end]))
    ]
    return asking if 0 < len(asking) < len(sentences) else []


def _plain(sentence: str) -> str:
    return sentence.strip().lower().replace("'", "").replace("\u2019", "")
