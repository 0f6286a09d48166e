"""`dlq show` and `dlq redrive` end to end through a deployed stack whose aggregator the
emulator runs: a failing release parks the published client's batches in the DLQ; after
`rollback` and more traffic, the redrive replays them from the stream and the usage
snapshots count every acquire exactly once. Also: a release that times out after its
write (retried, then parked, then redriven) still counts each acquire once."""

from __future__ import annotations

import json
import time
from pathlib import Path

from python_suites import package

from .test_aggregator_e2e import (acquire, aws, dlq_messages, ship_release, totals,  # noqa: F401
                                  wait_until)
from .test_published_client import deploy, json_of

AGGREGATOR = Path(__file__).resolve().parents[2] / "templates" / "aggregator" / "index.py"


def queue_depth(sqs, name: str) -> int:
    url = sqs.get_queue_url(QueueName=f"ZAEL-{name}-aggregator-dlq")["QueueUrl"]
    attrs = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["ApproximateNumberOfMessages",
                                                                   "ApproximateNumberOfMessagesNotVisible"])
    return int(attrs["Attributes"]["ApproximateNumberOfMessages"]) + int(
        attrs["Attributes"].get("ApproximateNumberOfMessagesNotVisible", 0))


def stream_sequence_numbers(ddb, streams, table: str, entity: str) -> tuple[str, list[str]]:
    arn = ddb.describe_table(TableName=table)["Table"]["LatestStreamArn"]
    shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
    it = streams.get_shard_iterator(StreamArn=arn, ShardId=shard,
                                    ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    records = streams.get_records(ShardIterator=it, Limit=1000)["Records"]
    return shard, [r["dynamodb"]["SequenceNumber"] for r in records
                   if r["dynamodb"]["Keys"]["PK"]["S"] == f"ENTITY#{entity}"
                   and r["dynamodb"]["Keys"]["SK"]["S"].startswith("#BUCKET#")]


def test_parked_batches_are_shown_and_redriven_exactly_once(run, emulator, ddb, streams, aws, name):
    lam, sqs = aws("lambda"), aws("sqs")
    deploy(run, name)
    function = f"ZAEL-{name}-aggregator"
    ship_release(lam, name, "def handler(event, context):\n"
                            "    raise RuntimeError('test-only broken release')\n")
    acquire(name, emulator, "key-dlq", 2)
    wait_until(lambda: len(dlq_messages(sqs, name)) >= 2, what="2 parked batches")

    # show: what is parked, without consuming it
    code, doc = json_of(run, "dlq", "show", "--name", name)
    assert code == 0, doc
    shard, seqs = stream_sequence_numbers(ddb, streams, f"ZAEL-{name}", "key-dlq")
    assert len(seqs) == 2
    assert doc["queue"] == f"ZAEL-{name}-aggregator-dlq"
    parked = [m["batch"] for m in doc["messages"]]
    assert [(b["shard_id"], b["start_sequence_number"], b["end_sequence_number"], b["batch_size"])
            for b in parked] == [(shard, s, s, 1) for s in seqs]
    for m in doc["messages"]:
        assert m["availability"] == {"state": "in_stream"}
        assert m["batch"]["condition"] == "RetryAttemptsExhausted"
        assert m["batch"]["function_error"] == "Unhandled"
        assert m["sent_at"].endswith("Z") and m["receive_count"] >= 1
    assert queue_depth(sqs, name) == 2
    code, out, err = run("dlq", "show", "--name", name)
    assert code == 0 and "RetryAttemptsExhausted" in out and "yes" in out, out + err

    # --dry-run changes nothing; --discard-expired off a terminal without --yes is refused
    code, doc = json_of(run, "dlq", "redrive", "--name", name, "--dry-run")
    assert code == 0 and doc["dry_run"] is True
    assert [(m["action"], m["outcome"]) for m in doc["messages"]] == [("replay", "dry_run")] * 2
    code, out, err = run("dlq", "redrive", "--name", name, "--discard-expired")
    assert code == 1 and "stdin is not a terminal" in err and "--yes" in err
    assert queue_depth(sqs, name) == 2
    assert totals(ddb, name, "key-dlq", "hourly") == (0, 0)

    # a redrive while the broken release is live fails and keeps the messages (exit 1)
    code, doc = json_of(run, "dlq", "redrive", "--name", name)
    assert code == 1 and (doc["replayed"], doc["failed"]) == (0, 2)
    assert "test-only broken release" in doc["messages"][0]["detail"]
    assert queue_depth(sqs, name) == 2

    # the fix, then more traffic on the same bucket before the redrive
    code, out, err = run("rollback", "--name", name, "--yes")
    assert code == 0, out + err
    acquire(name, emulator, "key-dlq", 3)
    wait_until(lambda: totals(ddb, name, "key-dlq", "hourly")[1] >= 3, what="traffic after rollback")

    code, doc = json_of(run, "dlq", "redrive", "--name", name)
    assert code == 0, doc
    assert (doc["replayed"], doc["failed"], doc["expired"], doc["discarded"]) == (2, 0, 0, 0)
    assert [m["records_sent"] for m in doc["messages"]] == [1, 1]
    assert queue_depth(sqs, name) == 0
    # 5 acquires by the client, each counted once
    assert totals(ddb, name, "key-dlq", "hourly") == (5, 5)
    # replaying the same batches again (as a second redrive would) adds nothing
    for s in seqs:
        event = {"Records": []}
        arn = ddb.describe_table(TableName=f"ZAEL-{name}")["Table"]["LatestStreamArn"]
        it = streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="AT_SEQUENCE_NUMBER",
                                        SequenceNumber=s)["ShardIterator"]
        record = streams.get_records(ShardIterator=it, Limit=1)["Records"][0]
        record["dynamodb"]["ApproximateCreationDateTime"] = record["dynamodb"]["ApproximateCreationDateTime"].timestamp()
        record["eventSourceARN"] = arn
        event["Records"].append(record)
        out = lam.invoke(FunctionName=function, Qualifier="live", Payload=json.dumps(event))
        assert "FunctionError" not in out
    assert totals(ddb, name, "key-dlq", "hourly") == (5, 5)
    code, doc = json_of(run, "dlq", "redrive", "--name", name)
    assert code == 0 and doc["messages"] == []


def test_a_release_timing_out_after_its_write_counts_once_through_retries_and_redrive(
        run, emulator, ddb, aws, name):
    lam, sqs = aws("lambda"), aws("sqs")
    code, out, err = run("deploy", "--name", name, "--lambda-timeout", "3")
    assert code == 0, out + err
    # The real aggregator, then a hang: the write happens, the invocation times out.
    source = AGGREGATOR.read_text() + (
        "\n\n_real_handler = handler\n\n\ndef handler(event, context):\n"
        "    _real_handler(event, context)\n    import time\n    time.sleep(30)\n")
    ship_release(lam, name, source)
    acquire(name, emulator, "key-to", 2)
    wait_until(lambda: len(dlq_messages(sqs, name)) >= 1, timeout=90, what="a parked batch")
    # delivered 4 times (1 + 3 retries), written each time, counted once
    assert totals(ddb, name, "key-to", "hourly") == (2, 2)
    code, out, err = run("rollback", "--name", name, "--yes")
    assert code == 0, out + err
    code, doc = json_of(run, "dlq", "redrive", "--name", name)
    assert code == 0 and doc["replayed"] >= 1 and doc["failed"] == 0, doc
    assert queue_depth(sqs, name) == 0
    assert totals(ddb, name, "key-to", "hourly") == (2, 2)


def test_a_batch_whose_records_left_the_stream_is_reported_and_kept(run, monkeypatch):
    """On an emulator of its own whose stream keeps records 8 seconds (AWS: 24 hours; see
    tests/support/moto_stream_retention.py): the parked batch is reported as gone, kept
    by a redrive, and dropped only with --discard-expired --yes."""
    import boto3

    import emulator as emulator_support
    from moto_stream_retention import RETENTION_ENV
    from python_suites import REGION

    monkeypatch.setenv(RETENTION_ENV, "8")
    with emulator_support.running(REGION) as url:
        lam = boto3.client("lambda", region_name=REGION, endpoint_url=url)
        sqs = boto3.client("sqs", region_name=REGION, endpoint_url=url)
        ddb = boto3.client("dynamodb", region_name=REGION, endpoint_url=url)
        name = "interop-expiry"
        deploy(run, name)
        ship_release(lam, name, "def handler(event, context):\n    raise RuntimeError('broken')\n")
        acquire(name, url, "key-x", 1)
        written_at = time.monotonic()
        wait_until(lambda: len(dlq_messages(sqs, name)) >= 1, what="a parked batch")
        time.sleep(max(0.0, 9.0 - (time.monotonic() - written_at)))  # past the retention

        code, doc = json_of(run, "dlq", "show", "--name", name)
        assert code == 0
        [m] = doc["messages"]
        assert m["availability"]["state"] == "expired"
        assert "trimmed" in m["availability"]["reason"]
        code, out, err = run("dlq", "show", "--name", name)
        assert "not replayable" in out and " no " in out, out

        code, out, err = run("rollback", "--name", name, "--yes")
        assert code == 0, out + err
        code, doc = json_of(run, "dlq", "redrive", "--name", name)
        assert code == 0, doc
        assert (doc["replayed"], doc["failed"], doc["expired"], doc["discarded"]) == (0, 0, 1, 0)
        assert doc["messages"][0]["action"] == "keep"
        assert queue_depth(sqs, name) == 1
        assert totals(ddb, name, "key-x", "hourly") == (0, 0)

        # dropping expired batches needs no stream mapping (nothing is replayed)
        mappings = [m for m in lam.list_event_source_mappings()["EventSourceMappings"]
                    if f":function:ZAEL-{name}-aggregator" in m["FunctionArn"]]
        assert mappings
        for mapping in mappings:
            lam.delete_event_source_mapping(UUID=mapping["UUID"])
        code, doc = json_of(run, "dlq", "redrive", "--name", name, "--discard-expired", "--yes")
        assert code == 0 and (doc["expired"], doc["discarded"]) == (0, 1), doc
        assert queue_depth(sqs, name) == 0


def test_dlq_of_a_limiter_that_is_not_deployed_is_exit_5(run):
    code, out, err = run("dlq", "show", "--name", "interop-nothing-here")
    assert code == 5, out + err
    assert "does not exist" in err and "zae-limiter deploy" in err


def test_a_half_applied_batch_parked_and_redriven_counts_once(run, emulator, ddb, aws, name):
    """A release that writes the first record of a batch and then fails: the batch's
    first record is applied by an invocation that failed, then retried, bisected and
    parked with the rest; the redrive after the fix replays all of it, and each acquire
    counts once."""
    lam, sqs = aws("lambda"), aws("sqs")
    deploy(run, name)
    source = AGGREGATOR.read_text() + (
        "\n\n_real_handler = handler\n\n\ndef handler(event, context):\n"
        "    records = event['Records']\n"
        "    if len(records) > 1:\n"
        "        _real_handler({'Records': records[:1]}, context)\n"
        "    raise RuntimeError('test-only release failing after its first write')\n")
    ship_release(lam, name, source)
    acquire(name, emulator, "key-half", 2)
    wait_until(lambda: len(dlq_messages(sqs, name)) >= 2, what="2 parked batches")
    assert totals(ddb, name, "key-half", "hourly") == (1, 1)  # the half that was written
    code, out, err = run("rollback", "--name", name, "--yes")
    assert code == 0, out + err
    code, doc = json_of(run, "dlq", "redrive", "--name", name)
    assert code == 0 and (doc["replayed"], doc["failed"]) == (2, 0), doc
    assert queue_depth(sqs, name) == 0
    assert totals(ddb, name, "key-half", "hourly") == (2, 2)
