"""Answers education questions (retrieval intent ``faq``) in context, and offers
the pain check when she has also told us about her own pain."""

from __future__ import annotations

from typing import List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.triage.record import Record
from bot.triage.vocabulary import RED_FLAG_KEYS

FAQ_INTENT = "faq"
ASSESSMENT_FORM = "pain_assessment_form"
OFFER_CHECK = "utter_offer_check"
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


def told_pain_now(tracker: Tracker) -> bool:
    """The latest message tells of her own pain, as read once by the Rasa server's
    NLU component (``parse_data["triage"]``)."""
    understanding = (tracker.latest_message or {}).get("triage") or {}
    return bool(understanding.get("own_pain"))


def check_after_answer(tracker: Tracker) -> Optional[str]:
    """What follows an answer: ``"start"`` the check (her pain sounds serious),
    ``"offer"`` it, or None (no pain of her own told, the check is running or
    done). The record (slots) already holds what this message said."""
    if tracker.active_loop_name or tracker.get_slot("urgency"):
        return None
    if not tracker.get_slot("pain_described"):
        return None
    # serious: a red flag she told us (worse and worse, can't walk...), or one that
    # may be there and needs asking about
    record = Record(tracker.current_slot_values())
    serious = record.reported & RED_FLAG_KEYS or record.possible or record.unclear
    return "start" if serious else "offer"


class ActionAnswerFaq(Action):
    """Sends ``utter_faq/<topic>``; its variations may depend on ``stage`` and on the
    previous ``topic`` ("and is it safe for the baby?" after an MRI question). Then,
    if she has told us about her own pain, starts or offers the check."""

    def name(self) -> Text:
        return "action_answer_faq"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> List[EventType]:
        topic, confidence = selected_topic(tracker)
        check = check_after_answer(tracker)
        if topic is None or confidence < MIN_TOPIC_CONFIDENCE:
            if check and told_pain_now(tracker):
                # not a clear question: she is telling us about her pain
                dispatcher.utter_message(response="utter_start_assessment")
                return [FollowupAction(ASSESSMENT_FORM)]
            dispatcher.utter_message(response="utter_faq_unsure")
            return []
        dispatcher.utter_message(response=f"utter_{FAQ_INTENT}/{topic}")
        events: List[EventType] = [SlotSet("topic", topic)]
        if check == "start":
            dispatcher.utter_message(response="utter_start_assessment")
            return events + [FollowupAction(ASSESSMENT_FORM)]
        if check == "offer":
            # its own action, so that a typed "yes" or "no" has a rule (rules_triage)
            return events + [FollowupAction(OFFER_CHECK)]
        return events
