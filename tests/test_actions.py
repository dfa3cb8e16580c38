"""Hermetic tests of the custom actions: a new tracker per test, the real domain."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any, Optional

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.education import ActionAnswerFaq
from actions.triage import (
    ActionExtractTriageFacts,
    ActionGiveTriageAdvice,
    ValidatePainAssessmentForm,
)

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DOMAIN = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text())
FORM = "pain_assessment_form"


def make_tracker(
    text: str = "",
    intent: str = "describe_pain",
    slots: Optional[dict] = None,
    requested_slot: Optional[str] = None,
    response_selector: Optional[dict] = None,
) -> Tracker:
    all_slots: dict[str, Any] = {name: None for name in DOMAIN["slots"]}
    all_slots.update(slots or {})
    all_slots["requested_slot"] = requested_slot
    message = {
        "text": text,
        "intent": {"name": intent, "confidence": 0.95},
        "entities": [],
    }
    if response_selector:
        message["response_selector"] = response_selector
    return Tracker(
        sender_id="test",
        slots=all_slots,
        latest_message=message,
        events=[],
        paused=False,
        followup_action=None,
        active_loop={"name": FORM} if requested_slot else {},
        latest_action_name="action_listen",
    )


def run(action, tracker: Tracker) -> tuple[dict, list[str], CollectingDispatcher]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, DOMAIN))
    slots = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    return slots, [m["response"] for m in dispatcher.messages], dispatcher


# --- action_extract_triage_facts -------------------------------------------------


def test_first_message_prefills_what_the_patient_already_said():
    slots, _, _ = run(
        ActionExtractTriageFacts(),
        make_tracker(
            "im 34 weeks pregnant, my hip hurts but i can still walk. no fever"
        ),
    )
    assert slots["stage"] == "pregnant"
    assert slots["pregnancy_week"] == 34.0
    assert slots["weight_bearing"] == "yes"
    assert "cannot_bear_weight" in slots["denied_flags"]
    assert "fever" in slots["denied_flags"]
    assert not slots.get("reported_flags")


def test_cannot_stand_on_it_is_recorded_as_a_red_flag():
    slots, _, _ = run(
        ActionExtractTriageFacts(),
        make_tracker("my left hip is getting worse and now i cant stand on it"),
    )
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
    slots, _, _ = run(
        ActionExtractTriageFacts(),
        make_tracker("", intent=intent, requested_slot=requested),
    )
    assert slots[requested] == slot_value
    assert flag in slots[listed_in]


def test_none_of_these_clears_the_whole_checklist():
    slots, _, _ = run(
        ActionExtractTriageFacts(),
        make_tracker("", intent="deny", requested_slot="other_symptoms"),
    )
    assert slots["other_symptoms"] == "none"
    assert {"fever", "unilateral_leg_swelling", "saddle_anaesthesia"} <= set(
        slots["denied_flags"]
    )


def test_an_unsure_answer_that_matters_gets_a_clarifying_question():
    slots, _, _ = run(
        ActionExtractTriageFacts(),
        make_tracker("", intent="unsure", requested_slot="weight_bearing"),
    )
    assert slots["clarify_key"] == "cannot_bear_weight"
    assert slots["clarify_label"]


def test_the_clarifying_answer_settles_the_flag():
    tracker = make_tracker(
        "",
        intent="deny",
        requested_slot="clarification",
        slots={
            "clarify_key": "cannot_bear_weight",
            "unclear_flags": ["cannot_bear_weight"],
            "weight_bearing": "unsure",
        },
    )
    slots, _, _ = run(ActionExtractTriageFacts(), tracker)
    assert "cannot_bear_weight" in slots["reported_flags"]
    assert "cannot_bear_weight" in slots["clarified_flags"]
    assert slots["clarify_key"] is None


def test_later_denial_replaces_an_earlier_report():
    tracker = make_tracker(
        "actually no fever", intent="deny", slots={"reported_flags": ["fever"]}
    )
    slots, _, _ = run(ActionExtractTriageFacts(), tracker)
    assert "fever" not in slots["reported_flags"]
    assert "fever" in slots["denied_flags"]


def test_week_number_answer():
    slots, _, _ = run(
        ActionExtractTriageFacts(),
        make_tracker(
            "36",
            intent="inform_stage",
            requested_slot="pregnancy_week",
            slots={"stage": "pregnant"},
        ),
    )
    assert slots["pregnancy_week"] == 36.0


# --- validate_pain_assessment_form ---------------------------------------------


def required(slots: dict) -> list[str]:
    return asyncio.run(
        ValidatePainAssessmentForm().required_slots(
            [], CollectingDispatcher(), make_tracker(slots=slots), DOMAIN
        )
    )


def test_the_validator_knows_the_forms_questions_without_the_domain():
    # the Rasa server sends no domain to the action server (endpoints.yml)
    assert (
        ValidatePainAssessmentForm().domain_slots({})
        == (DOMAIN["forms"][FORM]["required_slots"])
    )


def test_the_form_asks_its_next_question_without_the_domain():
    tracker = make_tracker(
        "34 weeks pregnant", slots={"stage": "pregnant"}, requested_slot="stage"
    )
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ValidatePainAssessmentForm().run(dispatcher, tracker, {}))
    requested = [e["value"] for e in events if e.get("name") == "requested_slot"]
    assert requested == ["pregnancy_week"]


def test_pregnancy_adds_week_and_obstetric_questions():
    assert required({"stage": "pregnant"}) == [
        "stage",
        "pregnancy_week",
        "weight_bearing",
        "pain_trend",
        "fall",
        "other_symptoms",
        "pregnancy_signs",
    ]


def test_after_birth_asks_no_pregnancy_questions():
    assert required({"stage": "postpartum_breastfeeding"}) == [
        "stage",
        "weight_bearing",
        "pain_trend",
        "fall",
        "other_symptoms",
    ]


def test_an_open_clarification_is_asked_last():
    assert (
        required({"stage": "postpartum_not_breastfeeding", "clarify_key": "fever"})[-1]
        == "clarification"
    )


def test_unsure_checklist_is_asked_again_once_then_counted_as_unclear():
    form = ValidatePainAssessmentForm()
    first = form.validate_other_symptoms(
        "unsure", CollectingDispatcher(), make_tracker(), DOMAIN
    )
    assert first["other_symptoms"] is None
    second = form.validate_other_symptoms(
        "unsure",
        CollectingDispatcher(),
        make_tracker(slots={"clarified_flags": first["clarified_flags"]}),
        DOMAIN,
    )
    assert second["other_symptoms"] == "unsure"
    assert "fever" in second["unclear_flags"] and "fever" in second["clarified_flags"]


# --- action_give_triage_advice ---------------------------------------------------


def advice(**slots):
    return run(ActionGiveTriageAdvice(), make_tracker(slots=slots))


def test_cannot_bear_weight_gets_same_day_advice():
    slots, responses, dispatcher = advice(
        stage="pregnant",
        pregnancy_week=35,
        reported_flags=["cannot_bear_weight"],
        denied_flags=["trauma_fall", "sudden_severe_pain"],
    )
    assert slots["urgency"] == "urgent"
    assert slots["red_flags"] == ["cannot_bear_weight"]
    assert responses == ["utter_advice_urgent", "utter_offer_education"]
    assert "put weight" in dispatcher.messages[0]["red_flags_text"]


def test_worsening_pain_gets_soon_advice_with_safety_net():
    slots, responses, _ = advice(
        stage="postpartum_breastfeeding", reported_flags=["progressive_pain"]
    )
    assert slots["urgency"] == "soon"
    assert responses == [
        "utter_advice_soon",
        "utter_safety_net",
        "utter_offer_education",
    ]


def test_mild_stable_pain_gets_self_care_with_safety_net():
    slots, responses, _ = advice(
        stage="pregnant", pregnancy_week=30, denied_flags=["progressive_pain"]
    )
    assert slots["urgency"] == "self_care"
    assert slots["red_flags"] == []
    assert responses == [
        "utter_advice_self_care",
        "utter_safety_net",
        "utter_offer_education",
    ]


def test_answer_still_unclear_after_asking_moves_up_one_level():
    slots, responses, _ = advice(
        stage="pregnant",
        pregnancy_week=30,
        unclear_flags=["cannot_bear_weight"],
        clarified_flags=["cannot_bear_weight"],
    )
    assert slots["urgency"] == "soon"
    assert responses[0] == "utter_advice_uncertain"


def test_never_below_what_the_patients_clinician_said():
    slots, responses, _ = advice(stage="pregnant", clinician_urgency="urgent")
    assert slots["urgency"] == "urgent"
    assert "utter_advice_clinician_floor" in responses


def test_emergency_combination_found_at_the_end_gets_emergency_advice():
    slots, responses, _ = advice(reported_flags=["trauma_fall", "cannot_bear_weight"])
    assert slots["urgency"] == "emergency"
    assert responses == ["utter_emergency_advice"]


# --- action_answer_faq -----------------------------------------------------------


def selector(topic: str, confidence: float) -> dict:
    return {
        "faq": {
            "response": {
                "intent_response_key": f"faq/{topic}",
                "confidence": confidence,
            }
        }
    }


def test_faq_answer_is_sent_and_topic_remembered():
    slots, responses, _ = run(
        ActionAnswerFaq(),
        make_tracker(
            "is mri safe", intent="faq", response_selector=selector("mri_safety", 0.93)
        ),
    )
    assert responses == ["utter_faq/mri_safety"]
    assert slots == {"topic": "mri_safety"}


def test_unsure_topic_gets_a_clarification_not_a_guess():
    slots, responses, _ = run(
        ActionAnswerFaq(),
        make_tracker(
            "bones?", intent="faq", response_selector=selector("fracture_risk", 0.2)
        ),
    )
    assert responses == ["utter_faq_unsure"]
    assert slots == {}


def test_a_known_pregnancy_is_not_overwritten_by_a_question():
    tracker = make_tracker(
        "can i take ibuprofen while im breastfeeding?",
        intent="faq",
        slots={"stage": "pregnant", "pregnancy_week": 30.0},
    )
    slots, _, _ = run(ActionExtractTriageFacts(), tracker)
    assert "stage" not in slots and "pregnancy_week" not in slots


def test_answering_the_stage_question_after_birth_clears_the_week():
    tracker = make_tracker(
        "I had my baby and I'm breastfeeding",
        intent="inform_stage",
        requested_slot="stage",
        slots={"pregnancy_week": 30.0},
    )
    slots, _, _ = run(ActionExtractTriageFacts(), tracker)
    assert slots["stage"] == "postpartum_breastfeeding"
    assert slots["pregnancy_week"] is None


def test_unsure_topic_that_describes_her_own_pain_starts_the_assessment():
    tracker = make_tracker(
        "been doing physio for weeks and my pelvic pain isnt getting any better",
        intent="faq",
        response_selector=selector("recovery_time", 0.2),
    )
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionAnswerFaq().run(dispatcher, tracker, DOMAIN))
    assert [m["response"] for m in dispatcher.messages] == ["utter_start_assessment"]
    assert events == [
        {"event": "followup", "name": "pain_assessment_form", "timestamp": None}
    ]
