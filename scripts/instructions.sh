#!/usr/bin/env bash
# Counts the instructions one `rotaplan plan` executes on generated counties (valgrind's
# cachegrind, cache simulation off). The count moves by about 0.1% from run to run (threads),
# where wall time on a shared machine drifts by a third, so it compares two builds of the
# solver reliably; it does not see cache misses or the second core.
#
#   scripts/instructions.sh [BIN [SIZE...]]        # SIZE: teachers, e.g. 5000 10000:2
#   scripts/instructions.sh target/release/rotaplan 5000 10000 10000:2 10000:3
#
# A SIZE is TEACHERS or TEACHERS:SEED (seed 1 by default), in teachers/50 schools (20 to 400),
# as the benchmark generates them. Prints one line per county:
# teachers, seed, instructions in billions. Needs valgrind and a release build.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-target/release/rotaplan}
shift || true
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(5000 10000 10000:2 10000:3)
[ -x "$bin" ] || { echo "build first: cargo build --release" >&2; exit 2; }
command -v valgrind >/dev/null || { echo "needs valgrind (apt-get install -y valgrind)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for size in "${sizes[@]}"; do
  teachers=${size%%:*}
  seed=1
  [ "$size" != "$teachers" ] && seed=${size#*:}
  schools=$(( teachers / 50 ))
  [ "$schools" -lt 20 ] && schools=20
  [ "$schools" -gt 400 ] && schools=400
  county="$work/county-$teachers-$seed"
  "$bin" generate --teachers "$teachers" --schools "$schools" --seed "$seed" --out "$county" >/dev/null
  # (plan exits 1 when a generated county misses a goal; the count still stands)
  valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \
    "$bin" plan "$county/scenario.toml" --out "$work/out" >/dev/null 2>"$work/log" || true
  refs=$(awk '/I +refs:/ {gsub(",", "", $4); print $4}' "$work/log")
  [ -n "$refs" ] || { echo "no instruction count for $size:" >&2; tail -5 "$work/log" >&2; exit 1; }
  awk -v t="$teachers" -v s="$seed" -v r="$refs" 'BEGIN { printf "%s teachers, seed %s: %.3f G instructions\n", t, s, r / 1e9 }'
done
