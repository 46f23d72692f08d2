"""Seeds the emulated account the AWS_* variables point at with resources in every Region it
has enabled: three security groups (one open to 0.0.0.0/0 on SSH), two KMS keys (one
rotating), a GuardDuty detector, an external-access IAM Access Analyzer analyzer, an SNS topic
and an SQS queue with a policy (their policies are read one request each)."""

import json

import boto3

REGIONS = [
    r["RegionName"]
    for r in boto3.client("account", region_name="us-east-1").list_regions(
        RegionOptStatusContains=["ENABLED", "ENABLED_BY_DEFAULT"]
    )["Regions"]
]

for region in REGIONS:
    ec2 = boto3.client("ec2", region_name=region)
    for name in ("web", "db", "legacy-ssh"):
        gid = ec2.create_security_group(GroupName=name, Description=name)["GroupId"]
        if name == "legacy-ssh":
            ec2.authorize_security_group_ingress(
                GroupId=gid, IpProtocol="tcp", FromPort=22, ToPort=22, CidrIp="0.0.0.0/0"
            )
    kms = boto3.client("kms", region_name=region)
    kms.create_key()
    kms.enable_key_rotation(KeyId=kms.create_key()["KeyMetadata"]["KeyId"])
    boto3.client("guardduty", region_name=region).create_detector(Enable=True)
    boto3.client("accessanalyzer", region_name=region).create_analyzer(
        analyzerName="external", type="ACCOUNT"
    )
    topic = boto3.client("sns", region_name=region).create_topic(Name="alerts")["TopicArn"]
    boto3.client("sqs", region_name=region).create_queue(
        QueueName="jobs",
        Attributes={
            "Policy": json.dumps(
                {
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Effect": "Allow",
                            "Principal": "*",
                            "Action": "sqs:SendMessage",
                            "Condition": {"ArnEquals": {"aws:SourceArn": topic}},
                        }
                    ],
                }
            )
        },
    )
print(f"seeded {len(REGIONS)} Regions")
