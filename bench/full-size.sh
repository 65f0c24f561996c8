#!/usr/bin/env bash
# Full-size benchmark: every step of hexmirror at hex.pm's size (20,000 packages, 150,000 releases,
# docs for the latest release of each) and bytes (tarballs of 60 KB on average, as hex.pm's 9 GB over
# 150,000 releases: an incompressible payload of 49 KB on average in each, a few of them megabytes),
# each step the CLI jar in a JVM of its own with -Xmx256m, next to the bare operation it wraps; prints
# one table and the goals (every step completes within the heap; none takes more than 1.2x its bare
# operation). See FullSizeBenchmark. A full run writes a 9 GB mirror and a copy of it: about 20 GB free
# disk under --work.
#
#   bench/full-size.sh                          # hex.pm's size and bytes
#   bench/full-size.sh --packages 500           # a quick run (releases and the month scale along)
#   bench/full-size.sh --payload-kb 0           # tarballs of about 6 KB, the shape of the earlier runs
#   bench/full-size.sh --help                   # every option (heap, month, load seconds and rounds, work dir, ...)
#
# Needs wrk and nginx (apt-get install -y wrk nginx), tar, sha256sum. MVN_ARGS adds Maven options,
# e.g. MVN_ARGS=-o to build offline.
set -euo pipefail
cd "$(dirname "$0")/.."

for tool in wrk nginx; do
  if ! command -v "$tool" >/dev/null && ! [ -x "/usr/sbin/$tool" ]; then
    echo "$tool is required: apt-get install -y $tool" >&2
    exit 1
  fi
done

./mvnw -q ${MVN_ARGS:-} package -DskipTests -pl hexmirror-cli,hexmirror-benchmarks -am
exec java -Xmx3g -cp hexmirror-benchmarks/target/sync-scale.jar io.hexmirror.bench.FullSizeBenchmark \
    --cli-jar hexmirror-cli/target/hexmirror.jar "$@"
