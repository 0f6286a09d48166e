"""The import rules of tests/support/moto_import.py as pure functions: which message
CloudFormation's refusal carries for each broken rule, and that a clean request passes."""

from __future__ import annotations

from moto_import import ToImport, import_request_errors, import_target_errors

TABLE = {"Type": "AWS::DynamoDB::Table", "DeletionPolicy": "Retain",
         "Properties": {"TableName": "ZAEL-x"}}
QUEUE = {"Type": "AWS::SQS::Queue", "Properties": {}}
IMPORT = [ToImport("AWS::DynamoDB::Table", "Table", {"TableName": "ZAEL-x"})]


def test_a_clean_import_passes_for_a_new_and_an_existing_stack():
    assert import_request_errors({"Resources": {"Table": TABLE}}, {}, IMPORT) == []
    current = {"Resources": {"Queue": QUEUE}, "Outputs": {"Q": {"Value": {"Ref": "Queue"}}}}
    template = {"Resources": {"Queue": QUEUE, "Table": TABLE}, "Outputs": current["Outputs"]}
    assert import_request_errors(template, current, IMPORT) == []


def test_each_broken_rule_names_itself():
    no_policy = {k: v for k, v in TABLE.items() if k != "DeletionPolicy"}
    cases = [
        ({"Resources": {"Table": TABLE}}, {}, [], "at least one"),
        ({"Resources": {"Other": TABLE}}, {}, IMPORT, "missing from the template"),
        ({"Resources": {"Table": QUEUE}}, {}, IMPORT, "do not match their types"),
        ({"Resources": {"Table": no_policy}}, {}, IMPORT, "must have DeletionPolicy"),
        ({"Resources": {"Table": TABLE, "Queue": QUEUE}}, {}, IMPORT, "not being imported"),
        ({"Resources": {"Table": TABLE}, "Outputs": {"T": {"Value": "x"}}}, {}, IMPORT,
         "[Outputs]"),
        ({"Resources": {"Table": TABLE}}, {"Resources": {"Table": TABLE}}, IMPORT,
         "already exist in the stack"),
        ({"Resources": {"Table": TABLE}}, {"Resources": {"Queue": QUEUE}}, IMPORT,
         "not being imported"),
        ({"Resources": {"Table": TABLE}},
         {"Resources": {}}, [ToImport("AWS::S3::Bucket", "Table", {"BucketName": "b"})],
         "do not match their types"),
    ]
    for template, current, to_import, expected in cases:
        errors = import_request_errors(template, current, to_import)
        assert len(errors) == 1 and expected in errors[0], (template, errors)


def test_lookup_failures_name_the_resource_and_the_owner():
    assert import_target_errors(IMPORT, lambda r: True, lambda r: None) == []
    [missing] = import_target_errors(IMPORT, lambda r: False, lambda r: None)
    assert "ZAEL-x" in missing and "does not exist" in missing
    [owned] = import_target_errors(IMPORT, lambda r: True, lambda r: "arn:stack/ZAEL-y/1")
    assert "arn:stack/ZAEL-y/1" in owned


def test_a_stored_resource_without_properties_counts_as_unchanged():
    # moto stores a resource declared without Properties with an empty one.
    current = {"Resources": {"Queue": {"Type": "AWS::SQS::Queue", "Properties": {}}}}
    template = {"Resources": {"Queue": {"Type": "AWS::SQS::Queue"}, "Table": TABLE}}
    assert import_request_errors(template, current, IMPORT) == []
