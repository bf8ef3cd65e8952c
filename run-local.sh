#!/usr/bin/env bash
# Starts the Recurring Payments Recorder API on http://127.0.0.1:3000, with the analysts' dashboard at /, the
# API reference at /docs/ and an embedded
# DynamoDB-compatible engine (dynalite). Builds what it needs first. Options: ./run-local.sh --help
set -euo pipefail
cd "$(dirname "$0")"

command -v node >/dev/null || { echo "Node.js 20+ is required (the embedded engine is dynalite, from npm)" >&2; exit 1; }
command -v mvn >/dev/null || { echo "Maven 3.8+ and JDK 17+ are required" >&2; exit 1; }

if [ ! -f node_modules/dynalite/package.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "Installing the embedded engine (npm ci)…"
  npm ci --no-audit --no-fund --loglevel=error
fi

jar=local-runtime/target/local-runtime.jar
if [ ! -f "$jar" ] || [ -n "$(find . -path ./node_modules -prune -o \( -name '*.java' -o -name pom.xml -o -name openapi.yaml -o -path '*/src/main/resources/*' \) -newer "$jar" -print -quit)" ]; then
  echo "Building (mvn package, tests skipped: run them with mvn verify)…"
  mvn -q -B -DskipTests -Dnpm.skip=true -pl local-runtime -am package
fi

exec java -XX:TieredStopAtLevel=1 -Drecorder.home="$PWD" -jar "$jar" "$@"
