"""End-to-end triage cases (tests/triage_cases.yml) through the real bot over HTTP.

Every case is a new conversation: its turns are sent in order to the running Rasa
server (session fixture ``bot``, tests/conftest.py) and the final ``urgency`` slot is
recorded. Sending stops early once the bot has given emergency advice.

- ``test_case``: one test per case. For expected emergencies it asserts the exact
  level and the expected red-flag keys, so a missed emergency names its case. Other
  cases are only counted by the aggregate test (a mismatch is shown as a skip).
- ``test_aggregate_metrics``: prints the results table and the metrics, writes them to
  results/triage_cases.txt, and enforces emergency sensitivity, exact accuracy and the
  over-triage bound.

Run: .venv/bin/python -m pytest tests/test_triage_cases.py -q -p no:warnings -s
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

import pytest
import yaml

from tests.support import PROJECT_ROOT

CASES_FILE = Path(__file__).with_name("triage_cases.yml")
RESULTS_FILE = PROJECT_ROOT / "results" / "triage_cases.txt"
LEVELS = ("self_care", "soon", "urgent", "emergency")

# Exact-urgency accuracy threshold. Emergencies must all be caught (asserted
# separately); the remaining levels depend on free-text understanding over several
# turns and on judgement calls at rule boundaries (e.g. the one-level move-up for an
# unanswerable question), so a small number of one-level disagreements is tolerated.
# 0.85 allows about 1 case in 7 to be off, in line with the agreement reported for
# structured nurse telephone triage, while still failing on any systematic error
# (a whole rule family, e.g. all U- or all S-cases, going wrong).
MIN_ACCURACY = 0.85

# Over-triage bound: share of non-emergency cases given a HIGHER level than expected.
# Over-triage is the safe direction (brief 11.2 asks to move up when unsure), so it is
# tolerated more than under-triage, but unnecessary same-day or emergency referrals
# overload maternity triage and erode trust in the advice. Manchester-style triage
# audits accept roughly 10-20% over-triage; we allow at most 20% of these cases.
MAX_OVER_TRIAGE = 0.20


def load_cases() -> list[dict]:
    document = yaml.safe_load(CASES_FILE.read_text(encoding="utf-8"))
    cases = document["cases"]
    ids = [case["id"] for case in cases]
    assert len(ids) == len(set(ids)), "case ids must be unique"
    for case in cases:
        assert case["expected"] in LEVELS, case["id"]
        assert case["turns"] and all(isinstance(t, str) for t in case["turns"]), case[
            "id"
        ]
    return cases


CASES = load_cases()


@dataclass
class Outcome:
    case: dict
    actual: Optional[str]
    red_flags: list = field(default_factory=list)
    slots: dict = field(default_factory=dict)
    transcript: list = field(default_factory=list)  # (user, bot) pairs
    turns_sent: int = 0
    error: Optional[str] = None

    @property
    def expected(self) -> str:
        return self.case["expected"]

    @property
    def correct(self) -> bool:
        return self.actual == self.expected

    @property
    def missing_flags(self) -> list:
        return sorted(set(self.case.get("expected_flags") or []) - set(self.red_flags))


def rank(level: Optional[str]) -> int:
    """Urgency rank; no result at all counts below self-care."""
    return LEVELS.index(level) if level in LEVELS else -1


def run_case(bot, case: dict) -> Outcome:
    sender = bot.new_sender()
    outcome = Outcome(case=case, actual=None)
    try:
        for turn in case["turns"]:
            reply = bot.say(sender, turn)
            outcome.transcript.append((turn, reply))
            outcome.turns_sent += 1
            if bot.slot(sender, "urgency") == "emergency":
                break
        slots = bot.tracker(sender)["slots"]
    except Exception as error:  # a crash is recorded as a wrong answer, not hidden
        outcome.error = f"{type(error).__name__}: {error}"
        return outcome
    outcome.slots = slots
    outcome.actual = slots.get("urgency")
    outcome.red_flags = list(slots.get("red_flags") or [])
    return outcome


def format_report(outcomes: list[Outcome]) -> tuple[str, dict]:
    emergencies = [o for o in outcomes if o.expected == "emergency"]
    detected = [o for o in emergencies if o.actual == "emergency"]
    others = [o for o in outcomes if o.expected != "emergency"]
    over = [o for o in others if rank(o.actual) > rank(o.expected)]
    under = [o for o in others if rank(o.actual) < rank(o.expected)]
    correct = [o for o in outcomes if o.correct]
    metrics = {
        "cases": len(outcomes),
        "sensitivity": len(detected) / len(emergencies) if emergencies else 1.0,
        "accuracy": len(correct) / len(outcomes) if outcomes else 1.0,
        "over_triage": len(over) / len(others) if others else 0.0,
        "under_triage": len(under) / len(others) if others else 0.0,
    }

    lines = []
    header = f"{'case':40} {'expected':10} {'actual':10} {'ok':3} {'turns':5} flags"
    lines.append(header)
    lines.append("-" * len(header))
    for o in outcomes:
        mark = (
            "ok"
            if o.correct
            else ("UP" if rank(o.actual) > rank(o.expected) else "LOW")
        )
        if o.correct and o.missing_flags:
            mark = "f?"
        flags = ",".join(sorted(o.red_flags))
        lines.append(
            f"{o.case['id']:40} {o.expected:10} {str(o.actual):10} {mark:3} "
            f"{o.turns_sent}/{len(o.case['turns']):<3} {flags}"
        )
    lines.append("")
    counts = {level: sum(o.expected == level for o in outcomes) for level in LEVELS}
    lines.append(
        "cases by expected level: " + ", ".join(f"{k}={v}" for k, v in counts.items())
    )
    lines.append(
        f"emergency sensitivity: {len(detected)}/{len(emergencies)} = "
        f"{metrics['sensitivity']:.1%}"
    )
    lines.append(
        f"exact-urgency accuracy: {len(correct)}/{len(outcomes)} = "
        f"{metrics['accuracy']:.1%} (threshold {MIN_ACCURACY:.0%})"
    )
    lines.append(
        f"over-triage (non-emergency cases given a higher level): {len(over)}/"
        f"{len(others)} = {metrics['over_triage']:.1%} (bound {MAX_OVER_TRIAGE:.0%})"
    )
    lines.append(
        f"under-triage (non-emergency cases given a lower level): {len(under)}/"
        f"{len(others)} = {metrics['under_triage']:.1%}"
    )

    wrong = [o for o in outcomes if not o.correct or o.missing_flags]
    if wrong:
        lines.append("")
        lines.append("MISMATCHES (transcript and recorded facts)")
        for o in wrong:
            lines.append("")
            lines.append(
                f"* {o.case['id']}: expected {o.expected}, got {o.actual}"
                + (f"; missing flags {o.missing_flags}" if o.missing_flags else "")
                + f"  [{o.case['note']}]"
            )
            if o.error:
                lines.append(f"  error: {o.error}")
            for user, reply in o.transcript:
                lines.append(f"  USER: {user}")
                lines.append("  BOT:  " + " | ".join(reply.splitlines()[:3])[:300])
            for name in (
                "stage",
                "pregnancy_week",
                "reported_flags",
                "denied_flags",
                "unclear_flags",
                "requested_slot",
            ):
                lines.append(f"  {name}: {o.slots.get(name)}")
    return "\n".join(lines), metrics


@pytest.fixture(scope="module")
def outcomes(bot) -> dict[str, Outcome]:
    """Runs every case once against the running bot."""
    return {case["id"]: run_case(bot, case) for case in CASES}


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_case(outcomes, case):
    outcome = outcomes[case["id"]]
    assert outcome.error is None, outcome.error
    if case["expected"] != "emergency":
        if not outcome.correct:
            pytest.skip(
                f"non-emergency mismatch (counted in test_aggregate_metrics): "
                f"expected {case['expected']}, got {outcome.actual}"
            )
        return
    assert outcome.actual == "emergency", (
        f"missed emergency in {case['id']} ({case['note']}): got {outcome.actual}; "
        f"turns {case['turns'][: outcome.turns_sent]}; "
        f"reported {outcome.slots.get('reported_flags')}, "
        f"denied {outcome.slots.get('denied_flags')}, "
        f"unclear {outcome.slots.get('unclear_flags')}"
    )
    assert not outcome.missing_flags, (
        f"{case['id']}: red_flags {outcome.red_flags} lack {outcome.missing_flags}"
    )


def test_aggregate_metrics(outcomes):
    report, metrics = format_report([outcomes[case["id"]] for case in CASES])
    print("\n" + report)
    RESULTS_FILE.parent.mkdir(parents=True, exist_ok=True)
    RESULTS_FILE.write_text(report + "\n", encoding="utf-8")

    assert metrics["sensitivity"] == 1.0, "every emergency must be detected\n" + report
    assert metrics["accuracy"] >= MIN_ACCURACY, report
    assert metrics["over_triage"] <= MAX_OVER_TRIAGE, report
