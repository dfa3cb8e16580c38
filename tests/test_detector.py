"""The learned red-flag detector (bot/triage/detector.py) on paraphrases it never saw.

tests/nlu/redflag_paraphrases_heldout.yml was written by a helper who saw neither
the code nor the training paraphrases (bot/triage/lang/en/paraphrases.yml), and it
is never trained on. The report (results/redflag_detector.txt, printed at the end
of the test run) gives the recall of the phrase data alone, of the detector alone
and of both together (what the bot uses: a phrase reading, or a "possible" finding
that leads to one targeted question), per key, and how often a near miss or an
ordinary message gets a "possible" finding (a question that was not needed).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.triage.detector import detector, training_examples
from bot.triage.understanding import understand
from tests.support import PROJECT_ROOT

HELDOUT = Path(__file__).parent / "nlu" / "redflag_paraphrases_heldout.yml"
RESULTS = PROJECT_ROOT / "results" / "redflag_detector.txt"

# Thresholds, from the first measurement (phrases alone 46%, both together 85%,
# near misses given a finding 25%, ordinary messages 2.5%), a few points below so
# that a change that makes it clearly worse fails. The combined recall matters for
# safety; a finding on a near miss costs one extra question, not wrong advice.
MIN_COMBINED_RECALL = 0.80
MAX_NEAR_MISS_FINDINGS = 0.35
MAX_BENIGN_FINDINGS = 0.10


@pytest.fixture(scope="module")
def heldout() -> dict:
    return yaml.safe_load(HELDOUT.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def report(heldout) -> dict:
    model = detector("en")
    per_key = {}
    total = {"n": 0, "phrases": 0, "detector": 0, "both": 0}
    for key, entry in heldout["keys"].items():
        counts = {"n": 0, "phrases": 0, "detector": 0, "both": 0}
        for text in entry["present"]:
            reading = understand(text, model)
            phrases = key in reading.present | reading.unclear
            counts["n"] += 1
            counts["phrases"] += phrases
            counts["detector"] += key in model.possible(text)
            counts["both"] += phrases or key in reading.possible
        per_key[key] = counts
        for name in total:
            total[name] += counts[name]
    near = [
        (key, text)
        for key, entry in heldout["keys"].items()
        for text in entry["not_present"]
    ]
    near_found = sum(
        key in (lambda r: r.present | r.possible)(understand(text, model))
        for key, text in near
    )
    benign_found = sum(
        bool((lambda r: r.present | r.possible)(understand(text, model)))
        for text in heldout["benign"]
    )
    result = {
        "recall": {
            name: total[name] / total["n"] for name in ("phrases", "detector", "both")
        },
        "near_miss_findings": near_found / len(near),
        "benign_findings": benign_found / len(heldout["benign"]),
    }
    lines = [
        f"held-out paraphrases: {total['n']} present, {len(near)} near misses, "
        f"{len(heldout['benign'])} ordinary messages",
        f"recall: phrases alone {result['recall']['phrases']:.1%}, detector alone "
        f"{result['recall']['detector']:.1%}, both (what the bot uses) "
        f"{result['recall']['both']:.1%} (threshold {MIN_COMBINED_RECALL:.0%})",
        f"near misses given a finding: {result['near_miss_findings']:.1%} "
        f"(bound {MAX_NEAR_MISS_FINDINGS:.0%}); ordinary messages: "
        f"{result['benign_findings']:.1%} (bound {MAX_BENIGN_FINDINGS:.0%})",
        "",
        f"{'key':28} phrases detector both",
    ]
    for key, counts in per_key.items():
        lines.append(
            f"{key:28} {counts['phrases']:>3}/{counts['n']:<3} {counts['detector']:>3}/"
            f"{counts['n']:<3} {counts['both']:>3}/{counts['n']}"
        )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return result


def test_no_heldout_sentence_is_in_the_training_data(heldout):
    trained = {text.strip().lower() for text in training_examples("en")[0]}
    heldout_texts = [
        text
        for entry in heldout["keys"].values()
        for text in entry["present"] + entry["not_present"]
    ] + heldout["benign"]
    assert not [text for text in heldout_texts if text.strip().lower() in trained]


def test_recall_on_paraphrases_never_trained_on(report):
    assert report["recall"]["both"] >= MIN_COMBINED_RECALL
    # the detector must add to the phrases, or it is not worth a question
    assert report["recall"]["both"] > report["recall"]["phrases"] + 0.2


def test_findings_on_near_misses_and_ordinary_messages_are_bounded(report):
    assert report["near_miss_findings"] <= MAX_NEAR_MISS_FINDINGS
    assert report["benign_findings"] <= MAX_BENIGN_FINDINGS


def test_the_detector_names_at_most_one_key_and_never_a_known_one():
    model = detector("en")
    text = "my bump keeps going rock hard and then soft every few minutes"
    assert model.possible(text) == ["contractions"]
    assert model.possible(text, exclude={"contractions"}) != ["contractions"]
    assert len(model.possible("hi")) <= 1
