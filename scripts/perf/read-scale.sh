#!/usr/bin/env bash
# Read scale (issue 11): one client with 20 monthly series, then 10,000 one-off payments of the same
# client, on the local runtime. Times GET /recurring-payments?limit=20, /spending/monthly and
# /recurring-payments/upcoming before and after (budget: at most 1.5x slower), and the read units
# each request consumes (ReturnConsumedCapacity, as the engine computes it).
#
#   scripts/perf/read-scale.sh [--one-offs 10000] [--samples 41]
#
# Builds with `mvn package` in one reactor (nothing installed into ~/.m2). Output: stdout and
# benchmarks/target/perf/read-scale.md. Takes a few minutes (the 10,000 POSTs and their projection).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
WORK="${PERF_WORK:-$ROOT/benchmarks/target/perf}"
mkdir -p "$WORK/jars"
if [[ ! -f "$ROOT/node_modules/dynalite/package.json" ]]; then
  (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error)
fi
if [[ "${PERF_SKIP_BUILD:-false}" != true ]]; then
  (cd "$ROOT" && mvn -B -q -Dnpm.skip=true -DskipTests -pl benchmarks,local-runtime -am package \
      dependency:build-classpath -Dmdep.outputFile="$WORK/read-scale.classpath" -Dmdep.includeScope=runtime >/dev/null)
fi
# Private copies: other builds in this working tree may rewrite target/ while the benchmark runs.
cp "$ROOT/local-runtime/target/local-runtime.jar" "$WORK/jars/local-runtime.jar"
cp "$ROOT/benchmarks/target/benchmarks-0.1.0-SNAPSHOT.jar" "$WORK/jars/benchmarks.jar"
java -Drecorder.home="$ROOT" -cp "$WORK/jars/benchmarks.jar:$(cat "$WORK/read-scale.classpath")" \
  io.recorder.benchmarks.load.ReadScaleBench --runtime-jar "$WORK/jars/local-runtime.jar" \
  --work "$WORK/read-scale" "$@" | tee "$WORK/read-scale.md"
