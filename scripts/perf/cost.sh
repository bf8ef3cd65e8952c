#!/usr/bin/env bash
# Cost per payment (issue 6, item 5): request units per recorded payment and per projection update,
# computed from the real items' sizes (dynalite reports no consumed capacity), and $ per million
# payments at us-east-1 list prices for API Gateway + Lambda + DynamoDB, next to a separate
# Powertools-style idempotency table.
#
#   scripts/perf/cost.sh [--ingest-ms 20] [--projections-ms-per-batch 200] [--payments-per-batch 25]
#                        [--log-bytes-per-ingest 900]
#
# Output: stdout and benchmarks/target/perf/cost.md.
source "$(dirname "$0")/lib.sh"
build_benchmarks
run_bench io.recorder.benchmarks.cost.CostPerPayment "$@" | tee "$WORK/cost.md"
