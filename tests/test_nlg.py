"""The response generator: clinic settings and the first-message introduction."""

from __future__ import annotations

import asyncio

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    BotUttered,
    SessionStarted,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

from bot.nlg import ClinicNaturalLanguageGenerator
from bot.settings import ClinicSettings, load_settings
from tests.support import PROJECT_ROOT

DOMAIN = Domain.load(str(PROJECT_ROOT / "domain.yml"))
SETTINGS = ClinicSettings(
    clinic_name="Hope Clinic",
    emergency_number="999",
    maternity_triage_phone="0100 200",
    opening_hours="9 to 5",
)


def generate(name: str, events) -> str:
    nlg = ClinicNaturalLanguageGenerator(domain=DOMAIN, settings=SETTINGS)
    tracker = DialogueStateTracker.from_events("s", events, slots=DOMAIN.slots)
    return asyncio.run(nlg.generate(name, tracker, "rest"))["text"]


def test_first_message_introduces_the_bot_with_the_emergency_number():
    text = generate(
        "utter_greet",
        [SessionStarted(), ActionExecuted("action_listen"), UserUttered("hi")],
    )
    assert text.startswith("Hi, I'm the hip pain helper of Hope Clinic")
    assert "not a doctor" in text and "call 999" in text
    assert "How can I help?" in text


def test_later_messages_are_not_introduced_again():
    events = [
        SessionStarted(),
        UserUttered("hi"),
        BotUttered("Hi, I'm the helper"),
        UserUttered("bye"),
    ]
    text = generate("utter_goodbye", events)
    assert "hip pain helper" not in text
    assert "call 999" in text


def test_two_responses_of_one_action_get_one_introduction():
    # an answer, then the check's first question, in the first turn: both are
    # generated against the same tracker
    nlg = ClinicNaturalLanguageGenerator(domain=DOMAIN, settings=SETTINGS)
    events = [SessionStarted(), ActionExecuted("action_listen"), UserUttered("hi")]
    tracker = DialogueStateTracker.from_events("s", events, slots=DOMAIN.slots)
    first = asyncio.run(nlg.generate("utter_greet", tracker, "rest"))
    second = asyncio.run(nlg.generate("utter_start_assessment", tracker, "rest"))
    assert first["text"].startswith("Hi, I'm the hip pain helper")
    assert "hip pain helper" not in second["text"]
    # another conversation in the same state is introduced
    other = DialogueStateTracker.from_events("t", events, slots=DOMAIN.slots)
    third = asyncio.run(nlg.generate("utter_start_assessment", other, "rest"))
    assert third["text"].startswith("Hi, I'm the hip pain helper")


def test_emergency_advice_comes_first_without_the_introduction():
    text = generate(
        "utter_emergency_advice", [SessionStarted(), UserUttered("chest pain")]
    )
    assert text.startswith("This could be an emergency")
    assert "999" in text


def test_settings_file_then_environment(tmp_path):
    config = tmp_path / "clinic.yml"
    config.write_text('clinic_name: "File Clinic"\nemergency_number: "911"\n')
    settings = load_settings(config, environ={"CLINIC_EMERGENCY_NUMBER": "000"})
    assert settings.clinic_name == "File Clinic"
    assert settings.emergency_number == "000"
    assert settings.opening_hours == ClinicSettings().opening_hours


def test_unknown_setting_is_an_error(tmp_path):
    config = tmp_path / "clinic.yml"
    config.write_text("emergency_numbr: 999\n")
    try:
        load_settings(config, environ={})
    except ValueError as error:
        assert "emergency_numbr" in str(error)
    else:
        raise AssertionError("a misspelt setting must not be ignored")
