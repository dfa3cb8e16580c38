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

try:  # the regex parser is private; it is only used to speed matching up
    from re import _parser as _sre_parse  # type: ignore[attr-defined]
except ImportError:  # Python < 3.11
    import sre_parse as _sre_parse

__all__ = ["Extraction", "extract"]

_SEVERE_PAIN = re.compile(
    r"\b(?:excruciating|agony|agonis|agoniz|unbearable|worst pain|severe pain"
    r"|terrible pain|horrendous pain|screaming in pain|screaming with pain)"
)

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

_TYPOS: dict[str, str] = {
    # bleeding
    "bleading": "bleeding",
    "bleeing": "bleeding",
    "bleding": "bleeding",
    "bledding": "bleeding",
    "bleedin": "bleeding",
    "bleedng": "bleeding",
    "blleding": "bleeding",
    # contractions / tightenings
    "contractons": "contractions",
    "contractins": "contractions",
    "contactions": "contractions",
    "contrations": "contractions",
    "contration": "contraction",
    "contractios": "contractions",
    "contrctions": "contractions",
    "contracions": "contractions",
    "contractionss": "contractions",
    "tightning": "tightening",
    "tightnings": "tightenings",
    "tigthening": "tightening",
    "tightenning": "tightening",
    "tightenin": "tightening",
    # breathing
    "brething": "breathing",
    "breathig": "breathing",
    "breating": "breathing",
    "breahting": "breathing",
    "brathing": "breathing",
    "breathin": "breathing",
    "breth": "breath",
    "braeth": "breath",
    "brethe": "breathe",
    "breathe": "breathe",
    # fever / temperature
    "fevr": "fever",
    "fevor": "fever",
    "fver": "fever",
    "feaver": "fever",
    "fevar": "fever",
    "feverr": "fever",
    "fevre": "fever",
    "temprature": "temperature",
    "temperture": "temperature",
    "tempreture": "temperature",
    "temperatur": "temperature",
    "temperatue": "temperature",
    "tempature": "temperature",
    "tempurature": "temperature",
    # numbness / swelling
    "numbnes": "numbness",
    "numbess": "numbness",
    "numness": "numbness",
    "numbnesss": "numbness",
    "numbeness": "numbness",
    "numm": "numb",
    "swolen": "swollen",
    "swollon": "swollen",
    "swollan": "swollen",
    "swolled": "swollen",
    "sollen": "swollen",
    "sweling": "swelling",
    "swellin": "swelling",
    "swellling": "swelling",
    # pregnancy and birth
    "pregnent": "pregnant",
    "pregant": "pregnant",
    "pregnat": "pregnant",
    "prengant": "pregnant",
    "pragnant": "pregnant",
    "pregnint": "pregnant",
    "pregnanat": "pregnant",
    "preggnant": "pregnant",
    "pregnan": "pregnant",
    "preg": "pregnant",
    "prego": "pregnant",
    "pregs": "pregnant",
    "postpartem": "postpartum",
    "postpartun": "postpartum",
    "postpartrum": "postpartum",
    "csection": "c section",
    "csec": "c section",
    "cesarian": "caesarean",
    "ceasarean": "caesarean",
    "caesarian": "caesarean",
    "cesarean": "caesarean",
    "delivary": "delivery",
    "breastfeading": "breastfeeding",
    "brestfeeding": "breastfeeding",
    "breasfeeding": "breastfeeding",
    "breastfeding": "breastfeeding",
    "breatfeeding": "breastfeeding",
    "breastfeedin": "breastfeeding",
    "breastfeeeding": "breastfeeding",
    "babys": "baby",
    "bubbas": "bubba",
    "movments": "movements",
    "movemnts": "movements",
    "movemets": "movements",
    "moveing": "moving",
    "kiks": "kicks",
    "kickin": "kicking",
    "midwif": "midwife",
    "midwive": "midwife",
    # other symptoms
    "headach": "headache",
    "hedache": "headache",
    "headahce": "headache",
    "headace": "headache",
    "headake": "headache",
    "vison": "vision",
    "visoin": "vision",
    "blury": "blurry",
    "blurr": "blurry",
    "paracetemol": "paracetamol",
    "paracetmol": "paracetamol",
    "parcetamol": "paracetamol",
    "paracetamool": "paracetamol",
    "paracetamal": "paracetamol",
    "paracetomol": "paracetamol",
    "parecetamol": "paracetamol",
    "painkiller": "painkillers",
    "dizy": "dizzy",
    "shivvering": "shivering",
    "shivring": "shivering",
    "shiverring": "shivering",
    "sudenly": "suddenly",
    "suddently": "suddenly",
    "suddnly": "suddenly",
    "sudently": "suddenly",
    "suden": "sudden",
    "wieght": "weight",
    "weigth": "weight",
    "weigt": "weight",
    "walkin": "walking",
    "tummmy": "tummy",
    "stomache": "stomach",
    "stomch": "stomach",
    "chets": "chest",
    "unbearible": "unbearable",
    "unberable": "unbearable",
    "unbareable": "unbearable",
    "excrutiating": "excruciating",
    "excruciting": "excruciating",
    "excrusiating": "excruciating",
    "leeking": "leaking",
    "leacking": "leaking",
    "leakin": "leaking",
    "incontinance": "incontinence",
    "suicidle": "suicidal",
    "sucidal": "suicidal",
    "suicdal": "suicidal",
    "emergancy": "emergency",
    "ambulence": "ambulance",
    "ambulanse": "ambulance",
    "hosptial": "hospital",
    "hospitel": "hospital",
    "hopsital": "hospital",
    "hosp": "hospital",
    "fourty": "forty",
    "terible": "terrible",
    "terrable": "terrible",
    "terribe": "terrible",
    "horible": "horrible",
    "horrable": "horrible",
    "awfull": "awful",
    "sever": "severe",
    "severly": "severely",
    "realy": "really",
    "relly": "really",
    "swollow": "swollen",
    # chat spellings
    "cnt": "cant",
    "carnt": "cant",
    "cannt": "cant",
    "caint": "cant",
    "cantt": "cant",
    "dnt": "dont",
    "didnt": "didnt",
    "havnt": "havent",
    "hvnt": "havent",
    "isnt": "isnt",
    "doesent": "doesnt",
    "dosent": "doesnt",
    "dosnt": "doesnt",
    "wasnt": "wasnt",
    "coz": "because",
    "cuz": "because",
    "bcos": "because",
    "bc": "because",
    "abt": "about",
    "u": "you",
    "ur": "your",
    "r": "are",
    "pls": "please",
    "plz": "please",
    "mw": "midwife",
    "docs": "doctors",
}

_UNITS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
}
_TEENS = {
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40}

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


def _number_word(match: re.Match[str]) -> str:
    if match.group(3):
        return str(_TEENS[match.group(3)])
    value = _TENS[match.group(1)]
    if match.group(2):
        value += _UNITS[match.group(2)]
    return str(value)


def _normalise(text: str) -> str:
    """Lower case, plain ASCII, no apostrophes, typos fixed, single spaces."""
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(char for char in text if not unicodedata.combining(char))
    text = _APOSTROPHES.sub("", text)
    text = text.replace("\u00b0", " ")
    text = re.sub(r"[-\u2010-\u2015_]", " ", text)
    text = _DROP.sub(" ", text)
    text = _SPACES.sub(" ", text)
    text = _SPLIT_NT.sub(r"\1t", text)
    text = re.sub(r"\bi m\b", "im", text)
    text = _WORD.sub(lambda m: _TYPOS.get(m.group(), m.group()), text)
    text = _NUMBER_WORDS.sub(_number_word, text)
    text = _AE.sub("a&e", text)
    text = text.replace("\n", " . ")
    return _SPACES.sub(" ", text).strip()


# ----------------------------------------------------------------------- patterns

# Fragments used inside the patterns as <NAME>.
_FRAGMENTS: dict[str, str] = {
    "CANT": (
        r"(?:cant|cannot|can not|couldnt|could not|unable to|not able to"
        r"|no longer able to|can no longer|cant even|cannot even|couldnt even"
        r"|wasnt able to|werent able to|isnt able to|havent been able to"
        r"|hasnt been able to|not been able to)"
    ),
    "BABY": (
        r"(?:the |my |our |her )?(?:baby|babe|bubba|bub|bubs|little one|lo|fetus"
        r"|foetus)"
    ),
    "LIMB": r"(?:leg|calf|thigh|shin)",
    "LEGS": r"(?:leg|legs|foot|feet|thigh|thighs|calf|calves|knee|knees|toes)",
    "TUM": r"(?:tummy|abdominal|abdomen|stomach|belly|bump|womb|uterus|uterine)",
    "MEDS": (
        r"(?:paracetamol|painkillers|pain killers|pain killer|pain relief|pain meds"
        r"|pain medication|medication|medicine|meds|tablets|pills|tylenol"
        r"|acetaminophen|co codamol|cocodamol|codeine|ibuprofen|dihydrocodeine"
        r"|tramadol|morphine|oramorph|naproxen|anything|rest|resting|lying down)"
    ),
    "NOTNEG": (
        r"(?:(?!(?:doesnt|dont|isnt|arent|wont|didnt|not|never|no|hasnt|havent"
        r"|barely|hardly|wasnt|werent|cant|cannot|nothing)\b)[a-z]+ )?"
    ),
    "INTENSE": (
        r"(?:really|very|so|extremely|terribly|awfully|seriously|properly|incredibly"
        r"|super|quite|too)"
    ),
}


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


_SPECS: tuple[_Spec, ...] = (
    # ---------------------------------------------------------- cannot_bear_weight
    _spec(
        "cannot_bear_weight",
        "present",
        r"<CANT> (?:put|bear|take|place|carry|hold|support) (?:any |much |full |my "
        r"|her |his |the |proper |enough )?(?:body )?weight",
        r"<CANT> (?:weight ?bear|weightbear)",
        r"<CANT> (?:stand|walk|move|hobble|step|get up|get out of bed"
        r"|get off the (?:sofa|couch|bed)|get to the (?:toilet|loo|bathroom))",
        r"<CANT> put (?:my|her|his|the|that|any) (?:foot|leg) "
        r"(?:down|on the (?:floor|ground))",
        r"(?:barely|hardly|scarcely|just about) (?:able to )?(?:walk|walking|stand"
        r"|standing|move|moving|hobble|put weight|bear weight|weight bear"
        r"|get around|get up)",
        r"(?:can|could) only (?:walk|stand|move|get around|hobble|get up) "
        r"(?:with|using|by|holding|if|when|a few|a couple|few|\d|a step|one step|on)",
        r"(?:walk|walking|walks|move|moving|get around|getting around|stand|standing"
        r"|hobble|hobbling|shuffle|shuffling) (?:[a-z]+ )?(?:only |but only )?"
        r"(?:with|using|on) (?:the help of |help from |the )?(?:help|crutches"
        r"|a crutch|crutch|a stick|a cane|stick|cane|a walker|walker|a frame"
        r"|a zimmer|zimmer|support|assistance|someone|my husband|my partner"
        r"|my mum|my mom|holding)",
        r"(?:hold|holding|hang on|hanging on|hang onto|grab|grabbing|lean on"
        r"|leaning on|cling|clinging|grip|gripping|use|using) (?:on to |onto |on |to )?"
        r"(?:the |my |our )?(?:furniture|walls|wall|things|chairs|chair|tables|table"
        r"|counters|counter|sofa|couch|rails|rail|bannisters|banister|bannister"
        r"|door frames|everything) to (?:walk|move|get around|stand|get up)",
        r"(?:hold|holding|hang|hanging|cling|clinging|lean|leaning) (?:on to |onto "
        r"|on )(?:the |my )?(?:furniture|walls|wall)",
        r"<CANT> walk without (?:help|crutches|a crutch|a stick|a cane|support"
        r"|assistance|holding|someone|a frame|a walker|my husband|my partner)",
        r"(?:in a|need a|needs a|using a|use a|stuck in a) wheelchair",
        r"bed ?bound|stuck in bed|confined to bed",
        r"collaps(?:e|es|ed|ing) (?:[a-z]+ ){0,2}?(?:when|if|as soon as|whenever|once) "
        r"(?:i |she )?(?:stand|stood|put weight|walk|try|tried)",
        r"(?:walk|walking|manage|managed) (?:only )?(?:a few|a couple of|few|1|2|3"
        r"|one|two|three) steps",
        r"(?:leg|hip|it) (?:wont|will not|doesnt|does not|cant|cannot) (?:take|hold"
        r"|carry|bear|support) (?:my |any |the |her )?weight",
        r"non weight bearing|not weight bearing|impossible to (?:walk|stand"
        r"|put weight)|no way (?:i|she) can (?:walk|stand|put weight)",
        r"(?:crawl|crawling|crawled) (?:to|around|up)",
    ),
    _spec(
        "cannot_bear_weight",
        "block",
        r"<CANT> stand (?:it|this|that|the pain|the thought|the noise|him|her|them"
        r"|being|how)",
        r"<CANT> (?:walk|stand|move) (?:far|long|for long|very far|as far|as long"
        r"|fast|quickly|as fast|very long|for more than|more than|up ?stairs|upstairs"
        r"|down ?stairs|uphill|the dog|my dog|without (?:pain|it hurting"
        r"|discomfort))",
        r"<CANT> move (?:on|forward|past|house|out)",
    ),
    _spec(
        "cannot_bear_weight",
        "unclear",
        r"(?:can|could) (?:sort of|kind of|kinda|sorta|sometimes|partly|partially"
        r"|only sometimes|a little|a bit|just|still just) (?:walk|stand|put weight"
        r"|bear weight|get around)",
        r"<CANT> (?:walk|stand) (?:properly|normally|right|well|straight|very well"
        r"|much|without limping)",
        r"(?:not|isnt|arent) (?:walking|standing) (?:properly|normally|right|well"
        r"|straight)",
        r"(?:hard|difficult|tough|agony|agonising|agonizing|excruciating)"
        r"(?: for me)? to (?:walk|stand|put weight|bear weight|weight bear|get up)",
        r"(?:difficulty|difficulties|trouble|problems|problem|struggle|struggling"
        r"|struggles|issues) (?:with )?(?:walking|standing|putting weight"
        r"|bearing weight|weight bearing|getting up)",
        r"struggl(?:e|es|ing) to (?:walk|stand|put weight|bear weight|get up|move)",
    ),
    _spec(
        "cannot_bear_weight",
        "absent",
        r"can (?:still |now |easily |also |definitely )?(?:walk|stand|put weight"
        r"|bear weight|weight bear|get around|move around)",
        r"(?:able|managing|manage) to (?:walk|stand|put weight|bear weight"
        r"|get around)",
        r"(?:walking|weight bearing|standing) (?:ok|okay|fine|alright|normally"
        r"|normal|well|unaided|independently|without (?:help|crutches|a problem"
        r"|problems|any problems|difficulty))",
        r"(?:walking|standing|weight bearing) (?:is|s) (?:ok|okay|fine|alright"
        r"|normal|no problem|not a problem|possible)",
        r"still (?:walking|on my feet|getting around|mobile)",
        r"no (?:problem|problems|trouble|issue|issues|difficulty) (?:with )?"
        r"(?:walking|standing|putting weight|bearing weight|weight bearing)",
        r"walk (?:fine|ok|okay|normally)",
    ),
    # ------------------------------------------------------------ progressive_pain
    _spec(
        "progressive_pain",
        "present",
        r"(?:getting|get|gets|got|gotten|become|becoming|became|grown|growing|going"
        r"|gone) (?:[a-z]+ )?(?:worse|worser|more painful|more severe|more intense"
        r"|stronger|more sore)",
        r"(?:hurts|hurting|aches|pain|sore|painful) (?:a bit |even |much |a lot "
        r"|a little )?more (?:every|each|by the|from day to|from week to) (?:day"
        r"|week|night)",
        r"more and more (?:painful|sore|pain)",
        r"worse (?:and worse|every (?:day|week|night|morning)|each (?:day|week)"
        r"|by the (?:day|week|hour)|day by day|week by week|than (?:before"
        r"|last week|yesterday|a week ago|it was|ever)|over (?:time|the (?:last"
        r"|past) (?:few )?(?:days|weeks)))",
        r"worsening|worsened|deteriorat(?:ing|ed|es)|progressively|progressing"
        r"|progressive|escalating",
        r"(?:more|increasingly) (?:and more )?(?:painful|sore|severe|intense|bad) "
        r"(?:each|every|by the|day by|week by|over)",
        r"(?:pain|it|hip|ache|aching|discomfort) (?:is |has been |keeps |kept "
        r"|just keeps |seems to be )?(?:increasing|intensifying|building up"
        r"|getting stronger|spreading)",
        r"increasing(?:ly)? (?:[a-z]+ )?pain|(?:keeps|keep|kept) getting worse",
        r"(?:much|way|a lot|even|far) worse|worse now|bad to worse",
    ),
    _spec(
        "progressive_pain",
        "block",
        r"(?:gets|get|is|its|feels|much|a lot|way|even|far) (?:[a-z]+ )?"
        r"(?:worse|more painful) (?:when|if|whenever|on|with|after|as|at|in the"
        r"|during|while|first)",
    ),
    _spec(
        "progressive_pain",
        "absent",
        r"(?:about|pretty much|more or less|stays|staying|stayed) the same",
        r"stable|steady|no worse|no change|not changed|hasnt changed|unchanged",
        r"still the same",
    ),
    _spec(
        "progressive_pain not_improving",
        "absent",
        r"(?:getting|got|gotten|feeling|feels|slowly getting|gradually getting) "
        r"(?:a bit |a little |a lot |much |slightly )?better",
        r"improving|improved|improvement|on the mend|easing off|settling down",
        r"(?:a lot|much|slightly|a bit|lots|way) better",
    ),
    _spec(
        "progressive_pain not_improving",
        "block",
        r"(?:better|improves|improving|eases) (?:when|with|if|after|while|whilst"
        r"|once) (?:i |she )?(?:rest|sit|lie|lying|sitting|resting|take|am|put)",
    ),
    # ---------------------------------------------------------------- trauma_fall
    _spec(
        "trauma_fall",
        "present",
        r"fell|fallen|falling (?:over|down|off|from|onto|on|again)"
        r"|(?:keep|keeps|kept) falling",
        r"falls?(?! asleep| pregnant| apart| in love| back to sleep| into)",
        r"tripped|trip (?:over|on|up)|slipped(?! dis[ck])|slip (?:on|over|down)"
        r"|stumbled|tumbled|took a tumble|lost (?:my|her) (?:balance|footing)"
        r"|missed a step|went over on",
        r"(?:was in|been in|had) (?:a |an )?(?:accident|car accident|car crash|crash"
        r"|collision)|car (?:accident|crash)|(?:knocked|pushed) (?:over|down)"
        r"|hit by (?:a )?(?:car|bike|van)",
        r"(?:hit|banged|bumped|knocked|smashed|whacked|injured|twisted|jarred) "
        r"(?:my|her) (?:hip|leg|pelvis|thigh|knee|bum|side|back|groin)",
        r"injury|injuries|injured|trauma",
    ),
    _spec(
        "trauma_fall",
        "block",
        r"(?:fell|fallen|fall|falls|falling) (?:asleep|pregnant|apart|in love|ill"
        r"|sick|behind|back to sleep|short|silent|through|into)",
        r"(?:scared|afraid|worried|fear|frightened|terrified|nervous|anxious|scare"
        r"|risk|danger|chance|prevent|avoid|stop|in case) (?:of |about |that |to )?"
        r"(?:[a-z]+ ){0,3}?(?:fall|falling|falls|trip|tripping|slip|slipping)",
        r"(?:might|will|could|may|going to|gonna|about to|would|ill) (?:[a-z]+ )?"
        r"(?:fall|trip|slip)",
        r"birth trauma|traumatic (?:birth|delivery|labour|labor)|emotional trauma",
    ),
    _spec(
        "trauma_fall",
        "absent",
        r"(?:for )?no (?:obvious |apparent |particular |real )?reason"
        r"|out of (?:nowhere|the blue)|(?:on|by) its own|by itself|nothing happened",
    ),
    # -------------------------------------------------------- sudden_severe_pain
    _spec(
        "sudden_severe_pain",
        "present",
        r"felt (?:a |something |it )?(?:crack|snap|pop|break|give|tear|rip|crunch"
        r"|clunk)",
        r"(?:heard|hear) (?:a |something )?(?:crack|snap|pop|crunch)",
        r"(?:hip|leg|bone|something|femur|pelvis) (?:[a-z]+ )?(?:cracked|snapped"
        r"|popped|broke|crunched|gave)",
        r"(?:a |loud )?(?:crack|snap|crunch)(?:ing)? (?:sound|noise)",
        r"sudden(?:ly)? (?:[a-z]+ ){0,2}?(?:severe|sharp|agonising|agonizing"
        r"|excruciating|intense|terrible|awful|horrible|extreme|unbearable|stabbing"
        r"|agony|worse|shooting|bad|huge|massive)",
        r"(?:severe|sharp|agonising|agonizing|excruciating|intense|stabbing|extreme"
        r"|terrible|awful|shooting|horrendous) (?:[a-z]+ )?(?:pain|ache|agony) "
        r"(?:[a-z]+ ){0,3}?(?:suddenly|all of a sudden|out of nowhere"
        r"|out of the blue)",
        r"all of a sudden (?:[a-z]+ ){0,3}?(?:pain|agony|severe|sharp|hurts"
        r"|hurting|excruciating|worse)",
        r"(?:pain|agony) (?:[a-z]+ ){0,2}?(?:came on|started|hit|began) (?:[a-z]+ )?"
        r"(?:suddenly|all of a sudden|out of nowhere|out of the blue)",
    ),
    _spec(
        "sudden_severe_pain",
        "absent",
        r"gradual|gradually|came on slowly|built up slowly|crept up",
    ),
    # ----------------------------------------------------------------------- fever
    _spec(
        "fever",
        "present",
        r"fever|fevers|feverish|fevery|febrile|pyrexi[a-z]*",
        r"(?:high|raised|spiking|spiked) (?:temp|temperature)",
        r"(?:a|running a|got a|have a|had a|with a|spiking a) (?:high |slight "
        r"|bit of a |raised |mild )?(?:temp|temperature)"
        r"(?! (?:of|is|was|at|reading) (?:3[0-7]|9\d))",
        r"(?:temp|temperature|thermometer)(?: [a-z]+){0,3}? (?:3[89]|4[0-2])"
        r"(?:\.\d+)?(?! ?(?:weeks|week|wks|wk|w\b|\+|days|hours|years))",
        r"(?:3[89]|4[0-2])(?:\.\d+)? ?(?:c|celsius|degrees|deg)(?! section)",
        r"(?:100\.[4-9]|10[1-6](?:\.\d+)?) ?(?:f|fahrenheit|degrees)",
        r"hot and (?:shivery|shaky|cold|sweaty|clammy)|burning up|chills|rigors",
    ),
    _spec(
        "fever",
        "block",
        r"hay fever|cabin fever|fever dream",
    ),
    _spec(
        "fever",
        "absent",
        r"(?:temp|temperature)(?: [a-z]+){0,3}? (?:3[4-7](?:\.\d+)?"
        r"|9[5-9](?:\.\d+)?)(?! ?(?:weeks|week|wks|wk|w\b|\+))",
        r"(?:temp|temperature) (?:is |was |has been |s )?(?:normal|fine|ok|okay"
        r"|good|down|alright)|normal (?:temp|temperature)",
    ),
    # ----------------------------------------------------------- hot_swollen_joint
    _spec(
        "hot_swollen_joint",
        "present",
        r"(?:hip|hips|joint|knee|groin)(?: joint| area)? (?:is |are |feels |looks "
        r"|has gone |went |got |seems |s )?(?:very |really |quite |so |all |a bit "
        r"|bright )?(?:hot|warm|red|swollen|inflamed|puffy)(?:,? (?:and )?(?:hot"
        r"|warm|red|swollen|inflamed|tender|puffy)){0,3}",
        r"(?:hot|warm|red|swollen|inflamed|puffy)(?:,? (?:and )?(?:hot|warm|red"
        r"|swollen|inflamed|tender|puffy)){0,3} (?:hip|hips|joint|knee|groin)",
        r"(?:it|its|it is|area|skin)(?: is| s)? (?:very |really |quite |so |all )?"
        r"(?:hot|warm|red) and (?:swollen|red|hot|inflamed|puffy)",
        r"(?:swelling|redness|heat|warmth) (?:in|over|around|of) (?:my |her |the )?"
        r"(?:hip|hips|joint|knee|groin)",
    ),
    _spec(
        "hot_swollen_joint",
        "block",
        r"hot (?:pain|poker|burning|stabbing)|(?:hot|warm) (?:water|bath|shower"
        r"|compress|pack|bottle|towel)",
    ),
    _spec(
        "hot_swollen_joint",
        "absent",
        r"(?:hip|joint|knee|groin) (?:isnt|is not|not|doesnt look|doesnt feel"
        r"|does not look|does not feel)(?: [a-z]+)? (?:hot|red|swollen|warm"
        r"|inflamed|puffy)",
        r"(?:hip|joint|knee|groin) (?:looks|seems) (?:normal|fine|ok|okay)",
    ),
    _spec("hot_swollen_joint", "negonly", r"swelling|swollen|redness", weak=True),
    # ----------------------------------------------------- unilateral_leg_swelling
    _spec(
        "unilateral_leg_swelling",
        "present",
        r"(?:(?:one|1|a|my left|my right|her left|her right|the left|the right"
        r"|left|right|my|her|the|that|this) )?<LIMB>(?!s) (?:is |has |looks |feels "
        r"|got "
        r"|has got |has gone |went |seems |s )?(?:very |really |quite |so |a bit "
        r"|all |massively |more |visibly )?(?:swollen|swelling|puffy|puffed up"
        r"|bigger|larger|fatter|thicker|enlarged)",
        r"(?:one|1|my left|my right|her left|her right|the left|the right|left"
        r"|right) (?:ankle|foot) (?:is |looks |s )?(?:very |really |so |a bit )?"
        r"(?:swollen|puffy|bigger|fatter)",
        r"(?:swollen|puffy|enlarged|swelling (?:in|of|on)) (?:my |her |the |one "
        r"|only one )?(?:left |right )?<LIMB>(?!s)",
        r"(?:one|1) of (?:my|her|the) (?:legs|calves|ankles|thighs) (?:is |looks "
        r"|feels |has |got )?(?:very |really |quite |so |a bit |all )?(?:swollen"
        r"|swelling|puffy|bigger|larger|fatter)",
        r"(?:swelling|swollen) (?:[a-z]+ )?(?:in|on) (?:one|only one|1) (?:leg|side"
        r"|calf|ankle|foot)",
        r"(?:leg|calf|thigh|ankle|foot) (?:is |looks |feels )?(?:much |a lot |way "
        r"|visibly )?(?:bigger|larger|fatter|thicker|more swollen|puffier) than "
        r"(?:the |my |her )?(?:other|left|right)",
        r"(?:one|1) (?:swollen|puffy|fat|big|bigger|enlarged) (?:leg|calf|thigh"
        r"|ankle|foot)",
        r"(?:left|right|one|my|her) (?:calf|leg|thigh) (?:is )?(?:red|hot|warm"
        r"|tender|painful|sore|hurts|aching)(?: [a-z]+)? (?:and|with) (?:swollen"
        r"|swelling|red|hot|warm|puffy)",
        r"(?:calf|leg) (?:pain|ache|tenderness) (?:and|with) (?:swelling|redness)",
        r"(?:dvt|deep vein thrombosis)|clot in (?:my |her |the )?(?:leg|calf|thigh)",
    ),
    _spec(
        "unilateral_leg_swelling",
        "block",
        r"(?:legs|ankles|feet|calves|hands|hand|fingers|face|eyes|eyelids|lips"
        r"|gums|breasts|breast|boobs|nipples|belly|tummy|stomach|bump|vulva|labia"
        r"|stitches|scar|wound|glands|lymph nodes|hip|hips|joint|knee|groin)"
        r"(?: [a-z]+){0,3}? (?:swollen|swelling|puffy)",
        r"(?:swollen|swelling|puffy|puffiness) (?:[a-z]+ ){0,2}?(?:legs|ankles|feet"
        r"|calves|hands|hand|fingers|face|eyes|eyelids|lips|gums|breasts|breast"
        r"|boobs|nipples|belly|tummy|stomach|bump|stitches|scar|wound|glands|hip"
        r"|hips|joint|knee|groin)",
        r"both (?:my |her |of my )?(?:legs|leg|calves|calf|ankles|feet)"
        r"(?: [a-z]+){0,3}? (?:swollen|swelling|puffy)",
        r"history of (?:a )?(?:dvt|clot|clots)|(?:dvt|clot) (?:risk|injections"
        r"|jab|jabs|prevention|stockings)",
    ),
    _spec(
        "unilateral_leg_swelling",
        "unclear",
        r"swollen|swelling|swelled|puffy|puffiness",
        weak=True,
    ),
    _spec(
        "unilateral_leg_swelling",
        "absent",
        r"(?:legs|both legs|calves|ankles) (?:look |are |look the )?(?:the same"
        r"|same size|equal|symmetrical)",
    ),
    # ---------------------------------------------------------------- chest_pain
    _spec(
        "chest_pain",
        "present",
        r"chest (?:pain|pains|ache|aching|tightness|pressure|discomfort|hurts"
        r"|is hurting|hurting|is sore|feels tight|is tight|feels heavy|is painful)",
        r"pains? (?:in|across|on|around) (?:my |her |the |the middle of my )?chest",
        r"tight(?:ness)? (?:in|across) (?:my |her |the )?chest|tight chest",
        r"coughing (?:up )?blood|cough(?:ed|ing)? up blood",
        r"(?:hurts|painful|pain) (?:to|when i|when|on) breath(?:e|ing)(?: in)?"
        r"|breathing in (?:hurts|is painful)",
    ),
    # ------------------------------------------------------------ breathlessness
    _spec(
        "breathlessness",
        "present",
        r"<CANT> (?:breathe|breath|breathing|catch (?:my|her) breath"
        r"|get (?:my |her )?breath"
        r"|get enough air|get air)",
        r"(?:struggling|struggle|struggles|fighting|gasping) (?:to |for )?"
        r"(?:breathe|breath|air)",
        r"(?:hard|difficult|difficulty|trouble|problems|struggling) (?:to |with "
        r"|in )?(?:breathe|breathing)",
        r"short(?:ness)? of breath|out of breath|breathless(?:ness)?|gasping",
        r"(?:breathing|breath) (?:is |feels |has been )?(?:very |really |so )?"
        r"(?:hard|difficult|fast|rapid|heavy|laboured|labored|shallow|short)",
        r"(?:fast|rapid|laboured|labored|shallow) breathing",
    ),
    _spec(
        "breathlessness",
        "block",
        r"breathing (?:exercises|techniques|through)|breathe (?:through|into)",
    ),
    _spec(
        "breathlessness",
        "absent",
        r"breathing (?:is )?(?:fine|ok|okay|normal|normally|alright|good)"
        r"|can breathe (?:fine|ok|okay|normally)",
    ),
    # --------------------------------------------------------- saddle_anaesthesia
    _spec(
        "saddle_anaesthesia",
        "present",
        r"(?:numb|numbness|no feeling|no sensation|lost (?:the )?(?:feeling"
        r"|sensation)|loss of (?:feeling|sensation)|tingling|tingly"
        r"|pins and needles) (?:[a-z]+ )?(?:between (?:my |her |the )?legs"
        r"|down there|(?:around|in|on|of) (?:my |her |the )?(?:bottom|bum"
        r"|back passage|anus|butt|buttocks|vagina|vulva|genitals|private parts"
        r"|privates|private area|saddle area|crotch|perineum|inner thighs))",
        r"(?:my |her )?(?:bottom|bum|anus|vagina|vulva|genitals|private parts"
        r"|privates|crotch|perineum|down there) (?:is |are |feels |has gone |went "
        r"|gone )?(?:completely |totally |all |a bit )?(?:numb|tingly|dead)",
        r"<CANT> feel (?:[a-z]+ ){0,2}?(?:toilet (?:paper|roll|tissue)|tissue"
        r"|wiping|when i wipe|myself wipe|the paper|my bottom|my bum|down there"
        r"|my vagina|my private|between my legs)",
        r"saddle (?:numbness|anaesthesia|anesthesia)",
    ),
    _spec(
        "saddle_anaesthesia",
        "negonly",
        r"numb|numbness|tingling|pins and needles",
        weak=True,
    ),
    # -------------------------------------------------- bladder_bowel_dysfunction
    _spec(
        "bladder_bowel_dysfunction",
        "present",
        r"<CANT> (?:pee|wee|urinate|pass urine|pass water|empty (?:my |her )?bladder"
        r"|go for a (?:pee|wee))",
        r"(?:wet|peed|weed|soiled|pooed|pooped|pood|messed|wetting|peeing|weeing"
        r"|pooing|soiling) (?:myself|herself|my pants|my knickers|the bed"
        r"|my underwear|her pants)",
        r"(?:leaking|leaked|leaks|leak|leakage of|losing|dribbling) (?:[a-z]+ )?"
        r"(?:urine|pee|wee)",
        r"(?:urine|pee|wee|bladder|bowel|faecal|fecal|urinary) (?:leaking|leakage"
        r"|leaks|incontinence|accident|accidents)|incontinence|incontinent",
        r"<CANT> (?:control|hold|feel) (?:my |her )?(?:bladder|bowels|bowel|pee|wee"
        r"|urine|poo|stool)",
        r"(?:lost|losing|loss of|no) control (?:of|over) (?:my |her )?(?:bladder"
        r"|bowels|bowel|pee|wee|urine|poo)",
        r"(?:havent|have not|hasnt|has not|didnt) (?:been able to )?(?:peed|weed"
        r"|urinated|passed urine|passed water|had a pee|had a wee|been for a pee"
        r"|been for a wee)",
        r"(?:dont|cant|didnt|do not|cannot) (?:know|tell|feel|realise|realize"
        r"|notice) when (?:i|she) (?:need|needs|want|am|is) (?:to )?(?:pee|wee"
        r"|go to the toilet|peeing|weeing)",
        r"urinary retention|retention of urine|(?:bladder|bowel) (?:problems"
        r"|dysfunction|issues)",
    ),
    _spec(
        "bladder_bowel_dysfunction",
        "block",
        r"(?:leak[a-z]*|wet|peed|weed|wetting|dribbl[a-z]*|incontinence) "
        r"(?:[a-z]+ ){0,3}?(?:when|if|whenever|as) (?:i |she )?(?:cough|sneez"
        r"|laugh|jump|run|lift|exercis)[a-z]*",
        r"stress incontinence",
    ),
    _spec(
        "bladder_bowel_dysfunction",
        "unclear",
        r"(?:cant|cannot|struggling to|struggle to|difficulty|trouble|hard to) "
        r"(?:poo|poop|open (?:my |her )?bowels|go to the toilet|use the toilet)",
    ),
    # ---------------------------------------------------- leg_weakness_numbness
    _spec(
        "leg_weakness_numbness",
        "present",
        r"(?:(?:my|her|the|one|both|left|right|that) ){0,2}<LEGS> (?:is |are "
        r"|feels |feel |has gone |have gone |went |keeps going |goes |gone "
        r"|getting |feeling |seems )?(?:very |really |so |a bit |completely "
        r"|totally |all )?(?:weak|numb|dead|floppy|tingly)",
        r"(?:weak|weakness|numb|numbness|no feeling|loss of (?:feeling|sensation)"
        r"|tingling|tingly|pins and needles) (?:in|of|down|on) "
        r"(?:(?:my|her|the|one|both|left|right|that) ){0,2}<LEGS>",
        r"foot drop|drop foot|dropped foot|(?:foot|leg|toes) (?:is |keeps |are )?"
        r"(?:dragging|flopping|slapping)|dragging (?:my |her )?(?:leg|foot)",
        r"<CANT> (?:move|feel|control) (?:my |her |the )?(?:left |right )?(?:foot"
        r"|leg|toes|legs|feet)",
        r"(?:legs|leg|knees|knee|hips|hip) (?:keep |keeps |kept |just |suddenly )?"
        r"(?:give|gives|giving|gave|go|goes|going|went) (?:way|out)",
        r"(?:legs|leg|knees|knee) (?:keep |keeps |kept |just |suddenly )?"
        r"buckl(?:e|es|ed|ing)",
    ),
    _spec(
        "leg_weakness_numbness",
        "block",
        r"thigh (?:[a-z]+ ){0,4}?(?:outside|outer|side)",
        r"(?:numb|numbness|tingling|tingly|burning|pins and needles) (?:[a-z]+ ){0,4}?"
        r"(?:outside|outer|side) of (?:my |her |the )?(?:left |right )?thigh",
        r"(?:hands|hand|fingers|finger|arms|arm|wrists|wrist|face|lips|lip|thumbs"
        r"|thumb)(?: [a-z]+){0,3}? (?:numb|numbness|tingling|tingly"
        r"|pins and needles)(?: and (?:numb|tingly|tingling))?",
        r"(?:numb|numbness|tingling|tingly|pins and needles) (?:[a-z]+ ){0,2}?"
        r"(?:hands|hand|fingers|finger|arms|arm|wrists|wrist|face|lips|lip|thumbs"
        r"|thumb)",
    ),
    _spec(
        "leg_weakness_numbness",
        "unclear",
        r"numb|numbness|tingling|tingly|pins and needles|weakness",
        weak=True,
    ),
    _spec(
        "leg_weakness_numbness",
        "unclear",
        r"<CANT> (?:lift|raise|bend) (?:my |her |the )?(?:left |right )?(?:foot|leg"
        r"|legs|feet|knee)",
        r"(?:legs|leg) (?:feel |feels |are |is )?(?:like jelly|wobbly|heavy)",
    ),
    _spec(
        "leg_weakness_numbness",
        "absent",
        r"(?:legs|leg|feet|foot) (?:feel |feels |are |is )?(?:strong|normal)",
        r"can feel (?:my |her )?(?:legs|leg|feet|toes|everything)",
    ),
    # ----------------------------------------------------------- vaginal_bleeding
    _spec(
        "vaginal_bleeding",
        "present",
        r"bleeding|bleed|bleeds|bled|haemorrhag[a-z]*|hemorrhag[a-z]*|spotting"
        r"|spots of blood",
        r"(?:passing|passed|big|large|huge) clots|blood clots",
        r"(?:blood|clots) (?:in|on) (?:my |her |the )?(?:pad|pads|pants|knickers"
        r"|underwear|sheets|bed|toilet|loo|toilet paper|tissue|liner)",
        r"(?:blood|bloody) (?:discharge|show|loss)",
        r"(?:soaking|soaked|soak|filling|changing) (?:[a-z]+ ){0,2}?(?:pad|pads)",
        r"blood (?:down there|from (?:my |her )?(?:vagina|down there)"
        r"|when i wipe|coming out)",
        r"heavy (?:loss|lochia)|lochia (?:is |has )?(?:heavy|heavier|red again"
        r"|bright red)",
    ),
    _spec(
        "vaginal_bleeding",
        "block",
        r"(?:nose|gum|gums|nipple|nipples|mouth|lip|finger|cut|piles|haemorrhoid"
        r"|haemorrhoids|hemorrhoid|hemorrhoids|wound|scar|stitches|tooth|teeth|ear"
        r"|skin|brain|internal|rectal|eye)(?: [a-z]+){0,2}? (?:bleeding|bleed"
        r"|bleeds|bled)",
        r"(?:bleeding|bleed|bleeds|bled|blood) (?:[a-z]+ ){0,2}?(?:from|in|on) "
        r"(?:my |her |the )?(?:nose|gums|nipples|nipple|mouth|lip|finger|cut|piles"
        r"|haemorrhoids|hemorrhoids|wound|scar|stitches|teeth|tooth|ear|eye|urine"
        r"|pee|wee|poo|stool|bum|bottom|back passage)",
        r"(?:bleeding|bleed|bleeds) (?:gums|gum|nose|nipples|nipple|piles"
        r"|haemorrhoids|hemorrhoids)",
        r"nose ?bleeds?|blood (?:test|tests|pressure|thinners|thinner|sugar|results"
        r"|count|work|transfusion|type|group)",
    ),
    _spec(
        "vaginal_bleeding",
        "unclear",
        r"(?:brown|brownish|pink|pinkish|blood ?stained|bloodstained|streaks of blood"
        r"|tinged) (?:[a-z]+ )?(?:discharge|mucus|stain|stains|staining)",
        r"(?:discharge|mucus) (?:[a-z]+ )?(?:brown|pink|blood tinged|streaked)",
    ),
    _spec(
        "vaginal_bleeding",
        "absent",
        r"(?:bleeding|blood loss|lochia) (?:has |had |have )?(?:stopped|settled"
        r"|finished|eased off|is normal|is light)",
    ),
    # -------------------------------------------------------------- contractions
    _spec(
        "contractions",
        "present",
        r"contractions|contraction|contracting|tightenings|tightening",
        r"(?:labour|labor) pains?|in (?:labour|labor)|going into (?:labour|labor)",
        r"(?:bump|tummy|belly|stomach|uterus|womb) (?:keeps |keeps on |is |keep )?"
        r"(?:going (?:hard|tight)|goes (?:hard|tight)|gets (?:hard|tight)"
        r"|getting (?:hard|tight)|went (?:hard|tight)|tightening|tightens"
        r"|tensing)",
        r"(?:regular|painful|strong) (?:cramps|cramping)",
    ),
    _spec(
        "contractions",
        "block",
        r"(?:muscle|pelvic floor|core|kegel|glute|abs|bowel|heart) (?:[a-z]+ )?"
        r"(?:contractions|contraction|tightening|contracting)",
        r"tightening (?:my |the |your )?(?:pelvic floor|core|muscles|glutes|belt"
        r"|support belt|strap|muscle|tummy muscles)",
    ),
    _spec(
        "contractions",
        "unclear",
        r"braxton ?hicks|practice contractions|practice tightenings",
        r"(?:period|period like|period type|menstrual)(?: [a-z]+)? (?:pain|pains"
        r"|cramps|cramp|cramping)",
        r"(?:tummy|belly|stomach|lower abdominal|abdominal|lower tummy) (?:cramps"
        r"|cramp|cramping)",
    ),
    # -------------------------------------------------------------- fluid_leakage
    _spec(
        "fluid_leakage",
        "present",
        r"waters? (?:have |has |had |just |already )?(?:broken|broke|gone|went|burst"
        r"|popped|released|leaking|leaked|leak|are leaking|is leaking"
        r"|started leaking|coming out|trickling)",
        r"(?:leaking|leak|leaked|leaks|leakage of|losing|lost|trickle of|trickling"
        r"|gush of|gushing|dribbling|dripping) (?:[a-z]+ )?(?:fluid|water|liquid"
        r"|amniotic)",
        r"(?:fluid|liquid) (?:[a-z]+ )?(?:leaking|coming out|trickling|gushing"
        r"|running down|dripping|pouring)",
        r"srom|pprom|rupture of (?:the )?membranes|ruptured membranes"
        r"|membranes (?:have )?ruptured",
        r"(?:gush|trickle|rush|pop) (?:of )?(?:water|fluid|liquid)",
    ),
    _spec(
        "fluid_leakage",
        "block",
        r"(?:leak[a-z]*|losing|lost) (?:[a-z]+ )?(?:breast ?milk|milk|colostrum"
        r"|urine|pee|wee)",
        r"water (?:weight|retention|infection|birth|pool|bottle)",
        r"leak[a-z]* (?:[a-z]+ ){0,3}?(?:when|if|whenever|as) (?:i |she )?(?:cough"
        r"|sneez|laugh|jump|run|lift|exercis)[a-z]*",
        r"(?:leaking|leaks|leak) (?:from )?(?:my )?(?:breasts|breast|nipples"
        r"|nipple|boobs)|(?:breasts|breast|boobs) (?:are |is )?leaking",
    ),
    _spec(
        "fluid_leakage",
        "unclear",
        r"waters? (?:might|may|could) (?:have )?(?:broken|broke|gone|be leaking"
        r"|be going|be broken)",
        r"(?:soaked|wet|damp) (?:my |her )?(?:pants|knickers|underwear|leggings"
        r"|pad)",
        r"watery (?:discharge|fluid|loss)|(?:lots of|a lot of|increased|more) "
        r"(?:watery |clear )?discharge",
    ),
    _spec("fluid_leakage", "unclear", r"leaking|leakage|leaks", weak=True),
    _spec(
        "fluid_leakage",
        "absent",
        r"waters? (?:havent|hasnt|have not|has not|didnt|not|are intact"
        r"|still intact|are fine)(?: (?:broken|gone|broke|yet|burst))?",
    ),
    # ---------------------------------------------------- reduced_fetal_movements
    _spec(
        "reduced_fetal_movements",
        "present",
        r"<BABY> (?:is |s |has been |seems |seems to be |was |been )?(?:moving"
        r"|kicking|wriggling|active) (?:a lot |much |way |so )?(?:less|fewer"
        r"|not as much|not much|hardly|barely|very little|slower|less often)",
        r"<BABY> (?:is |s |has been |was )?(?:hardly|barely|not really|not) "
        r"(?:moving|kicking|moved|kicked|active)",
        r"<BABY> (?:isnt|hasnt|has not|is not|wasnt|has stopped|stopped|not been"
        r"|didnt|doesnt|dont|does not|did not)(?: been)? (?:moving|kicking|moved"
        r"|kicked|move|kick|active|wriggling)",
        r"<BABY> (?:is |has been |s |seems |was )?(?:very |really |unusually "
        r"|much |so )?(?:quiet|quieter|less active|not active|not as active)",
        r"(?:havent|have not|hasnt|not|didnt|did not|cant|cannot|couldnt"
        r"|could not|dont|do not|no longer) (?:[a-z]+ )?(?:felt|feel|feeling"
        r"|noticed|notice) (?:any |my |the |much |many |a )?(?:baby|babe|bubba|bub"
        r"|little one|kicks|kick|movements|movement|kicking|moving)"
        r"(?: move| moving| kick| kicking| moved| kicked)?",
        r"(?:havent|have not|hasnt|not|didnt|did not|cant|cannot|couldnt"
        r"|could not|dont|do not|no longer) (?:[a-z]+ )?(?:felt|feel|feeling"
        r"|noticed|notice) (?:him|her|them|it) (?:move|moving|kick|kicking)",
        r"(?:less|fewer|reduced|decreased|no|not many|not much|not any|hardly any"
        r"|barely any|less frequent|weaker) (?:fetal |foetal |baby )?(?:movements"
        r"|movement|kicks|kicking|wriggles)"
        r"(?! (?:in|of|with) (?:my |her |the )?(?:hip|leg|joint|pelvis|arm|back))",
        r"(?:baby |fetal |foetal )(?:movements|movement|kicks|kicking) (?:have |has "
        r"|are |is )?(?:slowed|changed|reduced|decreased|stopped|less|weaker|fewer"
        r"|different)",
    ),
    _spec(
        "reduced_fetal_movements",
        "absent",
        r"<BABY> (?:is |s |has been |keeps |still |seems |was )?(?:still )?"
        r"(?:moving|kicking|wriggling|active|moves|kicks)(?: (?:fine|normally"
        r"|normal|well|a lot|lots|loads|plenty|all the time|as usual|like normal"
        r"|as normal|really well|constantly|around|about|happily|ok|okay))?",
        r"(?:good|normal|lots of|plenty of|loads of|regular|usual) (?:fetal "
        r"|foetal |baby )?(?:movements|movement|kicks|kicking)",
        r"(?:movements|kicks) (?:are |have been |is )?(?:normal|fine|good|ok|okay"
        r"|as usual|the same)",
        r"(?:feeling|feel|felt|can feel) (?:the |my )?(?:baby|him|her|them"
        r"|lots of|loads of|plenty of) (?:moving|move|kicking|kick|kicks|movements"
        r"|wriggling)",
    ),
    # ----------------------------------------------------------- severe_headache
    _spec(
        "severe_headache",
        "present",
        r"(?:severe|bad|terrible|awful|horrible|horrendous|splitting|pounding"
        r"|blinding|massive|intense|excruciating|worst|thumping|throbbing|crushing"
        r"|killer|raging|constant|persistent|agonising|agonizing|huge) "
        r"(?:[a-z]+ )?(?:headache|headaches|head ache|migraine|migraines"
        r"|head pain|pain in (?:my |her )?head)",
        r"(?:headache|head ache|migraine) (?:that |which )?(?:wont|will not|doesnt"
        r"|does not|isnt|is not|cant|cannot)(?: seem to)? (?:go|stop|ease|shift"
        r"|leave|get better|budge)",
        r"(?:headache|migraine) (?:for|all|since) (?:[a-z0-9]+ ){0,2}?(?:days|day"
        r"|hours|night|morning)",
        r"(?:head|headache) (?:is |feels like it is |feels like its )?(?:pounding"
        r"|splitting|killing me|exploding|going to explode)",
        r"thunderclap",
    ),
    _spec(
        "severe_headache",
        "unclear",
        r"headache|headaches|head ache|migraine|migraines|head hurts"
        r"|head is sore|sore head|head pain",
        weak=True,
    ),
    # --------------------------------------------------------- visual_disturbance
    _spec(
        "visual_disturbance",
        "present",
        r"(?:blurry|blurred|blurring|double|fuzzy|funny|strange|weird|odd|dim"
        r"|dimmed|patchy|distorted|disturbed|lost|loss of|changes in|changes to"
        r"|change in|changed|problems with|trouble with|sudden) (?:my |her )?"
        r"(?:vision|eyesight|sight)",
        r"(?:vision|eyesight|sight) (?:is |has |went |goes |keeps |has gone "
        r"|keeps going |got |getting |seems )?(?:very |really |a bit |all |so )?"
        r"(?:blurry|blurred|blurring|fuzzy|funny|strange|weird|double|dim|off"
        r"|misty|cloudy|wobbly|flashing)",
        r"seeing (?:[a-z]+ )?(?:flashing|flashes|spots|stars|sparkles|sparkly"
        r"|zigzags|zig zags|floaters|lights|double|dots|halos|shimmering)",
        r"(?:flashing|flickering|sparkling|shimmering|zig ?zag) (?:lights|light"
        r"|spots|lines|stars)",
        r"flashes (?:of light|in (?:my|her) (?:eyes|vision))",
        r"(?:spots|stars|dots|floaters|lights) (?:in front of|before|in) "
        r"(?:my |her )?(?:eyes|vision)",
        r"(?:everything|things) (?:is |looks |went |are |look |seem )?(?:blurry"
        r"|blurred|fuzzy|double)",
        r"<CANT> (?:see|focus) (?:properly|clearly|straight|well|very well)",
    ),
    # ------------------------------------------------------- upper_abdominal_pain
    _spec(
        "upper_abdominal_pain",
        "present",
        r"(?:pain|ache|aching|hurts|hurt|hurting|sore|soreness|tenderness|burning) "
        r"(?:[a-z]+ )?(?:under|below|beneath|underneath) (?:my |her |the )?"
        r"(?:right |left )?(?:ribs|rib|rib cage|ribcage|breastbone|breast bone"
        r"|sternum)",
        r"(?:upper |top of (?:my |the |her )?|high up in (?:my |the |her )?)"
        r"(?:tummy|abdomen|abdominal|stomach|belly)(?: area)? (?:pain|ache"
        r"|aching|hurts|is sore|is painful|is hurting|is tender)",
        r"(?:pain|ache|aching) (?:in|at) (?:the |my |her )?(?:upper |top of "
        r"(?:my |the |her )?)(?:tummy|abdomen|stomach|belly)",
        r"epigastric|right upper quadrant|ruq pain",
    ),
    _spec(
        "upper_abdominal_pain",
        "unclear",
        r"(?:ribs|rib|rib cage|ribcage) (?:pain|ache|hurt|hurts|hurting|are sore"
        r"|is sore)|(?:pain|ache) in (?:my |her )?(?:ribs|rib cage|ribcage)",
        r"(?:heartburn|indigestion) (?:that |which )?(?:wont|will not|doesnt"
        r"|does not) (?:go|settle|ease|stop)",
    ),
    # ------------------------------------------------- sudden_swelling_face_hands
    _spec(
        "sudden_swelling_face_hands",
        "present",
        r"(?:face|hands|hand|fingers|eyes|eyelids|lips|feet and hands"
        r"|hands and feet|hands and face|face and hands)(?: and (?:my |her )?"
        r"(?:face|hands|fingers|feet|eyes))? (?:(?:is|are|has|have|got|went|gone"
        r"|suddenly|all|really|very|so|become|becoming|getting|look|looks|feel"
        r"|feels|puffed) ){0,3}(?:swollen|swelling|puffy|puffed up|bloated"
        r"|swelled up|swelled|swollen up)",
        r"(?:swollen|puffy|puffed up|bloated|swelling (?:in|of|around)"
        r"|puffiness (?:in|of|around)) (?:my |her |the )?(?:face|hands|fingers"
        r"|eyes|eyelids|lips)",
    ),
    _spec(
        "sudden_swelling_face_hands",
        "unclear",
        r"rings? (?:dont|wont|doesnt|no longer|do not|will not|does not) fit"
        r"|cant get (?:my |her )?rings? off",
    ),
    # ------------------------------------------------------- feeling_very_unwell
    _spec(
        "feeling_very_unwell",
        "present",
        r"<INTENSE> (?:ill|unwell|poorly)",
        r"(?:feel|feels|feeling|felt|look|looks|looking) (?:[a-z]+ )?<INTENSE> "
        r"(?:rough|terrible|awful|dreadful|horrible)",
        r"shivering|shivers|shivery|shaking|shaky|shakes|rigor|trembling"
        r"|teeth (?:are )?chattering",
        r"confused|confusion|disoriented|disorientated|not making sense"
        r"|delirious|<INTENSE> drowsy|cant stay awake|hard to wake",
        r"(?:racing|pounding) heart|heart (?:is |keeps |has been )?(?:racing"
        r"|pounding|beating (?:really |very |so )?(?:fast|quickly|hard)"
        r"|going (?:really |very |so )?fast|fluttering)|palpitations|palpitation",
        r"(?:fast|rapid|high) (?:heart ?rate|heart ?beat|pulse)",
        r"(?:going to|gonna|about to|might|may|could|like i will|like ill) "
        r"(?:[a-z]+ )?(?:pass out|faint|collapse|black out)",
        r"passed out|fainted|fainting|collapsed|collapsing|blacked out"
        r"|blacking out|lightheaded|light headed|dizzy|dizziness|woozy|clammy"
        r"|(?:cold|pale) and (?:sweaty|clammy)|mottled",
    ),
    _spec(
        "feeling_very_unwell",
        "block",
        r"shaking (?:my|her|the) (?:leg|legs|head|hand|hands|baby)"
        r"|(?:faint|feint) (?:line|lines|smell|positive)",
    ),
    _spec(
        "feeling_very_unwell",
        "unclear",
        r"(?:feel|feels|feeling|felt|am|im|is|she is|shes) (?:[a-z]+ )?(?:ill"
        r"|unwell|poorly|rough|terrible|awful|not right|not well"
        r"|under the weather|rubbish|horrible)",
        weak=True,
    ),
    _spec(
        "feeling_very_unwell",
        "absent",
        r"(?:feel|feeling|am|im) (?:(?!not\b|no\b)[a-z]+ )?(?:well|fine|ok|okay"
        r"|good|alright)(?: in (?:myself|herself))?",
        r"otherwise (?:well|healthy|fine)",
    ),
    # ----------------------------------------------------- severe_abdominal_pain
    _spec(
        "severe_abdominal_pain",
        "present",
        r"(?:severe|bad|terrible|awful|horrible|horrendous|constant|agonising"
        r"|agonizing|excruciating|intense|really bad|very bad|so bad|extreme"
        r"|unbearable|stabbing|crippling) (?:[a-z]+ )?(?:lower )?<TUM> (?:pain"
        r"|pains|ache|aching|cramps|cramping)",
        r"(?:severe|bad|terrible|awful|horrible|horrendous|constant|agonising"
        r"|agonizing|excruciating|intense|extreme|unbearable) pain (?:in|across) "
        r"(?:my |her |the )?(?:tummy|abdomen|stomach|belly|bump|womb|uterus)",
        r"(?:tummy|abdominal|abdomen|stomach|belly|bump|womb|uterus) (?:pain |ache )?"
        r"(?:is |feels |has been )?(?:terrible|awful|severe|unbearable|horrendous"
        r"|excruciating|agonising|agonizing|really bad|very bad|so bad|agony"
        r"|killing me|in agony)",
        r"(?:tummy|stomach|belly|bump|abdomen|womb|uterus) (?:is |feels |has gone "
        r"|went |got |has been )?(?:really |very |so |rock )?(?:hard|rigid|solid"
        r"|tense|tight) and (?:[a-z]+ )?(?:painful|tender|sore|hurts|hurting)",
        r"(?:tender|painful|rigid) (?:tummy|stomach|belly|bump|abdomen|womb|uterus)",
    ),
    _spec(
        "severe_abdominal_pain",
        "unclear",
        r"(?:lower )?<TUM> (?:pain|pains|ache|aching|hurts)",
        r"(?:pain|ache) in (?:my |her |the )?(?:tummy|stomach|belly|abdomen|bump)",
        r"(?:tummy|belly|bump|stomach|abdomen) (?:is |feels )?(?:rock )?(?:hard"
        r"|rigid|tense)",
        weak=True,
    ),
    # ------------------------------------------------------------ fall_on_abdomen
    _spec(
        "fall_on_abdomen",
        "present",
        r"(?:fell|fall|falling|fallen|landed|land|slipped|tripped|tumbled"
        r"|went down) (?:[a-z]+ ){0,3}?(?:on|onto|on to) (?:my |her |the )?"
        r"(?:bump|tummy|belly|stomach|abdomen|front)",
        r"(?:hit|banged|bumped|knocked|kicked|punched|hurt|injured|whacked|struck"
        r"|elbowed|headbutted|squashed) (?:my |her |the |on the |on my )?(?:bump"
        r"|belly|tummy|stomach|abdomen)",
        r"(?:blow|knock|bang|hit|kick|punch|trauma|impact|injury) (?:to|on|into) "
        r"(?:my |her |the )?(?:bump|belly|tummy|stomach|abdomen)",
        r"(?:bump|belly|tummy|stomach|abdomen) (?:got |was |has been )?(?:hit"
        r"|knocked|kicked|punched|squashed|banged|crushed)",
        r"(?:seat ?belt|steering wheel) (?:[a-z]+ ){0,3}?(?:bump|belly|tummy"
        r"|stomach)",
    ),
    _spec(
        "fall_on_abdomen",
        "block",
        r"<BABY> (?:is |keeps |has been |s )?(?:kick[a-z]*|punch[a-z]*|hit[a-z]*"
        r"|headbutt[a-z]*) (?:me )?(?:in )?(?:my |the )?(?:bump|belly|tummy"
        r"|stomach|ribs|bladder)",
    ),
    # ---------------------------------------------------------- uncontrolled_pain
    _spec(
        "uncontrolled_pain",
        "present",
        r"<MEDS> (?:[a-z]+ )?(?:doesnt|dont|isnt|arent|wont|didnt|do not|does not"
        r"|is not|are not|not|has not|hasnt|have not|havent|no longer|never|barely"
        r"|hardly|wasnt|werent) (?:even )?(?:[a-z]+ )?(?:help|helping|helped|helps"
        r"|work|working|worked|works|touch|touching|touched|do anything"
        r"|doing anything|did anything|do much|doing much|make a difference"
        r"|making a difference|making any difference|made any difference|ease"
        r"|easing|eased|take the edge off|taking the edge off|cut it|relieve"
        r"|relieving|relieved|control|controlling|dent|shift|budge|last)",
        r"nothing (?:[a-z]+ )?(?:helps|works|is helping|is working|seems to help"
        r"|seems to work|touches it|eases it|makes it better|helped|worked)",
        r"(?:no|not any|little|no real) (?:relief|effect|difference|help) (?:from"
        r"|with) (?:[a-z]+ )?(?:paracetamol|painkillers|pain killers|medication"
        r"|meds|tablets|rest)",
        r"(?:pain|it|agony) (?:[a-z]+ )?(?:is |s |feels )?(?:unbearable"
        r"|intolerable|uncontrollable|unmanageable|out of control|too much to bear)",
        r"(?:unbearable|intolerable|uncontrollable|unmanageable) (?:[a-z]+ )?"
        r"(?:pain|agony)",
        r"(?:crying|screaming|sobbing|in tears) (?:[a-z]+ ){0,2}?(?:in|with|from"
        r"|because of) (?:the )?(?:pain|agony)",
        r"(?:pain|it) (?:is |s )?(?:10|ten) (?:out of |/ ?)(?:10|ten)"
        r"|10 ?/ ?10 pain",
    ),
    _spec(
        "uncontrolled_pain",
        "unclear",
        r"in agony|agony|agonising|agonizing|excruciating|(?:severe|extreme"
        r"|terrible|awful|horrendous) pain|(?:9|8|nine|eight) (?:out of |/ ?)"
        r"(?:10|ten)",
        weak=True,
    ),
    _spec(
        "uncontrolled_pain",
        "absent",
        r"<MEDS> <NOTNEG>(?:helps|is helping|does help|help|helped|works"
        r"|is working|worked|eases it|takes the edge off|gives (?:some )?relief"
        r"|makes it better|keeps it under control|controls it)",
        r"(?:pain|it) (?:is |s )?(?:manageable|bearable|under control|mild"
        r"|not too bad)",
    ),
    _spec(
        "uncontrolled_pain night_rest_pain",
        "absent",
        r"(?:eased|better|eases|settles|goes|easier|improves|calms down|bearable"
        r"|manageable) (?:[a-z]+ )?(?:when|with|if|after|by|once) (?:i |she )?"
        r"(?:rest|resting|sit|sitting|lie|lying|sit down|lie down|put my feet up"
        r"|take paracetamol|paracetamol|painkillers)",
    ),
    # --------------------------------------------------------- self_harm_thoughts
    _spec(
        "self_harm_thoughts",
        "present",
        r"(?:want|wanted|wanting|thinking|thought|thoughts|feel like|felt like"
        r"|urge|urges|tempted|planning|plan|plans|wish i could|might|may|could"
        r"|going to|gonna|scared i will|afraid i will|worried i will) "
        r"(?:[a-z]+ ){0,2}?(?:hurt|hurting|harm|harming|cut|cutting|kill|killing"
        r"|injure|injuring) (?:myself|herself)",
        r"(?:think|thinking|thought|thoughts) (?:about|of) (?:ending it|dying"
        r"|death|not being here|not waking up|disappearing)",
        r"kill myself|killing myself|kill herself|self ?harm[a-z]*|suicid[a-z]*",
        r"(?:end|take|ending|taking) (?:my|her) (?:own )?life|end it all"
        r"|ending it all",
        r"(?:want|wanted|wanting|wanna|wish|wished|wishing|ready) (?:to |i was "
        r"|i were |i could |i )?(?:die|be dead|was dead|were dead|not be here"
        r"|not wake up|not exist|disappear|not be alive)",
        r"(?:better off|be better|happier) without me",
        r"(?:no|not any|dont see any|cant see any|see no) (?:point|reason) (?:in |to )?"
        r"(?:living|life|going on|carrying on|being here|live|go on)",
        r"(?:dont|do not) want to (?:be here|live|exist|wake up|be alive)"
        r"(?: anymore| any more)?",
        r"not worth living|nothing to live for",
    ),
    _spec(
        "self_harm_thoughts",
        "unclear",
        r"cant go on|cant (?:do|take) (?:this|it) (?:anymore|any more)"
        r"|(?:a )?burden (?:to|on) (?:everyone|my family|them|my husband)",
    ),
    # ----------------------------------------------------------- night_rest_pain
    _spec(
        "night_rest_pain",
        "present",
        r"(?:hurts|hurt|hurting|pain|painful|aches|ache|aching|sore|throbbing|worse"
        r"|agony) (?:[a-z]+ ){0,3}?(?:at night|in the night|during the night"
        r"|all night|overnight|at nighttime|every night|through the night)",
        r"(?:wakes|woke|waking|keeps waking|wake) (?:me|her) up",
        r"(?:wakes|woke|waking|wake) (?:up )?(?:at night |in the night )?(?:with"
        r"|because of|from|due to) (?:the |my |this )?(?:pain|hip|agony)",
        r"(?:pain|hip) (?:[a-z]+ )?(?:wakes|woke|waking|keeps waking) (?:me|her)",
        r"(?:hurts|hurt|hurting|pain|painful|aches|ache|aching|sore|throbbing) "
        r"(?:[a-z]+ ){0,2}?(?:even )?(?:at rest|when (?:i am |im |i )?resting"
        r"|while (?:i am |im )?resting|when (?:i am |im |i )?(?:lying|laying"
        r"|sitting) still|lying still|laying still|sitting still|in bed"
        r"|doing nothing|not moving|keeping still)",
        r"even (?:when |while )?(?:i am |im |i )?(?:lying|laying|sitting|resting"
        r"|in bed|asleep|sleeping|not moving|doing nothing)",
        r"(?:rest|resting|night|nighttime|night time) pain|pain (?:at rest|at night"
        r"|at nighttime|in the night|all night|overnight)",
    ),
    _spec(
        "night_rest_pain",
        "block",
        r"(?:hurts|hurt|hurting|pain|painful|aches|ache|aching|sore|worse|agony) "
        r"(?:[a-z]+ ){0,5}?(?:turn|turning|roll|rolling|get out|getting out|get up"
        r"|getting up)",
    ),
    _spec(
        "night_rest_pain",
        "unclear",
        r"constant(?:ly)? (?:pain|ache|aching)|(?:pain|hurts|aches) (?:[a-z]+ )?"
        r"(?:all the time|constantly|24/7|day and night|non ?stop)",
        weak=True,
    ),
    _spec(
        "night_rest_pain",
        "absent",
        r"(?:no pain|fine|ok|okay|comfortable|pain free|painfree|doesnt hurt|settles"
        r"|eases|goes away|better) (?:[a-z]+ ){0,2}?(?:at rest|when (?:i )?rest"
        r"|when (?:i )?resting|at night|in bed|lying down|when (?:i )?(?:lie|sit) "
        r"(?:down|still)|sitting down|lying still)",
        r"only (?:hurts|painful|sore|aches|pain) (?:[a-z]+ ){0,2}?(?:when|if|while) "
        r"(?:i |she )?(?:walk|stand|move|am walking|am standing|weight)",
    ),
    # ---------------------------------------------------------------- weight_loss
    _spec(
        "weight_loss",
        "present",
        r"(?:losing|lost|lose|dropping|dropped|shedding|shed) (?:[a-z0-9]+ ){0,3}?"
        r"(?:weight|kg|kilos|kgs|pounds|lbs|stone) (?:without (?:trying|dieting"
        r"|meaning to|wanting to)|for no (?:obvious |apparent )?reason"
        r"|and (?:i )?(?:dont|do not) know why|unintentionally|without explanation)",
        r"(?:unexplained|unintentional|unintended|unexpected|rapid|sudden|dramatic) "
        r"(?:[a-z]+ )?weight loss",
        r"weight (?:is )?(?:dropping|falling) off|<CANT> keep (?:any )?weight on",
    ),
    _spec(
        "weight_loss",
        "block",
        r"(?:want|wanting|trying|try|need|needs|should|hope|hoping|plan|planning"
        r"|would like|wanna) (?:[a-z]+ ){0,2}?(?:lose|losing) (?:[a-z]+ ){0,2}?"
        r"weight",
        r"(?:lost|losing|lose) (?:[a-z]+ ){0,3}?(?:baby|pregnancy) weight",
        r"weight loss (?:injections|injection|pills|drugs|plan|diet|journey"
        r"|surgery|jab)",
    ),
    _spec(
        "weight_loss",
        "unclear",
        r"(?:losing|lost|dropping|dropped) (?:[a-z0-9]+ ){0,3}?(?:weight|kg|kilos"
        r"|pounds|lbs|stone)|weight loss",
        weak=True,
    ),
    # ------------------------------------------------------------- cancer_history
    _spec(
        "cancer_history",
        "present",
        r"(?:had|have|history of|diagnosed with|treated for|treatment for"
        r"|survivor of|survived|beat|beaten|remission|recovering from|past"
        r"|previous|prior) (?:[a-z]+ ){0,2}?(?:cancer|leukaemia|leukemia|lymphoma"
        r"|myeloma|tumour|tumor|tumours|tumors|sarcoma|melanoma|carcinoma"
        r"|malignancy)",
        r"(?:breast|bone|bowel|ovarian|cervical|thyroid|lung|skin|blood|colon"
        r"|kidney|womb|uterine|stomach|pancreatic|brain) cancer",
        r"cancer (?:survivor|history|patient|in remission)",
        r"(?:had|having|finished|after|during) (?:[a-z]+ )?(?:chemo|chemotherapy"
        r"|radiotherapy|radiation therapy)",
    ),
    _spec(
        "cancer_history",
        "block",
        r"(?:is it|could it be|could this be|might it be|might be|could be|worried"
        r"|afraid|scared|fear|ruled out|rule out|check for|test for|tested for"
        r"|screening for|risk of|signs of|sign of|is this) (?:[a-z]+ ){0,3}?"
        r"(?:cancer|tumour|tumor)",
        r"(?:mum|mom|mother|dad|father|sister|brother|aunt|auntie|uncle|grandma"
        r"|grandmother|granny|nan|nanna|grandad|grandpa|grandfather|cousin|friend"
        r"|family|niece|nephew|in law|mums|moms|dads|sisters|brothers)"
        r"(?: [a-z]+){0,4}? (?:cancer|leukaemia|leukemia|lymphoma|myeloma|tumour"
        r"|tumor|sarcoma|melanoma|chemo)",
    ),
    _spec(
        "cancer_history",
        "unclear",
        r"cancer|tumour|tumor|malignant|malignancy",
        weak=True,
    ),
    # ---------------------------------------------------------- daily_life_impact
    _spec(
        "daily_life_impact",
        "present",
        r"<CANT> (?:work|go to work|do (?:my|the|any) (?:job|work|housework|chores"
        r"|shopping|school run)|do (?:anything|much|everything|normal things"
        r"|everyday things|daily tasks|daily things)|sleep|get (?:any |much )?sleep"
        r"|look after|care for|take care of|drive|get dressed|dress myself|shower"
        r"|wash|cook|clean|go out|leave the house|function|cope|play with"
        r"|get comfortable)",
        r"<CANT> (?:pick up|lift|carry|hold|bath|bathe|change|feed) (?:my|the|her)"
        r" (?:baby|babies|kids|children|toddler|son|daughter|little one|twins"
        r"|newborn|child|boy|girl)",
        r"(?:stopping|stops|stopped|preventing|prevents|prevented|keeping|keeps"
        r"|kept) (?:me|her) (?:from )?(?:doing|working|sleeping|going|looking"
        r"|living|getting|walking|being able|enjoying|everything|anything|normal)",
        r"(?:affecting|affects|affected|ruining|ruins|ruined|taking over|impacting"
        r"|impacts|interfering with|interferes with|disrupting|disrupts"
        r"|destroying) (?:my |her |our |all of my |every )?(?:life|daily life|sleep"
        r"|work|job|day|days|everyday life|routine|everything|family|ability"
        r"|mobility|quality of life|day to day)",
        r"(?:off|signed off|had to stop|stopped|had to leave|had to take time off) "
        r"(?:[a-z]+ )?(?:work|working|my job)|(?:off|signed off) sick|sick note"
        r"|fit note",
        r"keeps? (?:me|her) (?:awake|up at night|up all night)|keeping (?:me|her) "
        r"(?:awake|up at night|up all night)|sleepless nights|housebound",
        r"(?:stuck|trapped) (?:at home|in the house|indoors|inside|on the sofa)",
        r"(?:need|needs|needing|have to have) help (?:with|to) (?:everything"
        r"|getting dressed|the baby|the kids|dressing|washing|showering"
        r"|looking after)",
    ),
    _spec("daily_life_impact", "block", r"<CANT> work (?:out|it out)"),
    _spec(
        "daily_life_impact",
        "absent",
        r"(?:can|am|im) still (?:work|working|manage|managing|cope|coping"
        r"|look after|looking after|sleep|sleeping|function|going to work)",
        r"(?:doesnt|does not|isnt|is not|not) (?:really )?(?:affect|affecting|stop"
        r"|stopping|interfere|interfering|impact|impacting) (?:me|my|her|daily"
        r"|anything|much)",
        r"(?:managing|coping) (?:ok|fine|well|alright)",
    ),
    # -------------------------------------------------------------- not_improving
    _spec(
        "not_improving",
        "present",
        r"not (?:getting|got|gotten|feeling|any) (?:any |much )?better",
        r"(?:isnt|hasnt|havent|has not|have not|is not|not|never|wont|will not"
        r"|doesnt|does not) (?:[a-z]+ )?(?:getting better|got better|improving"
        r"|improved|improve|eased|settled|gone away|going away|go away|easing"
        r"|settling|resolving|resolved|healing|healed|shifted|budged|calmed down)",
        r"no better|no improvement|not any improvement|without improvement"
        r"|not improved",
        r"still (?:[a-z0-9]+ ){0,2}?(?:hurts|hurting|painful|sore|aching|aches"
        r"|there|the same|bad|in pain|have pain|have the pain|has pain|limping"
        r"|getting pain|struggling) (?:[a-z0-9]+ ){0,3}?(?:weeks|wks|months|mths)",
        r"for (?:(?:the )?(?:last|past) )?(?:(?:[2-9]|[1-9]\d|a few|a couple of"
        r"|couple of|several|many|two|three|four|five|six|seven|eight|nine|some"
        r"|over (?:a|one|2|two)|more than (?:a|one|2|two)|about (?:[2-9]|two"
        r"|three|four|five|six)|almost (?:[2-9]|two|three)|nearly (?:[2-9]|two"
        r"|three)) )?(?:weeks|wks|months|mths|month)(?! ago)",
        r"(?:weeks|months) now|since (?:[2-9]|[1-9]\d|a few|several|two|three"
        r"|four|five|six) (?:weeks|months)",
        r"persistent|persisting|ongoing|chronic|long ?standing|lingering",
    ),
    _spec(
        "not_improving",
        "block",
        r"(?:breast ?feeding|bf|nursing|pumping|pregnant|trying|married|waiting"
        r"|taking|using|wearing|on) (?:[a-z0-9]+ ){0,3}?for (?:[a-z0-9]+ ){0,3}?"
        r"(?:weeks|wks|months|mths|month)",
    ),
    _spec(
        "not_improving",
        "absent",
        r"(?:went|gone|goes|going) away|resolved|healed|back to normal",
    ),
)

# ------------------------------------------------------------------------ cues

# Clause boundaries: a cue never reaches past one of these.
_BOUNDARY = re.compile(
    r"[.;!?]+(?!\d)|,|:(?!\d)|\b(?:but|though|although|however|except|whereas"
    r"|and now|and then|and also|plus|otherwise)\b"
)

# Cues before a mention. Longer alternatives come first so that "not sure if" is a
# hedge and not a negation followed by a conditional.
_CUES = re.compile(
    r"\b(?:"
    r"(?P<hedge>not sure(?: if| whether| that)?|not too sure|not really sure"
    r"|unsure(?: if| whether)?|not certain|uncertain|(?:dont|do not|dunno) know "
    r"(?:if|whether)|dunno|idk|(?:dont|do not) think|dont believe|maybe|may be"
    r"|might|possibly|perhaps|probably|could be|kind of|kinda|sort of|sorta"
    r"|i wonder if|wondering if|wonder whether|hard to (?:say|tell)"
    r"|cant tell(?: if| whether)?|i guess|(?:may|might|could) have)"
    r"|(?P<neg>no (?:sign|signs|evidence|history) of|no longer"
    r"|no(?! (?:idea|clue|matter|doubt|wonder|way)\b)|not(?! (?:sure|certain|only"
    r"|just|that|too sure|really sure)\b)|never|without|nor|neither|none"
    r"|free of|denies|deny|(?:dont|doesnt|didnt|do not|does not|did not)"
    r"(?! (?:know|think|understand|believe|remember|care|mind|seem)\b)"
    r"|havent|hasnt|hadnt|have not|has not|had not|isnt|arent|wasnt|werent|aint"
    r"|cant see|cant notice|zero)"
    r"|(?P<cond>if|whether|unless|in case|what if)"
    r"|(?P<hypo>signs? of|symptoms? of|risk of|chance of|chances of|danger of"
    r"|(?:should|do|would|will) (?:i|we|she|you) (?:be )?(?:worry|worried"
    r"|concerned)|when to|how do i know|how would i know|is it normal|is it safe"
    r"|what (?:is|are|does|causes|happens)|tell me about|info (?:on|about)"
    r"|information (?:on|about)|explain|cause|causes|lead to|leads to|prevent"
    r"|avoid|watch (?:out )?for|look out for|warning signs?|red flags?|such as"
    r"|for example|questions? about|asking about|read about|heard about)"
    r")\b"
)

# Words that may not sit between a negation and the mention it denies: a new subject
# ("no idea why I am bleeding") or a verb that turns the meaning round ("it won't
# stop bleeding").
_NEG_GAP_STOP = frozenset(
    {
        "i",
        "im",
        "ive",
        "id",
        "she",
        "shes",
        "he",
        "hes",
        "we",
        "they",
        "it",
        "its",
        "there",
        "theres",
        "and",
        "because",
        "so",
        "when",
        "stop",
        "stops",
        "stopping",
        "ease",
        "control",
        "help",
    }
)
# "no fever and bleeding" denies both; "no fever and my leg is swollen" does not.
_NEW_SUBJECT = re.compile(
    r"(?:my|her|his|our|their|the|this|that|i|im|she|shes|he|it|its|baby)\b"
)
_CONNECTOR = re.compile(r"\s*(?:(?:or|nor|and|any|either|/|&)\s*){0,3}")
_TRAILING = re.compile(
    r"\s*(?:[:=/]\s*)?(?:(?P<neg>(?:no|none|nope|nah|negative|not really)"
    r"(?! (?:idea|clue|matter|doubt|wonder)\b)|(?:has |have |had |is )?"
    r"(?:now )?(?:stopped|gone away|went away|cleared up|resolved|disappeared))"
    r"|(?P<hedge>maybe|not sure|unsure|possibly|perhaps|idk|dunno|i dont know"
    r"|probably|i guess))\b"
)

_NEG_GAP_WORDS = 4
_HEDGE_GAP_WORDS = 6
_COND_GAP_WORDS = 3
_HYPO_GAP_WORDS = 5
_CUE_REACH = 80  # characters

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

_PREG_NOW = re.compile(
    r"\b(?:(?:im|i am|am|shes|she is|wife is|partner is|currently|now|still|were"
    r"|we are|is) (?:(?!not\b|no\b|never\b)[a-z]+ ){0,2}?pregnant"
    r"|pregnant (?:again|with)"
    r"|preggo|preggers|preggy|(?:im|i am|am|were|we are|shes|she is|currently) "
    r"expecting(?! (?:it|that|this|the|to|them|him|her|things|some|more|better"
    r"|worse)\b)|expecting (?:a baby|a boy|a girl|twins|my|our|baby|number)"
    r"|due date|(?:im|i am|baby is|baby s|shes|she is) due"
    r"|\d{1,2} ?(?:weeks|week|wks|wk|w|months|month) (?:\d ?d(?:ays?)? )?"
    r"(?:pregnant|gestation|along)"
    r"|(?:first|second|third|1st|2nd|3rd|last) trimester"
    r"|(?:im|i am|am|shes|she is|wife is|partner is) (?:now |currently |nearly "
    r"|almost |about |only |just )?(?:[4-9]|[1-3]\d|4[0-2]) ?(?:weeks|week|wks|wk|w)"
    r"(?! (?:ago|old|pp|postpartum|post|after|since|out|postnatal|of|from)\b))\b"
)
# Weaker signs of pregnancy: they give way to any sign of a birth or of feeding.
_PREG_ANY = re.compile(
    r"\b(?:pregnant|(?:this|my current|current) pregnancy|during my pregnancy"
    r"|of (?:my |the )?pregnancy|(?:[4-9]|[1-3]\d|4[0-2]) ?\+ ?[0-6]"
    r"|waters|contractions|tightenings|my bump|baby (?:is )?(?:kicking|moving)"
    r"|fetal movements|foetal movements|braxton hicks|antenatal|gestation)\b"
)
_PREG_NOT = re.compile(
    r"\b(?:not|no longer|never|isnt|arent|wasnt|was|when|before|if|get|getting"
    r"|become|becoming|be|being|trying|try|might|could|may|next|future|plan"
    r"|planning|want|again after|after)(?: [a-z]+){0,2} ?$"
)
_POSTPARTUM = re.compile(
    r"\b(?:postpartum|post partum|postnatal|post natal|puerperium"
    r"|(?:gave|given) birth|had (?:my|the|a|our|her) (?:baby|son|daughter"
    r"|little one|twins|boy|girl|lo)"
    r"|since (?:the |my |her |having )?(?:birth|delivery|labour|labor|c section"
    r"|caesarean|section|having (?:my|the|a|our) baby|giving birth)"
    r"|after (?:my |her |having |giving )(?:birth|delivery|labour|labor|c section"
    r"|caesarean|section|(?:my|the|a|our) baby)"
    r"|(?:\d+|a|one|two|three|four|five|six) (?:days|day|weeks|week|months|month) "
    r"after (?:the |my )?(?:birth|delivery|giving birth|having)"
    r"|(?:baby|son|daughter|she|he) (?:is|was|turned) (?:\d+|a|one|two|three|four"
    r"|five|six|seven|eight|nine) (?:days|day|weeks|week|wks|months|month) old"
    r"|(?:born|delivered) (?:\d+|a|one|two|three|four|five|six) (?:days|weeks"
    r"|months) ago|newborn|new born|new mum|new mom|new mother"
    r"|(?:had|after) (?:a |an |my |an emergency |a planned )?(?:c section"
    r"|caesarean)|\d+ ?(?:weeks|week|wks|w|days|months) (?:pp|postpartum"
    r"|post partum|postnatal))\b"
)
_BF_NO = re.compile(
    r"\b(?:(?:not|no longer|stopped|quit|gave up|dont|didnt|never|cant|couldnt"
    r"|unable to|decided not to|chose not to) (?:[a-z]+ )?(?:breast ?feeding"
    r"|breastfeed|breast feed|bf|bfing|nursing|pumping)"
    r"|formula (?:feeding|fed|feed)|on formula|exclusively formula|bottle "
    r"(?:feeding|fed|feed)|weaned)\b"
)
_BF_YES = re.compile(
    r"\b(?:breast ?feeding|chest ?feeding|e?bf|bfing|nursing|exclusively pumping"
    r"|pumping (?:milk|breast ?milk|for)|(?:im|i am|been|still|also) pumping"
    r"|expressing (?:milk|breast ?milk)|breast ?milk|lactating|lactation"
    r"|combi(?:nation)? feeding|mix(?:ed)? feeding|(?:i|she|we) (?:still |also "
    r"|currently )?breast ?feed)\b"
)
_BF_SKIP = re.compile(
    r"\b(?:was|were|used to|when i|before|plan|planning|plans|want|wanting|hope"
    r"|hoping|going to|intend|intending|able to|my|her|the|to)(?: [a-z]+)? ?$"
)
_BF_SKIP_AFTER = re.compile(
    r"\s?(?:home|student|degree|course|staff|job|career|shift|iron|gas)\b"
)

_WEEK_EXPLICIT = re.compile(
    r"\b(\d{1,2}) ?(?:weeks|week|wks|wk|w)(?: and \d days?| ?\+ ?\d| \d ?d)? "
    r"(?:pregnant|gestation|along)\b"
    r"|\bpregnant(?: with [a-z]+)?(?: at| and)? (\d{1,2}) ?(?:weeks|week|wks|wk|w)\b"
    r"|\b(\d{1,2}) ?\+ ?[0-6]\b"
    r"|\bweek (\d{1,2}) of (?:my |the )?pregnancy\b"
)
_WEEK_NUMBER_FIRST = re.compile(r"\b(\d{1,2}) ?(?:weeks|week|wks|wk|w)\b")
_WEEK_WORD_FIRST = re.compile(r"\b(?:week|wk) (\d{1,2})\b")
_WEEK_BEFORE_STOP = re.compile(
    r"\b(?:for|since|past|last|over|every|within|another|next|until|till|by"
    r"|before|induce[a-z]*|induction|due|planned|booked|scheduled|section"
    r"|delivery|deliver|birth|reach|make it to|get to|after|born)(?: [a-z]+)? ?$"
)
_WEEK_IN = re.compile(r"\bin (?:[a-z]+ )?$")
_WEEK_AFTER_STOP = re.compile(
    r"\s?(?:ago|old|postpartum|post partum|pp|postnatal|post natal|after|since"
    r"|later|of (?:pain|this|it|the pain|physio|rest|crutches|treatment)|time"
    r"|straight|in a row|early|late|overdue|from now)\b"
)


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

_DIRECTIVE = re.compile(
    r"\b(?:told|tell|tells|telling|said|says|saying|advised|advises|asked|wants"
    r"|wanted|recommended|instructed|sent|sending|referred|insisted|urged)\b"
)
_CLINICIAN_BEFORE = re.compile(
    r"\b(?:midwife|midwives|doctor|doctors|doc|dr|gp|gps|obstetrician|ob|obgyn"
    r"|ob gyn|consultant|nurse|physio[a-z]*|health visitor|111|hospital|triage"
    r"|labour ward|maternity|paramedic|paramedics|they|she|he|was|been|i got"
    r"|registrar|specialist)\b"
)
_DIRECTIVE_NEGATED = re.compile(
    r"\b(?:didnt|did not|never|hasnt|has not|havent|have not|wont|wouldnt|not)"
    r"(?: [a-z]+)? ?$"
)
_CONDITIONAL = re.compile(
    r"\b(?:if|in case|unless|should (?:it|things|the pain|i get|she get)"
    r"|next time|whenever)\b"
)
_NO_NEED = re.compile(
    r"^\s?(?:me |her |us )?(?:not|no need|there is no need|theres no need|its not"
    r"|it is not|nothing|i dont need|i didnt need|she doesnt need|dont)\b"
)
_CALL_EMERGENCY = re.compile(
    r"\b(?:ambulance|999|911|112|000|emergency services|paramedics)\b"
)
_GO = re.compile(
    r"\b(?:go|going|come|coming|get|head|attend|present|take (?:her|me|him)|ring"
    r"|call|phone|contact|visit|back)\b"
)
_PLACE = re.compile(
    r"\b(?:hospital|a&e|er|ed|emergency|triage|maternity|labour ward|labor ward"
    r"|delivery suite|assessment unit|day assessment|day unit|mau|dau|urgent care"
    r"|walk in|out of hours|on call)\b"
)
_PLACE_EMERGENCY = re.compile(r"\b(?:a&e|er|ed|emergency)\b")
_SEEN = re.compile(
    r"\b(?:(?:come|go|pop|get) in|(?:be|get) (?:seen|checked|assessed|monitored"
    r"|admitted|looked at)|get (?:it|me|her|myself) (?:seen|checked|looked at))\b"
)
_NOW = re.compile(
    r"\b(?:now|right now|right away|straight away|straightaway|immediately|asap"
    r"|at once|this minute|without delay|as soon as possible)\b"
)
_TODAY = re.compile(
    r"\b(?:today|tonight|this (?:morning|afternoon|evening)|later today|same day"
    r"|urgently)\b"
)
_LATER = re.compile(
    r"\b(?:tomorrow|this week|next week|in a few days|in a couple of days"
    r"|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"
)
_SOON = re.compile(
    r"\b(?:(?:book|make|get) (?:an |a )?(?:[a-z]+ )?(?:appointment|appt)"
    r"|see (?:a |the )?physio"
    r"|come back (?:next week|in a (?:few days|week))|within a week)\b"
)
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
