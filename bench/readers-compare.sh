#!/usr/bin/env bash
# The steps that read a whole mirror, by two builds side by side over one mirror: `catalog rebuild`,
# `verify` and the docs search index that `serve` builds when it starts (from the JVM's start until
# it logs the index done, into an empty index directory). Rounds alternate the builds so both meet
# the same load; each step runs once untimed first. Prints wall and CPU time (user + sys) per round,
# medians and ratios (before / after). On a loaded machine the wall times swing; CPU times hardly move.
#
#   bench/readers-compare.sh --mirror DIR --baseline-jar OLD.jar [--jar NEW.jar] [--upstream-key PEM]
#                            [--rounds 3] [--heap 256m] [--steps "catalog verify docs-index"]
#
# A mirror with docs comes from `bench/full-size.sh --packages 2000 --keep --work DIR` (DIR/mirror,
# DIR/upstream-key.pem). NEW.jar defaults to hexmirror-cli/target/hexmirror.jar.
set -euo pipefail
cd "$(dirname "$0")/.."

jar=hexmirror-cli/target/hexmirror.jar
baseline= mirror= key= rounds=3 heap=256m steps="catalog verify docs-index"
while [ $# -gt 0 ]; do
  case "$1" in
    --mirror) mirror=$2; shift 2 ;;
    --baseline-jar) baseline=$2; shift 2 ;;
    --jar) jar=$2; shift 2 ;;
    --upstream-key) key=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --heap) heap=$2; shift 2 ;;
    --steps) steps=$2; shift 2 ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done
[ -n "$mirror" ] && [ -n "$baseline" ] || { echo "--mirror and --baseline-jar are required" >&2; exit 2; }
keyopt=()
[ -n "$key" ] && keyopt=(--upstream-key "$key")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

now() { date +%s.%N; }

tick=$(getconf CLK_TCK)

# step JAR NAME: runs one step, prints its wall and CPU seconds.
step() {
  local jar=$1 name=$2 start end cpu
  start=$(now)
  case "$name" in
    catalog|verify)
      local args=(catalog rebuild "$mirror")
      [ "$name" = verify ] && args=(verify "${keyopt[@]}" "$mirror")
      /usr/bin/time -f '%U %S' -o "$work/time" java -Xmx"$heap" -jar "$jar" "${args[@]}" >"$work/out" 2>&1
      cpu=$(awk '{print $1 + $2}' "$work/time") ;;
    docs-index)
      # A fresh log: the loop below must not find the line of the run before.
      rm -rf "$work/index" "$work/out"
      : >"$work/out"
      java -Xmx"$heap" -jar "$jar" serve --port 0 --docs-index "$work/index" "$mirror" >"$work/out" 2>&1 &
      local pid=$!
      until grep -q "docs search index:" "$work/out"; do
        kill -0 "$pid" 2>/dev/null || { echo "serve exited" >&2; cat "$work/out" >&2; exit 1; }
        sleep 0.05
      done
      # utime and stime of the whole JVM, from /proc, before it is stopped.
      cpu=$(awk -v t="$tick" '{print ($14 + $15) / t}' "/proc/$pid/stat")
      kill "$pid"; wait "$pid" 2>/dev/null || true ;;
  esac
  end=$(now)
  echo "$(echo "$end - $start" | bc) $cpu"
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '| step | round | before: wall, CPU (s) | after: wall, CPU (s) |\n|---|---|---|---|\n'
for name in $steps; do
  step "$baseline" "$name" >/dev/null
  step "$jar" "$name" >/dev/null
  : >"$work/before" ; : >"$work/after"
  for r in $(seq 1 "$rounds"); do
    if [ $((r % 2)) -eq 1 ]; then b=$(step "$baseline" "$name"); a=$(step "$jar" "$name")
    else a=$(step "$jar" "$name"); b=$(step "$baseline" "$name"); fi
    echo "$b" >>"$work/before"; echo "$a" >>"$work/after"
    printf '| %s | %d | %.2f, %.2f | %.2f, %.2f |\n' "$name" "$r" $b $a
  done
  wb=$(cut -d' ' -f1 "$work/before" | median); wa=$(cut -d' ' -f1 "$work/after" | median)
  cb=$(cut -d' ' -f2 "$work/before" | median); ca=$(cut -d' ' -f2 "$work/after" | median)
  printf '| %s | median | %.2f, %.2f | %.2f, %.2f | wall before/after %.2f, CPU before/after %.2f\n' \
      "$name" "$wb" "$cb" "$wa" "$ca" "$(echo "$wb / $wa" | bc -l)" "$(echo "$cb / $ca" | bc -l)"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
