"""Fixtures for the aggregator's tests: the emulator, a fresh table, stream records.

The handler is imported from templates/aggregator/index.py (the file the tool ships) and
talks to moto's server through boto3's standard AWS_ENDPOINT_URL.
"""

from __future__ import annotations

import sys
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from boto3.dynamodb.types import TypeDeserializer

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "support"))
from python_suites import REGION, ddb, emulator, load_handler_module, streams  # noqa: E402,F401


@pytest.fixture(scope="session")
def agg():
    """The handler module (pure functions need no emulator)."""
    return load_handler_module()


def create_limiter_table(ddb, name: str) -> None:
    """The table as the spec defines it: PK/SK, GSI1 and GSI2 (ALL), stream with both images."""
    attrs = ["PK", "SK", "GSI1PK", "GSI1SK", "GSI2PK", "GSI2SK"]
    ddb.create_table(
        TableName=name,
        BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=[{"AttributeName": a, "AttributeType": "S"} for a in attrs],
        KeySchema=[
            {"AttributeName": "PK", "KeyType": "HASH"},
            {"AttributeName": "SK", "KeyType": "RANGE"},
        ],
        GlobalSecondaryIndexes=[
            {
                "IndexName": index,
                "KeySchema": [
                    {"AttributeName": f"{index}PK", "KeyType": "HASH"},
                    {"AttributeName": f"{index}SK", "KeyType": "RANGE"},
                ],
                "Projection": {"ProjectionType": "ALL"},
            }
            for index in ("GSI1", "GSI2")
        ],
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
    )


# --------------------------------------------------------------------------- records

_deserializer = TypeDeserializer()


def plain(item: dict[str, Any]) -> dict[str, Any]:
    """DynamoDB JSON -> Python values (numbers as Decimal, compared by value)."""
    return {k: _deserializer.deserialize(v) for k, v in item.items()}


def bucket_image(entity: str, resource: str, limit: str, tokens_milli: int,
                 last_refill_ms: int | None, capacity_milli: int = 100_000) -> dict[str, Any]:
    """A bucket item exactly as the published 0.2.0 client writes it (DynamoDB JSON)."""
    data = {
        "resource": {"S": resource},
        "limit_name": {"S": limit},
        "tokens_milli": {"N": str(tokens_milli)},
        "capacity_milli": {"N": str(capacity_milli)},
        "burst_milli": {"N": str(capacity_milli)},
        "refill_amount_milli": {"N": str(capacity_milli)},
        "refill_period_ms": {"N": "60000"},
    }
    if last_refill_ms is not None:
        data["last_refill_ms"] = {"N": str(last_refill_ms)}
    return {
        "PK": {"S": f"ENTITY#{entity}"},
        "SK": {"S": f"#BUCKET#{resource}#{limit}"},
        "entity_id": {"S": entity},
        "data": {"M": data},
        "GSI2PK": {"S": f"RESOURCE#{resource}"},
        "GSI2SK": {"S": f"BUCKET#{entity}#{limit}"},
        "ttl": {"N": str((last_refill_ms or 0) // 1000 + 86400)},
    }


@dataclass
class Stream:
    """Builds stream records with increasing sequence numbers, as Lambda delivers them."""

    table: str
    next_seq: int = 4_200_000_000_000_000_000_001
    records: list[dict[str, Any]] = field(default_factory=list)

    def record(self, event_name: str, keys: dict[str, Any], old: dict | None, new: dict | None,
               created_s: int | float = 1_768_471_200) -> dict[str, Any]:
        seq = str(self.next_seq)
        self.next_seq += 1
        ddb: dict[str, Any] = {
            "ApproximateCreationDateTime": created_s,
            "Keys": keys,
            "SequenceNumber": seq,
            "SizeBytes": 321,
            "StreamViewType": "NEW_AND_OLD_IMAGES",
        }
        if new is not None:
            ddb["NewImage"] = new
        if old is not None:
            ddb["OldImage"] = old
        return {
            "eventID": uuid.uuid4().hex,
            "eventName": event_name,
            "eventVersion": "1.1",
            "eventSource": "aws:dynamodb",
            "awsRegion": REGION,
            "dynamodb": ddb,
            "eventSourceARN": f"arn:aws:dynamodb:{REGION}:123456789012:table/{self.table}"
                              "/stream/2026-01-15T00:00:00.000",
        }

    def modify(self, entity: str, resource: str, limit: str, old_milli: int, new_milli: int,
               at_ms: int, *, old_refill_ms: int | None = None) -> dict[str, Any]:
        """MODIFY of a bucket whose tokens went from old_milli to new_milli at at_ms.

        By default the old image was refilled at the same instant, so nothing refilled in
        between and old_milli - new_milli is exactly what was consumed."""
        old = bucket_image(entity, resource, limit, old_milli,
                           at_ms if old_refill_ms is None else old_refill_ms)
        new = bucket_image(entity, resource, limit, new_milli, at_ms)
        keys = {"PK": new["PK"], "SK": new["SK"]}
        return self.record("MODIFY", keys, old, new, created_s=at_ms // 1000)

    def consume(self, entity: str, resource: str, limit: str, milli: int, at_ms: int):
        """A consumption of `milli` milli-tokens (negative: a refund)."""
        return self.modify(entity, resource, limit, 50_000, 50_000 - milli, at_ms)


@dataclass
class Env:
    """One test's table, the handler pointed at it, and helpers to read snapshots."""

    agg: Any
    ddb: Any
    table: str
    stream: Stream
    monkeypatch: Any

    def configure(self, windows: str = "hourly", ttl_days: int | str = 90) -> None:
        self.monkeypatch.setenv("TABLE_NAME", self.table)
        self.monkeypatch.setenv("SNAPSHOT_WINDOWS", windows)
        self.monkeypatch.setenv("SNAPSHOT_TTL_DAYS", str(ttl_days))

    def run(self, records: list[dict[str, Any]]) -> dict[str, Any]:
        return self.agg.handler({"Records": records}, None)

    def item(self, entity: str, resource: str, window_start: str,
             window: str = "hourly") -> dict[str, Any] | None:
        got = self.ddb.get_item(
            TableName=self.table,
            Key={"PK": {"S": f"ENTITY#{entity}"}, "SK": {"S": f"#USAGE#{resource}#{window}#{window_start}"}},
            ConsistentRead=True,
        ).get("Item")
        return without_marks(plain(got)) if got else None

    def raw_item(self, entity: str, resource: str, window_start: str,
                 window: str = "hourly") -> dict[str, Any]:
        got = self.ddb.get_item(
            TableName=self.table,
            Key={"PK": {"S": f"ENTITY#{entity}"}, "SK": {"S": f"#USAGE#{resource}#{window}#{window_start}"}},
            ConsistentRead=True,
        ).get("Item")
        return plain(got) if got else {}

    def snapshots(self) -> list[dict[str, Any]]:
        items = self.ddb.scan(TableName=self.table, ConsistentRead=True)["Items"]
        found = [without_marks(plain(i)) for i in items if i["SK"]["S"].startswith("#USAGE#")]
        return sorted(found, key=lambda i: (i["PK"], i["SK"]))

    def marks(self, entity: str, resource: str, window_start: str,
              window: str = "hourly") -> dict[str, str]:
        """The exactly-once marks of one snapshot: limit -> padded sequence number."""
        item = self.raw_item(entity, resource, window_start, window)
        return {k[len("zael_seq#"):]: v for k, v in item.items() if k.startswith("zael_seq#")}

    def all_items(self) -> list[dict[str, Any]]:
        return [plain(i) for i in self.ddb.scan(TableName=self.table, ConsistentRead=True)["Items"]]


@pytest.fixture
def env(agg, ddb, monkeypatch):
    table = f"ZAEL-aggtest-{uuid.uuid4().hex[:12]}"
    create_limiter_table(ddb, table)
    e = Env(agg=agg, ddb=ddb, table=table, stream=Stream(table), monkeypatch=monkeypatch)
    e.configure()
    try:
        yield e
    finally:
        ddb.delete_table(TableName=table)


@pytest.fixture
def calls(agg, env):
    """Every DynamoDB call the handler's client makes: (operation, params, error code)."""
    client = agg._client()
    log: list[dict[str, Any]] = []

    def before(params, model, **_):
        log.append({"op": model.name, "params": params, "error": None})

    def after(parsed, model, **_):
        if log and log[-1]["op"] == model.name:
            log[-1]["error"] = (parsed.get("Error") or {}).get("Code")

    client.meta.events.register("provide-client-params.dynamodb", before)
    client.meta.events.register("after-call.dynamodb", after)
    try:
        yield log
    finally:
        client.meta.events.unregister("provide-client-params.dynamodb", before)
        client.meta.events.unregister("after-call.dynamodb", after)


def without_marks(item: dict[str, Any]) -> dict[str, Any]:
    """A snapshot without its exactly-once marks (compared separately, see Env.marks)."""
    return {k: v for k, v in item.items() if not k.startswith("zael_seq#")}


def snapshot_item(entity: str, resource: str, window: str, window_start: str, ttl: int,
                  limits: dict[str, str], events: int) -> dict[str, Any]:
    """The exact snapshot item the spec defines (values as the deserializer returns them)."""
    data: dict[str, Any] = {
        "resource": resource,
        "window": window,
        "window_start": window_start,
        "total_events": Decimal(events),
    }
    data.update({name: Decimal(value) for name, value in limits.items()})
    return {
        "PK": f"ENTITY#{entity}",
        "SK": f"#USAGE#{resource}#{window}#{window_start}",
        "entity_id": entity,
        "GSI2PK": f"RESOURCE#{resource}",
        "GSI2SK": f"USAGE#{window_start}#{entity}",
        "ttl": Decimal(ttl),
        "data": data,
    }
