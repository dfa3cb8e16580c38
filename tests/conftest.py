from __future__ import annotations

import time

import pytest

from tests.services import databases, postgres, redis_server  # noqa: F401 (fixtures)
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


SESSION_START = time.time()
REPORTS = {
    "held-out NLU report": "results/nlu_holdout.txt",
    "triage case table": "results/triage_cases.txt",
    "held-out NLU by style": "results/nlu_styles.txt",
    "red-flag detector on held-out paraphrases": "results/redflag_detector.txt",
}


def pytest_terminal_summary(terminalreporter):
    """Print the reports this run wrote, before pytest's closing line."""
    from tests.support import PROJECT_ROOT

    for title, relative in REPORTS.items():
        path = PROJECT_ROOT / relative
        if path.is_file() and path.stat().st_mtime >= SESSION_START:
            terminalreporter.write_sep("=", title)
            text = path.read_text()
            summary, _, _ = text.partition("\nMISMATCHES")
            terminalreporter.write_line(summary.rstrip())
