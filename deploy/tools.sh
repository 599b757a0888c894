#!/usr/bin/env bash
# Tools the deployment checks (tests/deploy) need, installed once into the cache from the Go
# module proxy, like FerretDB in scripts/infra.sh:
#   deploy/tools.sh kustomize        builds kustomize from sigs.k8s.io/kustomize/kustomize/v5
#   deploy/tools.sh compose-schema   the Compose Specification's JSON schema, as published in
#                                    github.com/compose-spec/compose-go/v2 (schema/compose-spec.json)
#   deploy/tools.sh promtool         promtool, from Debian's prometheus package (`apt-get
#                                    download`, unpacked into the cache: no root needed)
# Each prints the path of what it installed. Needs Go 1.24+ on the PATH (as `make run` does).
set -euo pipefail

CACHE="${HOMEWARD_CACHE:-$HOME/.cache/homeward}"
KUSTOMIZE_VERSION="v5.7.1"
COMPOSE_GO_VERSION="v2.16.2"
KUSTOMIZE_BIN="$CACHE/kustomize-$KUSTOMIZE_VERSION/kustomize"
COMPOSE_SCHEMA="$CACHE/compose-go-$COMPOSE_GO_VERSION/compose-spec.json"
PROMTOOL_BIN="$CACHE/promtool-debian/promtool"

say() { printf '[deploy-tools] %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

mkdir -p "$CACHE"
# Two test workers may ask at once: one builds, the other waits for it.
exec 9>"$CACHE/.deploy-tools.lock"
flock 9

case "${1:-}" in
  kustomize)
    if [[ ! -x "$KUSTOMIZE_BIN" ]]; then
      command -v go >/dev/null 2>&1 || die "install Go 1.24+ (Debian: apt-get install golang)"
      say "building kustomize $KUSTOMIZE_VERSION from its Go module (first time only, ~30 s)"
      tmp="$(mktemp -d "$CACHE/kustomize-build.XXXXXX")"
      GOBIN="$tmp" GOFLAGS=-buildvcs=false go install "sigs.k8s.io/kustomize/kustomize/v5@$KUSTOMIZE_VERSION" >&2
      mkdir -p "$(dirname "$KUSTOMIZE_BIN")"
      mv "$tmp/kustomize" "$KUSTOMIZE_BIN"
      rm -rf "$tmp"
    fi
    echo "$KUSTOMIZE_BIN"
    ;;
  compose-schema)
    if [[ ! -f "$COMPOSE_SCHEMA" ]]; then
      command -v go >/dev/null 2>&1 || die "install Go 1.24+ (Debian: apt-get install golang)"
      say "downloading the Compose Specification schema (compose-go $COMPOSE_GO_VERSION)"
      dir="$(cd "$CACHE" && GOFLAGS=-mod=mod go mod download -json \
        "github.com/compose-spec/compose-go/v2@$COMPOSE_GO_VERSION" \
        | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
      [[ -f "$dir/schema/compose-spec.json" ]] || die "compose-spec.json not found in $dir"
      mkdir -p "$(dirname "$COMPOSE_SCHEMA")"
      cp "$dir/schema/compose-spec.json" "$COMPOSE_SCHEMA.tmp"
      mv "$COMPOSE_SCHEMA.tmp" "$COMPOSE_SCHEMA"
    fi
    echo "$COMPOSE_SCHEMA"
    ;;
  promtool)
    if [[ ! -x "$PROMTOOL_BIN" ]]; then
      command -v apt-get >/dev/null 2>&1 || die "install promtool (Debian: apt-get install prometheus)"
      say "fetching promtool from Debian's prometheus package (first time only, ~20 MB)"
      tmp="$(mktemp -d "$CACHE/promtool-fetch.XXXXXX")"
      if ! (cd "$tmp" && apt-get download -qq prometheus >/dev/null 2>&1); then
        [[ "$(id -u)" == 0 ]] && apt-get update -qq >/dev/null
        (cd "$tmp" && apt-get download -qq prometheus >/dev/null 2>&1) \
          || die "apt-get download prometheus failed (run apt-get update)"
      fi
      dpkg-deb --fsys-tarfile "$tmp"/prometheus_*.deb | tar -x -C "$tmp" ./usr/bin/promtool
      mkdir -p "$(dirname "$PROMTOOL_BIN")"
      mv "$tmp/usr/bin/promtool" "$PROMTOOL_BIN"
      rm -rf "$tmp"
    fi
    echo "$PROMTOOL_BIN"
    ;;
  *) die "usage: $0 kustomize|compose-schema|promtool" ;;
esac
