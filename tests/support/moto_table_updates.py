"""Correction of moto 5.2.5's CloudFormation updates of `AWS::DynamoDB::Table`, applied by
moto_corrections.apply_emulator_corrections. Listed in docs/testing.md.
"""

# Properties CloudFormation updates in place ("Update requires: No interruption" in the
# AWS::DynamoDB::Table reference) that the tool's template may change between releases.
IN_PLACE = {"DeletionProtectionEnabled", "StreamSpecification", "PointInTimeRecoverySpecification",
            "TimeToLiveSpecification", "SSESpecification", "Tags"}
# Properties whose change makes CloudFormation replace the table; a table with a custom
# name cannot be replaced ("CloudFormation cannot update a stack when a custom-named
# resource requires replacing"), so the update fails.
REPLACING = ("TableName", "KeySchema")


def update_dynamodb_tables_in_place():
    """On AWS, an UpdateStack that changes a table's in-place properties (deletion
    protection, stream, PITR, TTL) updates the same table; one that changes its name or
    key schema needs a replacement, which a named table refuses. moto's `Table` has no
    `update_from_cloudformation_json` (moto/dynamodb/models/table.py), so
    `parse_and_update_resource` (moto/cloudformation/parsing.py) returns None and the
    stack's resource map loses the table: later references to it (!Ref, GetAtt, delete
    with its DeletionPolicy) fail or act on nothing. This updates the existing table
    object: deletion protection and the stream settings are applied (the other in-place
    properties are not modelled by moto's table in the first place), replacements fail
    as AWS fails them."""
    from moto.dynamodb.models.table import Table

    @classmethod
    def update_from_cloudformation_json(cls, original_resource, new_resource_name,
                                        cloudformation_json, account_id, region_name):
        props = cloudformation_json["Properties"]
        table = original_resource
        if props.get("TableName", table.name) != table.name:
            raise ValueError(
                "CloudFormation cannot update a stack when a custom-named resource requires "
                f"replacing. Rename {table.name} and update the stack again.")
        keys = [(k["AttributeName"], k["KeyType"]) for k in props.get("KeySchema", [])]
        if keys and keys != [(k["AttributeName"], k["KeyType"]) for k in table.schema]:
            raise ValueError(
                "CloudFormation cannot update a stack when a custom-named resource requires "
                f"replacing. Rename {table.name} and update the stack again.")
        if "DeletionProtectionEnabled" in props:
            table.deletion_protection_enabled = bool(props["DeletionProtectionEnabled"])
        wanted = props.get("StreamSpecification")
        if wanted and not table.latest_stream_label:
            table.set_stream_specification({"StreamEnabled": True, **wanted})
        return table

    Table.update_from_cloudformation_json = update_from_cloudformation_json
