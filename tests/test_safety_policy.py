"""TriageSafetyPolicy, the Rasa-side emergency net, with real Rasa trackers."""

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
    recorded = {
        e.key: e.value for e in prediction.optional_events if isinstance(e, SlotSet)
    }
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


def test_confident_emergency_intent_counts_when_the_words_are_not_recognised(policy):
    action, prediction = predict(
        policy,
        [
            listen(),
            user(
                "pls help something very wrong",
                intent="report_emergency",
                confidence=0.9,
            ),
        ],
    )
    assert action == "utter_emergency_advice"


def test_unconfident_emergency_intent_does_not(policy):
    action, _ = predict(
        policy,
        [
            listen(),
            user(
                "pls help something very wrong",
                intent="report_emergency",
                confidence=0.3,
            ),
        ],
    )
    assert action is None


def test_self_harm_gets_the_mental_health_variation(policy):
    _, prediction = predict(
        policy,
        [listen(), user("sometimes i think my family would be better off without me")],
    )
    recorded = {
        e.key: e.value for e in prediction.optional_events if isinstance(e, SlotSet)
    }
    assert recorded["emergency_kind"] == "mental_health"
