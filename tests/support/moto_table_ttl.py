"""The table's TimeToLiveSpecification from a template (moto 5.2.5 drops it)."""


def apply_table_ttl_from_template():
    """CloudFormation applies `AWS::DynamoDB::Table`'s `TimeToLiveSpecification` when it
    creates the table (DescribeTimeToLive then reads ENABLED with the attribute named);
    moto's `Table.create_from_cloudformation_json` (moto/dynamodb/models/table.py)
    ignores the property, so every stack's table reads TTL DISABLED. The correction
    applies it through the backend's own `update_time_to_live`, which refuses what
    DynamoDB refuses (a specification without `Enabled` or `AttributeName`). Applied on
    create only: the template never changes TTL."""
    from moto.dynamodb.models import dynamodb_backends
    from moto.dynamodb.models.table import Table

    original = Table.create_from_cloudformation_json.__func__

    def create(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        table = original(cls, resource_name, cloudformation_json, account_id, region_name,
                         **kwargs)
        spec = cloudformation_json.get("Properties", {}).get("TimeToLiveSpecification")
        if spec:
            enabled = spec.get("Enabled")
            if isinstance(enabled, str):
                enabled = enabled.lower() == "true"
            dynamodb_backends[account_id][region_name].update_time_to_live(
                table.name, {"Enabled": bool(enabled), "AttributeName": spec.get("AttributeName")})
        return table

    Table.create_from_cloudformation_json = classmethod(create)
