#!/usr/bin/env bash
# Benchmark (not a test): prints latency, throughput, memory and training time,
# ours against the stock `rasa init` bot. Extra arguments go to bot/benchmark.py.
source "$(dirname "$0")/common.sh"
"$VENV/bin/python" -m bot.benchmark "$@"
