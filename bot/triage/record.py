"""The conversation's record of facts, and the one function that writes it.

``update(slots, requested, understanding, intent)`` takes the slots a conversation
has, the question the assessment just asked (``requested_slot``) and the message's
``Understanding``; it returns the slot values that change. The Rasa server calls it
once per user message (``bot.policies.TriageSafetyPolicy``); nothing else writes the
flag slots. Plain Python, no Rasa import.

No trap: every question accepts yes, no, "not sure", "rather not say", "dunno",
"none of these", nonsense and emoji. An answer that cannot be read is asked once
more; the second time it counts as "not sure" and the assessment moves on. The
assessment asks at most ``MAX_QUESTIONS`` questions, clarification included.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Iterable, Optional

from bot.triage.engine import KNOWN_STAGES, Assessment, assess, rank
from bot.triage.outcome import describe_flags, facts_from_record, normalise_week
from bot.triage.understanding import Understanding
from bot.triage.vocabulary import (
    ABILITY_KEYS,
    GROUP_QUESTIONS,
    SINGLE_KEY_QUESTIONS,
)

PREGNANT = "pregnant"
POSTPARTUM = ("postpartum_breastfeeding", "postpartum_not_breastfeeding")
PERSISTING = "persisting_after_birth"
UNKNOWN_WEEKS = -1.0  # weeks_since_birth when she doesn't know or won't say
# Weeks after the birth from which pain that is still there counts for rule S4
# (brief 11.2: "persisting or not improving weeks after birth (e.g. >2-6 weeks)";
# the lower bound, because S4 only asks for an appointment within days).
S4_WEEKS = 2.0
#: At most 6 questions plus one clarification in one assessment (issue 8).
MAX_QUESTIONS = 7
#: A button's payload as an answer (free text is read by the understanding step).
#: A question in the middle ("is an MRI safe?") is answered by its own rule and
#: counts as a try, so that two messages that don't answer a question move on.
ANSWER_BY_INTENT = {"affirm": "yes", "deny": "no", "unsure": "unsure"}


class Record:
    """The facts a conversation has gathered so far, as sets of keys."""

    def __init__(self, slots: Mapping[str, Any]) -> None:
        self.reported = set(slots.get("reported_flags") or [])
        self.denied = set(slots.get("denied_flags") or [])
        self.unclear = set(slots.get("unclear_flags") or [])
        self.clarified = set(slots.get("clarified_flags") or [])
        self.possible = set(slots.get("possible_flags") or [])
        self.stage: Optional[str] = slots.get("stage")
        self.week = slots.get("pregnancy_week")
        self.clinician_urgency: Optional[str] = slots.get("clinician_urgency")

    def add(
        self,
        present: Iterable[str] = (),
        absent: Iterable[str] = (),
        unclear: Iterable[str] = (),
    ) -> None:
        """The latest statement wins: a denial removes an earlier report and back."""
        present, absent, unclear = set(present), set(absent), set(unclear)
        self.reported = (self.reported - absent - unclear) | present
        self.denied = (self.denied - present - unclear) | absent
        self.unclear = (self.unclear - present - absent) | (unclear - self.reported)
        self.possible -= present | absent | unclear

    def assessment(self, week: Any = "known") -> Assessment:
        return assess(
            facts_from_record(
                self.reported,
                self.unclear | self.possible,
                self.clarified,
                self.stage,
                self.week if week == "known" else week,
                self.clinician_urgency,
            )
        )

    def week_matters(self) -> bool:
        """In pregnancy with an unknown week: would the week change the advice?"""
        if self.stage != PREGNANT or normalise_week(self.week) is not None:
            return False
        levels = {self.assessment(week).urgency for week in (12, 22, 30, 38)}
        return len(levels) > 1

    def slot_values(self) -> dict[str, Any]:
        return {
            "reported_flags": sorted(self.reported),
            "denied_flags": sorted(self.denied),
            "unclear_flags": sorted(self.unclear),
            "clarified_flags": sorted(self.clarified),
            "possible_flags": sorted(self.possible),
        }


def _answer(understanding: Understanding, intent: Optional[str]) -> Optional[str]:
    """yes | no | unsure | declined, from the words or from the intent."""
    return understanding.answer or ANSWER_BY_INTENT.get(intent or "")


def _single_key_answer(
    requested: str, answer: Optional[str], u: Understanding
) -> tuple[Optional[str], set[str], set[str], set[str]]:
    """(slot value, present, absent, unclear) for a question about one red flag."""
    key, present_when = SINGLE_KEY_QUESTIONS[requested]
    absent_when = "yes" if present_when == "no" else "no"
    if key in u.present:
        return present_when, {key}, set(), set()
    if key in u.absent:
        return absent_when, set(), {key}, set()
    if key in u.unclear:
        return "unsure", set(), set(), {key}
    if answer in ("yes", "no"):
        if answer == present_when:
            return present_when, {key}, set(), set()
        return absent_when, set(), {key}, set()
    if answer in ("unsure", "declined"):
        return "unsure", set(), set(), {key}
    return None, set(), set(), set()


def update(
    slots: Mapping[str, Any],
    requested: Optional[str],
    understanding: Understanding,
    intent: Optional[str] = None,
) -> dict[str, Any]:
    """The slot values this message changes (the only writer of the flag slots)."""
    u = understanding
    answer = _answer(u, intent)
    record = Record(slots)
    values: dict[str, Any] = {}
    present, absent, unclear = set(u.present), set(u.absent), set(u.unclear)
    answered: Optional[str] = None  # the value given to the requested question

    # --- the answer to the question just asked ---
    if requested in SINGLE_KEY_QUESTIONS:
        value, p, a, q = _single_key_answer(requested, answer, u)
        present, absent, unclear = present | p, absent | a, unclear | q
        answered = value
    elif requested == "pain_trend":
        trend = u.trend
        if trend is None and answer:
            # "yes" to "worse, the same or better?" is read as the first choice,
            # a plain "no" as "not getting worse"
            trend = {"yes": "worse", "no": "same"}.get(answer, "unsure")
        if "progressive_pain" in u.present:
            trend = "worse"
        answered = trend
        if trend == "worse":
            present.add("progressive_pain")
        elif trend in ("same", "better"):
            absent.add("progressive_pain")
        elif trend == "unsure":
            unclear.add("progressive_pain")
    elif requested in GROUP_QUESTIONS:
        keys = GROUP_QUESTIONS[requested]
        if keys & u.present:
            answered = "reported"
        elif answer == "no" or u.none_of_these or keys & u.absent:
            # "no", or "no blood, baby moving fine": the list is denied, except what
            # the same message leaves unclear or may describe ("water is coming")
            answered = "none"
            absent |= keys - u.present - u.unclear - u.possible
        elif answer in ("unsure", "declined") or keys & u.unclear:
            answered = "unsure"
            unclear |= keys - u.present - u.absent
    elif requested == "stage":
        if u.stage:
            answered = u.stage
        elif u.week_answer and 4 <= u.week_answer <= 42:
            answered = PREGNANT
            values["pregnancy_week"] = float(u.week_answer)
        elif answer in ("no", "unsure", "declined") or u.none_of_these:
            answered = "unknown"  # every stage's rules apply (brief 11.4)
    elif requested == "pregnancy_week":
        week = u.week_answer or u.pregnancy_week
        if week and 1 <= week <= 42:
            answered = float(week)
        elif answer in ("no", "unsure", "declined"):
            answered = 0.0  # she doesn't know or won't say: an unknown week
    elif requested == "weeks_since_birth":
        weeks = u.weeks_since_birth
        if weeks is None:
            weeks = u.duration_answer
        if weeks is not None:
            answered = weeks
        elif answer in ("no", "unsure", "declined"):
            answered = UNKNOWN_WEEKS
    elif requested == "clarification":
        key = slots.get("clarify_key")
        if key and key in u.present:
            answer = "yes" if key not in ABILITY_KEYS else "no"
        elif key and key in u.absent:
            answer = "no" if key not in ABILITY_KEYS else "yes"
        if answer:
            answered = {"declined": "unsure"}.get(answer, answer)
            if key:
                record.clarified.add(key)
                yes_means_present = key not in ABILITY_KEYS
                if answered == "unsure":
                    unclear.add(key)
                elif (answered == "yes") == yes_means_present:
                    present.add(key)
                else:
                    absent.add(key)

    # --- an answer we could not read: ask once more, then take it as "not sure" ---
    if requested and answered is None and intent != "goodbye":
        tries = int(slots.get("unread_answers") or 0) + 1
        if tries >= 2:
            answered = _unsure_value(requested)
            if requested in SINGLE_KEY_QUESTIONS:
                unclear.add(SINGLE_KEY_QUESTIONS[requested][0])
            elif requested in GROUP_QUESTIONS:
                unclear |= GROUP_QUESTIONS[requested] - record.reported
            elif requested == "pain_trend":
                unclear.add("progressive_pain")
            elif requested == "clarification" and slots.get("clarify_key"):
                record.clarified.add(slots["clarify_key"])
            tries = 0
        values["unread_answers"] = tries
    elif requested and answered is not None:
        values["unread_answers"] = 0
    if requested and answered is not None:
        values[requested] = answered
        values["questions_asked"] = int(slots.get("questions_asked") or 0) + 1

    record.add(present, absent, unclear)
    record.possible |= u.possible - record.reported - record.denied - record.clarified

    # --- stage and week. A known stage changes only when the question is asked:
    # a pregnant woman asking about ibuprofen "while breastfeeding" stays pregnant.
    stage_known = record.stage in KNOWN_STAGES
    if u.stage and (not stage_known or requested == "stage"):
        values.setdefault("stage", u.stage)
    record.stage = values.get("stage", record.stage)
    if record.stage == PREGNANT:
        if u.pregnancy_week and requested != "pregnancy_week":
            values.setdefault("pregnancy_week", float(u.pregnancy_week))
    elif record.stage in KNOWN_STAGES:
        values["pregnancy_week"] = None
    record.week = values.get("pregnancy_week", record.week)

    # --- how long ago the birth was, how long the pain has lasted (rule S4) ---
    birth = values.get("weeks_since_birth", slots.get("weeks_since_birth"))
    if u.weeks_since_birth is not None and requested != "weeks_since_birth":
        birth = values["weeks_since_birth"] = u.weeks_since_birth
    lasted = u.pain_weeks if u.pain_weeks is not None else slots.get("pain_weeks")
    if u.pain_weeks is not None:
        values["pain_weeks"] = u.pain_weeks
    # Pain that is still there 2 weeks or more after the birth, even a little
    # better, unless she says it is new (it started less than 2 weeks ago).
    if record.stage in POSTPARTUM and birth is not None and birth != UNKNOWN_WEEKS:
        new_pain = lasted is not None and lasted < S4_WEEKS and not u.pain_since_birth
        if birth >= S4_WEEKS and not new_pain:
            record.add(present={PERSISTING})
        elif PERSISTING in record.reported:
            record.add(absent={PERSISTING})

    # Diagnosed TOH that is steadily getting better is self-care (brief 11.2 SC);
    # TOH that is not getting better stays rule S4.
    diagnosed = bool(u.diagnosed_toh or slots.get("diagnosed_toh"))
    if u.diagnosed_toh:
        values["diagnosed_toh"] = True
    trend_now = values.get("pain_trend") or slots.get("pain_trend") or u.trend
    if diagnosed and trend_now == "better" and PERSISTING in record.reported:
        record.reported.discard(PERSISTING)

    # --- she has told us about pain of her own: an answer on another topic is
    # followed by the offer of a check (actions/education.py) ---
    if u.own_pain or intent == "describe_pain":
        values["pain_described"] = True

    # --- what her own clinician told her ---
    if u.clinician_urgency:
        values["clinician_urgency"] = u.clinician_urgency
        record.clinician_urgency = u.clinician_urgency

    # --- answers that fill assessment questions before they are asked ---
    for slot, (key, present_when) in SINGLE_KEY_QUESTIONS.items():
        absent_when = "yes" if present_when == "no" else "no"
        if key in u.present and key in record.reported:
            values.setdefault(slot, present_when)
        elif key in u.absent and key in record.denied:
            values.setdefault(slot, absent_when)
    if "progressive_pain" in u.present:
        values.setdefault("pain_trend", "worse")
    for slot, keys in GROUP_QUESTIONS.items():
        if keys & u.present:
            values.setdefault(slot, "reported")

    # --- the one clarifying question, if an unclear answer matters: about the key
    # that could raise the advice most (phrase readings before detector guesses) ---
    assessment = record.assessment()
    already_clarified = slots.get("clarification") is not None or (
        requested == "clarification" and answered is not None
    )
    clarify_key = None
    if assessment.clarify and not already_clarified:
        clarify_key = max(
            assessment.clarify,
            key=lambda key: (
                rank(_clarified_level(record, key)),
                key not in record.possible,
            ),
        )
    elif already_clarified:
        clarify_key = slots.get("clarify_key") if requested != "clarification" else None
    values["clarify_key"] = clarify_key
    values["clarify_label"] = describe_flags([clarify_key]) if clarify_key else None
    values["clarify_first"] = bool(
        clarify_key
        and _clarified_level(record, clarify_key) == "emergency"
        and assessment.urgency != "emergency"
    )
    values["week_needed"] = record.week_matters()
    values["birth_weeks_needed"] = bool(
        not (diagnosed and trend_now == "better")
        and record.stage in POSTPARTUM
        and birth is None
        and assessment.urgency == "self_care"
    )

    values.update(record.slot_values())
    return {name: value for name, value in values.items() if slots.get(name) != value}


def _clarified_level(record: Record, key: str) -> str:
    """The level if the unclear key turned out to be present."""
    return assess(
        facts_from_record(
            record.reported | {key},
            (),
            record.clarified,
            record.stage,
            record.week,
            record.clinician_urgency,
        )
    ).urgency


def _unsure_value(requested: str) -> Any:
    return {"stage": "unknown", "pregnancy_week": 0.0}.get(requested, "unsure")
