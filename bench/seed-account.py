#!/usr/bin/env python3
"""Seeds an emulated (moto) account with N IAM users for the audit benchmark.

Usage: bench/seed-account.py ENDPOINT_URL N

Every user gets a console password; every second one an access key; every tenth one is in an
`Admins` group with AdministratorAccess; every seventh has a policy attached directly. Also
creates a password policy and a multi-Region trail into a bucket, so every check has data.
Reads credentials from the environment (any value works against moto).
"""
import sys
from concurrent.futures import ThreadPoolExecutor

import boto3
from botocore.config import Config


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    endpoint, n = sys.argv[1], int(sys.argv[2])
    cfg = Config(max_pool_connections=16, retries={"max_attempts": 5})
    iam = boto3.client("iam", endpoint_url=endpoint, region_name="us-east-1", config=cfg)
    s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", config=cfg)
    ct = boto3.client("cloudtrail", endpoint_url=endpoint, region_name="us-east-1", config=cfg)
    iam.create_group(GroupName="Admins")
    iam.attach_group_policy(GroupName="Admins", PolicyArn="arn:aws:iam::aws:policy/AdministratorAccess")
    iam.update_account_password_policy(MinimumPasswordLength=14, PasswordReusePrevention=24,
                                       RequireSymbols=True, RequireNumbers=True,
                                       RequireUppercaseCharacters=True, RequireLowercaseCharacters=True,
                                       AllowUsersToChangePassword=True)
    s3.create_bucket(Bucket="bench-trail-logs")
    ct.create_trail(Name="main", S3BucketName="bench-trail-logs", IsMultiRegionTrail=True,
                    EnableLogFileValidation=True)
    ct.start_logging(Name="main")

    def user(i):
        name = f"user{i:05d}"
        iam.create_user(UserName=name)
        iam.create_login_profile(UserName=name, Password="Bench-password-0000!")
        if i % 2 == 0:
            iam.create_access_key(UserName=name)
        if i % 10 == 0:
            iam.add_user_to_group(GroupName="Admins", UserName=name)
        if i % 7 == 0:
            iam.attach_user_policy(UserName=name, PolicyArn="arn:aws:iam::aws:policy/ReadOnlyAccess")

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(user, range(n)))


if __name__ == "__main__":
    main()
