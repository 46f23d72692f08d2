#!/usr/bin/env bash
# Benchmark: what judging every monitoring control end to end costs an audit. Audits the same
# emulated accounts with two rampart binaries in one run — BASE (a build from before, e.g. one
# that judged root alerting only) and NEW — and prints, for each, the median wall time of RUNS
# audits and the requests per API (`--stats`), then the NEW/BASE ratios.
#
#   BASE=/path/to/old/rampart NEW=target/release/rampart bench/alerts.sh [RUNS]   (default 5)
#
# Accounts, each from a fresh `rampart-emulator`: `--alerts cis` (a trail into CloudWatch Logs
# with the benchmark's fifteen metric filters and alarms, one topic) and `--alerts broken`
# (five root-activity routes that reach nobody, two Regions' topics, one encrypted topic).
# Needs: python3 with moto[server] and boto3, and
#   cargo build --release -p rampart-cli -p rampart-testkit
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
new=${NEW:-target/release/rampart}
emulator=${EMULATOR:-target/release/rampart-emulator}
base=${BASE:?set BASE to the rampart binary to compare against}
for bin in "$new" "$base" "$emulator"; do
  [ -x "$bin" ] || { echo "missing $bin" >&2; exit 2; }
done
work=$(mktemp -d)
emu_pid=
stop_emulator() {
  if [ -n "$emu_pid" ]; then kill "$emu_pid" 2>/dev/null || true; wait "$emu_pid" 2>/dev/null || true; fi
  emu_pid=
}
trap 'stop_emulator; rm -rf "$work"' EXIT

start_emulator() {
  "$emulator" --alerts "$1" >"$work/env" 2>"$work/emulator.log" &
  emu_pid=$!
  for _ in $(seq 600); do
    grep -q 'paste the lines above' "$work/emulator.log" && break
    kill -0 "$emu_pid" 2>/dev/null || { cat "$work/emulator.log" >&2; exit 2; }
    sleep 0.1
  done
  # shellcheck disable=SC1091
  . "$work/env"
}

# Median wall seconds of $runs audits by binary $1; its last --stats go to $work/stats.$2.
time_audits() {
  local bin=$1 tag=$2 times=()
  for _ in $(seq "$runs"); do
    local t0 t1 code=0
    t0=$(date +%s.%N)
    "$bin" --stats --no-color --format json audit >"$work/audit.$tag.json" 2>"$work/stats.$tag" || code=$?
    t1=$(date +%s.%N)
    [ "$code" -le 1 ] || { echo "$bin failed (exit $code):" >&2; cat "$work/stats.$tag" >&2; exit 2; }
    times+=("$(python3 -c "import sys; print(float(sys.argv[2]) - float(sys.argv[1]))" "$t0" "$t1")")
  done
  python3 -c "import statistics, sys; print(f'{statistics.median(map(float, sys.argv[1:])):.3f}')" "${times[@]}"
}

for seed in cis broken; do
  echo "== account seeded with --alerts $seed =="
  start_emulator "$seed"
  # Each binary in turn on the same account; the ratio is from this one run.
  base_s=$(time_audits "$base" base)
  new_s=$(time_audits "$new" new)
  echo "base: ${base_s} s (median of $runs)"
  sed 's/^/  /' "$work/stats.base"
  echo "new:  ${new_s} s (median of $runs)"
  sed 's/^/  /' "$work/stats.new"
  python3 - "$work/audit.new.json" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
for f in report.get("findings", []):
    if "RMP308" <= f.get("check_id", "") <= "RMP322":
        print(f"  {f['check_id']}: {f['status']}: {f['message'][:150]}")
PY
  python3 -c "import sys; print(f'ratio: new/base wall time = {float(sys.argv[1]) / float(sys.argv[2]):.2f}x')" "$new_s" "$base_s"
  stop_emulator
done
