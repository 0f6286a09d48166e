"""The launcher serves CloudWatch's RPC v2 CBOR protocol (tests/support/
moto_corrections.py, serve_cloudwatch_over_rpc_v2_cbor): GetMetricStatistics sums what
was put, per period, with timestamps as CBOR tag 1, and refuses what AWS refuses."""

from __future__ import annotations

import datetime
import urllib.error
import urllib.request
import uuid

import boto3
import cbor2
import pytest

from python_suites import REGION

PATH = "/service/GraniteServiceVersion20100801/operation/"


def call(emulator, op, params):
    request = urllib.request.Request(
        emulator + PATH + op, data=cbor2.dumps(params), method="POST",
        headers={"Content-Type": "application/cbor", "smithy-protocol": "rpc-v2-cbor",
                 "Authorization": f"AWS4-HMAC-SHA256 Credential=test/20260101/{REGION}/"
                                  "monitoring/aws4_request, SignedHeaders=host, Signature=x"})
    try:
        with urllib.request.urlopen(request) as r:
            return r.status, cbor2.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, cbor2.loads(e.read())


def test_get_metric_statistics_sums_per_period(emulator):
    cw = boto3.client("cloudwatch", region_name=REGION, endpoint_url=emulator)
    function = f"f-{uuid.uuid4().hex[:8]}"
    now = datetime.datetime.now(datetime.timezone.utc).replace(second=0, microsecond=0)
    dims = [{"Name": "FunctionName", "Value": function}]
    for value in (1.0, 2.0):
        cw.put_metric_data(Namespace="AWS/Lambda", MetricData=[{
            "MetricName": "Errors", "Dimensions": dims, "Value": value, "Timestamp": now}])
    status, doc = call(emulator, "GetMetricStatistics", {
        "Namespace": "AWS/Lambda", "MetricName": "Errors", "Dimensions": dims,
        "StartTime": cbor2.CBORTag(1, (now - datetime.timedelta(minutes=5)).timestamp()),
        "EndTime": cbor2.CBORTag(1, (now + datetime.timedelta(minutes=1)).timestamp()),
        "Period": 60, "Statistics": ["Sum", "Maximum"]})
    assert status == 200, doc
    [point] = doc["Datapoints"]
    assert point["Sum"] == 3.0 and point["Maximum"] == 2.0
    stamp = point["Timestamp"]
    assert isinstance(stamp, datetime.datetime) and stamp == now
    # Another function's metric is not mixed in.
    status, doc = call(emulator, "GetMetricStatistics", {
        "Namespace": "AWS/Lambda", "MetricName": "Errors",
        "Dimensions": [{"Name": "FunctionName", "Value": "other"}],
        "StartTime": cbor2.CBORTag(1, (now - datetime.timedelta(minutes=5)).timestamp()),
        "EndTime": cbor2.CBORTag(1, (now + datetime.timedelta(minutes=1)).timestamp()),
        "Period": 60, "Statistics": ["Sum"]})
    assert status == 200 and doc["Datapoints"] == []


def test_an_end_before_the_start_is_refused(emulator):
    now = datetime.datetime.now(datetime.timezone.utc)
    status, doc = call(emulator, "GetMetricStatistics", {
        "Namespace": "AWS/Lambda", "MetricName": "Errors",
        "StartTime": cbor2.CBORTag(1, now.timestamp()),
        "EndTime": cbor2.CBORTag(1, (now - datetime.timedelta(minutes=5)).timestamp()),
        "Period": 60, "Statistics": ["Sum"]})
    assert status == 400
    assert "StartTime" in doc["message"]
