#!/usr/bin/env bash
# Runs the end-to-end smoke test against the real server: the Go binary with the built app
# embedded, a fresh private PostgreSQL with demo data, Debian's chromium.
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! command -v chromium >/dev/null 2>&1 && [ ! -x /usr/bin/chromium ]; then
  echo "end-to-end tests need Debian's chromium: apt-get install chromium" >&2
  exit 1
fi
work=$(mktemp -d /tmp/egk-e2e-XXXXXX)
chmod 755 "$work"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 18090)
go build -o "$work/egenkontroll" ./cmd/egenkontroll
"$work/egenkontroll" serve --data "$work/data" --listen "127.0.0.1:$port" >"$work/server.log" 2>&1 &
pid=$!
cleanup() { kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
for _ in $(seq 1 120); do
  if curl -sf "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$pid" 2>/dev/null; then cat "$work/server.log" >&2; exit 1; fi
  sleep 0.5
done
cd frontend
# The walks share one server and run in order: smoke.mjs first, then walk-*.mjs by name. Each
# walk leaves its data for the next, as people would. E2E_ONLY=walk-x.mjs runs one walk.
export E2E_BASE_URL="http://127.0.0.1:$port"
shopt -s nullglob
walks=${E2E_ONLY:-"smoke.mjs $(cd e2e && for f in walk-*.mjs; do printf '%s ' "$f"; done)"}
status=0
for w in $walks; do
  echo "== e2e $w"
  node "e2e/$w" || status=1
done
exit $status
