"""One understanding step per message: everything the triage needs from one text.

``understand(text)`` is called once per patient message, by the Rasa NLU component
``bot.nlu.TriageReader`` inside the Rasa server; the result travels with the message
(``parse_data["triage"]``) and everything downstream (the safety policy, which is
the only writer of the flag slots, the form validator and the actions) reads it
instead of parsing the text again. Plain Python, no Rasa import.

It combines:

- the phrase reader (``bot.triage.extract``): red flags present / absent / unclear,
  stage, pregnancy week and what her own clinician told her;
- clinical context the phrase reader does not see (ConText categories): a red flag
  in the past ("last year", "in my last pregnancy"), in another person ("my sister
  had"), or asked about ("is chest pain a sign of TOH?") does not count; a partner
  writing about her ("my wife can't walk") still counts;
- numbers that mean something: 38 °C or more is a fever, a pad soaked within an hour
  is heavy bleeding, a pain score of 8-10 despite painkillers is uncontrolled pain;
- durations: how long ago the birth was and how long the pain has lasted;
- short answers to the assessment questions: yes / no / not sure / rather not say /
  none of these, a trend, a week, a duration;
- the learned detector (``bot.triage.detector``): red flags the phrases missed are
  ``possible`` and lead to one targeted question.

The words it reads besides the phrases (answers, durations, numbers, context) are
data: ``lang/<language>/reading.yml``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import asdict, dataclass, field
from typing import Any, Callable, Optional

from bot.triage.answers import parse_trend, parse_week
from bot.triage.detector import STORY_THRESHOLD, THRESHOLD
from bot.triage.extract import LANGUAGE, Extraction, extract, fold
from bot.triage.language import language_data

__all__ = ["Understanding", "understand"]

MAX_TEXT = 5000  # characters read; longer messages are cut (a story fits easily)
#: The words this step reads, per language (bot/triage/lang/<language>/reading.yml).
_READ = language_data(LANGUAGE)["reading"]

# ---------------------------------------------------------------- normalising


def _plain(text: str) -> str:
    """Folded as the phrase reader folds it, but with emoji, degree signs and
    decimal commas kept (the phrase reader drops them)."""
    text = fold(text)
    text = re.sub(r"(?<=[a-z])[-\u2010-\u2015](?=[a-z])", " ", text)  # c-section
    return re.sub(r"\s+", " ", text).strip()


# ---------------------------------------------------------------- short answers

_YES = re.compile(_READ["answers"]["yes"])
_NO = re.compile(_READ["answers"]["no"])
_UNSURE = re.compile(_READ["answers"]["unsure"])
_DECLINED = re.compile(_READ["answers"]["declined"])
_NONE_OF_THESE = re.compile(_READ["answers"]["none_of_these"])

# ---------------------------------------------------------------- durations

_UNIT_WEEKS: dict[str, float] = _READ["durations"]["unit_weeks"]

_AMOUNT_VALUE: dict[str, int] = _READ["durations"]["amounts"]
# "3 weeks", "3w", "2.5 months", "a few weeks", "two months and a half"

_SPAN = re.compile(_READ["durations"]["span"])

_BIRTH_AGO = re.compile(_READ["durations"]["birth_ago"])
_PAIN_FOR = re.compile(_READ["durations"]["pain_for"])
_PAIN_FOR_VAGUE = re.compile(_READ["durations"]["pain_for_vague"])
# The pain has been there since the birth ("still hurts" counts when she also says
# how long ago the birth was).
_PAIN_SINCE_BIRTH = re.compile(_READ["durations"]["pain_since_birth"])


def _span_weeks(amount: str, unit: str) -> Optional[float]:
    amount = amount.strip()
    if amount in _AMOUNT_VALUE:
        value = float(_AMOUNT_VALUE[amount])
    else:
        try:
            value = float(amount.replace(",", "."))
        except ValueError:
            return None
    weeks = value * _UNIT_WEEKS.get(unit, 1.0)
    return round(weeks, 1) if 0 <= weeks <= 520 else None


def _first_span(match: re.Match[str]) -> Optional[float]:
    groups = [group for group in match.groups() if group is not None]
    for index in range(len(groups) - 1):
        weeks = _span_weeks(groups[index], groups[index + 1])
        if weeks is not None and groups[index + 1] in _UNIT_WEEKS:
            return weeks
    return None


def _first_weeks(pattern: re.Pattern[str], text: str) -> Optional[float]:
    """The duration, in weeks, of the first match of the pattern that has one."""
    for match in pattern.finditer(text):
        weeks = _first_span(match)
        if weeks is not None:
            return weeks
    return None


def weeks_since_birth(text: str) -> Optional[float]:
    """'I had my baby 3 weeks ago' -> 3.0; '2 months pp' -> 8.6; None if not said."""
    return _first_weeks(_BIRTH_AGO, text)


def pain_weeks(text: str) -> Optional[float]:
    """How long the pain has lasted, in weeks: 'for 3 weeks', 'started 2 months ago'."""
    weeks = _first_weeks(_PAIN_FOR, text)
    if weeks is None and _PAIN_FOR_VAGUE.search(text):
        return 3.0
    return weeks


def duration_answer(text: str) -> Optional[float]:
    """A bare duration as an answer: '3 weeks', 'a month', 'since the birth'."""
    match = _SPAN.search(text)
    return _first_span(match) if match else None


# ---------------------------------------------------------------- numbers

_TEMPERATURE = re.compile(_READ["numbers"]["temperature"])
_HEAVY_PAD = re.compile(_READ["numbers"]["heavy_pad"])
_LIGHT_BLEEDING = re.compile(_READ["numbers"]["light_bleeding"])
_PAIN_SCORE = re.compile(_READ["numbers"]["pain_score"])
_MEDS_TRIED = re.compile(_READ["numbers"]["painkillers_tried"])


def _temperature_flags(text: str) -> tuple[set[str], set[str]]:
    present: set[str] = set()
    absent: set[str] = set()
    for match in _TEMPERATURE.finditer(text):
        raw = match.group(1) or match.group(3)
        unit = match.group(2) or match.group(4)
        try:
            value = float(raw.replace(",", "."))
        except (TypeError, ValueError):
            continue
        if unit == "f" or (unit is None and 95 <= value <= 110):
            if 100.4 <= value <= 110:
                present.add("fever")
            elif 95 <= value < 100.4:
                absent.add("fever")
        elif 34 <= value <= 43:
            (present if value >= 38 else absent).add("fever")
    return present, absent - present


def _number_flags(text: str) -> tuple[set[str], set[str], set[str]]:
    """(present, absent, unclear) from numbers: temperature, pads, pain score."""
    present, absent = _temperature_flags(text)
    unclear: set[str] = set()
    if _HEAVY_PAD.search(text):
        present.add("vaginal_bleeding")
    for match in _PAIN_SCORE.finditer(text):
        score = int(match.group(1))
        if score >= 8:
            (present if _MEDS_TRIED.search(text) else unclear).add("uncontrolled_pain")
        elif score <= 5 and "uncontrolled_pain" not in present:
            absent.add("uncontrolled_pain")
    unclear -= present
    return present, absent - present - unclear, unclear


# ---------------------------------------------------------------- context

# ConText categories the phrase reader has no notion of. A mention in a clause with
# one of these triggers does not describe her now. Clauses end at . ; ! ? and "but".
_SENTENCE = re.compile(_READ["context"]["sentence_end"])
_CLAUSE = re.compile(_READ["context"]["clause_end"])
_HISTORICAL = re.compile(_READ["context"]["historical"])
# Another person (FAMILY): "my sister had", "my friend could not walk". A partner
# or relative writing about the patient ("my wife can't walk") is the patient.
_OTHER_PERSON = re.compile(_READ["context"]["other_person"])
# A man in the family is never the patient: "my dad has cancer", "my brother fell".
_MALE_RELATIVE = re.compile(_READ["context"]["male_relative"])
# A question about a symptom ("is chest pain a sign of TOH?", "should I worry if
# I bleed?"): the clause is a question and has no statement that she has it.
_QUESTION_ABOUT = re.compile(_READ["context"]["question_about"])
_PRESENT_TENSE = re.compile(_READ["context"]["present_tense"])
_DIAGNOSED_TOH = re.compile(_READ["facts"]["diagnosed_toh"])
_OWN_PAIN = re.compile(_READ["facts"]["own_pain"])
_OWN_NOW = re.compile(_READ["context"]["own_now"])
# Fear of a future event: "I'm scared I'll fall", "worried I might bleed".
_FEAR = re.compile(_READ["context"]["fear"])
# She says in so many words that it is an emergency (issue: emergency advice needs a
# red flag or an explicit statement of an emergency, never the tone alone).
_EXPLICIT_EMERGENCY = re.compile(_READ["facts"]["explicit_emergency"])
_EXPLICIT_NOT = re.compile(_READ["facts"]["explicit_emergency_not"])
_HISTORY_KEYS_KEEP = frozenset({"cancer_history"})  # a past cancer IS the red flag


def _clauses(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in _CLAUSE.finditer(text):
        end = match.end() if "?" in match.group() else match.start()
        spans.append((start, end))
        start = match.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def _context_of(clause: str) -> Optional[str]:
    """historical | other_person | question | fear, or None when it is her now."""
    if _HISTORICAL.search(clause) and not _STILL_NOW.search(clause):
        return "historical"
    if _MALE_RELATIVE.search(clause) and not _HERSELF.search(clause):
        return "other_person"
    if _OTHER_PERSON.search(clause) and not _PRESENT_TENSE.search(clause):
        # "my sister had heavy bleeding" is another person; "my sister is 30 weeks
        # and can't breathe" is a relative writing about the patient
        return "other_person"
    # a question: the words after the last comma ("..., I wanted to ask, is
    # breathlessness a sign of a clot?")
    asked = clause.rsplit(",", 1)[-1]
    question = asked.rstrip().endswith("?") or _QUESTION_START.match(asked)
    if question and _QUESTION_ABOUT.search(asked) and not _OWN_NOW.search(asked):
        return "question"
    afraid = bool(_FEAR.search(clause)) and not _FEAR_BUT_HAPPENED.search(clause)
    return "fear" if afraid else None


# Not a red flag at all: movements are not felt yet early in pregnancy.
_NOT_YET_FELT = re.compile(_READ["facts"]["movements_not_felt_yet"])
# A question answered by "no" right after it: "bleeding? no", "fever?? nope".
_ANSWERED_NO = re.compile(_READ["context"]["answered_no"])
_STILL_NOW = re.compile(_READ["context"]["still_now"])
_HERSELF = re.compile(_READ["context"]["herself"])
_QUESTION_START = re.compile(_READ["context"]["question_start"])
_FEAR_BUT_HAPPENED = re.compile(_READ["context"]["fear_but_happened"])


Reader = Callable[[str], Extraction]


def _answered_no(plain: str, read: Reader) -> set[str]:
    """Keys asked about in a "...?" clause that the next words answer with no."""
    denied: set[str] = set()
    for match in re.finditer(r"([^.?!]{1,60})\?+", plain):
        if _ANSWERED_NO.match(plain, match.end()):
            denied |= read(match.group(1)).present
    return denied


def _not_her_now(plain: str, read: Reader) -> set[str]:
    """Keys mentioned only outside her now: in the past (read per sentence, "About
    a month ago, at 20 weeks, I slipped"), about another person, in a question or a
    fear (read per clause). A key that another clause states about her now stays."""
    dropped: set[str] = set()
    kept: set[str] = set()
    for sentence in _SENTENCE.split(plain):
        if not sentence.strip() or not read(sentence).present:
            continue
        if _context_of(sentence) == "historical":
            dropped |= read(sentence).present - _HISTORY_KEYS_KEEP
            continue
        for start, end in _clauses(sentence):
            present = read(sentence[start:end]).present
            if not present:
                continue
            context = _context_of(sentence[start:end])
            if context == "historical":
                dropped |= present - _HISTORY_KEYS_KEEP
            elif context:
                dropped |= present
            else:
                kept |= present
    return dropped - kept


# ---------------------------------------------------------------- the result


@dataclass
class Understanding:
    """What one message says. Sets are sorted lists in ``as_dict`` (JSON)."""

    present: set[str] = field(default_factory=set)
    absent: set[str] = field(default_factory=set)
    unclear: set[str] = field(default_factory=set)
    possible: set[str] = field(default_factory=set)  # from the learned detector
    not_now: set[str] = field(default_factory=set)  # past, other person, question
    stage: Optional[str] = None
    pregnancy_week: Optional[int] = None
    weeks_since_birth: Optional[float] = None
    pain_weeks: Optional[float] = None
    pain_since_birth: bool = False
    clinician_urgency: Optional[str] = None
    explicit_emergency: bool = False
    diagnosed_toh: bool = False  # she says TOH has been diagnosed
    own_pain: bool = False  # she describes pain of her own, now
    # short answers to a question
    answer: Optional[str] = None  # yes | no | unsure | declined
    none_of_these: bool = False
    trend: Optional[str] = None  # worse | same | better
    week_answer: Optional[int] = None
    duration_answer: Optional[float] = None

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for name in ("present", "absent", "unclear", "possible", "not_now"):
            data[name] = sorted(data[name])
        return data

    @classmethod
    def from_dict(cls, data: Any) -> "Understanding":
        if not isinstance(data, dict):
            return cls()
        known = {name: data[name] for name in cls.__dataclass_fields__ if name in data}
        for name in ("present", "absent", "unclear", "possible", "not_now"):
            known[name] = set(known.get(name) or ())
        return cls(**known)


def _describes_own_pain(plain: str) -> bool:
    """A clause about pain she has now: not in the past, not another person's,
    not a general question ("is hip pain normal?")."""
    return any(
        _OWN_PAIN.search(plain, a, b)
        and _context_of(plain[a:b]) not in ("historical", "other_person", "question")
        for a, b in _clauses(plain)
    )


def _short_answer(plain: str) -> Optional[str]:
    if _DECLINED.search(plain):
        return "declined"
    if _UNSURE.search(plain):
        return "unsure"
    if _NO.match(plain) or _NONE_OF_THESE.search(plain):
        return "no"
    if _YES.match(plain):
        return "yes"
    return None


def _detector_sentences(plain: str, read: Reader) -> list[str]:
    """The sentences the detector may read: not those the phrase data already
    reads as a denial ("my chest is fine, not short of breath"), nor those about
    the past, another person or a question."""
    return [
        sentence.strip()
        for sentence in _SENTENCE.split(plain)[:40]
        if sentence.strip()
        and not read(sentence).absent
        and _context_of(sentence) is None
    ]


def understand(text: Any, detector: Any = None) -> Understanding:
    """Read one message; never raises for any input."""
    if not isinstance(text, str) or not text.strip():
        return Understanding()
    text = text[:MAX_TEXT]
    plain = _plain(text)
    found = extract(text)
    present, absent, unclear = set(found.present), set(found.absent), set(found.unclear)
    # each sentence and clause is read once, whichever rule asks
    read: Reader = functools.lru_cache(maxsize=None)(extract)

    dropped = _not_her_now(plain, read) if present else set()
    if _NOT_YET_FELT.search(plain):
        dropped.add("reduced_fetal_movements")
    present -= dropped
    denied_after = _answered_no(plain, read) if "?" in plain else set()
    present -= denied_after
    absent |= denied_after

    number_present, number_absent, number_unclear = _number_flags(plain)
    # a measured normal temperature outweighs the word "temperature"
    present = (present - (number_absent & {"fever"})) | number_present
    absent = (absent | number_absent) - present
    unclear = (unclear | number_unclear) - present - absent
    # light bleeding or spotting is not heavy bleeding: asked about, not assumed
    if "vaginal_bleeding" in present and _LIGHT_BLEEDING.search(plain):
        present.discard("vaginal_bleeding")
        unclear.add("vaginal_bleeding")
    if "vaginal_bleeding" in number_present:
        absent.discard("vaginal_bleeding")

    possible: set[str] = set()
    if detector is not None:
        known = present | absent | unclear | dropped
        sentences = _detector_sentences(plain, read)
        if sentences:
            threshold = THRESHOLD if len(sentences) <= 2 else STORY_THRESHOLD
            possible = set(
                detector.possible(
                    " . ".join(sentences), exclude=known, threshold=threshold
                )
            )

    week = found.pregnancy_week
    birth_weeks = weeks_since_birth(plain)
    stage = found.stage
    short = _short_answer(plain)
    return Understanding(
        present=present,
        absent=absent,
        unclear=unclear,
        possible=possible,
        not_now=dropped,
        stage=stage,
        pregnancy_week=week,
        weeks_since_birth=birth_weeks,
        pain_weeks=pain_weeks(plain),
        pain_since_birth=bool(_PAIN_SINCE_BIRTH.search(plain)),
        clinician_urgency=found.clinician_urgency,
        explicit_emergency=bool(
            _EXPLICIT_EMERGENCY.search(plain) and not _EXPLICIT_NOT.search(plain)
        ),
        diagnosed_toh=bool(_DIAGNOSED_TOH.search(plain)),
        own_pain=bool(present or possible) or _describes_own_pain(plain),
        answer=short,
        none_of_these=bool(_NONE_OF_THESE.search(plain)),
        trend=parse_trend(plain),
        week_answer=parse_week(plain),
        duration_answer=duration_answer(plain),
    )
