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
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass, field
from typing import Any, Optional

from bot.triage.answers import parse_trend, parse_week
from bot.triage.extract import extract

__all__ = ["Understanding", "understand"]

MAX_TEXT = 5000  # characters read; longer messages are cut (a story fits easily)

# ---------------------------------------------------------------- normalising


def _plain(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(char for char in text if not unicodedata.combining(char))
    text = re.sub(r"[\u2018\u2019\u02bc`\u00b4']", "", text)
    text = re.sub(r"(?<=[a-z])[-\u2010-\u2015](?=[a-z])", " ", text)  # c-section
    return re.sub(r"\s+", " ", text).strip()


# ---------------------------------------------------------------- short answers

_YES = re.compile(
    r"^(?:yes|yeah|yea|yep|yup|ya|yah|yh|y|ok|okay|sure|correct|right|i do|i can"
    r"|i did|i am|i have|it is|it does|definitely|absolutely|of course|sim|si)\b"
)
_NO = re.compile(
    r"^(?:no|nope|nah|na|n|not really|nothing|none|never|i dont|i cant|i didnt"
    r"|i havent|im not|it isnt|it doesnt|not at all|nao|neither)\b"
)
_UNSURE = re.compile(
    r"\b(?:not sure|unsure|dunno|dont know|do not know|idk|no idea|maybe|perhaps"
    r"|possibly|cant say|hard to say|hard to tell|cant tell|not certain|no clue"
    r"|i guess|kind of|sort of|not really sure|who knows|ns)\b|^\?+$|^(?:hmm+|um+|eh)$"
)
_DECLINED = re.compile(
    r"\b(?:rather not|prefer not|dont want to (?:say|tell|answer)|not telling"
    r"|none of your business|skip|pass|private|wont say|no comment)\b"
)
_NONE_OF_THESE = re.compile(
    r"\b(?:none|neither|nothing|no one of these|none of (?:these|those|them|that)"
    r"|not any|no to all|all no|nothing like that|none apply)\b"
)

# ---------------------------------------------------------------- durations

_UNIT_WEEKS = {
    "day": 1 / 7,
    "days": 1 / 7,
    "d": 1 / 7,
    "week": 1.0,
    "weeks": 1.0,
    "wk": 1.0,
    "wks": 1.0,
    "w": 1.0,
    "month": 4.3,
    "months": 4.3,
    "mth": 4.3,
    "mths": 4.3,
    "mo": 4.3,
    "year": 52.0,
    "years": 52.0,
    "yr": 52.0,
    "yrs": 52.0,
}
_AMOUNT_WORD = (
    r"(a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a few"
    r"|a couple of|couple of|a couple|few|several|many)"
)
_AMOUNT_VALUE = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "a few": 3,
    "few": 3,
    "a couple of": 2,
    "couple of": 2,
    "a couple": 2,
    "several": 3,
    "many": 6,
}
# "3 weeks", "3w", "2.5 months", "a few weeks", "two months and a half"
_SPAN_PATTERN = (
    r"(?:(\d{1,3}(?:[.,]\d)?) ?(days?|d|weeks?|wks?|w|months?|mths?|mo|years?|yrs?)"
    rf"|{_AMOUNT_WORD} (days?|weeks?|wks?|months?|mths?|years?))"
)
_SPAN = re.compile(rf"\b{_SPAN_PATTERN}\b")

_BIRTH_AGO = re.compile(
    r"\b(?:gave birth|given birth|had (?:my|the|a|our|her) (?:baby|son|daughter"
    r"|little one|twins|boy|girl|lo|c section|caesarean|section)|baby (?:was )?born"
    r"|was born|delivered|delivery|birth|c section|section)\b[^.?!]{0,25}?"
    rf"{_SPAN.pattern} ago"
    rf"|{_SPAN.pattern} (?:pp|postpartum|post partum|postnatal|post natal|after"
    r" (?:the |my |giving )?(?:birth|delivery|baby|section|c section))"
    rf"|\b(?:baby|son|daughter|she|he|lo|little one|twins) (?:is|was|turned|s) "
    rf"(?:now |only |just |nearly |almost )?{_SPAN.pattern}(?: old)?(?! pregnant)"
    rf"|\b{_SPAN.pattern} old (?:baby|son|daughter|boy|girl|twins)"
    rf"|\b{_SPAN.pattern} since (?:my |the |our )?(?:baby was born|birth|i gave birth"
    r"|i had (?:my|the|our|her|him) ?(?:baby|son|daughter)?|delivery|c section)"
)
_PAIN_FOR = re.compile(
    rf"\b(?:for|since|past|last|over) (?:the )?(?:(?:past|last) )?(?:about |over "
    rf"|almost |nearly |around |roughly )?{_SPAN.pattern}(?! ago| old)"
    rf"|\b(?:started|began|start|begun|came on|since)\b[^.?!]{{0,30}}?"
    rf"{_SPAN.pattern} ago"
    rf"|\b{_SPAN.pattern} (?:now|of (?:this|pain|it))\b"
)
_PAIN_FOR_VAGUE = re.compile(
    r"\b(?:for|since|over) (?:the )?(?:past |last )?(?:weeks|months|ages|a long time"
    r"|so long)\b|\bmonths now\b|\bweeks now\b"
)
# The pain has been there since the birth ("still hurts" counts when she also says
# how long ago the birth was).
_PAIN_SINCE_BIRTH = re.compile(
    r"\b(?:since (?:the |my |giving |having (?:the |my )?)?(?:birth|delivery|baby"
    r"|c section|section|caesarean)|ever since (?:i had|giving birth|the birth)"
    r"|still (?:here|hurts|hurting|painful|sore|there|aching|aches|in pain"
    r"|have (?:the )?"
    r"pain|got (?:the )?pain|limping|struggling))\b"
)


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


def weeks_since_birth(text: str) -> Optional[float]:
    """'I had my baby 3 weeks ago' -> 3.0; '2 months pp' -> 8.6; None if not said."""
    for match in _BIRTH_AGO.finditer(text):
        weeks = _first_span(match)
        if weeks is not None:
            return weeks
    return None


def pain_weeks(text: str) -> Optional[float]:
    """How long the pain has lasted, in weeks: 'for 3 weeks', 'started 2 months ago'."""
    for match in _PAIN_FOR.finditer(text):
        weeks = _first_span(match)
        if weeks is not None:
            return weeks
    if _PAIN_FOR_VAGUE.search(text):
        return 3.0
    return None


def duration_answer(text: str) -> Optional[float]:
    """A bare duration as an answer: '3 weeks', 'a month', 'since the birth'."""
    match = _SPAN.search(text)
    return _first_span(match) if match else None


# ---------------------------------------------------------------- numbers

_TEMPERATURE = re.compile(
    r"(?:temp|temperature|fever|thermometer|temp of|running|reading|degrees|°)"
    r"[^0-9]{0,40}?(\d{2,3}(?:[.,]\d{1,2})?)\s*(?:°|degrees|deg)?\s*([cf])?\b"
    r"|(\d{2,3}(?:[.,]\d{1,2})?)\s*(?:°\s*|degrees ?|deg |(?=[cf]\b))([cf])?\b"
)
_HEAVY_PAD = re.compile(
    r"\b(?:soak|soaks|soaked|soaking|fill|filled|filling|through|changing|change"
    r"|changed|going through|gone through|went through|bled through|bleeding through)"
    r"\b[^.?!]{0,30}?\b(?:pads?|towels?|maternity pads?|sanitary pads?|nappies)\b"
    r"[^.?!]{0,30}?\b(?:every|each|in|within|under|less than|an|per) ?(?:about |around "
    r"|under |less than |just )?(?:an? |one |half an? |\d{1,2} |few )?(?:hour|hr|hours"
    r"|minutes|mins|min)\b(?<!\b[2-9] hours)"
    r"|\b(?:\d+|two|three|four|several) pads? (?:in|an|per|every) (?:an? |one |1 )?"
    r"(?:hour|hr)\b"
)
_LIGHT_BLEEDING = re.compile(
    r"\b(?<!more than )(?<!more than a few )(?:light|lighter|a little|a bit of|bit of"
    r"|slight|spotting|spots|brownish|brown"
    r"|lochia|normal bleeding|getting lighter|tailing off|every [3-9] hours"
    r"|every few hours)\b"
)
_PAIN_SCORE = re.compile(r"\b(10|[0-9])(?:[.,]5)? ?(?:/|out of|outta|of) ?10\b")
_MEDS_TRIED = re.compile(
    r"\b(?:despite|even (?:with|after|on)|after (?:taking|having)|taken|took|taking"
    r"|on|with|doesnt|dont|isnt|not|no) [^.?!]{0,30}?(?:paracetamol|painkillers?"
    r"|pain killers?|pain relief|tylenol|acetaminophen|codeine|co codamol|tablets"
    r"|pills|meds|medication|ibuprofen)"
    r"|(?:paracetamol|painkillers?|pain killers?|pain relief|tablets|meds|medication)"
    r"[^.?!]{0,30}?\b(?:doesnt|dont|didnt|isnt|arent|not|no longer|nothing|barely"
    r"|hardly|wont)\b[^.?!]{0,15}?(?:help|work|touch|ease|do|dent)"
)


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
_SENTENCE = re.compile(r"(?<=[!?;\n])\s*|(?<=\.)(?!\d)\s*")
_CLAUSE = re.compile(
    r"[.;!?\n]+|,\s*(?:but|now|and now|today|this time)\b|\bbut\b"
    r"|,\s*(?=(?:she|he|shes|hes|i|im|ive|we|they|its|my)\b)"
    r"|\bso (?=(?:i|im|ive|she|shes|we|my)\b)"
)
_HISTORICAL = re.compile(
    r"\b(?:last year|years ago|a year ago|(?:in|with|during|after) (?:my|her)"
    r" (?:last|first|previous|other|older|earlier|1st|2nd) (?:pregnancy|baby|birth"
    r"|delivery|child|labour|labor|son|daughter)|(?:last|previous|first|other)"
    r" pregnancy|(?:when|as) (?:i was|she was) (?:a )?(?:kid|child|teenager|young"
    r"|little)|used to (?:have|get)|history of (?:a |an )?(?:dvt|clot)|back in"
    r" (?:19|20)\d\d|in (?:19|20)\d\d|nothing since|none since|not since"
    r"|(?:a|one|two|three|four|five|six|\d+) (?:months?|years?) ago"
    r"|had (?:a |an )?(?:dvt|clot|blood clot|pe)"
    r" (?:before|in the past|once)|in the past|long ago|as a (?:child|kid|teen))\b"
)
# Another person (FAMILY): "my sister had", "my friend could not walk". A partner
# or relative writing about the patient ("my wife can't walk") is the patient.
_OTHER_PERSON = re.compile(
    r"\b(?:my|her|a|his|our) (?:sister|sis|mum|mom|mother|mam|mummy|friend|friends"
    r"|cousin|aunt|auntie|gran|granny|grandma|grandmother|nan|niece|colleague"
    r"|neighbour|neighbor|sister in law|mother in law|sil|mil|bestie|best friend"
    r"|coworker|co worker|daughter in law)s?\b|\b(?:someone|somebody|a woman|a lady"
    r"|other women|other mums|other moms|women (?:on|in) (?:a|the|this) (?:forum"
    r"|group)|people (?:on|in) (?:a|the) (?:forum|group)|a girl i know|one lady)\b"
)
# A man in the family is never the patient: "my dad has cancer", "my brother fell".
_MALE_RELATIVE = re.compile(
    r"\b(?:my|her|our) (?:dad|father|brother|uncle|grandad|grandpa|granddad"
    r"|grandfather|son|nephew|husband|boyfriend|fiance|father in law"
    r"|brother in law|fil|bil)s? (?:has|had|is|was|fell|broke|got|cant|couldnt"
    r"|needed|needs|been|having|went)\b"
)
# A question about a symptom ("is chest pain a sign of TOH?", "should I worry if
# I bleed?"): the clause is a question and has no statement that she has it.
_QUESTION_ABOUT = re.compile(
    r"\b(?:sign|signs|symptom|symptoms|warning|normal|dangerous|serious|a problem"
    r"|bad sign|common|something to worry|mean|means|caused by|cause|linked|related"
    r"|happen|happens|worry|worried|look out|watch for|expect|what if|could i get"
    r"|feel like|feels like|look like|looks like|what do|what does"
    r"|can i get|can you get|will i get|do people get|can toh cause|can it cause"
    r"|does toh cause|does it cause|is it possible)\b"
)
_PRESENT_TENSE = re.compile(
    r"\b(?:i|im|ive|me|my (?:hip|leg|back|pelvis|bump|baby)|wife|partner|girlfriend"
    r"|is|has|have|cant|cannot|can not|keeps|feels|now|today|tonight|right now"
    r"|currently|at the moment|this morning|isnt|doesnt|wont)\b"
)
_DIAGNOSED_TOH = re.compile(
    r"\b(?:diagnosed (?:with )?(?:toh|transient osteoporosis)|(?:i have|ive got|i got"
    r"|with|my) (?:toh|transient osteoporosis)|toh diagnosis|(?:mri|scan) (?:showed"
    r"|confirmed) (?:toh|transient osteoporosis))\b"
)
_OWN_NOW = re.compile(
    r"\b(?:i have|ive got|i got|i am|im|i feel|i felt|i cant|i cannot|my|me|she has"
    r"|shes|her|now|today|right now|currently|since|this morning|tonight|yesterday"
    r"|just)\b"
)
# Fear of a future event: "I'm scared I'll fall", "worried I might bleed".
_FEAR = re.compile(
    r"\b(?:scared|afraid|worried|terrified|frightened|fear|nervous|anxious|paranoid)"
    r" (?:of|that|about|i|ill|i will|i might|i may|id|she|shell|it|its)\b"
)
# She says in so many words that it is an emergency (issue: emergency advice needs a
# red flag or an explicit statement of an emergency, never the tone alone).
_EXPLICIT_EMERGENCY = re.compile(
    r"\b(?:(?:this|it) is an emergency|its an emergency|emergency(?! (?:number"
    r"|department|c section|caesarean|section|cs|csection|contraception|room visit"
    r"|appointment|scan|induction))|call(?:ed|ing)? (?:an? )?"
    r"ambulance|need an ambulance|ambulance is coming|(?:call|called|calling|ring"
    r"|dial) (?:999|911|112)|im dying|she is dying|shes dying|collapsed|passed out"
    r"|unconscious|not breathing|cant wake (?:her|up))\b"
)
_EXPLICIT_NOT = re.compile(
    r"\b(?:not an emergency|no emergency|isnt an emergency|if (?:its|it is) an"
    r" emergency|in an emergency|in case of (?:an )?emergency|is (?:this|it) an"
    r" emergency|what counts as an emergency|emergency number)\b"
)
_HISTORY_KEYS_KEEP = frozenset({"cancer_history"})  # a past cancer IS the red flag


def _clauses(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in _CLAUSE.finditer(text):
        end = match.end() if "?" in match.group() else match.start()
        spans.append((start, end))
        start = match.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def _not_her_now(clause: str) -> bool:
    """True when a clause describes the past, another person, a question or a fear."""
    return _context_of(clause) is not None


def _context_of(clause: str) -> Optional[str]:
    """historical | other_person | question | fear, or None when it is her now."""
    if _HISTORICAL.search(clause) and not re.search(
        r"\b(?:now|again|today|still|this time|right now|currently)\b",
        clause,
    ):
        return "historical"
    if _MALE_RELATIVE.search(clause) and not re.search(
        r"\b(?:i|im|ive|me|my (?:hip|leg|back|pelvis|bump))\b", clause
    ):
        return "other_person"
    if _OTHER_PERSON.search(clause) and not _PRESENT_TENSE.search(clause):
        # "my sister had heavy bleeding" is another person; "my sister is 30 weeks
        # and can't breathe" is a relative writing about the patient
        return "other_person"
    # a question: the words after the last comma ("..., I wanted to ask, is
    # breathlessness a sign of a clot?")
    asked = clause.rsplit(",", 1)[-1]
    question = asked.rstrip().endswith("?") or re.match(
        r"\s*(?:is|are|can|could|does|do|should|would|will|what|when|how|why)\b",
        asked,
    )
    if question and _QUESTION_ABOUT.search(asked) and not _OWN_NOW.search(asked):
        return "question"
    afraid = bool(_FEAR.search(clause)) and not re.search(
        r"\b(?:i (?:fell|slipped|tripped|have|am|cant)|ive (?:fallen|got)|im"
        r" (?:bleeding|leaking))\b",
        clause,
    )
    return "fear" if afraid else None


# Not a red flag at all: movements are not felt yet early in pregnancy.
_NOT_YET_FELT = re.compile(
    r"\b(?:no|not|havent|hasnt|not yet|never|didnt|dont)\b[^.?!]{0,30}"
    r"\b(?:kicks?|kicking|movements?|moving|move|flutters?|felt)\b[^.?!]{0,20}\byet\b"
    r"|\b(?:too early|first baby)\b[^.?!]{0,40}\b(?:kicks?|movements?|feel)"
)
# A question answered by "no" right after it: "bleeding? no", "fever?? nope".
_ANSWERED_NO = re.compile(r"\s*(?:no|nope|nah|none|negative|not really|n)\b")


def _answered_no(plain: str) -> set[str]:
    """Keys asked about in a "...?" clause that the next words answer with no."""
    denied: set[str] = set()
    for match in re.finditer(r"([^.?!]{1,60})\?+", plain):
        if _ANSWERED_NO.match(plain, match.end()):
            denied |= extract(match.group(1)).present
    return denied


def _context_filtered(plain: str, found: Any) -> tuple[set[str], set[str]]:
    """Keys to drop from present (they are only mentioned outside her now), and the
    keys that stay present because another clause states them about her now.

    The past is read per sentence ("About a month ago, at 20 weeks, I slipped"),
    another person, a question and fear per clause."""
    if not found.present:
        return set(), set()
    dropped: set[str] = set()
    kept: set[str] = set()
    for sentence in _SENTENCE.split(plain):
        if not sentence.strip():
            continue
        sentence_found = extract(sentence)
        if not sentence_found.present:
            continue
        if _context_of(sentence) == "historical":
            dropped |= sentence_found.present - _HISTORY_KEYS_KEEP
            continue
        for start, end in _clauses(sentence):
            clause = sentence[start:end]
            clause_found = extract(clause)
            if not clause_found.present:
                continue
            context = _context_of(clause)
            if context == "historical":
                dropped |= clause_found.present - _HISTORY_KEYS_KEEP
            elif context:
                dropped |= clause_found.present
            else:
                kept |= clause_found.present
    return dropped - kept, kept


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
    # short answers to a question
    answer: Optional[str] = None  # yes | no | unsure | declined
    none_of_these: bool = False
    trend: Optional[str] = None  # worse | same | better
    week_answer: Optional[int] = None
    duration_answer: Optional[float] = None
    readable: bool = False  # at least one word or number we could read

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


_WORDS = re.compile(r"[a-z]{2,}")


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


#: Probability from which the detector's best key is "possible": in a short
#: message, and in a story of three sentences or more.
DETECTOR_THRESHOLD = 0.5
STORY_THRESHOLD = 0.65


def _detector_sentences(plain: str) -> list[str]:
    """The sentences the detector may read: not those the phrase data already
    reads as a denial ("my chest is fine, not short of breath"), nor those about
    the past, another person or a question."""
    kept = []
    for sentence in _SENTENCE.split(plain)[:40]:
        if not sentence.strip():
            continue
        reading = extract(sentence)
        if reading.absent or _not_her_now(sentence):
            continue
        kept.append(sentence.strip())
    return kept


def understand(text: Any, detector: Any = None) -> Understanding:
    """Read one message; never raises for any input."""
    if not isinstance(text, str) or not text.strip():
        return Understanding()
    text = text[:MAX_TEXT]
    plain = _plain(text)
    found = extract(text)
    present, absent, unclear = set(found.present), set(found.absent), set(found.unclear)

    dropped, _ = _context_filtered(plain, found)
    if _NOT_YET_FELT.search(plain):
        dropped.add("reduced_fetal_movements")
    present -= dropped
    denied_after = _answered_no(plain) if "?" in plain else set()
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
        sentences = _detector_sentences(plain)
        if sentences:
            # every extra sentence is another chance of a false finding
            threshold = DETECTOR_THRESHOLD if len(sentences) <= 2 else STORY_THRESHOLD
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
        answer=short,
        none_of_these=bool(_NONE_OF_THESE.search(plain)),
        trend=parse_trend(plain),
        week_answer=parse_week(plain),
        duration_answer=duration_answer(plain),
        readable=bool(
            present
            or absent
            or unclear
            or stage
            or short
            or re.search(r"\d", plain)
            or _is_language(plain)
        ),
    )


def _is_language(plain: str) -> bool:
    """Some real words (not keyboard mashing, emoji or markup only)."""
    words = _WORDS.findall(re.sub(r"<[^>]*>", " ", plain))
    vowelled = [word for word in words if re.search(r"[aeiouy]", word)]
    return len(vowelled) >= 2 or any(
        word in ("ok", "no", "yes", "hi", "hey") for word in words
    )
