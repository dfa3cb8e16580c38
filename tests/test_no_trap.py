"""No trap (issue 8): whatever she answers, the assessment ends in advice.

Over HTTP against the running bot: a conversation that answers every question of
the assessment with the same hard answer ("not sure", "rather not say", "no",
"dunno", nonsense, emoji) must end in advice, ask at most 7 questions (6 plus one
clarification) and never ask the same question more than twice in a row.
"""

from __future__ import annotations

import pytest

HARD_ANSWERS = [
    "not sure",
    "I'd rather not say",
    "no",
    "dunno",
    "asdkjh qwpoe zzxv",
    "🤷‍♀️🤷‍♀️",
    "<b>??</b>",
]
STARTS = [
    "my hip hurts",  # stage unknown: every question
    "I'm 30 weeks pregnant and my groin hurts",  # the pregnancy checklist too
    "I had my baby and I'm breastfeeding, my pelvis aches",  # the birth question too
]
MAX_TURNS = 20


def run_conversation(bot, start: str, answer: str) -> tuple[dict, list[str]]:
    sender = bot.new_sender()
    bot.say(sender, start)
    asked: list[str] = []
    for _ in range(MAX_TURNS):
        tracker = bot.tracker(sender)
        if not (tracker.get("active_loop") or {}).get("name"):
            return tracker["slots"], asked
        asked.append(tracker["slots"].get("requested_slot"))
        bot.say(sender, answer)
    raise AssertionError(f"still asking after {MAX_TURNS} answers: {asked}")


@pytest.mark.parametrize("start", STARTS)
@pytest.mark.parametrize("answer", HARD_ANSWERS)
def test_every_hard_answer_to_every_question_ends_in_advice(bot, start, answer):
    slots, asked = run_conversation(bot, start, answer)
    assert slots["urgency"] in ("emergency", "urgent", "soon", "self_care"), asked
    assert len(set(asked)) <= 7, asked
    for index in range(2, len(asked)):
        assert not asked[index] == asked[index - 1] == asked[index - 2], asked


def test_an_unreadable_answer_is_asked_again_once(bot):
    sender = bot.new_sender()
    bot.say(sender, "I'm 30 weeks pregnant and my groin hurts")
    first = bot.say(sender, "asdkjh qwpoe")
    assert "didn't catch that" in first
    assert bot.slot(sender, "requested_slot") == "weight_bearing"
    bot.say(sender, "asdkjh qwpoe")
    assert bot.slot(sender, "weight_bearing") == "unsure"
    assert bot.slot(sender, "requested_slot") == "pain_trend"


def test_not_sure_to_a_checklist_moves_on_at_once(bot):
    # the bug of issue 8: "not sure" to a checklist was asked again forever
    sender = bot.new_sender()
    bot.say(sender, "I'm 30 weeks pregnant, my groin hurts, I can walk and didn't fall")
    bot.say(sender, "about the same")
    assert bot.slot(sender, "requested_slot") == "other_symptoms"
    bot.say(sender, "not sure")
    slots = bot.tracker(sender)["slots"]
    assert slots["other_symptoms"] == "unsure"
    assert slots["requested_slot"] != "other_symptoms"
