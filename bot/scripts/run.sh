#!/usr/bin/env bash
# Starts the action server and the Rasa server; Ctrl-C stops both.
# With "shell" as argument, opens rasa shell (for clinic staff) instead of the HTTP server.
source "$(dirname "$0")/common.sh"
# Library deprecation warnings are noise for clinic staff; errors are still shown.
export PYTHONWARNINGS="${PYTHONWARNINGS:-ignore}" SQLALCHEMY_SILENCE_UBER_WARNING=1
mode="${1:-server}"; shift || true
pids=()  # the servers themselves (not subshells), so that stopping reaches them
stop() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop EXIT
trap 'echo; echo "stopping..."; exit 0' INT TERM

if [ "$mode" = "shell" ]; then
  # keep the staff's terminal for the conversation; the action server logs to a file
  "$VENV/bin/rasa" run actions --actions actions --port "$ACTION_PORT" --quiet \
    > "$PROJECT_ROOT/var/action-server.log" 2>&1 &
else
  "$VENV/bin/rasa" run actions --actions actions --port "$ACTION_PORT" --quiet &
fi
pids+=($!)
for _ in $(seq 1 60); do
  curl -fsS "http://127.0.0.1:$ACTION_PORT/health" >/dev/null 2>&1 && break
  sleep 1
done

auth=()
[ -n "${RASA_AUTH_TOKEN:-}" ] && auth=(--auth-token "$RASA_AUTH_TOKEN")
if [ "$mode" = "shell" ]; then
  rasa shell --model "$MODEL" --endpoints endpoints.yml --port "$RASA_PORT" --quiet "$@"
  exit 0
fi

# browsers may call the bot's HTTP API only from the clinic's allowed_origins (clinic.yml)
origins="$("$VENV/bin/python" -m bot.settings allowed_origins)"
mapfile -t cors <<< "$origins"
"$VENV/bin/rasa" run --model "$MODEL" --endpoints endpoints.yml --credentials credentials.yml \
  --enable-api "${auth[@]}" --cors "${cors[@]}" --port "$RASA_PORT" --quiet &
pids+=($!)
for _ in $(seq 1 180); do
  curl -fsS "http://127.0.0.1:$RASA_PORT/status" >/dev/null 2>&1 && break
  curl -fsS "http://127.0.0.1:$RASA_PORT/" >/dev/null 2>&1 && break
  sleep 1
done
cat <<MSG

The bot is running.
  Website chat:    http://127.0.0.1:$RASA_PORT/chat/   (embed script: /chat/embed.js)
  Chat over REST:  POST http://127.0.0.1:$RASA_PORT/webhooks/rest/webhook  {"sender": "anna", "message": "hi"}
  Conversations:   GET  http://127.0.0.1:$RASA_PORT/conversations/<sender>/tracker
  Action server:   http://127.0.0.1:$ACTION_PORT/health
Press Ctrl-C to stop both servers.
MSG
wait -n "${pids[@]}"
