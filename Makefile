# Every target does its own set-up: a fresh machine needs only `make run` or `make test`.
.DEFAULT_GOAL := help
SHELL := /bin/bash
export RASA_TELEMETRY_ENABLED := false

.PHONY: help setup train run shell report test benchmark production retention backup restore clean

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

production: train ## several Rasa servers behind nginx, PostgreSQL, Redis (README "Deploying for a clinic")
	@PYTHONPATH=. PYTHONWARNINGS=ignore .venv/bin/python -m bot.production start

retention: setup ## delete conversations idle longer than RETENTION_DAYS days (ARGS="--days 30 --dry-run")
	@PYTHONPATH=. PYTHONWARNINGS=ignore .venv/bin/python -m bot.retention $(ARGS)

backup: setup ## back up the PostgreSQL conversation store to a 0600 file (ARGS=FILE)
	@PYTHONPATH=. PYTHONWARNINGS=ignore .venv/bin/python -m bot.backup dump $(ARGS)

restore: setup ## replace the PostgreSQL conversation store with a backup (ARGS=FILE)
	@PYTHONPATH=. PYTHONWARNINGS=ignore .venv/bin/python -m bot.backup restore $(ARGS)

clean: ## remove the trained model and local conversations (keeps .venv)
	rm -rf models var results .rasa
