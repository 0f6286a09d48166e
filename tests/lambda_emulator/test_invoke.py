"""Invoke runs Python functions as Lambda does (tests/support/lambda_runtime.py)."""

from __future__ import annotations

import base64
import json
import time
from datetime import datetime, timedelta, timezone

import pytest
from botocore.exceptions import ClientError
from lambda_helpers import log_lines, package, wait_for

ECHO = """
import os
def handler(event, context):
    keys = ["AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_VERSION", "AWS_REGION",
            "AWS_ENDPOINT_URL", "AWS_LAMBDA_LOG_GROUP_NAME", "GREETING", "LAMBDA_TASK_ROOT"]
    return {"event": event, "env": {k: os.environ.get(k) for k in keys},
            "request_id": context.aws_request_id, "arn": context.invoked_function_arn,
            "remaining": context.get_remaining_time_in_millis(),
            "memory": context.memory_limit_in_mb}
"""


def invoke(lam, name, payload=None, **kw):
    reply = lam.invoke(FunctionName=name, Payload=json.dumps(payload or {}), **kw)
    return reply, json.loads(reply["Payload"].read() or b"null")


def test_invoke_runs_the_handler_with_the_function_and_runtime_environment(lam, make_function, emulator):
    name = make_function(ECHO, Timeout=7, MemorySize=256,
                         Environment={"Variables": {"GREETING": "hello"}})
    reply, doc = invoke(lam, name, {"n": 1})
    assert reply["StatusCode"] == 200 and "FunctionError" not in reply
    assert doc["event"] == {"n": 1}
    assert doc["env"]["AWS_LAMBDA_FUNCTION_NAME"] == name
    assert doc["env"]["AWS_LAMBDA_FUNCTION_VERSION"] == "$LATEST"
    assert doc["env"]["AWS_REGION"] == "us-east-1"
    assert doc["env"]["AWS_ENDPOINT_URL"] == emulator
    assert doc["env"]["AWS_LAMBDA_LOG_GROUP_NAME"] == f"/aws/lambda/{name}"
    assert doc["env"]["GREETING"] == "hello"
    assert doc["arn"].endswith(f":function:{name}")
    assert 0 < doc["remaining"] <= 7000 and doc["memory"] == "256"


def test_a_handler_that_calls_back_into_the_emulator_does_not_deadlock(lam, make_function, ddb, table):
    # A synchronous Invoke is a request in flight while the handler makes its own.
    name = make_function(f"""
import boto3
def handler(event, context):
    boto3.client("dynamodb").put_item(TableName="{table[0]}",
        Item={{"PK": {{"S": "from-lambda"}}, "SK": {{"S": event["sk"]}}}})
    return "written"
""", Timeout=20)
    started = time.monotonic()
    reply, doc = invoke(lam, name, {"sk": "x"})
    assert doc == "written" and time.monotonic() - started < 15
    item = ddb.get_item(TableName=table[0], Key={"PK": {"S": "from-lambda"}, "SK": {"S": "x"}})
    assert "Item" in item


def test_an_alias_runs_its_version_and_a_version_the_code_it_was_published_with(lam, make_function):
    name = make_function("def handler(e, c):\n    return 'one'\n")
    v1 = lam.publish_version(FunctionName=name)["Version"]
    lam.create_alias(FunctionName=name, Name="live", FunctionVersion=v1)
    lam.update_function_code(FunctionName=name, ZipFile=package("def handler(e, c):\n    return 'two'\n"))
    assert invoke(lam, name)[1] == "two"
    reply, doc = invoke(lam, name, Qualifier="live")
    assert (doc, reply["ExecutedVersion"]) == ("one", v1)
    assert invoke(lam, f"{name}:live")[1] == "one"
    assert invoke(lam, name, Qualifier=v1)[1] == "one"
    v2 = lam.publish_version(FunctionName=name)["Version"]
    lam.update_alias(FunctionName=name, Name="live", FunctionVersion=v2)
    reply, doc = invoke(lam, name, Qualifier="live")
    assert (doc, reply["ExecutedVersion"]) == ("two", v2)


def test_an_unhandled_error_comes_back_as_lambda_reports_it(lam, make_function):
    name = make_function("def handler(e, c):\n    raise ValueError('bad input: ' + e['x'])\n")
    reply, doc = invoke(lam, name, {"x": "7"}, LogType="Tail")
    assert reply["StatusCode"] == 200 and reply["FunctionError"] == "Unhandled"
    assert doc["errorType"] == "ValueError" and doc["errorMessage"] == "bad input: 7"
    assert any("raise ValueError" in frame for frame in doc["stackTrace"])
    tail = base64.b64decode(reply["LogResult"]).decode()
    assert "[ERROR] ValueError: bad input: 7" in tail and "REPORT RequestId:" in tail


def test_a_missing_handler_module_is_an_import_error(lam, make_function):
    name = make_function("def handler(e, c):\n    return 1\n", Handler="missing.handler")
    reply, doc = invoke(lam, name)
    assert reply["FunctionError"] == "Unhandled"
    assert doc["errorType"] == "Runtime.ImportModuleError"
    assert doc["errorMessage"].startswith("Unable to import module 'missing'")


def test_the_timeout_kills_the_invocation_and_says_so(lam, make_function, logs):
    name = make_function("import time\ndef handler(e, c):\n    time.sleep(e.get('sleep', 0))\n    return 'done'\n",
                         Timeout=1)
    started = time.monotonic()
    reply, doc = invoke(lam, name, {"sleep": 30})
    assert time.monotonic() - started < 10
    assert reply["FunctionError"] == "Unhandled"
    assert doc["errorType"] == "Sandbox.Timedout"
    assert "Task timed out after 1.00 seconds" in doc["errorMessage"]
    assert any(line.endswith("Task timed out after 1.00 seconds") for line in log_lines(logs, name))
    assert any("Status: timeout" in line for line in log_lines(logs, name))
    # The killed environment is replaced: the next invocation works.
    assert invoke(lam, name, {"sleep": 0})[1] == "done"


def test_an_event_invocation_answers_202_and_runs_in_the_background(lam, make_function, ddb, table):
    name = make_function(f"""
import boto3, time
def handler(event, context):
    time.sleep(0.5)
    boto3.client("dynamodb").put_item(TableName="{table[0]}",
        Item={{"PK": {{"S": "async"}}, "SK": {{"S": "done"}}}})
""", Timeout=20)
    reply = lam.invoke(FunctionName=name, InvocationType="Event", Payload=b"{}")
    assert reply["StatusCode"] == 202 and reply["Payload"].read() == b""
    wait_for(lambda: "Item" in ddb.get_item(TableName=table[0],
                                            Key={"PK": {"S": "async"}, "SK": {"S": "done"}}))


def test_a_dry_run_runs_nothing(lam, make_function, logs):
    name = make_function("def handler(e, c):\n    print('ran')\n")
    reply = lam.invoke(FunctionName=name, InvocationType="DryRun", Payload=b"{}")
    assert reply["StatusCode"] == 204
    assert "ran" not in log_lines(logs, name)


def test_invoke_refuses_unknown_functions_and_bad_payloads(lam, make_function):
    with pytest.raises(ClientError) as err:
        lam.invoke(FunctionName="no-such-function", Payload=b"{}")
    assert err.value.response["Error"]["Code"] == "ResourceNotFoundException"
    name = make_function("def handler(e, c):\n    return 1\n")
    with pytest.raises(ClientError) as err:
        lam.invoke(FunctionName=name, Payload=b"{not json")
    assert err.value.response["Error"]["Code"] == "InvalidRequestContentException"


def test_a_function_of_another_runtime_is_refused_loudly(lam, make_function):
    name = make_function("exports.handler = async () => 1;", Runtime="nodejs20.x")
    with pytest.raises(ClientError) as err:
        lam.invoke(FunctionName=name, Payload=b"{}")
    assert "runs only Python functions" in str(err.value)


def test_each_invocation_is_logged_with_start_end_and_report(lam, make_function, logs):
    name = make_function("def handler(e, c):\n    print('working on', e['n'])\n")
    invoke(lam, name, {"n": 1})
    invoke(lam, name, {"n": 2})
    group = f"/aws/lambda/{name}"
    streams = logs.describe_log_streams(logGroupName=group)["logStreams"]
    # One warm environment served both: one stream.
    assert len(streams) == 1 and "/[$LATEST]" in streams[0]["logStreamName"]
    lines = log_lines(logs, name)
    starts = [l for l in lines if l.startswith("START RequestId: ")]
    reports = [l for l in lines if l.startswith("REPORT RequestId: ")]
    assert len(starts) == 2 and len(reports) == 2
    assert all(l.endswith("Version: $LATEST") for l in starts)
    assert [l for l in lines if l.startswith("working on")] == ["working on 1", "working on 2"]
    for field in ("Duration: ", "Billed Duration: ", "Memory Size: 128 MB", "Max Memory Used: "):
        assert all(field in r for r in reports)
    # Init Duration on the cold start only.
    assert "Init Duration: " in reports[0] and "Init Duration: " not in reports[1]
    assert lines.index(starts[0]) < lines.index("working on 1") < lines.index(reports[0])


def test_each_invocation_puts_one_datum_per_lambda_metric(lam, make_function, cloudwatch):
    name = make_function("def handler(e, c):\n    if e.get('fail'):\n        raise RuntimeError('no')\n")
    v1 = lam.publish_version(FunctionName=name)["Version"]
    lam.create_alias(FunctionName=name, Name="live", FunctionVersion=v1)
    invoke(lam, name, {}, Qualifier="live")
    invoke(lam, name, {"fail": True}, Qualifier="live")
    invoke(lam, name, {})
    now = datetime.now(timezone.utc)

    def stat(metric, dims, statistic="Sum"):
        points = cloudwatch.get_metric_statistics(
            Namespace="AWS/Lambda", MetricName=metric, Dimensions=dims,
            StartTime=now - timedelta(minutes=5), EndTime=now + timedelta(minutes=1),
            Period=600, Statistics=[statistic])["Datapoints"]
        return sum(p[statistic] for p in points)

    by_function = [{"Name": "FunctionName", "Value": name}]
    assert stat("Invocations", by_function) == 3
    assert stat("Errors", by_function) == 1
    assert stat("Throttles", by_function) == 0
    assert stat("Duration", by_function, "SampleCount") == 3
    assert stat("ConcurrentExecutions", by_function, "Maximum") == 1
    by_alias = by_function + [{"Name": "Resource", "Value": f"{name}:live"},
                              {"Name": "ExecutedVersion", "Value": v1}]
    assert stat("Invocations", by_alias) == 2


def test_concurrent_invocations_run_side_by_side_in_their_own_environments(lam, make_function, cloudwatch):
    import threading

    name = make_function("import os, time\ndef handler(e, c):\n    time.sleep(1.5)\n    return os.getpid()\n",
                         Timeout=10)
    invoke(lam, name)  # one warm environment to start with
    results = []
    threads = [threading.Thread(target=lambda: results.append(invoke(lam, name)[1])) for _ in range(2)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # Not one after the other (3 s and more), and two different environments.
    assert time.monotonic() - started < 2.9
    assert len(set(results)) == 2
    now = datetime.now(timezone.utc)
    points = cloudwatch.get_metric_statistics(
        Namespace="AWS/Lambda", MetricName="ConcurrentExecutions",
        Dimensions=[{"Name": "FunctionName", "Value": name}],
        StartTime=now - timedelta(minutes=5), EndTime=now + timedelta(minutes=1),
        Period=600, Statistics=["Maximum"])["Datapoints"]
    assert points[0]["Maximum"] == 2


def test_a_result_that_is_not_json_is_a_marshal_error(lam, make_function):
    name = make_function("def handler(e, c):\n    return {1, 2}\n")
    reply, doc = invoke(lam, name)
    assert reply["FunctionError"] == "Unhandled"
    assert doc["errorType"] == "Runtime.MarshalError"
    assert doc["errorMessage"].startswith("Unable to marshal response:")
