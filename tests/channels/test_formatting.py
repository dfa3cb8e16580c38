"""Reply formatting, signatures and duplicate detection, without servers."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import pytest
import yaml

from bot.channels import formatting as fmt
from bot.channels.security import RecentIds, hub_signature_is_valid
from tests.channels.drivers import hub_signature

RESPONSES = Path(__file__).resolve().parents[2] / "data" / "responses"
LIMITS = [
    fmt.WHATSAPP_TEXT_LIMIT,
    fmt.WHATSAPP_BODY_LIMIT,
    fmt.TWILIO_TEXT_LIMIT,
    fmt.MESSENGER_TEXT_LIMIT,
    fmt.TELEGRAM_TEXT_LIMIT,
]


def long_answer() -> str:
    """Every education answer in one paragraph, with a link: about 13,000 chars."""
    texts = []
    for path in sorted(RESPONSES.glob("*.yml")):
        for variations in yaml.safe_load(path.read_text())["responses"].values():
            texts.append(" ".join(variations[0]["text"].split()))
    return " ".join(texts) + " More at https://www.rcog.org.uk/for-the-public/a-b.c."


def sentences(text: str) -> list[str]:
    return fmt.SENTENCE_END.split(" ".join(text.split()))


@pytest.mark.parametrize("limit", LIMITS)
def test_a_long_answer_is_split_between_sentences_within_the_limit(limit):
    text = long_answer()
    parts = fmt.split_text(text, limit)
    assert len(parts) > 1
    assert all(0 < len(part) <= limit for part in parts)
    # nothing lost, and every sentence whole in one message
    assert " ".join(parts) == " ".join(text.split())
    whole = set(sentences(text))
    for part in parts:
        assert set(sentences(part)) <= whole


def test_paragraphs_become_messages_and_lines_stay_together():
    text = "Intro line.\n\nFirst line.\nSource: ACOG 2017"
    assert fmt.split_text(text, 100) == [
        "Intro line.",
        "First line.\nSource: ACOG 2017",
    ]


def test_a_url_is_never_cut_when_it_fits():
    url = "https://www.nhs.uk/pregnancy/related-conditions/pelvic-pain/"
    text = "Read more. " * 8 + f"See {url} for help."
    for part in fmt.split_text(text, 70):
        assert url in part or "https://" not in part
    assert any(url in part for part in fmt.split_text(text, 70))


def test_only_a_sentence_longer_than_the_limit_is_cut_between_words():
    sentence = "word " * 50
    parts = fmt.split_text(sentence, 40)
    assert all(len(part) <= 40 for part in parts)
    assert all(re.fullmatch(r"(word ?)+", part) for part in parts)


def test_titles_are_shortened_at_a_word():
    assert fmt.shorten("Had my baby, not breastfeeding", 24) == "Had my baby, not…"
    assert fmt.shorten("How long to recover?", 20) == "How long to recover?"
    assert len(fmt.shorten("x" * 40, 20)) == 20


def test_numbered_options_fit_and_map_back_for_the_next_message_only():
    buttons = [
        {"title": "Yes, I can walk", "payload": "/affirm"},
        {"title": "No, I can't", "payload": "/deny"},
    ]
    [message] = fmt.with_numbered_options("Can you walk?", buttons, 1600)
    assert message == "Can you walk?\n\n1. Yes, I can walk\n2. No, I can't"
    assert asyncio.run(remember_then_answer(fmt.OptionMemory(), buttons)) == [
        "/deny",
        "2",  # options are for one answer
        "35",  # not an option: her own words
        "1",  # options shown to someone else
    ]


async def remember_then_answer(memory, buttons) -> list:
    """What four answers are read as, with options shown before the 1st and 3rd."""
    await memory.remember("anna", buttons)
    read = [await memory.resolve("anna", " 2 "), await memory.resolve("anna", "2")]
    await memory.remember("anna", buttons)
    read.append(await memory.resolve("anna", "35"))
    read.append(await memory.resolve("bella", "1"))
    return read


def test_options_stay_whole_in_the_last_message():
    buttons = [{"title": f"Option {n}", "payload": f"/o{n}"} for n in range(12)]
    messages = fmt.with_numbered_options("A sentence here. " * 100, buttons, 1600)
    assert all(len(message) <= 1600 for message in messages)
    assert fmt.numbered_options(buttons) in messages[-1]


def test_meta_signature():
    body = b'{"object":"page"}'
    assert hub_signature_is_valid("s3cret", body, hub_signature("s3cret", body))
    assert not hub_signature_is_valid("s3cret", body, hub_signature("other", body))
    assert not hub_signature_is_valid(
        "s3cret", body + b" ", hub_signature("s3cret", body)
    )
    assert not hub_signature_is_valid("s3cret", body, None)
    assert not hub_signature_is_valid("s3cret", body, "sha1=abc")


def test_recent_ids_are_bounded_and_expire(monkeypatch):
    def first(ids, message_id):
        return asyncio.run(ids.first_time(message_id))

    ids = RecentIds(max_size=3, ttl_seconds=60)
    assert first(ids, "a") and not first(ids, "a")
    for name in "bcd":
        first(ids, name)
    assert first(ids, "a")  # the oldest was forgotten: at most 3 kept
    clock = [1000.0]
    monkeypatch.setattr("bot.channels.security.time.monotonic", lambda: clock[0])
    ids = RecentIds(ttl_seconds=60)
    assert first(ids, "x")
    clock[0] += 61
    assert first(ids, "x")
    assert first(ids, None) and first(ids, None)  # no id: always answered
