#!/usr/bin/env python3
"""Writes a snapshot of a large account for benchmarks: the hardened example plus N users.

Usage: bench/gen-large-snapshot.py N OUT.json

Users get a realistic mix (console users with and without MFA, old and fresh keys, some with
directly attached policies) so every check has work to do. Dates are relative to the
example's taken_at, so results are reproducible.
"""
import json
import sys
from datetime import datetime, timedelta
from pathlib import Path

def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    n, out = int(sys.argv[1]), Path(sys.argv[2])
    base = json.loads((Path(__file__).parent.parent / "examples" / "hardened.json").read_text())
    acct = base["account_id"]
    taken = datetime.fromisoformat(base["taken_at"].replace("Z", "+00:00"))
    auth = base["iam"]["authorization"]["known"]
    report = base["iam"]["credential_report"]["known"]
    lines = report["csv"].rstrip("\n").split("\n")
    iso = lambda d: d.strftime("%Y-%m-%dT%H:%M:%S+00:00")
    for i in range(n):
        name = f"user{i:06d}"
        created = taken - timedelta(days=10 + i % 700)
        auth["users"].append({
            "name": name,
            "arn": f"arn:aws:iam::{acct}:user/{name}",
            "path": "/",
            "create_date": created.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "groups": ["Admins"] if i % 50 == 0 else ["Developers"],
            "attached_policies": [{"name": "ReadOnlyAccess", "arn": "arn:aws:iam::aws:policy/ReadOnlyAccess"}] if i % 7 == 0 else [],
            "inline_policies": [],
        })
        console = i % 3 != 0
        pw_used = iso(taken - timedelta(days=i % 120)) if console else "N/A"
        key_active = i % 2 == 0
        key_rot = iso(created) if key_active else "N/A"
        key_used = iso(taken - timedelta(days=i % 200)) if key_active and i % 4 else "N/A"
        region = "us-east-1" if key_used != "N/A" else "N/A"
        service = "s3" if key_used != "N/A" else "N/A"
        mfa = "true" if i % 5 else "false"
        lines.append(",".join([
            name, f"arn:aws:iam::{acct}:user/{name}", iso(created),
            "true" if console else "false", pw_used, iso(created) if console else "N/A", "N/A", mfa,
            "true" if key_active else "false", key_rot, key_used, region, service,
            "false", "N/A", "N/A", "N/A", "N/A", "false", "N/A", "false", "N/A",
        ]))
    report["csv"] = "\n".join(lines) + "\n"
    out.write_text(json.dumps(base))

if __name__ == "__main__":
    main()
