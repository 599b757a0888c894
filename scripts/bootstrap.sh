#!/usr/bin/env bash
# Python set-up from nothing: uv (from PyPI if missing), then the locked virtual environment.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${HOMEWARD_CACHE:-$HOME/.cache/homeward}"

if command -v uv >/dev/null 2>&1; then
  UV="$(command -v uv)"
elif [[ -x "$CACHE/uv/bin/uv" ]]; then
  UV="$CACHE/uv/bin/uv"
else
  command -v python3 >/dev/null 2>&1 || { echo "python3 (3.11) is required" >&2; exit 1; }
  echo "[bootstrap] installing uv from PyPI into $CACHE/uv" >&2
  python3 -m venv "$CACHE/uv"
  "$CACHE/uv/bin/pip" install --quiet --disable-pip-version-check uv
  UV="$CACHE/uv/bin/uv"
fi
cd "$ROOT"
"$UV" sync --frozen --quiet --python 3.11
echo "$UV"
