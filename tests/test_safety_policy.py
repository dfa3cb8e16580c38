"""TriageSafetyPolicy with real Rasa trackers: the one writer of the triage slots
after every message, and the Rasa-side emergency net."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, ActiveLoop, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.policies import TriageSafetyPolicy
from tests.support import PROJECT_ROOT

DOMAIN = Domain.load(str(PROJECT_ROOT / "domain.yml"))


@pytest.fixture
def policy() -> TriageSafetyPolicy:
    return TriageSafetyPolicy({}, None, None, SimpleNamespace(is_finetuning=False))


def user(text: str, intent: str = "describe_pain", confidence: float = 0.9):
    return UserUttered(text, intent={"name": intent, "confidence": confidence})


def predict(policy, events):
    tracker = DialogueStateTracker.from_events("s", events, slots=DOMAIN.slots)
    prediction = policy.predict_action_probabilities(tracker, DOMAIN)
    if max(prediction.probabilities) == 0:
        return None, prediction
    return DOMAIN.action_names_or_texts[prediction.max_confidence_index], prediction


def listen():
    return ActionExecuted("action_listen")


@pytest.mark.parametrize(
    "text",
    [
        "i have chest pain and cant breathe",
        "I fell on the stairs and now I can't stand up",
        "bleeding a lot, 32 weeks",
        "numb between my legs and I can't pee",
        "the baby hasn't moved today",
    ],
)
def test_emergency_in_the_first_message_is_answered_at_once(policy, text):
    action, prediction = predict(policy, [listen(), user(text)])
    assert action == "utter_emergency_advice"
    assert prediction.is_no_user_prediction  # overrules a running form
    recorded = {e.key: e.value for e in prediction.events if isinstance(e, SlotSet)}
    assert recorded["urgency"] == "emergency"
    assert recorded["red_flags"]


def test_negated_red_flags_do_not_trigger(policy):
    action, _ = predict(
        policy, [listen(), user("no bleeding, no fever, i can still walk, just sore")]
    )
    assert action is None


def test_urgent_but_not_emergency_is_left_to_the_assessment(policy):
    action, _ = predict(
        policy, [listen(), user("my hip hurts so much i cant put weight on it")]
    )
    assert action is None


def test_emergency_during_the_form_stops_the_form(policy):
    events = [
        listen(),
        user("my hip hurts"),
        ActionExecuted("utter_start_assessment"),
        ActionExecuted("pain_assessment_form"),
        ActiveLoop("pain_assessment_form"),
        SlotSet("requested_slot", "fall"),
        listen(),
        user("yes and now i have chest pain", intent="affirm"),
    ]
    action, _ = predict(policy, events)
    assert action == "utter_emergency_advice"
    events.append(ActionExecuted("utter_emergency_advice"))
    action, _ = predict(policy, events)
    assert action == "action_deactivate_loop"
    events += [ActionExecuted("action_deactivate_loop"), ActiveLoop(None)]
    action, _ = predict(policy, events)
    assert action == "action_listen"


def test_combination_across_messages_is_an_emergency(policy):
    events = [
        listen(),
        user("i slipped in the bathroom yesterday"),
        SlotSet("reported_flags", ["trauma_fall"]),
        listen(),
        user("now i cant walk at all"),
    ]
    action, _ = predict(policy, events)
    assert action == "utter_emergency_advice"


def test_emergency_is_not_repeated_for_a_thank_you(policy):
    events = [
        listen(),
        user("chest pain"),
        SlotSet("reported_flags", ["chest_pain"]),
        ActionExecuted("utter_emergency_advice"),
        listen(),
        user("thanks", intent="thank"),
    ]
    action, _ = predict(policy, events)
    assert action is None


def test_the_emergency_intent_alone_is_not_an_emergency(policy):
    # emergency advice needs a red flag or an explicit statement, never the tone
    action, _ = predict(
        policy,
        [
            listen(),
            user(
                "pls help something very wrong, im so scared",
                intent="report_emergency",
                confidence=0.95,
            ),
        ],
    )
    assert action is None


def test_an_explicit_emergency_without_a_known_red_flag_is_answered(policy):
    action, prediction = predict(
        policy,
        [listen(), user("this is an emergency, call an ambulance", "report_emergency")],
    )
    assert action == "utter_emergency_advice"


def test_every_message_is_recorded_even_when_it_is_no_emergency(policy):
    action, prediction = predict(
        policy, [listen(), user("34 weeks pregnant, my hip aches and i can still walk")]
    )
    assert action is None
    recorded = {e.key: e.value for e in prediction.events if isinstance(e, SlotSet)}
    assert recorded["stage"] == "pregnant"
    assert recorded["pregnancy_week"] == 34.0
    assert "cannot_bear_weight" in recorded["denied_flags"]


def test_the_nlu_components_reading_is_used_not_the_text_again(policy):
    from bot.triage.understanding import Understanding

    reading = Understanding(present={"chest_pain"}).as_dict()
    message = UserUttered(
        "text the policy must not parse again",
        intent={"name": "describe_pain", "confidence": 0.9},
        parse_data={"triage": reading},
    )
    action, _ = predict(policy, [listen(), message])
    assert action == "utter_emergency_advice"


def test_nothing_is_written_again_once_an_action_ran(policy):
    events = [listen(), user("34 weeks pregnant"), ActionExecuted("utter_greet")]
    _, prediction = predict(policy, events)
    assert prediction.events == []


def test_self_harm_gets_the_mental_health_variation(policy):
    _, prediction = predict(
        policy,
        [listen(), user("sometimes i think my family would be better off without me")],
    )
    recorded = {e.key: e.value for e in prediction.events if isinstance(e, SlotSet)}
    assert recorded["emergency_kind"] == "mental_health"


# --- her pain, told in words the classifier took for something else ---


def read(text: str, intent: str) -> UserUttered:
    """A message as the Rasa server gives it: the NLU component's reading included."""
    from bot.triage.understanding import understand

    return UserUttered(
        text,
        intent={"name": intent, "confidence": 0.9},
        parse_data={"triage": understand(text).as_dict()},
    )


@pytest.mark.parametrize(
    "text, intent",
    [
        ("no fever, not bleeding, I can still walk just sore", "deny"),
        ("I'm breastfeeding and I suddenly got severe back pain", "inform_stage"),
        ("hi, my hip is killing me", "greet"),
        ("ok so my groin hurts when i walk", "affirm"),
    ],
)
def test_her_pain_under_another_intent_starts_the_check(policy, text, intent):
    action, prediction = predict(policy, [listen(), read(text, intent)])
    assert action == "utter_start_assessment"
    assert any(isinstance(e, SlotSet) for e in prediction.events)  # still recorded
    events = [listen(), read(text, intent), ActionExecuted("utter_start_assessment")]
    assert predict(policy, events)[0] == "pain_assessment_form"


@pytest.mark.parametrize(
    "before, text, intent",
    [
        # an education question: its answer offers the check (actions/education.py)
        ([], "my hip hurts, is an mri safe?", "faq"),
        # no pain of her own
        ([], "no thanks", "deny"),
        ([], "i am 30 weeks pregnant", "inform_stage"),
        # the reply to the offered check has its own rules
        ([ActionExecuted("utter_offer_check")], "no, my hip only hurts a bit", "deny"),
        # the check is running, or has given its advice
        (
            [
                ActionExecuted("pain_assessment_form"),
                ActiveLoop("pain_assessment_form"),
            ],
            "no, my hip hurts when i walk",
            "deny",
        ),
        ([SlotSet("urgency", "soon")], "my hip still hurts", "affirm"),
    ],
)
def test_the_check_is_not_started_twice_or_out_of_place(policy, before, text, intent):
    action, _ = predict(policy, [*before, listen(), read(text, intent)])
    assert action is None
