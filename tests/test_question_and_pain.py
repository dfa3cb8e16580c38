"""A question and her own pain in the same conversation (issue 9, part 3), over HTTP
against the real Rasa server and action server: the question is answered, and then
the check of her pain is offered, or started when the pain sounds serious."""

from __future__ import annotations

OFFER = "I can check it with a few short questions"
START = "I'll ask a few short questions"
FIRST_QUESTION = "Are you pregnant, or have you had your baby?"
DECLINED = "You can ask me to check your pain at any time"


def test_long_story_ending_in_a_question_gets_the_answer(bot):
    sender = bot.new_sender()
    reply = bot.say(
        sender,
        "So I am 30 weeks with my second baby and everything has been fine so far. "
        "My doctor says I might need a scan of my hip later to see what is going on. "
        "My sister told me scans can be bad for babies. "
        "Is an MRI safe when you are pregnant?",
    )
    assert "MRI" in reply and "Source" in reply
    assert bot.slot(sender, "topic") == "mri_safety"


def test_question_with_her_own_pain_gets_the_answer_then_the_offered_check(bot):
    sender = bot.new_sender()
    reply = bot.say(sender, "my hip hurts when i walk. is an mri safe in pregnancy?")
    assert "MRI" in reply and "Source" in reply
    assert OFFER in reply
    assert reply.index("Source") < reply.index(OFFER)  # the answer comes first
    assert bot.slot(sender, "urgency") is None  # no advice until she is asked

    started = bot.say(sender, "yes")
    assert START in started and FIRST_QUESTION in started
    assert bot.tracker(sender)["active_loop"].get("name") == "pain_assessment_form"


def test_offered_check_can_be_declined_and_she_keeps_a_safety_net(bot):
    sender = bot.new_sender()
    bot.say(sender, "my groin is sore, which painkillers can i take?")
    declined = bot.say(sender, "no thanks")
    assert DECLINED in declined
    assert "999" in declined  # the emergency number is still there
    assert not bot.tracker(sender)["active_loop"].get("name")


def test_offered_check_started_with_its_button(bot):
    sender = bot.new_sender()
    offer = bot.say(sender, "my pelvis aches a bit. can i still go swimming?")
    assert OFFER in offer
    assert FIRST_QUESTION in bot.say(sender, "/describe_pain")


def test_education_question_after_a_pain_description_offers_the_check(bot):
    sender = bot.new_sender()
    bot.say(sender, "i have some pain in my hip")  # the check starts
    bot.say(sender, "bye")  # she stops it
    reply = bot.say(sender, "how long does toh take to get better")
    assert "Source" in reply
    assert OFFER in reply


def test_serious_pain_with_a_question_gets_the_answer_and_the_check_starts(bot):
    sender = bot.new_sender()
    reply = bot.say(
        sender,
        "my hip pain is getting worse every day. what is transient osteoporosis?",
    )
    assert "Source" in reply
    assert START in reply and FIRST_QUESTION in reply
    assert reply.index("Source") < reply.index(START)
    assert OFFER not in reply


def test_a_question_alone_gets_no_offer(bot):
    sender = bot.new_sender()
    reply = bot.say(sender, "is a hip x-ray safe when pregnant")
    assert "Source" in reply
    assert OFFER not in reply and START not in reply
