#!/usr/bin/env bash
# Creates .venv (if missing or stale) and installs the project with its test extras.
# Idempotent: re-runs pip only when pyproject.toml changed since the last install.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
PY="${PYTHON:-}"
if [ -z "$PY" ]; then
  for c in python3.11 python3.12 python3.13 python3; do
    if command -v "$c" >/dev/null 2>&1; then PY="$c"; break; fi
  done
fi
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
stamp=".venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip >/dev/null
  .venv/bin/python -m pip install -q -e ".[test]"
  rm -f .venv/.installed-*
  touch "$stamp"
fi
# Optional extras on top of [test], one stamp each (e.g. BOOTSTRAP_EXTRAS=package, used by
# packaging/build.sh). The block above removes these stamps when pyproject.toml changes.
for extra in ${BOOTSTRAP_EXTRAS:-}; do
  if [ ! -f "$stamp-$extra" ]; then
    .venv/bin/python -m pip install -q -e ".[test,$extra]"
    touch "$stamp-$extra"
  fi
done
