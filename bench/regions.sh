#!/usr/bin/env bash
# Benchmark: the live audit of an emulated account with resources in all 17 Regions, timed
# for two rampart binaries in the same run (the per-Region reads of step 5 against a build
# without them, say), alternating, RUNS times each; prints each time, the medians, the ratio,
# the emulator's CPU time during each audit (one Python process: when it is close to the wall
# time, the emulator bounds the audit, not rampart) and the requests per API of the last run
# of each.
#
#   BEFORE=/path/to/old/rampart bench/regions.sh [RUNS]      (default RUNS: 5)
#
# The account gets, in every Region, three security groups (one open to the world on SSH),
# two KMS keys (one rotating), a GuardDuty detector, an IAM Access Analyzer analyzer, an SNS
# topic and an SQS queue, through the emulator's endpoint (bench/seed-regions.py).
#
# Needs: python3 with moto[server] and boto3, and
#   cargo build --release -p rampart-cli -p rampart-testkit
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
after=target/release/rampart
emulator=target/release/rampart-emulator
before=${BEFORE:?set BEFORE to the rampart binary to compare with}
for bin in "$after" "$emulator" "$before"; do
  [ -x "$bin" ] || { echo "missing $bin" >&2; exit 2; }
done
work=$(mktemp -d)
emu_pid=
trap '[ -n "$emu_pid" ] && kill "$emu_pid" 2>/dev/null; rm -rf "$work"' EXIT

"$emulator" >"$work/env" 2>"$work/emulator.log" &
emu_pid=$!
for _ in $(seq 600); do
  grep -q 'paste the lines above' "$work/emulator.log" && break
  kill -0 "$emu_pid" 2>/dev/null || { cat "$work/emulator.log" >&2; exit 2; }
  sleep 0.1
done
# shellcheck disable=SC1091
. "$work/env"
python3 bench/seed-regions.py

# The emulator's Python process (moto), whose CPU time bounds what any client can get from it.
moto_pid=$(pgrep -P "$emu_pid" | head -1)
ticks=$(getconf CLK_TCK)
cpu() { awk -v t="$ticks" '{ printf "%.3f\n", ($14 + $15) / t }' "/proc/$moto_pid/stat"; }
now() { date +%s.%N; }
# Prints the wall time of one audit and the emulator's CPU time during it.
time_one() {
  local bin=$1 out=$2 t0 t1 c0 c1 code=0
  c0=$(cpu); t0=$(now)
  "$bin" --stats --no-color --format json audit >"$out" 2>"$out.stats" || code=$?
  t1=$(now); c1=$(cpu)
  [ "$code" -le 1 ] || { echo "$bin failed (exit $code):" >&2; cat "$out.stats" >&2; exit 2; }
  python3 -c "import sys; a = [float(x) for x in sys.argv[1:]]; print(f'{a[1] - a[0]:.3f} {a[3] - a[2]:.3f}')" \
    "$t0" "$t1" "$c0" "$c1"
}
: >"$work/before.times"; : >"$work/after.times"
for i in $(seq "$runs"); do
  time_one "$before" "$work/before.json" >>"$work/before.times"
  time_one "$after" "$work/after.json" >>"$work/after.times"
done
python3 - "$work" <<'PY'
import json, statistics, sys
work = sys.argv[1]
med = {}
for name in ("before", "after"):
    pairs = [tuple(float(x) for x in line.split()) for line in open(f"{work}/{name}.times")]
    times = [w for w, _ in pairs]
    med[name] = statistics.median(times)
    emu = statistics.median(c for _, c in pairs)
    checks = json.load(open(f"{work}/{name}.json"))["summary"]["checks"]
    print(f"{name}: " + " ".join(f"{t:.2f}" for t in times) + f" s; median {med[name]:.2f} s"
          f" (the emulator's CPU meanwhile: median {emu:.2f} s); checks {checks}")
    print("  " + open(f"{work}/{name}.json.stats").read().strip().replace("\n", "\n  "))
print(f"ratio after/before: {med['after'] / med['before']:.2f}x")
PY
