"""schemas/limits.schema.json: valid JSON Schema, the documented example files pass,
and it refuses what `limits plan` refuses that a schema can express."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "schemas/limits.schema.json").read_text())


def documented_files() -> list[str]:
    """Every ```yaml block of the docs that is a limits file (starts with `entities:`
    after its comments)."""
    out = []
    for doc in ["docs/operations.md", "docs/cli.md", "README.md"]:
        for block in re.findall(r"```yaml\n(.*?)```", (ROOT / doc).read_text(), re.S):
            body = "\n".join(l for l in block.splitlines() if not l.startswith("#"))
            if body.lstrip().startswith("entities:"):
                out.append(block)
    return out


def test_schema_is_valid():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_documented_examples_validate():
    files = documented_files()
    assert files, "no limits file found in the docs"
    for text in files:
        jsonschema.validate(yaml.safe_load(text), SCHEMA)


@pytest.mark.parametrize("bad", [
    {"entities": {"a": {"limts": {}}}},
    {"entities": {"a": {"limits": {"api": {"rpm": {"capacity": 0}}}}}},
    {"entities": {"a": {"limits": {"api": {"rpm": {"burst": 5}}}}}},
    {"entities": {"a#b": {}}},
    {"entities": {"a": {"limits": {"9api": {"rpm": {"capacity": 1}}}}}},
    {"entities": {"a": {"parent": "x/y"}}},
    {"entitys": {}},
])
def test_schema_refuses(bad):
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, SCHEMA)
