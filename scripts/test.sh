#!/usr/bin/env bash
# Runs the whole check: lint (ruff), types (mypy), tests (pytest, Qt offscreen).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/bootstrap.sh
export QT_QPA_PLATFORM=offscreen
.venv/bin/ruff check desktop_app tests benchmarks
.venv/bin/mypy
.venv/bin/python -m pytest "$@"
