"""Interop with the published client (zae-limiter 0.2.0): buckets it writes, read back from
the emulator's DynamoDB stream, turned into the snapshots the spec describes."""

from __future__ import annotations

import asyncio
from decimal import Decimal

from conftest import snapshot_item
from python_suites import stream_records


def test_published_client_buckets_become_snapshots(env, agg, ddb, streams, emulator):
    from zae_limiter import Limit, RateLimiter

    # Refilling 1 token a day: no refill between the acquires, so every delta is exact.
    limits = [Limit.custom("rpm", capacity=100, refill_amount=1, refill_period_seconds=86400),
              Limit.custom("tpm", capacity=100_000, refill_amount=1, refill_period_seconds=86400)]

    async def use_the_limiter():
        limiter = RateLimiter(name=env.table, region="us-east-1", endpoint_url=emulator,
                              skip_version_check=True)
        try:
            # creates the buckets: INSERT records, which carry no consumption
            async with limiter.acquire("key-1", "gpt-4", limits, {"rpm": 1, "tpm": 500}):
                pass
            async with limiter.acquire("key-1", "gpt-4", limits, {"rpm": 1, "tpm": 500}) as lease:
                await lease.adjust(tpm=250)  # post-hoc reconciliation: 750 in all
            async with limiter.acquire("key-1", "gpt-4", limits, {"rpm": 1, "tpm": 100}) as lease:
                await lease.release(tpm=40)  # a refund inside the lease: 60 in all
        finally:
            await limiter.close()

    asyncio.run(use_the_limiter())

    records = stream_records(ddb, streams, env.table)
    assert [r["eventName"] for r in records] == ["INSERT"] * 2 + ["MODIFY"] * 4

    env.configure(windows="hourly,monthly", ttl_days=30)
    result = env.run(records)
    assert result["batchItemFailures"] == []
    assert (result["skipped"], result["consumptions"], result["snapshots_written"]) == (2, 4, 2)

    bucket = ddb.get_item(TableName=env.table,
                          Key={"PK": {"S": "ENTITY#key-1"}, "SK": {"S": "#BUCKET#gpt-4#rpm"}})["Item"]
    at = agg.utc_from_ms(int(bucket["data"]["M"]["last_refill_ms"]["N"]))
    expected = []
    for window in ("hourly", "monthly"):
        start = agg.window_start(at, window)
        ttl = agg.epoch_seconds(agg.window_end(start, window)) + 30 * 86400
        expected.append(snapshot_item("key-1", "gpt-4", window, agg.format_utc(start), ttl,
                                      {"rpm": "2", "tpm": "810"}, 4))
    assert env.snapshots() == expected
    assert env.snapshots()[0]["data"]["tpm"] == Decimal(810)
