#!/usr/bin/env bash
# Peak memory and wall time of `rampart audit` on a large saved snapshot (default 100,000 users).
#
#   bench/eval-large.sh [USERS]
#
# Loads, parses (JSON and the credential report CSV), evaluates every check and renders JSON,
# as a user's offline audit does. Needs a release build (`cargo build --release`).
set -euo pipefail
cd "$(dirname "$0")/.."
users=${1:-100000}
bin=target/release/rampart
[ -x "$bin" ] || { echo "build first: cargo build --release" >&2; exit 2; }
snap=$(mktemp --suffix=.json)
trap 'rm -f "$snap"' EXIT
python3 bench/gen-large-snapshot.py "$users" "$snap"
echo "snapshot: $users users, $(du -h "$snap" | cut -f1)"
for format in json table; do
  /usr/bin/time -f "%e %M" -o /tmp/rampart-eval.time "$bin" --format "$format" --no-color \
    audit --snapshot "$snap" --fail-on critical >/dev/null || [ $? -eq 1 ]
  read -r secs kib </tmp/rampart-eval.time
  printf 'audit --format %-5s  %6.2f s  peak RSS %4d MB\n' "$format" "$secs" "$((kib / 1024))"
done
