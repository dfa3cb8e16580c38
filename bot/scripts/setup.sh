#!/usr/bin/env bash
# Finds Python 3.10, creates .venv and installs exactly the pinned packages.
# Does nothing when .venv already matches requirements.lock.
source "$(dirname "$0")/common.sh"

python_is_310() { "$1" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))' >/dev/null 2>&1; }

find_python310() {
  local candidate
  for candidate in "${PYTHON:-}" python3.10 \
      "$(command -v pyenv >/dev/null 2>&1 && pyenv root 2>/dev/null)/versions/3.10.13/bin/python3.10" \
      "$HOME"/.pyenv/versions/3.10.*/bin/python3.10 /usr/local/bin/python3.10 /usr/bin/python3.10; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1 && python_is_310 "$candidate"; then
      command -v "$candidate"
      return 0
    fi
  done
  return 1
}

bash "$PROJECT_ROOT/bot/scripts/setup_webchat.sh"   # the website chat's JS (npm ci)

lock_hash="$(sha256sum requirements.lock | cut -d' ' -f1)"
stamp="$VENV/.requirements.lock.sha256"
if [ -x "$VENV/bin/python" ] && python_is_310 "$VENV/bin/python" \
    && [ "$(cat "$stamp" 2>/dev/null)" = "$lock_hash" ]; then
  exit 0
fi

if ! PY310="$(find_python310)"; then
  cat >&2 <<'MSG'
error: Python 3.10 is needed (Rasa 3.6 does not install on Python 3.11 or newer).
Install it, then run this command again. Any one of:
  - pyenv:   pyenv install 3.10.13        (this repo's .python-version asks for it)
  - Debian/Ubuntu: apt-get install python3.10 python3.10-venv   (where your release has it)
  - or point to one you have:  PYTHON=/path/to/python3.10 make setup
MSG
  exit 1
fi

echo "setup: using $PY310 ($("$PY310" --version 2>&1))"
if [ -d "$VENV" ] && ! python_is_310 "$VENV/bin/python"; then
  echo "setup: removing .venv built with another Python"
  rm -rf "$VENV"
fi
[ -x "$VENV/bin/python" ] || "$PY310" -m venv "$VENV"
echo "setup: installing the pinned packages from requirements.lock (first time: about 2 minutes, 2.7 GB)"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade "pip==24.0"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps -r requirements.lock
"$VENV/bin/python" -m pip check
echo "$lock_hash" > "$stamp"
echo "setup: done"
