"""Limits as code with the published client (zae-limiter 0.2.0): what `limits apply`
writes is what the client's `use_stored_limits=True` enforces, cascade included, and
the audit trail is shared both ways (the client reads the tool's events, `audit`
lists the client's)."""

from __future__ import annotations

import asyncio
import json

from zae_limiter import Limit, RateLimiter, RateLimitExceeded
from zae_limiter.repository import Repository

# The client's fallback when no stored limit exists: far above any applied one,
# so a refusal proves the stored limit was used.
FALLBACK = [Limit.per_minute("rpm", 1000)]

V1 = """\
entities:
  org:
    name: Org Inc
    limits:
      api:
        rpm: {capacity: 5}
  user-1:
    parent: org
    limits:
      api:
        rpm: {capacity: 3}
  user-2:
    parent: org
    limits:
      api:
        rpm: {capacity: 10}
  user-9:
    parent: org
    limits:
      api:
        rpm: {capacity: 3}
"""


def granted(emulator: str, name: str, entity: str, cascade: bool = False) -> int:
    """How many 1-token acquires the client grants before refusing (at most 50)."""

    async def go():
        limiter = RateLimiter(name=name, region="us-east-1", endpoint_url=emulator,
                              stack_options=None, skip_version_check=True)
        n = 0
        try:
            for _ in range(50):
                try:
                    async with limiter.acquire(entity, "api", FALLBACK, {"rpm": 1},
                                               cascade=cascade, use_stored_limits=True):
                        n += 1
                except RateLimitExceeded:
                    break
        finally:
            await limiter.close()
        return n

    return asyncio.run(go())


def tool_json(run, *args: str) -> tuple[int, dict]:
    code, out, err = run(*args, "--output", "json")
    assert out.strip(), f"no JSON from {args} ({code}):\n{err}"
    return code, json.loads(out)


def test_applied_limits_are_what_the_client_enforces(run, emulator, tmp_path, name):
    code, out, err = run("deploy", "--name", name, "--no-aggregator")
    assert code == 0, err
    v1 = tmp_path / "limits.yaml"
    v1.write_text(V1)

    code, doc = tool_json(run, "limits", "plan", "--name", name, "-f", str(v1))
    assert code == 10 and doc["changes_pending"] is True
    assert doc["summary"]["entities_created"] == 4 and doc["summary"]["limits_added"] == 4

    code, doc = tool_json(run, "limits", "apply", "--name", name, "-f", str(v1), "--yes",
                          "--principal", "ci:limits-bot")
    assert code == 0, doc
    assert doc["applied"]["entities_written"] == 4

    # Exactly the applied capacity, then refused.
    assert granted(emulator, name, "user-1") == 3
    # Cascade: user-2 may take 10 but its parent only 5.
    assert granted(emulator, name, "user-2", cascade=True) == 5

    # Change a capacity: plan shows old -> new, apply, the client follows.
    v2 = tmp_path / "limits-v2.yaml"
    v2.write_text(V1.replace("  user-9:\n    parent: org\n    limits:\n      api:\n        rpm: {capacity: 3}",
                             "  user-9:\n    parent: org\n    limits:\n      api:\n        rpm: {capacity: 7}"))
    code, doc = tool_json(run, "limits", "plan", "--name", name, "-f", str(v2))
    assert code == 10
    [change] = doc["changes"]
    assert change["action"] == "change_limit" and change["entity"] == "user-9"
    assert (change["old"]["capacity"], change["new"]["capacity"]) == (3, 7)
    code, _, err = run("limits", "apply", "--name", name, "-f", str(v2), "--yes",
                       "--principal", "ci:limits-bot")
    assert code == 0, err
    assert granted(emulator, name, "user-9") == 7

    # Idempotent.
    code, doc = tool_json(run, "limits", "apply", "--name", name, "-f", str(v2), "--yes",
                          "--principal", "ci:limits-bot")
    assert code == 0 and doc["changes_pending"] is False and doc["changes"] == []

    # The client reads the tool's audit events ...
    async def client_side():
        repo = Repository(name, region="us-east-1", endpoint_url=emulator)
        events = await repo.get_audit_events("user-9")
        # ... and writes its own, which `audit` must list.
        limiter = RateLimiter(name=name, region="us-east-1", endpoint_url=emulator,
                              stack_options=None, skip_version_check=True)
        await limiter._repository.set_limits("user-2", [Limit.per_minute("rpm", 4)],
                                             resource="api", principal="app-admin")
        await limiter.close()
        await repo.close()
        return events

    events = asyncio.run(client_side())
    actions = [(e.action, e.principal, e.resource) for e in events]
    assert actions[0] == ("limits_set", "ci:limits-bot", "api"), actions
    assert events[0].details["limits"][0]["capacity"] == 7
    assert ("entity_created", "ci:limits-bot", None) in actions

    code, doc = tool_json(run, "audit", "--name", name, "--entity", "user-2", "--since", "1h")
    assert code == 0
    by_principal = {(e["principal"], e["action"]) for e in doc["events"]}
    assert ("app-admin", "limits_set") in by_principal  # written by the client
    assert ("ci:limits-bot", "entity_created") in by_principal  # written by the tool

    # The client's change shows up as drift from the file.
    code, doc = tool_json(run, "limits", "plan", "--name", name, "-f", str(v2))
    assert code == 10 and doc["changes"][0]["old"]["capacity"] == 4
