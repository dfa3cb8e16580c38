"""Replies that fit each platform: length limits, buttons, numbered options.

No patient-facing words are made here: texts and button titles come from the
domain's responses; this module only splits and arranges them.
"""

from __future__ import annotations

import re
import threading
import time
from collections import OrderedDict
from typing import Any, Iterator, Optional

# Message length limits (characters).
WHATSAPP_TEXT_LIMIT = 4096
WHATSAPP_BODY_LIMIT = 1024  # body of an interactive (button or list) message
WHATSAPP_MAX_BUTTONS = 3
WHATSAPP_BUTTON_TITLE_LIMIT = 20
WHATSAPP_MAX_LIST_ROWS = 10
WHATSAPP_ROW_TITLE_LIMIT = 24
WHATSAPP_ROW_DESCRIPTION_LIMIT = 72
WHATSAPP_BUTTON_ID_LIMIT = 256  # reply button id
WHATSAPP_ROW_ID_LIMIT = 200  # list row id
TWILIO_TEXT_LIMIT = 1600
MESSENGER_TEXT_LIMIT = 2000
MESSENGER_MAX_QUICK_REPLIES = 13
MESSENGER_QUICK_REPLY_TITLE_LIMIT = 20
MESSENGER_PAYLOAD_LIMIT = 1000
TELEGRAM_TEXT_LIMIT = 4096
TELEGRAM_CALLBACK_DATA_LIMIT = 64  # bytes

PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=\S)")


def split_text(text: str, limit: int) -> list[str]:
    """Splits an answer into messages of at most ``limit`` characters.

    Paragraphs (blank lines) become separate messages, as in Rasa's built-in
    connectors. A longer paragraph is split between lines, then between
    sentences; a sentence (or URL) is cut only when it alone exceeds the limit.
    """
    messages: list[str] = []
    for block in PARAGRAPH_BREAK.split(text.strip()):
        current = ""
        for separator, piece in _pieces(block.strip(), limit):
            if current and len(current) + len(separator) + len(piece) <= limit:
                current += separator + piece
            else:
                if current:
                    messages.append(current)
                current = piece
        if current:
            messages.append(current)
    return messages


def _pieces(block: str, limit: int) -> Iterator[tuple[str, str]]:
    """Lines, sentences or words of the block, each with its separator before."""
    for line_number, line in enumerate(block.split("\n")):
        line_separator = "\n" if line_number else ""
        if len(line) <= limit:
            yield line_separator, line
            continue
        for sentence_number, sentence in enumerate(SENTENCE_END.split(line)):
            separator = " " if sentence_number else line_separator
            if len(sentence) <= limit:
                yield separator, sentence
                continue
            for chunk_number, chunk in enumerate(_split_words(sentence, limit)):
                yield (" " if chunk_number else separator), chunk


def _split_words(sentence: str, limit: int) -> Iterator[str]:
    current = ""
    for word in sentence.split():
        while (
            len(word) > limit
        ):  # a single word (a very long URL) longer than a message
            if current:
                yield current
                current = ""
            yield word[:limit]
            word = word[limit:]
        if current and len(current) + 1 + len(word) <= limit:
            current += " " + word
        else:
            if current:
                yield current
            current = word
    if current:
        yield current


def split_for_body(text: str, text_limit: int, body_limit: int) -> tuple[list, str]:
    """Messages before an interactive message, and the body of that message."""
    messages = split_text(text, text_limit) or [""]
    last = split_text(messages.pop(), body_limit) or [""]
    return messages + last[:-1], last[-1]


def shorten(title: str, limit: int) -> str:
    """A button title that fits: cut at a word boundary, with an ellipsis."""
    title = " ".join(str(title).split())
    if len(title) <= limit:
        return title
    cut = title[: limit - 1]
    if title[limit - 1] != " " and " " in cut[limit // 2 :]:  # inside a word
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,.;:-") + "…"


def numbered_options(buttons: list[dict[str, Any]]) -> str:
    """Buttons as numbered lines, for platforms without buttons (the patient
    answers with the number)."""
    return "\n".join(
        f"{number}. {button.get('title', '')}"
        for number, button in enumerate(buttons, start=1)
    )


def with_numbered_options(text: str, buttons: list, limit: int) -> list[str]:
    """The answer and its numbered options, split to fit; the options stay whole
    in the last message."""
    options = numbered_options(buttons)
    messages = split_text(text, limit)
    if messages and len(messages[-1]) + 2 + len(options) <= limit:
        messages[-1] += "\n\n" + options
    else:
        messages += split_text(options, limit)
    return messages


def fits(value: str, limit_bytes: int) -> bool:
    return len(value.encode("utf-8")) <= limit_bytes


def option_payloads(buttons: list[dict[str, Any]]) -> list[str]:
    """What each numbered option stands for: its payload, else its title."""
    return [str(button.get("payload", button.get("title", ""))) for button in buttons]


def resolve_option(payloads: list[str], text: Optional[str]) -> Optional[str]:
    """The payload of option ``text`` ("1", "2" ...), else the text itself."""
    if text is None:
        return text
    choice = text.strip().rstrip(".")
    if not choice.isdigit():
        return text
    number = int(choice)
    return payloads[number - 1] if 1 <= number <= len(payloads) else text


class OptionMemory:
    """The last numbered options shown to each sender, so "2" maps to a payload.

    Also used when a platform's button id cannot hold the payload: the button then
    carries the option's number. Bounded and with an expiry. In this process only;
    ``bot.shared_memory.RedisOptionMemory`` is the same for several servers.
    """

    def __init__(self, max_senders: int = 10_000, ttl_seconds: float = 86_400) -> None:
        self.max_senders = max_senders
        self.ttl_seconds = ttl_seconds
        self._options: OrderedDict[str, tuple[float, list[str]]] = OrderedDict()
        self._lock = threading.Lock()

    async def remember(self, sender: str, buttons: list[dict[str, Any]]) -> None:
        with self._lock:
            self._options.pop(sender, None)
            self._options[sender] = (time.monotonic(), option_payloads(buttons))
            while len(self._options) > self.max_senders:
                self._options.popitem(last=False)

    async def resolve(self, sender: str, text: Optional[str]) -> Optional[str]:
        """The payload of option ``text`` ("1", "2" ...), else the text itself.

        The options are valid for the next message only.
        """
        with self._lock:
            remembered = self._options.pop(sender, None)
        if remembered is None:
            return text
        shown_at, payloads = remembered
        if time.monotonic() - shown_at > self.ttl_seconds:
            return text
        return resolve_option(payloads, text)
