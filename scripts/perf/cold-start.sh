#!/usr/bin/env bash
# Cold start of the real ingest handler vs a Node.js peer doing the same job (issue 6, item 1).
#
#   scripts/perf/cold-start.sh [--runs N] [--label NAME] [--jar PATH] [--steady-runs N]
#
# Starts dynalite in memory, then alternates fresh processes: the Node.js peer (AWS SDK v3) and the
# Java variants — default flags, -XX:TieredStopAtLevel=1, C1 + a dynamic AppCDS archive, and Java 25
# C1 + AOT cache when a JDK 25 is found (JAVA25_HOME or /usr/lib/jvm/*25*). Each process builds the
# handler the way Lambda does (no-arg constructor, TABLE_NAME / DYNAMODB_ENDPOINT / AWS_REGION and the
# credentials variables) and invokes it once with a real API Gateway event; the time is from spawn to
# its first 201. Then: classes loaded, peak RSS, first invoke vs steady state (with and without
# priming), and PASS/FAIL per budget. Output: stdout and benchmarks/target/perf/cold-start-NAME.md.
# Needs: JDK 17+, Maven, Node.js 20+ (npm installs the peer's SDK from its package-lock.json).
source "$(dirname "$0")/lib.sh"

RUNS=10 LABEL=current STEADY_RUNS=3 JAR="$ROOT/ingest-function/target/ingest-function-0.1.0-SNAPSHOT-lambda.jar"
while (( $# > 0 )); do
  case "$1" in
    --runs) RUNS="$2"; shift 2 ;;
    --label) LABEL="$2"; shift 2 ;;
    --jar) JAR="$(realpath "$2")"; shift 2 ;;
    --steady-runs) STEADY_RUNS="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 64 ;;
  esac
done

build_benchmarks
if [[ ! -d "$PERF_DIR/node-peer/node_modules/@aws-sdk/client-dynamodb" ]]; then
  log "installing the Node.js peer's SDK (npm ci in scripts/perf/node-peer)"
  (cd "$PERF_DIR/node-peer" && npm ci --no-audit --no-fund --loglevel=error)
fi
cp "$JAR" "$WORK/jars/ingest-$LABEL.jar"
INGEST="$WORK/jars/ingest-$LABEL.jar"

# The shaded jar must be complete on its own. If jackson-databind is missing (Powertools and EMF need
# it at the first invoke), say so, and add it from the Maven classpath so the rest can be measured.
EXTRA=""
# The listing goes to a file first: with pipefail, `unzip | grep -q` fails whenever grep stops reading early.
unzip -Z1 "$INGEST" > "$WORK/ingest-entries.txt"
if ! grep -qx 'com/fasterxml/jackson/databind/ObjectMapper.class' "$WORK/ingest-entries.txt"; then
  log "WARNING: $JAR has no jackson-databind: in Lambda the first invoke fails with NoClassDefFoundError."
  log "         Measuring with jackson-databind + jackson-annotations added to the classpath."
  EXTRA="$(tr ':' '\n' < "$WORK/benchmarks.classpath" | grep -E 'jackson-(databind|annotations)-' | paste -sd:)"
fi

JAVA17="${JAVA17_HOME:+$JAVA17_HOME/bin/}java"
JAVA25=""
for candidate in "${JAVA25_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*-25-* /usr/lib/jvm/jdk-25*; do
  if [[ -n "$candidate" && -x "$candidate/bin/java" ]]; then JAVA25="$candidate/bin/java"; break; fi
done
[[ -z "$JAVA25" ]] && log "no JDK 25 found (set JAVA25_HOME): the AOT-cache variant is skipped"

wait_for_quiet
run_bench io.recorder.benchmarks.coldstart.ColdStartBench \
  --ingest-jar "$INGEST" --extra-cp "$EXTRA" --bench-jar "$WORK/jars/benchmarks.jar" \
  --node-peer "$PERF_DIR/node-peer" --event "$ROOT/http-adapter/src/test/resources/events/post-payment.json" \
  --runs "$RUNS" --steady-runs "$STEADY_RUNS" --java17 "$JAVA17" --java25 "$JAVA25" \
  --work "$WORK/cold-start" --label "$LABEL" | tee "$WORK/cold-start-$LABEL.md"
if [[ -n "$EXTRA" ]]; then
  echo "NOTE: measured with jackson-databind added to the classpath; the jar as built fails its first invoke." | tee -a "$WORK/cold-start-$LABEL.md"
fi
