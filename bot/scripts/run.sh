#!/usr/bin/env bash
# Starts the action server and the Rasa server; Ctrl-C stops both.
# With "shell" as argument, opens rasa shell (for clinic staff) instead of the HTTP server.
# Both listen on 127.0.0.1 unless RASA_HOST / ACTION_HOST are set (bot/serving.py).
source "$(dirname "$0")/common.sh"
# Library deprecation warnings are noise for clinic staff; errors are still shown.
export PYTHONWARNINGS="${PYTHONWARNINGS:-ignore}" SQLALCHEMY_SILENCE_UBER_WARNING=1
mode="${1:-server}"; shift || true
# Warnings and errors only, unless LOG_LEVEL=INFO or DEBUG asks for more (message
# text stays hidden either way unless LOG_MESSAGE_TEXT=true).
case "${LOG_LEVEL:-WARNING}" in
  DEBUG | debug) log_level=--debug ;;
  INFO | info) log_level=--verbose ;;
  *) log_level=--quiet ;;
esac
# The Rasa HTTP API must not listen beyond loopback without RASA_AUTH_TOKEN: say so
# and stop before anything starts.
if [ "$mode" != "shell" ]; then "$VENV/bin/python" -m bot.serving check; fi
rasa_url="$(local_url "${RASA_HOST:-}" "$RASA_PORT")"
action_url="${ACTION_SERVER_URL%/webhook}"
pids=()  # the servers themselves (not subshells), so that stopping reaches them
stop() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop EXIT
trap 'echo; echo "stopping..."; exit 0' INT TERM

# waits until a server answers; fails when it exits first
wait_for() {
  local pid="$1" seconds="$2"; shift 2
  for _ in $(seq 1 "$seconds"); do
    for url in "$@"; do curl -fsS "$url" >/dev/null 2>&1 && return 0; done
    kill -0 "$pid" 2>/dev/null || { echo "a server stopped while starting" >&2; exit 1; }
    sleep 1
  done
}

actions=("$VENV/bin/python" -m bot.action_server --actions actions --port "$ACTION_PORT" "$log_level")
if [ "$mode" = "shell" ]; then
  # keep the staff's terminal for the conversation; the action server logs to a file
  "${actions[@]}" > "$PROJECT_ROOT/var/action-server.log" 2>&1 &
else
  "${actions[@]}" &
fi
pids+=($!)
wait_for "$!" 60 "$action_url/health"

if [ "$mode" = "shell" ]; then
  "$VENV/bin/python" -m bot.rasa_server shell --model "$MODEL" --endpoints endpoints.yml \
    --port "$RASA_PORT" "$log_level" "$@"
  exit 0
fi

# browsers may call the bot's HTTP API only from the clinic's allowed_origins (clinic.yml)
origins="$("$VENV/bin/python" -m bot.settings allowed_origins)"
mapfile -t cors <<< "$origins"
# RASA_HOST and RASA_AUTH_TOKEN are read by bot.rasa_server (the token never appears
# on a command line)
"$VENV/bin/python" -m bot.rasa_server run --model "$MODEL" --endpoints endpoints.yml \
  --credentials credentials.yml --enable-api --cors "${cors[@]}" --port "$RASA_PORT" \
  "$log_level" &
pids+=($!)
wait_for "$!" 180 "$rasa_url/status" "$rasa_url/"
cat <<MSG

The bot is running.
  Website chat:    $rasa_url/chat/   (embed script: /chat/embed.js)
  Chat over REST:  POST $rasa_url/webhooks/rest/webhook  {"sender": "anna", "message": "hi"}
  Conversations:   GET  $rasa_url/conversations/<sender>/tracker
  Action server:   $action_url/health
Press Ctrl-C to stop both servers.
MSG
wait -n "${pids[@]}"
