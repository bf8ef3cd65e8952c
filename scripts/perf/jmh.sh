#!/usr/bin/env bash
# JMH microbenchmarks (issue 6, item 3): the ingest path's own work per request (with -prof gc), the
# projection fold per event, cadence detection on ten years of daily payments. Checks the budgets:
# ingest ≤ 20 µs/op and ≤ 20 KB allocated per request.
#
#   scripts/perf/jmh.sh [extra JMH options, e.g. -f 2 -wi 3 -i 5 | a benchmark regex]
#
# Output: stdout, benchmarks/target/perf/jmh.txt (human) and jmh.json (machine-readable).
source "$(dirname "$0")/lib.sh"
build_benchmarks
wait_for_quiet
echo "machine: nproc $(nproc), $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo), load average $(load_average), $(java -version 2>&1 | head -1)"
run_bench org.openjdk.jmh.Main -prof gc -rf json -rff "$WORK/jmh.json" "$@" 2>&1 | tee "$WORK/jmh.txt"
echo "load average after: $(load_average)"

# Budgets from the JSON: the ingest benchmarks' score (ns/op) and gc.alloc.rate.norm (B/op).
python3 - "$WORK/jmh.json" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))
for r in results:
    name = r["benchmark"].rsplit(".", 2)
    short = name[-2] + "." + name[-1]
    params = ",".join(f"{k}={v}" for k, v in (r.get("params") or {}).items())
    score, unit = r["primaryMetric"]["score"], r["primaryMetric"]["scoreUnit"]
    alloc = r.get("secondaryMetrics", {}).get("·gc.alloc.rate.norm", r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm"))
    b = alloc["score"] if alloc else float("nan")
    print(f"RESULT {short}{'[' + params + ']' if params else ''}: {score:,.1f} {unit}, {b:,.0f} B/op")
    if short in ("IngestPathBenchmark.newPayment", "IngestPathBenchmark.replay"):
        ns = score if unit == "ns/op" else score * 1000
        print(("PASS" if ns <= 20000 else "FAIL") + f" {short}: {ns/1000:.2f} µs per request (budget ≤ 20 µs)")
        print(("PASS" if b <= 20 * 1024 else "FAIL") + f" {short}: {b/1024:.1f} KB allocated per request (budget ≤ 20 KB)")
PY
