"""`apply_table_ttl_from_template` (tests/support/moto_table_ttl.py): a stack's table
reads the TTL its template specifies, and only then."""

from __future__ import annotations

import json


def _stack(cfn, name: str, ttl: dict | None) -> None:
    props = {"TableName": name, "BillingMode": "PAY_PER_REQUEST",
             "AttributeDefinitions": [{"AttributeName": "PK", "AttributeType": "S"}],
             "KeySchema": [{"AttributeName": "PK", "KeyType": "HASH"}]}
    if ttl is not None:
        props["TimeToLiveSpecification"] = ttl
    body = {"Resources": {"T": {"Type": "AWS::DynamoDB::Table", "Properties": props}}}
    cfn.create_stack(StackName=name, TemplateBody=json.dumps(body))


def test_ttl_follows_the_template(cfn, ddb, name):
    _stack(cfn, name, {"AttributeName": "ttl", "Enabled": True})
    desc = ddb.describe_time_to_live(TableName=name)["TimeToLiveDescription"]
    assert desc == {"TimeToLiveStatus": "ENABLED", "AttributeName": "ttl"}

    other = name + "b"
    _stack(cfn, other, None)
    assert ddb.describe_time_to_live(TableName=other)["TimeToLiveDescription"][
        "TimeToLiveStatus"] == "DISABLED"
