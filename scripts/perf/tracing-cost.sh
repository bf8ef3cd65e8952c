#!/usr/bin/env bash
# What turning tracing on costs a cold start (ADR 0502): fresh JVMs running the shaded ingest jar the way
# Lambda would (InvokeFromStdin: no-arg constructor, configuration from the environment), alternating
# RECORDER_TRACING off and otlp. A stand-in collector on loopback (python3) answers every OTLP export
# with 200, as the ADOT extension would: the cost measured is the SDK's initialization, the spans and
# one export round trip per invocation.
#   scripts/perf/tracing-cost.sh [runs]      (default 8 per mode)
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS="${1:-8}"
JAR=ingest-function/target/ingest-function-0.1.0-SNAPSHOT-lambda.jar
[ -f "$JAR" ] && [ -f local-runtime/target/local-runtime.jar ] || mvn -q -B -DskipTests -Dnpm.skip=true -pl local-runtime -am package
work=$(mktemp -d)
key="tracing-cost-key-0123456789abcdef"
java -Drecorder.home="$PWD" -jar local-runtime/target/local-runtime.jar --port 0 --data-dir "$work" --api-key "$key=perf" > "$work/runtime.log" 2>&1 &
runtime=$!
trap 'kill $runtime 2>/dev/null; wait $runtime 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 60); do grep -q "Listening on" "$work/runtime.log" && break; sleep 1; done
python3 -c '
import http.server, sys
class H(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(200); self.send_header("Content-Type", "application/x-protobuf"); self.send_header("Content-Length", "0"); self.end_headers()
    def log_message(self, *args): pass
s = http.server.HTTPServer(("127.0.0.1", 0), H)
print(s.server_address[1], flush=True)
s.serve_forever()
' > "$work/collector.port" &
collector=$!
trap 'kill $runtime $collector 2>/dev/null; wait $runtime 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 50); do [ -s "$work/collector.port" ] && break; sleep 0.1; done
collector_port=$(cat "$work/collector.port")
endpoint=$(sed -n 's/^Embedded engine (dynalite) on \([^,]*\),.*/\1/p' "$work/runtime.log")
key_id="local$(printf %s "$key" | sha256sum | cut -c1-10)"
sed "s/\"apiKeyId\": \"k7q2m9x4ab\"/\"apiKeyId\": \"$key_id\"/" http-adapter/src/test/resources/events/post-payment.json > "$work/event.json"
run() { # mode -> milliseconds from spawn to exit; fails unless the answer is a 201
  local mode=$1 start end out
  start=$(date +%s%N)
  out=$(env -i PATH="$PATH" TABLE_NAME=recorder-ledger DYNAMODB_ENDPOINT="$endpoint" AWS_REGION=us-east-1 \
      AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local AWS_LAMBDA_FUNCTION_NAME=payments-ingest \
      RECORDER_TRACING="$mode" OTEL_EXPORTER_OTLP_TRACES_ENDPOINT="http://127.0.0.1:$collector_port/v1/traces" \
      java -XX:TieredStopAtLevel=1 -cp "$JAR" io.recorder.telemetry.lambda.InvokeFromStdin \
      io.recorder.ingest.IngestHandler payments-ingest < "$work/event.json" 2>&1)
  end=$(date +%s%N)
  grep -q '"statusCode":201' <<<"$out" || { echo "no 201 with RECORDER_TRACING=$mode: $out" >&2; exit 1; }
  echo $(( (end - start) / 1000000 ))
}
off=(); on=()
for i in $(seq 1 "$RUNS"); do off+=("$(run off)"); on+=("$(run otlp)"); done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "tracing off : median $(median "${off[@]}") ms  (${off[*]})"
echo "tracing otlp: median $(median "${on[@]}") ms  (${on[*]})"
