#!/usr/bin/env bash
# Re-plan benchmark: a county of N teachers in M schools is planned, then one teacher of the
# plan withdraws (a `defer_teacher` patch, as in scenarios/whatif-replan) and the county is
# re-planned from the plan, keeping every other decision: the office's most common what-if
# after publication.
#
#   scripts/bench-replan.sh [TEACHERS] [SCHOOLS] [RUNS] [BINARY]
#   scripts/bench-replan.sh 50000 600 5       # 50,000 teachers in 600 schools, 5 runs
#
# Times `rotaplan plan VARIANT --from PLAN --out DIR --check` and prints each run's wall time
# and peak memory, then the median. BINARY (default target/release/rotaplan) lets two builds be
# compared on the same county and base plan. Needs GNU time (/usr/bin/time).
set -euo pipefail
cd "$(dirname "$0")/.."
teachers=${1:-10000}
schools=${2:-200}
runs=${3:-5}
bin=${4:-target/release/rotaplan}
[ -x "$bin" ] || { echo "build first: cargo build --release" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$bin" generate --teachers "$teachers" --schools "$schools" --seed 1 --out "$work/county" >/dev/null
"$bin" plan "$work/county/scenario.toml" --out "$work/base" >/dev/null
# the first teacher of the plan withdraws (column 1 of plan.csv, after the byte-order mark)
teacher=$(sed -n 2p "$work/base/plan.csv" | cut -d, -f1 | sed 's/^\xEF\xBB\xBF//')
mkdir -p "$work/variant"
cat >"$work/variant/withdrawal.toml" <<EOF
extends = "../county/scenario.toml"
name = "withdrawal"

[[patch]]
op = "defer_teacher"
teacher = "$teacher"
reason = "疾病"
EOF
echo "county: $teachers teachers in $schools schools; $teacher withdraws; $bin"
times=()
for r in $(seq 1 "$runs"); do
  rm -rf "$work/out"
  status=0
  /usr/bin/time -f "%e %M" -o "$work/time" "$bin" plan "$work/variant/withdrawal.toml" \
    --from "$work/base" --out "$work/out" --check >"$work/log" 2>&1 || status=$?
  read -r secs kb < <(tail -1 "$work/time")
  echo "run $r: ${secs} s, peak $((kb / 1024)) MB, exit $status"
  times+=("$secs")
done
printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print "median: " a[int((NR+1)/2)] " s"}'
