"""The launcher's corrections of which resources an update modifies and of resource
lookups by physical id (tests/support/moto_update_diff.py, moto_resource_owner.py): each
does what AWS does, including what AWS refuses."""

from __future__ import annotations

import json
import uuid

import pytest
from botocore.exceptions import ClientError


# A named table whose deletion protection follows a parameter through a condition, as
# the limiter template's does.
TEMPLATE = {
    "Parameters": {"Protect": {"Type": "String", "Default": "true"},
                   "Name": {"Type": "String"}},
    "Conditions": {"Protected": {"Fn::Equals": [{"Ref": "Protect"}, "true"]}},
    "Resources": {
        "Table": {
            "Type": "AWS::DynamoDB::Table",
            "DeletionPolicy": "Retain",
            "Properties": {
                "TableName": {"Ref": "Name"},
                "BillingMode": "PAY_PER_REQUEST",
                "AttributeDefinitions": [{"AttributeName": "PK", "AttributeType": "S"}],
                "KeySchema": [{"AttributeName": "PK", "KeyType": "HASH"}],
                "StreamSpecification": {"StreamViewType": "NEW_AND_OLD_IMAGES"},
                "DeletionProtectionEnabled": {"Fn::If": ["Protected", True, False]},
            },
        }
    },
}


def items_of(ddb, table):
    return ddb.scan(TableName=table, ConsistentRead=True)["Items"]


def params(name, protect):
    return [{"ParameterKey": "Name", "ParameterValue": name},
            {"ParameterKey": "Protect", "ParameterValue": protect}]


@pytest.fixture
def stack(cfn, ddb):
    name = f"ZAEL-upd{uuid.uuid4().hex[:10]}"
    cfn.create_stack(StackName=name, TemplateBody=json.dumps(TEMPLATE),
                     Parameters=params(name, "true"))
    ddb.put_item(TableName=name, Item={"PK": {"S": "keep"}})
    return name


def protected(ddb, table):
    return ddb.describe_table(TableName=table)["Table"]["DeletionProtectionEnabled"]


def test_a_parameter_read_through_a_condition_updates_the_table_in_place(cfn, ddb, stack):
    assert protected(ddb, stack) is True
    stream = ddb.describe_table(TableName=stack)["Table"]["LatestStreamArn"]
    cfn.update_stack(StackName=stack, TemplateBody=json.dumps(TEMPLATE),
                     Parameters=params(stack, "false"))
    assert cfn.describe_stacks(StackName=stack)["Stacks"][0]["StackStatus"] == "UPDATE_COMPLETE"
    assert protected(ddb, stack) is False
    # The same table: items, stream and the stack's resource entry are all still there.
    assert items_of(ddb, stack) == [{"PK": {"S": "keep"}}]
    assert ddb.describe_table(TableName=stack)["Table"]["LatestStreamArn"] == stream
    (resource,) = cfn.describe_stack_resources(StackName=stack)["StackResources"]
    assert (resource["LogicalResourceId"], resource["PhysicalResourceId"]) == ("Table", stack)
    cfn.update_stack(StackName=stack, TemplateBody=json.dumps(TEMPLATE),
                     Parameters=params(stack, "true"))
    assert protected(ddb, stack) is True
    with pytest.raises(ClientError):  # DeleteTable is refused while it is on
        ddb.delete_table(TableName=stack)
    cfn.delete_stack(StackName=stack)


def test_describe_stack_resources_finds_the_owner_by_physical_id(cfn, ddb, stack):
    found = cfn.describe_stack_resources(PhysicalResourceId=stack)["StackResources"]
    assert {r["StackName"] for r in found} == {stack}
    assert [r["LogicalResourceId"] for r in found] == ["Table"]
    # The StackName form is moto's own and unchanged.
    assert cfn.describe_stack_resources(StackName=stack)["StackResources"][0]["StackName"] == stack
    # A resource no stack owns: AWS's ValidationError.
    with pytest.raises(ClientError) as err:
        cfn.describe_stack_resources(PhysicalResourceId="ZAEL-nobody-owns-this")
    assert err.value.response["Error"]["Code"] == "ValidationError"
    assert "does not exist" in err.value.response["Error"]["Message"]
    # Once its stack is deleted (table retained), nobody owns the table.
    cfn.delete_stack(StackName=stack)
    with pytest.raises(ClientError):
        cfn.describe_stack_resources(PhysicalResourceId=stack)
    assert items_of(ddb, stack) == [{"PK": {"S": "keep"}}]


@pytest.mark.parametrize("how", ["backup", "point_in_time"])
def test_a_restored_table_keeps_the_sources_billing_mode(ddb, how):
    source = f"ZAEL-src{uuid.uuid4().hex[:10]}"
    ddb.create_table(TableName=source, BillingMode="PAY_PER_REQUEST",
                     AttributeDefinitions=[{"AttributeName": "PK", "AttributeType": "S"}],
                     KeySchema=[{"AttributeName": "PK", "KeyType": "HASH"}])
    target = source + "-restored"
    if how == "backup":
        arn = ddb.create_backup(TableName=source, BackupName="before")["BackupDetails"]["BackupArn"]
        ddb.restore_table_from_backup(TargetTableName=target, BackupArn=arn)
    else:
        ddb.update_continuous_backups(
            TableName=source,
            PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True})
        ddb.restore_table_to_point_in_time(SourceTableName=source, TargetTableName=target,
                                           UseLatestRestorableTime=True)
    got = ddb.describe_table(TableName=target)["Table"]
    assert got["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"


def test_a_cancelled_transaction_leaves_the_stream_as_it_was(ddb, emulator):
    streams = __import__("boto3").client("dynamodbstreams", region_name="us-east-1",
                                         endpoint_url=emulator)
    table = f"ZAEL-tx{uuid.uuid4().hex[:10]}"
    ddb.create_table(TableName=table, BillingMode="PAY_PER_REQUEST",
                     AttributeDefinitions=[{"AttributeName": "PK", "AttributeType": "S"}],
                     KeySchema=[{"AttributeName": "PK", "KeyType": "HASH"}],
                     StreamSpecification={"StreamEnabled": True,
                                          "StreamViewType": "NEW_AND_OLD_IMAGES"})
    arn = ddb.describe_table(TableName=table)["Table"]["LatestStreamArn"]

    def records():
        shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]
        it = streams.get_shard_iterator(StreamArn=arn, ShardId=shard["ShardId"],
                                        ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        return [r["dynamodb"]["Keys"]["PK"]["S"] for r in
                streams.get_records(ShardIterator=it)["Records"]]

    put = lambda pk, cond=None: {"Put": {"TableName": table, "Item": {"PK": {"S": pk}},  # noqa: E731
                                         **({"ConditionExpression": cond} if cond else {})}}
    ddb.transact_write_items(TransactItems=[put("a"), put("b")])
    assert records() == ["a", "b"]
    with pytest.raises(ClientError):  # the second put's condition fails: nothing applies
        ddb.transact_write_items(TransactItems=[put("c"), put("a", "attribute_not_exists(PK)")])
    assert records() == ["a", "b"]
    assert sorted(i["PK"]["S"] for i in ddb.scan(TableName=table)["Items"]) == ["a", "b"]
