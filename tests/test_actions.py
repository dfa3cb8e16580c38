"""Hermetic tests of the custom actions: a new tracker per test, the real domain."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any, Optional

import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.education import ActionAnswerFaq
from actions.triage import ActionGiveTriageAdvice, ValidatePainAssessmentForm
from bot.triage.understanding import understand

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
        # what the Rasa server's NLU component writes (bot/nlu.py)
        "triage": understand(text).as_dict(),
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
    assert requested == ["weight_bearing"]


def test_pregnancy_adds_the_obstetric_checklist():
    assert required({"stage": "pregnant"}) == [
        "stage",
        "weight_bearing",
        "pain_trend",
        "fall",
        "other_symptoms",
        "pregnancy_signs",
    ]


def test_the_week_is_asked_only_when_it_changes_the_advice():
    assert required({"stage": "pregnant", "week_needed": True})[-1] == (
        "pregnancy_week"
    )


def test_after_birth_asks_no_pregnancy_questions():
    assert required({"stage": "postpartum_breastfeeding"}) == [
        "stage",
        "weight_bearing",
        "pain_trend",
        "fall",
        "other_symptoms",
    ]


def test_after_birth_asks_how_long_ago_the_birth_was_when_it_decides_s4():
    slots = {"stage": "postpartum_breastfeeding", "birth_weeks_needed": True}
    assert required(slots)[-1] == "weeks_since_birth"


def test_an_open_clarification_is_asked_last():
    assert (
        required({"stage": "postpartum_not_breastfeeding", "clarify_key": "fever"})[-1]
        == "clarification"
    )


def test_a_clarification_that_could_be_an_emergency_is_asked_first():
    slots = {"clarify_key": "contractions", "clarify_first": True}
    assert required(slots)[0] == "clarification"


def test_no_more_questions_after_seven():
    slots = {"stage": "pregnant", "weight_bearing": "yes", "questions_asked": 7}
    assert required(slots) == ["stage", "weight_bearing"]


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


def test_unsure_topic_that_describes_her_own_pain_starts_the_assessment():
    tracker = make_tracker(
        "been doing physio for weeks and my pelvic pain isnt getting any better",
        intent="faq",
        slots={"pain_described": True},  # as the Rasa server's record wrote it
        response_selector=selector("recovery_time", 0.2),
    )
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionAnswerFaq().run(dispatcher, tracker, DOMAIN))
    assert [m["response"] for m in dispatcher.messages] == ["utter_start_assessment"]
    assert events == [
        {"event": "followup", "name": "pain_assessment_form", "timestamp": None}
    ]


# --- an answer, then the pain check (issue 9) -------------------------------------


def answer_after_pain(text: str, **slots: Any) -> tuple[list[str], list[dict]]:
    tracker = make_tracker(
        text,
        intent="faq",
        slots={"pain_described": True, **slots},
        response_selector=selector("mri_safety", 0.9),
    )
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionAnswerFaq().run(dispatcher, tracker, DOMAIN))
    return [m["response"] for m in dispatcher.messages], events


def followup(events: list[dict]) -> Optional[str]:
    names = [e["name"] for e in events if e.get("event") == "followup"]
    return names[-1] if names else None


def test_answer_then_the_check_is_offered_after_her_pain():
    responses, events = answer_after_pain("my hip hurts, is an mri safe?")
    assert responses == ["utter_faq/mri_safety"]
    assert followup(events) == "utter_offer_check"


def test_answer_then_the_check_starts_when_her_pain_sounds_serious():
    responses, events = answer_after_pain(
        "it hurts more every week, is an mri safe?",
        reported_flags=["progressive_pain"],
    )
    assert responses == ["utter_faq/mri_safety", "utter_start_assessment"]
    assert followup(events) == FORM


def test_a_guess_of_the_detector_also_starts_the_check():
    _, events = answer_after_pain("is an mri safe?", possible_flags=["fever"])
    assert followup(events) == FORM


def test_no_check_offered_when_she_told_no_pain_of_her_own():
    slots, responses, _ = run(
        ActionAnswerFaq(),
        make_tracker(
            "is an mri safe?",
            intent="faq",
            response_selector=selector("mri_safety", 0.9),
        ),
    )
    assert responses == ["utter_faq/mri_safety"] and slots == {"topic": "mri_safety"}


def test_no_check_offered_once_her_pain_has_been_checked():
    _, events = answer_after_pain("is an mri safe?", urgency="soon")
    assert followup(events) is None
