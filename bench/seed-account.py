#!/usr/bin/env python3
"""Seeds an emulated account with N IAM users for the audit benchmark.

Usage: bench/seed-account.py N

Talks to whatever the standard AWS_* environment names (AWS_ENDPOINT_URL, credentials, Region):
paste the `export` lines `rampart-emulator` prints, so seeding, rampart and any other tool see
the same account through the same endpoint.

Every user gets a console password; every second one an access key; every third a virtual MFA
device; every tenth is in an `Admins` group with AdministratorAccess; every seventh has a
managed policy attached directly and every eleventh an inline policy. The account also gets a
password policy, a security contact, a multi-Region trail into a bucket that demands TLS, and a
legacy CUR report plus a CUR 2.0 export, so every fact the audit reads exists.
"""
import json
import os
import sys
from concurrent.futures import ThreadPoolExecutor

import boto3
from botocore.config import Config

REGION = "us-east-1"
BUCKET = "bench-trail-logs"


def client(name):
    cfg = Config(max_pool_connections=16, retries={"max_attempts": 5, "mode": "standard"})
    return boto3.client(name, region_name=os.environ.get("AWS_REGION", REGION), config=cfg)


def account_wide(account_id):
    iam, s3, ct = client("iam"), client("s3"), client("cloudtrail")
    iam.create_group(GroupName="Admins")
    iam.attach_group_policy(GroupName="Admins",
                            PolicyArn="arn:aws:iam::aws:policy/AdministratorAccess")
    iam.update_account_password_policy(
        MinimumPasswordLength=14, PasswordReusePrevention=24, RequireSymbols=True,
        RequireNumbers=True, RequireUppercaseCharacters=True, RequireLowercaseCharacters=True,
        AllowUsersToChangePassword=True)
    client("account").put_alternate_contact(
        AlternateContactType="SECURITY", Name="Security Team", Title="CISO",
        EmailAddress="security@example.com", PhoneNumber="+1-555-0100")

    s3.create_bucket(Bucket=BUCKET)
    arn = f"arn:aws:s3:::{BUCKET}"
    policy = {"Version": "2012-10-17", "Statement": [
        {"Sid": "DenyHttp", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
         "Resource": [arn, f"{arn}/*"], "Condition": {"Bool": {"aws:SecureTransport": "false"}}},
        {"Sid": "TrailAcl", "Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"},
         "Action": "s3:GetBucketAcl", "Resource": arn},
        {"Sid": "TrailWrite", "Effect": "Allow",
         "Principal": {"Service": "cloudtrail.amazonaws.com"}, "Action": "s3:PutObject",
         "Resource": f"{arn}/AWSLogs/{account_id}/*"},
    ]}
    s3.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps(policy))
    s3.put_public_access_block(Bucket=BUCKET, PublicAccessBlockConfiguration={
        "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True,
        "RestrictPublicBuckets": True})
    ct.create_trail(Name="main", S3BucketName=BUCKET, IsMultiRegionTrail=True,
                    EnableLogFileValidation=True)
    ct.start_logging(Name="main")

    client("cur").put_report_definition(ReportDefinition={
        "ReportName": "daily-cur", "TimeUnit": "DAILY", "Format": "Parquet",
        "Compression": "Parquet", "AdditionalSchemaElements": ["RESOURCES"],
        "S3Bucket": BUCKET, "S3Prefix": "cur", "S3Region": REGION})
    client("bcm-data-exports").create_export(Export={
        "Name": "cur2-daily",
        "DataQuery": {
            "QueryStatement": "SELECT line_item_usage_account_id, line_item_unblended_cost "
                              "FROM COST_AND_USAGE_REPORT",
            "TableConfigurations": {"COST_AND_USAGE_REPORT": {"TIME_GRANULARITY": "DAILY"}}},
        "DestinationConfigurations": {"S3Destination": {
            "S3Bucket": BUCKET, "S3Prefix": "cur2", "S3Region": REGION,
            "S3OutputConfigurations": {"OutputType": "CUSTOM", "Format": "PARQUET",
                                       "Compression": "PARQUET",
                                       "Overwrite": "OVERWRITE_REPORT"}}},
        "RefreshCadence": {"Frequency": "SYNCHRONOUS"}})


def seed_user(iam, i):
    name = f"user{i:05d}"
    iam.create_user(UserName=name)
    iam.create_login_profile(UserName=name, Password="Bench-password-0000!")
    if i % 2 == 0:
        iam.create_access_key(UserName=name)
    if i % 3 == 0:
        serial = iam.create_virtual_mfa_device(VirtualMFADeviceName=name)
        iam.enable_mfa_device(UserName=name,
                              SerialNumber=serial["VirtualMFADevice"]["SerialNumber"],
                              AuthenticationCode1="123456", AuthenticationCode2="654321")
    if i % 10 == 0:
        iam.add_user_to_group(GroupName="Admins", UserName=name)
    if i % 7 == 0:
        iam.attach_user_policy(UserName=name,
                               PolicyArn="arn:aws:iam::aws:policy/ReadOnlyAccess")
    if i % 11 == 0:
        doc = {"Version": "2012-10-17",
               "Statement": [{"Effect": "Allow", "Action": "s3:ListAllMyBuckets",
                              "Resource": "*"}]}
        iam.put_user_policy(UserName=name, PolicyName="list-buckets",
                            PolicyDocument=json.dumps(doc))


def main():
    if len(sys.argv) != 2 or not sys.argv[1].isdigit():
        sys.exit(__doc__)
    if not os.environ.get("AWS_ENDPOINT_URL"):
        sys.exit("AWS_ENDPOINT_URL is not set: paste the lines rampart-emulator prints first")
    n = int(sys.argv[1])
    account_id = client("sts").get_caller_identity()["Account"]
    account_wide(account_id)
    iam = client("iam")
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda i: seed_user(iam, i), range(n)))
    print(f"seeded account {account_id} with {n} users", file=sys.stderr)


if __name__ == "__main__":
    main()
