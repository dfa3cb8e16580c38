"""Benchmark: latency, throughput, memory and training time, against the stock bot.

Run with ``make benchmark``. It trains this bot and a stock ``rasa init`` bot in a
temporary folder, starts both on loopback, and drives simulated conversations over
the REST channel at 1, 10 and 50 concurrent conversations, in turns (ours, stock,
ours, ...) so that other work on the machine weighs on both alike. Every run is
bounded in conversations and in seconds. Nothing leaves the machine.

This bot's conversation includes a full pain assessment (form + custom actions);
the stock bot's conversation is its own greet / mood / goodbye flow.
"""

from __future__ import annotations

import argparse
import subprocess
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from bot.servers import MODEL, PROJECT_ROOT, RASA, Bot, project_env, start_bot, stop_bot

# Free text only, as a patient types it (no /intent payloads): a question, her
# pain, the assessment's answers, a question after the advice.
OUR_CONVERSATION = (
    "hi",
    "my hip hurts when i walk",
    "I'm pregnant",
    "34",
    "yes i can walk",
    "It is getting worse",
    "no",
    "no",
    "none of those",
    "what is toh",
)
STOCK_CONVERSATION = ("hello", "I am sad", "yes", "great, thanks", "goodbye")
CONCURRENCY = (1, 10, 50)
TRAINING_AIM_S = 180
# Conversations per turn: each simulated patient holds this many divided by the
# number of patients (at least one), so that 1 user gives enough messages too.
CONVERSATIONS_PER_TURN = 8


@dataclass
class Run:
    users: int
    latencies: list[float]
    seconds: float
    errors: int

    @property
    def throughput(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies)
        if not ordered:
            return float("nan")
        index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))
        return ordered[index] * 1000


def drive(
    bot: Bot, conversation: tuple[str, ...], users: int, rounds: int, time_limit: float
) -> Run:
    """``users`` concurrent patients, each holding ``rounds`` whole conversations."""
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    deadline = time.monotonic() + time_limit

    def patient(number: int) -> None:
        nonlocal errors
        for round_number in range(rounds):
            sender = f"bench-{users}-{number}-{round_number}-{time.monotonic_ns()}"
            for text in conversation:
                if time.monotonic() > deadline:
                    return
                start = time.perf_counter()
                try:
                    bot.send(sender, text)
                except Exception:
                    with lock:
                        errors += 1
                    continue
                with lock:
                    latencies.append(time.perf_counter() - start)

    began = time.perf_counter()
    with ThreadPoolExecutor(max_workers=users) as pool:
        list(pool.map(patient, range(users)))
    return Run(users, latencies, time.perf_counter() - began, errors)


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children, in MB."""
    total = 0
    pids = [pid]
    while pids:
        current = pids.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += int(
                next(
                    line.split()[1]
                    for line in status.splitlines()
                    if line.startswith("VmRSS:")
                )
            )
            children = Path(f"/proc/{current}/task/{current}/children").read_text()
            pids += [int(child) for child in children.split()]
        except (OSError, StopIteration):
            continue
    return total / 1024


def timed(command: list[str], cwd: Path, cache: Path) -> float:
    """Seconds a training command takes, with an empty training cache of its own
    (Rasa otherwise reuses components trained before and the time means nothing)."""
    start = time.perf_counter()
    subprocess.run(
        command,
        cwd=cwd,
        env=project_env(RASA_CACHE_DIRECTORY=str(cache)),
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def report(name: str, runs: list[Run], memory: dict[str, float]) -> None:
    print(f"\n{name}")
    print(
        f"  {'users':>5} {'msgs':>6} {'err':>4} {'p50 ms':>8} {'p95 ms':>8} "
        f"{'p99 ms':>8} {'msg/s':>7}"
    )
    for run in runs:
        print(
            f"  {run.users:>5} {len(run.latencies):>6} {run.errors:>4} "
            f"{run.percentile(50):>8.1f} {run.percentile(95):>8.1f} "
            f"{run.percentile(99):>8.1f} {run.throughput:>7.1f}"
        )
    for label, value in memory.items():
        print(f"  RSS {label}: {value:.0f} MB")


def merge(runs: list[Run]) -> Run:
    return Run(
        runs[0].users,
        [latency for run in runs for latency in run.latencies],
        sum(run.seconds for run in runs),
        sum(run.errors for run in runs),
    )


def measure_both(
    bots: dict[str, tuple[Bot, tuple[str, ...]]], rounds: int, time_limit: float
) -> dict[str, list[Run]]:
    """Runs the bots in turns, one round at a time, at each level of concurrency,
    so that whatever else the machine is doing weighs on both alike."""
    for bot, conversation in bots.values():
        drive(bot, conversation, 1, 1, time_limit)  # warm-up, not counted
    results: dict[str, list[Run]] = {name: [] for name in bots}
    for users in CONCURRENCY:
        turns: dict[str, list[Run]] = {name: [] for name in bots}
        for _ in range(rounds):
            for name, (bot, conversation) in bots.items():
                limit = time_limit / rounds
                conversations = max(1, CONVERSATIONS_PER_TURN // users)
                turns[name].append(
                    drive(bot, conversation, users, conversations, limit)
                )
        for name in bots:
            results[name].append(merge(turns[name]))
    return results


def check_conversation(bot: Bot) -> None:
    """The free-text conversation must reach advice, or the figures mean nothing."""
    sender = bot.new_sender()
    for text in OUR_CONVERSATION:
        bot.send(sender, text)
    if not bot.slot(sender, "urgency"):
        raise SystemExit(
            "benchmark: the conversation did not reach advice; fix OUR_CONVERSATION"
        )


def memory_of(bot: Bot) -> dict[str, float]:
    labels = (
        ["action server", "rasa server"] if len(bot.processes) == 2 else ["rasa server"]
    )
    return {label: rss_mb(p.pid) for label, p in zip(labels, bot.processes)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="turns per level of concurrency, alternating between the two bots "
        "(default 3)",
    )
    parser.add_argument(
        "--time-limit",
        type=float,
        default=120.0,
        help="seconds per concurrency level at most (default 120)",
    )
    parser.add_argument(
        "--reuse-model",
        action="store_true",
        help="use models/toh-bot.tar.gz instead of training this bot again (its "
        "training time is then not measured)",
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="toh-bench-") as tmp:
        tmp_path = Path(tmp)
        our_model = tmp_path / "ours" / "bench.tar.gz"
        if args.reuse_model:
            our_model, ours_train = MODEL, None  # trained earlier, maybe from cache
        else:
            ours_train = timed(
                [
                    RASA,
                    "train",
                    "--out",
                    str(our_model.parent),
                    "--fixed-model-name",
                    "bench",
                    "--quiet",
                ],
                PROJECT_ROOT,
                tmp_path / "ours-cache",
            )
        stock_dir = tmp_path / "stock"
        stock_dir.mkdir()
        stock_train = timed(
            [RASA, "init", "--no-prompt", "--init-dir", str(stock_dir)],
            tmp_path,
            tmp_path / "stock-cache",
        )
        stock_model = next((stock_dir / "models").glob("*.tar.gz"))
        ours_text = (
            "not measured (--reuse-model)"
            if ours_train is None
            else f"{ours_train:.0f} s"
        )
        print(
            f"training time: ours {ours_text}, stock rasa init {stock_train:.0f} s "
            "(init includes its training)"
        )

        (tmp_path / "ours-run").mkdir()
        (tmp_path / "stock-run").mkdir()
        ours_bot = start_bot(tmp_path / "ours-run", model=our_model)
        try:
            stock_bot = start_bot(
                tmp_path / "stock-run",
                with_action_server=False,
                model=stock_model,
                project_dir=stock_dir,
                endpoints=None,
            )
            try:
                check_conversation(ours_bot)
                runs = measure_both(
                    {
                        "ours": (ours_bot, OUR_CONVERSATION),
                        "stock": (stock_bot, STOCK_CONVERSATION),
                    },
                    args.rounds,
                    args.time_limit,
                )
                ours_memory, stock_memory = memory_of(ours_bot), memory_of(stock_bot)
            finally:
                stop_bot(stock_bot)
        finally:
            stop_bot(ours_bot)

    report("this bot (conversation with a pain assessment)", runs["ours"], ours_memory)
    report("stock rasa init bot", runs["stock"], stock_memory)
    ours = {"runs": runs["ours"], "memory": sum(ours_memory.values())}
    stock = {"runs": runs["stock"], "memory": sum(stock_memory.values())}
    print("\nours / stock")
    for mine, theirs in zip(ours["runs"], stock["runs"]):
        print(
            f"  {mine.users:>2} users: "
            f"p50 {mine.percentile(50) / theirs.percentile(50):.2f}x"
            f"  p95 {mine.percentile(95) / theirs.percentile(95):.2f}x"
            f"  throughput {mine.throughput / theirs.throughput:.2f}x"
        )
    training = (
        "" if ours_train is None else f"  training time {ours_train / stock_train:.2f}x"
    )
    print(f"  memory {ours['memory'] / stock['memory']:.2f}x{training}")
    print(
        "aims (issue 9): p50 at 1 user <= 0.80x, throughput at 10 users >= 1.20x, "
        f"training <= {TRAINING_AIM_S} s"
    )


if __name__ == "__main__":
    main()
