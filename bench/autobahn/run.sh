#!/usr/bin/env bash
# Autobahn WebSocket conformance of minihost's client (crates/net socket core),
# using kosoku (a native runner of the Autobahn TestSuite case files) as the
# fuzzing server and crates/net/examples/autobahn.rs as the client under test.
#
#   bench/autobahn/run.sh            # groups 1-7, 9, 10 (about 4 minutes)
#   CASES='1.* 2.*' bench/autobahn/run.sh
#
# Env: CASES (space-separated globs), PORT (default 9001), OUT (report dir,
# default bench/out/autobahn), VENV (default /tmp/minihost-autobahn-venv).
# Exit status: 0 when every case is OK, NON-STRICT or INFORMATIONAL, with an
# OK or INFORMATIONAL close; 1 otherwise.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
CASES="${CASES:-1.* 2.* 3.* 4.* 5.* 6.* 7.* 9.* 10.*}"
PORT="${PORT:-9001}"
OUT="${OUT:-$ROOT/bench/out/autobahn}"
VENV="${VENV:-/tmp/minihost-autobahn-venv}"
AGENT=minihost

if [ ! -x "$VENV/bin/kosoku" ]; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet kosoku
fi

(cd "$ROOT" && cargo build --quiet --release -p minihost-net --example autobahn)
DRIVER="$ROOT/target/release/examples/autobahn"

rm -rf "$OUT"
mkdir -p "$OUT"
include=()
for c in $CASES; do include+=(-i "$c"); done

"$VENV/bin/kosoku" -m fuzzingserver "${include[@]}" -o "$OUT" "127.0.0.1:$PORT" \
    >"$OUT/server.log" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true' EXIT

# Wait (bounded) for the server to listen.
for _ in $(seq 1 100); do
    grep -q "listening" "$OUT/server.log" 2>/dev/null && break
    sleep 0.1
done

"$DRIVER" "ws://127.0.0.1:$PORT" "$AGENT" >"$OUT/client.log" 2>&1 || {
    echo "driver failed:"; tail -20 "$OUT/client.log"; exit 1; }

# The server writes its reports and exits after updateReports (bounded wait).
for _ in $(seq 1 300); do
    kill -0 "$SERVER" 2>/dev/null || break
    sleep 0.1
done
cat "$OUT/server.log"

python3 - "$OUT/index.json" "$AGENT" <<'PY'
import collections, json, sys
cases = json.load(open(sys.argv[1]))[sys.argv[2]]
def key(case):
    return [int(p) for p in case.split(".")]
counts = collections.Counter()
bad = []
for case in sorted(cases, key=key):
    r = cases[case]
    b, c = r["behavior"], r["behaviorClose"]
    counts[b] += 1
    if b != "OK" or c != "OK":
        print(f"  {case}: behavior {b}, close {c}, remote close code {r.get('remoteCloseCode')}")
    if b not in ("OK", "NON-STRICT", "INFORMATIONAL") or c not in ("OK", "INFORMATIONAL"):
        bad.append(case)
print(f"{len(cases)} cases: " + ", ".join(f"{n} {k}" for k, n in sorted(counts.items())))
print(f"{len(cases) - len(bad)} passed, {len(bad)} failed")
sys.exit(1 if bad else 0)
PY
