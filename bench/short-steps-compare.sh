#!/usr/bin/env bash
# The short steps of bench/full-size.sh (a sync with nothing new, a sync of a month, export and
# import of that month; -Xmx256m) by two CLI jars, alternately, each run on a fresh copy of the same
# mirror, over one generated upstream: wall and CPU time, medians and ratios. See ShortStepsComparison.
#
#   bench/short-steps-compare.sh --baseline-jar OLD.jar                        # 2,000 packages, 3 rounds
#   bench/short-steps-compare.sh --baseline-jar OLD.jar --packages 5000 --steps noop,import
#   bench/short-steps-compare.sh --baseline-jar OLD.jar --payload-kb 49 --steps month  # hex.pm's 60 KB tarballs
#   bench/short-steps-compare.sh --baseline-jar OLD.jar --rounds 1 \
#       --jvm-option=-XX:StartFlightRecording=filename={label}.jfr,settings=profile   # profiles
#
# Build OLD.jar from the code before the change (./mvnw package -pl hexmirror-cli -am, then copy
# hexmirror-cli/target/hexmirror.jar away). MVN_ARGS adds Maven options, e.g. MVN_ARGS=-o to build offline.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q ${MVN_ARGS:-} package -DskipTests -pl hexmirror-cli,hexmirror-benchmarks -am
exec java -Xmx3g -cp hexmirror-benchmarks/target/sync-scale.jar io.hexmirror.bench.ShortStepsComparison \
    --cli-jar hexmirror-cli/target/hexmirror.jar "$@"
