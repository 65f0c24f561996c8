#!/usr/bin/env bash
# Benchmark (prints figures; not a test) of a mirror larger than the server's memory cache:
# `hexmirror serve` against nginx on the same directory (wrk, 200 connections), and
# `hexmirror verify` against `sha256sum` over the same files. See DiskMirrorBenchmark.
#
#   bench/disk-mirror.sh                               # 1,700 packages, 15,000 tarballs (about 134 MB)
#   bench/disk-mirror.sh --work DIR                    # keep the mirror in DIR/mirror ...
#   bench/disk-mirror.sh --mirror DIR/mirror           # ... and reuse it in later runs
#   bench/disk-mirror.sh --packages 2000 --releases 17000 --payload-kb 49 --skip-serve
#                                                      # verify only, tarballs of hex.pm's average size (about 1 GB)
#   bench/disk-mirror.sh --packages 5000 --releases 51000 --payload-kb 49 --skip-verify --page-cache-limit 1G
#                                                      # serve only, 3 GB, each server in a memory cgroup of 1 GiB (root)
#   bench/disk-mirror.sh --help                        # every option
#
# Needs wrk and nginx (apt-get install -y wrk nginx). MVN_ARGS adds Maven options, e.g. MVN_ARGS=-o.
set -euo pipefail
cd "$(dirname "$0")/.."

for tool in wrk nginx sha256sum; do
  if ! command -v "$tool" >/dev/null && ! [ -x "/usr/sbin/$tool" ]; then
    echo "$tool is required: apt-get install -y $tool" >&2
    exit 1
  fi
done

./mvnw -q ${MVN_ARGS:-} -pl hexmirror-cli,hexmirror-benchmarks -am package -DskipTests dependency:build-classpath \
    -Dmdep.outputFile=target/disk-bench.classpath
exec java -Xmx2g -cp "hexmirror-benchmarks/target/classes:$(cat hexmirror-benchmarks/target/disk-bench.classpath)" \
    io.hexmirror.bench.DiskMirrorBenchmark --cli-jar hexmirror-cli/target/hexmirror.jar "$@"
