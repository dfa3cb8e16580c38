"""Unit tests for the free-text symptom extractor (bot/triage/extract.py).

Every key of brief 11.5 must be read when stated, denied when negated and left
alone when only mentioned as a question or a look-alike ("bleeding gums").
"""

from __future__ import annotations

import pytest

from bot.triage import CONTEXT_KEYS, RED_FLAG_KEYS, Extraction, extract

ALL_KEYS = RED_FLAG_KEYS | CONTEXT_KEYS

# --------------------------------------------------------------- present, per key

PRESENT = [
    # cannot_bear_weight
    ("can't stand on it", "cannot_bear_weight"),
    ("I cannot put weight on my leg", "cannot_bear_weight"),
    ("unable to walk", "cannot_bear_weight"),
    ("cant walk", "cannot_bear_weight"),
    ("I have to hold furniture to walk", "cannot_bear_weight"),
    ("she has to hold onto the walls", "cannot_bear_weight"),
    ("I can only walk with help", "cannot_bear_weight"),
    ("i can walk but only with crutches", "cannot_bear_weight"),
    ("can't get out of bed because of my hip", "cannot_bear_weight"),
    ("I can barely walk", "cannot_bear_weight"),
    ("I am not able to walk since two days", "cannot_bear_weight"),
    ("I haven't been able to walk for 3 days", "cannot_bear_weight"),
    ("my wife can't put weight on her leg", "cannot_bear_weight"),
    ("had to crawl to the toilet", "cannot_bear_weight"),
    # progressive_pain
    ("the pain is getting worse", "progressive_pain"),
    ("it's worse every day", "progressive_pain"),
    ("worse and worse", "progressive_pain"),
    ("more painful each week", "progressive_pain"),
    ("the pain is increasing", "progressive_pain"),
    # trauma_fall
    ("I fell", "trauma_fall"),
    ("I slipped on the ice", "trauma_fall"),
    ("had a fall down the stairs", "trauma_fall"),
    ("I tripped over the dog", "trauma_fall"),
    # sudden_severe_pain
    ("felt a crack in my hip", "sudden_severe_pain"),
    ("heard a snap when I got up", "sudden_severe_pain"),
    ("felt something pop", "sudden_severe_pain"),
    ("sudden severe pain in my groin", "sudden_severe_pain"),
    ("suddenly agony", "sudden_severe_pain"),
    ("sudden sharp pain", "sudden_severe_pain"),
    # fever
    ("I have a fever", "fever"),
    ("temperature 38.5", "fever"),
    ("temp of 39", "fever"),
    ("high temp", "fever"),
    ("hot and shivery", "fever"),
    ("I have a temperature", "fever"),
    # hot_swollen_joint
    ("my hip is hot and swollen", "hot_swollen_joint"),
    ("red hot swollen hip", "hot_swollen_joint"),
    # unilateral_leg_swelling
    ("one leg swollen", "unilateral_leg_swelling"),
    ("left calf swollen and red", "unilateral_leg_swelling"),
    ("my right leg is bigger than the left", "unilateral_leg_swelling"),
    ("calf swollen and red on the left side", "unilateral_leg_swelling"),
    # chest_pain
    ("chest pain", "chest_pain"),
    ("pain in my chest", "chest_pain"),
    ("my chest hurts", "chest_pain"),
    # breathlessness
    ("I can't breathe", "breathlessness"),
    ("short of breath", "breathlessness"),
    ("out of breath", "breathlessness"),
    ("struggling to breathe", "breathlessness"),
    ("I feel breathless", "breathlessness"),
    # saddle_anaesthesia
    ("numb between my legs", "saddle_anaesthesia"),
    ("I can't feel toilet paper when I wipe", "saddle_anaesthesia"),
    ("numb down there", "saddle_anaesthesia"),
    ("numb around my bottom", "saddle_anaesthesia"),
    # bladder_bowel_dysfunction
    ("I can't pee", "bladder_bowel_dysfunction"),
    ("can't wee since this morning", "bladder_bowel_dysfunction"),
    ("I wet myself without knowing", "bladder_bowel_dysfunction"),
    ("leaking urine", "bladder_bowel_dysfunction"),
    ("can't control my bladder", "bladder_bowel_dysfunction"),
    ("can't control my bowels", "bladder_bowel_dysfunction"),
    ("I pooed myself", "bladder_bowel_dysfunction"),
    # leg_weakness_numbness
    ("my leg is weak", "leg_weakness_numbness"),
    ("foot drop", "leg_weakness_numbness"),
    ("my leg is numb", "leg_weakness_numbness"),
    ("pins and needles in my leg", "leg_weakness_numbness"),
    ("my legs keep giving way", "leg_weakness_numbness"),
    # vaginal_bleeding
    ("I'm bleeding", "vaginal_bleeding"),
    ("blood in my pad", "vaginal_bleeding"),
    ("some spotting", "vaginal_bleeding"),
    ("bleeding from down there", "vaginal_bleeding"),
    ("it won't stop bleeding", "vaginal_bleeding"),
    ("no idea why I'm bleeding", "vaginal_bleeding"),
    # contractions
    ("contractions every 10 minutes", "contractions"),
    ("tightenings every 5 min", "contractions"),
    ("regular tightening", "contractions"),
    # fluid_leakage
    ("my waters broke", "fluid_leakage"),
    ("waters have gone", "fluid_leakage"),
    ("I'm leaking fluid", "fluid_leakage"),
    ("a gush of water", "fluid_leakage"),
    # reduced_fetal_movements
    ("baby moving less", "reduced_fetal_movements"),
    ("haven't felt the baby move today", "reduced_fetal_movements"),
    ("baby not moving", "reduced_fetal_movements"),
    ("less kicks than usual", "reduced_fetal_movements"),
    ("32 weeks, baby hasn't moved since yesterday", "reduced_fetal_movements"),
    # severe_headache
    ("severe headache", "severe_headache"),
    ("worst headache of my life", "severe_headache"),
    ("bad headache that won't go", "severe_headache"),
    # visual_disturbance
    ("blurry vision", "visual_disturbance"),
    ("seeing flashing lights", "visual_disturbance"),
    ("seeing spots", "visual_disturbance"),
    ("seeing stars", "visual_disturbance"),
    # upper_abdominal_pain
    ("pain under my ribs", "upper_abdominal_pain"),
    ("upper tummy pain", "upper_abdominal_pain"),
    # sudden_swelling_face_hands
    ("face and hands suddenly swollen", "sudden_swelling_face_hands"),
    ("puffy face", "sudden_swelling_face_hands"),
    # feeling_very_unwell
    ("I feel really ill", "feeling_very_unwell"),
    ("shivering", "feeling_very_unwell"),
    ("shaking all over", "feeling_very_unwell"),
    ("she is confused", "feeling_very_unwell"),
    ("racing heart", "feeling_very_unwell"),
    ("I feel like I'm going to pass out", "feeling_very_unwell"),
    # severe_abdominal_pain
    ("severe tummy pain", "severe_abdominal_pain"),
    ("my belly is hard and painful", "severe_abdominal_pain"),
    ("stomach pain is terrible", "severe_abdominal_pain"),
    # fall_on_abdomen
    ("I fell on my bump", "fall_on_abdomen"),
    ("I hit my belly on the table", "fall_on_abdomen"),
    ("landed on my stomach", "fall_on_abdomen"),
    # uncontrolled_pain
    ("paracetamol doesn't help", "uncontrolled_pain"),
    ("painkillers don't work", "uncontrolled_pain"),
    ("pain unbearable even resting", "uncontrolled_pain"),
    # self_harm_thoughts
    ("I want to hurt myself", "self_harm_thoughts"),
    ("my family would be better off without me", "self_harm_thoughts"),
    ("I want to die", "self_harm_thoughts"),
    ("I want to end my life", "self_harm_thoughts"),
    ("I'm going to kill myself", "self_harm_thoughts"),
    # night_rest_pain
    ("it hurts at night", "night_rest_pain"),
    ("pain even lying still", "night_rest_pain"),
    ("the pain wakes me up at night", "night_rest_pain"),
    # weight_loss
    ("I'm losing weight without trying", "weight_loss"),
    # cancer_history
    ("I had cancer", "cancer_history"),
    ("history of breast cancer", "cancer_history"),
    # daily_life_impact (context)
    ("I can't work", "daily_life_impact"),
    ("I can't sleep because of it", "daily_life_impact"),
    ("I can't look after my kids", "daily_life_impact"),
    ("it's stopping me doing everything", "daily_life_impact"),
    # not_improving (context)
    ("it's not getting better", "not_improving"),
    ("hurting for weeks now", "not_improving"),
    ("still hurts 6 weeks after birth", "not_improving"),
    ("it hasn't improved", "not_improving"),
]


@pytest.mark.parametrize("text,key", PRESENT)
def test_present(text: str, key: str) -> None:
    result = extract(text)
    assert key in result.present
    assert key not in result.absent | result.unclear


def test_every_key_has_a_present_example() -> None:
    assert {key for _, key in PRESENT} == ALL_KEYS


# ------------------------------------------------------------------------ typos

TYPOS = [
    ("fevr since last night", "fever"),
    ("bleading a bit", "vaginal_bleeding"),
    ("contractons every 5 mins", "contractions"),
    ("cant brething properly", "breathlessness"),
    ("numbnes in my left leg", "leg_weakness_numbness"),
    ("my leg is swolen, only the left one", "unilateral_leg_swelling"),
    ("paracetemol dosent help", "uncontrolled_pain"),
    ("cnt put wieght on my leg", "cannot_bear_weight"),
    ("baby's movments have slowed", "reduced_fetal_movements"),
    ("terible hedache", "severe_headache"),
    ("I CAN’T WALK", "cannot_bear_weight"),
    ("can t walk", "cannot_bear_weight"),
]


@pytest.mark.parametrize("text,key", TYPOS)
def test_typos_and_spelling(text: str, key: str) -> None:
    assert key in extract(text).present


# ------------------------------------------------------------------- negation

ABSENT = [
    ("no fever", "fever"),
    ("not bleeding", "vaginal_bleeding"),
    ("I don't have chest pain", "chest_pain"),
    ("I didn't fall", "trauma_fall"),
    ("I never fell", "trauma_fall"),
    ("without any swelling", "unilateral_leg_swelling"),
    ("without any swelling", "hot_swollen_joint"),
    ("no numbness", "leg_weakness_numbness"),
    ("no numbness", "saddle_anaesthesia"),
    ("baby is moving fine", "reduced_fetal_movements"),
    ("baby is moving normally", "reduced_fetal_movements"),
    ("the baby is moving a lot", "reduced_fetal_movements"),
    ("I can still walk, just sore", "cannot_bear_weight"),
    ("walking is ok", "cannot_bear_weight"),
    ("she can walk but it hurts", "cannot_bear_weight"),
    ("I have not had any bleeding at all", "vaginal_bleeding"),
    ("there is no sign of any bleeding", "vaginal_bleeding"),
    ("I haven't noticed any swelling", "unilateral_leg_swelling"),
    ("I have no pain in my chest", "chest_pain"),
    ("doesn't hurt at night", "night_rest_pain"),
    ("paracetamol helps", "uncontrolled_pain"),
    ("the pain is not getting worse", "progressive_pain"),
    ("it's getting better", "not_improving"),
    ("the bleeding has stopped", "vaginal_bleeding"),
    ("fever - no, bleeding - no", "fever"),
    ("fever - no, bleeding - no", "vaginal_bleeding"),
    ("my temperature is 37.2", "fever"),
    ("I'm not suicidal", "self_harm_thoughts"),
    ("my waters haven't broken", "fluid_leakage"),
    ("no contractions", "contractions"),
    ("never had cancer", "cancer_history"),
]


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

UNCLEAR = [
    ("not sure if I have a fever", "fever"),
    ("I don't know, maybe I have a fever, I'm not sure", "fever"),
    ("I can sort of walk", "cannot_bear_weight"),
    ("can't walk properly", "cannot_bear_weight"),
    ("it's hard to walk", "cannot_bear_weight"),
    ("maybe a little swollen", "unilateral_leg_swelling"),
    ("I don't think my waters have broken", "fluid_leakage"),
    ("I'm not sure if the baby is moving less", "reduced_fetal_movements"),
    ("I might be bleeding", "vaginal_bleeding"),
    ("kind of a bad headache", "severe_headache"),
    ("headache", "severe_headache"),
    ("my tummy hurts", "severe_abdominal_pain"),
    ("I feel unwell", "feeling_very_unwell"),
    ("braxton hicks", "contractions"),
    ("period like cramps", "contractions"),
    ("in agony", "uncontrolled_pain"),
]


@pytest.mark.parametrize("text,key", UNCLEAR)
def test_hedged_mentions_are_unclear(text: str, key: str) -> None:
    result = extract(text)
    assert key in result.unclear
    assert key not in result.present | result.absent


# -------------------------------------------------- look-alikes and questions

NOT_PRESENT = [
    ("bleeding gums", "vaginal_bleeding"),
    ("my gums are bleeding", "vaginal_bleeding"),
    ("I had a nose bleed", "vaginal_bleeding"),
    ("my nipples are bleeding from feeding", "vaginal_bleeding"),
    ("what if I fall?", "trauma_fall"),
    ("I'm scared of falling", "trauma_fall"),
    ("I fell asleep on the sofa", "trauma_fall"),
    ("in case I get a fever what do I do", "fever"),
    ("what are the signs of bleeding I should look for", "vaginal_bleeding"),
    ("is it normal to have leg swelling", "unilateral_leg_swelling"),
    ("my feet and ankles are swollen", "unilateral_leg_swelling"),
    ("can't walk far", "cannot_bear_weight"),
    ("can't stand the pain anymore", "cannot_bear_weight"),
    ("hurts when I turn over in bed at night", "night_rest_pain"),
    ("leaking milk", "fluid_leakage"),
    ("leaking a bit of urine when I sneeze", "bladder_bowel_dysfunction"),
    ("my hands are numb and tingly", "leg_weakness_numbness"),
    ("numbness on the outside of my thigh", "leg_weakness_numbness"),
    ("cramps in my legs at night", "contractions"),
    ("my mum had breast cancer", "cancer_history"),
    ("could this be cancer?", "cancer_history"),
    ("I want to lose the baby weight", "weight_loss"),
    ("lol this pain is killing me", "self_harm_thoughts"),
    ("I hurt myself lifting the baby", "self_harm_thoughts"),
    ("hay fever is bad this year", "fever"),
    ("I was expecting it to get better", "progressive_pain"),
    ("my hip hurts when I walk", "cannot_bear_weight"),
    ("it gets worse when I walk", "progressive_pain"),
    ("my doctor said it's normal", "vaginal_bleeding"),
]


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
