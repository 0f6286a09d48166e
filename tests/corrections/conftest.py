"""Fixtures for the tests of the launcher's own corrections (tests/support/moto_*.py):
the emulator and boto3 clients on it (tests/support/python_suites.py), the limiter
template, and a retained limiter table with items, as `zae-limiter delete` leaves one."""

from __future__ import annotations

import json
import sys
import uuid
from pathlib import Path

import boto3
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "support"))
from python_suites import REGION, ddb, emulator  # noqa: E402,F401

from .cfn_import import ITEMS, TEMPLATE, items_of, parse_template, sorted_items  # noqa: E402


@pytest.fixture(scope="session")
def cfn(emulator):
    return boto3.client("cloudformation", region_name=REGION, endpoint_url=emulator)


@pytest.fixture(scope="session")
def awslambda(emulator):
    return boto3.client("lambda", region_name=REGION, endpoint_url=emulator)


@pytest.fixture(scope="session")
def full_template() -> dict:
    """templates/limiter.yaml as moto reads it."""
    return parse_template(TEMPLATE.read_text())


@pytest.fixture
def name() -> str:
    """A fresh stack name, ZAEL-<name> as the tool names them (also the table's name)."""
    return f"ZAEL-imp{uuid.uuid4().hex[:10]}"


@pytest.fixture
def retained_table(cfn, ddb, full_template, name) -> str:
    """A limiter stack deployed from templates/limiter.yaml, given items, then deleted:
    its table (DeletionPolicy Retain) is left without a stack. Returns the table name."""
    cfn.create_stack(StackName=name, TemplateBody=json.dumps(full_template),
                     Capabilities=["CAPABILITY_NAMED_IAM"])
    assert cfn.describe_stacks(StackName=name)["Stacks"][0]["StackStatus"] == "CREATE_COMPLETE"
    for item in ITEMS:
        ddb.put_item(TableName=name, Item=item)
    cfn.delete_stack(StackName=name)
    assert items_of(ddb, name) == sorted_items(ITEMS)
    return name
