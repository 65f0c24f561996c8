#!/usr/bin/env bash
# Sync benchmark: a full, a no-op and an incremental sync of a generated hex.pm-sized upstream.
# The upstream runs in one JVM, each sync in another with -Xmx256m (the real CLI jar).
#
#   bench/sync-scale.sh                     # hex.pm's size: 17,000 packages, 150,000 releases
#   bench/sync-scale.sh --packages 1700     # a quick run (releases scale along)
#   bench/sync-scale.sh --help              # every option (heap, changed packages, work dir, ...)
#
# MVN_ARGS adds Maven options, e.g. MVN_ARGS=-o to build offline.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q ${MVN_ARGS:-} package -DskipTests -pl hexmirror-cli,hexmirror-benchmarks -am
exec java -Xmx2g -jar hexmirror-benchmarks/target/sync-scale.jar \
    --cli-jar hexmirror-cli/target/hexmirror.jar "$@"
