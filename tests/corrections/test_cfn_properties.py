"""The launcher's corrections of how CloudFormation reads `AWS::NoValue` in lists and a
function's `TracingConfig` (tests/support/moto_cfn_properties.py): each does what AWS
does, including what AWS refuses."""

from __future__ import annotations

import ast
import json
import uuid

import boto3
import pytest

from python_suites import REGION

TRUST = {"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
    "Action": "sts:AssumeRole"}]}


def template(with_role_statement_condition=True):
    statements = [
        {"Sid": "Always", "Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*"},
        {"Fn::If": ["Tracing",
                    {"Sid": "Traces", "Effect": "Allow",
                     "Action": ["xray:PutTraceSegments"], "Resource": "*"},
                    {"Ref": "AWS::NoValue"}]},
    ]
    return {
        "Parameters": {"Tracing": {"Type": "String", "Default": "false"},
                       "Name": {"Type": "String"}},
        "Conditions": {"Tracing": {"Fn::Equals": [{"Ref": "Tracing"}, "true"]}},
        "Resources": {
            "Role": {
                "Type": "AWS::IAM::Role",
                "Properties": {
                    "RoleName": {"Ref": "Name"},
                    "AssumeRolePolicyDocument": TRUST,
                    "Policies": [{"PolicyName": "p", "PolicyDocument": {
                        "Version": "2012-10-17", "Statement": statements}}],
                },
            },
            "Function": {
                "Type": "AWS::Lambda::Function",
                "Properties": {
                    "FunctionName": {"Ref": "Name"},
                    "Runtime": "python3.12",
                    "Handler": "index.handler",
                    "Role": {"Fn::GetAtt": ["Role", "Arn"]},
                    "Code": {"ZipFile": "def handler(event, context):\n    return 1\n"},
                    "TracingConfig": {"Mode": {"Fn::If": ["Tracing", "Active", "PassThrough"]}},
                },
            },
        },
    }


@pytest.fixture()
def clients(emulator):
    def client(service):
        return boto3.client(service, region_name=REGION, endpoint_url=emulator)
    return client("cloudformation"), client("iam"), client("lambda")


def wait(cfn, stack):
    waiter_done = {"CREATE_COMPLETE", "UPDATE_COMPLETE", "CREATE_FAILED", "ROLLBACK_COMPLETE",
                   "UPDATE_ROLLBACK_COMPLETE"}
    for _ in range(100):
        status = cfn.describe_stacks(StackName=stack)["Stacks"][0]["StackStatus"]
        if status in waiter_done:
            return status
    raise AssertionError(f"{stack} did not settle")


def statements(iam, role):
    doc = iam.get_role_policy(RoleName=role, PolicyName="p")["PolicyDocument"]
    if isinstance(doc, str):
        # moto keeps a CloudFormation-made inline policy as Python's repr of it.
        doc = ast.literal_eval(doc)
    return doc["Statement"]


def test_no_value_removes_a_list_item_and_tracing_follows_the_template(clients):
    cfn, iam, awslambda = clients
    name = f"t-{uuid.uuid4().hex[:8]}"
    cfn.create_stack(StackName=name, TemplateBody=json.dumps(template()),
                     Parameters=[{"ParameterKey": "Name", "ParameterValue": name}],
                     Capabilities=["CAPABILITY_NAMED_IAM"])
    assert wait(cfn, name) == "CREATE_COMPLETE"
    # The conditional statement is gone, not left as a null item.
    assert [s["Sid"] for s in statements(iam, name)] == ["Always"]
    assert awslambda.get_function_configuration(FunctionName=name)["TracingConfig"] == {
        "Mode": "PassThrough"}

    cfn.update_stack(StackName=name, TemplateBody=json.dumps(template()),
                     Parameters=[{"ParameterKey": "Name", "ParameterValue": name},
                                 {"ParameterKey": "Tracing", "ParameterValue": "true"}],
                     Capabilities=["CAPABILITY_NAMED_IAM"])
    assert wait(cfn, name) == "UPDATE_COMPLETE"
    assert awslambda.get_function_configuration(FunctionName=name)["TracingConfig"] == {
        "Mode": "Active"}


def test_a_list_item_that_is_not_no_value_is_kept(clients):
    cfn, iam, _ = clients
    name = f"t-{uuid.uuid4().hex[:8]}"
    cfn.create_stack(StackName=name, TemplateBody=json.dumps(template()),
                     Parameters=[{"ParameterKey": "Name", "ParameterValue": name},
                                 {"ParameterKey": "Tracing", "ParameterValue": "true"}],
                     Capabilities=["CAPABILITY_NAMED_IAM"])
    assert wait(cfn, name) == "CREATE_COMPLETE"
    assert [s["Sid"] for s in statements(iam, name)] == ["Always", "Traces"]


def test_a_tracing_mode_aws_does_not_know_is_refused_and_leaves_nothing(clients):
    cfn, iam, awslambda = clients
    name = f"t-{uuid.uuid4().hex[:8]}"
    body = template()
    body["Resources"]["Function"]["Properties"]["TracingConfig"] = {"Mode": "Sometimes"}
    with pytest.raises(cfn.exceptions.ClientError, match="Sometimes"):
        cfn.create_stack(StackName=name, TemplateBody=json.dumps(body),
                         Parameters=[{"ParameterKey": "Name", "ParameterValue": name}],
                         Capabilities=["CAPABILITY_NAMED_IAM"])
    with pytest.raises(awslambda.exceptions.ResourceNotFoundException):
        awslambda.get_function_configuration(FunctionName=name)
    assert name not in [s["StackName"] for s in cfn.describe_stacks()["Stacks"]]
    with pytest.raises(iam.exceptions.NoSuchEntityException):
        iam.get_role(RoleName=name)
