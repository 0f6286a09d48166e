"""Fixtures for the tests of the emulator's own corrections (tests/support/moto_*.py):
the emulator and boto3 clients on it, the limiter template as moto reads it, and a
retained limiter table with items, as `zae-limiter delete` leaves one behind."""

from __future__ import annotations

import json
import sys
import uuid
from pathlib import Path

import boto3
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "support"))
from python_suites import REGION, REPO, ddb, emulator  # noqa: E402,F401

TEMPLATE = REPO / "templates" / "limiter.yaml"
TABLE_ID = "RateLimitsTable"


def parse_template(text: str) -> dict:
    """A template as moto parses it (its YAML loader with the short-form tags), so
    templates built from it compare equal to the tool's own in moto's diffs."""
    import yaml
    from moto.cloudformation.utils import yaml_tag_constructor

    yaml.add_multi_constructor("", yaml_tag_constructor)
    return yaml.load(text, Loader=yaml.Loader)


@pytest.fixture(scope="session")
def full_template() -> dict:
    return parse_template(TEMPLATE.read_text())


def referenced_parameters(node, parameters: dict) -> set[str]:
    """Names of the template parameters a resource refers to (Ref and Fn::Sub)."""
    found: set[str] = set()
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "Ref" and value in parameters:
                found.add(value)
            elif key == "Fn::Sub":
                text = value if isinstance(value, str) else value[0]
                found.update(p for p in parameters if "${" + p + "}" in text)
            found |= referenced_parameters(value, parameters)
    elif isinstance(node, list):
        for value in node:
            found |= referenced_parameters(value, parameters)
    return found


def import_template(full: dict, logical_ids=(TABLE_ID,)) -> dict:
    """What a tool sends to import: only the given resources as the full template
    declares them, the parameters they refer to, no Conditions and no Outputs."""
    resources = {name: full["Resources"][name] for name in logical_ids}
    used = referenced_parameters(resources, full.get("Parameters", {}))
    return {
        "AWSTemplateFormatVersion": full["AWSTemplateFormatVersion"],
        "Parameters": {name: full["Parameters"][name] for name in sorted(used)},
        "Resources": json.loads(json.dumps(resources)),
    }


def table_import(table: str, logical_id: str = TABLE_ID) -> list[dict]:
    return [{"ResourceType": "AWS::DynamoDB::Table", "LogicalResourceId": logical_id,
             "ResourceIdentifier": {"TableName": table}}]


@pytest.fixture(scope="session")
def cfn(emulator):
    return boto3.client("cloudformation", region_name=REGION, endpoint_url=emulator)


@pytest.fixture(scope="session")
def awslambda(emulator):
    return boto3.client("lambda", region_name=REGION, endpoint_url=emulator)


@pytest.fixture
def name() -> str:
    """A fresh stack name, ZAEL-<name> as the tool names them (also the table's name)."""
    return f"ZAEL-imp{uuid.uuid4().hex[:10]}"


ITEMS = [
    {"PK": {"S": f"ENTITY#e{i}"}, "SK": {"S": "#META"}, "name": {"S": f"entity {i}"}}
    for i in range(5)
]


def items_of(ddb, table: str) -> list[dict]:
    found = ddb.scan(TableName=table, ConsistentRead=True)["Items"]
    return sorted(found, key=lambda i: (i["PK"]["S"], i["SK"]["S"]))


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
    assert items_of(ddb, name) == sorted(ITEMS, key=lambda i: (i["PK"]["S"], i["SK"]["S"]))
    return name
