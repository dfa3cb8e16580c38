#!/usr/bin/env bash
# Trains the model only when the training data, domain or config changed.
source "$(dirname "$0")/common.sh"

fingerprint="$( { sha256sum config.yml domain.yml; find data -type f -name '*.yml' -print0 | sort -z | xargs -0 sha256sum; } | sha256sum | cut -d' ' -f1)"
stamp="$PROJECT_ROOT/models/.fingerprint"
if [ -f "$MODEL" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$fingerprint" ]; then
  echo "train: model is up to date ($MODEL)"
  exit 0
fi
echo "train: training data, domain or config changed: training a new model"
start=$(date +%s)
rasa train --config config.yml --domain domain.yml --data data \
  --out models --fixed-model-name toh-bot --quiet
echo "$fingerprint" > "$stamp"
echo "train: done in $(( $(date +%s) - start )) s"
