#!/usr/bin/env bash
# WAN benchmark: a full sync of a generated 2,000-package upstream placed 50 and 150 ms away by a
# delaying proxy on loopback, against a bare parallel downloader of the same URLs at the same
# concurrency (8, 16 and 32 connections).
#
#   bench/wan-sync.sh                                  # the figures in docs/performance.md
#   bench/wan-sync.sh --rtt 100 --concurrency 8,64     # other round trips and concurrencies
#   bench/wan-sync.sh --tls --rtt 50,150 --concurrency 8,32,128   # over TLS: sync over HTTP/1.1 vs HTTP/2
#   bench/wan-sync.sh --help                           # every option
#
# MVN_ARGS adds Maven options, e.g. MVN_ARGS=-o to build offline.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q ${MVN_ARGS:-} package -DskipTests -pl hexmirror-benchmarks -am
exec java -Xmx1g -cp hexmirror-benchmarks/target/sync-scale.jar io.hexmirror.bench.WanSyncBenchmark "$@"
