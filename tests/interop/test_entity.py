"""`entity show|verify|reset` on a stack the published 0.2.0 client uses.

The stack is deployed with --no-aggregator so no usage snapshot appears while items
are counted by kind. The client makes the traffic; its own `available()` is the
reference the tool's figures are compared with.
"""

from __future__ import annotations

import asyncio
import json
import uuid

import pytest
from zae_limiter import Limit, RateLimiter, RateLimitExceeded

RPM = Limit.per_minute("rpm", 10)
RPH = Limit.per_hour("rph", 100)


@pytest.fixture(scope="module")
def stack(run, emulator):
    name = f"entity-{uuid.uuid4().hex[:8]}"
    code, out, err = run("deploy", "--name", name, "--no-aggregator", timeout=300)
    assert code == 0, f"deploy failed ({code}):\n{out}\n{err}"
    return name


def client(name: str, emulator: str) -> RateLimiter:
    return RateLimiter(name=name, region="us-east-1", endpoint_url=emulator,
                       stack_options=None, skip_version_check=True)


def with_client(name, emulator, body):
    async def go():
        limiter = client(name, emulator)
        try:
            return await body(limiter)
        finally:
            await limiter.close()

    return asyncio.run(go())


def uid(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:6]}"


def tool_json(run, *args: str, timeout: float = 60) -> tuple[int, dict, str]:
    code, out, err = run(*args, "--output", "json", timeout=timeout)
    try:
        return code, json.loads(out), err
    except json.JSONDecodeError:
        pytest.fail(f"{args} printed no JSON ({code}):\n{out}\n{err}")


def kinds(ddb, table: str, entity: str) -> dict[str, int]:
    """Items of the entity's partition counted by kind."""
    counts: dict[str, int] = {}
    for page in ddb.get_paginator("query").paginate(
            TableName=table, ConsistentRead=True, KeyConditionExpression="PK = :pk",
            ExpressionAttributeValues={":pk": {"S": f"ENTITY#{entity}"}}):
        for item in page["Items"]:
            sk = item["SK"]["S"]
            kind = sk.split("#")[1] if sk.startswith("#") else sk
            counts[kind] = counts.get(kind, 0) + 1
    return counts


def test_show_matches_the_clients_available(run, emulator, stack):
    parent, child = uid("org"), uid("user")

    async def body(limiter):
        await limiter.create_entity(parent, name="The org")
        await limiter.create_entity(child, name="A user", parent_id=parent)
        await limiter.set_limits(child, [RPM, RPH], resource="api")
        async with limiter.acquire(child, "api", [RPM, RPH], {"rpm": 7, "rph": 40}, cascade=True):
            pass
        return await limiter.available(child, "api", [RPM, RPH])

    available = with_client(stack, emulator, body)
    code, doc, err = tool_json(run, "entity", "show", "--name", stack, "--entity", child)
    assert code == 0, err
    assert doc["found"] is True
    assert doc["metadata"]["name"] == "A user"
    assert doc["metadata"]["parent"] == parent
    assert doc["parents"] == [parent]
    assert doc["chain_end"] == {"kind": "root"}
    buckets = {b["limit"]: b for b in doc["buckets"] if b["resource"] == "api"}
    assert set(buckets) == {"rpm", "rph"}
    for limit in ("rpm", "rph"):
        assert abs(buckets[limit]["available"] - available[limit]) <= 1, (limit, available, buckets)
    assert available["rpm"] <= 4, "the client consumed 7 of 10"
    assert buckets["rpm"]["burst"] == 10 and buckets["rpm"]["refill_period_seconds"] == 60
    assert 0 < buckets["rpm"]["full_in_seconds"] <= 60
    assert {(l["resource"], l["limit"]) for l in doc["limits"]} == {("api", "rpm"), ("api", "rph")}

    code, pdoc, err = tool_json(run, "entity", "show", "--name", stack, "--entity", parent)
    assert code == 0, err
    assert child in pdoc["children"]
    assert any(b["limit"] == "rpm" for b in pdoc["buckets"]), "cascade wrote the parent's bucket"


def test_reset_one_bucket_then_all_and_nothing_else(run, emulator, ddb, stack):
    entity = uid("cust")
    table = f"ZAEL-{stack}"

    async def drain(limiter):
        await limiter.create_entity(entity)
        await limiter.set_limits(entity, [RPM], resource="api")
        for resource in ("api", "search"):
            async with limiter.acquire(entity, resource, [RPM, RPH], {"rpm": 10, "rph": 10}):
                pass

    with_client(stack, emulator, drain)
    version_before = ddb.get_item(TableName=table, ConsistentRead=True,
                                  Key={"PK": {"S": "SYSTEM#"}, "SK": {"S": "#VERSION"}}).get("Item")
    before = kinds(ddb, table, entity)
    assert before["BUCKET"] == 4 and before["META"] == 1 and before["LIMIT"] == 1

    code, doc, err = tool_json(run, "entity", "reset", "--name", stack, "--entity", entity,
                               "--resource", "api", "--limit", "rpm", "--yes")
    assert code == 0, err
    assert [(b["resource"], b["limit"]) for b in doc["deleted"]] == [("api", "rpm")]
    assert doc["deleted"][0]["available_before"] == 0
    after_one = kinds(ddb, table, entity)
    assert after_one == dict(before, BUCKET=3)

    async def acquire_full(limiter):
        # The whole capacity again at once: the bucket is recreated full.
        async with limiter.acquire(entity, "api", [RPM], {"rpm": 10}):
            pass
        try:
            async with limiter.acquire(entity, "search", [RPM], {"rpm": 1}):
                pass
        except RateLimitExceeded:
            return "search still limited"
        return "search not limited"

    assert with_client(stack, emulator, acquire_full) == "search still limited"

    code, doc, err = tool_json(run, "entity", "reset", "--name", stack, "--entity", entity, "--yes")
    assert code == 0, err
    assert len(doc["deleted"]) == 4
    after_all = kinds(ddb, table, entity)
    assert after_all == {k: v for k, v in before.items() if k != "BUCKET"}
    assert ddb.get_item(TableName=table, ConsistentRead=True,
                        Key={"PK": {"S": "SYSTEM#"}, "SK": {"S": "#VERSION"}}).get("Item") == version_before

    async def acquire_everything(limiter):
        for resource in ("api", "search"):
            async with limiter.acquire(entity, resource, [RPM, RPH], {"rpm": 10}):
                pass
        return True

    assert with_client(stack, emulator, acquire_everything)


def test_reset_refuses_without_yes_and_dry_run_deletes_nothing(run, emulator, ddb, stack):
    entity = uid("cust")
    table = f"ZAEL-{stack}"

    async def consume(limiter):
        await limiter.create_entity(entity)
        async with limiter.acquire(entity, "api", [RPM], {"rpm": 3}):
            pass

    with_client(stack, emulator, consume)
    before = kinds(ddb, table, entity)
    code, out, err = run("entity", "reset", "--name", stack, "--entity", entity)
    assert code == 1
    assert "--yes" in err and "not a terminal" in err
    assert kinds(ddb, table, entity) == before

    code, doc, err = tool_json(run, "entity", "reset", "--name", stack, "--entity", entity,
                               "--dry-run")
    assert code == 0, err
    assert doc["dry_run"] is True and len(doc["planned"]) == 1 and doc["deleted"] == []
    assert kinds(ddb, table, entity) == before


def put_meta(ddb, table, entity, parent=None):
    item = {"PK": {"S": f"ENTITY#{entity}"}, "SK": {"S": "#META"}, "entity_id": {"S": entity},
            "data": {"M": {"name": {"S": entity},
                           "parent_id": {"S": parent} if parent else {"NULL": True}}}}
    if parent:
        item["GSI1PK"] = {"S": f"PARENT#{parent}"}
        item["GSI1SK"] = {"S": f"CHILD#{entity}"}
    ddb.put_item(TableName=table, Item=item)


def test_verify_finds_broken_entities(run, emulator, ddb, stack):
    table = f"ZAEL-{stack}"
    healthy, orphan, a, b, lone = uid("ok"), uid("orphan"), uid("a"), uid("b"), uid("lone")

    async def make(limiter):
        await limiter.create_entity(healthy)
        await limiter.set_limits(healthy, [RPM], resource="api")
        async with limiter.acquire(healthy, "api", [RPM], {"rpm": 2}):
            pass
        # Buckets for an entity the client never created (no metadata).
        async with limiter.acquire(lone, "api", [RPM], {"rpm": 1}):
            pass

    with_client(stack, emulator, make)
    code, doc, err = tool_json(run, "entity", "verify", "--name", stack, "--entity", healthy)
    assert code == 0, (doc, err)
    assert doc["findings"] == [] and doc["buckets_checked"] == 1

    put_meta(ddb, table, orphan, parent="ghost-parent")
    code, doc, err = tool_json(run, "entity", "verify", "--name", stack, "--entity", orphan)
    assert code == 8, err
    assert doc["findings"][0]["check"] == "parent_missing"
    assert "ghost-parent" in doc["findings"][0]["problem"] and doc["findings"][0]["remedy"]

    put_meta(ddb, table, a, parent=b)
    put_meta(ddb, table, b, parent=a)
    code, doc, err = tool_json(run, "entity", "verify", "--name", stack, "--entity", a)
    assert code == 8, err
    assert [f["check"] for f in doc["findings"]] == ["parent_cycle"]
    code, sdoc, err = tool_json(run, "entity", "show", "--name", stack, "--entity", a)
    assert code == 0 and sdoc["chain_end"] == {"kind": "cycle", "entity": a}

    # A stale bucket over its burst: a warning, exit 7.
    ddb.update_item(TableName=table,
                    Key={"PK": {"S": f"ENTITY#{healthy}"}, "SK": {"S": "#BUCKET#api#rpm"}},
                    UpdateExpression="SET #d.tokens_milli = :t",
                    ExpressionAttributeNames={"#d": "data"},
                    ExpressionAttributeValues={":t": {"N": "50000"}})
    code, doc, err = tool_json(run, "entity", "verify", "--name", stack, "--entity", healthy)
    assert code == 7, (doc, err)
    assert doc["worst"] == "warning"
    assert "bucket_over_burst" in [f["check"] for f in doc["findings"]]

    code, out, err = run("entity", "verify", "--name", stack, "--entity", uid("nobody"))
    assert code == 9 and "no metadata" in err
    code, doc, err = tool_json(run, "entity", "show", "--name", stack, "--entity", lone)
    assert code == 9 and doc["found"] is False and len(doc["buckets"]) == 1
    assert "1 bucket item(s) exist without metadata" in err


def test_thousands_of_buckets_page_and_reset_in_batches(run, emulator, ddb, stack):
    entity, count = uid("big"), 2500
    table = f"ZAEL-{stack}"
    put_meta(ddb, table, entity)
    pad = "x" * 600  # makes the partition span several 1 MB query pages
    items = [{"PutRequest": {"Item": {
        "PK": {"S": f"ENTITY#{entity}"}, "SK": {"S": f"#BUCKET#r{i:05d}#rpm"},
        "entity_id": {"S": entity}, "pad": {"S": pad},
        "data": {"M": {"resource": {"S": f"r{i:05d}"}, "limit_name": {"S": "rpm"},
                       "tokens_milli": {"N": "1000"}, "last_refill_ms": {"N": "0"},
                       "capacity_milli": {"N": "10000"}, "burst_milli": {"N": "10000"},
                       "refill_amount_milli": {"N": "10000"}, "refill_period_ms": {"N": "60000"}}}}}}
        for i in range(count)]
    for i in range(0, count, 25):
        ddb.batch_write_item(RequestItems={table: items[i:i + 25]})
    first = ddb.query(TableName=table, KeyConditionExpression="PK = :pk",
                      ExpressionAttributeValues={":pk": {"S": f"ENTITY#{entity}"}})
    assert "LastEvaluatedKey" in first, "the emulator pages at 1 MB, so paging is exercised"

    code, doc, err = tool_json(run, "entity", "show", "--name", stack, "--entity", entity)
    assert code == 0, err
    assert len(doc["buckets"]) == count
    assert all(b["available"] == 10 for b in doc["buckets"]), "last refill long ago: full"

    code, doc, err = tool_json(run, "entity", "reset", "--name", stack, "--entity", entity,
                               "--yes", timeout=120)
    assert code == 0, err
    assert len(doc["deleted"]) == count
    assert doc["requests"] >= count // 25
    assert kinds(ddb, table, entity) == {"META": 1}


def run_on_a_terminal(binary, args, answer: str) -> tuple[int, str]:
    """The tool with a pseudo-terminal as stdin, answering the confirmation."""
    import os
    import pty
    import subprocess

    master, slave = pty.openpty()
    try:
        proc = subprocess.Popen([str(binary), *args], stdin=slave, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True,
                                env=dict(os.environ, NO_COLOR="1"))
        os.write(master, answer.encode())
        out, err = proc.communicate(timeout=60)
        return proc.returncode, out + err
    finally:
        os.close(master)
        os.close(slave)


def test_reset_asks_on_a_terminal(binary, run, emulator, ddb, stack):
    entity = uid("tty")
    table = f"ZAEL-{stack}"

    async def consume(limiter):
        await limiter.create_entity(entity)
        async with limiter.acquire(entity, "api", [RPM], {"rpm": 5}):
            pass

    with_client(stack, emulator, consume)
    args = ["entity", "reset", "--name", stack, "--entity", entity]
    code, text = run_on_a_terminal(binary, args, "n\n")
    assert code == 0, text
    assert "[y/N]" in text and "declined: nothing deleted" in text
    assert kinds(ddb, table, entity).get("BUCKET") == 1

    code, text = run_on_a_terminal(binary, args, "y\n")
    assert code == 0, text
    assert "deleted 1 bucket(s)" in text
    assert "BUCKET" not in kinds(ddb, table, entity)
