#!/usr/bin/env bash
# Benchmark: audit an emulated organization of N member accounts (default 50) with
# `rampart audit --org`, against one account's `rampart audit` on the same emulator in the same
# run; prints both wall times (median of RUNS, default 3), the ratio, and the requests sent.
#
#   bench/org.sh [MEMBERS]                    e.g. bench/org.sh 50
#   CONCURRENCY=16 bench/org.sh 50            --concurrency for the organization audit
#   BIN=target/debug bench/org.sh 10          binaries from another profile
#
# The emulator is `rampart-emulator --org N` (moto behind the gap endpoint): members in mixed
# root states, the last one unreachable (its role cannot be assumed). The single-account run
# audits the management account alone, as `rampart audit` without --org does.
#
# Needs: python3 with moto[server] and boto3, and
#   cargo build --release -p rampart-cli -p rampart-testkit
set -euo pipefail
cd "$(dirname "$0")/.."
members=${1:-50}
runs=${RUNS:-3}
concurrency=${CONCURRENCY:-16}
bin=${BIN:-target/release}
rampart=$bin/rampart
emulator=$bin/rampart-emulator
for b in "$rampart" "$emulator"; do
  [ -x "$b" ] || { echo "missing $b: cargo build --release -p rampart-cli -p rampart-testkit" >&2; exit 2; }
done
work=$(mktemp -d)
emu_pid=
trap '[ -n "$emu_pid" ] && kill "$emu_pid" 2>/dev/null; rm -rf "$work"' EXIT

"$emulator" --org "$members" >"$work/env" 2>"$work/emulator.log" &
emu_pid=$!
for _ in $(seq 1200); do
  grep -q 'paste the lines above' "$work/emulator.log" && break
  kill -0 "$emu_pid" 2>/dev/null || { cat "$work/emulator.log" >&2; exit 2; }
  sleep 0.5
done
# shellcheck disable=SC1091
. "$work/env"

now() { date +%s.%N; }
# CPU seconds the emulator's moto process has used so far (user + system).
moto_pid=$(pgrep -P "$emu_pid" -f ThreadedMotoServer | head -1 || true)
moto_cpu() {
  [ -n "$moto_pid" ] || { echo 0; return; }
  awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f\n", ($14 + $15) / hz}' "/proc/$moto_pid/stat"
}
# Median wall time of `runs` runs of the given command; its --stats go to $work/stats.
median() {
  local times=()
  for _ in $(seq "$runs"); do
    local start end
    start=$(now)
    "$@" --format json -o /dev/null --stats -q 2>"$work/stats" || true
    end=$(now)
    times+=("$(python3 -c "import sys; print(float(sys.argv[2]) - float(sys.argv[1]))" "$start" "$end")")
  done
  python3 -c "import statistics, sys; print(f'{statistics.median(map(float, sys.argv[1:])):.2f}')" "${times[@]}"
}

# moto builds each account's backend on first use; one untimed run warms every account.
"$rampart" audit --org --concurrency "$concurrency" --format json -o /dev/null -q 2>/dev/null || true
one=$(median "$rampart" audit)
one_requests=$(sed -n 's/^requests: \([0-9]*\).*/\1/p' "$work/stats")
cpu_before=$(moto_cpu)
org=$(median "$rampart" audit --org --concurrency "$concurrency")
cpu_after=$(moto_cpu)
org_requests=$(sed -n 's/^requests: \([0-9]*\).*/\1/p' "$work/stats")
accounts=$((members + 1))
ratio=$(python3 -c "import sys; print(f'{float(sys.argv[2]) / float(sys.argv[1]):.2f}')" "$one" "$org")
echo "one account:             ${one} s, ${one_requests} requests"
echo "organization (${accounts} accounts, --concurrency ${concurrency}): ${org} s, ${org_requests} requests"
echo "ratio: ${ratio}x one account's wall time (median of ${runs} runs each)"
moto_per_run=$(python3 -c "import sys; print(f'{(float(sys.argv[2]) - float(sys.argv[1])) / int(sys.argv[3]):.2f}')" "$cpu_before" "$cpu_after" "$runs")
echo "moto's CPU per organization run: ${moto_per_run} s (one Python process: the organization run cannot be faster than this)"
