#!/usr/bin/env python3
"""Benchmark of `restore --in-place`'s sync on the emulator, in items per second.

One moto server (as benches/run.py starts it). A limiter is deployed, filled with N
entities (a bucket and a meta item each), backed up, then every item is changed so that
the sync has to write all of them back (half overwritten, half deleted and re-inserted
through their new twins). The sync's rate is the `items_per_second` the restore reports
(its scan + write phase, without the side-table restore).

Floor, measured in the same run against the same server: the same number of items
written once with plain BatchWriteItem calls (boto3's batch writer) into a fresh table,
the least any sync must do, and that plus one UpdateItem per bucket put (the least a
sync that marks and unmarks buckets must do). The ratios say what the sync's scans,
comparisons and retries cost on top of those.

Usage: .venv/bin/python benches/sync.py [--entities N] [--bin PATH] [--json FILE]
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import boto3

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import ROOT, default_bin, emulator_env, start_moto  # noqa: E402


def bucket(i, tokens):
    return {"PK": f"ENTITY#e{i}", "SK": "#BUCKET#gpt-4#rpm", "entity_id": f"e{i}",
            "data": {"tokens_milli": tokens, "last_refill_ms": 1_767_225_600_000,
                     "burst_milli": 100_000, "refill_amount_milli": 100_000,
                     "refill_period_ms": 60_000}}


def meta(i, label):
    return {"PK": f"ENTITY#e{i}", "SK": "#META", "name": f"entity {i} {label}"}


def fill(table, items):
    with table.batch_writer() as w:
        for it in items:
            w.put_item(Item=it)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--entities", type=int, default=2000)
    ap.add_argument("--bin", default=default_bin())
    ap.add_argument("--json", default=str(ROOT / "benches/sync-results.json"))
    args = ap.parse_args()
    if not Path(args.bin).exists():
        sys.exit(f"{args.bin} not found: build it with `cargo build --release` first (or pass --bin)")

    moto, endpoint = start_moto()
    env = emulator_env(endpoint)
    os.environ.update({k: env[k] for k in ("AWS_ENDPOINT_URL", "AWS_DEFAULT_REGION",
                                             "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")})

    def tool(*argv):
        done = subprocess.run([args.bin, *argv], env=env, capture_output=True, text=True)
        if done.returncode != 0:
            sys.exit(f"{' '.join(argv)} failed ({done.returncode}): {done.stderr}")
        return done.stdout

    name, n = "benchsync", args.entities
    # Without the aggregator: the emulator would run it on every write (tests/support/
    # stream_poller.py) and measure its work, not the sync's; on AWS it runs elsewhere.
    tool("deploy", "--name", name, "--no-aggregator")
    ddb = boto3.resource("dynamodb")
    live = ddb.Table(f"ZAEL-{name}")
    fill(live, [x for i in range(n) for x in (bucket(i, 90_000), meta(i, "v1"))])
    arn = json.loads(tool("backup", "create", "--name", name, "--output", "json"))["backup_arn"]
    # Half the entities changed in place, the other half replaced by new ones.
    half = n // 2
    fill(live, [x for i in range(half) for x in (bucket(i, 10_000), meta(i, "v2"))])
    with live.batch_writer() as w:
        for i in range(half, n):
            w.delete_item(Key={"PK": f"ENTITY#e{i}", "SK": "#BUCKET#gpt-4#rpm"})
            w.delete_item(Key={"PK": f"ENTITY#e{i}", "SK": "#META"})
    fill(live, [x for i in range(half, n) for x in (bucket(i + n, 5), meta(i + n, "new"))])

    start = time.perf_counter()
    doc = json.loads(tool("restore", "--name", name, "--backup", arn, "--in-place", "--yes",
                          "--output", "json"))
    wall = time.perf_counter() - start
    s = doc["synced"]
    writes = s["inserted"] + s["overwritten"] + s["deleted"]

    # Floor: the same number of item writes, once each, with plain BatchWriteItem.
    client = boto3.client("dynamodb")
    client.create_table(TableName="bench-floor", BillingMode="PAY_PER_REQUEST",
                        AttributeDefinitions=[{"AttributeName": "PK", "AttributeType": "S"},
                                              {"AttributeName": "SK", "AttributeType": "S"}],
                        KeySchema=[{"AttributeName": "PK", "KeyType": "HASH"},
                                   {"AttributeName": "SK", "KeyType": "RANGE"}])
    floor_items = [x for i in range((writes + 1) // 2) for x in (bucket(i, 1), meta(i, "f"))][:writes]
    t = time.perf_counter()
    fill(ddb.Table("bench-floor"), floor_items)
    floor_s = time.perf_counter() - t
    # The marker protocol's own cost: one UpdateItem per bucket put (the sync's unmarks).
    t = time.perf_counter()
    for i in range(doc["markers_removed"]):
        client.update_item(TableName="bench-floor", Key={"PK": {"S": f"ENTITY#e{i}"},
                                                          "SK": {"S": "#BUCKET#gpt-4#rpm"}},
                           UpdateExpression="REMOVE zael_sync",
                           ConditionExpression="attribute_exists(PK)")
    unmark_s = time.perf_counter() - t
    moto.terminate()

    floor_rate = writes / floor_s
    result = {
        "entities": n, "items_written": writes, "synced": s,
        "markers_removed": doc["markers_removed"],
        "sync_seconds": doc["sync_seconds"], "sync_items_per_second": doc["items_per_second"],
        "restore_wall_seconds": wall,
        "floor_seconds": floor_s, "floor_items_per_second": floor_rate,
        "sync_rate_over_floor": doc["items_per_second"] / floor_rate,
        "floor_with_unmarks_seconds": floor_s + unmark_s,
        "floor_with_unmarks_items_per_second": writes / (floor_s + unmark_s),
        "sync_rate_over_floor_with_unmarks": doc["items_per_second"] / (writes / (floor_s + unmark_s)),
        "binary": args.bin,
    }
    print(f"binary: {args.bin}")
    print(f"{writes} item writes ({s['overwritten']} overwritten, {s['inserted']} inserted, "
          f"{s['deleted']} deleted; {doc['markers_removed']} buckets unmarked)")
    print(f"sync:  {doc['sync_seconds']:.2f} s, {doc['items_per_second']:.0f} items/s "
          f"(whole restore command {wall:.2f} s)")
    print(f"floor: {floor_s:.2f} s, {floor_rate:.0f} items/s (plain BatchWriteItem, same server)")
    print(f"floor + one UpdateItem per bucket (the marker protocol's minimum): {floor_s + unmark_s:.2f} s, "
          f"{result['floor_with_unmarks_items_per_second']:.0f} items/s")
    print(f"sync rate / floor rate: {result['sync_rate_over_floor']:.2f}; "
          f"/ floor with unmarks: {result['sync_rate_over_floor_with_unmarks']:.2f}")
    Path(args.json).write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
