"""The launcher's resource import correction (tests/support/moto_import.py): a change
set of type IMPORT adopts an existing table into a stack as CloudFormation does, and
refuses what CloudFormation refuses. Driven through boto3 against the launcher."""

from __future__ import annotations

import json

import pytest
from botocore.exceptions import ClientError
from conftest import ITEMS, TABLE_ID, import_template, items_of, table_import


def stack_status(cfn, name):
    return cfn.describe_stacks(StackName=name)["Stacks"][0]["StackStatus"]


def import_change_set(cfn, name, template, resources, **extra):
    return cfn.create_change_set(
        StackName=name, ChangeSetName="adopt", ChangeSetType="IMPORT",
        TemplateBody=json.dumps(template), ResourcesToImport=resources, **extra)


def test_import_adopts_a_retained_table_and_the_stack_lives_on(cfn, ddb, awslambda,
                                                                full_template, retained_table):
    name = retained_table
    table_before = ddb.describe_table(TableName=name)["Table"]
    created = import_change_set(cfn, name, import_template(full_template), table_import(name))

    # A new stack waits for review; the change set imports, it does not create.
    assert stack_status(cfn, name) == "REVIEW_IN_PROGRESS"
    assert created["StackId"] == cfn.describe_stacks(StackName=name)["Stacks"][0]["StackId"]
    change_set = cfn.describe_change_set(ChangeSetName=created["Id"])
    assert change_set["Status"] == "CREATE_COMPLETE"
    assert change_set["ExecutionStatus"] == "AVAILABLE"
    assert [(c["Type"], c["ResourceChange"]["Action"], c["ResourceChange"]["LogicalResourceId"],
             c["ResourceChange"]["PhysicalResourceId"], c["ResourceChange"]["ResourceType"])
            for c in change_set["Changes"]] == [
        ("Resource", "Import", TABLE_ID, name, "AWS::DynamoDB::Table")]

    cfn.execute_change_set(ChangeSetName=created["Id"])
    assert stack_status(cfn, name) == "IMPORT_COMPLETE"
    assert cfn.describe_change_set(ChangeSetName=created["Id"])["ExecutionStatus"] == "EXECUTE_COMPLETE"
    assert [(r["LogicalResourceId"], r["ResourceType"], r["PhysicalResourceId"])
            for r in cfn.describe_stack_resources(StackName=name)["StackResources"]] == [
        (TABLE_ID, "AWS::DynamoDB::Table", name)]
    assert [(r["LogicalResourceId"], r["ResourceType"], r["PhysicalResourceId"])
            for r in cfn.list_stack_resources(StackName=name)["StackResourceSummaries"]] == [
        (TABLE_ID, "AWS::DynamoDB::Table", name)]
    # The same table, untouched, with every item.
    table_after = ddb.describe_table(TableName=name)["Table"]
    assert table_after["TableArn"] == table_before["TableArn"]
    assert table_after["CreationDateTime"] == table_before["CreationDateTime"]
    assert table_after["LatestStreamArn"] == table_before["LatestStreamArn"]
    assert items_of(ddb, name) == sorted(ITEMS, key=lambda i: (i["PK"]["S"], i["SK"]["S"]))

    # The full template then updates the stack as any other: the rest is added.
    cfn.update_stack(StackName=name, TemplateBody=json.dumps(full_template),
                     Capabilities=["CAPABILITY_NAMED_IAM"])
    assert stack_status(cfn, name) == "UPDATE_COMPLETE"
    resources = {r["LogicalResourceId"]: r["PhysicalResourceId"]
                 for r in cfn.describe_stack_resources(StackName=name)["StackResources"]
                 if r.get("LogicalResourceId")}
    assert resources[TABLE_ID] == name
    assert resources["AggregatorFunction"] == f"{name}-aggregator"
    assert "AggregatorDLQ" in resources and "AggregatorStreamMapping" in resources
    outputs = {o["OutputKey"]: o["OutputValue"]
               for o in cfn.describe_stacks(StackName=name)["Stacks"][0]["Outputs"]}
    assert outputs["TableName"] == name
    assert outputs["StreamArn"] == table_before["LatestStreamArn"]
    assert ddb.describe_table(TableName=name)["Table"]["TableArn"] == table_before["TableArn"]
    assert items_of(ddb, name) == sorted(ITEMS, key=lambda i: (i["PK"]["S"], i["SK"]["S"]))

    # Deleting it honours DeletionPolicy Retain on the adopted table.
    cfn.delete_stack(StackName=name)
    with pytest.raises(ClientError):
        cfn.describe_stacks(StackName=name)
    assert items_of(ddb, name) == sorted(ITEMS, key=lambda i: (i["PK"]["S"], i["SK"]["S"]))
    with pytest.raises(ClientError):
        awslambda.get_function(FunctionName=f"{name}-aggregator")
