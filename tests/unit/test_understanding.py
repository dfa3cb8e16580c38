"""The one understanding step per message (bot/triage/understanding.py): clinical
context, numbers, durations, short answers, and the probes of issue 8."""

from __future__ import annotations

import pytest

from bot.triage.understanding import Understanding, understand


@pytest.mark.parametrize(
    "text, key",
    [
        # the past (HISTORICAL)
        ("I had chest pain last year, now my hip hurts", "chest_pain"),
        ("in my last pregnancy I had a clot in my leg", "unilateral_leg_swelling"),
        # another person (FAMILY)
        ("my sister bled heavily after her birth", "vaginal_bleeding"),
        ("my mum had a DVT in her pregnancy", "unilateral_leg_swelling"),
        # a question about a symptom (HYPOTHETICAL)
        ("is chest pain a sign of TOH?", "chest_pain"),
        # movements are not felt yet early in pregnancy
        ("no kicks yet at 14 weeks, is that ok?", "reduced_fetal_movements"),
    ],
)
def test_mentions_that_are_not_about_her_now_do_not_count(text, key):
    reading = understand(text)
    assert key not in reading.present


@pytest.mark.parametrize(
    "text, key",
    [
        ("my wife can't walk, she is 36 weeks", "cannot_bear_weight"),
        (
            "my sister had a c-section 10 days ago and now she has chest pain",
            "chest_pain",
        ),
        ("I had cancer as a teenager", "cancer_history"),  # the past IS the flag
    ],
)
def test_a_relative_writing_about_her_or_a_past_that_matters_counts(text, key):
    assert key in understand(text).present


@pytest.mark.parametrize(
    "text, present, absent",
    [
        ("my temperature is 38.5", {"fever"}, set()),
        ("temp 101 F", {"fever"}, set()),
        ("temp 37.2", set(), {"fever"}),
        ("I'm soaking a pad every hour", {"vaginal_bleeding"}, set()),
        ("pain is 9/10 even after paracetamol", {"uncontrolled_pain"}, set()),
        ("pain about 3 out of 10, manageable", set(), {"uncontrolled_pain"}),
        ("bleeding? no. fever? no", set(), {"vaginal_bleeding", "fever"}),
    ],
)
def test_numbers_and_answers_after_the_question(text, present, absent):
    reading = understand(text)
    assert present <= reading.present and not present & reading.absent
    assert absent <= reading.absent and not absent & reading.present


def test_a_pain_score_of_nine_without_painkillers_is_unclear_not_present():
    reading = understand("the pain is a 9 out of 10")
    assert "uncontrolled_pain" in reading.unclear


@pytest.mark.parametrize(
    "text, birth, pain",
    [
        ("I had my baby 3 weeks ago", 3.0, None),
        ("gave birth 3 weeks ago, pain for 2 months", 3.0, 8.6),
        ("my son is 2 weeks old", 2.0, None),
        ("baby is six weeks", 6.0, None),
        ("3 weeks pp", 3.0, None),
        ("the pain started 5 days ago", None, 0.7),
        ("i felt a pop and now i cant walk", None, None),  # "and now" is no span
    ],
)
def test_weeks_since_birth_and_how_long_the_pain_lasted(text, birth, pain):
    reading = understand(text)
    assert reading.weeks_since_birth == birth
    assert reading.pain_weeks == pain


@pytest.mark.parametrize(
    "text, answer",
    [
        ("yes", "yes"),
        ("yeah i can", "yes"),
        ("nope", "no"),
        ("none of these", "no"),
        ("not sure", "unsure"),
        ("dunno", "unsure"),
        ("idk", "unsure"),
        ("I'd rather not say", "declined"),
        ("asdkjh qwpoe", None),
        ("🤷‍♀️", "unsure"),
        ("👍", "yes"),
        ("😀😀", None),
    ],
)
def test_short_answers(text, answer):
    assert understand(text).answer == answer


@pytest.mark.parametrize(
    "text, explicit",
    [
        ("this is an emergency, call an ambulance", True),
        ("she collapsed and is not breathing", True),
        ("is it an emergency if my waters break?", False),
        ("I had an emergency c-section 9 days ago", False),
        ("what is the emergency number", False),
        ("I'm so scared, something feels very wrong", False),  # tone alone
    ],
)
def test_an_explicit_statement_of_an_emergency(text, explicit):
    assert understand(text).explicit_emergency is explicit


@pytest.mark.parametrize("text", ["", "   ", None, 42, "x" * 20000, "<b>hi</b>"])
def test_any_input_gives_a_reading(text):
    assert isinstance(understand(text), Understanding)


def test_the_reading_survives_a_round_trip_through_json():
    reading = understand("32 weeks pregnant, I fell and can't stand, no bleeding")
    again = Understanding.from_dict(reading.as_dict())
    assert again == reading
    assert Understanding.from_dict("not a dict") == Understanding()
