"""The handler against the emulator: stream batches in, exact snapshot items out."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from botocore.exceptions import ClientError
from conftest import snapshot_item
from test_pure import ms

T = ms("2026-01-15T10:20:30.123Z")
HOUR = "2026-01-15T10:00:00Z"
TTL_HOUR = ms("2026-01-15T11:00:00Z") // 1000 + 90 * 86400


def writes(calls):
    return [c for c in calls if c["op"] in ("TransactWriteItems", "UpdateItem", "PutItem")]


def log_lines(capsys):
    return [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.strip()]


def test_single_event(env):
    result = env.run([env.stream.consume("user-1", "gpt-4", "rpm", 1000, T)])
    assert env.snapshots() == [
        snapshot_item("user-1", "gpt-4", "hourly", HOUR, TTL_HOUR, {"rpm": "1"}, 1)
    ]
    assert result["batchItemFailures"] == []
    assert {k: result[k] for k in ("records", "processed", "skipped", "consumptions",
                                   "snapshots_written", "failed")} == {
        "records": 1, "processed": 1, "skipped": 0, "consumptions": 1,
        "snapshots_written": 1, "failed": 0}
    assert isinstance(result["processing_time_ms"], float)


def test_multi_window(env):
    env.configure(windows="hourly,daily,monthly", ttl_days=7)
    env.run([env.stream.consume("user-1", "gpt-4", "rpm", 2000, T)])
    week = 7 * 86400
    assert env.snapshots() == [  # sorted by SK: daily, hourly, monthly
        snapshot_item("user-1", "gpt-4", "daily", "2026-01-15T00:00:00Z",
                      ms("2026-01-16T00:00:00Z") // 1000 + week, {"rpm": "2"}, 1),
        snapshot_item("user-1", "gpt-4", "hourly", HOUR,
                      ms("2026-01-15T11:00:00Z") // 1000 + week, {"rpm": "2"}, 1),
        snapshot_item("user-1", "gpt-4", "monthly", "2026-01-01T00:00:00Z",
                      ms("2026-02-01T00:00:00Z") // 1000 + week, {"rpm": "2"}, 1),
    ]


def test_windows_starting_together_are_separate_snapshots(env):
    """At midnight on the 1st, the hourly, daily and monthly windows share their start;
    each still gets its own item (the window is part of the sort key)."""
    env.configure(windows="hourly,daily,monthly", ttl_days=1)
    env.run([env.stream.consume("a", "r", "rpm", 1500, ms("2026-03-01T00:30:00Z"))])
    start = "2026-03-01T00:00:00Z"
    ends = {"daily": "2026-03-02T00:00:00Z", "hourly": "2026-03-01T01:00:00Z", "monthly": "2026-04-01T00:00:00Z"}
    assert env.snapshots() == [
        snapshot_item("a", "r", w, start, ms(ends[w]) // 1000 + 86400, {"rpm": "1.5"}, 1)
        for w in ("daily", "hourly", "monthly")
    ]


def test_multi_limit_into_one_snapshot(env):
    s = env.stream
    env.run([s.consume("user-1", "gpt-4", "rpm", 1000, T), s.consume("user-1", "gpt-4", "tpm", 512_000, T)])
    assert env.snapshots() == [
        snapshot_item("user-1", "gpt-4", "hourly", HOUR, TTL_HOUR, {"rpm": "1", "tpm": "512"}, 2)
    ]


def test_fractional_consumption_is_exact(env):
    s = env.stream
    env.run([s.consume("a", "gpt-4", "tpm", 2500, T), s.consume("a", "gpt-4", "tpm", 500, T + 1),
             s.consume("b", "gpt-4", "tpm", 1, T)])
    assert env.item("a", "gpt-4", HOUR) == snapshot_item("a", "gpt-4", "hourly", HOUR, TTL_HOUR, {"tpm": "3"}, 2)
    assert env.item("b", "gpt-4", HOUR) == snapshot_item("b", "gpt-4", "hourly", HOUR, TTL_HOUR, {"tpm": "0.001"}, 1)
    # across batches, DynamoDB's decimal ADD keeps it exact too
    env.run([s.consume("b", "gpt-4", "tpm", 2, T)])
    env.run([s.consume("b", "gpt-4", "tpm", 2500, T)])
    assert env.item("b", "gpt-4", HOUR)["data"]["tpm"] == Decimal("2.503")


def test_refund_is_subtracted(env):
    s = env.stream
    env.run([s.consume("a", "gpt-4", "tpm", 5000, T), s.consume("a", "gpt-4", "tpm", -1250, T + 5)])
    assert env.item("a", "gpt-4", HOUR) == snapshot_item(
        "a", "gpt-4", "hourly", HOUR, TTL_HOUR, {"tpm": "3.75"}, 2)
    env.run([s.consume("a", "gpt-4", "tpm", -4000, T + 9)])
    assert env.item("a", "gpt-4", HOUR)["data"]["tpm"] == Decimal("-0.25")


def test_same_snapshot_is_one_write_per_batch(env, calls):
    s = env.stream
    env.configure(windows="hourly,daily")
    env.run([s.consume("a", "gpt-4", "rpm", 1000, T + i) for i in range(3)])
    # new snapshots: the transaction is cancelled (they do not exist), each is created
    # empty, and the transaction of increments is sent again
    ops = [(c["op"], c["error"]) for c in writes(calls)]
    assert ops == [("TransactWriteItems", "TransactionCanceledException"),
                   ("UpdateItem", None), ("UpdateItem", None),
                   ("TransactWriteItems", None)]
    calls.clear()

    env.run([s.consume("a", "gpt-4", "rpm", 1000, T + i) for i in range(4)]
            + [s.consume("a", "gpt-4", "tpm", 7, T)])
    (call,) = writes(calls)
    assert call["op"] == "TransactWriteItems" and call["error"] is None
    items = call["params"]["TransactItems"]
    assert [i["Update"]["Key"]["SK"]["S"] for i in items] == [
        "#USAGE#gpt-4#hourly#2026-01-15T10:00:00Z", "#USAGE#gpt-4#daily#2026-01-15T00:00:00Z"]
    hourly = items[0]["Update"]
    assert hourly["UpdateExpression"] == (
        "SET #ttl = :ttl, #m0 = :m0, #m1 = :m1 ADD #data.#l0 :l0, #data.#l1 :l1, #data.#events :events")
    assert hourly["ExpressionAttributeValues"][":l0"] == {"N": "4"}
    assert hourly["ExpressionAttributeValues"][":l1"] == {"N": "0.007"}
    assert hourly["ExpressionAttributeValues"][":events"] == {"N": "5"}
    assert env.item("a", "gpt-4", HOUR) == snapshot_item(
        "a", "gpt-4", "hourly", HOUR, TTL_HOUR, {"rpm": "7", "tpm": "0.007"}, 8)


def test_two_batches_accumulate(env):
    s = env.stream
    env.run([s.consume("a", "gpt-4", "rpm", 1000, T)])
    env.run([s.consume("a", "gpt-4", "rpm", 3000, T + 60_000), s.consume("a", "gpt-4", "tpm", 10, T)])
    assert env.snapshots() == [
        snapshot_item("a", "gpt-4", "hourly", HOUR, TTL_HOUR, {"rpm": "4", "tpm": "0.01"}, 3)
    ]


def test_concurrent_creator_is_not_overwritten(env, agg, ddb):
    """Batch B creates and fills the snapshot between batch A's cancelled transaction and
    A's creation: A's creation finds it there, and both batches count."""
    s = env.stream
    # B's records come first in the stream (the stream orders one item's writes, and an
    # item's later record is never applied before its earlier one).
    batch_b = [s.consume("a", "gpt-4", "rpm", 2000, T), s.consume("a", "gpt-4", "tpm", 5, T)]
    batch_a = [s.consume("a", "gpt-4", "rpm", 1000, T)]
    real = agg._client()

    class Interleaving:
        """The real client; runs batch B just before A's first UpdateItem (the creation)."""

        def __init__(self):
            self.raced = False

        def __getattr__(self, name):
            return getattr(real, name)

        def update_item(self, **kwargs):
            if not self.raced:
                self.raced = True
                agg.process_batch(batch_b, agg.load_config(), real)
            return real.update_item(**kwargs)

    client = Interleaving()
    result = agg.process_batch(batch_a, agg.load_config(), client)
    assert client.raced and result.failed_sequence_numbers == []
    assert env.snapshots() == [
        snapshot_item("a", "gpt-4", "hourly", HOUR, TTL_HOUR, {"rpm": "3", "tpm": "0.005"}, 3)
    ]


def test_transaction_conflict_is_retried(env, agg):
    """A cancellation for a conflicting concurrent write is retried (the conflict is
    injected in front of the emulator, which serialises requests and never conflicts)."""
    env.run([env.stream.consume("a", "gpt-4", "rpm", 1000, T)])
    real = agg._client()

    class Conflicting:
        attempts = 0

        def __getattr__(self, name):
            return getattr(real, name)

        def transact_write_items(self, **kwargs):
            self.attempts += 1
            if self.attempts == 1:
                raise ClientError(
                    {"Error": {"Code": "TransactionCanceledException", "Message": "conflict"},
                     "CancellationReasons": [{"Code": "TransactionConflict"}]},
                    "TransactWriteItems")
            return real.transact_write_items(**kwargs)

    client = Conflicting()
    result = agg.process_batch([env.stream.consume("a", "gpt-4", "rpm", 1000, T)], agg.load_config(), client)
    assert client.attempts == 2 and result.failed_sequence_numbers == []
    assert env.item("a", "gpt-4", HOUR)["data"]["rpm"] == Decimal(2)


def test_malformed_record_is_reported_and_retry_counts_once(env, capsys):
    s = env.stream
    good = [s.consume("a", "gpt-4", "rpm", 1000, T), s.consume("a", "gpt-4", "rpm", 1000, T)]
    bad = s.consume("a", "gpt-4", "rpm", 1000, T)
    bad["dynamodb"]["NewImage"]["data"]["M"]["tokens_milli"] = {"S": "oops"}
    after = [s.consume("a", "gpt-4", "rpm", 1000, T), s.consume("b", "gpt-4", "rpm", 1000, T)]
    capsys.readouterr()

    result = env.run(good + [bad] + after)
    reported = [bad["dynamodb"]["SequenceNumber"]] + [r["dynamodb"]["SequenceNumber"] for r in after]
    assert result["batchItemFailures"] == [{"itemIdentifier": seq} for seq in reported]
    assert (result["processed"], result["failed"], result["snapshots_written"]) == (2, 3, 1)
    assert env.snapshots() == [snapshot_item("a", "gpt-4", "hourly", HOUR, TTL_HOUR, {"rpm": "2"}, 2)]
    lines = log_lines(capsys)
    error = next(line for line in lines if line["level"] == "ERROR")
    assert error["message"] == "Cannot read stream record"
    assert error["sequence_number"] == bad["dynamodb"]["SequenceNumber"]
    assert error["event_id"] == bad["eventID"] and error["record_index"] == 2
    assert "not a number attribute" in error["error"]
    summary = lines[-1]
    assert summary["message"] == "Batch processed" and summary["level"] == "WARNING"
    assert summary["first_failed_sequence_number"] == reported[0]
    assert summary["failed"] == 3 and "processing_time_ms" in summary

    # Lambda resumes at the lowest reported sequence number: the same tail, again failing
    result = env.run([bad] + after)
    assert result["batchItemFailures"] == [{"itemIdentifier": seq} for seq in reported]
    assert env.snapshots() == [snapshot_item("a", "gpt-4", "hourly", HOUR, TTL_HOUR, {"rpm": "2"}, 2)]
    # once the bad record is behind (parked in the DLQ), the rest counts exactly once
    env.run(after)
    assert env.snapshots() == [
        snapshot_item("a", "gpt-4", "hourly", HOUR, TTL_HOUR, {"rpm": "3"}, 3),
        snapshot_item("b", "gpt-4", "hourly", HOUR, TTL_HOUR, {"rpm": "1"}, 1),
    ]


def test_record_without_sequence_number_fails_the_invocation(env, agg):
    s = env.stream
    bad = s.consume("a", "gpt-4", "rpm", 1000, T)
    del bad["dynamodb"]["SequenceNumber"]
    with pytest.raises(agg.BatchError, match="no SequenceNumber"):
        env.run([s.consume("a", "gpt-4", "rpm", 1000, T), bad])
    assert env.snapshots() == []  # nothing written: the whole batch is retried


def test_write_failure_reports_from_the_failed_chunk(env, agg, ddb):
    """Snapshots are written in transactions over consecutive records; when one fails,
    records before it are applied and it and everything after are reported unapplied."""
    s = env.stream
    # a foreign item where b's snapshot goes: ADD to its string `data.rpm` is rejected
    ddb.put_item(TableName=env.table, Item={
        "PK": {"S": "ENTITY#b"}, "SK": {"S": f"#USAGE#gpt-4#hourly#{HOUR}"},
        "data": {"M": {"rpm": {"S": "not a number"}}}})
    batch = [s.consume("a", "gpt-4", "rpm", 1000, T), s.consume("a2", "gpt-4", "rpm", 1000, T),
             s.consume("b", "gpt-4", "rpm", 1000, T), s.consume("c", "gpt-4", "rpm", 1000, T),
             s.consume("a", "gpt-4", "rpm", 1000, T)]
    result = agg.process_batch(batch, agg.load_config(), agg._client(), max_items=2)
    assert result.failed_sequence_numbers == [r["dynamodb"]["SequenceNumber"] for r in batch[2:]]
    assert (result.processed, result.snapshots_written) == (2, 2)
    assert [i["PK"] for i in env.snapshots()] == ["ENTITY#a", "ENTITY#a2", "ENTITY#b"]
    assert env.item("a", "gpt-4", HOUR)["data"]["rpm"] == Decimal(1)

    ddb.delete_item(TableName=env.table, Key={"PK": {"S": "ENTITY#b"}, "SK": {"S": f"#USAGE#gpt-4#hourly#{HOUR}"}})
    retry = agg.process_batch(batch[2:], agg.load_config(), agg._client(), max_items=2)
    assert retry.failed_sequence_numbers == []
    assert env.snapshots() == [
        snapshot_item(e, "gpt-4", "hourly", HOUR, TTL_HOUR, {"rpm": str(n)}, n)
        for e, n in (("a", 2), ("a2", 1), ("b", 1), ("c", 1))
    ]


def test_ignored_records_write_nothing(env, calls):
    s = env.stream
    from conftest import bucket_image

    image = bucket_image("a", "gpt-4", "rpm", 9000, T)
    keys = {"PK": image["PK"], "SK": image["SK"]}
    meta = {"PK": {"S": "ENTITY#a"}, "SK": {"S": "#META"}, "entity_id": {"S": "a"},
            "data": {"M": {"name": {"S": "A"}}}}
    version = {"PK": {"S": "SYSTEM#"}, "SK": {"S": "#VERSION"},
               "data": {"M": {"schema_version": {"S": "1.0.0"}}}}
    full = bucket_image("a", "gpt-4", "rpm", 100_000, T)
    records = [
        s.record("INSERT", keys, None, full),
        s.record("REMOVE", keys, image, None),
        s.record("MODIFY", {"PK": meta["PK"], "SK": meta["SK"]}, meta, meta),
        s.record("MODIFY", {"PK": version["PK"], "SK": version["SK"]}, version, version),
        s.modify("a", "gpt-4", "rpm", 9000, 9000, T),
    ]
    result = env.run(records)
    assert writes(calls) == []
    assert env.snapshots() == []
    assert (result["processed"], result["skipped"], result["snapshots_written"], result["failed"]) == (5, 5, 0, 0)


def test_empty_batch(env, calls):
    result = env.run([])
    assert result["batchItemFailures"] == [] and result["records"] == 0
    assert writes(calls) == []


def test_limit_named_like_a_snapshot_field_is_skipped_with_an_error(env, capsys):
    s = env.stream
    capsys.readouterr()
    result = env.run([s.consume("a", "gpt-4", "total_events", 1000, T), s.consume("a", "gpt-4", "rpm", 1000, T)])
    assert result["batchItemFailures"] == [] and result["skipped"] == 1
    assert env.snapshots() == [snapshot_item("a", "gpt-4", "hourly", HOUR, TTL_HOUR, {"rpm": "1"}, 1)]
    (error,) = [line for line in log_lines(capsys) if line["level"] == "ERROR"]
    assert error["message"] == "Skipped stream record" and "total_events" in error["reason"]


@pytest.mark.parametrize(
    "windows, before, after, windows_seen",
    [
        ("hourly", "2026-01-15T10:59:59.999Z", "2026-01-15T11:00:00.000Z",
         [("2026-01-15T10:00:00Z", "2026-01-15T11:00:00Z"), ("2026-01-15T11:00:00Z", "2026-01-15T12:00:00Z")]),
        ("daily", "2026-01-15T23:59:59.999Z", "2026-01-16T00:00:00.000Z",
         [("2026-01-15T00:00:00Z", "2026-01-16T00:00:00Z"), ("2026-01-16T00:00:00Z", "2026-01-17T00:00:00Z")]),
        ("monthly", "2026-01-31T23:59:59.999Z", "2026-02-01T00:00:00.000Z",
         [("2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z"), ("2026-02-01T00:00:00Z", "2026-03-01T00:00:00Z")]),
        ("monthly", "2026-12-31T23:59:59.999Z", "2027-01-01T00:00:00.000Z",
         [("2026-12-01T00:00:00Z", "2027-01-01T00:00:00Z"), ("2027-01-01T00:00:00Z", "2027-02-01T00:00:00Z")]),
        ("daily", "2028-02-29T23:59:59.999Z", "2028-03-01T00:00:00.000Z",
         [("2028-02-29T00:00:00Z", "2028-03-01T00:00:00Z"), ("2028-03-01T00:00:00Z", "2028-03-02T00:00:00Z")]),
        ("monthly", "2028-02-29T12:00:00.000Z", "2028-03-01T00:00:00.000Z",
         [("2028-02-01T00:00:00Z", "2028-03-01T00:00:00Z"), ("2028-03-01T00:00:00Z", "2028-04-01T00:00:00Z")]),
    ],
)
def test_window_boundaries(env, windows, before, after, windows_seen):
    """The last millisecond of a window and the first of the next land in two snapshots,
    each with ttl = its own window end + 1 day."""
    s = env.stream
    env.configure(windows=windows, ttl_days=1)
    env.run([s.consume("a", "r", "rpm", 1000, ms(before)), s.consume("a", "r", "rpm", 2000, ms(after))])
    expected = [
        snapshot_item("a", "r", windows, start, ms(end) // 1000 + 86400, {"rpm": str(n)}, 1)
        for (start, end), n in zip(windows_seen, (1, 2))
    ]
    assert env.snapshots() == expected


def test_year_end_in_all_windows(env):
    s = env.stream
    env.configure(windows="hourly,daily,monthly", ttl_days=1)
    env.run([s.consume("a", "r", "rpm", 1000, ms("2026-12-31T23:59:59Z")),
             s.consume("a", "r", "rpm", 2000, ms("2027-01-01T00:00:00Z"))])
    got = {(i["data"]["window"], i["data"]["window_start"]): i["data"]["rpm"] for i in env.snapshots()}
    assert got == {
        ("hourly", "2026-12-31T23:00:00Z"): 1, ("daily", "2026-12-31T00:00:00Z"): 1,
        ("monthly", "2026-12-01T00:00:00Z"): 1,
        ("hourly", "2027-01-01T00:00:00Z"): 2, ("daily", "2027-01-01T00:00:00Z"): 2,
        ("monthly", "2027-01-01T00:00:00Z"): 2,
    }


def test_invalid_windows_fail_clearly(env, agg, capsys):
    env.configure(windows="hourly,weekly")
    capsys.readouterr()
    with pytest.raises(agg.ConfigError) as err:
        env.run([env.stream.consume("a", "r", "rpm", 1000, T)])
    assert str(err.value) == ("SNAPSHOT_WINDOWS has an unknown window 'weekly': use a comma-separated "
                              "list of hourly, daily, monthly (got 'hourly,weekly')")
    (line,) = log_lines(capsys)
    assert line["level"] == "ERROR" and line["message"] == "Invalid aggregator configuration"
    assert "weekly" in line["error"]
    assert env.snapshots() == []


def test_logs_are_json_lines_with_a_summary(env, capsys):
    capsys.readouterr()
    env.agg.handler({"Records": [env.stream.consume("a", "r", "rpm", 1000, T)]},
                    type("Ctx", (), {"aws_request_id": "req-1"})())
    (line,) = log_lines(capsys)
    assert line["level"] == "INFO" and line["message"] == "Batch processed"
    assert line["request_id"] == "req-1" and line["table_name"] == env.table
    assert line["windows"] == ["hourly"]
    assert {k: line[k] for k in ("records", "processed", "skipped", "consumptions", "snapshots_written",
                                 "failed")} == {"records": 1, "processed": 1, "skipped": 0,
                                                "consumptions": 1, "snapshots_written": 1, "failed": 0}
    assert isinstance(line["processing_time_ms"], float) and line["timestamp"].endswith("Z")


def test_snapshots_are_found_through_gsi2(env, ddb):
    s = env.stream
    env.run([s.consume("a", "gpt-4", "rpm", 1000, T), s.consume("b", "gpt-4", "rpm", 2000, T),
             s.consume("b", "other", "rpm", 2000, T)])
    got = ddb.query(
        TableName=env.table, IndexName="GSI2",
        KeyConditionExpression="GSI2PK = :pk AND begins_with(GSI2SK, :sk)",
        ExpressionAttributeValues={":pk": {"S": "RESOURCE#gpt-4"}, ":sk": {"S": f"USAGE#{HOUR}#"}},
    )["Items"]
    assert sorted(i["entity_id"]["S"] for i in got) == ["a", "b"]
