"""Every patient-facing response: plain words (grade 6 or lower), sources named,
no diagnosis, clinic settings filled in."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from bot.settings import ClinicSettings
from tests.readability import SOURCE_LINE, grade

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# Flesch-Kincaid grade 6 at most: the AMA and the US HHS recommend grades 4-6 for
# patient materials, and these answers are read on a phone by someone tired and in
# pain. The bound is the top of that range, not lower, because a few medical names
# must stay (paracetamol, ibuprofen, transient osteoporosis of the hip, MRI),
# explained in plain words; short sentences and common words make up for them. The
# formula is a rough check: it does not replace reading the answer aloud.
MAX_GRADE = 6.0
FAQ_TOPICS = (
    "what_is_toh causes_risk symptoms mri_safety xray_safety diagnosis_tests "
    "treatment pain_relief_medication recovery_time breastfeeding_and_bone "
    "calcium_vitamin_d fracture_risk baby_safety future_pregnancy "
    "exercise_activity differential_pgp"
).split()
LOW_AUTHORITY = re.compile(
    r"droracle|fpnotebook|biologyinsights|joggmidwives|healthshare", re.IGNORECASE
)
# Wording that would tell the patient what she has: the bot never diagnoses.
DIAGNOSIS = re.compile(
    r"\byou (?:have|'ve got|are suffering from) (?:toh|transient|a fracture|"
    r"pelvic girdle|pgp|dvt|a blood clot|sepsis)\b|\bthis is (?:toh|transient)\b",
    re.IGNORECASE,
)
PLACEHOLDER = re.compile(r"{(\w+)}")


def _responses() -> dict[str, list[dict]]:
    responses = dict(
        yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text())["responses"]
    )
    for path in sorted((PROJECT_ROOT / "data" / "responses").glob("*.yml")):
        responses.update(yaml.safe_load(path.read_text())["responses"])
    return responses


RESPONSES = _responses()
VARIATIONS = [
    pytest.param(name, variation, id=f"{name}[{index}]")
    for name, variations in RESPONSES.items()
    for index, variation in enumerate(variations)
]
FAQ_VARIATIONS = [p for p in VARIATIONS if p.values[0].startswith("utter_faq/")]
SLOTS = set(yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text())["slots"])
SETTINGS = set(ClinicSettings().as_template_variables())


def test_every_topic_has_an_answer():
    assert sorted(
        n.split("/", 1)[1] for n in RESPONSES if n.startswith("utter_faq/")
    ) == sorted(FAQ_TOPICS)


@pytest.mark.parametrize("name, variation", VARIATIONS)
def test_reading_grade_is_6_or_lower(name, variation):
    text = PLACEHOLDER.sub("your clinic", variation["text"])
    assert grade(text) <= MAX_GRADE, f"{name}: grade {grade(text):.1f}"


@pytest.mark.parametrize("name, variation", VARIATIONS)
def test_no_diagnosis_and_no_markup(name, variation):
    assert not DIAGNOSIS.search(variation["text"]), name
    assert "<" not in variation["text"] and "](" not in variation["text"], name


@pytest.mark.parametrize("name, variation", VARIATIONS)
def test_placeholders_are_slots_or_clinic_settings(name, variation):
    unknown = set(PLACEHOLDER.findall(variation["text"])) - SLOTS - SETTINGS
    assert not unknown, f"{name} uses unknown placeholders {unknown}"


@pytest.mark.parametrize("name, variation", FAQ_VARIATIONS)
def test_educational_answer_names_a_primary_source(name, variation):
    text = variation["text"]
    match = SOURCE_LINE.search(text)
    assert match, f"{name} has no 'Source:' line"
    source = text[match.start() :]
    assert len(source.split(":", 1)[1].strip()) > 10
    assert not LOW_AUTHORITY.search(source), f"{name} cites a low-authority site"
    assert variation.get("metadata", {}).get("sources"), f"{name}: no source tags"


def test_grade_check_can_fail():
    hard = (
        "Transient osteoporosis necessitates comprehensive multidisciplinary "
        "evaluation incorporating magnetic resonance characterisation of "
        "subchondral pathophysiology."
    )
    assert grade(hard) > MAX_GRADE
