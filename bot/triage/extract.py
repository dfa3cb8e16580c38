"""Free-text symptom extractor for the red-flag engine (brief section 11.5).

``extract(text)`` reads one patient message and returns the red-flag and context keys
it states as present, denies (``absent``) or hedges about (``unclear``), plus the
stage, the pregnancy week and what the patient's own clinician told her to do.

How it works, in short:

1. The text is normalised: lower case, accents and apostrophes removed ("can't" ->
   "cant"), common typos and chat spellings mapped to one word ("bleading" ->
   "bleeding", "preg" -> "pregnant"), number words 10-49 written as digits.
2. Every key has phrase patterns of four kinds: ``present`` ("can't walk"), ``absent``
   ("I can still walk"), ``unclear`` ("I can sort of walk") and ``block`` (phrases
   that look like the key but are not, such as "bleeding gums" or "scared of
   falling"). A pattern contained in a longer one of the same key gives way to it;
   a *weak* pattern (a bare word such as "swollen" or "headache") gives way to any
   more specific pattern it overlaps.
3. Each mention is then read in its clause (clauses end at ``, . ; ! ?`` and at
   "but", "though", "although", "however", "and now"). The nearest cue before it in
   the same clause decides: a negation ("no", "not", "didn't", "never", "without")
   turns it into a denial, a hedge ("not sure if", "maybe", "kind of") makes it
   unclear, a hypothetical ("if", "in case", "signs of") drops it. A cue reaches
   only the first mention after it and the mentions joined to that one by "or",
   "nor", "and" or "/" ("no fever or bleeding" denies both). "Can't walk" is a
   pattern of its own, not a negated "walk".
4. When one message says a key both ways, present beats unclear beats absent.
5. Stage: a present-tense pregnancy ("I'm 34 weeks", "34w pregnant", "34+2",
   "third trimester") wins; otherwise breastfeeding (not negated) gives
   ``postpartum_breastfeeding`` and "not breastfeeding" / "formula" / "bottle
   feeding" gives ``postpartum_not_breastfeeding``; a birth without feeding
   information ("gave birth 3 weeks ago", "postpartum") gives None so that the bot
   asks; weaker pregnancy words ("pregnant", "waters", "contractions") come last.
   The week is the largest week 4-42 stated in a pregnancy message, never a
   duration ("for 2 weeks", "3 weeks ago", "6 weeks old", "2 weeks after birth").

Known limits (pinned in tests/unit/test_extract.py): negation never crosses a comma,
so in "no fever, rash or bleeding" only the fever is denied; "no fever and
bleeding heavily" denies both; "8 months pregnant" gives the stage but no week (a
guessed week could move a rule across its week limit, and an unknown week is the
safer reading); any mention of bleeding, including normal lochia after birth, is
read as ``vaginal_bleeding``; fainting or collapse is read as
``feeling_very_unwell`` (the vocabulary has no key of its own for it); stress
leaking on coughing or sneezing is not read as bladder dysfunction; sarcasm, irony
and references to earlier messages are not understood. Stdlib only; every pattern is
linear (no nested unbounded quantifiers), and each is tried only at word starts
whose first characters it can match.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from bot.triage.language import corrected_word, language_data

try:  # the regex parser is private; it is only used to speed matching up
    from re import _parser as _sre_parse  # type: ignore[attr-defined]
except ImportError:  # Python < 3.11
    import sre_parse as _sre_parse

__all__ = ["Extraction", "extract"]

#: The language data this reader uses (bot/triage/lang/en/*.yml).
LANGUAGE = "en"
_LANG = language_data(LANGUAGE)

_SEVERE_PAIN = re.compile(_LANG["context"]["severe_pain"])

#: Keys for which a hedged mention ("maybe", "I think I might") counts as present.
SAFETY_FIRST_KEYS = frozenset({"self_harm_thoughts"})


@dataclass
class Extraction:
    """What one message says (keys are those of ``engine.RED_FLAG_KEYS`` and
    ``engine.CONTEXT_KEYS``); the three key sets never overlap."""

    present: set[str] = field(default_factory=set)
    absent: set[str] = field(default_factory=set)
    unclear: set[str] = field(default_factory=set)
    stage: str | None = None
    pregnancy_week: int | None = None
    clinician_urgency: str | None = None


# ------------------------------------------------------------------ normalisation

_SPELLINGS: dict[str, str] = _LANG["normalise"]["spellings"]

_UNITS: dict[str, int] = _LANG["normalise"]["number_words"]["units"]
_TEENS: dict[str, int] = _LANG["normalise"]["number_words"]["teens"]
_TENS: dict[str, int] = _LANG["normalise"]["number_words"]["tens"]

_APOSTROPHES = re.compile(r"[\u2018\u2019\u02bc\u0060\u00b4']")
_DROP = re.compile(r"[^a-z0-9 .,;:!?+/&%\n]")
_SPLIT_NT = re.compile(
    r"\b(can|don|won|isn|doesn|didn|haven|hasn|wasn|aren|couldn|wouldn|shouldn"
    r"|weren|hadn) t\b"
)
_WORD = re.compile(r"[a-z]+")
_NUMBER_WORDS = re.compile(
    r"\b(?:(twenty|thirty|forty)(?: (one|two|three|four|five|six|seven|eight|nine))?"
    r"|(ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen"
    r"|nineteen))\b"
)
_AE = re.compile(r"\ba ?(?:&|and|n) ?e\b")
_SPACES = re.compile(r"[ \t\r\f\v]+")


def _spelling(word: str) -> str:
    """A chat spelling from normalise.yml, else a typo corrected by rapidfuzz."""
    return _SPELLINGS.get(word) or corrected_word(word, LANGUAGE)


def _number_word(match: re.Match[str]) -> str:
    if match.group(3):
        return str(_TEENS[match.group(3)])
    value = _TENS[match.group(1)]
    if match.group(2):
        value += _UNITS[match.group(2)]
    return str(value)


def fold(text: str) -> str:
    """Lower case, without accents or apostrophes ("Can't" -> "cant")."""
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(char for char in text if not unicodedata.combining(char))
    return _APOSTROPHES.sub("", text)


def _normalise(text: str) -> str:
    """Lower case, plain ASCII, no apostrophes, typos fixed, single spaces."""
    text = fold(text)
    text = text.replace("\u00b0", " ")
    text = re.sub(r"[-\u2010-\u2015_]", " ", text)
    text = _DROP.sub(" ", text)
    text = _SPACES.sub(" ", text)
    text = _SPLIT_NT.sub(r"\1t", text)
    text = re.sub(r"\bi m\b", "im", text)
    text = _WORD.sub(lambda m: _spelling(m.group()), text)
    text = _NUMBER_WORDS.sub(_number_word, text)
    text = _AE.sub("a&e", text)
    text = text.replace("\n", " . ")
    return _SPACES.sub(" ", text).strip()


# ----------------------------------------------------------------------- patterns

# Fragments used inside the patterns as <NAME>.
_FRAGMENTS: dict[str, str] = _LANG["phrases"]["fragments"]


@dataclass(frozen=True)
class _Spec:
    keys: tuple[str, ...]
    kind: str  # present | absent | unclear | negonly | block
    regex: re.Pattern[str]  # starts with \b
    weak: bool
    #: The first two characters any match can start with, and the same pattern
    #: without its leading \b to try only at word starts with those characters
    #: (a speed-up; None: scan the whole text).
    starts: frozenset[str] | None
    at_start: re.Pattern[str]


def _expand(pattern: str) -> str:
    for name, fragment in _FRAGMENTS.items():
        pattern = pattern.replace(f"<{name}>", fragment)
    return pattern


_PREFIX_LENGTH = 4
_MAX_PREFIXES = 2000


def _prefixes(items: Iterable[tuple[Any, Any]], heads: set[str]) -> set[str] | None:
    """Extend each head with what the parsed pattern can match next, up to
    ``_PREFIX_LENGTH`` characters. None when that cannot be worked out."""
    for op, av in items:
        if all(len(head) >= _PREFIX_LENGTH for head in heads):
            return heads
        if op is _sre_parse.LITERAL:
            heads = {
                head + chr(av) if len(head) < _PREFIX_LENGTH else head for head in heads
            }
        elif op in (_sre_parse.AT, _sre_parse.ASSERT, _sre_parse.ASSERT_NOT):
            continue
        elif op is _sre_parse.SUBPATTERN:
            result = _prefixes(av[-1], heads)
            if result is None:
                return None
            heads = result
        elif op is _sre_parse.BRANCH:
            union: set[str] = set()
            for branch in av[1]:
                result = _prefixes(branch, heads)
                if result is None:
                    return None
                union |= result
            heads = union
        elif op in (_sre_parse.MAX_REPEAT, _sre_parse.MIN_REPEAT):
            result = _prefixes(av[2], heads)
            if result is None or (
                av[1] != 1 and any(len(head) < _PREFIX_LENGTH for head in result)
            ):
                return None  # a second repetition could add characters
            heads = result | heads if av[0] == 0 else result
        elif op is _sre_parse.IN:
            chars = _class_chars(av)
            if chars is None:
                return None
            heads = {
                head + char if len(head) < _PREFIX_LENGTH else head
                for head in heads
                for char in chars
            }
        else:
            return None
        if len(heads) > _MAX_PREFIXES:
            return None
    return heads


def _class_chars(items: Iterable[tuple[Any, Any]]) -> list[str] | None:
    """The characters of a small character class such as [89] or [0-6]."""
    chars: list[str] = []
    for op, av in items:
        if op is _sre_parse.LITERAL:
            chars.append(chr(av))
        elif op is _sre_parse.RANGE and av[1] - av[0] < 12:
            chars.extend(chr(code) for code in range(av[0], av[1] + 1))
        else:
            return None
    return chars


def _spec(keys: str, kind: str, *alternatives: str, weak: bool = False) -> _Spec:
    body = "|".join(_expand(alternative) for alternative in alternatives)
    pattern = rf"\b(?:{body})\b"
    try:
        starts = _prefixes(_sre_parse.parse(pattern), {""})
    except Exception:  # pragma: no cover - a parser change only costs speed
        starts = None
    if starts is not None and not all(
        len(start) == _PREFIX_LENGTH and start[0].isalnum() for start in starts
    ):
        starts = None
    return _Spec(
        keys=tuple(keys.split()),
        kind=kind,
        regex=re.compile(pattern),
        weak=weak,
        starts=None if starts is None else frozenset(starts),
        at_start=re.compile(rf"(?:{body})\b"),
    )


_KINDS = {
    "present": "present",
    "absent": "absent",
    "unclear": "unclear",
    "denied_only": "negonly",
    "not_this": "block",
}
_SPECS: tuple[_Spec, ...] = tuple(
    _spec(
        " ".join([key, *group.get("also", ())]),
        _KINDS[group["kind"]],
        *group["patterns"],
        weak=bool(group.get("weak")),
    )
    for key, entry in _LANG["phrases"]["keys"].items()
    for group in entry.get("phrases") or ()
)

# ------------------------------------------------------------------------ cues

# Clause boundaries: a cue never reaches past one of these.
_BOUNDARY = re.compile(_LANG["context"]["terminate"])

# Cues before a mention. Longer alternatives come first so that "not sure if" is a
# hedge and not a negation followed by a conditional.
_FORWARD = [t for t in _LANG["context"]["triggers"] if t["direction"] == "FORWARD"]
_BACKWARD = [t for t in _LANG["context"]["triggers"] if t["direction"] == "BACKWARD"]
# Cues before a mention, in the order of context.yml: the first that matches wins,
# so that "not sure if" is a hedge and not a negation followed by a conditional.
_CUES = re.compile(
    r"\b(?:" + "|".join(f"(?P<{t['name']}>{t['pattern']})" for t in _FORWARD) + r")\b"
)

# Words that may not sit between a negation and the mention it denies: a new subject
# ("no idea why I am bleeding") or a verb that turns the meaning round ("it won't
# stop bleeding").
_NEG_GAP_STOP = frozenset(_LANG["context"]["negation_stops"])
# "no fever and bleeding" denies both; "no fever and my leg is swollen" does not.
_NEW_SUBJECT = re.compile(_LANG["context"]["new_subject"])
_CONNECTOR = re.compile(_LANG["context"]["list_joiner"])
# Cues right after a mention ("bleeding? no", "fever: not sure").
_TRAILING = re.compile(
    r"\s*(?:[:=/]\s*)?(?:"
    + "|".join(f"(?P<{t['name']}>{t['pattern']})" for t in _BACKWARD)
    + r")\b"
)

_GAP_WORDS = {t["name"]: t["max_words"] for t in _FORWARD}
_NEG_GAP_WORDS = _GAP_WORDS["neg"]
_HEDGE_GAP_WORDS = _GAP_WORDS["hedge"]
_COND_GAP_WORDS = _GAP_WORDS["cond"]
_HYPO_GAP_WORDS = _GAP_WORDS["hypo"]
_CUE_REACH = _LANG["context"]["cue_reach_characters"]

# (kind of pattern, cue) -> outcome; a missing entry means "ignore the mention".
_OUTCOME: dict[tuple[str, str | None], str] = {
    ("present", None): "present",
    ("present", "neg"): "absent",
    ("present", "hedge"): "unclear",
    ("absent", None): "absent",
    ("absent", "hedge"): "unclear",
    ("unclear", None): "unclear",
    ("unclear", "neg"): "absent",
    ("unclear", "hedge"): "unclear",
    ("negonly", "neg"): "absent",
}


@dataclass
class _Hit:
    key: str
    kind: str
    start: int
    end: int
    weak: bool
    cue: str | None = None


_WORD_START = re.compile(r"\b[a-z0-9]")


def _spans(
    spec: _Spec, text: str, by_prefix: dict[str, list[int]]
) -> list[tuple[int, int]]:
    """Every match of the spec, tried only at word starts it can begin at."""
    if spec.starts is None:
        return [match.span() for match in spec.regex.finditer(text)]
    positions: list[int] = []
    for start in spec.starts:
        positions.extend(by_prefix.get(start, ()))
    spans = []
    for position in sorted(positions):
        match = spec.at_start.match(text, position)
        if match:
            spans.append(match.span())
    return spans


def _find_hits(text: str) -> list[_Hit]:
    by_prefix: dict[str, list[int]] = {}
    for match in _WORD_START.finditer(text):
        position = match.start()
        prefix = text[position : position + _PREFIX_LENGTH]
        by_prefix.setdefault(prefix, []).append(position)
    hits: list[_Hit] = []
    blocks: dict[str, list[tuple[int, int]]] = {}
    for spec in _SPECS:
        for span in _spans(spec, text, by_prefix):
            for key in spec.keys:
                if spec.kind == "block":
                    blocks.setdefault(key, []).append(span)
                else:
                    hits.append(_Hit(key, spec.kind, span[0], span[1], spec.weak))
    hits = [hit for hit in hits if not _inside(hit, blocks.get(hit.key, ()))]
    hits = _drop_weak_overlaps(hits)
    return _drop_contained(hits)


def _inside(hit: _Hit, spans: list[tuple[int, int]] | tuple[()]) -> bool:
    return any(start <= hit.start and hit.end <= end for start, end in spans)


def _drop_contained(hits: list[_Hit]) -> list[_Hit]:
    """Drop a mention that lies inside a longer mention of the same key."""
    kept: list[_Hit] = []
    by_key: dict[str, list[_Hit]] = {}
    for hit in hits:
        by_key.setdefault(hit.key, []).append(hit)
    for group in by_key.values():
        group.sort(key=lambda hit: (hit.start, -hit.end))
        max_end = -1  # furthest end among earlier mentions with a different span
        previous: tuple[int, int] | None = None
        group_end = -1  # furthest end within the current run of identical spans
        for hit in group:
            span = (hit.start, hit.end)
            if span != previous:
                max_end = max(max_end, group_end)
                group_end = -1
                previous = span
            if max_end < hit.end:
                kept.append(hit)
            group_end = max(group_end, hit.end)
    return kept


def _drop_weak_overlaps(hits: list[_Hit]) -> list[_Hit]:
    """Drop a weak mention that overlaps any specific mention of any key."""
    strong = sorted((hit.start, hit.end) for hit in hits if not hit.weak)
    starts = [start for start, _ in strong]
    prefix_max: list[int] = []
    furthest = -1
    for _, end in strong:
        furthest = max(furthest, end)
        prefix_max.append(furthest)
    kept = []
    for hit in hits:
        if hit.weak:
            index = bisect_right(starts, hit.end - 1)
            if index and prefix_max[index - 1] > hit.start:
                continue
        kept.append(hit)
    return kept


@dataclass
class _Cue:
    start: int
    end: int
    kind: str
    text: str


def _find_cues(text: str, hits: list[_Hit]) -> list[_Cue]:
    """Cues outside every mention (the "not" of "not able to walk" is no cue)."""
    spans = sorted((hit.start, hit.end) for hit in hits)
    starts = [start for start, _ in spans]
    prefix_max: list[int] = []
    furthest = -1
    for _, end in spans:
        furthest = max(furthest, end)
        prefix_max.append(furthest)
    cues = []
    for match in _CUES.finditer(text):
        index = bisect_right(starts, match.start())
        if index and prefix_max[index - 1] >= match.end():
            continue
        kind = match.lastgroup or "neg"
        cues.append(_Cue(match.start(), match.end(), kind, match.group()))
    return cues


def _gap_allows(cue: _Cue, gap: str) -> bool:
    words = gap.split()
    if cue.kind == "neg":
        return len(words) <= _NEG_GAP_WORDS and not _NEG_GAP_STOP.intersection(words)
    if cue.kind == "hedge":
        return len(words) <= _HEDGE_GAP_WORDS
    if cue.kind == "cond":
        return len(words) <= _COND_GAP_WORDS
    return len(words) <= _HYPO_GAP_WORDS


def _read_cues(text: str, hits: list[_Hit]) -> None:
    """Set ``hit.cue`` for every mention (in place)."""
    bounds = [(m.start(), m.end()) for m in _BOUNDARY.finditer(text)]
    bound_ends = [end for _, end in bounds]
    bound_starts = [start for start, _ in bounds]
    cues = _find_cues(text, hits)
    cue_ends = [cue.end for cue in cues]
    hits.sort(key=lambda hit: (hit.start, hit.end))
    done: list[_Hit] = []
    for hit in hits:
        index = bisect_right(bound_ends, hit.start)
        clause_start = bound_ends[index - 1] if index else 0
        after = bisect_right(bound_starts, hit.end - 1)
        clause_end = bound_starts[after] if after < len(bound_starts) else len(text)
        cue_index = bisect_right(cue_ends, hit.start) - 1
        cue = cues[cue_index] if cue_index >= 0 else None
        if cue is not None and (
            cue.start < clause_start or hit.start - cue.end > _CUE_REACH
        ):
            cue = None
        if cue is not None:
            hit.cue = _cue_for(text, hit, cue, done)
        if hit.cue is None:
            tail = _TRAILING.match(text, hit.end, min(clause_end, hit.end + 40))
            if tail:
                hit.cue = tail.lastgroup
        done.append(hit)


def _cue_for(text: str, hit: _Hit, cue: _Cue, done: list[_Hit]) -> str | None:
    """The cue's effect on this mention: through a list, or directly."""
    between = [
        other
        for other in done[-12:]
        if other.start >= cue.end and other.end <= hit.start
    ]
    if between:
        nearest = max(between, key=lambda other: other.end)
        joint = _CONNECTOR.fullmatch(text, nearest.end, hit.start)
        if joint and not (
            "and" in joint.group().split() and _NEW_SUBJECT.match(text, hit.start)
        ):
            return nearest.cue
        return None
    kind = "hypo" if cue.kind == "cond" else cue.kind
    return kind if _gap_allows(cue, text[cue.end : hit.start]) else None


# -------------------------------------------------------------- stage and week

_PREG_NOW = re.compile(_LANG["facts"]["preg_now"])
# Weaker signs of pregnancy: they give way to any sign of a birth or of feeding.
_PREG_ANY = re.compile(_LANG["facts"]["preg_any"])
_PREG_NOT = re.compile(_LANG["facts"]["preg_not"])
_POSTPARTUM = re.compile(_LANG["facts"]["postpartum"])
_BF_NO = re.compile(_LANG["facts"]["bf_no"])
_BF_YES = re.compile(_LANG["facts"]["bf_yes"])
_BF_SKIP = re.compile(_LANG["facts"]["bf_skip"])
_BF_SKIP_AFTER = re.compile(_LANG["facts"]["bf_skip_after"])

_WEEK_EXPLICIT = re.compile(_LANG["facts"]["week_explicit"])
_WEEK_NUMBER_FIRST = re.compile(_LANG["facts"]["week_number_first"])
_WEEK_WORD_FIRST = re.compile(_LANG["facts"]["week_word_first"])
_WEEK_BEFORE_STOP = re.compile(_LANG["facts"]["week_before_stop"])
_WEEK_IN = re.compile(_LANG["facts"]["week_in"])
_WEEK_AFTER_STOP = re.compile(_LANG["facts"]["week_after_stop"])


def _stage(text: str) -> str | None:
    pregnant_now = any(
        not _PREG_NOT.search(text, max(0, m.start() - 30), m.start())
        for m in _PREG_NOW.finditer(text)
    )
    if pregnant_now:
        return "pregnant"
    no_spans = [m.span() for m in _BF_NO.finditer(text)]
    if any(
        not _BF_SKIP.search(text, max(0, m.start() - 25), m.start())
        and not _BF_SKIP_AFTER.match(text, m.end())
        and not any(start <= m.start() and m.end() <= end for start, end in no_spans)
        for m in _BF_YES.finditer(text)
    ):
        return "postpartum_breastfeeding"
    if no_spans:
        return "postpartum_not_breastfeeding"
    if _POSTPARTUM.search(text):
        return None
    if any(
        not _PREG_NOT.search(text, max(0, m.start() - 30), m.start())
        for m in _PREG_ANY.finditer(text)
    ):
        return "pregnant"
    return None


def _valid_week(raw: str | None) -> int | None:
    if raw is None:
        return None
    week = int(raw)
    return week if 4 <= week <= 42 else None


def _pregnancy_week(text: str) -> int | None:
    """The current week: the largest valid week the message gives."""
    weeks: list[int] = []
    for match in _WEEK_EXPLICIT.finditer(text):
        raw = next(group for group in match.groups() if group is not None)
        week = _valid_week(raw)
        if week is not None:
            weeks.append(week)
    loose = [(match, True) for match in _WEEK_NUMBER_FIRST.finditer(text)] + [
        (match, False) for match in _WEEK_WORD_FIRST.finditer(text)
    ]
    for match, number_first in loose:
        window = max(0, match.start() - 25)
        if _WEEK_BEFORE_STOP.search(text, window, match.start()):
            continue
        if number_first and _WEEK_IN.search(text, window, match.start()):
            continue
        if _WEEK_AFTER_STOP.match(text, match.end()):
            continue
        week = _valid_week(match.group(1))
        if week is not None:
            weeks.append(week)
    return max(weeks) if weeks else None


# ------------------------------------------------------------ clinician advice

_DIRECTIVE = re.compile(_LANG["facts"]["directive"])
_CLINICIAN_BEFORE = re.compile(_LANG["facts"]["clinician_before"])
_DIRECTIVE_NEGATED = re.compile(_LANG["facts"]["directive_negated"])
_CONDITIONAL = re.compile(_LANG["facts"]["conditional"])
_NO_NEED = re.compile(_LANG["facts"]["no_need"])
_CALL_EMERGENCY = re.compile(_LANG["facts"]["call_emergency"])
_GO = re.compile(_LANG["facts"]["go"])
_PLACE = re.compile(_LANG["facts"]["place"])
_PLACE_EMERGENCY = re.compile(_LANG["facts"]["place_emergency"])
_SEEN = re.compile(_LANG["facts"]["seen"])
_NOW = re.compile(_LANG["facts"]["now"])
_TODAY = re.compile(_LANG["facts"]["today"])
_LATER = re.compile(_LANG["facts"]["later"])
_SOON = re.compile(_LANG["facts"]["soon"])
_RANK = {"soon": 1, "urgent": 2, "emergency": 3}


def _clinician_urgency(text: str) -> str | None:
    """The level the patient's own clinician gave ("told me to go to A&E now")."""
    best: str | None = None
    for match in _DIRECTIVE.finditer(text):
        sentence_start = max(text.rfind(mark, 0, match.start()) for mark in ".!?;")
        before_start = max(sentence_start + 1, match.start() - 50)
        if not _CLINICIAN_BEFORE.search(text, before_start, match.start()):
            continue
        if _DIRECTIVE_NEGATED.search(text, max(0, match.start() - 20), match.start()):
            continue
        ends = [text.find(mark, match.end()) for mark in ".!?;"]
        tail_end = min([end for end in ends if end != -1] + [len(text)])
        tail = text[match.end() : min(tail_end, match.end() + 120)]
        if _NO_NEED.match(tail) or _CONDITIONAL.search(tail):
            continue
        level = _level_from_tail(tail)
        if level and (best is None or _RANK[level] > _RANK[best]):
            best = level
    return best


def _level_from_tail(tail: str) -> str | None:
    if _CALL_EMERGENCY.search(tail):
        return "emergency"
    place = None
    for go in _GO.finditer(tail):
        place = _PLACE.search(tail, go.end(), go.end() + 40)
        if place:
            break
    if place or _SEEN.search(tail):
        if _NOW.search(tail):
            return "emergency"
        if _TODAY.search(tail):
            return "urgent"
        if _LATER.search(tail):
            return "soon"
        if place and _PLACE_EMERGENCY.match(place.group()):
            return "emergency"
        return "urgent"
    if _SOON.search(tail):
        return "soon"
    return None


# ------------------------------------------------------------------------ API


def extract(text: str) -> Extraction:
    """Read one patient message; never raises for any string."""
    if not isinstance(text, str):
        return Extraction()
    norm = _normalise(text)
    if not norm:
        return Extraction()
    hits = _find_hits(norm)
    _read_cues(norm, hits)
    found: dict[str, set[str]] = {"present": set(), "absent": set(), "unclear": set()}
    for hit in hits:
        outcome = _OUTCOME.get((hit.kind, hit.cue))
        if outcome is not None:
            found[outcome].add(hit.key)
    present = found["present"]
    # A fall followed by severe pain is E1's "fall, then severe hip pain": after a
    # fall, severe pain is sudden by definition.
    if "trauma_fall" in present and _SEVERE_PAIN.search(norm):
        present.add("sudden_severe_pain")
    # Safety: any mention of self-harm that is not denied counts, hedged or not.
    present |= found["unclear"] & SAFETY_FIRST_KEYS
    unclear = found["unclear"] - present
    absent = found["absent"] - present - unclear
    stage = _stage(norm)
    week = _pregnancy_week(norm) if stage == "pregnant" else None
    return Extraction(
        present=present,
        absent=absent,
        unclear=unclear,
        stage=stage,
        pregnancy_week=week,
        clinician_urgency=_clinician_urgency(norm),
    )
