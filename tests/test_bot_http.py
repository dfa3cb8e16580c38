"""End to end over HTTP: the real Rasa server and action server on loopback."""

from __future__ import annotations

import concurrent.futures

import pytest
import yaml

from tests.support import PROJECT_ROOT, http_json, start_bot, stop_bot

DOMAIN = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text())

TOPIC_QUESTIONS = {
    "what_is_toh": "what is transient osteoporosis of the hip",
    "causes_risk": "why do some women get toh in pregnancy",
    "symptoms": "what are the signs of transient osteoporosis",
    "mri_safety": "mri ok pregnant?",
    "xray_safety": "is a hip x-ray safe when pregnant",
    "diagnosis_tests": "how do doctors diagnose toh",
    "treatment": "what is the treatment for toh",
    "pain_relief_medication": "which painkillers can i take",
    "recovery_time": "how long does it take to get better",
    "breastfeeding_and_bone": "does breastfeeding make my bones weaker",
    "calcium_vitamin_d": "should i take calcium and vitamin d",
    "fracture_risk": "can my hip break",
    "baby_safety": "will this hurt my baby",
    "future_pregnancy": "will toh come back in my next pregnancy",
    "exercise_activity": "can i go swimming with toh",
    "differential_pgp": "how is toh different from pelvic girdle pain",
}


def custom_action_names() -> set[str]:
    # an entry is a name, or {name: {send_domain: true}}
    names = {
        entry if isinstance(entry, str) else next(iter(entry))
        for entry in DOMAIN["actions"]
    }
    names |= {f"validate_{form}" for form in DOMAIN["forms"]}
    return {name for name in names if not name.startswith("utter_")}


# --- action server ---------------------------------------------------------------


def test_action_server_is_healthy(bot):
    assert http_json(f"{bot.action_url}/health") == {"status": "ok"}


def test_action_server_serves_every_custom_action_in_the_domain(bot):
    served = {entry["name"] for entry in http_json(f"{bot.action_url}/actions")}
    assert custom_action_names() <= served


# --- understanding ---------------------------------------------------------------


@pytest.mark.parametrize("topic, question", TOPIC_QUESTIONS.items())
def test_parse_shows_the_topic(bot, topic, question):
    parsed = bot.parse(question)
    selector = parsed.get("response_selector", {}).get("faq", {}).get("response", {})
    shown = {parsed["intent"]["name"], selector.get("intent_response_key")}
    assert {topic, f"ask_{topic}", f"faq/{topic}"} & shown, parsed["intent"]


# --- conversations ---------------------------------------------------------------


def test_first_message_says_what_the_bot_is_and_how_to_get_help(bot):
    reply = bot.say(bot.new_sender(), "hi")
    assert "not a doctor" in reply
    assert "999" in reply  # the configured emergency number
    assert "Test Clinic" in reply


def test_education_answer_names_its_source(bot):
    reply = bot.say(bot.new_sender(), "is an mri scan safe in pregnancy")
    assert "MRI" in reply and "Source" in reply


def test_follow_up_about_the_baby_is_answered_in_context(bot):
    sender = bot.new_sender()
    bot.say(sender, "is an mri scan safe in pregnancy")
    follow_up = bot.say(sender, "and is it safe for the baby?")
    assert "MRI" in follow_up
    assert bot.slot(sender, "topic") == "baby_safety"


def test_assessment_ends_in_same_day_advice(bot):
    sender = bot.new_sender()
    bot.say(sender, "my hip hurts a lot")
    bot.say(sender, "I'm pregnant, 34 weeks")
    bot.say(sender, "/deny")  # cannot walk without help
    bot.say(sender, "It is getting worse")
    bot.say(sender, "/deny")  # no fall
    bot.say(sender, "/deny")  # none of the general red flags
    advice = bot.say(sender, "/deny")  # none of the pregnancy red flags
    assert "today" in advice and "0100 200 300" in advice
    slots = bot.tracker(sender)["slots"]
    assert slots["urgency"] == "urgent"
    assert "cannot_bear_weight" in slots["red_flags"]
    assert slots["stage"] == "pregnant" and slots["pregnancy_week"] == 34
    assert "Would you like to learn more?" in advice


def test_assessment_skips_what_she_already_said(bot):
    sender = bot.new_sender()
    first = bot.say(
        sender,
        "im 36 weeks pregnant, my groin hurts, i can still walk and i didnt fall",
    )
    assert "getting worse" in first  # straight to the trend question
    slots = bot.tracker(sender)["slots"]
    assert slots["requested_slot"] == "pain_trend"
    assert slots["weight_bearing"] == "yes" and slots["fall"] == "no"


def test_emergency_in_first_message(bot):
    sender = bot.new_sender()
    reply = bot.say(sender, "I fell down the stairs and now I can't stand up")
    assert reply.startswith("This could be an emergency")
    assert "999" in reply
    slots = bot.tracker(sender)["slots"]
    assert slots["urgency"] == "emergency"
    assert {"trauma_fall", "cannot_bear_weight"} <= set(slots["red_flags"])


def test_emergency_inside_the_form_stops_the_questions(bot):
    sender = bot.new_sender()
    bot.say(sender, "my hip hurts")
    bot.say(sender, "I'm pregnant")
    bot.say(sender, "30 weeks")
    reply = bot.say(sender, "the baby hasn't moved since yesterday")
    assert "maternity unit" in reply and "0100 200 300" in reply
    tracker = bot.tracker(sender)
    assert tracker["active_loop"] in ({}, None) or not tracker["active_loop"].get(
        "name"
    )
    assert tracker["slots"]["urgency"] == "emergency"
    assert "reduced_fetal_movements" in tracker["slots"]["red_flags"]


def test_emergency_in_the_middle_of_an_education_question(bot):
    sender = bot.new_sender()
    reply = bot.say(
        sender, "is paracetamol ok? also i have chest pain and i cant breathe"
    )
    assert reply.startswith("This could be an emergency")


def test_negated_red_flags_do_not_raise_an_alarm(bot):
    sender = bot.new_sender()
    reply = bot.say(sender, "hip is sore but no fever, not bleeding, i can still walk")
    assert "This could be an emergency" not in reply
    assert bot.slot(sender, "urgency") != "emergency"
    assert {"fever", "vaginal_bleeding"} <= set(bot.slot(sender, "denied_flags"))


# --- bad input ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "message",
    [
        "",
        "   \n\t ",
        "hip " * 2500,
        "😭😭😭🙏",
        "dói-me a anca e estou grávida de 30 semanas",
        "<script>alert(1)</script><img src=x onerror=alert(1)>",
        "asdkjh qwpoe zmxn 12983 !!!",
    ],
    ids=["empty", "whitespace", "10k-chars", "emoji", "portuguese", "html", "random"],
)
def test_bad_input_gets_a_clear_safe_reply(bot, message):
    reply = bot.send(bot.new_sender(), message)
    texts = " ".join(m.get("text", "") for m in reply)
    assert texts.strip(), "every message gets an answer"
    assert "<script>" not in texts and "onerror" not in texts


def test_same_message_twice_gets_two_answers(bot):
    sender = bot.new_sender()
    assert bot.say(sender, "what is toh") and bot.say(sender, "what is toh")
    user_events = [e for e in bot.tracker(sender)["events"] if e["event"] == "user"]
    assert len(user_events) == 2


def test_conversations_do_not_leak_into_each_other(bot):
    anna, beth = bot.new_sender(), bot.new_sender()

    def talk(sender, messages):
        return [bot.say(sender, m) for m in messages]

    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        a = pool.submit(talk, anna, ["my hip hurts", "I'm 34 weeks pregnant"])
        b = pool.submit(
            talk, beth, ["my hip hurts", "I had my baby and I'm breastfeeding"]
        )
        a.result(), b.result()
    assert (
        bot.slot(anna, "stage") == "pregnant" and bot.slot(anna, "pregnancy_week") == 34
    )
    assert bot.slot(beth, "stage") == "postpartum_breastfeeding"
    assert bot.slot(beth, "pregnancy_week") is None


# --- without the action server, and across a restart --------------------------------


def test_emergency_advice_without_action_server_and_conversations_survive_restart(
    tmp_path,
):
    sender = "restart-test"
    bot = start_bot(tmp_path, with_action_server=False, CLINIC_EMERGENCY_NUMBER="911")
    try:
        reply = bot.say(sender, "i have chest pain and i can't breathe")
        assert reply.startswith("This could be an emergency") and "911" in reply
        assert bot.slot(sender, "urgency") == "emergency"
    finally:
        stop_bot(bot)
    again = start_bot(tmp_path, with_action_server=False)
    try:
        slots = again.tracker(sender)["slots"]
        assert slots["urgency"] == "emergency" and "chest_pain" in slots["red_flags"]
    finally:
        stop_bot(again)
    assert (tmp_path / "tracker.db").is_file()
