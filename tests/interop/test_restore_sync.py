"""`restore --in-place` adds no usage: the shipped aggregator, run over the stream records
the sync produced, counts nothing.

The emulator cannot invoke Lambda, so the test plays the mapping's part: it reads the
table's stream (kept by the launcher's `keep_stream_records_for_readers` correction) and
hands the records to templates/aggregator/index.py, as tests/interop does elsewhere.
Bucket items are written as the 0.2.0 client writes them (a `data` map with tokens,
refill time and refill rule).
"""

from __future__ import annotations

import copy
import json

from python_suites import load_handler_module, stream_records

MARKER = "zael_sync"


def bucket(entity: str, tokens: int, refill_ms: int) -> dict:
    return {
        "PK": {"S": f"ENTITY#{entity}"}, "SK": {"S": "#BUCKET#gpt-4#rpm"},
        "entity_id": {"S": entity},
        "data": {"M": {"tokens_milli": {"N": str(tokens)}, "last_refill_ms": {"N": str(refill_ms)},
                       "burst_milli": {"N": "100000"}, "refill_amount_milli": {"N": "100000"},
                       "refill_period_ms": {"N": "60000"}}},
    }


def usage_items(ddb, table: str) -> list:
    items = ddb.scan(TableName=table)["Items"]
    return sorted((i for i in items if i["SK"]["S"].startswith("#USAGE#")),
                  key=lambda i: (i["PK"]["S"], i["SK"]["S"]))


def test_an_in_place_sync_counts_no_usage(run, ddb, streams, name, monkeypatch):
    # Without the aggregator: this test hands the stream records to the handler itself
    # (the emulator would otherwise run the deployed one on them as they arrive).
    code, out, err = run("deploy", "--name", name, "--no-aggregator")
    assert code == 0, err
    table = f"ZAEL-{name}"
    t0 = 1_767_225_600_000  # 2026-01-01T00:00:00Z
    for i in range(6):
        ddb.put_item(TableName=table, Item=bucket(f"k{i}", 90_000, t0))
        ddb.put_item(TableName=table, Item={"PK": {"S": f"ENTITY#k{i}"}, "SK": {"S": "#META"}})
    code, out, err = run("backup", "create", "--name", name, "--output", "json")
    assert code == 0, err
    arn = json.loads(out)["backup_arn"]
    # After the backup: clients consume from k0..k2, k3's bucket is deleted, k9 appears.
    for i in range(3):
        ddb.put_item(TableName=table, Item=bucket(f"k{i}", 40_000, t0 + 1))
    ddb.delete_item(TableName=table, Key={"PK": {"S": "ENTITY#k3"}, "SK": {"S": "#BUCKET#gpt-4#rpm"}})
    ddb.put_item(TableName=table, Item=bucket("k9", 50_000, t0 + 2))
    before = len(stream_records(ddb, streams, table))

    code, out, err = run("restore", "--name", name, "--backup", arn, "--in-place", "--yes",
                         "--output", "json")
    assert code == 0, err
    done = json.loads(out)
    assert (done["synced"]["overwritten"], done["synced"]["inserted"], done["synced"]["deleted"]) \
        == (3, 1, 1), done
    sync_records = stream_records(ddb, streams, table)[before:]

    # The marker protocol: every bucket put and unmark the sync made carries the marker in
    # one of its images, and no marker is left in the table.
    bucket_writes = [r for r in sync_records if r["eventName"] in ("INSERT", "MODIFY")
                     and r["dynamodb"]["Keys"]["SK"]["S"].startswith("#BUCKET#")]
    assert len(bucket_writes) == 2 * 4, "a put and an unmark per bucket put (3 overwritten, 1 re-inserted)"
    for r in bucket_writes:
        images = (r["dynamodb"].get("NewImage") or {}, r["dynamodb"].get("OldImage") or {})
        assert any(MARKER in image for image in images), r
    assert not any(MARKER in i for i in ddb.scan(TableName=table)["Items"])

    agg = load_handler_module()
    # Without the marker the same records would count: the control that makes this test able to fail.
    stripped = copy.deepcopy(sync_records)
    for r in stripped:
        for image in ("NewImage", "OldImage"):
            r["dynamodb"].get(image, {}).pop(MARKER, None)
    counted = [agg.parse_record(r) for r in stripped]
    assert any(isinstance(c, agg.Consumption) for c in counted), counted
    assert all(not isinstance(agg.parse_record(r), agg.Consumption) for r in sync_records)

    # And the handler itself, over the sync's records, writes no usage.
    monkeypatch.setenv("TABLE_NAME", table)
    monkeypatch.setenv("SNAPSHOT_WINDOWS", "hourly,daily")
    monkeypatch.setenv("SNAPSHOT_TTL_DAYS", "90")
    assert usage_items(ddb, table) == []
    result = agg.handler({"Records": sync_records}, None)
    assert result["batchItemFailures"] == []
    assert usage_items(ddb, table) == []
    # While the clients' own writes before the restore do count (the handler works here).
    result = agg.handler({"Records": stream_records(ddb, streams, table)[:before]}, None)
    assert result["batchItemFailures"] == []
    assert usage_items(ddb, table) != []
