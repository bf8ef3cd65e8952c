#!/usr/bin/env bash
# End to end on the local runtime (issue 6, item 4): requests/s and p50/p99 for new payments and for
# replays through the API Gateway emulator and the real IngestHandler, next to the raw conditional
# PutItem rate of the same dynalite measured before and after in the same run. A Java load generator
# (java.net.http, closed loop, loopback only, bounded in time and in requests): nothing to install.
#
#   scripts/perf/load.sh [--concurrency N] [--seconds S] [--warmup S] [--max-requests N]
#                        [--runtime-jvm -XX:+TieredCompilation ...]
#
# The runtime runs with ./run-local.sh's flags (-XX:TieredStopAtLevel=1) unless --runtime-jvm is given
# (repeatable; --runtime-jvm -XX:+TieredCompilation for the JVM's defaults). Output: stdout and
# benchmarks/target/perf/load.md, with CPU per request of the load generator, the runtime and the engine.
source "$(dirname "$0")/lib.sh"
if [[ "${PERF_SKIP_BUILD:-false}" != true ]]; then
  (cd "$ROOT" && mvn -B -q -Dnpm.skip=true -DskipTests -pl local-runtime -am package)
fi
build_benchmarks
cp "$ROOT/local-runtime/target/local-runtime.jar" "$WORK/jars/local-runtime.jar"
wait_for_quiet
run_bench io.recorder.benchmarks.load.LoadBench --runtime-jar "$WORK/jars/local-runtime.jar" \
  --work "$WORK/load" "$@" | tee "$WORK/load.md"
