"""What both Python suites (tests/aggregator, tests/interop) share: the emulator and
DynamoDB fixtures, the handler the tool ships, and reading a table's stream as Lambda
would deliver it. Each conftest imports the fixtures from here."""

from __future__ import annotations

import importlib.util
import io
import sys
import time
import zipfile
from pathlib import Path

import boto3
import pytest

import emulator as emulator_support

REPO = Path(__file__).resolve().parents[2]
HANDLER = REPO / "templates" / "aggregator" / "index.py"
REGION = "us-east-1"


def load_handler_module():
    """templates/aggregator/index.py, the file the tool ships, imported as Lambda would."""
    spec = importlib.util.spec_from_file_location("zael_aggregator_index", HANDLER)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module


def stream_records(ddb, streams, table):
    """The table's stream records, shaped as Lambda delivers them (epoch numbers, not
    datetimes), for tests that hand them to the handler themselves (tests of a table
    without a mapping; the emulator's stream pollers deliver to mapped functions)."""
    arn = ddb.describe_table(TableName=table)["Table"]["LatestStreamArn"]
    records = []
    for shard in streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"]:
        iterator = streams.get_shard_iterator(
            StreamArn=arn, ShardId=shard["ShardId"], ShardIteratorType="TRIM_HORIZON"
        )["ShardIterator"]
        for record in streams.get_records(ShardIterator=iterator, Limit=1000)["Records"]:
            created = record["dynamodb"]["ApproximateCreationDateTime"]
            record["dynamodb"]["ApproximateCreationDateTime"] = created.timestamp()
            record["eventSourceARN"] = arn
            records.append(record)
    return records


@pytest.fixture(scope="session")
def emulator():
    """moto's server on a free port, tied to this pytest process; the AWS environment
    points at it. Yields its URL."""
    try:
        with emulator_support.running(REGION) as url:
            yield url
    except RuntimeError as e:
        pytest.fail(str(e))


@pytest.fixture(scope="session")
def ddb(emulator):
    return boto3.client("dynamodb", region_name=REGION, endpoint_url=emulator)


@pytest.fixture(scope="session")
def streams(emulator):
    return boto3.client("dynamodbstreams", region_name=REGION, endpoint_url=emulator)


def package(source: str, name: str = "index.py") -> bytes:
    """A Lambda deployment package holding one module."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(name, source)
    return buf.getvalue()


def wait_for(check, timeout: float = 20.0, interval: float = 0.1, what: str = "condition"):
    """Polls `check` until it returns something truthy and returns that; fails the test
    on timeout with the last value seen."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"{what} not met within {timeout} s (last value {value!r})")
        time.sleep(interval)
