#!/usr/bin/env bash
# Re-plan benchmark: a county of N teachers in M schools is planned, then one teacher of the
# plan withdraws (a `defer_teacher` patch, as in scenarios/whatif-replan) and the county is
# re-planned from the plan, keeping every other decision: the office's most common what-if
# after publication.
#
#   scripts/bench-replan.sh [TEACHERS] [SCHOOLS] [RUNS] [BINARY] [WORKDIR]
#   scripts/bench-replan.sh 50000 600 5                  # 50,000 teachers in 600 schools
#   scripts/bench-replan.sh 50000 600 5 "" /tmp/replan   # keep the county, plan and variant
#   scripts/bench-replan.sh 50000 600 5 ../old/target/release/rotaplan /tmp/replan
#
# Defaults: 10000 teachers, 200 schools, 5 runs, target/release/rotaplan, a temporary folder.
# Times `rotaplan plan VARIANT --from PLAN --out DIR --check` with GNU time and prints each
# run's wall time, peak memory and exit status, then the median of the runs that succeeded.
# With WORKDIR the county (WORKDIR/county), its plan (WORKDIR/base) and the variant
# (WORKDIR/variant) are made once, by the first binary that finds them missing, and kept: a
# second build timed with the same WORKDIR re-plans the same county from the same plan. Exits
# 1, with the end of the failed run's log, when a run fails.
set -euo pipefail
teachers=${1:-10000}
schools=${2:-200}
runs=${3:-5}
bin=${4:-}
keep=${5:-}
# paths given relative to where the script was called from
[ -n "$bin" ] && bin=$(realpath -- "$bin")
[ -n "$keep" ] && keep=$(realpath -m -- "$keep")
cd "$(dirname "$0")/.."
[ -n "$bin" ] || bin=$PWD/target/release/rotaplan
[ -x "$bin" ] || { echo "no binary at $bin: build first (cargo build --release)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "GNU time (/usr/bin/time) is needed: apt-get install time" >&2; exit 2; }
[ "$runs" -ge 1 ] || { echo "RUNS must be at least 1" >&2; exit 2; }
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
work=${keep:-$scratch}
mkdir -p "$work"
if [ ! -f "$work/variant/withdrawal.toml" ]; then
  rm -rf "$work/county" "$work/base" "$work/variant"
  "$bin" generate --teachers "$teachers" --schools "$schools" --seed 1 --out "$work/county" \
    >/dev/null || { echo "generating the county failed" >&2; exit 1; }
  "$bin" plan "$work/county/scenario.toml" --out "$work/base" >/dev/null ||
    { echo "planning the county failed" >&2; exit 1; }
  # the first teacher of the plan withdraws (plan.csv: a header line, then one move per line)
  teacher=$(sed -n 2p "$work/base/plan.csv" | cut -d, -f1)
  [ -n "$teacher" ] || { echo "the plan of $work/base moves nobody" >&2; exit 2; }
  mkdir -p "$work/variant"
  cat >"$work/variant/withdrawal.toml" <<EOF
extends = "../county/scenario.toml"
name = "withdrawal"

[[patch]]
op = "defer_teacher"
teacher = "$teacher"
reason = "疾病"
EOF
fi
teacher=$(sed -n 's/^teacher = "\(.*\)"$/\1/p' "$work/variant/withdrawal.toml")
echo "county: $work/county ($teachers teachers in $schools schools when made here); $teacher withdraws; $bin"
times=()
for r in $(seq 1 "$runs"); do
  rm -rf "$scratch/out" "$scratch/time"
  status=0
  /usr/bin/time -f "%e %M" -o "$scratch/time" "$bin" plan "$work/variant/withdrawal.toml" \
    --from "$work/base" --out "$scratch/out" --check >"$scratch/log" 2>&1 || status=$?
  read -r secs kb < <(tail -1 "$scratch/time")
  echo "run $r: ${secs} s, peak $((kb / 1024)) MiB, exit $status"
  if [ "$status" -ne 0 ]; then
    echo "run $r failed; the end of its output:" >&2
    tail -20 "$scratch/log" >&2
    exit 1
  fi
  times+=("$secs")
done
printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print "median: " a[int((NR+1)/2)] " s"}'
