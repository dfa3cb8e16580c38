"""Finding the question in a long message (bot/triage/focus.py, QuestionFocus)."""

from __future__ import annotations

import pytest
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu import QuestionFocus
from bot.triage.focus import question_spans

STORY = (
    "So I am 30 weeks with my second baby and everything has been fine so far. "
    "My sister told me scans can be bad for babies. "
    "Is an MRI safe when you are pregnant?"
)


def asked(text: str) -> list[str]:
    return [text[start:end].strip() for start, end in question_spans(text)]


@pytest.mark.parametrize(
    "text, question",
    [
        (STORY, "Is an MRI safe when you are pregnant?"),
        (
            "my hip hurts when i walk. is an mri safe in pregnancy?",
            "is an mri safe in pregnancy?",
        ),
        # no question mark: a question word first, or "I want to know"
        (
            "I am 30 weeks\nmy groin hurts\ncan i take paracetamol",
            "can i take paracetamol",
        ),
        (
            "i am breastfeeding. i want to know if my bones get weak",
            "i want to know if my bones get weak",
        ),
        ("Hi. What's TOH", "What's TOH"),
    ],
)
def test_the_sentence_that_asks_is_found(text, question):
    assert asked(text) == [question]


@pytest.mark.parametrize(
    "text",
    [
        "is an mri safe in pregnancy",  # one sentence: the whole message is read
        "My hip hurts. I can't walk.",  # nothing asks
        "Is it TOH? Will it heal?",  # everything asks
        "",
    ],
)
def test_nothing_to_focus_on(text):
    assert asked(text) == []


def tokenised(text: str) -> Message:
    message = Message(data={TEXT: text})
    WhitespaceTokenizer(WhitespaceTokenizer.get_default_config()).process([message])
    return message


def words(message: Message) -> list[str]:
    return [token.text for token in message.get(TOKENS_NAMES[TEXT])]


def test_the_classifiers_see_the_question_and_the_text_is_kept():
    message = tokenised(STORY)
    QuestionFocus({}).process([message])
    assert words(message) == [
        "Is",
        "an",
        "MRI",
        "safe",
        "when",
        "you",
        "are",
        "pregnant",
    ]
    assert message.get(TEXT) == STORY  # the red-flag reading still reads every word


def test_a_message_without_a_story_keeps_every_token():
    message = tokenised("mri ok pregnant?")
    QuestionFocus({}).process([message])
    assert words(message) == ["mri", "ok", "pregnant"]


def test_training_examples_are_focused_the_same_way():
    example = tokenised(STORY)
    example.set("intent", "faq")
    QuestionFocus({}).process_training_data(TrainingData([example]))
    assert words(example)[0] == "Is" and len(words(example)) == 8
