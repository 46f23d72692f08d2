#!/usr/bin/env bash
# Benchmark: audit emulated accounts of 10 and 1,000 users; print wall time and requests per API.
#
#   bench/audit-moto.sh [USERS...]                 (default: 10 1000)
#   PROWLER=/path/to/prowler bench/audit-moto.sh   also times Prowler's equivalent checks on the
#                                                  same account in the same run, with the ratio
#
# Each size gets a fresh `rampart-emulator` (moto behind the gap endpoint, so the billing APIs
# and the CloudTrail event history answer as AWS does instead of with retried 500s), seeded by
# bench/seed-account.py through the same endpoint and credentials. Both tools then read the
# same account. Requests per API come from `rampart --stats` for rampart and from the
# emulator's request log (SIGUSR1) for both tools; wall times are whole-process times.
#
# Needs: python3 with moto[server] and boto3, and
#   cargo build --release -p rampart-cli -p rampart-testkit
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -gt 0 ]; then sizes=("$@"); else sizes=(10 1000); fi
rampart=target/release/rampart
emulator=target/release/rampart-emulator
for bin in "$rampart" "$emulator"; do
  [ -x "$bin" ] || { echo "missing $bin: cargo build --release -p rampart-cli -p rampart-testkit" >&2; exit 2; }
done
if [ -n "${PROWLER:-}" ] && [ ! -x "$PROWLER" ]; then
  echo "PROWLER=$PROWLER is not an executable" >&2; exit 2
fi
work=$(mktemp -d)
emu_pid=
stop_emulator() {
  if [ -n "$emu_pid" ]; then kill "$emu_pid" 2>/dev/null || true; wait "$emu_pid" 2>/dev/null || true; fi
  emu_pid=
}
trap 'stop_emulator; rm -rf "$work"' EXIT

# Prowler's checks that cover the same baseline items as rampart's checks.
prowler_checks="iam_root_mfa_enabled iam_root_hardware_mfa_enabled iam_no_root_access_key
 iam_avoid_root_usage iam_password_policy_minimum_length_14 iam_password_policy_reuse_24
 iam_password_policy_uppercase iam_password_policy_lowercase iam_password_policy_number
 iam_password_policy_symbol iam_user_mfa_enabled_console_access
 iam_policy_attached_only_to_group_or_roles iam_aws_attached_policy_no_administrative_privileges
 iam_customer_attached_policy_no_administrative_privileges
 iam_inline_policy_no_administrative_privileges iam_administrator_access_with_mfa
 iam_user_accesskey_unused iam_user_console_access_unused iam_rotate_access_key_90_days
 iam_user_two_active_access_key iam_user_no_setup_initial_access_key
 account_security_contact_information_is_registered cloudtrail_multi_region_enabled
 cloudtrail_multi_region_enabled_logging_management_events cloudtrail_log_file_validation_enabled
 cloudtrail_kms_encryption_enabled cloudtrail_logs_s3_bucket_is_not_publicly_accessible
 cloudtrail_logs_s3_bucket_access_logging_enabled s3_bucket_secure_transport_policy
 s3_account_level_public_access_blocks cloudwatch_log_metric_filter_root_usage"

now() { date +%s.%N; }
secs() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.2f}')" "$1" "$2"; }

# Starts a fresh emulator and exports its AWS_* variables into this shell.
start_emulator() {
  "$emulator" >"$work/env" 2>"$work/emulator.log" &
  emu_pid=$!
  for _ in $(seq 600); do
    grep -q 'paste the lines above' "$work/emulator.log" && break
    kill -0 "$emu_pid" 2>/dev/null || { cat "$work/emulator.log" >&2; exit 2; }
    sleep 0.1
  done
  grep -q 'paste the lines above' "$work/emulator.log" || { echo "emulator did not start" >&2; exit 2; }
  # shellcheck disable=SC1091
  . "$work/env"
}

# Prints the emulator's requests per API since the last call (and resets its log).
emulator_requests() {
  local before after
  before=$(wc -c <"$work/emulator.log")
  kill -USR1 "$emu_pid"
  for _ in $(seq 100); do
    after=$(wc -c <"$work/emulator.log")
    [ "$after" -gt "$before" ] && sleep 0.2 && break
    sleep 0.05
  done
  tail -c +"$((before + 1))" "$work/emulator.log"
}

for n in "${sizes[@]}"; do
  echo "== $n users =="
  start_emulator
  t0=$(now)
  python3 bench/seed-account.py "$n"
  echo "seeding: $(secs "$t0" "$(now)") s"
  emulator_requests >/dev/null

  t0=$(now)
  code=0
  "$rampart" --stats --no-color --format json audit >"$work/audit.json" 2>"$work/stats" || code=$?
  t1=$(now)
  [ "$code" -le 1 ] || { echo "rampart failed (exit $code):" >&2; cat "$work/stats" >&2; exit 2; }
  rampart_s=$(secs "$t0" "$t1")
  echo "rampart: $rampart_s s wall (exit $code); --stats says:"
  sed 's/^/  /' "$work/stats"
  python3 - "$work/audit.json" <<'EOF'
import json, sys
report = json.load(open(sys.argv[1]))
summary = report.get("summary", {}).get("checks", {})
print("  checks: " + ", ".join(f"{k} {v}" for k, v in summary.items()))
slugs = {c.get("id"): c.get("slug", "") for c in report.get("checks", [])}
for f in report.get("findings", []):
    slug = slugs.get(f.get("check_id"), "")
    if "root" in slug:
        print(f"  {f.get('check_id')} {slug}: {f.get('status')}: {f.get('message')}")
EOF
  # The emulator's own count of rampart's requests, as a cross-check of --stats.
  seen=$(emulator_requests | head -1)
  echo "  emulator saw: ${seen#emulator requests: } requests"

  if [ -n "${PROWLER:-}" ]; then
    t0=$(now)
    "$PROWLER" aws --no-banner -f us-east-1 -o "$work/prowler" --output-formats csv \
      --checks $prowler_checks >"$work/prowler.log" 2>&1 || true
    t1=$(now)
    prowler_s=$(secs "$t0" "$t1")
    echo "prowler: $prowler_s s wall ($(echo $prowler_checks | wc -w) checks)"
    echo "  findings: $(cat "$work"/prowler/*.csv 2>/dev/null | grep -cE ';(PASS|FAIL|MANUAL);' || true)," \
      "errors logged: $(grep -c ERROR "$work/prowler.log" || true)"
    echo "  requests per API, from the emulator's log:"
    emulator_requests | sed 's/^/  /'
    python3 -c "import sys; print(f'ratio: prowler/rampart = {float(sys.argv[1]) / float(sys.argv[2]):.1f}x')" \
      "$prowler_s" "$rampart_s"
  fi
  stop_emulator
done
