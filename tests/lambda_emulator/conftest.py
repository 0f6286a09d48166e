"""Fixtures for the tests of the emulator's Lambda model (tests/support/lambda_runtime.py,
stream_poller.py, event_filters.py): functions, tables with streams, mappings and
queues created through boto3 against the launcher, and helpers to read what the
functions saw from their CloudWatch logs."""

from __future__ import annotations

import sys
import uuid
from pathlib import Path

import boto3
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "support"))
from lambda_helpers import package  # noqa: E402
from python_suites import REGION, ddb, emulator, streams  # noqa: E402,F401


def _client(service: str, url: str):
    return boto3.client(service, region_name=REGION, endpoint_url=url)


@pytest.fixture(scope="session")
def lam(emulator):
    return _client("lambda", emulator)


@pytest.fixture(scope="session")
def sqs(emulator):
    return _client("sqs", emulator)


@pytest.fixture(scope="session")
def logs(emulator):
    return _client("logs", emulator)


@pytest.fixture(scope="session")
def cloudwatch(emulator):
    return _client("cloudwatch", emulator)


@pytest.fixture(scope="session")
def role(emulator):
    iam = _client("iam", emulator)
    return iam.create_role(RoleName="emulator-tests", AssumeRolePolicyDocument="{}")["Role"]["Arn"]


@pytest.fixture
def make_function(lam, role):
    """make_function(source, **config) -> name of a new function running `source` as index.py."""

    def make(source: str, **config) -> str:
        name = f"fn-{uuid.uuid4().hex[:8]}"
        lam.create_function(FunctionName=name, Runtime=config.pop("Runtime", "python3.12"),
                            Role=role, Handler=config.pop("Handler", "index.handler"),
                            Code={"ZipFile": package(source)}, **config)
        return name

    return make


@pytest.fixture
def table(ddb):
    """A new table (PK/SK strings) with a NEW_AND_OLD_IMAGES stream; yields (name, stream ARN)."""
    name = f"t-{uuid.uuid4().hex[:8]}"
    desc = ddb.create_table(
        TableName=name, BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=[{"AttributeName": "PK", "AttributeType": "S"},
                              {"AttributeName": "SK", "AttributeType": "S"}],
        KeySchema=[{"AttributeName": "PK", "KeyType": "HASH"},
                   {"AttributeName": "SK", "KeyType": "RANGE"}],
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
    )["TableDescription"]
    return name, desc["LatestStreamArn"]


@pytest.fixture
def queue(sqs):
    """A new SQS queue; (url, arn)."""
    url = sqs.create_queue(QueueName=f"q-{uuid.uuid4().hex[:8]}")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    return url, arn
