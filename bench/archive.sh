#!/usr/bin/env bash
# Searching a CloudTrail archive: rampart against DuckDB and zcat | jq on the same files and the
# same two queries, in the same run, with wall time and peak memory.
#
#   bench/archive.sh [MEGABYTES] [DAYS]      (default: 1000 MB over 400 days, 17 Regions)
#
# Query 1 (selective): the root user's events. Query 2 (none): every event, as CSV.
# Needs a release build (`cargo build --release`), jq, and DuckDB from PyPI (installed into a
# virtualenv under target/ when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
mb=${1:-1000}
days=${2:-400}
bin=target/release/rampart
[ -x "$bin" ] || { echo "build first: cargo build --release" >&2; exit 2; }
command -v jq >/dev/null || { echo "needs jq (apt-get install jq)" >&2; exit 2; }
venv=target/bench-venv
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import duckdb' 2>/dev/null; then
  python3 -m venv "$venv" && "$venv/bin/pip" -q install duckdb
fi
dir=target/bench-archive-$mb-$days
[ -d "$dir/AWSLogs" ] || python3 bench/gen-archive.py "$dir" "$mb" "$days"
echo "archive: $(du -sh "$dir" | cut -f1), $(find "$dir" -name '*.json.gz' | wc -l) files"
# The whole archive: every tool reads every file.
since=$((days + 2))d
glob="$dir/AWSLogs/*/CloudTrail/*/*/*/*/*.json.gz"

measure() { # label, command...
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o /tmp/archive-bench.time "$@" >/tmp/archive-bench.out 2>/dev/null || true
  # The last line: `time` writes "Command exited with non-zero status N" before it.
  read -r secs kib < <(tail -n 1 /tmp/archive-bench.time)
  printf '%-34s %7.2f s  peak RSS %5d MB  %8d lines\n' "$label" "$secs" "$((kib / 1024))" "$(wc -l </tmp/archive-bench.out)"
}

# DuckDB's side, as a script (a shell function cannot be timed by /usr/bin/time).
duck_script=$(mktemp --suffix=.py)
trap 'rm -f "$duck_script"' EXIT
cat >"$duck_script" <<'PY'
import sys, duckdb
glob, where = sys.argv[1], sys.argv[2]
con = duckdb.connect()
con.execute("SET threads TO 2")
rows = con.execute(f"""
  SELECT r.eventTime, r.awsRegion, r.eventName, r.eventSource, r.sourceIPAddress
  FROM (SELECT unnest(Records) AS r FROM read_json('{glob}', format='auto', maximum_object_size=1000000000))
  WHERE {where} ORDER BY r.eventTime DESC""").fetchall()
out = sys.stdout
for row in rows:
    out.write(",".join(str(c) for c in row) + "\n")
PY

echo "== query 1: the root user's events"
measure "rampart events --archive-dir" "$bin" events --archive-dir "$dir" --since "$since" --root --format csv
measure "duckdb read_json + unnest" "$venv/bin/python" "$duck_script" "$glob" "r.userIdentity.type = 'Root'"
measure "zcat | jq" bash -c "find '$dir' -name '*.json.gz' -print0 | xargs -0 zcat | jq -c '.Records[] | select(.userIdentity.type == \"Root\") | [.eventTime, .awsRegion, .eventName]'"
echo "== query 2: every event"
measure "rampart events --archive-dir" "$bin" events --archive-dir "$dir" --since "$since" --format csv
measure "duckdb read_json + unnest" "$venv/bin/python" "$duck_script" "$glob" "true"
measure "zcat | jq" bash -c "find '$dir' -name '*.json.gz' -print0 | xargs -0 zcat | jq -c '.Records[] | [.eventTime, .awsRegion, .eventName]'"
echo "== the same search through the emulator's S3 (moto; the last 30 days)"
python3 bench/archive-s3.py "$bin" "$dir" 30
