#!/usr/bin/env bash
# Province benchmark: generate K counties of N teachers in M schools each, then plan them all
# with `rotaplan plan --batch` (in parallel, one HiGHS thread per county) and time it.
#
#   scripts/bench-province.sh [COUNTIES] [TEACHERS] [SCHOOLS] [RUNS]
#   scripts/bench-province.sh 100 8000 150 3      # the issue's 800,000-teacher province
#
# Prints each run's wall time and peak memory, then the median. Needs a release build
# (cargo build --release) and GNU time (/usr/bin/time).
set -euo pipefail
cd "$(dirname "$0")/.."
counties=${1:-100}
teachers=${2:-8000}
schools=${3:-150}
runs=${4:-3}
bin=target/release/rotaplan
[ -x "$bin" ] || { echo "build first: cargo build --release" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$bin" generate --teachers "$teachers" --schools "$schools" --counties "$counties" --seed 1 \
  --out "$work/province" >/dev/null
echo "province: $counties counties x $teachers teachers ($((counties * teachers)) teachers), $schools schools each"
times=()
for r in $(seq 1 "$runs"); do
  rm -rf "$work/out"
  /usr/bin/time -f "%e %M" -o "$work/time" "$bin" plan --batch "$work/province" --out "$work/out" \
    >"$work/log" 2>&1 || true
  # (GNU time puts "Command exited with non-zero status N" first when a county breaks a goal)
  read -r secs kb < <(tail -n 1 "$work/time")
  ok=$(grep -c ',ok,' "$work/out/batch-summary.csv" || true)
  echo "run $r: ${secs} s, peak $((kb / 1024)) MiB, counties planned ok: $ok/$counties"
  times+=("$secs")
done
printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print "median: " a[int((NR+1)/2)] " s"}'
