#!/usr/bin/env bash
# Runs the desktop app on the embedded sandbox (no Calendly account needed).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/bootstrap.sh
if [ -f desktop_app/app.py ]; then
  exec .venv/bin/python -m desktop_app --sandbox "$@"
else
  exec .venv/bin/python -m desktop_app.sandbox --port 0 --seed demo "$@"
fi
