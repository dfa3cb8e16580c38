"""The one writer of the triage slots (bot/triage/record.py), message by message.

Each test builds the conversation's slots in code, reads one message with the real
understanding step and checks the slot values that ``update`` returns.
"""

from __future__ import annotations

from typing import Any, Optional

import pytest

from bot.triage.record import MAX_QUESTIONS, update
from bot.triage.understanding import understand
from bot.triage.vocabulary import GROUP_QUESTIONS


def say(
    text: str,
    intent: Optional[str] = "describe_pain",
    slots: Optional[dict] = None,
    requested: Optional[str] = None,
) -> dict[str, Any]:
    """The slots after the message (before + what update changes)."""
    before = dict(slots or {})
    return {**before, **update(before, requested, understand(text), intent)}


def test_first_message_prefills_what_the_patient_already_said():
    slots = say("im 34 weeks pregnant, my hip hurts but i can still walk. no fever")
    assert slots["stage"] == "pregnant"
    assert slots["pregnancy_week"] == 34.0
    assert slots["weight_bearing"] == "yes"
    assert {"cannot_bear_weight", "fever"} <= set(slots["denied_flags"])
    assert not slots["reported_flags"]


def test_cannot_stand_on_it_is_recorded_as_a_red_flag():
    slots = say("my left hip is getting worse and now i cant stand on it")
    assert {"cannot_bear_weight", "progressive_pain"} <= set(slots["reported_flags"])
    assert slots["weight_bearing"] == "no"
    assert slots["pain_trend"] == "worse"


@pytest.mark.parametrize(
    "requested, intent, slot_value, flag, listed_in",
    [
        ("fall", "affirm", "yes", "trauma_fall", "reported_flags"),
        ("fall", "deny", "no", "trauma_fall", "denied_flags"),
        ("weight_bearing", "affirm", "yes", "cannot_bear_weight", "denied_flags"),
        ("weight_bearing", "deny", "no", "cannot_bear_weight", "reported_flags"),
        ("weight_bearing", "unsure", "unsure", "cannot_bear_weight", "unclear_flags"),
    ],
)
def test_yes_no_answers_to_the_question_asked(
    requested, intent, slot_value, flag, listed_in
):
    slots = say("/" + intent, intent=intent, requested=requested)
    assert slots[requested] == slot_value
    assert flag in slots[listed_in]


def test_none_of_these_clears_the_whole_checklist():
    slots = say("none of these", intent="deny", requested="other_symptoms")
    assert slots["other_symptoms"] == "none"
    assert GROUP_QUESTIONS["other_symptoms"] <= set(slots["denied_flags"])


def test_an_unsure_answer_that_matters_gets_a_clarifying_question():
    slots = say("not sure", intent="unsure", requested="weight_bearing")
    assert slots["clarify_key"] == "cannot_bear_weight"
    assert slots["clarify_label"]


def test_the_clarifying_answer_settles_the_flag():
    before = {
        "clarify_key": "cannot_bear_weight",
        "unclear_flags": ["cannot_bear_weight"],
        "weight_bearing": "unsure",
    }
    slots = say("no", intent="deny", slots=before, requested="clarification")
    assert "cannot_bear_weight" in slots["reported_flags"]
    assert "cannot_bear_weight" in slots["clarified_flags"]
    assert slots["clarify_key"] is None


def test_later_denial_replaces_an_earlier_report():
    slots = say("actually no fever", intent="deny", slots={"reported_flags": ["fever"]})
    assert "fever" not in slots["reported_flags"]
    assert "fever" in slots["denied_flags"]


def test_week_number_answer():
    slots = say(
        "36",
        intent="inform_stage",
        slots={"stage": "pregnant"},
        requested="pregnancy_week",
    )
    assert slots["pregnancy_week"] == 36.0


def test_a_known_pregnancy_is_not_overwritten_by_a_question():
    before = {"stage": "pregnant", "pregnancy_week": 30.0}
    slots = say("can i take ibuprofen while im breastfeeding?", "faq", before)
    assert slots["stage"] == "pregnant" and slots["pregnancy_week"] == 30.0


def test_answering_the_stage_question_after_birth_clears_the_week():
    slots = say(
        "I had my baby and I'm breastfeeding",
        intent="inform_stage",
        slots={"pregnancy_week": 30.0},
        requested="stage",
    )
    assert slots["stage"] == "postpartum_breastfeeding"
    assert slots["pregnancy_week"] is None


# --- no trap: every question takes every answer (issue 8, item 5) ---------------

QUESTIONS = (
    "stage",
    "pregnancy_week",
    "weight_bearing",
    "pain_trend",
    "fall",
    "other_symptoms",
    "pregnancy_signs",
    "weeks_since_birth",
)
HARD_ANSWERS = {
    "not sure": "unsure",
    "I'd rather not say": None,
    "dunno": "unsure",
    "no": "deny",
    "asdkjh qwpoe": "nlu_fallback",
    "🤷‍♀️": "nlu_fallback",
}


def test_not_sure_to_a_checklist_is_taken_at_once():
    # The bug this issue started from: the validator wrote the flag slots too and
    # asked "not sure" again forever (Facts.clarified: unknown key other_symptoms).
    slots = say("not sure", intent="unsure", requested="other_symptoms")
    assert slots["other_symptoms"] == "unsure"
    assert GROUP_QUESTIONS["other_symptoms"] <= set(slots["unclear_flags"])
    assert "other_symptoms" not in slots["clarified_flags"]


@pytest.mark.parametrize("question", QUESTIONS)
@pytest.mark.parametrize("answer", sorted(HARD_ANSWERS))
def test_every_answer_fills_the_question_by_the_second_try(question, answer):
    before = {"stage": "pregnant"} if question == "pregnancy_week" else {}
    first = say(answer, HARD_ANSWERS[answer], before, requested=question)
    if first.get(question) is None:
        assert first["unread_answers"] == 1
        second = say(answer, HARD_ANSWERS[answer], first, requested=question)
        assert second.get(question) is not None, second
        assert second["unread_answers"] == 0
    else:
        assert first.get("unread_answers", 0) == 0


def test_a_plain_no_to_the_trend_question_means_not_getting_worse():
    slots = say("no", intent="deny", requested="pain_trend")
    assert slots["pain_trend"] == "same"
    assert "progressive_pain" in slots["denied_flags"]


def test_rather_not_say_to_the_stage_applies_every_stages_rules():
    slots = say("I'd rather not say", intent=None, requested="stage")
    assert slots["stage"] == "unknown"


def test_an_education_question_in_the_middle_is_answered_then_the_question_again():
    first = say("is an mri safe?", intent="faq", requested="fall")
    assert first.get("fall") is None and first["unread_answers"] == 1
    # a second message that does not answer it moves on, whatever its intent
    second = say(
        "and is it safe for the baby?", intent="faq", slots=first, requested="fall"
    )
    assert second["fall"] == "unsure"


def test_each_answer_counts_one_question():
    slots = say("no", intent="deny", requested="fall", slots={"questions_asked": 2})
    assert slots["questions_asked"] == 3
    assert MAX_QUESTIONS == 7


# --- rule S4: pain still there weeks after the birth ----------------------------


def test_pain_a_little_better_weeks_after_birth_counts_for_s4():
    slots = say(
        "I had my baby 8 weeks ago and my hip still hurts, a little better but"
        " still there. Im breastfeeding"
    )
    assert slots["weeks_since_birth"] == 8.0
    assert "persisting_after_birth" in slots["reported_flags"]


def test_pain_days_after_birth_is_not_s4():
    slots = say("gave birth 4 days ago, bit sore in the pelvis, im bottle feeding")
    assert "persisting_after_birth" not in slots["reported_flags"]


def test_a_new_pain_weeks_after_birth_is_not_s4():
    slots = say("had my baby 8 weeks ago, bottle feeding, hip pain started 3 days ago")
    assert "persisting_after_birth" not in slots["reported_flags"]


@pytest.mark.parametrize(
    "answer, weeks, persisting",
    [("about a month", 4.3, True), ("10 days", 1.4, False), ("not sure", -1.0, False)],
)
def test_how_long_ago_the_birth_was_as_an_answer(answer, weeks, persisting):
    before = {"stage": "postpartum_breastfeeding"}
    slots = say(answer, intent=None, slots=before, requested="weeks_since_birth")
    assert slots["weeks_since_birth"] == weeks
    assert ("persisting_after_birth" in slots["reported_flags"]) is persisting


def test_the_birth_question_is_needed_only_when_it_can_change_the_advice():
    calm = say("I had my baby, hip a bit sore, im breastfeeding")
    assert calm["birth_weeks_needed"] is True
    worse = say("I had my baby, hip pain keeps getting worse, im breastfeeding")
    assert worse["birth_weeks_needed"] is False


def test_diagnosed_toh_steadily_getting_better_is_self_care_not_s4():
    slots = say(
        "I was diagnosed with TOH, my baby is 3 months old, bottle fed, and the"
        " hip is steadily getting better"
    )
    assert "persisting_after_birth" not in slots["reported_flags"]


# --- the week and the learned detector's findings --------------------------------


def test_the_week_is_needed_when_it_decides_between_two_rules():
    slots = say("I'm pregnant and my waters are leaking")
    assert slots["week_needed"] is True  # E7 before 37 weeks, U6 from 37
    calm = say("I'm pregnant and my hip aches a bit when I walk")
    assert calm["week_needed"] is False


def test_a_possible_emergency_is_asked_about_first():
    from bot.triage.understanding import Understanding

    possible = Understanding(possible={"contractions"}, stage="pregnant")
    changes = update({}, None, possible, "describe_pain")
    assert changes["clarify_key"] == "contractions"
    assert changes["clarify_first"] is True
    assert changes["possible_flags"] == ["contractions"]
