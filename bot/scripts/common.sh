# Shared settings for the project's scripts (sourced, not run).
set -euo pipefail
PROJECT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$PROJECT_ROOT"
VENV="$PROJECT_ROOT/.venv"
MODEL="$PROJECT_ROOT/models/toh-bot.tar.gz"
export RASA_TELEMETRY_ENABLED=false   # patient privacy: no usage data leaves the machine
export PYTHONPATH="$PROJECT_ROOT${PYTHONPATH:+:$PYTHONPATH}"
export TF_CPP_MIN_LOG_LEVEL="${TF_CPP_MIN_LOG_LEVEL:-2}"
export RASA_PORT="${RASA_PORT:-5005}"
export ACTION_PORT="${ACTION_PORT:-5055}"
# Both servers listen on 127.0.0.1 unless RASA_HOST / ACTION_HOST say otherwise
# (bot/serving.py); local_url gives the address to reach one from this machine.
local_url() {
  local host="${1:-127.0.0.1}"
  case "$host" in
    0.0.0.0 | :: | "[::]") host=127.0.0.1 ;;
    \[*) ;;
    *:*) host="[$host]" ;;  # an IPv6 address
  esac
  echo "http://$host:$2"
}
export ACTION_SERVER_URL="${ACTION_SERVER_URL:-$(local_url "${ACTION_HOST:-}" "$ACTION_PORT")/webhook}"
export TRACKER_DB="${TRACKER_DB:-$PROJECT_ROOT/var/tracker.db}"
mkdir -p "$PROJECT_ROOT/var"
rasa() { "$VENV/bin/rasa" "$@"; }
