"""Unit tests for the red-flag engine (bot/triage/engine.py, red_flags.yml)."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.triage import (
    CONTEXT_KEYS,
    RED_FLAG_KEYS,
    URGENCY_LEVELS,
    Assessment,
    Facts,
    Rule,
    assess,
    is_emergency,
    load_rules,
)
from bot.triage.engine import DEFAULT_RULES_PATH, KNOWN_STAGES, Condition

RULES = load_rules()
RULES_BY_ID = {rule.id: rule for rule in RULES}
SELF_CARE = RULES_BY_ID["SC"]


def rank(level: str) -> int:
    return URGENCY_LEVELS.index(level)


def check(
    present: set[str] | frozenset[str] = frozenset(),
    stage: str = "unknown",
    week: int | None = None,
    **kwargs: Any,
) -> Assessment:
    facts = Facts(
        present=frozenset(present), stage=stage, pregnancy_week=week, **kwargs
    )
    return assess(facts)


def smallest_trigger(condition: Condition) -> set[str]:
    """A smallest set of keys that satisfies the condition."""
    if condition.op == "key":
        assert condition.key is not None
        return {condition.key}
    if condition.op == "all_of":
        return set().union(*(smallest_trigger(item) for item in condition.items))
    if condition.op == "any_of":
        return min((smallest_trigger(item) for item in condition.items), key=len)
    raise AssertionError(f"no keys for {condition.op}")


def compatible_facts(rule: Rule, present: set[str]) -> Facts:
    """Facts at a stage and week where the rule applies."""
    stage = rule.stages[0]
    week = None
    if stage == "pregnant" and (rule.min_week or rule.max_week):
        week = rule.min_week if rule.min_week is not None else rule.max_week
    return Facts(present=frozenset(present), stage=stage, pregnancy_week=week)


# ------------------------------------------------------------------ rule file


def test_rule_file_has_the_brief_rules() -> None:
    expected = {f"E{n}" for n in range(1, 12)}
    expected |= {f"U{n}" for n in range(1, 8)}
    expected |= {"S1", "S2", "S3", "S4", "SC", "X1"}
    assert set(RULES_BY_ID) == expected
    assert len(RULES) == len(expected)


def test_every_red_flag_key_is_used_by_a_rule() -> None:
    used = frozenset().union(*(rule.keys for rule in RULES))
    assert RED_FLAG_KEYS <= used
    assert used <= RED_FLAG_KEYS | CONTEXT_KEYS


def test_default_rules_are_loaded_once() -> None:
    assert load_rules() is load_rules()


SYMPTOM_RULES = [rule for rule in RULES if not (rule.is_default or rule.is_catch_all)]


@pytest.mark.parametrize("rule", SYMPTOM_RULES, ids=lambda rule: rule.id)
def test_each_rule_fires_on_its_own_trigger(rule: Rule) -> None:
    """Alone with the default rule, each rule gives its level and its id."""
    facts = compatible_facts(rule, smallest_trigger(rule.trigger))
    result = assess(facts, rules=[rule, SELF_CARE])
    assert result.urgency == rule.urgency
    assert result.rule_ids == (rule.id,)


@pytest.mark.parametrize("rule", SYMPTOM_RULES, ids=lambda rule: rule.id)
def test_each_trigger_reaches_at_least_its_level_with_all_rules(rule: Rule) -> None:
    facts = compatible_facts(rule, smallest_trigger(rule.trigger))
    result = assess(facts)
    assert rank(result.urgency) >= rank(rule.urgency)
    if result.urgency == rule.urgency:
        assert rule.id in result.rule_ids


@pytest.mark.parametrize("rule", SYMPTOM_RULES, ids=lambda rule: rule.id)
def test_each_rule_is_silent_without_its_trigger(rule: Rule) -> None:
    """Every key but one of a smallest trigger: that rule does not fire."""
    keys = smallest_trigger(rule.trigger)
    for missing in keys:
        facts = compatible_facts(rule, keys - {missing})
        result = assess(facts, rules=[rule, SELF_CARE])
        assert result.rule_ids == ("SC",)
        assert result.urgency == "self_care"


# ------------------------------------------------- explicit cases, per rule id

# id -> (fires: facts, urgency; near miss: facts, urgency, rule ids)
EXPLICIT: dict[
    str, tuple[dict[str, Any], str, dict[str, Any], str, tuple[str, ...]]
] = {
    "E1": (
        {"present": {"trauma_fall", "cannot_bear_weight"}},
        "emergency",
        {"present": {"trauma_fall"}},
        "urgent",
        ("X1",),
    ),
    "E2": (
        {"present": {"sudden_severe_pain", "cannot_bear_weight"}, "stage": "pregnant"},
        "emergency",
        {"present": {"sudden_severe_pain"}, "stage": "pregnant"},
        "urgent",
        ("X1",),
    ),
    "E3": (
        {"present": {"breathlessness"}},
        "emergency",
        {"unclear": {"chest_pain"}},
        "self_care",
        ("SC",),
    ),
    "E4": (
        {"present": {"bladder_bowel_dysfunction"}},
        "emergency",
        {"present": {"leg_weakness_numbness"}},
        "urgent",
        ("U4",),
    ),
    "E5": (
        {"present": {"fever", "feeling_very_unwell"}},
        "emergency",
        {"present": {"fever"}},
        "urgent",
        ("U3",),
    ),
    "E6": (
        {"present": {"vaginal_bleeding"}, "stage": "postpartum_breastfeeding"},
        "emergency",
        {"present": set(), "stage": "pregnant", "pregnancy_week": 30},
        "self_care",
        ("SC",),
    ),
    "E7": (
        {"present": {"contractions"}, "stage": "pregnant", "pregnancy_week": 30},
        "emergency",
        {"present": {"contractions"}, "stage": "pregnant", "pregnancy_week": 37},
        "urgent",
        ("X1",),
    ),
    "E8": (
        {"present": {"reduced_fetal_movements"}, "stage": "pregnant"},
        "emergency",
        {"present": {"reduced_fetal_movements"}, "stage": "postpartum_breastfeeding"},
        "urgent",
        ("X1",),
    ),
    "E9": (
        {"present": {"visual_disturbance"}, "stage": "pregnant", "pregnancy_week": 20},
        "emergency",
        {"present": {"visual_disturbance"}, "stage": "pregnant", "pregnancy_week": 19},
        "urgent",
        ("X1",),
    ),
    "E10": (
        {"present": {"fall_on_abdomen", "reduced_fetal_movements"}},
        "emergency",
        {"present": {"fall_on_abdomen"}, "stage": "pregnant", "pregnancy_week": 30},
        "urgent",
        ("U5",),
    ),
    "E11": (
        {"present": {"self_harm_thoughts"}},
        "emergency",
        {"present": set(), "unclear": {"self_harm_thoughts"}},
        "self_care",
        ("SC",),
    ),
    "U1": (
        {"present": {"uncontrolled_pain"}},
        "urgent",
        {"present": {"progressive_pain"}},
        "soon",
        ("S1",),
    ),
    "U2": (
        {"present": {"unilateral_leg_swelling"}},
        "urgent",
        {"present": {"unilateral_leg_swelling", "chest_pain"}},
        "emergency",
        ("E3",),
    ),
    "U3": (
        {"present": {"fever"}},
        "urgent",
        {"present": {"fever", "hot_swollen_joint"}},
        "emergency",
        ("E5",),
    ),
    "U4": (
        {"present": {"leg_weakness_numbness"}},
        "urgent",
        {"present": {"leg_weakness_numbness", "saddle_anaesthesia"}},
        "emergency",
        ("E4",),
    ),
    "U5": (
        {"present": {"fall_on_abdomen"}, "stage": "pregnant", "pregnancy_week": 24},
        "urgent",
        {"present": {"fall_on_abdomen"}, "stage": "pregnant", "pregnancy_week": 16},
        "urgent",
        ("X1",),
    ),
    "U6": (
        {"present": {"fluid_leakage"}, "stage": "pregnant", "pregnancy_week": 38},
        "urgent",
        {"present": {"fluid_leakage"}, "stage": "pregnant", "pregnancy_week": 33},
        "emergency",
        ("E7",),
    ),
    "U7": (
        {"present": {"sudden_severe_pain"}, "stage": "postpartum_not_breastfeeding"},
        "urgent",
        {"present": {"sudden_severe_pain"}, "stage": "pregnant"},
        "urgent",
        ("X1",),
    ),
    "X1": (
        {"present": {"hot_swollen_joint"}},
        "urgent",
        {"present": {"hot_swollen_joint", "fever"}},
        "emergency",
        ("E5",),
    ),
    "S1": (
        {"present": {"progressive_pain"}},
        "soon",
        {"present": {"progressive_pain", "cannot_bear_weight"}},
        "urgent",
        ("U1",),
    ),
    "S2": (
        {"present": {"cancer_history"}},
        "soon",
        {"present": set()},
        "self_care",
        ("SC",),
    ),
    "S3": (
        {"present": {"daily_life_impact"}},
        "soon",
        {"present": set(), "stage": "pregnant"},
        "self_care",
        ("SC",),
    ),
    "S4": (
        {"present": {"not_improving"}, "stage": "postpartum_breastfeeding"},
        "soon",
        {"present": {"not_improving"}, "stage": "pregnant"},
        "soon",
        ("S3",),
    ),
    "SC": (
        {"present": set(), "stage": "postpartum_not_breastfeeding"},
        "self_care",
        {"present": {"weight_loss"}},
        "soon",
        ("S2",),
    ),
}


def test_explicit_cases_cover_every_rule() -> None:
    assert set(EXPLICIT) == set(RULES_BY_ID)


@pytest.mark.parametrize("rule_id", sorted(EXPLICIT))
def test_rule_fires(rule_id: str) -> None:
    fires, urgency, _, _, _ = EXPLICIT[rule_id]
    result = assess(Facts(**fires))
    assert result.urgency == urgency
    assert rule_id in result.rule_ids


@pytest.mark.parametrize("rule_id", sorted(EXPLICIT))
def test_rule_near_miss(rule_id: str) -> None:
    _, _, near_miss, urgency, rule_ids = EXPLICIT[rule_id]
    result = assess(Facts(**near_miss))
    assert rule_id not in result.rule_ids
    assert (result.urgency, result.rule_ids) == (urgency, rule_ids)


# ----------------------------------------------------------------- precedence


def test_highest_level_wins() -> None:
    result = check({"progressive_pain", "cannot_bear_weight", "chest_pain"})
    assert result.urgency == "emergency"
    assert result.rule_ids == ("E3",)
    assert result.red_flags == ("cannot_bear_weight", "chest_pain", "progressive_pain")


def test_all_rules_at_the_winning_level_are_listed() -> None:
    result = check({"chest_pain", "vaginal_bleeding", "fever"})
    assert result.urgency == "emergency"
    assert result.rule_ids == ("E3", "E6")


def test_soon_and_urgent_together_give_urgent() -> None:
    result = check({"night_rest_pain", "leg_weakness_numbness"})
    assert (result.urgency, result.rule_ids) == ("urgent", ("U4",))


def test_e1_needs_the_fall_and_a_second_sign() -> None:
    assert check({"trauma_fall", "sudden_severe_pain"}, "pregnant").rule_ids == ("E1",)
    assert check({"trauma_fall", "cannot_bear_weight"}).rule_ids == ("E1",)
    assert check({"trauma_fall", "night_rest_pain"}).rule_ids == ("X1",)


# ------------------------------------------------------------ stage conditions


@pytest.mark.parametrize(
    "stage", ["postpartum_breastfeeding", "postpartum_not_breastfeeding"]
)
@pytest.mark.parametrize("key", ["contractions", "fluid_leakage"])
def test_e7_does_not_apply_after_birth(stage: str, key: str) -> None:
    result = check({key}, stage)
    assert "E7" not in result.rule_ids
    assert (result.urgency, result.rule_ids) == ("urgent", ("X1",))


def test_e9_at_12_weeks_is_caught_by_x1() -> None:
    result = check({"severe_headache"}, "pregnant", 12)
    assert (result.urgency, result.rule_ids) == ("urgent", ("X1",))


@pytest.mark.parametrize(
    "stage,week",
    [("pregnant", 20), ("pregnant", 40), ("pregnant", None), ("unknown", None)]
    + [(stage, None) for stage in KNOWN_STAGES[1:]],
)
def test_e9_from_20_weeks_and_after_birth(stage: str, week: int | None) -> None:
    result = check({"sudden_swelling_face_hands"}, stage, week)
    assert (result.urgency, result.rule_ids) == ("emergency", ("E9",))


def test_unknown_stage_applies_the_union_of_rules() -> None:
    assert check({"reduced_fetal_movements"}).rule_ids == ("E8",)
    assert check({"sudden_severe_pain"}).rule_ids == ("U7",)
    assert check({"not_improving"}).rule_ids == ("S3", "S4")
    assert check({"fall_on_abdomen"}).rule_ids == ("U5",)


def test_postpartum_rules_do_not_apply_in_pregnancy() -> None:
    assert check({"not_improving"}, "pregnant", 30).rule_ids == ("S3",)
    assert check({"sudden_severe_pain"}, "pregnant", 30).rule_ids == ("X1",)


# ------------------------------------------------------------------ week limits


@pytest.mark.parametrize(
    "week,urgency,rule_ids",
    [
        (38, "urgent", ("U6",)),
        (37, "urgent", ("U6",)),
        (36, "emergency", ("E7",)),
        (33, "emergency", ("E7",)),
        (None, "emergency", ("E7",)),
    ],
)
def test_fluid_leakage_week_limits(
    week: int | None, urgency: str, rule_ids: tuple[str, ...]
) -> None:
    result = check({"fluid_leakage"}, "pregnant", week)
    assert (result.urgency, result.rule_ids) == (urgency, rule_ids)


def test_unknown_stage_with_unknown_week_is_an_emergency_for_leaking_fluid() -> None:
    assert check({"fluid_leakage"}).urgency == "emergency"


def test_a_known_week_limits_rules_even_when_the_stage_is_unknown() -> None:
    assert check({"fluid_leakage"}, "unknown", 39).rule_ids == ("U6",)


# ------------------------------------------------------------------------ X1

STAGE_WEEKS = [(stage, None) for stage in KNOWN_STAGES + ("unknown",)] + [
    ("pregnant", week) for week in (8, 12, 19, 24, 33, 38, 42)
]


@pytest.mark.parametrize("key", sorted(RED_FLAG_KEYS))
def test_a_red_flag_never_yields_self_care(key: str) -> None:
    for stage, week in STAGE_WEEKS:
        result = check({key}, stage, week)
        assert rank(result.urgency) >= rank("soon"), (key, stage, week)
        assert key in result.red_flags
    # only the "soon" keys of S1/S2 may stay below urgent
    if key not in {
        "progressive_pain",
        "night_rest_pain",
        "weight_loss",
        "cancer_history",
    }:
        for stage, week in STAGE_WEEKS:
            assert rank(check({key}, stage, week).urgency) >= rank("urgent")


@pytest.mark.parametrize("key", sorted(CONTEXT_KEYS))
def test_context_keys_are_not_red_flags(key: str) -> None:
    result = check({key}, "postpartum_breastfeeding")
    assert result.urgency == "soon"
    assert result.red_flags == ()


def test_x1_does_not_fire_when_another_rule_covers_the_flag() -> None:
    assert check({"fever"}).rule_ids == ("U3",)


# ----------------------------------------------------------------- uncertainty


def test_unclear_key_that_raises_the_level_is_asked_first() -> None:
    result = check(unclear={"fever"})
    assert result.urgency == "self_care"
    assert result.clarify == ("fever",)
    assert result.escalated_for_uncertainty is False
    assert result.red_flags == ()


def test_still_unclear_after_asking_moves_up_one_level() -> None:
    result = check(unclear={"fever"}, clarified={"fever"})
    assert result.urgency == "soon"
    assert result.clarify == ()
    assert result.escalated_for_uncertainty is True


def test_escalation_is_one_level_even_for_an_emergency_sign() -> None:
    result = check(unclear={"chest_pain"}, clarified={"chest_pain"})
    assert (result.urgency, result.escalated_for_uncertainty) == ("soon", True)


def test_escalation_from_urgent_reaches_emergency_and_stops_there() -> None:
    asked = check({"fever"}, unclear={"hot_swollen_joint"})
    assert (asked.urgency, asked.clarify) == ("urgent", ("hot_swollen_joint",))
    result = check(
        {"fever"}, unclear={"hot_swollen_joint"}, clarified={"hot_swollen_joint"}
    )
    assert (result.urgency, result.escalated_for_uncertainty) == ("emergency", True)
    top = check(
        {"chest_pain"}, unclear={"self_harm_thoughts"}, clarified={"self_harm_thoughts"}
    )
    assert (top.urgency, top.escalated_for_uncertainty) == ("emergency", False)


def test_unclear_key_that_cannot_raise_the_level_is_not_asked() -> None:
    result = check({"cannot_bear_weight"}, unclear={"progressive_pain"})
    assert result.urgency == "urgent"
    assert result.clarify == ()
    escalated = check(
        {"cannot_bear_weight"},
        unclear={"progressive_pain"},
        clarified={"progressive_pain"},
    )
    assert (escalated.urgency, escalated.escalated_for_uncertainty) == (
        "urgent",
        False,
    )


def test_keys_that_raise_only_together_are_both_asked() -> None:
    base = {"uncontrolled_pain"}  # urgent; a fall alone or sudden pain alone: X1
    unclear = {"trauma_fall", "sudden_severe_pain"}  # together: E1 emergency
    result = check(base, unclear=unclear)
    assert result.urgency == "urgent"
    assert result.clarify == ("sudden_severe_pain", "trauma_fall")


def test_escalation_waits_until_the_combination_has_been_asked() -> None:
    base = {"uncontrolled_pain"}
    unclear = {"trauma_fall", "sudden_severe_pain"}
    half = check(base, unclear=unclear, clarified={"trauma_fall"})
    assert (half.urgency, half.clarify) == ("urgent", ("sudden_severe_pain",))
    assert half.escalated_for_uncertainty is False
    full = check(base, unclear=unclear, clarified=unclear)
    assert (full.urgency, full.clarify) == ("emergency", ())
    assert full.escalated_for_uncertainty is True


def test_a_present_key_is_not_unclear() -> None:
    result = check({"fever"}, unclear={"fever"}, clarified={"fever"})
    assert (result.urgency, result.clarify) == ("urgent", ())
    assert result.escalated_for_uncertainty is False


def test_unclear_keys_are_not_reported_as_red_flags() -> None:
    result = check({"fever"}, unclear={"chest_pain"})
    assert result.red_flags == ("fever",)
    assert result.rule_ids == ("U3",)


# -------------------------------------------------------------- clinician floor


def test_clinician_urgency_is_a_floor() -> None:
    result = check(clinician_urgency="urgent")
    assert result.urgency == "urgent"
    assert result.rule_ids == ("SC",)


def test_clinician_urgency_never_lowers_the_level() -> None:
    assert check({"chest_pain"}, clinician_urgency="soon").urgency == "emergency"
    assert check({"fever"}, clinician_urgency="self_care").urgency == "urgent"


def test_clinician_floor_applies_after_uncertainty() -> None:
    result = check(
        unclear={"fever"}, clarified={"fever"}, clinician_urgency="emergency"
    )
    assert result.urgency == "emergency"


# ------------------------------------------------------------------ default


def test_nothing_reported_is_self_care() -> None:
    result = assess(Facts())
    assert result == Assessment(
        urgency="self_care", red_flags=(), rule_ids=("SC",), clarify=()
    )


@pytest.mark.parametrize("stage", KNOWN_STAGES + ("unknown",))
def test_self_care_at_every_stage(stage: str) -> None:
    assert check(set(), stage).rule_ids == ("SC",)


def test_is_emergency() -> None:
    assert is_emergency(Facts(present=frozenset({"chest_pain"}))) is True
    assert is_emergency(Facts(present=frozenset({"fever"}))) is False
    assert is_emergency(Facts()) is False


# ------------------------------------------------------------ fact validation


@pytest.mark.parametrize(
    "kwargs",
    [
        {"present": {"headache"}},
        {"present": "fever"},
        {"unclear": {"not_a_key"}},
        {"clarified": {"fevre"}},
        {"stage": "breastfeeding"},
        {"pregnancy_week": 50},
        {"pregnancy_week": -1},
        {"pregnancy_week": True},
        {"pregnancy_week": 30.5},
        {"clinician_urgency": "asap"},
    ],
)
def test_invalid_facts_are_refused(kwargs: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        Facts(**kwargs)


def test_facts_accept_any_iterable_and_freeze_it() -> None:
    # the annotation says frozenset; any iterable of keys is accepted on purpose
    facts = Facts(
        present=["fever", "fever"],
        unclear=("chest_pain",),  # type: ignore[arg-type]
    )
    assert facts.present == frozenset({"fever"})
    assert isinstance(facts.unclear, frozenset)


# ------------------------------------------------------------ load_rules errors


@pytest.fixture
def document() -> dict[str, Any]:
    with DEFAULT_RULES_PATH.open(encoding="utf-8") as handle:
        loaded: dict[str, Any] = yaml.safe_load(handle)
    return loaded


def write(tmp_path: Path, document: dict[str, Any]) -> Path:
    path = tmp_path / "rules.yml"
    path.write_text(yaml.safe_dump(document), encoding="utf-8")
    return path


def rule(document: dict[str, Any], rule_id: str) -> dict[str, Any]:
    found: dict[str, Any] = next(r for r in document["rules"] if r["id"] == rule_id)
    return found


def test_a_valid_copy_loads_like_the_default(
    tmp_path: Path, document: dict[str, Any]
) -> None:
    assert load_rules(write(tmp_path, document)) == RULES
    assert load_rules(str(write(tmp_path, document))) == RULES


def test_unknown_key_is_refused(tmp_path: Path, document: dict[str, Any]) -> None:
    rule(document, "U3")["trigger"] = "high_fever"
    with pytest.raises(ValueError, match="unknown key 'high_fever'"):
        load_rules(write(tmp_path, document))


def test_unknown_key_inside_any_of_is_refused(
    tmp_path: Path, document: dict[str, Any]
) -> None:
    rule(document, "E3")["trigger"] = {"any_of": ["chest_pain", "chestpain"]}
    with pytest.raises(ValueError, match="unknown key 'chestpain'"):
        load_rules(write(tmp_path, document))


def test_unknown_urgency_is_refused(tmp_path: Path, document: dict[str, Any]) -> None:
    rule(document, "U1")["urgency"] = "very_urgent"
    with pytest.raises(ValueError, match="unknown urgency 'very_urgent'"):
        load_rules(write(tmp_path, document))


def test_duplicate_id_is_refused(tmp_path: Path, document: dict[str, Any]) -> None:
    extra = copy.deepcopy(rule(document, "U2"))
    document["rules"].append(extra)
    with pytest.raises(ValueError, match="duplicate rule id 'U2'"):
        load_rules(write(tmp_path, document))


@pytest.mark.parametrize(
    "change,message",
    [
        (
            lambda d: rule(d, "E3").update(trigger={"one_of": ["chest_pain"]}),
            "operator",
        ),
        (lambda d: rule(d, "E3").update(trigger={"any_of": []}), "non-empty"),
        (lambda d: rule(d, "E3").update(stages=["antenatal"]), "unknown stage"),
        (lambda d: rule(d, "E7").update(min_week=38), "min_week is above"),
        (lambda d: rule(d, "E7").update(max_week=99), "week number"),
        (lambda d: rule(d, "S4").update(min_week=20), "need the pregnant stage"),
        (lambda d: rule(d, "S1").pop("source"), "missing field"),
        (lambda d: rule(d, "S1").update(colour="red"), "unknown field"),
        (lambda d: rule(d, "SC").update(urgency="soon"), "self_care rule"),
        (lambda d: d["rules"].remove(rule(d, "E11")), "used by no rule"),
        (lambda d: d.pop("rules"), "'rules' list"),
    ],
)
def test_malformed_rule_files_are_refused(
    tmp_path: Path, document: dict[str, Any], change: Any, message: str
) -> None:
    change(document)
    with pytest.raises(ValueError, match=message):
        load_rules(write(tmp_path, document))
