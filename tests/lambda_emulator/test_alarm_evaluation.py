"""The emulator's queue metrics and alarm evaluation (tests/support/cloudwatch_evaluator.py):
AWS/SQS depth is published per queue, and metric alarms change state by themselves as
CloudWatch documents it, in compressed time."""

from __future__ import annotations

import sys
import time
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "support"))
from cloudwatch_evaluator import decide  # noqa: E402


def _wait_state(cloudwatch, name: str, state: str, timeout: float = 10.0) -> dict:
    deadline = time.time() + timeout
    while True:
        alarm = cloudwatch.describe_alarms(AlarmNames=[name])["MetricAlarms"][0]
        if alarm["StateValue"] == state or time.time() > deadline:
            return alarm
        time.sleep(0.1)


def test_rules_follow_the_documented_evaluation():
    kw = dict(threshold=0.0, operator="GreaterThanThreshold", current="OK")
    assert decide([3.0], datapoints_to_alarm=1, treat_missing="notBreaching", **kw)[0] == "ALARM"
    assert decide([0.0], datapoints_to_alarm=1, treat_missing="notBreaching", **kw)[0] == "OK"
    assert decide([None], datapoints_to_alarm=1, treat_missing="notBreaching", **kw)[0] == "OK"
    assert decide([None], datapoints_to_alarm=1, treat_missing=None, **kw)[0] == "INSUFFICIENT_DATA"
    assert decide([None], datapoints_to_alarm=1, treat_missing="breaching", **kw)[0] == "ALARM"
    assert decide([None], datapoints_to_alarm=1, treat_missing="ignore",
                  threshold=0.0, operator="GreaterThanThreshold", current="ALARM")[0] == "ALARM"
    # 2 of 3: one breaching period is not enough, two are.
    assert decide([1.0, 0.0, 0.0], datapoints_to_alarm=2, treat_missing=None, **kw)[0] == "OK"
    assert decide([1.0, None, 1.0], datapoints_to_alarm=2, treat_missing=None, **kw)[0] == "ALARM"
    assert decide([5.0], datapoints_to_alarm=1, treat_missing=None, threshold=5.0,
                  operator="GreaterThanOrEqualToThreshold", current="OK")[0] == "ALARM"


def test_queue_depth_is_published_and_its_alarm_fires_and_clears(sqs, cloudwatch):
    queue = f"q-{uuid.uuid4().hex[:8]}"
    url = sqs.create_queue(QueueName=queue)["QueueUrl"]
    name = f"{queue}-depth"
    cloudwatch.put_metric_alarm(
        AlarmName=name, Namespace="AWS/SQS", MetricName="ApproximateNumberOfMessagesVisible",
        Dimensions=[{"Name": "QueueName", "Value": queue}], Statistic="Maximum", Period=300,
        EvaluationPeriods=1, Threshold=0, ComparisonOperator="GreaterThanThreshold",
        TreatMissingData="notBreaching")
    assert _wait_state(cloudwatch, name, "OK")["StateValue"] == "OK"

    sqs.send_message(QueueUrl=url, MessageBody="parked")
    alarm = _wait_state(cloudwatch, name, "ALARM")
    assert alarm["StateValue"] == "ALARM"
    assert alarm["StateReason"].startswith("Threshold Crossed: 1 out of the last 1 datapoints [1.0")

    now = datetime.now(timezone.utc)
    points = cloudwatch.get_metric_statistics(
        Namespace="AWS/SQS", MetricName="ApproximateNumberOfMessagesVisible",
        Dimensions=[{"Name": "QueueName", "Value": queue}], StartTime=now - timedelta(minutes=5),
        EndTime=now + timedelta(minutes=1), Period=60, Statistics=["Maximum"])["Datapoints"]
    assert max(p["Maximum"] for p in points) == 1.0

    handle = sqs.receive_message(QueueUrl=url)["Messages"][0]["ReceiptHandle"]
    sqs.delete_message(QueueUrl=url, ReceiptHandle=handle)
    assert _wait_state(cloudwatch, name, "OK")["StateValue"] == "OK"


def test_get_metric_data_serves_metric_stat_queries_newest_first():
    """GetMetricData as the launcher serves it to the Rust SDK over RPC v2 CBOR (the
    wire is exercised by `doctor` in tests/interop/test_doctor_e2e.py): the statistic
    per period, newest first, a datum matching when it carries the query's dimensions."""
    from cloudwatch_evaluator import metric_data

    class D:
        def __init__(self, name, value):
            self.name, self.value = name, value

    class Datum:
        def __init__(self, value, stamp, dims):
            self.namespace, self.name, self.value = "AWS/Lambda", "Errors", value
            self.timestamp, self.dimensions = stamp, [D(n, v) for n, v in dims]

    class Backend:
        def __init__(self, data):
            self.data = data

        def get_all_metrics(self):
            return self.data

    t0 = datetime(2026, 1, 1, 0, 0, 0)
    dims = [("FunctionName", "f"), ("Resource", "f:live"), ("ExecutedVersion", "2")]
    backend = Backend([Datum(1.0, t0 + timedelta(seconds=10), dims),
                       Datum(2.0, t0 + timedelta(seconds=70), dims),
                       Datum(5.0, t0 + timedelta(seconds=80), [("FunctionName", "other")])])
    query = {"Id": "m0", "ReturnData": True, "MetricStat": {
        "Metric": {"Namespace": "AWS/Lambda", "MetricName": "Errors",
                   "Dimensions": [{"Name": "FunctionName", "Value": "f"}]},
        "Period": 60, "Stat": "Sum"}}
    out = metric_data(backend, {"StartTime": t0, "EndTime": t0 + timedelta(minutes=3),
                                "MetricDataQueries": [query]})
    [r] = out["MetricDataResults"]
    assert r["Id"] == "m0" and r["Values"] == [2.0, 1.0]
    query["MetricStat"]["Period"] = 180
    out = metric_data(backend, {"StartTime": t0, "EndTime": t0 + timedelta(minutes=3),
                                "MetricDataQueries": [query]})
    assert out["MetricDataResults"][0]["Values"] == [3.0]
