#!/usr/bin/env bash
# Runs every test: rule and extractor unit tests, hermetic action tests, response
# readability and sources, the servers over HTTP, conversation stories, the held-out
# NLU set and the triage case table. Extra arguments go to pytest.
source "$(dirname "$0")/common.sh"
"$VENV/bin/python" -m pytest "$@"
