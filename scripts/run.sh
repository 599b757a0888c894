#!/usr/bin/env bash
# Runs the whole system locally: Kafka, the store, all six services, the front door (nginx on
# one port, FRONT_DOOR_PORT, default 8000) and demo data. Ctrl-C stops every process it started.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash scripts/bootstrap.sh >/dev/null

export KAFKA_PORT="${KAFKA_PORT:-9092}"
export STORE_PORT="${STORE_PORT:-27017}"
export KAFKA_BOOTSTRAP_SERVERS="${KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:$KAFKA_PORT}"
export MONGODB_URL="${MONGODB_URL:-mongodb://127.0.0.1:$STORE_PORT}"
export LOG_FORMAT="${LOG_FORMAT:-console}"
declare -A PORTS=(
  [intake]="${INTAKE_HTTP_PORT:-8001}"
  [training]="${TRAINING_HTTP_PORT:-8002}"
  [deployment]="${DEPLOYMENT_HTTP_PORT:-8003}"
  [aftercare]="${AFTERCARE_HTTP_PORT:-8004}"
  [reporting]="${REPORTING_HTTP_PORT:-8005}"
  [notifications]="${NOTIFICATIONS_HTTP_PORT:-8006}"
)
SERVICES=(intake training deployment aftercare reporting notifications)
LOGS="$ROOT/.local/run"
mkdir -p "$LOGS"
PIDS=()

stop_all() {
  trap - INT TERM EXIT
  echo
  echo "[run] stopping services" >&2
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  bash scripts/infra.sh front-stop
  if [[ "${STARTED_INFRA:-0}" == 1 ]]; then bash scripts/infra.sh down; fi
  exit 0
}
trap stop_all INT TERM EXIT

if [[ "$KAFKA_BOOTSTRAP_SERVERS" == "127.0.0.1:$KAFKA_PORT" ]]; then
  # Stop on exit only what this run started, not a stack somebody left running.
  if bash scripts/infra.sh status | grep -Eq "^(kafka|store): down"; then STARTED_INFRA=1; fi
  bash scripts/infra.sh up
fi

for service in "${SERVICES[@]}"; do
  "$ROOT/.venv/bin/python" -m uvicorn --factory "services.$service.app:create_app" \
    --http shared.server:BoundedHttpToolsProtocol --host "${HTTP_HOST:-127.0.0.1}" --port "${PORTS[$service]}" --no-access-log \
    --timeout-graceful-shutdown 8 >"$LOGS/$service.log" 2>&1 &
  PIDS+=($!)
done

for service in "${SERVICES[@]}"; do
  "$ROOT/.venv/bin/python" -m tools.wait_ready "http://127.0.0.1:${PORTS[$service]}" 90 \
    || { echo "[run] $service did not become ready; see $LOGS/$service.log" >&2; tail -n 20 "$LOGS/$service.log" >&2; exit 1; }
done

if [[ "${HOMEWARD_DEMO:-1}" == 1 ]]; then
  "$ROOT/.venv/bin/python" -m tools.demo \
    --intake "http://127.0.0.1:${PORTS[intake]}" --training "http://127.0.0.1:${PORTS[training]}" \
    --deployment "http://127.0.0.1:${PORTS[deployment]}" --aftercare "http://127.0.0.1:${PORTS[aftercare]}" \
    --reporting "http://127.0.0.1:${PORTS[reporting]}"
fi

bash scripts/infra.sh front-start

cat <<INFO

Homeward is running at http://127.0.0.1:${FRONT_DOOR_PORT:-8000}/v1/docs/ (Ctrl-C stops everything)
  every service under /v1/<service>/, reference data under /v1/reference/, the whole API's
  OpenAPI at /v1/openapi.json; a token: see the demo's last line. Operators: each service keeps
  its own port (${PORTS[intake]}-${PORTS[notifications]}), logs in $LOGS (docs/operations.md).
INFO
wait -n "${PIDS[@]}" || true
echo "[run] a service exited; see $LOGS" >&2
