"""Answers education questions (retrieval intent ``faq``) in context."""

from __future__ import annotations

from typing import List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

FAQ_INTENT = "faq"
ASSESSMENT_FORM = "pain_assessment_form"
# Below this ResponseSelector confidence the bot asks instead of guessing a topic.
MIN_TOPIC_CONFIDENCE = 0.4


def selected_topic(tracker: Tracker) -> tuple[str | None, float]:
    """('mri_safety', 0.93) from the latest message's response selector output."""
    selector = (tracker.latest_message or {}).get("response_selector") or {}
    response = (selector.get(FAQ_INTENT) or selector.get("default") or {}).get(
        "response"
    ) or {}
    key = response.get("intent_response_key") or ""
    prefix = f"{FAQ_INTENT}/"
    if not key.startswith(prefix):
        return None, 0.0
    return key[len(prefix) :], float(response.get("confidence") or 0.0)


def describes_own_symptoms(tracker: Tracker) -> bool:
    """True when the message reports symptoms (red flags or context facts), as read
    once by the Rasa server's NLU component (``parse_data["triage"]``)."""
    understanding = (tracker.latest_message or {}).get("triage") or {}
    return bool(understanding.get("present") or understanding.get("possible"))


class ActionAnswerFaq(Action):
    """Sends ``utter_faq/<topic>``; its variations may depend on ``stage`` and on the
    previous ``topic`` ("and is it safe for the baby?" after an MRI question)."""

    def name(self) -> Text:
        return "action_answer_faq"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> List[EventType]:
        topic, confidence = selected_topic(tracker)
        if topic is None or confidence < MIN_TOPIC_CONFIDENCE:
            if describes_own_symptoms(tracker):
                # not a question after all: she is telling us about her pain
                dispatcher.utter_message(response="utter_start_assessment")
                return [FollowupAction(ASSESSMENT_FORM)]
            dispatcher.utter_message(response="utter_faq_unsure")
            return []
        dispatcher.utter_message(response=f"utter_{FAQ_INTENT}/{topic}")
        return [SlotSet("topic", topic)]
