"""The staff triage report (bot/report.py), read through a real tracker store."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time

import pytest
from rasa.shared.core.events import (
    ActionExecuted,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

from bot import report
from tests.support import PROJECT_ROOT, project_env

HOUR = 3600


def conversation(sender: str, channel: str, ago: float, urgency=None, flags=None):
    at = time.time() - ago
    events = [
        ActionExecuted("action_session_start", timestamp=at),
        SessionStarted(timestamp=at),
        ActionExecuted("action_listen", timestamp=at),
        UserUttered(
            f"secret words of {sender}",
            {"name": "describe_pain", "confidence": 1.0},
            input_channel=channel,
            timestamp=at + 1,
        ),
    ]
    if urgency:
        events.append(SlotSet("urgency", urgency, timestamp=at + 2))
    if flags:
        events.append(SlotSet("red_flags", flags, timestamp=at + 2))
    return events


@pytest.fixture
def store(tmp_path, monkeypatch):
    """A SQLite tracker store built from endpoints.yml, filled with conversations."""
    monkeypatch.setenv("TRACKER_DB", str(tmp_path / "tracker.db"))
    monkeypatch.setenv("ACTION_SERVER_URL", "http://127.0.0.1:5055/webhook")
    store = report.tracker_store(PROJECT_ROOT / "endpoints.yml")
    conversations = {
        "old-emergency": conversation(
            "old-emergency", "whatsapp", 50 * HOUR, "emergency"
        ),
        "anna": conversation(
            "anna", "whatsapp", 2 * HOUR, "emergency", ["trauma_fall"]
        ),
        "bella": conversation("bella", "telegram", 1 * HOUR, "urgent", ["fever"]),
        "cara": conversation("cara", "facebook", 0.5 * HOUR, "self_care"),
        "dana": conversation("dana", "twilio", 0.2 * HOUR),
        "ella": conversation("ella", "rest", 3 * HOUR, "emergency", ["chest_pain"]),
    }

    async def fill() -> None:
        for sender, events in conversations.items():
            tracker = DialogueStateTracker.from_events(
                sender, events, slots=store.domain.slots
            )
            await store.save(tracker)

    asyncio.run(fill())
    return store


def run_report(capsys, *arguments: str) -> str:
    assert report.main(list(arguments)) == 0
    return capsys.readouterr().out


def test_most_urgent_and_newest_first_without_message_text(store, capsys):
    rows = json.loads(run_report(capsys, "--json"))
    assert [row["sender_id"] for row in rows] == [
        "anna",
        "ella",
        "bella",
        "cara",
        "dana",
    ]
    assert rows[0]["channel"] == "whatsapp"
    assert rows[0]["red_flags"] == ["trauma_fall"]
    assert rows[4]["urgency"] == "-"  # no outcome yet
    assert all("texts" not in row for row in rows)
    table = run_report(capsys)
    assert "secret words" not in table
    assert "old-emergency" not in table  # older than 24 hours


def test_filters_by_urgency_and_time(store, capsys):
    rows = json.loads(run_report(capsys, "--json", "--urgency", "emergency,urgent"))
    assert [row["sender_id"] for row in rows] == ["anna", "ella", "bella"]
    rows = json.loads(
        run_report(capsys, "--json", "--since", "72", "--urgency", "emergency")
    )
    assert [row["sender_id"] for row in rows] == ["anna", "ella", "old-emergency"]


def test_text_only_when_asked(store, capsys):
    table = run_report(capsys, "--with-text", "--urgency", "urgent")
    assert "bella" in table and "telegram" in table and "fever" in table
    assert "> secret words of bella" in table


def test_sessions_are_reported_separately():
    events = [
        {"event": "session_started"},
        {"event": "user", "timestamp": 10.0, "input_channel": "whatsapp", "text": "a"},
        {"event": "slot", "name": "urgency", "value": "emergency"},
        {"event": "session_started"},
        {"event": "slot", "name": "urgency", "value": None},
        {"event": "user", "timestamp": 99.0, "input_channel": "whatsapp", "text": "b"},
    ]
    first, second = report.sessions("anna", events)
    assert (first.urgency, first.last_message) == ("emergency", 10.0)
    assert (second.urgency, second.last_message) == ("-", 99.0)


def test_unknown_urgency_is_refused(capsys):
    with pytest.raises(SystemExit):
        report.main(["--urgency", "panic"])


def test_report_of_the_running_bot(bot):
    """End to end: an emergency told to the running bot is in the report."""
    sender = bot.new_sender()
    bot.send(sender, "i fell down the stairs and now i can't stand up")
    result = subprocess.run(
        [sys.executable, "-m", "bot.report", "--json", "--since", "1"],
        cwd=PROJECT_ROOT,
        env=project_env(TRACKER_DB=str(bot.workdir / "tracker.db")),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    rows = {row["sender_id"]: row for row in json.loads(result.stdout)}
    assert rows[sender]["urgency"] == "emergency"
    assert rows[sender]["channel"] == "rest"
    assert "trauma_fall" in rows[sender]["red_flags"]
