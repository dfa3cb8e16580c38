"""End-to-end triage cases through the real bot over HTTP.

Two files of cases: tests/triage_cases.yml (fixed turns, written with the first
assessment) and tests/triage_cases_patients.yml (a simulated patient, written from
the clinical brief by a writer who had not seen how the bot reads text: she tells
her story, then answers whichever question the bot asks from her ``answers``, in
her own words). Every case is a new conversation with the running Rasa server
(session fixture ``bot``, tests/conftest.py); the final ``urgency`` slot is
recorded. Sending stops once the bot has given emergency advice.

- ``test_case``: one test per case, failing on its own: the exact level, and for
  emergencies and urgent cases at least one of the expected red-flag keys. A known
  limit is marked in the case (``known_limit: <reason>``) and runs as a strict
  expected failure.
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

from bot.triage.vocabulary import RED_FLAG_KEYS
from tests.support import PROJECT_ROOT

CASE_FILES = (
    Path(__file__).with_name("triage_cases.yml"),
    Path(__file__).with_name("triage_cases_patients.yml"),
)
MAX_PATIENT_TURNS = 14  # story + at most 7 questions, each asked at most twice
RESULTS_FILE = PROJECT_ROOT / "results" / "triage_cases.txt"
LEVELS = ("self_care", "soon", "urgent", "emergency")

# Exact-urgency accuracy threshold (issue 8: at least 95%). Emergencies must all be
# caught (asserted separately); each other case fails on its own too, so the
# aggregate allows only the known limits, marked in the cases with their reason.
MIN_ACCURACY = 0.95

# Over-triage bound: share of non-emergency cases given a HIGHER level than expected.
# Over-triage is the safe direction (brief 11.2 asks to move up when unsure), but
# unnecessary same-day or emergency referrals overload maternity triage and erode
# trust in the advice; issue 8 sets at most 10%.
MAX_OVER_TRIAGE = 0.10


def load_cases() -> list[dict]:
    cases = []
    for path in CASE_FILES:
        cases += yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]
    ids = [case["id"] for case in cases]
    assert len(ids) == len(set(ids)), "case ids must be unique"
    for case in cases:
        assert case["expected"] in LEVELS, case["id"]
        messages = case.get("turns") or case.get("story")
        assert messages and all(isinstance(t, str) for t in messages), case["id"]
        if "story" in case:
            assert isinstance(case.get("answers"), dict), case["id"]
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


# The question the bot asks (requested_slot) -> the case's answers to try, in order.
ANSWER_KEYS = {"weeks_since_birth": ("birth_weeks",)}


# Her answer to a targeted question about one key (utter_ask_clarification), the
# truth of the case: "yes" when the key is one of its red flags (for the question
# about an ability, "can you walk?", "no"), "no" for any other red flag (the cases
# list every red flag that decides their level; soon-level ones may go unlisted),
# otherwise (a context fact or a soon-level flag) the case's own clarification
# answer.
ABILITY_QUESTIONS = frozenset({"cannot_bear_weight"})
SOON_LEVEL_FLAGS = frozenset(
    {"progressive_pain", "night_rest_pain", "weight_loss", "cancer_history"}
)


def answer_for(case: dict, question: str, clarify_key: Optional[str] = None) -> str:
    if question == "clarification" and clarify_key:
        yes, no = ("no", "yes") if clarify_key in ABILITY_QUESTIONS else ("yes", "no")
        if clarify_key in (case.get("expected_flags") or ()):
            return yes
        if clarify_key in RED_FLAG_KEYS and clarify_key not in SOON_LEVEL_FLAGS:
            return no
    for key in ANSWER_KEYS.get(question, (question,)):
        if case["answers"].get(key):
            return str(case["answers"][key])
    raise AssertionError(f"{case['id']}: the case has no answer to {question!r}")


def run_patient(bot, case: dict) -> Outcome:
    """She tells her story, then answers each question the bot asks."""
    sender = bot.new_sender()
    outcome = Outcome(case=case, actual=None)

    def say(text: str) -> None:
        outcome.transcript.append((text, bot.say(sender, text)))
        outcome.turns_sent += 1

    try:
        for turn in case["story"]:
            say(turn)
            if bot.slot(sender, "urgency") == "emergency":
                break
        asked_for_check = False
        while outcome.turns_sent < MAX_PATIENT_TURNS:
            tracker = bot.tracker(sender)
            slots = tracker["slots"]
            if slots.get("urgency") == "emergency":
                break
            if (tracker.get("active_loop") or {}).get("name"):
                requested = slots.get("requested_slot")
                say(answer_for(case, requested, slots.get("clarify_key")))
            elif slots.get("urgency") or asked_for_check:
                break
            else:
                # no check yet (she asked a question): she taps "Check my hip pain"
                say("/describe_pain")
                asked_for_check = True
        slots = bot.tracker(sender)["slots"]
    except Exception as error:  # a crash is recorded as a wrong answer, not hidden
        outcome.error = f"{type(error).__name__}: {error}"
        return outcome
    outcome.slots = slots
    outcome.actual = slots.get("urgency")
    outcome.red_flags = list(slots.get("red_flags") or [])
    return outcome


def run_case(bot, case: dict) -> Outcome:
    if "story" in case:
        return run_patient(bot, case)
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
        planned = len(o.case.get("turns") or o.case.get("story"))
        lines.append(
            f"{o.case['id']:40} {o.expected:10} {str(o.actual):10} {mark:3} "
            f"{o.turns_sent}/{planned:<3} {flags}"
        )
    lines.append("")
    counts = {level: sum(o.expected == level for o in outcomes) for level in LEVELS}
    lines.append(
        "cases by expected level: " + ", ".join(f"{k}={v}" for k, v in counts.items())
    )
    tags: dict[str, list[Outcome]] = {}
    for o in outcomes:
        for tag in o.case.get("tags") or ["fixed_turns"]:
            tags.setdefault(tag, []).append(o)
    lines.append(
        "exact accuracy by tag: "
        + ", ".join(
            f"{tag} {sum(o.correct for o in group)}/{len(group)}"
            for tag, group in sorted(tags.items())
        )
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


def case_param(case: dict):
    marks = []
    if case.get("known_limit"):
        marks.append(pytest.mark.xfail(reason=case["known_limit"], strict=True))
    return pytest.param(case, id=case["id"], marks=marks)


@pytest.mark.parametrize("case", [case_param(case) for case in CASES])
def test_case(outcomes, case):
    outcome = outcomes[case["id"]]
    assert outcome.error is None, outcome.error
    transcript = " | ".join(
        f"{user} -> {reply[:80]}" for user, reply in outcome.transcript
    )
    assert outcome.actual == case["expected"], (
        f"{case['id']} ({case['note']}): expected {case['expected']}, got "
        f"{outcome.actual}; reported {outcome.slots.get('reported_flags')}, "
        f"denied {outcome.slots.get('denied_flags')}, "
        f"unclear {outcome.slots.get('unclear_flags')}; {transcript}"
    )
    if case["expected"] in ("emergency", "urgent"):
        # the advice is given for a reason the case names, recorded or (when the
        # emergency advice came first) still to be asked about; the report lists
        # the expected flags that were not recorded, marked f?
        expected = set(case.get("expected_flags") or ())
        found = set(outcome.red_flags) | set(outcome.slots.get("possible_flags") or ())
        assert not expected or expected & found, (
            f"{case['id']}: red_flags {outcome.red_flags}, expected {sorted(expected)}"
        )


def test_aggregate_metrics(outcomes):
    report, metrics = format_report([outcomes[case["id"]] for case in CASES])
    print("\n" + report)
    RESULTS_FILE.parent.mkdir(parents=True, exist_ok=True)
    RESULTS_FILE.write_text(report + "\n", encoding="utf-8")

    assert metrics["sensitivity"] == 1.0, "every emergency must be detected\n" + report
    assert metrics["accuracy"] >= MIN_ACCURACY, report
    assert metrics["over_triage"] <= MAX_OVER_TRIAGE, report
