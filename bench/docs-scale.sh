#!/usr/bin/env bash
# Docs benchmark: docs for N packages (default 2,000) synced over loopback into a filesystem mirror;
# prints sync time and bytes, the derived tree's size against the tarballs' unpacked size, the
# search index's size and build time, and search latency (median, p99) over 1,000 queries.
#
#   bench/docs-scale.sh                    # 2,000 packages
#   bench/docs-scale.sh --packages 500     # a quick run
#   bench/docs-scale.sh --help             # every option
#
# MVN_ARGS adds Maven options, e.g. MVN_ARGS=-o to build offline.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q ${MVN_ARGS:-} -pl hexmirror-benchmarks -am compile dependency:build-classpath \
    -Dmdep.outputFile=target/docs-bench.classpath
exec java -Xmx1g -cp "hexmirror-benchmarks/target/classes:$(cat hexmirror-benchmarks/target/docs-bench.classpath)" \
    io.hexmirror.bench.DocsScaleBenchmark "$@"
