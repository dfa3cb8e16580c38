"""Unit tests for the phrase reader (bot/triage/extract.py).

Every key of brief 11.5 must be read when stated, denied when negated and left
alone when only mentioned as a question or a look-alike ("bleeding gums"). The
example sentences live beside the phrases, in bot/triage/lang/en/phrases.yml
(``examples``): each one runs here as its own test, both ways.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.triage import CONTEXT_KEYS, RED_FLAG_KEYS, Extraction, extract
from bot.triage.language import corrected_word, language_data

ALL_KEYS = RED_FLAG_KEYS | CONTEXT_KEYS
ROOT = Path(__file__).resolve().parents[2]
PHRASE_KEYS = language_data("en")["phrases"]["keys"]
#: Context facts the record works out from durations, not from phrases.
COMPUTED_KEYS = frozenset({"persisting_after_birth"})


def examples(kind: str) -> list[tuple[str, str]]:
    """(sentence, key) for every example of this kind in phrases.yml."""
    return [
        (text, key)
        for key, entry in PHRASE_KEYS.items()
        for text in (entry.get("examples") or {}).get(kind) or ()
    ]


# --------------------------------------------------------------- present, per key

PRESENT = examples("present")


@pytest.mark.parametrize("text,key", PRESENT)
def test_present(text: str, key: str) -> None:
    result = extract(text)
    assert key in result.present
    assert key not in result.absent | result.unclear


def test_every_key_has_phrases_and_examples_both_ways() -> None:
    assert set(PHRASE_KEYS) == ALL_KEYS - COMPUTED_KEYS
    for key, entry in PHRASE_KEYS.items():
        found = entry.get("examples") or {}
        assert entry.get("phrases"), key
        assert found.get("present"), f"{key}: no present example"
        assert found.get("absent") or found.get("not_present"), (
            f"{key}: no example where it is not present"
        )


# ------------------------------------------------------------------------ typos

TYPOS = [  # typos are in the present examples; these check rapidfuzz's reach
    ("fevr since last night", "fever"),
    ("bleading a bit", "vaginal_bleeding"),
    ("baby's movments have slowed", "reduced_fetal_movements"),
    ("terible hedache", "severe_headache"),
    ("contracsions every 5 mins", "contractions"),
    ("my leg is swolllen, only the left one", "unilateral_leg_swelling"),
]


@pytest.mark.parametrize("text,key", TYPOS)
def test_typos_and_spelling(text: str, key: str) -> None:
    assert key in extract(text).present


# ------------------------------------------------------------------- negation

ABSENT = examples("absent")


@pytest.mark.parametrize("text,key", ABSENT)
def test_negated_mentions_are_absent(text: str, key: str) -> None:
    result = extract(text)
    assert key in result.absent
    assert key not in result.present | result.unclear


def test_negation_covers_a_list_joined_by_or() -> None:
    result = extract("no fever or bleeding")
    assert result.absent == {"fever", "vaginal_bleeding"}
    assert result.present == set()


def test_double_negation_cant_walk_is_present() -> None:
    result = extract("I can't walk")
    assert result.present == {"cannot_bear_weight"}
    assert result.absent == set()


# --------------------------------------------------------- clause boundaries

CLAUSES = [
    ("no fever but I can't stand on it", {"cannot_bear_weight"}, {"fever"}),
    ("no fever, I can't stand on it", {"cannot_bear_weight"}, {"fever"}),
    ("not bleeding though my waters broke", {"fluid_leakage"}, {"vaginal_bleeding"}),
    ("no pain before and now I can't walk", {"cannot_bear_weight"}, set()),
    ("no fever; chest pain since this morning", {"chest_pain"}, {"fever"}),
    ("no fever. bleeding since this morning", {"vaginal_bleeding"}, {"fever"}),
    ("no fever and my leg is swollen", {"unilateral_leg_swelling"}, {"fever"}),
    (
        "hip pain getting worse, no fever, no fall, baby moving fine",
        {"progressive_pain"},
        {"fever", "trauma_fall", "reduced_fetal_movements"},
    ),
    (
        "not bleeding, no contractions, no leaking, baby active",
        set(),
        {
            "vaginal_bleeding",
            "contractions",
            "fluid_leakage",
            "reduced_fetal_movements",
        },
    ),
]


@pytest.mark.parametrize("text,present,absent", CLAUSES)
def test_negation_stays_in_its_clause(
    text: str, present: set[str], absent: set[str]
) -> None:
    result = extract(text)
    assert present <= result.present
    assert absent <= result.absent
    assert not present & result.absent
    assert not absent & result.present


# ------------------------------------------------------------------- hedges

UNCLEAR = examples("unclear")


@pytest.mark.parametrize("text,key", UNCLEAR)
def test_hedged_mentions_are_unclear(text: str, key: str) -> None:
    result = extract(text)
    assert key in result.unclear
    assert key not in result.present | result.absent


# -------------------------------------------------- look-alikes and questions

NOT_PRESENT = examples("not_present")


@pytest.mark.parametrize("text,key", NOT_PRESENT)
def test_look_alikes_and_questions_are_not_present(text: str, key: str) -> None:
    assert key not in extract(text).present


def test_a_question_is_not_a_report() -> None:
    result = extract("what is transient osteoporosis of the hip?")
    assert result.present == result.absent == result.unclear == set()


# ------------------------------------------------------- relatives, chat, stories


def test_relative_reporting_for_his_wife() -> None:
    result = extract(
        "my wife is 32 weeks and she cant stand on her right leg, "
        "she says it felt like something cracked when she got up"
    )
    assert {"cannot_bear_weight", "sudden_severe_pain"} <= result.present
    assert result.stage == "pregnant"
    assert result.pregnancy_week == 32


def test_whatsapp_style() -> None:
    result = extract(
        "hi!! 28wks preg 🤰 hip killing me cant sleep, baby moving ok, no bleeding x"
    )
    assert result.present == {"daily_life_impact"}
    assert result.absent == {"reduced_fetal_movements", "vaginal_bleeding"}
    assert (result.stage, result.pregnancy_week) == ("pregnant", 28)


def test_chat_shorthand() -> None:
    result = extract("34w preg, hip agony cant stand")
    assert "cannot_bear_weight" in result.present
    assert (result.stage, result.pregnancy_week) == ("pregnant", 34)


def test_non_native_english() -> None:
    result = extract(
        "me 36 week pregnant. hip very pain since two week. now I not able to walk. "
        "husband carry me to bathroom"
    )
    assert "cannot_bear_weight" in result.present
    assert (result.stage, result.pregnancy_week) == ("pregnant", 36)


def test_long_story() -> None:
    result = extract(
        "Hi, I'm 35 weeks pregnant with my second. For about two weeks my left hip "
        "has hurt in the groin, it started as an ache and now its much worse, I'm "
        "limping. My midwife said it's normal pregnancy pain. No fever, no fall. Baby "
        "is kicking loads. Last night I couldn't put weight on my leg at all and had "
        "to crawl to the toilet."
    )
    assert {"cannot_bear_weight", "progressive_pain", "not_improving"} <= result.present
    assert {"fever", "trauma_fall", "reduced_fetal_movements"} <= result.absent
    assert (result.stage, result.pregnancy_week) == ("pregnant", 35)
    assert result.clinician_urgency is None


def test_postpartum_sepsis_story() -> None:
    result = extract(
        "had my baby 10 days ago. today I have a temp of 38.9 and I'm shivering "
        "and my heart is racing"
    )
    assert {"fever", "feeling_very_unwell"} <= result.present
    assert result.stage is None  # birth stated, feeding not: the bot asks


def test_key_sets_never_overlap() -> None:
    texts = [text for text, _ in PRESENT + ABSENT + UNCLEAR + NOT_PRESENT]
    for text in texts:
        result = extract(text)
        assert not result.present & result.absent, text
        assert not result.present & result.unclear, text
        assert not result.absent & result.unclear, text
        assert result.present | result.absent | result.unclear <= ALL_KEYS, text


# ------------------------------------------------------------- stage and week

STAGES = [
    ("I'm 34 weeks pregnant", "pregnant", 34),
    ("34w pregnant", "pregnant", 34),
    ("I'm pregnant, 34 wks", "pregnant", 34),
    ("week 34 of pregnancy", "pregnant", 34),
    ("I'm pregnant and in week 34", "pregnant", 34),
    ("at 34 weeks pregnant", "pregnant", 34),
    ("34+2", "pregnant", 34),
    ("I'm pregnant", "pregnant", None),
    ("preggo and sore", "pregnant", None),
    ("we're expecting our first", "pregnant", None),
    ("third trimester hip pain", "pregnant", None),
    ("I'm 8 months pregnant", "pregnant", None),  # months give no week (docstring)
    ("38 weeks, waters just went", "pregnant", 38),
    ("I'm 36 weeks pregnant, the pain started when I was 34 weeks", "pregnant", 36),
    ("36 weeks pregnant and will be induced at 39 weeks", "pregnant", 36),
    ("I'm breastfeeding", "postpartum_breastfeeding", None),
    ("bf and hip pain", "postpartum_breastfeeding", None),
    ("nursing my 3 month old", "postpartum_breastfeeding", None),
    ("I'm pumping", "postpartum_breastfeeding", None),
    ("had my baby 2 weeks ago and breastfeeding", "postpartum_breastfeeding", None),
    ("gave birth 3 weeks ago, not breastfeeding", "postpartum_not_breastfeeding", None),
    ("formula feeding my baby", "postpartum_not_breastfeeding", None),
    ("bottle feeding", "postpartum_not_breastfeeding", None),
    ("I stopped breastfeeding last month", "postpartum_not_breastfeeding", None),
    ("gave birth 3 weeks ago", None, None),
    ("postpartum", None, None),
    ("after my c-section", None, None),
    ("since delivery my hip hurts", None, None),
    ("my baby is 6 weeks old", None, None),
    ("2 weeks after birth the pain started", None, None),
    ("I'm not pregnant", None, None),
    ("my bf says it's nothing", None, None),
    ("I'm a nursing student", None, None),
    ("34w", None, None),
    ("hip pain for 2 weeks", None, None),
]


@pytest.mark.parametrize("text,stage,week", STAGES)
def test_stage_and_week(text: str, stage: str | None, week: int | None) -> None:
    result = extract(text)
    assert (result.stage, result.pregnancy_week) == (stage, week)


@pytest.mark.parametrize(
    "text",
    [
        "I'm pregnant and the pain started 3 weeks ago",
        "I'm pregnant, I've had pain for 2 weeks",
        "I'm pregnant, baby number two, first one is 6 weeks old",
        "I'm 3 weeks pregnant",
        "I am 50 weeks pregnant",
    ],
)
def test_durations_and_impossible_weeks_are_not_pregnancy_weeks(text: str) -> None:
    result = extract(text)
    assert result.stage == "pregnant"
    assert result.pregnancy_week is None


# ---------------------------------------------------------- clinician urgency

CLINICIAN = [
    ("my midwife told me to go to hospital today", "urgent"),
    ("I was told to go to maternity triage", "urgent"),
    ("my obstetrician wants me to come in today", "urgent"),
    ("the GP said I should go to A&E today", "urgent"),
    ("my midwife said go to A&E now", "emergency"),
    ("the doctor told me to call an ambulance", "emergency"),
    ("GP told me to ring 999", "emergency"),
    ("doc said go to the hospital right away", "emergency"),
    ("111 said I need to go to A&E", "emergency"),
    ("my doctor said it's normal", None),
    ("midwife said to go to triage if it gets worse", None),
    ("the midwife didn't tell me to go to hospital", None),
    ("doctor told me to get some rest in bed", None),
    ("I went to hospital today", None),
]


@pytest.mark.parametrize("text,urgency", CLINICIAN)
def test_clinician_urgency(text: str, urgency: str | None) -> None:
    assert extract(text).clinician_urgency == urgency


# ------------------------------------------------------------------ robustness

EMPTY = Extraction()


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\t ",
        "😭😭😭🤰🏻💔",
        "<script>alert(1)</script>",
        "não consigo andar",
        "asdfghjkl",
        "\x00\x01\x02",
        "?!.,;:",
        "1234567890",
        "a" * 10_000,
    ],
)
def test_noise_gives_an_empty_extraction(text: str) -> None:
    assert extract(text) == EMPTY


def test_non_string_input_gives_an_empty_extraction() -> None:
    assert extract(None) == EMPTY  # type: ignore[arg-type]


def test_ten_thousand_characters_are_read_to_the_end() -> None:
    filler = "my hip aches when I walk to the shops. " * 260
    text = (filler + "now I can't stand on it and there is chest pain")[-10_000:]
    assert len(text) == 10_000
    result = extract(text)
    assert {"cannot_bear_weight", "chest_pain"} <= result.present


def test_is_deterministic() -> None:
    text = "34 weeks, no fever, baby moving less, can't walk"
    assert extract(text) == extract(text)


def test_returns_plain_sets() -> None:
    result = extract("no fever but I can't walk")
    assert isinstance(result, Extraction)
    assert isinstance(result.present, set)
    assert isinstance(result.absent, set)
    assert isinstance(result.unclear, set)


# ------------------------------------------------------- known limits, pinned


def test_limit_negation_does_not_cross_a_comma_in_a_list() -> None:
    result = extract("no fever, rash or bleeding")
    assert "fever" in result.absent
    assert "vaginal_bleeding" in result.present  # the safe side: asked, not missed


def test_limit_and_after_a_negation_carries_it() -> None:
    assert extract("no fever and bleeding heavily").absent == {
        "fever",
        "vaginal_bleeding",
    }


def test_limit_fainting_is_read_as_feeling_very_unwell() -> None:
    assert extract("I fainted this morning").present == {"feeling_very_unwell"}


def test_limit_months_of_pregnancy_give_no_week() -> None:
    result = extract("9 months pregnant and my waters broke")
    assert (result.stage, result.pregnancy_week) == ("pregnant", None)
    assert "fluid_leakage" in result.present


@pytest.mark.parametrize(
    "text",
    [
        "thinking about hurting myself",
        "i might hurt myself",
        "sometimes i think about ending it",
        "maybe everyone would be better off without me",
        "i feel like harming myself",
    ],
)
def test_hedged_self_harm_counts_as_present(text):
    """Safety first: a self-harm thought is never downgraded to 'unclear'."""
    result = extract(text)
    assert "self_harm_thoughts" in result.present
    assert "self_harm_thoughts" not in result.unclear


def test_denied_self_harm_is_not_present():
    assert "self_harm_thoughts" in extract("i dont want to hurt myself").absent


@pytest.mark.parametrize(
    "text",
    [
        "i tripped over the car seat and landed on my hip and the pain is excruciating",
        "fell in the shower, agony",
    ],
)
def test_severe_pain_after_a_fall_is_sudden_severe_pain(text):
    """E1: a fall, then severe hip pain."""
    assert {"trauma_fall", "sudden_severe_pain"} <= extract(text).present


@pytest.mark.parametrize(
    "text, key, where",
    [
        ("One of my legs is swollen", "unilateral_leg_swelling", "present"),
        (
            "no fever, not bleeding, I can still walk just sore",
            "not_improving",
            "neither",
        ),
        (
            "it still aches a bit but its steadily getting better",
            "not_improving",
            "absent",
        ),
        ("still hurts 6 weeks after birth", "not_improving", "present"),
    ],
)
def test_checklist_wording_and_still_sore(text, key, where):
    result = extract(text)
    assert (key in result.present) == (where == "present")
    assert (key in result.absent) == (where == "absent")


@pytest.mark.parametrize(
    "text", ["my hip hurts more every week", "it is more and more painful"]
)
def test_more_pain_each_week_is_progressive(text):
    assert "progressive_pain" in extract(text).present


@pytest.mark.parametrize(
    "typo, word", [("thinks", "think"), ("walkin", "walking"), ("bleding", "bleeding")]
)
def test_typo_correction_prefers_the_word_the_typo_starts_with(typo, word):
    assert corrected_word(typo) == word


def test_typo_correction_is_the_same_under_every_hash_seed():
    """Equal-score candidates were once picked in set order, so a message's
    reading changed from one process to the next."""
    text = "My wife is 30 weeks and so low she thinks about ending it"
    script = f"from bot.triage import extract;print(sorted(extract({text!r}).present))"
    outputs = {
        subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2", "3", "4")
    }
    assert len(outputs) == 1
    assert "self_harm_thoughts" in outputs.pop()
