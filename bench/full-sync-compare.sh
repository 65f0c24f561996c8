#!/usr/bin/env bash
# The full sync of bench/full-size.sh (docs for the latest release of each package, -Xmx256m) by two
# CLI jars, alternately over one generated upstream, split into its parts (registry, catalog update,
# docs, rest): to compare a change with the code before it. See FullSyncComparison.
#
#   bench/full-sync-compare.sh --baseline-jar OLD.jar                      # 2,000 packages, one sync each
#   bench/full-sync-compare.sh --baseline-jar OLD.jar --packages 5000 --rounds 2
#   bench/full-sync-compare.sh --baseline-jar OLD.jar --payload-kb 49 --rounds 3  # hex.pm's 60 KB tarballs
#
# Build OLD.jar from the code before the change (./mvnw package -pl hexmirror-cli -am, then copy
# hexmirror-cli/target/hexmirror.jar away). MVN_ARGS adds Maven options, e.g. MVN_ARGS=-o to build offline.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q ${MVN_ARGS:-} package -DskipTests -pl hexmirror-cli,hexmirror-benchmarks -am
exec java -Xmx3g -cp hexmirror-benchmarks/target/sync-scale.jar io.hexmirror.bench.FullSyncComparison \
    --cli-jar hexmirror-cli/target/hexmirror.jar "$@"
