#!/usr/bin/env python3
"""Writes a realistic CloudTrail archive for bench/archive.sh.

    bench/gen-archive.py DIR MEGABYTES [DAYS]

Files in the layout a trail delivers (AWSLogs/ACCOUNT/CloudTrail/REGION/YYYY/MM/DD/...json.gz),
over 17 Regions and DAYS days (default 400) back from now, about MEGABYTES compressed in all:
a mix of services, IAM users, roles, a few root events and console sign-ins, some refused calls.
Seeded, so every run writes the same archive.
"""

import datetime
import gzip
import json
import os
import random
import sys

REGIONS = [
    "us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "eu-west-1",
    "eu-west-2", "eu-west-3", "eu-central-1", "eu-north-1", "ap-south-1", "ap-northeast-1",
    "ap-northeast-2", "ap-northeast-3", "ap-southeast-1", "ap-southeast-2", "sa-east-1",
]
CALLS = [
    ("s3.amazonaws.com", "GetObject", True), ("s3.amazonaws.com", "PutObject", False),
    ("ec2.amazonaws.com", "DescribeInstances", True), ("ec2.amazonaws.com", "RunInstances", False),
    ("iam.amazonaws.com", "GetUser", True), ("iam.amazonaws.com", "CreateUser", False),
    ("sts.amazonaws.com", "AssumeRole", True), ("kms.amazonaws.com", "Decrypt", True),
    ("lambda.amazonaws.com", "Invoke", False), ("dynamodb.amazonaws.com", "GetItem", True),
    ("cloudtrail.amazonaws.com", "DescribeTrails", True), ("logs.amazonaws.com", "PutLogEvents", False),
]
ACCOUNT = "111122223333"


def record(rnd, t, region, n):
    source, name, read_only = rnd.choice(CALLS)
    kind = rnd.random()
    if kind < 0.01:
        identity = {"type": "Root", "principalId": ACCOUNT, "arn": f"arn:aws:iam::{ACCOUNT}:root",
                    "accountId": ACCOUNT, "accessKeyId": "ASIAROOT000000000001"}
    elif kind < 0.5:
        user = f"user{rnd.randrange(40)}"
        identity = {"type": "IAMUser", "principalId": f"AIDA{rnd.randrange(10**16):016d}",
                    "arn": f"arn:aws:iam::{ACCOUNT}:user/{user}", "accountId": ACCOUNT,
                    "accessKeyId": f"AKIA{rnd.randrange(10**16):016d}", "userName": user}
    else:
        role = rnd.choice(["deploy", "app", "lambda-exec", "ci"])
        identity = {"type": "AssumedRole", "principalId": f"AROA{rnd.randrange(10**16):016d}:s",
                    "arn": f"arn:aws:sts::{ACCOUNT}:assumed-role/{role}/session{rnd.randrange(99)}",
                    "accountId": ACCOUNT, "accessKeyId": f"ASIA{rnd.randrange(10**16):016d}",
                    "sessionContext": {"sessionIssuer": {"type": "Role", "userName": role,
                                       "arn": f"arn:aws:iam::{ACCOUNT}:role/{role}"},
                                       "attributes": {"mfaAuthenticated": "false",
                                                      "creationDate": t}}}
    r = {"eventVersion": "1.10", "userIdentity": identity, "eventTime": t,
         "eventSource": source, "eventName": name, "awsRegion": region,
         "sourceIPAddress": f"198.51.100.{rnd.randrange(255)}",
         "userAgent": "aws-cli/2.17.0 Python/3.12.6 Linux/6.8.0 exe/x86_64",
         "requestParameters": {"bucketName": f"bucket-{rnd.randrange(20)}", "key": f"k/{n}"},
         "responseElements": None, "requestID": f"{rnd.getrandbits(64):016x}",
         "eventID": f"{rnd.getrandbits(128):032x}", "readOnly": read_only,
         "eventType": "AwsApiCall", "managementEvent": True, "recipientAccountId": ACCOUNT,
         "eventCategory": "Management"}
    if rnd.random() < 0.03:
        r["errorCode"] = "AccessDenied"
        r["errorMessage"] = "User is not authorized to perform this operation"
    if kind < 0.01 and rnd.random() < 0.3:
        r.update({"eventSource": "signin.amazonaws.com", "eventName": "ConsoleLogin",
                  "awsRegion": "us-east-1", "readOnly": False,
                  "responseElements": {"ConsoleLogin": "Success"},
                  "additionalEventData": {"MFAUsed": "No"}})
    return r


def main():
    out, megabytes = sys.argv[1], float(sys.argv[2])
    days = int(sys.argv[3]) if len(sys.argv) > 3 else 400
    rnd = random.Random(2026)
    # About 120 compressed bytes a record.
    per_file = 400
    files = max(1, int(megabytes * 1e6 / (per_file * 120)))
    now = datetime.datetime.now(datetime.timezone.utc).replace(minute=0, second=0, microsecond=0)
    written = 0
    for i in range(files):
        region = REGIONS[i % len(REGIONS)]
        hours_back = (i * days * 24) // files
        end = now - datetime.timedelta(hours=hours_back)
        records = []
        for n in range(per_file):
            t = end - datetime.timedelta(seconds=rnd.randrange(3600))
            records.append(record(rnd, t.strftime("%Y-%m-%dT%H:%M:%SZ"), region, n))
        folder = os.path.join(out, "AWSLogs", ACCOUNT, "CloudTrail", region, end.strftime("%Y/%m/%d"))
        os.makedirs(folder, exist_ok=True)
        path = os.path.join(folder, f"{ACCOUNT}_CloudTrail_{region}_{end:%Y%m%dT%H%M}Z_{i:06d}.json.gz")
        with gzip.open(path, "wt", compresslevel=6) as f:
            json.dump({"Records": records}, f, separators=(",", ":"))
        written += os.path.getsize(path)
    print(f"{files} files, {written / 1e6:.0f} MB compressed, {files * per_file} records")


if __name__ == "__main__":
    main()
