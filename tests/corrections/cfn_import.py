"""Helpers of the resource import tests: the limiter template as moto reads it, the
import template a tool sends, and the items a retained table keeps."""

from __future__ import annotations

import json
from pathlib import Path

TEMPLATE = Path(__file__).resolve().parents[2] / "templates" / "limiter.yaml"
TABLE_ID = "RateLimitsTable"

ITEMS = [
    {"PK": {"S": f"ENTITY#e{i}"}, "SK": {"S": "#META"}, "name": {"S": f"entity {i}"}}
    for i in range(5)
]


def parse_template(text: str) -> dict:
    """A template as moto parses it (its YAML loader with the short-form tags), so
    templates built from it compare equal to the tool's own in moto's diffs."""
    import yaml
    from moto.cloudformation.utils import yaml_tag_constructor

    yaml.add_multi_constructor("", yaml_tag_constructor)
    return yaml.load(text, Loader=yaml.Loader)


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
    declares them, the parameters and conditions they may refer to, and no Outputs."""
    resources = {name: full["Resources"][name] for name in logical_ids}
    conditions = full.get("Conditions") or {}
    used = referenced_parameters([resources, conditions], full.get("Parameters", {}))
    out = {
        "AWSTemplateFormatVersion": full["AWSTemplateFormatVersion"],
        "Parameters": {name: full["Parameters"][name] for name in sorted(used)},
        "Resources": json.loads(json.dumps(resources)),
    }
    if conditions:
        out["Conditions"] = json.loads(json.dumps(conditions))
    return out


def table_import(table: str, logical_id: str = TABLE_ID) -> list[dict]:
    """ResourcesToImport for one table."""
    return [{"ResourceType": "AWS::DynamoDB::Table", "LogicalResourceId": logical_id,
             "ResourceIdentifier": {"TableName": table}}]


def items_of(ddb, table: str) -> list[dict]:
    """Every item of the table, in key order."""
    found = ddb.scan(TableName=table, ConsistentRead=True)["Items"]
    return sorted(found, key=lambda i: (i["PK"]["S"], i["SK"]["S"]))


def sorted_items(items: list[dict]) -> list[dict]:
    return sorted(items, key=lambda i: (i["PK"]["S"], i["SK"]["S"]))
