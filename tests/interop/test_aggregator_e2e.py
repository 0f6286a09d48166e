"""End to end through a stack the tool deployed: the published client's traffic → the
table's stream → the stack's mapping → the shipped aggregator (run by the emulator,
tests/support/lambda_runtime.py and stream_poller.py) → usage snapshots; and what a
failing release does: retries, the on-failure record in the DLQ, the mapping's
LastProcessingResult, `status`, and `rollback`.

The mapping's batching window is 5 s (templates/limiter.yaml), so every check here
waits for it.
"""

from __future__ import annotations

import asyncio
import json
import time

import boto3
import pytest
from zae_limiter import Limit

from python_suites import package, wait_for

from .test_published_client import client, deploy, json_of

REGION = "us-east-1"
# The mapping's window (5 s) plus slack for a loaded machine.
SNAPSHOT_WAIT = 40


def acquire(name: str, emulator: str, entity: str, times: int, per_minute: int = 60,
            pause_after: int | None = None, pause: float = 0.0) -> None:
    """`times` acquires of 1 rpm by the published client, with an optional pause after
    the first `pause_after` of them."""
    limiter = client(name, emulator, skip_version_check=True)

    async def go():
        try:
            for i in range(times):
                if pause_after is not None and i == pause_after:
                    await asyncio.sleep(pause)
                async with limiter.acquire(entity, "api", [Limit.per_minute("rpm", per_minute)],
                                           {"rpm": 1}):
                    pass
        finally:
            await limiter.close()

    asyncio.run(go())


def snapshots(ddb, name: str, entity: str, window: str) -> list[dict]:
    items = ddb.query(
        TableName=f"ZAEL-{name}", ConsistentRead=True,
        KeyConditionExpression="PK = :pk AND begins_with(SK, :sk)",
        ExpressionAttributeValues={":pk": {"S": f"ENTITY#{entity}"},
                                   ":sk": {"S": f"#USAGE#api#{window}#"}})["Items"]
    return [i["data"]["M"] for i in items]


def totals(ddb, name, entity, window) -> tuple[int, int]:
    """(rpm consumed, total_events) summed over the window's snapshots (an hour boundary
    during the test splits them; the sum is what was consumed)."""
    snaps = snapshots(ddb, name, entity, window)
    return (sum(int(float(s["rpm"]["N"])) for s in snaps if "rpm" in s),
            sum(int(s["total_events"]["N"]) for s in snaps))


def wait_until(check, timeout=SNAPSHOT_WAIT, what="condition"):
    return wait_for(check, timeout=timeout, interval=0.3, what=what)


@pytest.fixture(scope="session")
def aws(emulator):
    def make(service):
        return boto3.client(service, region_name=REGION, endpoint_url=emulator)

    return make


def mapping_of(lam, name: str) -> dict:
    """The stack's stream mapping (listed in full: moto does not list mappings on
    qualified ARNs by function name)."""
    found = [m for m in lam.list_event_source_mappings()["EventSourceMappings"]
             if f":function:ZAEL-{name}-aggregator" in m["FunctionArn"]]
    assert len(found) == 1, found
    return found[0]


def dlq_messages(sqs, name: str) -> list[dict]:
    url = sqs.get_queue_url(QueueName=f"ZAEL-{name}-aggregator-dlq")["QueueUrl"]
    got = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, VisibilityTimeout=0)
    return [json.loads(m["Body"]) for m in got.get("Messages", [])]


def ship_release(lam, name: str, source: str) -> str:
    """A release landing as a bad one would: new code, a published version, `live` moved
    to it. Returns the version."""
    function = f"ZAEL-{name}-aggregator"
    lam.update_function_code(FunctionName=function, ZipFile=package(source))
    version = lam.publish_version(FunctionName=function)["Version"]
    lam.update_alias(FunctionName=function, Name="live", FunctionVersion=version)
    return version


def test_client_traffic_becomes_snapshots_of_every_window(run, emulator, ddb, name):
    code, out, err = run("deploy", "--name", name, "--snapshot-windows", "hourly,daily,monthly")
    assert code == 0, f"deploy failed ({code}):\n{out}\n{err}"
    # 10 acquires, 5 s, 10 more on a 60/minute limit: the pause refills 5 tokens, which
    # the aggregator must not count as consumption.
    acquire(name, emulator, "key-e2e", 20, pause_after=10, pause=5.0)
    wait_until(lambda: totals(ddb, name, "key-e2e", "hourly")[1] >= 20, what="20 hourly events")
    time.sleep(1.0)  # nothing more may arrive
    for window in ("hourly", "daily", "monthly"):
        assert totals(ddb, name, "key-e2e", window) == (20, 20), window
        for snap in snapshots(ddb, name, "key-e2e", window):
            assert snap["window"]["S"] == window and snap["resource"]["S"] == "api"


def test_a_failing_release_lands_in_the_dlq_and_rollback_resumes(run, emulator, ddb, aws, name):
    lam, sqs, logs = aws("lambda"), aws("sqs"), aws("logs")
    deploy(run, name)
    function = f"ZAEL-{name}-aggregator"
    good = lam.get_alias(FunctionName=function, Name="live")["FunctionVersion"]
    bad = ship_release(lam, name, "def handler(event, context):\n"
                                  "    raise RuntimeError('test-only broken release')\n")
    assert bad != good

    acquire(name, emulator, "key-bad", 2)
    # [INSERT, MODIFY] fails, is bisected (free), each half fails 1 + 3 retries: two
    # on-failure records.
    messages = wait_until(lambda: len(dlq_messages(sqs, name)) >= 2 and dlq_messages(sqs, name),
                          what="2 on-failure records")
    for doc in messages:
        assert doc["requestContext"]["condition"] == "RetryAttemptsExhausted"
        assert doc["requestContext"]["approximateInvokeCount"] == 4
        assert doc["requestContext"]["functionArn"].endswith(f":function:{function}:live")
        assert doc["responseContext"]["executedVersion"] == bad
        assert doc["responseContext"]["functionError"] == "Unhandled"
        assert doc["DDBStreamBatchInfo"]["batchSize"] == 1
        assert doc["DDBStreamBatchInfo"]["streamArn"].startswith(
            f"arn:aws:dynamodb:{REGION}:123456789012:table/ZAEL-{name}/stream/")
    assert mapping_of(lam, name)["LastProcessingResult"] == "PROBLEM: Function call failed"
    assert totals(ddb, name, "key-bad", "hourly") == (0, 0)
    group = f"/aws/lambda/{function}"
    text = "\n".join(e["message"] for e in logs.filter_log_events(logGroupName=group)["events"])
    assert "[ERROR] RuntimeError: test-only broken release" in text

    code, doc = json_of(run, "status", "--name", name)
    assert doc["dlq_messages"] == 2
    assert doc["mapping"]["last_result"] == "PROBLEM: Function call failed"
    assert any("dead-letter queue" in p for p in doc["problems"]), doc["problems"]
    assert doc["healthy"] is False
    assert any("last batch failed" in p for p in doc["problems"]), doc["problems"]

    code, out, err = run("rollback", "--name", name, "--yes")
    assert code == 0, f"rollback failed ({code}):\n{out}\n{err}"
    assert lam.get_alias(FunctionName=function, Name="live")["FunctionVersion"] == good
    acquire(name, emulator, "key-bad", 3)
    wait_until(lambda: totals(ddb, name, "key-bad", "hourly")[1] >= 3, what="snapshots after rollback")
    assert totals(ddb, name, "key-bad", "hourly") == (3, 3)
    wait_until(lambda: mapping_of(lam, name)["LastProcessingResult"] == "OK", what="mapping OK")
    code, doc = json_of(run, "status", "--name", name)
    assert doc["mapping"]["last_result"] == "OK"
    assert doc["dlq_messages"] == 2  # parked batches stay until redriven


def test_a_partial_batch_failure_retries_only_from_the_failed_record(run, emulator, ddb, aws, name):
    lam, sqs, streams = aws("lambda"), aws("sqs"), aws("dynamodbstreams")
    deploy(run, name)
    table = f"ZAEL-{name}"
    # One batch (the 5 s window): 3 good acquires, a bucket the aggregator cannot read,
    # 2 more acquires. The aggregator applies the 3, reports the bad record and all after
    # it; Lambda retries from the bad one only, 3 times, then parks the rest.
    acquire(name, emulator, "key-p", 3)
    ddb.put_item(TableName=table, Item={"PK": {"S": "ENTITY#broken"},
                                         "SK": {"S": "#BUCKET#api#rpm"},
                                         "data": {"M": {"tokens_milli": {"S": "not a number"}}}})
    acquire(name, emulator, "key-p", 2)
    [doc] = wait_until(lambda: dlq_messages(sqs, name), what="an on-failure record")
    assert doc["requestContext"]["condition"] == "RetryAttemptsExhausted"
    assert "functionError" not in doc["responseContext"]  # the calls succeeded, items failed
    info = doc["DDBStreamBatchInfo"]
    arn = ddb.describe_table(TableName=table)["Table"]["LatestStreamArn"]
    shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
    iterator = streams.get_shard_iterator(StreamArn=arn, ShardId=shard,
                                          ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    records = streams.get_records(ShardIterator=iterator, Limit=1000)["Records"]
    broken = [r["dynamodb"]["SequenceNumber"] for r in records
              if r["dynamodb"]["Keys"]["PK"]["S"] == "ENTITY#broken"]
    assert info["startSequenceNumber"] == broken[0]
    # Parked: the broken record and the acquires after it in its batch (all 2 of them
    # unless the 5 s window closed in between; those of a later batch are applied).
    parked_acquires = info["batchSize"] - 1
    assert 0 <= parked_acquires <= 2
    # The 3 before it were applied once, though their batch ran 4 times.
    applied = 5 - parked_acquires
    wait_until(lambda: totals(ddb, name, "key-p", "hourly")[1] >= applied, what="applied acquires")
    assert totals(ddb, name, "key-p", "hourly") == (applied, applied)


def test_a_handler_that_times_out_is_reported_as_a_timeout(run, emulator, aws, name):
    lam, sqs, logs = aws("lambda"), aws("sqs"), aws("logs")
    code, out, err = run("deploy", "--name", name, "--lambda-timeout", "1")
    assert code == 0, f"deploy failed ({code}):\n{out}\n{err}"
    ship_release(lam, name, "import time\ndef handler(event, context):\n    time.sleep(30)\n")
    acquire(name, emulator, "key-t", 1)
    [doc] = wait_until(lambda: dlq_messages(sqs, name), what="an on-failure record")
    assert doc["responseContext"]["functionError"] == "Unhandled"
    assert doc["requestContext"]["approximateInvokeCount"] == 4
    group = f"/aws/lambda/ZAEL-{name}-aggregator"
    lines = [e["message"] for e in logs.filter_log_events(logGroupName=group)["events"]]
    assert sum(line.endswith("Task timed out after 1.00 seconds") for line in lines) == 4
    assert sum("Status: timeout" in line for line in lines) == 4
    assert mapping_of(lam, name)["LastProcessingResult"] == "PROBLEM: Function call failed"
