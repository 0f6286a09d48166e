"""The launcher's in-place table update (update_tables_in_place in
tests/support/moto_import.py): a stack update that modifies a table keeps the table,
applies only the properties whose template value changed, and refuses a replacement."""

from __future__ import annotations

import json

import pytest
from botocore.exceptions import ClientError
from moto_import import table_update_plan

from .cfn_import import ITEMS, TABLE_ID, import_template, items_of, sorted_items, table_import


def small_table(name: str, **props) -> dict:
    table = {
        "Type": "AWS::DynamoDB::Table", "DeletionPolicy": "Retain",
        "Properties": {
            "TableName": name, "BillingMode": "PAY_PER_REQUEST",
            "AttributeDefinitions": [{"AttributeName": "PK", "AttributeType": "S"},
                                     {"AttributeName": "SK", "AttributeType": "S"}],
            "KeySchema": [{"AttributeName": "PK", "KeyType": "HASH"},
                          {"AttributeName": "SK", "KeyType": "RANGE"}],
            "StreamSpecification": {"StreamViewType": "NEW_AND_OLD_IMAGES"},
        },
    }
    table["Properties"].update(props)
    return {"Resources": {"Table": table},
            "Outputs": {"Arn": {"Value": {"Fn::GetAtt": ["Table", "Arn"]}}}}


def listed(cfn, name):
    return {(r.get("LogicalResourceId"), r.get("PhysicalResourceId"))
            for r in cfn.describe_stack_resources(StackName=name)["StackResources"]}


def test_a_parameter_passed_explicitly_after_a_default_keeps_the_table(cfn, ddb, full_template,
                                                                        name):
    cfn.create_stack(StackName=name, TemplateBody=json.dumps(full_template),
                     Capabilities=["CAPABILITY_NAMED_IAM"])
    arn = ddb.describe_table(TableName=name)["Table"]["TableArn"]
    for item in ITEMS:
        ddb.put_item(TableName=name, Item=item)
    # moto counts a defaulted parameter passed explicitly as changed: the table is modified.
    cfn.update_stack(StackName=name, TemplateBody=json.dumps(full_template),
                     Capabilities=["CAPABILITY_NAMED_IAM"],
                     Parameters=[{"ParameterKey": "PITRRecoveryPeriodDays", "ParameterValue": "35"}])
    stack = cfn.describe_stacks(StackName=name)["Stacks"][0]
    assert stack["StackStatus"] == "UPDATE_COMPLETE"
    assert (TABLE_ID, name) in listed(cfn, name)
    assert {o["OutputKey"]: o["OutputValue"] for o in stack["Outputs"]}["TableArn"] == arn
    assert ddb.describe_table(TableName=name)["Table"]["TableArn"] == arn
    assert items_of(ddb, name) == sorted_items(ITEMS)


def test_after_an_import_the_full_update_may_pass_every_parameter(cfn, ddb, full_template,
                                                                  retained_table):
    name = retained_table
    created = cfn.create_change_set(
        StackName=name, ChangeSetName="adopt", ChangeSetType="IMPORT",
        TemplateBody=json.dumps(import_template(full_template)),
        ResourcesToImport=table_import(name))
    cfn.execute_change_set(ChangeSetName=created["Id"])
    parameters = [{"ParameterKey": k, "ParameterValue": str(v["Default"])}
                  for k, v in full_template["Parameters"].items()]
    cfn.update_stack(StackName=name, TemplateBody=json.dumps(full_template),
                     Capabilities=["CAPABILITY_NAMED_IAM"], Parameters=parameters)
    assert cfn.describe_stacks(StackName=name)["Stacks"][0]["StackStatus"] == "UPDATE_COMPLETE"
    assert (TABLE_ID, name) in listed(cfn, name)
    assert items_of(ddb, name) == sorted_items(ITEMS)


def test_only_properties_whose_template_value_changed_are_applied(cfn, ddb, name):
    cfn.create_stack(StackName=name, TemplateBody=json.dumps(
        small_table(name, DeletionProtectionEnabled=True)))
    assert ddb.describe_table(TableName=name)["Table"]["DeletionProtectionEnabled"] is True
    # Changed outside the stack; the template's value stays true.
    ddb.update_table(TableName=name, DeletionProtectionEnabled=False)
    stream_before = ddb.describe_table(TableName=name)["Table"]["LatestStreamArn"]
    cfn.update_stack(StackName=name, TemplateBody=json.dumps(
        small_table(name, DeletionProtectionEnabled=True, BillingMode="PROVISIONED",
                    ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 5})))
    table = ddb.describe_table(TableName=name)["Table"]
    assert table["BillingModeSummary"]["BillingMode"] == "PROVISIONED"
    assert table["DeletionProtectionEnabled"] is False
    assert table["LatestStreamArn"] == stream_before

    # A changed template value is applied.
    cfn.update_stack(StackName=name, TemplateBody=json.dumps(
        small_table(name, DeletionProtectionEnabled=False,
                    StreamSpecification={"StreamViewType": "KEYS_ONLY"})))
    table = ddb.describe_table(TableName=name)["Table"]
    assert table["DeletionProtectionEnabled"] is False
    assert table["StreamSpecification"]["StreamViewType"] == "KEYS_ONLY"
    assert table["LatestStreamArn"] != stream_before
    assert ("Table", name) in listed(cfn, name)


def test_a_replacement_of_a_named_table_is_refused(cfn, ddb, name):
    cfn.create_stack(StackName=name, TemplateBody=json.dumps(small_table(name)))
    ddb.put_item(TableName=name, Item=ITEMS[0])
    template = small_table(name)
    template["Resources"]["Table"]["Properties"]["KeySchema"] = [
        {"AttributeName": "PK", "KeyType": "HASH"}]
    with pytest.raises(ClientError) as err:
        cfn.update_stack(StackName=name, TemplateBody=json.dumps(template))
    assert "requires replacing" in err.value.response["Error"]["Message"]
    assert items_of(ddb, name) == [ITEMS[0]]
    assert len(ddb.describe_table(TableName=name)["Table"]["KeySchema"]) == 2


def test_the_update_plan_lists_changed_properties_only():
    base = small_table("t")["Resources"]["Table"]["Properties"]
    assert table_update_plan(base, dict(base)) == {}
    assert table_update_plan(base, {**base, "TableName": "u"}) == {"replace": ["TableName"]}
    assert table_update_plan(base, {**base, "DeletionProtectionEnabled": True}) == {
        "deletion_protection": True}
    assert table_update_plan(base, {**base, "StreamSpecification": None}) == {"stream": None}
    gsi = {"IndexName": "G", "KeySchema": [{"AttributeName": "SK", "KeyType": "HASH"}],
           "Projection": {"ProjectionType": "ALL"}}
    assert table_update_plan(base, {**base, "GlobalSecondaryIndexes": [gsi]}) == {
        "gsi_create": [gsi]}
    assert table_update_plan({**base, "GlobalSecondaryIndexes": [gsi]}, base) == {
        "gsi_delete": ["G"]}
