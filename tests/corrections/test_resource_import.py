"""The launcher's resource import correction (tests/support/moto_import.py): a change
set of type IMPORT adopts an existing table into a stack as CloudFormation does, and
refuses what CloudFormation refuses. Driven through boto3 against the launcher."""

from __future__ import annotations

import json

import pytest
from botocore.exceptions import ClientError
from .cfn_import import ITEMS, TABLE_ID, import_template, items_of, sorted_items, table_import


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
    assert items_of(ddb, name) == sorted_items(ITEMS)

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
    assert items_of(ddb, name) == sorted_items(ITEMS)

    # Deleting it honours DeletionPolicy Retain on the adopted table.
    cfn.delete_stack(StackName=name)
    with pytest.raises(ClientError):
        cfn.describe_stacks(StackName=name)
    assert items_of(ddb, name) == sorted_items(ITEMS)
    with pytest.raises(ClientError):
        awslambda.get_function(FunctionName=f"{name}-aggregator")


# --------------------------------------------------------------------------- an existing stack

QUEUE_STACK = {
    "AWSTemplateFormatVersion": "2010-09-09",
    "Resources": {"Queue": {"Type": "AWS::SQS::Queue", "Properties": {}}},
    "Outputs": {"QueueUrl": {"Value": {"Ref": "Queue"}}},
}


def with_table(stack_template: dict, full_template: dict, **table_changes) -> dict:
    """The stack's template plus the limiter table (optionally altered)."""
    template = json.loads(json.dumps(stack_template))
    table = json.loads(json.dumps(full_template["Resources"][TABLE_ID]))
    table.update(table_changes)
    template["Resources"][TABLE_ID] = table
    # The table's properties read parameters directly and through conditions.
    imported = import_template(full_template)
    template["Parameters"] = imported["Parameters"]
    if "Conditions" in imported:
        template["Conditions"] = imported["Conditions"]
    return template


@pytest.fixture
def queue_stack(cfn, name):
    """A live stack (a queue and an output) named after the retained table."""
    cfn.create_stack(StackName=name, TemplateBody=json.dumps(QUEUE_STACK))
    return name


def test_import_into_an_existing_stack_keeps_its_resources(cfn, ddb, full_template,
                                                           retained_table, queue_stack):
    name = retained_table
    queue_url = cfn.describe_stacks(StackName=name)["Stacks"][0]["Outputs"][0]["OutputValue"]
    created = import_change_set(cfn, name, with_table(QUEUE_STACK, full_template),
                                table_import(name))
    # No second stack of the same name: the change set belongs to the live one.
    assert created["StackId"] == cfn.describe_stacks(StackName=name)["Stacks"][0]["StackId"]
    assert len([s for s in cfn.list_stacks()["StackSummaries"]
                if s["StackName"] == name and s["StackStatus"] != "DELETE_COMPLETE"]) == 1
    assert stack_status(cfn, name) == "CREATE_COMPLETE"
    assert cfn.describe_change_set(ChangeSetName=created["Id"])["Status"] == "CREATE_COMPLETE"

    cfn.execute_change_set(ChangeSetName=created["Id"])
    assert stack_status(cfn, name) == "IMPORT_COMPLETE"
    listed = {(r["LogicalResourceId"], r["ResourceType"], r["PhysicalResourceId"])
              for r in cfn.describe_stack_resources(StackName=name)["StackResources"]}
    assert listed == {(TABLE_ID, "AWS::DynamoDB::Table", name),
                      ("Queue", "AWS::SQS::Queue", queue_url)}
    assert items_of(ddb, name) == sorted_items(ITEMS)


# --------------------------------------------------------------------------- refusals


def refused(call) -> str:
    """The ValidationError message of a refused call."""
    with pytest.raises(ClientError) as err:
        call()
    assert err.value.response["Error"]["Code"] == "ValidationError", err.value.response
    return err.value.response["Error"]["Message"]


def assert_no_stack(cfn, name):
    with pytest.raises(ClientError):
        cfn.describe_stacks(StackName=name)


def assert_table_kept(ddb, name):
    assert items_of(ddb, name) == sorted_items(ITEMS)


def test_an_imported_resource_without_deletion_policy_is_refused(cfn, ddb, full_template,
                                                                 retained_table):
    name = retained_table
    template = import_template(full_template)
    del template["Resources"][TABLE_ID]["DeletionPolicy"]
    message = refused(lambda: import_change_set(cfn, name, template, table_import(name)))
    assert "DeletionPolicy" in message and TABLE_ID in message
    assert_no_stack(cfn, name)
    assert_table_kept(ddb, name)


def test_import_of_a_table_that_does_not_exist_fails_the_change_set(cfn, ddb, full_template,
                                                                    name):
    created = import_change_set(cfn, name, import_template(full_template), table_import(name))
    change_set = cfn.describe_change_set(ChangeSetName=created["Id"])
    assert change_set["Status"] == "FAILED"
    assert change_set["ExecutionStatus"] == "UNAVAILABLE"
    assert name in change_set["StatusReason"] and "does not exist" in change_set["StatusReason"]
    # As on AWS, the new stack waits in REVIEW_IN_PROGRESS with the failed change set,
    # which cannot be executed.
    assert stack_status(cfn, name) == "REVIEW_IN_PROGRESS"
    with pytest.raises(ClientError) as err:
        cfn.execute_change_set(ChangeSetName=created["Id"])
    assert err.value.response["Error"]["Code"] == "InvalidChangeSetStatus"
    assert stack_status(cfn, name) == "REVIEW_IN_PROGRESS"
    with pytest.raises(ClientError):
        ddb.describe_table(TableName=name)  # nothing was created either


def test_a_failed_import_can_be_retried_on_the_waiting_stack(cfn, ddb, full_template, name):
    first = import_change_set(cfn, name, import_template(full_template), table_import(name))
    assert cfn.describe_change_set(ChangeSetName=first["Id"])["Status"] == "FAILED"
    # The table appears (restored under that name, say); a new change set on the
    # stack waiting for review imports it.
    ddb.create_table(
        TableName=name, BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=[{"AttributeName": k, "AttributeType": "S"} for k in ("PK", "SK")],
        KeySchema=[{"AttributeName": "PK", "KeyType": "HASH"},
                   {"AttributeName": "SK", "KeyType": "RANGE"}])
    ddb.put_item(TableName=name, Item=ITEMS[0])
    second = cfn.create_change_set(
        StackName=name, ChangeSetName="adopt-again", ChangeSetType="IMPORT",
        TemplateBody=json.dumps(import_template(full_template)),
        ResourcesToImport=table_import(name))
    assert second["StackId"] == first["StackId"]
    cfn.execute_change_set(ChangeSetName=second["Id"])
    assert stack_status(cfn, name) == "IMPORT_COMPLETE"
    assert items_of(ddb, name) == [ITEMS[0]]


def test_import_of_a_table_another_stack_owns_fails_naming_that_stack(cfn, ddb, full_template,
                                                                      name):
    cfn.create_stack(StackName=name, TemplateBody=json.dumps(full_template),
                     Capabilities=["CAPABILITY_NAMED_IAM"])
    owner = cfn.describe_stacks(StackName=name)["Stacks"][0]["StackId"]
    thief = f"{name}-other"
    created = import_change_set(cfn, thief, import_template(full_template), table_import(name))
    change_set = cfn.describe_change_set(ChangeSetName=created["Id"])
    assert change_set["Status"] == "FAILED"
    assert owner in change_set["StatusReason"]
    assert stack_status(cfn, thief) == "REVIEW_IN_PROGRESS"
    assert stack_status(cfn, name) == "CREATE_COMPLETE"
    assert any(r.get("LogicalResourceId") == TABLE_ID
               for r in cfn.describe_stack_resources(StackName=name)["StackResources"])


def test_resources_to_import_must_match_the_template(cfn, ddb, full_template, retained_table):
    name = retained_table
    template = import_template(full_template)
    message = refused(lambda: import_change_set(cfn, name, template,
                                                table_import(name, logical_id="OtherTable")))
    assert "OtherTable" in message
    wrong_type = [{"ResourceType": "AWS::SQS::Queue", "LogicalResourceId": TABLE_ID,
                   "ResourceIdentifier": {"QueueUrl": "x"}}]
    message = refused(lambda: import_change_set(cfn, name, template, wrong_type))
    assert TABLE_ID in message
    assert_no_stack(cfn, name)
    assert_table_kept(ddb, name)


def test_a_new_stack_import_may_hold_only_the_imported_resources(cfn, ddb, full_template,
                                                                 retained_table):
    name = retained_table
    template = import_template(full_template)
    template["Resources"]["AggregatorDLQ"] = full_template["Resources"]["AggregatorDLQ"]
    message = refused(lambda: import_change_set(cfn, name, template, table_import(name)))
    assert "AggregatorDLQ" in message and "not being imported" in message
    assert_no_stack(cfn, name)
    assert_table_kept(ddb, name)


def test_an_import_adding_outputs_is_refused(cfn, ddb, full_template, retained_table):
    name = retained_table
    template = import_template(full_template)
    template["Outputs"] = {"TableName": {"Value": {"Ref": TABLE_ID}}}
    message = refused(lambda: import_change_set(cfn, name, template, table_import(name)))
    assert "Outputs" in message
    assert_no_stack(cfn, name)
    assert_table_kept(ddb, name)


@pytest.mark.parametrize("change", ["modified", "added", "removed", "outputs"])
def test_an_import_into_an_existing_stack_changes_nothing_else(cfn, ddb, full_template,
                                                              retained_table, queue_stack,
                                                              change):
    name = retained_table
    template = with_table(QUEUE_STACK, full_template)
    if change == "modified":
        template["Resources"]["Queue"]["Properties"] = {"VisibilityTimeout": 60}
    elif change == "added":
        template["Resources"]["Other"] = {"Type": "AWS::SQS::Queue", "Properties": {}}
    elif change == "removed":
        del template["Resources"]["Queue"]
        template.pop("Outputs")
    else:
        template["Outputs"]["TableName"] = {"Value": {"Ref": TABLE_ID}}
    message = refused(lambda: import_change_set(cfn, name, template, table_import(name)))
    expected = {"modified": "Queue", "added": "Other", "removed": "Queue", "outputs": "Outputs"}
    assert expected[change] in message
    assert stack_status(cfn, name) == "CREATE_COMPLETE"
    assert {r["LogicalResourceId"]
            for r in cfn.describe_stack_resources(StackName=name)["StackResources"]} == {"Queue"}
    assert_table_kept(ddb, name)


def test_a_resource_the_stack_already_manages_cannot_be_imported_again(cfn, ddb, full_template,
                                                                      retained_table):
    name = retained_table
    created = import_change_set(cfn, name, import_template(full_template), table_import(name))
    cfn.execute_change_set(ChangeSetName=created["Id"])
    again = lambda: cfn.create_change_set(  # noqa: E731
        StackName=name, ChangeSetName="adopt-again", ChangeSetType="IMPORT",
        TemplateBody=json.dumps(import_template(full_template)),
        ResourcesToImport=table_import(name))
    assert TABLE_ID in refused(again)
    assert stack_status(cfn, name) == "IMPORT_COMPLETE"


def test_a_table_gone_before_execution_rolls_the_import_back(cfn, ddb, full_template,
                                                             retained_table):
    name = retained_table
    created = import_change_set(cfn, name, import_template(full_template), table_import(name))
    ddb.update_table(TableName=name, DeletionProtectionEnabled=False)
    ddb.delete_table(TableName=name)
    cfn.execute_change_set(ChangeSetName=created["Id"])
    assert stack_status(cfn, name) == "IMPORT_ROLLBACK_COMPLETE"
    change_set = cfn.describe_change_set(ChangeSetName=created["Id"])
    assert change_set["ExecutionStatus"] == "EXECUTE_FAILED"
    assert "does not exist" in change_set["StatusReason"]
    assert cfn.describe_stack_resources(StackName=name)["StackResources"] == []
    reasons = [e.get("ResourceStatusReason", "")
               for e in cfn.describe_stack_events(StackName=name)["StackEvents"]
               if e["ResourceStatus"] == "IMPORT_ROLLBACK_IN_PROGRESS"]
    assert reasons and "does not exist" in reasons[0]
    # The rolled-back stack can be deleted, leaving the name free for a new attempt.
    cfn.delete_stack(StackName=name)
    assert_no_stack(cfn, name)


# --------------------------------------------------------------------------- change set lookup


def test_change_sets_of_one_name_are_looked_up_on_their_own_stack(cfn, full_template,
                                                                  retained_table):
    # Two stacks, each with a change set called "adopt": one imports a retained table,
    # the other fails (its table does not exist).
    ok, missing = retained_table, f"{retained_table}-missing"
    first = import_change_set(cfn, ok, import_template(full_template), table_import(ok))
    second = import_change_set(cfn, missing, import_template(full_template), table_import(missing))
    assert cfn.describe_change_set(StackName=ok, ChangeSetName="adopt")["ChangeSetId"] == first["Id"]
    assert cfn.describe_change_set(StackName=missing, ChangeSetName="adopt")["Status"] == "FAILED"
    assert [c["ChangeSetId"] for c in cfn.list_change_sets(StackName=ok)["Summaries"]] == [first["Id"]]
    assert [c["ChangeSetId"] for c in cfn.list_change_sets(StackName=missing)["Summaries"]] == [second["Id"]]

    cfn.execute_change_set(StackName=ok, ChangeSetName="adopt")
    assert stack_status(cfn, ok) == "IMPORT_COMPLETE"
    cfn.delete_change_set(StackName=missing, ChangeSetName="adopt")
    assert cfn.list_change_sets(StackName=missing)["Summaries"] == []
    assert cfn.describe_change_set(StackName=ok, ChangeSetName="adopt")["ExecutionStatus"] == "EXECUTE_COMPLETE"
    with pytest.raises(ClientError) as err:
        cfn.describe_change_set(StackName=missing, ChangeSetName="adopt")
    assert err.value.response["Error"]["Code"] == "ChangeSetNotFound"


def test_a_change_set_name_is_taken_until_that_change_set_is_deleted(cfn, full_template, name):
    first = import_change_set(cfn, name, import_template(full_template), table_import(name))
    with pytest.raises(ClientError) as err:
        import_change_set(cfn, name, import_template(full_template), table_import(name))
    assert err.value.response["Error"]["Code"] == "AlreadyExistsException"
    cfn.delete_change_set(ChangeSetName=first["Id"])
    again = import_change_set(cfn, name, import_template(full_template), table_import(name))
    assert again["StackId"] == first["StackId"]


def test_a_template_that_does_not_parse_is_refused(cfn, name):
    message = refused(lambda: cfn.create_change_set(
        StackName=name, ChangeSetName="adopt", ChangeSetType="IMPORT",
        TemplateBody="Resources: [unclosed", ResourcesToImport=table_import(name)))
    assert "Template format error" in message
    assert_no_stack(cfn, name)
