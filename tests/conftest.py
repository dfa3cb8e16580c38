from __future__ import annotations

import pytest

from tests.support import Bot, start_bot, stop_bot


@pytest.fixture(scope="session")
def bot(tmp_path_factory) -> Bot:
    """The real bot: Rasa server + action server on loopback, with test settings."""
    running = start_bot(
        tmp_path_factory.mktemp("bot"),
        CLINIC_NAME="Test Clinic",
        CLINIC_EMERGENCY_NUMBER="999",
        CLINIC_TRIAGE_PHONE="0100 200 300",
    )
    yield running
    stop_bot(running)
