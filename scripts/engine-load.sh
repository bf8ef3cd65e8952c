#!/usr/bin/env bash
# The embedded engine alone under the load that once made it serve old versions of rewritten items
# (docs/reliability.md, "The engine went back in time"). Not part of `mvn verify`: 2–3 minutes of load.
#
#   scripts/engine-load.sh              # 150 s through the project's launcher: must print PASS
#   ENGINE_LOAD_SECONDS=60 scripts/engine-load.sh
#   scripts/engine-load.sh --leak       # dynalite as npm ships it: reproduces the stale reads
#   scripts/engine-load.sh --scans      # plus whole-table paged scans all along (audit, rebuild)
#
# Exit status 0 only with 0 stale reads, 0 lost updates, 0 accepted replays and no error.
set -euo pipefail
cd "$(dirname "$0")/.."

JAR=local-runtime/target/local-runtime.jar
if [ ! -f node_modules/dynalite/package.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
if [ ! -f "$JAR" ]; then
  echo "Building the runtime jar…"
  mvn -q -B -DskipTests -Dnpm.skip=true -pl local-runtime -am package
fi
exec java -Drecorder.home="$PWD" -cp "$JAR" scripts/EngineLoad.java "${ENGINE_LOAD_SECONDS:-150}" "$@"
