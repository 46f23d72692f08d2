#!/usr/bin/env python3
"""The archive search through an emulated S3, for bench/archive.sh.

    bench/archive-s3.py RAMPART DIR DAYS

Starts moto, uploads the last DAYS days of the archive in DIR to a bucket behind a
multi-Region trail, and times `rampart events --source archive` against it, with no filter,
next to `--archive-dir` on the same days. Prints wall times, requests and MB/s.
"""

import logging
import os
import subprocess
import sys
import time

import boto3
from moto.server import ThreadedMotoServer

rampart, src, days = sys.argv[1], sys.argv[2], int(sys.argv[3])
logging.getLogger("werkzeug").setLevel(logging.ERROR)
server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
server.start()
port = server.get_host_and_port()[1]
url = f"http://127.0.0.1:{port}"
env = dict(os.environ, AWS_ENDPOINT_URL=url, AWS_ACCESS_KEY_ID="testing",
           AWS_SECRET_ACCESS_KEY="testing", AWS_REGION="us-east-1",
           AWS_CONFIG_FILE="/dev/null", AWS_SHARED_CREDENTIALS_FILE="/dev/null")
s3 = boto3.client("s3", endpoint_url=url, region_name="us-east-1",
                  aws_access_key_id="testing", aws_secret_access_key="testing")
s3.create_bucket(Bucket="bench-trail")
cutoff = time.time() - (days + 1) * 86400
files = size = 0
for root, _, names in os.walk(src):
    for name in names:
        path = os.path.join(root, name)
        if not name.endswith(".json.gz"):
            continue
        y, m, d = root.split(os.sep)[-3:]
        if time.mktime(time.strptime(f"{y}{m}{d}", "%Y%m%d")) < cutoff:
            continue
        # Under the emulator's own account, whose folders `--source archive` searches.
        key = os.path.relpath(path, src).replace("111122223333", "123456789012")
        s3.upload_file(path, "bench-trail", key)
        files += 1
        size += os.path.getsize(path)
boto3.client("cloudtrail", endpoint_url=url, region_name="us-east-1",
             aws_access_key_id="testing", aws_secret_access_key="testing").create_trail(
    Name="bench", S3BucketName="bench-trail", IsMultiRegionTrail=True)
print(f"uploaded {files} files, {size / 1e6:.1f} MB, the last {days} days")
regions = "us-east-1,us-east-2,us-west-1,us-west-2,ca-central-1,eu-west-1,eu-west-2,eu-west-3," \
          "eu-central-1,eu-north-1,ap-south-1,ap-northeast-1,ap-northeast-2,ap-northeast-3," \
          "ap-southeast-1,ap-southeast-2,sa-east-1"
for label, extra in [("--source archive (moto S3)", ["--source", "archive"]),
                     ("--archive-dir (same days)", ["--archive-dir", src])]:
    t = time.time()
    run = subprocess.run([rampart, "--stats", "events", *extra, "--since", f"{days}d",
                          "--region", regions, "--format", "csv"],
                         env=env, capture_output=True, text=True)
    secs = time.time() - t
    stats = [l for l in run.stderr.splitlines() if l.startswith("archive:")]
    print(f"{label:32} {secs:6.2f} s  {run.stdout.count(chr(10)) - 1:8d} events  "
          f"{stats[0] if stats else run.stderr.strip()[:200]}")
server.stop()
