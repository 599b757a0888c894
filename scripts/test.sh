#!/usr/bin/env bash
# The whole test suite against real Kafka and a real MongoDB-wire store, from nothing.
# Infrastructure: KAFKA_BOOTSTRAP_SERVERS/MONGODB_URL if set, else testcontainers if a Docker
# engine answers, else local processes started by scripts/infra.sh (see tests/conftest.py).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
UV="$(bash scripts/bootstrap.sh)"
if [[ -z "${KAFKA_BOOTSTRAP_SERVERS:-}" || -z "${MONGODB_URL:-}" ]]; then
  bash scripts/infra.sh install  # downloads/builds once into the cache, with clear messages
fi
# The dashboard's browser test drives Debian's Chromium (Playwright never downloads a browser).
if [[ ! -x "${HOMEWARD_CHROMIUM:-/usr/bin/chromium}" && "$(id -u)" == 0 ]] \
  && command -v apt-get >/dev/null 2>&1; then
  echo "[test] installing Chromium from Debian's packages (first run only)" >&2
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
      --no-install-recommends chromium fonts-dejavu-core; } >/dev/null \
    || echo "[test] could not install chromium; the dashboard's browser test will fail" >&2
fi
echo "[test] lint: ruff check, ruff format --check, mypy" >&2
"$UV" run --frozen ruff check .
"$UV" run --frozen ruff format --check .
"$UV" run --frozen mypy
echo "[test] pytest" >&2
set +e
"$UV" run --frozen pytest -n "${HOMEWARD_TEST_WORKERS:-2}" --dist loadgroup "$@"
status=$?
set -e
if [[ $status -eq 5 ]]; then
  echo "[test] no tests were collected" >&2
fi
exit $status
