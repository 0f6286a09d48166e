"""Interop with the published client (zae-limiter 0.2.0): buckets it writes, read back from
the emulator's DynamoDB stream, turned into the snapshots the spec describes."""

from __future__ import annotations

import asyncio
from decimal import Decimal

from conftest import snapshot_item
from python_suites import stream_records


def test_published_client_buckets_become_snapshots(env, agg, ddb, streams, emulator):
    from zae_limiter import Limit, RateLimiter

    # Refilling 1 token a day: no refill between the acquires.
    limits = [Limit.custom("rpm", capacity=100, refill_amount=1, refill_period_seconds=86400),
              Limit.custom("tpm", capacity=100_000, refill_amount=1, refill_period_seconds=86400)]

    async def use_the_limiter():
        limiter = RateLimiter(name=env.table, region="us-east-1", endpoint_url=emulator,
                              skip_version_check=True)
        try:
            # creates the buckets full and consumes in the same write: INSERT records
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
    assert (result["skipped"], result["consumptions"], result["snapshots_written"]) == (0, 6, 2)

    bucket = ddb.get_item(TableName=env.table,
                          Key={"PK": {"S": "ENTITY#key-1"}, "SK": {"S": "#BUCKET#gpt-4#rpm"}})["Item"]
    at = agg.utc_from_ms(int(bucket["data"]["M"]["last_refill_ms"]["N"]))
    expected = []
    for window in ("hourly", "monthly"):
        start = agg.window_start(at, window)
        ttl = agg.epoch_seconds(agg.window_end(start, window)) + 30 * 86400
        expected.append(snapshot_item("key-1", "gpt-4", window, agg.format_utc(start), ttl,
                                      {"rpm": "3", "tpm": "1310"}, 6))
    assert env.snapshots() == expected
    assert env.snapshots()[0]["data"]["tpm"] == Decimal(1310)


def test_refill_between_acquires_counts_exactly(env, agg, ddb, streams, emulator):
    """The case that exposed the undercount: 60 a minute, 10 acquires, a 5 s pause, 10 more.
    Read as old - new, the refill after the pause looked like tokens returned and the
    first acquire (an INSERT) was dropped: 13.835 of 20 were recorded."""
    import time

    from zae_limiter import Limit, RateLimiter

    limits = [Limit.per_minute("rpm", 60)]

    async def use_the_limiter():
        limiter = RateLimiter(name=env.table, region="us-east-1", endpoint_url=emulator,
                              skip_version_check=True)
        try:
            for burst in range(2):
                if burst:
                    time.sleep(5)
                for _ in range(10):
                    async with limiter.acquire("user-9", "api", limits, {"rpm": 1}):
                        pass
        finally:
            await limiter.close()

    asyncio.run(use_the_limiter())
    records = stream_records(ddb, streams, env.table)
    assert [r["eventName"] for r in records] == ["INSERT"] + ["MODIFY"] * 19
    plain_differences = sum(
        int(r["dynamodb"]["OldImage"]["data"]["M"]["tokens_milli"]["N"])
        - int(r["dynamodb"]["NewImage"]["data"]["M"]["tokens_milli"]["N"])
        for r in records[1:]
    )
    assert plain_differences < 15_000  # what the old accounting would have recorded

    result = env.run(records)
    assert result["batchItemFailures"] == []
    hourly = env.snapshots()  # one, or two when the run crossed an hour
    assert sum(s["data"]["rpm"] for s in hourly) == Decimal(20)
    assert sum(s["data"]["total_events"] for s in hourly) == 20
