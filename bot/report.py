"""Staff triage report: recent conversations with their urgency and red flags.

    make report                                   # last 24 hours, most urgent first
    make report ARGS="--since 72 --urgency emergency,urgent"
    .venv/bin/python -m bot.report --help

Reads conversations through the tracker store configured in ``endpoints.yml``
(whichever it is: SQLite today, any Rasa tracker store tomorrow), with the same
environment substitution as the servers. One row per conversation session: the
patient's conversation id, channel, time of her last message, the ``urgency`` and
``red_flags`` recorded by the triage. What she wrote is shown only with
``--with-text``, so a midwife can follow up on every emergency and same-day outcome
without reading more than she needs.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import warnings
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Iterable, Optional

PROJECT_ROOT = Path(__file__).resolve().parent.parent
URGENCY_ORDER = ["emergency", "urgent", "soon", "self_care"]
NO_OUTCOME = "-"


@dataclass
class Conversation:
    """One conversation session, as the staff report shows it."""

    sender_id: str
    channel: str = NO_OUTCOME
    started: float = 0.0
    last_message: float = 0.0
    urgency: str = NO_OUTCOME
    red_flags: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)

    @property
    def rank(self) -> int:
        if self.urgency in URGENCY_ORDER:
            return URGENCY_ORDER.index(self.urgency)
        return len(URGENCY_ORDER)


def sessions(sender_id: str, events: Iterable[dict]) -> list[Conversation]:
    """Splits a conversation's events (as dicts) into sessions with their outcome."""
    found: list[Conversation] = []
    current = Conversation(sender_id)
    for event in events:
        kind = event.get("event")
        if kind == "session_started" and current.last_message:
            found.append(current)
            current = Conversation(sender_id)
        elif kind == "user":
            current.started = current.started or event.get("timestamp", 0.0)
            current.last_message = event.get("timestamp", 0.0)
            current.channel = event.get("input_channel") or current.channel
            current.texts.append(event.get("text") or "")
        elif kind == "slot" and event.get("name") == "urgency" and event.get("value"):
            current.urgency = str(event["value"])
        elif kind == "slot" and event.get("name") == "red_flags" and event.get("value"):
            current.red_flags = [str(flag) for flag in event["value"]]
    if current.last_message:
        found.append(current)
    return found


def tracker_store(endpoints: Path):
    """The tracker store that endpoints.yml configures, as the Rasa server builds it."""
    from rasa.core.tracker_store import TrackerStore
    from rasa.core.utils import read_endpoints_from_path
    from rasa.shared.core.domain import Domain

    config = read_endpoints_from_path(endpoints).tracker_store
    domain = Domain.load(str(PROJECT_ROOT / "domain.yml"))
    return TrackerStore.create(config, domain=domain)


async def read_conversations(store: Any, since: datetime) -> list[Conversation]:
    found = []
    for sender_id in await store.keys():
        tracker = await store.retrieve_full_tracker(sender_id)
        if tracker is None:
            continue
        events = [event.as_dict() for event in tracker.events]
        found += [
            session
            for session in sessions(sender_id, events)
            if session.last_message >= since.timestamp()
        ]
    return found


def select(
    conversations: list[Conversation], urgencies: Optional[set[str]]
) -> list[Conversation]:
    chosen = [c for c in conversations if not urgencies or c.urgency in urgencies]
    return sorted(chosen, key=lambda c: (c.rank, -c.last_message))


def as_time(timestamp: float) -> str:
    moment = datetime.fromtimestamp(timestamp, tz=timezone.utc)
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def table(conversations: list[Conversation], with_text: bool) -> str:
    if not conversations:
        return "No conversations in this period."
    header = ("last message", "channel", "urgency", "red flags", "conversation id")
    rows = [
        (
            as_time(c.last_message),
            c.channel,
            c.urgency,
            ", ".join(c.red_flags) or NO_OUTCOME,
            c.sender_id,
        )
        for c in conversations
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(4)]
    lines = []
    for conversation, row in zip([None, *conversations], [header, *rows]):
        cells = [cell.ljust(width) for cell, width in zip(row, widths)]
        lines.append("  ".join([*cells, row[4]]).rstrip())
        if conversation is not None and with_text:
            lines += [f"      > {text}" for text in conversation.texts]
    return "\n".join(lines)


def parse_arguments(argv: Optional[list[str]]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bot.report",
        description=(
            "Staff triage report: recent conversations with channel, time, urgency "
            "and red flags, most urgent and newest first. Reads the tracker store "
            "configured in endpoints.yml (TRACKER_DB, default var/tracker.db)."
        ),
    )
    parser.add_argument(
        "--since",
        type=float,
        default=24,
        metavar="HOURS",
        help="conversations with a message in the last HOURS hours (default 24)",
    )
    parser.add_argument(
        "--urgency",
        metavar="LEVELS",
        help="only these outcomes, comma-separated: emergency,urgent,soon,self_care",
    )
    parser.add_argument(
        "--with-text",
        action="store_true",
        help="also show what the patient wrote (only when you need it)",
    )
    parser.add_argument("--json", action="store_true", help="print JSON, not a table")
    parser.add_argument(
        "--endpoints",
        type=Path,
        default=PROJECT_ROOT / "endpoints.yml",
        help="endpoints file with the tracker store (default endpoints.yml)",
    )
    arguments = parser.parse_args(argv)
    if arguments.urgency:
        levels = {level.strip() for level in arguments.urgency.split(",")}
        unknown = levels - set(URGENCY_ORDER)
        if unknown:
            parser.error(f"unknown urgency: {', '.join(sorted(unknown))}")
        arguments.urgency = levels
    return arguments


def main(argv: Optional[list[str]] = None) -> int:
    arguments = parse_arguments(argv)
    # library deprecation warnings are noise for clinic staff
    warnings.simplefilter("ignore")
    os.environ.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")
    # the variables endpoints.yml uses, with the defaults of bot/scripts/common.sh
    os.environ.setdefault("TRACKER_DB", str(PROJECT_ROOT / "var" / "tracker.db"))
    os.environ.setdefault("ACTION_SERVER_URL", "http://127.0.0.1:5055/webhook")
    since = datetime.now(tz=timezone.utc) - timedelta(hours=arguments.since)
    store = tracker_store(arguments.endpoints)
    conversations = select(
        asyncio.run(read_conversations(store, since)), arguments.urgency
    )
    if arguments.json:
        rows = []
        for conversation in conversations:
            row = asdict(conversation)
            row["last_message"] = as_time(conversation.last_message)
            row["started"] = as_time(conversation.started)
            if not arguments.with_text:
                del row["texts"]
            rows.append(row)
        print(json.dumps(rows, indent=2))
    else:
        print(f"Conversations since {as_time(since.timestamp())}, most urgent first:")
        print(table(conversations, arguments.with_text))
    return 0


if __name__ == "__main__":
    sys.exit(main())
