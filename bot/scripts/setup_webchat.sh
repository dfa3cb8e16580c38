#!/usr/bin/env bash
# Installs the website chat's browser libraries (socket.io client for the page, axe-core
# for the accessibility test) from the npm registry into bot/webchat/node_modules:
# exact versions and integrity hashes from bot/webchat/package-lock.json (npm ci).
# The bot serves them itself; no page loads anything from a CDN.
# Does nothing when node_modules already matches the lock file.
source "$(dirname "$0")/common.sh"
dir="$PROJECT_ROOT/bot/webchat"
lock_hash="$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)"
stamp="$dir/node_modules/.package-lock.sha256"
[ "$(cat "$stamp" 2>/dev/null)" = "$lock_hash" ] && exit 0
if ! command -v npm >/dev/null 2>&1; then
  echo "error: npm is needed for the website chat's libraries (Debian/Ubuntu: apt-get install npm)" >&2
  exit 1
fi
echo "setup: installing the website chat's browser libraries (bot/webchat/package-lock.json)"
npm ci --prefix "$dir" --ignore-scripts --no-audit --no-fund --loglevel=error
echo "$lock_hash" > "$stamp"
