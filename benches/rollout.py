#!/usr/bin/env python3
"""Fleet rollout benchmark: the wall time of `upgrade --all` over a fleet of stacks
that are one release behind, in waves with health gates (zero bake) and all at once
(`--waves 100%`, what `upgrade --all` did before waves), against one local emulator,
with the floor of one raw DynamoDB GetItem (curl) measured in the same run.

Usage: .venv/bin/python benches/rollout.py [--stacks 20] [--runs 3] [--bin PATH]
"""

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

import boto3

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import default_bin, emulator_env, start_moto  # noqa: E402


def timed(argv, env):
    start = time.perf_counter()
    done = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{argv} exited {done.returncode}")
    return elapsed


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--stacks", type=int, default=20)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--bin", default=default_bin())
    args = ap.parse_args()
    moto, endpoint = start_moto()
    env = emulator_env(endpoint)
    names = [f"fleet{i:02d}" for i in range(args.stacks)]
    for n in names:
        subprocess.run([args.bin, "deploy", "--name", n], env=env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    ddb = boto3.client("dynamodb", region_name="us-east-1", endpoint_url=endpoint,
                       aws_access_key_id="test", aws_secret_access_key="test")

    def behind():
        for n in names:
            ddb.put_item(TableName=f"ZAEL-{n}", Item={
                "PK": {"S": "SYSTEM#"}, "SK": {"S": "#VERSION"},
                "data": {"M": {"schema_version": {"S": "1.0.0"},
                               "lambda_version": {"S": "0.4.0"}}}})

    floor_argv = ["curl", "-s", "-o", "/dev/null", "-X", "POST", endpoint,
                  "-H", "Content-Type: application/x-amz-json-1.0",
                  "-H", "X-Amz-Target: DynamoDB_20120810.GetItem",
                  "-H", "Authorization: AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/"
                        "dynamodb/aws4_request, SignedHeaders=host, Signature=0",
                  "-d", '{"TableName":"ZAEL-fleet00","Key":{"PK":{"S":"SYSTEM#"},"SK":{"S":"#VERSION"}}}']
    floor = statistics.median(timed(floor_argv, env) for _ in range(max(9, args.runs)))
    base = [args.bin, "upgrade", "--all", "--lambda-only", "--bake", "0"]
    results = {}
    for label, extra in (("waves 1,10%,50%,100% (gated)", []),
                         ("all at once (--waves 100%, gated)", ["--waves", "100%"])):
        samples = []
        for _ in range(args.runs):
            behind()
            samples.append(timed(base + extra, env))
        results[label] = statistics.median(samples)
    moto.terminate()
    print(f"{args.stacks} stacks one release behind, {args.runs} runs each; "
          f"floor (curl GetItem) {floor * 1000:.1f} ms")
    for label, secs in results.items():
        print(f"{label:<36} median {secs:6.2f} s  ({secs / floor:7.0f} x floor, "
              f"{secs / args.stacks * 1000:6.0f} ms per stack)")


if __name__ == "__main__":
    main()
