"""The pure rules of the emulator's Lambda model: event filters, batching, bisection,
partial-failure responses, record age, the on-failure record and the REPORT line.
(Record age has no end-to-end test: Lambda's smallest MaximumRecordAgeInSeconds is 60.)"""

from __future__ import annotations

import json
from datetime import datetime, timezone

import event_filters
import lambda_runtime
import pytest
import stream_poller
from stream_poller import Batch, Item

TEMPLATE_PATTERN = ('{"eventName":["INSERT","MODIFY"],'
                    '"dynamodb":{"Keys":{"SK":{"S":[{"prefix":"#BUCKET#"}]}}}}')


def record(event="MODIFY", sk="#BUCKET#api#rpm", seq="100"):
    return {"eventName": event, "dynamodb": {"Keys": {"PK": {"S": "ENTITY#e"}, "SK": {"S": sk}},
                                             "SequenceNumber": seq}}


def items(n, start=0, arrival=1000.0):
    return [Item(start + i, record(seq=str(500 + start + i)), arrival + i) for i in range(n)]


def test_the_template_filter_keeps_bucket_inserts_and_modifies_only():
    patterns = event_filters.parse_filters({"Filters": [{"Pattern": TEMPLATE_PATTERN}]})
    assert event_filters.keeps(patterns, record("INSERT"))
    assert event_filters.keeps(patterns, record("MODIFY"))
    assert not event_filters.keeps(patterns, record("REMOVE"))
    assert not event_filters.keeps(patterns, record("MODIFY", sk="#USAGE#api#hourly#x"))
    assert not event_filters.keeps(patterns, {"eventName": "MODIFY", "dynamodb": {}})


def test_filters_are_alternatives_and_values_match_exactly():
    patterns = event_filters.parse_filters({"Filters": [
        {"Pattern": '{"eventName": ["REMOVE"]}'},
        {"Pattern": '{"dynamodb": {"Keys": {"SK": {"S": ["exact"]}}}}'}]})
    assert event_filters.keeps(patterns, record("REMOVE"))
    assert event_filters.keeps(patterns, record("INSERT", sk="exact"))
    assert not event_filters.keeps(patterns, record("INSERT", sk="exactly"))
    assert event_filters.keeps([], record("REMOVE"))  # no filters: everything


@pytest.mark.parametrize("pattern", [
    '{"eventName": [{"anything-but": ["REMOVE"]}]}',
    '{"n": [{"numeric": [">", 0]}]}',
    '{"n": [{"exists": true}]}',
    '{"n": [{"suffix": "x"}]}',
    '{"$or": [{"a": ["b"]}]}',
    '{"eventName": "INSERT"}',
    '{"eventName": []}',
    '{}',
    'not json',
])
def test_unmodelled_filter_forms_are_refused(pattern):
    with pytest.raises(event_filters.FilterNotModelled):
        event_filters.parse_filters({"Filters": [{"Pattern": pattern}]})


def test_a_batch_waits_for_its_window_unless_it_is_full():
    pending = items(3)
    assert stream_poller.next_batch(pending, 3, batch_size=5, window=5, now=1004.9) is None
    batch = stream_poller.next_batch(pending, 3, batch_size=5, window=5, now=1005.0)
    assert [i.index for i in batch.items] == [0, 1, 2] and batch.end == 3
    full = stream_poller.next_batch(items(6), 9, batch_size=5, window=5, now=1000.0)
    assert [i.index for i in full.items] == [0, 1, 2, 3, 4] and full.end == 5
    assert stream_poller.next_batch([], 0, batch_size=5, window=0, now=1000.0) is None


def test_bisection_halves_the_batch_and_costs_no_retry():
    batch = Batch(items(5), end=7, attempts=3)  # the third invocation failed
    first, second = stream_poller.bisect(batch)
    assert [i.index for i in first.items] == [0, 1] and first.end == 2
    assert [i.index for i in second.items] == [2, 3, 4] and second.end == 7
    assert first.attempts == second.attempts == 2


def test_partial_failure_responses_restart_at_the_lowest_reported_record():
    batch = Batch(items(4), end=4)
    seqs = [i.sequence_number for i in batch.items]

    def verdict(doc):
        return stream_poller.reported_failures(json.dumps(doc).encode(), batch)

    assert verdict({"batchItemFailures": []}) == ("ok", 0)
    assert verdict(None) == ("ok", 0)
    assert verdict({"other": 1}) == ("ok", 0)
    assert verdict({"batchItemFailures": [{"itemIdentifier": seqs[3]},
                                          {"itemIdentifier": seqs[1]}]}) == ("partial", 1)
    assert verdict({"batchItemFailures": [{"itemIdentifier": "999"}]})[0] == "invalid"
    assert verdict({"batchItemFailures": [{"itemIdentifier": ""}]})[0] == "invalid"
    assert verdict({"batchItemFailures": [{}]})[0] == "invalid"
    assert verdict({"batchItemFailures": "all"})[0] == "invalid"


def test_records_older_than_the_maximum_age_are_split_off():
    batch = items(4, arrival=1000.0)  # arrivals 1000..1003
    expired, rest = stream_poller.split_expired(batch, max_age=60, now=1062.5)
    assert [i.index for i in expired] == [0, 1, 2] and [i.index for i in rest] == [3]
    assert stream_poller.split_expired(batch, max_age=-1, now=10**9) == ([], batch)


def test_the_on_failure_record_has_lambdas_shape():
    doc = stream_poller.failure_record(
        items=items(2, start=3), shard_id="shardId-1", stream_arn="arn:stream",
        function_arn="arn:fn:live", condition="RetryAttemptsExhausted", invocations=4,
        request_id="req", executed_version="7", function_error=True)
    assert doc["requestContext"] == {"requestId": "req", "functionArn": "arn:fn:live",
                                     "condition": "RetryAttemptsExhausted",
                                     "approximateInvokeCount": 4}
    assert doc["responseContext"] == {"statusCode": 200, "executedVersion": "7",
                                      "functionError": "Unhandled"}
    assert doc["version"] == "1.0" and doc["timestamp"].endswith("Z")
    assert doc["DDBStreamBatchInfo"] == {
        "shardId": "shardId-1", "startSequenceNumber": "503", "endSequenceNumber": "504",
        "approximateArrivalOfFirstRecord": "1970-01-01T00:16:40Z",
        "approximateArrivalOfLastRecord": "1970-01-01T00:16:41Z",
        "batchSize": 2, "streamArn": "arn:stream"}


def test_moto_stream_records_are_reshaped_as_lambda_sends_them():
    raw = {"eventVersion": "1.0", "awsRegion": "us-east-1",
           "dynamodb": {"ApproximateCreationDateTime": datetime(2026, 1, 2, 3, 4, 5, 600000),
                        "SequenceNumber": "1"}}
    rec, arrival = stream_poller.lambda_record(raw, "eu-west-1", "arn:stream")
    assert rec["eventVersion"] == "1.1" and rec["awsRegion"] == "eu-west-1"
    assert rec["eventSourceARN"] == "arn:stream"
    expected = datetime(2026, 1, 2, 3, 4, 5, 600000, tzinfo=timezone.utc).timestamp()
    assert arrival == expected and rec["dynamodb"]["ApproximateCreationDateTime"] == int(expected)
    assert raw["eventVersion"] == "1.0"  # moto's record is left as it was


def test_report_and_timeout_lines():
    line = lambda_runtime.report_line("r", 12.3, 256, 80, 150.25)
    assert line.split("\t") == ["REPORT RequestId: r", "Duration: 12.30 ms",
                                "Billed Duration: 13 ms", "Memory Size: 256 MB",
                                "Max Memory Used: 80 MB", "Init Duration: 150.25 ms"]
    warm = lambda_runtime.report_line("r", 1000.0, 128, 50, None, timed_out=True)
    assert "Init Duration" not in warm and warm.endswith("Status: timeout")
    assert lambda_runtime.timeout_error("r", 3) == {
        "errorType": "Sandbox.Timedout",
        "errorMessage": "RequestId: r Error: Task timed out after 3.00 seconds"}
