"""The tool's stacks used by the published Python client, zae-limiter 0.2.0.

What the client does, read from its source (site-packages/zae_limiter):
- `RateLimiter(name=..., region=..., endpoint_url=...)`: `endpoint_url` is passed to the
  aioboto3 DynamoDB client. Without it the client still reaches the emulator through
  botocore's AWS_ENDPOINT_URL, but then believes it talks to real AWS (it would write
  `lambda_version` = its own version and try to redeploy the Lambda itself), so the
  tests always pass it.
- `stack_options=None` (the default) means "connect only": the client never creates a
  stack. Any other value makes it call CloudFormation itself.
- Its version check compares its package major (0) with the schema major (1) and would
  refuse a 1.x schema (the bug the spec names). As installed here its `__version__` is
  "0.0.0+unknown" (the wheel has no `_version.py`), which it cannot parse, so the check
  passes silently; `skip_version_check=True` makes test 1 independent of that.
- When it finds no version record it writes one itself before any check:
  `lambda_version` NULL (with an endpoint), `updated_by` "client:<its version>".
"""

from __future__ import annotations

import asyncio
import json
import time

import pytest
from zae_limiter import Limit, RateLimiter, RateLimitExceeded

VERSION_KEY = {"PK": {"S": "SYSTEM#"}, "SK": {"S": "#VERSION"}}


def client(name: str, emulator: str, *, skip_version_check: bool) -> RateLimiter:
    return RateLimiter(name=name, region="us-east-1", endpoint_url=emulator,
                       stack_options=None, skip_version_check=skip_version_check)


def acquire_until_refused(limiter: RateLimiter, entity: str, resource: str, attempts: int):
    """Acquire 1 rpm of a 10/minute limit `attempts` times; return (granted, refusal)."""

    async def go():
        granted, refusal = 0, None
        try:
            await limiter.create_entity(entity, name=f"entity {entity}")
            for _ in range(attempts):
                try:
                    async with limiter.acquire(entity, resource, [Limit.per_minute("rpm", 10)],
                                               {"rpm": 1}):
                        granted += 1
                except RateLimitExceeded as exc:
                    refusal = exc
                    break
        finally:
            await limiter.close()
        return granted, refusal

    return asyncio.run(go())


def deploy(run, name: str) -> None:
    code, out, err = run("deploy", "--name", name)
    assert code == 0, f"deploy failed ({code}):\n{out}\n{err}"


def json_of(run, *args: str) -> tuple[int, dict]:
    code, out, err = run(*args, "--output", "json")
    try:
        doc = json.loads(out)
    except json.JSONDecodeError:
        pytest.fail(f"`{' '.join(args)} --output json` printed no JSON ({code}):\n{out}\n{err}")
    return code, doc


def version_data(ddb, name: str) -> dict:
    item = ddb.get_item(TableName=f"ZAEL-{name}", Key=VERSION_KEY, ConsistentRead=True).get("Item")
    assert item is not None, "no version record"
    return item["data"]["M"]


def test_client_rate_limits_on_a_deployed_stack(run, emulator, cfn, name):
    deploy(run, name)
    stacks_before = {s["StackName"] for s in cfn.describe_stacks()["Stacks"]}

    limiter = client(name, emulator, skip_version_check=True)
    granted, refusal = acquire_until_refused(limiter, "key-1", "gpt-4", attempts=11)
    assert granted == 10
    assert isinstance(refusal, RateLimitExceeded)
    assert [v.limit_name for v in refusal.violations] == ["rpm"]

    # the client created no stack of its own
    assert {s["StackName"] for s in cfn.describe_stacks()["Stacks"]} == stacks_before

    code, doc = json_of(run, "check", "--name", name)
    assert code == 0, doc
    assert doc["verdict"] == "compatible" and doc["compatible"] is True
    code, out, err = run("status", "--name", name)
    assert code == 0, f"status failed ({code}):\n{out}\n{err}"


def _client_initialises(name, emulator, ddb):
    """The client, finding no record, writes its own (its 0.2.0 first-use behaviour)."""
    limiter = client(name, emulator, skip_version_check=False)
    granted, _ = acquire_until_refused(limiter, "key-2", "gpt-4", attempts=1)
    assert granted == 1
    data = version_data(ddb, name)
    assert data["updated_by"]["S"].startswith("client:")


def _repository_writes(name, emulator, ddb):
    """The client's repository writes a bare record: lambda_version and updated_by NULL."""
    limiter = client(name, emulator, skip_version_check=True)

    async def go():
        try:
            await limiter._repository.set_version_record(schema_version="1.0.0")
        finally:
            await limiter.close()

    asyncio.run(go())
    assert version_data(ddb, name)["updated_by"] == {"NULL": True}


@pytest.mark.parametrize("writer", [_client_initialises, _repository_writes],
                         ids=["client-first-use", "repository-set_version_record"])
def test_client_written_record_is_read_and_upgraded(run, emulator, ddb, name, writer):
    deploy(run, name)
    # a table whose record the client wrote: drop the tool's, let the client write its own
    ddb.delete_item(TableName=f"ZAEL-{name}", Key=VERSION_KEY)
    code, doc = json_of(run, "check", "--name", name)
    assert code == 5 and doc["verdict"] == "not_initialized", doc

    writer(name, emulator, ddb)
    data = version_data(ddb, name)
    assert data["lambda_version"] == {"NULL": True}
    assert data["schema_version"] == {"S": "1.0.0"}

    code, doc = json_of(run, "check", "--name", name)
    assert code == 0, doc
    assert doc["verdict"] == "update_available" and doc["compatible"] is True
    assert doc["deployed_lambda_version"] is None
    assert doc["deployed_schema_version"] == "1.0.0"
    assert "unknown" in doc["message"]

    code, tool = json_of(run, "version", "--name", name)
    assert code == 0, tool
    tool_version = tool["tool_version"]

    code, out, err = run("upgrade", "--name", name)
    assert code == 0, f"upgrade failed ({code}):\n{out}\n{err}"
    data = version_data(ddb, name)
    assert data["lambda_version"] == {"S": tool_version}
    assert data["schema_version"] == {"S": "1.0.0"}
    assert data["updated_by"] == {"S": f"cli:{tool_version}"}

    code, doc = json_of(run, "check", "--name", name)
    assert code == 0 and doc["verdict"] == "compatible", doc


def test_delete_keeps_what_the_client_wrote(run, emulator, ddb, cfn, name):
    deploy(run, name)
    limiter = client(name, emulator, skip_version_check=True)
    granted, _ = acquire_until_refused(limiter, "key-3", "gpt-4", attempts=3)
    assert granted == 3
    table = f"ZAEL-{name}"
    keys = [{"PK": {"S": "ENTITY#key-3"}, "SK": {"S": "#META"}},
            {"PK": {"S": "ENTITY#key-3"}, "SK": {"S": "#BUCKET#gpt-4#rpm"}}]
    before = [ddb.get_item(TableName=table, Key=k, ConsistentRead=True).get("Item") for k in keys]
    assert all(before), before

    code, out, err = run("delete", "--name", name, "--yes")
    assert code == 0, f"delete failed ({code}):\n{out}\n{err}"
    assert table in out  # says where the kept table is

    live = [s["StackName"] for s in cfn.describe_stacks()["Stacks"]
            if s["StackStatus"] != "DELETE_COMPLETE"]
    assert table not in live
    after = [ddb.get_item(TableName=table, Key=k, ConsistentRead=True).get("Item") for k in keys]
    assert after == before
    bucket = after[1]["data"]["M"]
    assert 7_000 <= int(bucket["tokens_milli"]["N"]) < 8_000  # 3 of 10 consumed (+ a little refill)


def test_usage_reads_back_what_the_aggregator_made_of_the_clients_traffic(run, emulator, name):
    from zae_limiter import Limit

    deploy(run, name)  # windows hourly,daily by default
    # Limits that refill between the acquires: the aggregator counts what each acquire took.
    limits = [Limit.per_minute("rpm", 60), Limit.per_minute("tpm", 10_000)]
    limiter = client(name, emulator, skip_version_check=True)

    async def traffic():
        try:
            for tpm in (500, 500, 250):  # the first creates the buckets (INSERTs)
                async with limiter.acquire("key-u", "gpt-4", limits, {"rpm": 1, "tpm": tpm}):
                    pass
        finally:
            await limiter.close()

    asyncio.run(traffic())

    # The deployed aggregator runs behind the stack's stream mapping (the emulator runs
    # it; see docs/testing.md), after the mapping's 5 s batching window.
    def events_so_far():
        code, doc = json_of(run, "usage", "--name", name, "--entity", "key-u")
        return sum(r["events"] for r in doc.get("rows", []) if r["window"] == "hourly")

    deadline = time.monotonic() + 30
    while events_so_far() < 6 and time.monotonic() < deadline:
        time.sleep(0.5)

    code, doc = json_of(run, "usage", "--name", name, "--entity", "key-u")
    assert code == 0, doc
    got = sorted((r["window"], r["resource"], r["limit"], r["consumed"], r["events"])
                 for r in doc["rows"])
    # events: every limit's consumption counts (3 acquires x 2 limits)
    assert got == [("daily", "gpt-4", "rpm", 3, 6), ("daily", "gpt-4", "tpm", 1250, 6),
                   ("hourly", "gpt-4", "rpm", 3, 6), ("hourly", "gpt-4", "tpm", 1250, 6)]

    code, doc = json_of(run, "usage", "--name", name, "--entity", "key-u",
                        "--window", "daily", "--resource", "gpt-4", "--since", "1h")
    assert code == 0, doc
    assert [(r["window"], r["limit"]) for r in doc["rows"]] == [("daily", "rpm"), ("daily", "tpm")]

    code, doc = json_of(run, "usage", "--name", name, "--entity", "nobody")
    assert code == 0 and doc["rows"] == [], doc

    code, out, err = run("usage", "--name", name, "--entity", "key-u", "--since", "soon")
    assert code == 2 and "--since" in err and out == "", err


def test_client_keeps_its_state_through_delete_and_adoption(run, emulator, name):
    """delete keeps the table; deploy adopts it back; the client's buckets, entity and
    version record come through, so its rate limiting carries on where it was."""
    deploy(run, name)
    # 10 an hour: nothing refills noticeably while the stack is deleted and adopted.
    hourly = [Limit.custom("rpm", capacity=10, refill_amount=10, refill_period_seconds=3600)]

    def acquires(entity, attempts, create):
        limiter = client(name, emulator, skip_version_check=True)

        async def go():
            granted = 0
            try:
                if create:
                    await limiter.create_entity(entity, name=f"entity {entity}")
                for _ in range(attempts):
                    try:
                        async with limiter.acquire(entity, "gpt-4", hourly, {"rpm": 1}):
                            granted += 1
                    except RateLimitExceeded:
                        break
            finally:
                await limiter.close()
            return granted

        return asyncio.run(go())

    assert acquires("key-a", 10, create=True) == 10

    code, out, err = run("delete", "--name", name, "--yes")
    assert code == 0, f"delete failed ({code}):\n{out}\n{err}"
    code, doc = json_of(run, "check", "--name", name)
    assert code == 6 and doc["verdict"] == "table_without_stack", doc

    code, doc = json_of(run, "deploy", "--name", name)
    assert code == 0 and doc["action"] == "adopted", doc
    # The entity and its drained bucket came through: creating the entity again is
    # refused, and the 11th acquire is refused.
    with pytest.raises(Exception, match="already exists"):
        acquires("key-a", 0, create=True)
    assert acquires("key-a", 1, create=False) == 0
    # A new entity starts from a full bucket, as before.
    assert acquires("key-b", 11, create=True) == 10
    code, doc = json_of(run, "check", "--name", name)
    assert code == 0 and doc["verdict"] == "compatible", doc
