#!/usr/bin/env bash
# Soak test of the local runtime (issue 7 §5). Not part of `mvn verify`; see docs/reliability.md.
#
#   scripts/soak.sh                      # 10 minutes, 8 client threads
#   SOAK_MINUTES=1 scripts/soak.sh       # a quick check
#   SOAK_THREADS=16 SOAK_MINUTES=30 scripts/soak.sh
#
# Starts the runtime (java -jar local-runtime/target/local-runtime.jar) on a free port with a fresh
# temporary data dir, drives mixed load with scripts/Soak.java (java.net.http, no extra dependencies),
# reads the heap after a full GC at start and end (jcmd), stops the runtime, checks that no engine
# process is left, then opens the store and checks every 201 is stored exactly once, then audits the
# projections (recurring series and monthly spending cells) against the ledger (after letting the stream drain).
# Exit status 0 only if there was no 5xx, no unexpected answer, and the store check found no difference.
set -euo pipefail
cd "$(dirname "$0")/.."

MINUTES="${SOAK_MINUTES:-10}"
THREADS="${SOAK_THREADS:-8}"
JAR=local-runtime/target/local-runtime.jar
SECONDS_TOTAL=$(awk "BEGIN { printf \"%d\", $MINUTES * 60 }")

command -v jcmd >/dev/null || { echo "jcmd (from the JDK) is required" >&2; exit 1; }
if [ ! -f node_modules/dynalite/package.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
if [ ! -f "$JAR" ]; then
  echo "Building the runtime jar…"
  mvn -q -B -DskipTests -Dnpm.skip=true -pl local-runtime -am package
fi

DATA="$(mktemp -d "${TMPDIR:-/tmp}/recorder-soak.XXXXXX")"
KEY="soak-key-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
LOG="$DATA/runtime.log"
RUNTIME_PID=""
cleanup() {
  if [ -n "$RUNTIME_PID" ] && kill -0 "$RUNTIME_PID" 2>/dev/null; then
    kill -TERM "$RUNTIME_PID" 2>/dev/null || true
    wait "$RUNTIME_PID" 2>/dev/null || true
  fi
}
trap cleanup EXIT

heap_used_kb() { # used heap after a full GC, in KB
  jcmd "$1" GC.run >/dev/null
  jcmd "$1" GC.heap_info | sed -n 's/.*total [0-9]*K, used \([0-9]*\)K.*/\1/p' | head -1
}

echo "Soak: ${MINUTES} min, ${THREADS} threads, data dir $DATA"
java -Xmx512m -XX:TieredStopAtLevel=1 -Drecorder.home="$PWD" -jar "$JAR" --port 0 --data-dir "$DATA" \
  --api-key "$KEY=soak" --rate-limit 100000 --burst-limit 100000 --quota 1000000000 >"$LOG" 2>&1 &
RUNTIME_PID=$!
for _ in $(seq 1 300); do
  PORT=$(sed -n 's/.*Listening on http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$LOG" | head -1)
  [ -n "$PORT" ] && break
  kill -0 "$RUNTIME_PID" 2>/dev/null || { cat "$LOG"; echo "the runtime exited" >&2; exit 1; }
  sleep 0.2
done
[ -n "${PORT:-}" ] || { cat "$LOG"; echo "the runtime did not start" >&2; exit 1; }
echo "Runtime pid $RUNTIME_PID on port $PORT"

# Warm up briefly so the start figure is the steady-state baseline, not the empty JVM.
java -cp "$JAR" scripts/Soak.java load "$PORT" "$KEY" 5 2 "$DATA/warmup-acks.txt" >/dev/null || true
HEAP_START=$(heap_used_kb "$RUNTIME_PID")
echo "Heap after GC at start: ${HEAP_START} KB"

set +e
java -cp "$JAR" scripts/Soak.java load "$PORT" "$KEY" "$SECONDS_TOTAL" "$THREADS" "$DATA/acks.txt"
LOAD_STATUS=$?
set -e

HEAP_END=$(heap_used_kb "$RUNTIME_PID")
echo "Heap after GC at end:   ${HEAP_END} KB"
RSS_KB=$(ps -o rss= -p "$RUNTIME_PID" | tr -d ' ')
echo "Runtime RSS at end: ${RSS_KB} KB"

# Let the emulated stream deliver its backlog before stopping: the log only grows with stream batches
# now (no requests), so wait until it has been quiet for 5 s (at most 15 minutes). Stopping earlier
# leaves records for the next start's catch-up, and the projection audit below would see them missing.
DRAIN_START=$(date +%s)
LAST_SIZE=-1; QUIET=0
while [ $QUIET -lt 5 ] && [ $(( $(date +%s) - DRAIN_START )) -lt 900 ]; do
  SIZE=$(stat -c %s "$LOG")
  if [ "$SIZE" = "$LAST_SIZE" ]; then QUIET=$((QUIET + 1)); else QUIET=0; LAST_SIZE=$SIZE; fi
  sleep 1
done
echo "Stream drained in $(( $(date +%s) - DRAIN_START )) s after the load"

kill -TERM "$RUNTIME_PID"
wait "$RUNTIME_PID" || true
RUNTIME_PID=""
sleep 1
if pgrep -f -- "$DATA" >/dev/null; then
  echo "FAIL: a process still uses $DATA after the runtime stopped:"; pgrep -af -- "$DATA"
  exit 1
fi
echo "No process left on the data dir."

cat "$DATA/warmup-acks.txt" >> "$DATA/acks.txt"
set +e
java -Drecorder.home="$PWD" -cp "$JAR" scripts/Soak.java check "$DATA" "$DATA/acks.txt"
CHECK_STATUS=$?
set -e

# The projections must equal a fold of the ledger (runtime stopped, so the command starts its own engine).
set +e
java -Drecorder.home="$PWD" -cp "$JAR" io.recorder.projections.ProjectionsCommand audit --data-dir "$DATA" > "$DATA/audit.txt" 2>&1
AUDIT_STATUS=$?
set -e
grep -v '^DIFFERS' "$DATA/audit.txt" | tail -3
echo "series and monthly spending cells differing, missing or extra: $(grep -cE "^(DIFFERS|MISSING|EXTRA)" "$DATA/audit.txt" || true)"

echo "5xx/unexpected check: $([ $LOAD_STATUS -eq 0 ] && echo PASS || echo FAIL); store check: $([ $CHECK_STATUS -eq 0 ] && echo PASS || echo FAIL); projection audit: $([ $AUDIT_STATUS -eq 0 ] && echo PASS || echo FAIL)"
echo "Data dir kept for inspection: $DATA"
[ $LOAD_STATUS -eq 0 ] && [ $CHECK_STATUS -eq 0 ] && [ $AUDIT_STATUS -eq 0 ]
