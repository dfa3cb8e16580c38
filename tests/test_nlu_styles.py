"""Understanding patients' own words, by style (issue 9): the held-out set
tests/nlu/holdout_styles.yml, written from the clinical brief by a helper who never
saw the training data, before any new training data, and never trained on.

Every example is sent to the running bot's ``/model/parse``; the predicted intent
counts as right when it is the example's intent (for an education question: the
response selector's topic, ``faq/<topic>``). The report (results/nlu_styles.txt,
printed at the end of the run) gives accuracy overall, per style (a long story with
the question at the end, non-native English, very short chat) and per intent.

Thresholds. Issue 9 aims at 95% overall and no style below 90%; the model does not
reach that yet (see the report). The thresholds below are the latest measurement of
the model on this set minus about 3 points, so that the test fails when a change
makes understanding clearly worse, without pretending the aim is met.

Measurements (each on the model the README's command trains):
- 2026-12-02, first: overall 74.7%, story 45.9%, non_native 84.4%, short 90.2%.
- 2026-12-03, the same data and classifier retrained: 73.1%, 42.3%, 81.7%, 91.5%.
- 2026-12-03, with QuestionFocus (the sentences that ask) and the smaller classifier
  (one transformer layer of 128, 60 epochs; training 2.5 min instead of 7): 80.6%,
  70.9%, 80.4%, 89.3%. Stories gained 29 points; non-native English lost 1 point
  and short chat 2 against the retrained old model. The thresholds follow this one.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from tests.support import PROJECT_ROOT

HELDOUT = Path(__file__).parent / "nlu" / "holdout_styles.yml"
RESULTS = PROJECT_ROOT / "results" / "nlu_styles.txt"
AIM_OVERALL, AIM_STYLE = 0.95, 0.90
# latest measurement (2026-12-03, above) minus about 3 points
MIN_OVERALL = 0.77
MIN_STYLE = {"story": 0.67, "non_native": 0.77, "short": 0.86}


def predicted(parse: dict) -> str:
    intent = (parse.get("intent") or {}).get("name") or "nlu_fallback"
    if intent == "faq":
        response = ((parse.get("response_selector") or {}).get("faq") or {}).get(
            "response"
        ) or {}
        return response.get("intent_response_key") or "faq"
    return intent


@pytest.fixture(scope="module")
def report(bot) -> dict:
    examples = yaml.safe_load(HELDOUT.read_text(encoding="utf-8"))["examples"]
    by_style: dict[str, list[bool]] = defaultdict(list)
    by_intent: dict[str, list[bool]] = defaultdict(list)
    wrong = []
    for example in examples:
        guess = predicted(bot.parse(example["text"]))
        right = guess == example["intent"]
        by_style[example["style"]].append(right)
        by_intent[example["intent"]].append(right)
        if not right:
            wrong.append((example["style"], example["intent"], guess, example["text"]))
    overall = sum(sum(v) for v in by_style.values()) / len(examples)
    styles = {style: sum(v) / len(v) for style, v in by_style.items()}
    lines = [
        f"held-out NLU by style: {len(examples)} examples, accuracy {overall:.1%} "
        f"(threshold {MIN_OVERALL:.0%}, aim {AIM_OVERALL:.0%})",
        "per style: "
        + ", ".join(
            f"{style} {value:.1%} (threshold {MIN_STYLE[style]:.0%})"
            for style, value in sorted(styles.items())
        )
        + f"; aim {AIM_STYLE:.0%} each",
        "",
        "per intent:",
    ]
    for intent, values in sorted(by_intent.items()):
        lines.append(f"  {intent:32} {sum(values):>3}/{len(values)}")
    lines += ["", "MISMATCHES (style, expected, predicted, text)"]
    lines += [f"  {s:10} {e:32} {g:32} {t[:100]}" for s, e, g, t in wrong]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return {"overall": overall, "styles": styles}


def test_held_out_accuracy_overall(report):
    assert report["overall"] >= MIN_OVERALL


@pytest.mark.parametrize("style", sorted(MIN_STYLE))
def test_held_out_accuracy_per_style(report, style):
    assert report["styles"][style] >= MIN_STYLE[style]
