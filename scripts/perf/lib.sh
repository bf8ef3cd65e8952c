# Shared by the scripts in scripts/perf (sourced, not run). Bash 4+, run from anywhere.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PERF_DIR="$ROOT/scripts/perf"
WORK="${PERF_WORK:-$ROOT/benchmarks/target/perf}"  # PERF_WORK: keep results out of target/ (mvn clean)
mkdir -p "$WORK"

log() { printf '[perf] %s\n' "$*" >&2; }

load_average() { cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo n/a; }

# Waits (up to PERF_WAIT_QUIET seconds, default 0) for the 1-minute load average to drop below
# PERF_QUIET_LOAD (default 1.0). Measurements on a busy machine are still taken, with the load printed.
wait_for_quiet() {
  local limit="${PERF_WAIT_QUIET:-0}" threshold="${PERF_QUIET_LOAD:-1.0}" waited=0
  while (( waited < limit )); do
    if awk -v l="$(cut -d' ' -f1 /proc/loadavg)" -v t="$threshold" 'BEGIN { exit !(l < t) }'; then
      return 0
    fi
    sleep 10; waited=$((waited + 10))
  done
  log "load average $(load_average) (measuring anyway; every table carries it)"
}

# Builds the benchmarks module and what it needs in one reactor (no tests: this is tooling, not
# verification; nothing installed into ~/.m2, which other builds on the machine share), and keeps private
# copies of the jars: other builds in this working tree may rewrite target/ while a benchmark runs.
build_benchmarks() {
  if [[ "${PERF_SKIP_BUILD:-false}" != true ]]; then
    log "building benchmarks and what they use (mvn -pl benchmarks -am package, tests skipped)"
    (cd "$ROOT" && mvn -B -q -Dnpm.skip=true -DskipTests -pl benchmarks -am package dependency:build-classpath \
        -Dmdep.outputFile="$WORK/benchmarks.reactor.classpath" >/dev/null)
  fi
  if [[ ! -f "$ROOT/node_modules/dynalite/package.json" ]]; then
    log "installing the local engine (npm ci in the repository root)"
    (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error)
  fi
  mkdir -p "$WORK/jars"
  cp "$ROOT/benchmarks/target/benchmarks-0.1.0-SNAPSHOT.jar" "$WORK/jars/benchmarks.jar"
  local entry copies=()
  IFS=: read -r -a entries < "$WORK/benchmarks.reactor.classpath" || true  # no newline at its end
  for entry in "${entries[@]}"; do
    if [[ "$entry" == "$ROOT"/* ]]; then  # a module of this reactor: its jar, copied
      cp "$entry" "$WORK/jars/$(basename "$entry")"
      entry="$WORK/jars/$(basename "$entry")"
    fi
    copies+=("$entry")
  done
  (IFS=:; echo "${copies[*]}") > "$WORK/benchmarks.classpath"
}

benchmarks_classpath() { echo "$WORK/jars/benchmarks.jar:$(cat "$WORK/benchmarks.classpath")"; }

# Runs a main class of the benchmarks module on its full classpath.
run_bench() {
  local main="$1"; shift
  java -Drecorder.home="$ROOT" -cp "$(benchmarks_classpath)" "$main" "$@"
}
