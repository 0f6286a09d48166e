#!/usr/bin/env python3
"""Benchmark of `limits apply` on the emulator, in entities per second.

One moto server (as benches/run.py starts it). A limiter is deployed without the
aggregator, then a file of N entities (each: a name, a parent for every other one, two
limits) is applied once (create: per entity one transaction of 3 conditional puts and 2
audit events), then `--runs` times with every capacity changed (per entity: 2
conditional puts and 1 audit event). The rate is entities / the command's wall time
(read, plan, writes). A final apply of the same file measures a no-change run.

Floors, in the same run against the same server, into fresh tables: the create's
requests issued raw (one unconditional TransactWriteItems of 5 puts per entity, one
after another, from boto3), and the same items by plain BatchWriteItem (25 per request).
The emulator deep-copies every table a transaction touches (moto 5.2.5,
`transact_write_items`), so on it a transaction costs time proportional to the table's
size; the raw-transaction floor carries the same cost and is the fair comparison.

Usage: .venv/bin/python benches/limits.py [--entities N] [--runs R] [--bin PATH] [--json FILE]
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import boto3

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import ROOT, default_bin, emulator_env, start_moto  # noqa: E402


def limits_file(n, rpm):
    lines = ["entities:"]
    for i in range(n):
        lines.append(f"  e{i}:")
        lines.append(f"    name: Entity {i}")
        if i % 2:
            lines.append(f"    parent: e{i - 1}")
        lines.append("    limits:")
        lines.append("      api:")
        lines.append(f"        rpm: {{capacity: {rpm}}}")
        lines.append(f"        tpm: {{capacity: {rpm * 100}, burst: {rpm * 200}}}")
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--entities", type=int, default=2000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--bin", default=default_bin())
    ap.add_argument("--json", default=str(ROOT / "benches/limits-results.json"))
    args = ap.parse_args()
    if not Path(args.bin).exists():
        sys.exit(f"{args.bin} not found: build it first (or pass --bin)")

    moto, endpoint = start_moto()
    env = emulator_env(endpoint)
    os.environ.update({k: env[k] for k in ("AWS_ENDPOINT_URL", "AWS_DEFAULT_REGION",
                                             "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")})

    def tool(*argv):
        t = time.perf_counter()
        done = subprocess.run([args.bin, *argv], env=env, capture_output=True, text=True)
        wall = time.perf_counter() - t
        if done.returncode != 0:
            sys.exit(f"{' '.join(argv)} failed ({done.returncode}): {done.stderr}")
        return wall, json.loads(done.stdout) if "--output" in argv else done.stdout

    name, n = "benchlimits", args.entities
    tool("deploy", "--name", name, "--no-aggregator")
    tmp = Path(tempfile.mkdtemp())

    def apply(rpm):
        f = tmp / f"limits-{rpm}.yaml"
        f.write_text(limits_file(n, rpm))
        wall, doc = tool("limits", "apply", "--name", name, "-f", str(f), "--yes",
                         "--principal", "bench", "--output", "json")
        return wall, doc

    create_s, doc = apply(10)
    assert doc["applied"]["entities_written"] == n, doc["applied"]
    create_items = doc["applied"]["changes_written"] + doc["applied"]["audit_events_written"]
    change = []
    for r in range(args.runs):
        wall, doc = apply(20 + r)
        assert doc["applied"]["entities_written"] == n and not doc["applied"]["conflicts"]
        change.append(wall)
    change_items = doc["applied"]["changes_written"] + doc["applied"]["audit_events_written"]
    nochange_s, doc = apply(20 + args.runs - 1)
    assert doc["changes_pending"] is False

    # Floor: the create's item count with plain BatchWriteItem, no conditions.
    client = boto3.client("dynamodb")
    client.create_table(TableName="bench-floor", BillingMode="PAY_PER_REQUEST",
                        AttributeDefinitions=[{"AttributeName": "PK", "AttributeType": "S"},
                                              {"AttributeName": "SK", "AttributeType": "S"}],
                        KeySchema=[{"AttributeName": "PK", "KeyType": "HASH"},
                                   {"AttributeName": "SK", "KeyType": "RANGE"}])
    table = boto3.resource("dynamodb").Table("bench-floor")
    t = time.perf_counter()
    with table.batch_writer() as w:
        for i in range(create_items):
            w.put_item(Item={"PK": f"ENTITY#e{i // 5}", "SK": f"#X#{i % 5}",
                             "data": {"capacity": 10, "burst": 10, "refill_amount": 10,
                                      "refill_period_seconds": 60}})
    floor_s = time.perf_counter() - t
    client.create_table(TableName="bench-floor-tx", BillingMode="PAY_PER_REQUEST",
                        AttributeDefinitions=[{"AttributeName": "PK", "AttributeType": "S"},
                                              {"AttributeName": "SK", "AttributeType": "S"}],
                        KeySchema=[{"AttributeName": "PK", "KeyType": "HASH"},
                                   {"AttributeName": "SK", "KeyType": "RANGE"}])
    t = time.perf_counter()
    for e in range(n):
        client.transact_write_items(TransactItems=[
            {"Put": {"TableName": "bench-floor-tx",
                     "Item": {"PK": {"S": f"ENTITY#e{e}"}, "SK": {"S": f"#X#{k}"},
                              "data": {"M": {"capacity": {"N": "10"}}}}}}
            for k in range(5)])
    floor_tx_s = time.perf_counter() - t
    moto.terminate()

    med = statistics.median(change)
    result = {
        "entities": n, "binary": args.bin, "runs": args.runs,
        "create_seconds": create_s, "create_entities_per_second": n / create_s,
        "create_items_written": create_items,
        "change_seconds": change, "change_median_seconds": med,
        "change_entities_per_second": n / med, "change_items_written": change_items,
        "no_change_seconds": nochange_s,
        "floor_seconds": floor_s, "floor_items_per_second": create_items / floor_s,
        "floor_entities_per_second": n / floor_s,
        "floor_tx_seconds": floor_tx_s, "floor_tx_entities_per_second": n / floor_tx_s,
        "create_rate_over_floor_tx": floor_tx_s / create_s,
    }
    print(f"binary: {args.bin}; {n} entities")
    print(f"create: {create_s:.2f} s, {n / create_s:.0f} entities/s ({create_items} items incl. audit)")
    print(f"change: median {med:.2f} s of {args.runs} runs, {n / med:.0f} entities/s "
          f"({change_items} items incl. audit)")
    print(f"no change (read + plan): {nochange_s:.2f} s")
    print(f"floor: {create_items} items by plain BatchWriteItem in {floor_s:.2f} s = "
          f"{n / floor_s:.0f} entities/s")
    print(f"floor: {n} raw transactions of 5 puts, sequential, in {floor_tx_s:.2f} s = "
          f"{n / floor_tx_s:.1f} entities/s; create rate / this floor = {floor_tx_s / create_s:.2f}")
    Path(args.json).write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
