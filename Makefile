# Every target does its own set-up: a fresh machine needs only `make run` or `make test`.
.DEFAULT_GOAL := help
SHELL := /bin/bash
export RASA_TELEMETRY_ENABLED := false

.PHONY: help setup train run shell report test benchmark clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

setup: ## find Python 3.10, create .venv, install requirements.lock
	@bash bot/scripts/setup.sh

train: setup ## train the model when data, domain or config changed (only then)
	@bash bot/scripts/train.sh

run: train ## start the action server and the Rasa server (Ctrl-C stops both)
	@bash bot/scripts/run.sh

shell: train ## talk to the bot in the terminal (rasa shell, for clinic staff)
	@bash bot/scripts/run.sh shell

report: setup ## staff triage report: recent conversations, urgency, red flags (ARGS="--help")
	@PYTHONPATH=. PYTHONWARNINGS=ignore .venv/bin/python -m bot.report $(ARGS)

test: train ## run every test (what CI runs)
	@bash bot/scripts/test.sh

benchmark: train ## measure latency, throughput and memory against the stock rasa init bot
	@bash bot/scripts/benchmark.sh

clean: ## remove the trained model and local conversations (keeps .venv)
	rm -rf models var results .rasa
