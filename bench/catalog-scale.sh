#!/usr/bin/env bash
# Catalog benchmark: full build, incremental update and search (server-side, and in headless Chromium
# through nginx: needs nginx, chromium and chromium-driver; --no-browser skips it) of a hex.pm-sized
# synthetic mirror.
#
#   bench/catalog-scale.sh                     # 20,000 packages, 150,000 releases
#   bench/catalog-scale.sh --packages 2000 --releases 15000   # a quick run
#
# MVN_ARGS adds Maven options, e.g. MVN_ARGS=-o to build offline. HEAP sets -Xmx (default 1g).
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q ${MVN_ARGS:-} package -DskipTests -pl hexmirror-benchmarks -am
exec java -Xmx"${HEAP:-1g}" -cp hexmirror-benchmarks/target/sync-scale.jar io.hexmirror.bench.CatalogBenchmark "$@"
