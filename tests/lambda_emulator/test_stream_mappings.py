"""DynamoDB stream mappings poll and invoke as Lambda does (tests/support/stream_poller.py).

Functions here print each event they get (`EVENT {json}`), so the tests read what was
delivered from the function's log, as an operator would."""

from __future__ import annotations

import json
import time

import pytest
from botocore.exceptions import ClientError
from lambda_helpers import put, queue_messages, seen_events, wait_for

RECORDER = """
import json
def handler(event, context):
    print("EVENT " + json.dumps(event))
"""

# Fails the whole invocation while any record of the batch has SK "bad".
FAIL_ON_BAD = """
import json
def handler(event, context):
    print("EVENT " + json.dumps(event))
    if any(r["dynamodb"]["Keys"]["SK"]["S"] == "bad" for r in event["Records"]):
        raise RuntimeError("bad record in batch")
"""


def sks(event) -> list[str]:
    return [r["dynamodb"]["Keys"]["SK"]["S"] for r in event["Records"]]


def mapping(lam, function, stream_arn, **settings):
    settings.setdefault("StartingPosition", "LATEST")
    settings.setdefault("BatchSize", 10)
    settings.setdefault("MaximumBatchingWindowInSeconds", 0)
    return lam.create_event_source_mapping(EventSourceArn=stream_arn, FunctionName=function,
                                           **settings)["UUID"]


def test_records_arrive_in_the_event_shape_lambda_sends(lam, make_function, table, ddb, logs):
    name = make_function(RECORDER)
    mapping(lam, name, table[1])
    put(ddb, table[0], "p", "a", v="1")
    ddb.update_item(TableName=table[0], Key={"PK": {"S": "p"}, "SK": {"S": "a"}},
                    UpdateExpression="SET v = :v", ExpressionAttributeValues={":v": {"S": "2"}})
    events = wait_for(lambda: (e := seen_events(logs, name)) and sum(len(x["Records"]) for x in e) >= 2 and e)
    records = [r for e in events for r in e["Records"]]
    assert [r["eventName"] for r in records] == ["INSERT", "MODIFY"]
    for r in records:
        assert r["eventSource"] == "aws:dynamodb" and r["eventVersion"] == "1.1"
        assert r["awsRegion"] == "us-east-1" and r["eventSourceARN"] == table[1]
        assert r["eventID"]
        d = r["dynamodb"]
        assert d["Keys"] == {"PK": {"S": "p"}, "SK": {"S": "a"}}
        assert d["StreamViewType"] == "NEW_AND_OLD_IMAGES"
        assert isinstance(d["ApproximateCreationDateTime"], int)
        assert abs(d["ApproximateCreationDateTime"] - time.time()) < 60
        assert d["SizeBytes"] > 0 and d["SequenceNumber"].isdigit()
    assert "OldImage" not in records[0]["dynamodb"]
    assert records[1]["dynamodb"]["OldImage"]["v"] == {"S": "1"}
    assert records[1]["dynamodb"]["NewImage"]["v"] == {"S": "2"}
    assert int(records[0]["dynamodb"]["SequenceNumber"]) < int(records[1]["dynamodb"]["SequenceNumber"])


def test_latest_starts_after_the_records_already_in_the_stream(lam, make_function, table, ddb, logs):
    put(ddb, table[0], "p", "before")
    name = make_function(RECORDER)
    mapping(lam, name, table[1], StartingPosition="LATEST")
    put(ddb, table[0], "p", "after")
    events = wait_for(lambda: seen_events(logs, name))
    time.sleep(0.5)
    assert [sk for e in seen_events(logs, name) for sk in sks(e)] == ["after"]
    other = make_function(RECORDER)
    mapping(lam, other, table[1], StartingPosition="TRIM_HORIZON")
    wait_for(lambda: [sk for e in seen_events(logs, other) for sk in sks(e)] == ["before", "after"])
    assert events


def test_batches_hold_batch_size_records_and_wait_for_the_batching_window(lam, make_function, table, ddb, logs):
    name = make_function(RECORDER)
    mapping(lam, name, table[1], BatchSize=3, MaximumBatchingWindowInSeconds=2)
    written = time.time()
    for i in range(7):
        put(ddb, table[0], "p", f"r{i}")
    events = wait_for(lambda: (e := seen_events(logs, name)) and sum(len(x["Records"]) for x in e) == 7 and e,
                      timeout=15)
    assert [len(e["Records"]) for e in events] == [3, 3, 1]
    assert [sk for e in events for sk in sks(e)] == [f"r{i}" for i in range(7)]
    # The last, partial batch waited out the window; full batches did not have to.
    assert time.time() - written >= 2


def test_filter_criteria_drop_records_before_batching(lam, make_function, table, ddb, logs):
    name = make_function(RECORDER)
    pattern = {"eventName": ["INSERT", "MODIFY"],
               "dynamodb": {"Keys": {"SK": {"S": [{"prefix": "#BUCKET#"}]}}}}
    mapping(lam, name, table[1], FilterCriteria={"Filters": [{"Pattern": json.dumps(pattern)}]})
    put(ddb, table[0], "p", "#BUCKET#a")
    put(ddb, table[0], "p", "#USAGE#x")
    put(ddb, table[0], "p", "#BUCKET#a", v="2")
    ddb.delete_item(TableName=table[0], Key={"PK": {"S": "p"}, "SK": {"S": "#BUCKET#a"}})
    put(ddb, table[0], "p", "#BUCKET#b")
    wait_for(lambda: "#BUCKET#b" in [sk for e in seen_events(logs, name) for sk in sks(e)])
    records = [r for e in seen_events(logs, name) for r in e["Records"]]
    assert [(r["eventName"], r["dynamodb"]["Keys"]["SK"]["S"]) for r in records] == [
        ("INSERT", "#BUCKET#a"), ("MODIFY", "#BUCKET#a"), ("INSERT", "#BUCKET#b")]


def test_filter_forms_the_emulator_does_not_model_are_refused(lam, make_function, table, queue):
    name = make_function(RECORDER)
    for pattern in ({"dynamodb": {"NewImage": {"n": {"N": [{"numeric": [">", 1]}]}}}},
                    {"eventName": [{"anything-but": "REMOVE"}]},
                    {"eventName": "INSERT"}):
        with pytest.raises(ClientError) as err:
            mapping(lam, name, table[1], FilterCriteria={"Filters": [{"Pattern": json.dumps(pattern)}]})
        assert err.value.response["Error"]["Code"] == "InvalidParameterValueException"
        assert "test emulator" in str(err.value) or "list" in str(err.value)
    with pytest.raises(ClientError) as err:
        mapping(lam, name, table[1], DestinationConfig={
            "OnFailure": {"Destination": "arn:aws:sns:us-east-1:123456789012:topic"}})
    assert "SQS" in str(err.value)
    assert not [m for m in lam.list_event_source_mappings()["EventSourceMappings"]
                if m["FunctionArn"].endswith(name)]


def test_retries_run_out_then_the_on_failure_record_goes_to_the_queue(lam, make_function, table, ddb, logs, sqs, queue):
    name = make_function(FAIL_ON_BAD)
    uuid = mapping(lam, name, table[1], MaximumRetryAttempts=2,
                   DestinationConfig={"OnFailure": {"Destination": queue[1]}})
    put(ddb, table[0], "p", "bad")
    messages = wait_for(lambda: queue_messages(sqs, queue[0]))
    assert [sks(e) for e in seen_events(logs, name)] == [["bad"]] * 3  # 1 call + 2 retries
    [doc] = messages
    ctx = doc["requestContext"]
    assert ctx["condition"] == "RetryAttemptsExhausted" and ctx["approximateInvokeCount"] == 3
    assert ctx["functionArn"].endswith(f":function:{name}") and ctx["requestId"]
    assert doc["responseContext"] == {"statusCode": 200, "executedVersion": "$LATEST",
                                      "functionError": "Unhandled"}
    info = doc["DDBStreamBatchInfo"]
    assert info["batchSize"] == 1 and info["streamArn"] == table[1]
    assert info["startSequenceNumber"] == info["endSequenceNumber"]
    assert info["shardId"].startswith("shardId-")
    assert info["approximateArrivalOfFirstRecord"].endswith("Z")
    assert lam.get_event_source_mapping(UUID=uuid)["LastProcessingResult"] == "PROBLEM: Function call failed"
    # The mapping moved on: the next record is delivered, and a success reads OK.
    put(ddb, table[0], "p", "good")
    wait_for(lambda: ["good"] in [sks(e) for e in seen_events(logs, name)])
    wait_for(lambda: lam.get_event_source_mapping(UUID=uuid)["LastProcessingResult"] == "OK")


def test_bisecting_isolates_the_failing_record(lam, make_function, table, ddb, logs, sqs, queue):
    name = make_function(FAIL_ON_BAD)
    mapping(lam, name, table[1], BatchSize=4, MaximumBatchingWindowInSeconds=1,
            BisectBatchOnFunctionError=True, MaximumRetryAttempts=1,
            DestinationConfig={"OnFailure": {"Destination": queue[1]}})
    for sk in ("a", "b", "bad", "c"):
        put(ddb, table[0], "p", sk)
    [doc] = wait_for(lambda: queue_messages(sqs, queue[0]))
    wait_for(lambda: ["c"] in [sks(e) for e in seen_events(logs, name)])
    batches = [sks(e) for e in seen_events(logs, name)]
    # [a b bad c] fails -> [a b] ok, [bad c] fails -> [bad] fails, retried once (the
    # splits cost no retries), given up -> [c] ok.
    assert batches == [["a", "b", "bad", "c"], ["a", "b"], ["bad", "c"], ["bad"], ["bad"], ["c"]]
    assert doc["DDBStreamBatchInfo"]["batchSize"] == 1
    assert doc["requestContext"]["approximateInvokeCount"] == 2


def test_reported_item_failures_restart_at_the_lowest_reported_record(lam, make_function, table, ddb, logs):
    # Reports the records with SK "fail-once" the first time it sees them.
    name = make_function("""
import json
seen = set()
def handler(event, context):
    print("EVENT " + json.dumps(event))
    failed = []
    for r in event["Records"]:
        sk, seq = r["dynamodb"]["Keys"]["SK"]["S"], r["dynamodb"]["SequenceNumber"]
        if sk.startswith("fail-once") and seq not in seen:
            seen.add(seq)
            failed.append({"itemIdentifier": seq})
    return {"batchItemFailures": failed}
""")
    uuid = mapping(lam, name, table[1], BatchSize=5, MaximumBatchingWindowInSeconds=1,
                   FunctionResponseTypes=["ReportBatchItemFailures"], MaximumRetryAttempts=2)
    for sk in ("a", "fail-once-1", "b", "fail-once-2", "c"):
        put(ddb, table[0], "p", sk)
    wait_for(lambda: len(seen_events(logs, name)) >= 2, timeout=10)
    time.sleep(0.6)
    batches = [sks(e) for e in seen_events(logs, name)]
    # Both fail-once records were reported; the retry starts at the lower one and
    # leaves out "a", which was done.
    assert batches == [["a", "fail-once-1", "b", "fail-once-2", "c"],
                       ["fail-once-1", "b", "fail-once-2", "c"]]
    assert lam.get_event_source_mapping(UUID=uuid)["LastProcessingResult"] == "OK"


def test_an_unknown_reported_item_fails_the_whole_batch(lam, make_function, table, ddb, logs, sqs, queue):
    name = make_function("""
import json
def handler(event, context):
    print("EVENT " + json.dumps(event))
    return {"batchItemFailures": [{"itemIdentifier": "not-a-sequence-number"}]}
""")
    mapping(lam, name, table[1], BatchSize=5, MaximumBatchingWindowInSeconds=1,
            FunctionResponseTypes=["ReportBatchItemFailures"], MaximumRetryAttempts=1,
            DestinationConfig={"OnFailure": {"Destination": queue[1]}})
    put(ddb, table[0], "p", "a")
    put(ddb, table[0], "p", "b")
    [doc] = wait_for(lambda: queue_messages(sqs, queue[0]))
    assert [sks(e) for e in seen_events(logs, name)] == [["a", "b"], ["a", "b"]]
    assert doc["DDBStreamBatchInfo"]["batchSize"] == 2
    assert "functionError" not in doc["responseContext"]


def test_a_disabled_mapping_reads_nothing_and_resumes_where_it_stopped(lam, make_function, table, ddb, logs):
    name = make_function(RECORDER)
    uuid = mapping(lam, name, table[1])
    lam.update_event_source_mapping(UUID=uuid, Enabled=False)
    put(ddb, table[0], "p", "while-disabled")
    time.sleep(1.0)
    assert seen_events(logs, name) == []
    lam.update_event_source_mapping(UUID=uuid, Enabled=True)
    wait_for(lambda: [sk for e in seen_events(logs, name) for sk in sks(e)] == ["while-disabled"])


def test_a_deleted_mapping_reads_nothing(lam, make_function, table, ddb, logs):
    name = make_function(RECORDER)
    uuid = mapping(lam, name, table[1])
    put(ddb, table[0], "p", "first")
    wait_for(lambda: seen_events(logs, name))
    lam.delete_event_source_mapping(UUID=uuid)
    put(ddb, table[0], "p", "second")
    time.sleep(1.0)
    assert [sk for e in seen_events(logs, name) for sk in sks(e)] == ["first"]


def test_a_mapping_on_an_alias_follows_the_alias(lam, make_function, table, ddb, logs):
    from lambda_helpers import package

    name = make_function("import json\ndef handler(e, c):\n    print('EVENT ' + json.dumps(dict(e, v='one')))\n")
    v1 = lam.publish_version(FunctionName=name)["Version"]
    alias = lam.create_alias(FunctionName=name, Name="live", FunctionVersion=v1)["AliasArn"]
    mapping(lam, alias, table[1])
    put(ddb, table[0], "p", "x")
    wait_for(lambda: [e["v"] for e in seen_events(logs, name)] == ["one"])
    lam.update_function_code(FunctionName=name, ZipFile=package(
        "import json\ndef handler(e, c):\n    print('EVENT ' + json.dumps(dict(e, v='two')))\n"))
    v2 = lam.publish_version(FunctionName=name)["Version"]
    lam.update_alias(FunctionName=name, Name="live", FunctionVersion=v2)
    put(ddb, table[0], "p", "y")
    wait_for(lambda: [e["v"] for e in seen_events(logs, name)] == ["one", "two"])


def test_stream_invocations_report_iterator_age(lam, make_function, table, ddb, cloudwatch):
    from datetime import datetime, timedelta, timezone

    name = make_function(RECORDER)
    uuid = mapping(lam, name, table[1], MaximumBatchingWindowInSeconds=1)
    put(ddb, table[0], "p", "a")
    wait_for(lambda: lam.get_event_source_mapping(UUID=uuid)["LastProcessingResult"] == "OK")
    now = datetime.now(timezone.utc)
    points = cloudwatch.get_metric_statistics(
        Namespace="AWS/Lambda", MetricName="IteratorAge",
        Dimensions=[{"Name": "FunctionName", "Value": name}],
        StartTime=now - timedelta(minutes=5), EndTime=now + timedelta(minutes=1),
        Period=600, Statistics=["Maximum", "SampleCount"])["Datapoints"]
    assert len(points) == 1 and points[0]["SampleCount"] == 1
    # The batch waited about the 1 s window before it ran.
    assert 900 <= points[0]["Maximum"] < 10000
