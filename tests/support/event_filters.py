"""Lambda event filtering (FilterCriteria) for the emulator's stream mappings: pure.

Lambda keeps a record when ANY of the mapping's filters matches it. A filter's pattern
is a JSON object that matches a record when every key it names matches: an object
descends into the record's object of that key, an array lists alternatives for the
record's value there (equal to a string, number or null, or one of the content
matchers). Only what the emulator models is accepted: alternatives that are plain
values and `{"prefix": "..."}`. Any other form (numeric, anything-but, exists,
wildcard, suffix, equals-ignore-case, `$or`, ...) is refused with FilterNotModelled
when the mapping is created or updated, rather than letting records through unfiltered.
"""

from __future__ import annotations

import json
from typing import Any


class FilterNotModelled(ValueError):
    """A filter pattern this emulator cannot evaluate; the message says which part."""


def parse_filters(criteria: Any) -> list[dict]:
    """The mapping's FilterCriteria as a list of pattern objects (empty: keep all).
    Raises FilterNotModelled for anything the emulator cannot evaluate."""
    if not criteria:
        return []
    filters = criteria.get("Filters") if isinstance(criteria, dict) else None
    if not isinstance(filters, list):
        raise FilterNotModelled("FilterCriteria must be an object with a Filters list")
    patterns = []
    for i, entry in enumerate(filters):
        text = entry.get("Pattern") if isinstance(entry, dict) else None
        if not isinstance(text, str):
            raise FilterNotModelled(f"filter {i} has no Pattern string")
        try:
            pattern = json.loads(text)
        except ValueError as exc:
            raise FilterNotModelled(f"filter {i} is not JSON: {exc}") from None
        _check(pattern, f"filter {i}")
        patterns.append(pattern)
    return patterns


def _check(node: Any, where: str) -> None:
    if not isinstance(node, dict) or not node:
        raise FilterNotModelled(f"{where}: a pattern level must be a non-empty object")
    for key, value in node.items():
        here = f"{where} at {key!r}"
        if key.startswith("$"):
            raise FilterNotModelled(f"{here}: {key} is not modelled by the test emulator")
        if isinstance(value, dict):
            _check(value, here)
        elif isinstance(value, list):
            if not value:
                raise FilterNotModelled(f"{here}: an empty list matches nothing")
            for alternative in value:
                if isinstance(alternative, dict):
                    if set(alternative) != {"prefix"} or not isinstance(alternative["prefix"], str):
                        raise FilterNotModelled(
                            f"{here}: content filter {json.dumps(alternative)} is not modelled "
                            "by the test emulator (only plain values and "
                            '{"prefix": "..."} are)')
                elif isinstance(alternative, (list, bool)):
                    raise FilterNotModelled(f"{here}: {alternative!r} is not a value to match")
        else:
            raise FilterNotModelled(f"{here}: values to match must be in a list")


def _matches(pattern: dict, record: Any) -> bool:
    if not isinstance(record, dict):
        return False
    for key, want in pattern.items():
        if key not in record:
            return False
        have = record[key]
        if isinstance(want, dict):
            if not _matches(want, have):
                return False
        elif not _leaf_matches(want, have):
            return False
    return True


def _leaf_matches(alternatives: list, have: Any) -> bool:
    values = have if isinstance(have, list) else [have]
    for value in values:
        for alternative in alternatives:
            if isinstance(alternative, dict):
                if isinstance(value, str) and value.startswith(alternative["prefix"]):
                    return True
            elif alternative is None:
                if value is None:
                    return True
            elif isinstance(alternative, (int, float)) and not isinstance(value, bool):
                if isinstance(value, (int, float)) and float(value) == float(alternative):
                    return True
            elif value == alternative:
                return True
    return False


def keeps(patterns: list[dict], record: dict) -> bool:
    """Whether the record passes the filters (no filters: every record does)."""
    return not patterns or any(_matches(p, record) for p in patterns)
