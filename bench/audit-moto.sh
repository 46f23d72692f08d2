#!/usr/bin/env bash
# Benchmark: audit emulated accounts of 10 and 1,000 users; print wall time and requests per API.
#
#   bench/audit-moto.sh [USERS...]        (default: 10 1000)
#   PROWLER=/path/to/prowler bench/audit-moto.sh   also times Prowler's equivalent checks on
#                                                  the same account, in the same run
#
# Needs: python3 with moto[server] and boto3, a release build (`cargo build --release`).
# Each size runs against a freshly reset moto, so the accounts are identical for both tools.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("${@:-10 1000}")
[ $# -eq 0 ] && sizes=(10 1000)
bin=target/release/rampart
[ -x "$bin" ] || { echo "build first: cargo build --release" >&2; exit 2; }
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
endpoint="http://127.0.0.1:$port"
MOTO_IAM_LOAD_MANAGED_POLICIES=true python3 -m moto.server -H 127.0.0.1 -p "$port" >/dev/null 2>&1 &
moto=$!
trap 'kill $moto 2>/dev/null' EXIT
for _ in $(seq 50); do curl -sf "$endpoint/moto-api/" >/dev/null && break; sleep 0.2; done
export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1
export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null

# Prowler's checks that cover the same baseline items as rampart's.
prowler_checks="iam_root_mfa_enabled iam_root_hardware_mfa_enabled iam_no_root_access_key iam_avoid_root_usage
 iam_password_policy_minimum_length_14 iam_password_policy_reuse_24 iam_password_policy_uppercase
 iam_password_policy_lowercase iam_password_policy_number iam_password_policy_symbol
 iam_user_mfa_enabled_console_access iam_policy_attached_only_to_group_or_roles
 iam_aws_attached_policy_no_administrative_privileges iam_customer_attached_policy_no_administrative_privileges
 iam_inline_policy_no_administrative_privileges iam_administrator_access_with_mfa iam_user_accesskey_unused
 iam_user_console_access_unused iam_rotate_access_key_90_days iam_user_two_active_access_key
 iam_user_no_setup_initial_access_key account_security_contact_information_is_registered
 cloudtrail_multi_region_enabled cloudtrail_multi_region_enabled_logging_management_events
 cloudtrail_log_file_validation_enabled cloudtrail_kms_encryption_enabled
 cloudtrail_logs_s3_bucket_is_not_publicly_accessible cloudtrail_logs_s3_bucket_access_logging_enabled
 s3_bucket_secure_transport_policy s3_account_level_public_access_blocks cloudwatch_log_metric_filter_root_usage"

now() { date +%s.%N; }
printf '%-8s %-10s %10s %10s\n' users tool seconds requests
for n in "${sizes[@]}"; do
  curl -sf -X POST "$endpoint/moto-api/reset" >/dev/null
  python3 bench/seed-account.py "$endpoint" "$n"
  t0=$(now)
  "$bin" --endpoint-url "$endpoint" --stats --format json audit --fail-on critical \
    >/tmp/rampart-bench.json 2>/tmp/rampart-bench.stats || [ $? -eq 1 ]
  t1=$(now)
  rampart_s=$(echo "$t1 - $t0" | bc)
  requests=$(grep -E '^ *total' /tmp/rampart-bench.stats | awk '{print $NF}' || echo "?")
  printf '%-8s %-10s %10.2f %10s\n' "$n" rampart "$rampart_s" "$requests"
  sed 's/^/    /' /tmp/rampart-bench.stats
  if [ -n "${PROWLER:-}" ]; then
    t0=$(now)
    AWS_ENDPOINT_URL="$endpoint" "$PROWLER" aws --no-banner -f us-east-1 -o /tmp/prowler-bench \
      --checks $prowler_checks >/dev/null 2>&1 || true
    t1=$(now)
    prowler_s=$(echo "$t1 - $t0" | bc)
    printf '%-8s %-10s %10.2f %10s   (rampart is %.1fx faster)\n' "$n" prowler "$prowler_s" "-" \
      "$(echo "$prowler_s / $rampart_s" | bc -l)"
  fi
done
