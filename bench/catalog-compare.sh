#!/usr/bin/env bash
# The catalog's steps by two builds side by side, each on its own copy of one mirror: `catalog rebuild`
# (next to `cat` of the package files and tarballs it reads), `catalog update` with nothing changed and,
# with --before-month, `catalog update` after a month of changes. Rounds alternate the builds so both
# meet the same load. Prints wall and CPU time (user + sys) per round, medians and ratios (before /
# after), then compares the two copies with `diff -r` (the index's time of writing aside).
#
#   bench/catalog-compare.sh --mirror DIR --baseline-jar OLD.jar [--jar NEW.jar] [--rounds 3] [--heap 256m]
#                            [--before-month DIR] [--work DIR] [--no-first-rebuild]
#
# A mirror comes from `bench/full-size.sh --packages 2000 --keep --work FS` (FS/mirror). --before-month
# names a mirror with the same catalog files as --mirror before a month's sync or import
# (FS/offline-before-import, next to --mirror FS/offline): each round of the month update starts from
# --mirror with the catalog and pages of that older mirror. --work (default: a temporary directory)
# must have room for two copies of the mirror. --no-first-rebuild skips the untimed rebuild each build
# makes of its copy first (when the mirror's catalog is already what both write: minutes at hex.pm's size).
set -euo pipefail

jar=$(dirname "$0")/../hexmirror-cli/target/hexmirror.jar
baseline= mirror= month= rounds=3 heap=256m work= first=yes
while [ $# -gt 0 ]; do
  case "$1" in
    --mirror) mirror=$2; shift 2 ;;
    --baseline-jar) baseline=$2; shift 2 ;;
    --jar) jar=$2; shift 2 ;;
    --before-month) month=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --heap) heap=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --no-first-rebuild) first=; shift ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done
[ -n "$mirror" ] && [ -n "$baseline" ] || { echo "--mirror and --baseline-jar are required" >&2; exit 2; }
if [ -z "$work" ]; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
fi
jar=$(realpath "$jar") baseline=$(realpath "$baseline") mirror=$(realpath "$mirror")
[ -n "$month" ] && month=$(realpath "$month")
# The catalog's own files: what a month's update starts from.
catalog_files=(index.html browse catalog)

echo "copying the mirror twice into $work"
rm -rf "$work/before" "$work/after"
cp -a "$mirror" "$work/before"
cp -a "$mirror" "$work/after"

now() { date +%s.%N; }

# timed CMD...: prints the wall and CPU seconds of the command.
timed() {
  local start end
  start=$(now)
  /usr/bin/time -f '%U %S' -o "$work/time" "$@" >"$work/out" 2>&1 || { cat "$work/out" >&2; exit 1; }
  end=$(now)
  echo "$(echo "$end - $start" | bc) $(awk '{print $1 + $2}' "$work/time")"
}

# step JAR COPY NAME: runs one step of one build on its copy.
step() {
  local jar=$1 copy=$2 name=$3
  case "$name" in
    rebuild) timed java -Xmx"$heap" -jar "$jar" catalog rebuild "$copy" ;;
    update) timed java -Xmx"$heap" -jar "$jar" catalog update "$copy" ;;
    month)
      local f
      for f in "${catalog_files[@]}"; do rm -rf "${copy:?}/$f"; cp -a "$month/$f" "$copy/$f"; done
      timed java -Xmx"$heap" -jar "$jar" catalog update "$copy" ;;
  esac
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

steps="rebuild update"
[ -n "$month" ] && steps="$steps month"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
# Both copies start from a catalog that the build about to be measured wrote.
if [ -n "$first" ]; then
  step "$baseline" "$work/before" rebuild >/dev/null
  step "$jar" "$work/after" rebuild >/dev/null
fi
printf '| step | round | before: wall, CPU (s) | after: wall, CPU (s) | cat: wall, CPU (s) |\n|---|---|---|---|---|\n'
for name in $steps; do
  : >"$work/b" ; : >"$work/a"; : >"$work/c"
  for r in $(seq 1 "$rounds"); do
    if [ $((r % 2)) -eq 1 ]; then b=$(step "$baseline" "$work/before" "$name"); a=$(step "$jar" "$work/after" "$name")
    else a=$(step "$jar" "$work/after" "$name"); b=$(step "$baseline" "$work/before" "$name"); fi
    c=-
    if [ "$name" = rebuild ]; then
      # The bare operation: every package file and tarball read once.
      c=$(timed sh -c "find '$work/before/packages' '$work/before/tarballs' -type f -print0 | xargs -0 cat >/dev/null")
      echo "$c" >>"$work/c"
    fi
    echo "$b" >>"$work/b"; echo "$a" >>"$work/a"
    echo "| $name | $r | $b | $a | $c |"
  done
  bw=$(cut -d' ' -f1 "$work/b" | median) bc_=$(cut -d' ' -f2 "$work/b" | median)
  aw=$(cut -d' ' -f1 "$work/a" | median) ac=$(cut -d' ' -f2 "$work/a" | median)
  echo "| $name | median | $bw, $bc_ | $aw, $ac | ratio before/after: wall $(echo "scale=2; $bw / $aw" | bc), CPU $(echo "scale=2; $bc_ / $ac" | bc) |"
  if [ "$name" = rebuild ]; then
    cw=$(cut -d' ' -f1 "$work/c" | median) cc=$(cut -d' ' -f2 "$work/c" | median)
    echo "| cat | median | | | $cw, $cc; rebuild/cat wall: before $(echo "scale=2; $bw / $cw" | bc), after $(echo "scale=2; $aw / $cw" | bc) |"
  fi
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"

# The same files with the same bytes, but for the time the index records.
for copy in before after; do
  sed -E 's/"updatedAt":"[^"]*"/"updatedAt":-/' "$work/$copy/catalog/index.json" >"$work/index-$copy.json"
done
if diff -rq -x index.json "$work/before" "$work/after" && cmp -s "$work/index-before.json" "$work/index-after.json"; then
  echo "outputs: identical (but for the index's updatedAt)"
else
  echo "outputs: DIFFER"
  exit 1
fi
