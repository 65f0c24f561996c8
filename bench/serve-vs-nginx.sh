#!/usr/bin/env bash
# Benchmark (prints figures; not a test): `hexmirror serve` (the shaded jar, default JVM options)
# against nginx serving the same mirror directory, loaded alternately by wrk with a mix of
# /packages/* and /tarballs/* requests. See ServeVsNginxBenchmark in hexmirror-integration-tests.
#
# Needs wrk and nginx (apt-get install -y wrk nginx). Settings as -D options, for example:
#   bench/serve-vs-nginx.sh -Dbench.packages=300 -Dbench.duration=20 -Dbench.rounds=2
set -euo pipefail
cd "$(dirname "$0")/.."

for tool in wrk nginx; do
  if ! command -v "$tool" >/dev/null && ! [ -x "/usr/sbin/$tool" ]; then
    echo "$tool is required: apt-get install -y $tool" >&2
    exit 1
  fi
done

# One reactor build: the CLI's shaded jar, the test classes, and the test classpath with this
# work tree's modules (not whatever snapshots the local repository holds).
./mvnw -q -B -pl hexmirror-integration-tests -am package dependency:build-classpath -DskipTests \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath

module=hexmirror-integration-tests
exec java -cp "$module/target/test-classes:$(cat "$module/target/bench.classpath")" \
  -Dhexmirror.jar=hexmirror-cli/target/hexmirror.jar \
  "$@" io.hexmirror.it.ServeVsNginxBenchmark
