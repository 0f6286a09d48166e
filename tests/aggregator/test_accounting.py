"""The aggregator's accounting: what one bucket write consumed, checked by hand and against
the published 0.2.0 client's own bucket arithmetic (zae_limiter.bucket), so that a change of
either side that breaks the inversion fails here.

Notation: a limit refills A milli-tokens per P milliseconds (A/P is tokens per second).
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import Stream, bucket_image

T = 1_768_472_400_000  # 2026-01-15T10:20:00Z


def rule(agg, burst_tokens, amount_tokens, period_s):
    return agg.Refill(burst_tokens * 1000, amount_tokens * 1000, period_s * 1000)


# --------------------------------------------------------------------------- by hand


def test_refill_between_acquires_is_not_read_as_tokens_returned(agg):
    # 60/minute: 1 token a second. 50 tokens, 5 s pause, 1 acquired: 50 + 5 - 1 = 54.
    # A plain old - new reads -4; one token was consumed.
    assert agg.consumed_milli(50_000, T, 54_000, T + 5_000, rule(agg, 60, 60, 60)) == 1_000


def test_refill_capped_at_the_burst(agg):
    # 59.5 tokens, 5 s later the client caps the refill at 60, then takes 1.
    assert agg.consumed_milli(59_500, T, 59_000, T + 5_000, rule(agg, 60, 60, 60)) == 1_000


def test_drained_bucket_after_a_long_pause(agg):
    # Empty, a minute later full again (60), then 1 taken: old - new would say -59.
    assert agg.consumed_milli(0, T, 59_000, T + 60_000, rule(agg, 60, 60, 60)) == 1_000
    # An hour later: still capped at the burst.
    assert agg.consumed_milli(0, T, 59_000, T + 3_600_000, rule(agg, 60, 60, 60)) == 1_000


def test_several_tokens_per_acquire(agg):
    # 1000 tokens/minute, 10 s pause (166.666 tokens), 250 taken. The client added
    # 10_000 * 1_000_000 // 60_000 = 166_666 milli-tokens and advanced its time by
    # 166_666 * 60_000 // 1_000_000 = 9_999 ms.
    r = rule(agg, 1000, 1000, 60)
    assert agg.consumed_milli(500_000, T, 500_000 + 166_666 - 250_000, T + 9_999, r) == 250_000


def test_returned_tokens_stay_negative(agg):
    # A lease gives 3 tokens back 2 s later (force_consume with -3): 40 + 2 + 3 = 45.
    assert agg.consumed_milli(40_000, T, 45_000, T + 2_000, rule(agg, 60, 60, 60)) == -3_000


def test_no_time_elapsed_is_old_minus_new(agg):
    assert agg.consumed_milli(40_000, T, 38_000, T, rule(agg, 60, 60, 60)) == 2_000


def test_time_going_backwards_adds_no_refill(agg):
    # The client refills nothing when its clock is behind the stored refill time.
    assert agg.consumed_milli(40_000, T, 38_000, T - 500, rule(agg, 60, 60, 60)) == 2_000


def test_bucket_without_a_refill_rule_is_old_minus_new(agg):
    assert agg.consumed_milli(40_000, T, 38_000, T + 9_000, None) == 2_000


def test_refill_faster_than_one_token_a_second_is_resolved_by_whole_tokens(agg):
    # 100/minute (A/P = 1.667): 7 ms elapse, the client adds 7 * 100_000 // 60_000 = 11
    # milli-tokens and advances 11 * 60_000 // 100_000 = 6 ms. Seen from the images, the
    # 6 ms advance fits 10 or 11 milli-tokens: only 11 makes a whole token consumed.
    assert agg.refill_range(6, 100_000, 60_000) == (10, 11)
    r = rule(agg, 100, 100, 60)
    assert agg.consumed_milli(50_000, T, 50_000 + 11 - 1_000, T + 6, r) == 1_000


def test_refill_range_is_exact_up_to_one_token_a_second(agg):
    for elapsed in range(0, 5_000, 7):
        low, high = agg.refill_range(elapsed, 60_000, 60_000)
        assert low == high == elapsed
        low, high = agg.refill_range(elapsed, 1_000, 86_400_000)  # 1 a day
        assert low == high


def test_refill_range_holds_exactly_what_the_client_adds(agg):
    from zae_limiter.bucket import refill_bucket

    for amount, period in ((1_000, 1_000), (100_000, 60_000), (7_000, 3_000), (10_000_000, 1_000)):
        for elapsed in range(0, 3_000, 13):
            got = refill_bucket(0, 0, elapsed, 10**15, amount, period)
            low, high = agg.refill_range(got.new_last_refill_ms, amount, period)
            assert low <= got.new_tokens_milli <= high
            assert high - low < -(-amount // period)  # fewer than ceil(A/P) candidates


def test_unresolvable_refill_stays_within_the_documented_bound(agg):
    # 10_000 tokens a second (A/P = 10_000): a 1 ms advance fits 10_000..19_999 added
    # milli-tokens, i.e. several whole-token amounts. The least is taken: never more than
    # was consumed, and low by less than ceil(A/P).
    r = rule(agg, 100_000, 10_000, 1)
    added = 15_000  # elapsed 1.5 ms: the client added 15_000 and advanced 1 ms
    new = 50_000_000 + added - 7_000
    got = agg.consumed_milli(50_000_000, T, new, T + 1, r)
    assert 7_000 - 10_000 < got <= 7_000


# --------------------------------------------------------------------------- the client


def _limits(draw, fast):
    capacity = draw(st.integers(1, 500))
    burst = capacity + draw(st.integers(0, 500))
    period = draw(st.sampled_from([1, 2, 7, 60, 61, 3600, 86400]))
    # tokens per second below 1000 (exact) or from 1000 up (bounded)
    top = min(1_000 * period - 1, 10**7) if not fast else 50_000 * period
    low = 1 if not fast else 1_000 * period
    amount = draw(st.integers(low, top))
    return capacity, burst, amount, period


@st.composite
def client_sessions(draw, fast=False):
    """A limit and acquires with pauses: [(pause_ms, tokens), ...]."""
    capacity, burst, amount, period = _limits(draw, fast)
    steps = draw(st.lists(st.tuples(st.integers(0, 90_000), st.integers(1, max(1, burst))),
                          min_size=1, max_size=30))
    return (capacity, burst, amount, period), steps


def run_client(limit_args, steps, start_ms=T):
    """Drive the published client's bucket arithmetic as its acquire does (read, refill and
    consume, write only on success) and return the stream records of its writes and the
    milli-tokens it consumed."""
    from zae_limiter import Limit
    from zae_limiter.bucket import try_consume
    from zae_limiter.models import BucketState

    capacity, burst, amount, period = limit_args
    limit = Limit.custom("rpm", capacity=capacity, burst=burst, refill_amount=amount,
                         refill_period_seconds=period)
    stream = Stream("t")
    state = None
    now = start_ms
    records, consumed = [], 0
    for pause, tokens in steps:
        now += pause
        fresh = state is None
        current = BucketState.from_limit("e", "api", limit, now) if fresh else state
        result = try_consume(current, tokens, now)
        if not result.success:
            continue  # refused: the client writes nothing
        consumed += tokens * 1000
        new = image_of(current, result.new_tokens_milli, result.new_last_refill_ms)
        keys = {"PK": new["PK"], "SK": new["SK"]}
        if fresh:
            records.append(stream.record("INSERT", keys, None, new))
        else:
            old = image_of(current, current.tokens_milli, current.last_refill_ms)
            records.append(stream.record("MODIFY", keys, old, new))
        state = BucketState(**{**current.__dict__, "tokens_milli": result.new_tokens_milli,
                               "last_refill_ms": result.new_last_refill_ms})
    return records, consumed


def image_of(state, tokens_milli, last_refill_ms):
    image = bucket_image(state.entity_id, state.resource, state.limit_name, tokens_milli,
                         last_refill_ms)
    data = image["data"]["M"]
    data["capacity_milli"] = {"N": str(state.capacity_milli)}
    data["burst_milli"] = {"N": str(state.burst_milli)}
    data["refill_amount_milli"] = {"N": str(state.refill_amount_milli)}
    data["refill_period_ms"] = {"N": str(state.refill_period_ms)}
    return image


def counted(agg, records):
    total = 0
    for record in records:
        parsed = agg.parse_record(record)
        if isinstance(parsed, agg.Consumption):
            total += parsed.delta_milli
    return total


@settings(max_examples=3000, deadline=None)
@given(client_sessions())
def test_counts_exactly_what_the_client_consumed(agg, session):
    limit_args, steps = session
    records, consumed = run_client(limit_args, steps)
    assert counted(agg, records) == consumed


@settings(max_examples=1000, deadline=None)
@given(client_sessions(fast=True))
def test_fast_refills_stay_within_the_bound(agg, session):
    limit_args, steps = session
    records, consumed = run_client(limit_args, steps)
    _, _, amount, period = limit_args
    per_write = -(-amount // period)  # ceil(A/P) with A, P in milli-tokens and ms
    got = counted(agg, records)
    assert consumed - len(records) * per_write < got <= consumed


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(session=client_sessions())
def test_handler_snapshot_equals_the_sum_consumed(env, session):
    # Through the handler into the emulator's table: all writes within one hour, so one
    # hourly snapshot holds the whole session.
    limit_args, steps = session
    steps = [(pause % 100, tokens) for pause, tokens in steps]
    records, consumed = run_client(limit_args, steps)
    entity = f"e{env.stream.next_seq}"
    for record in records:
        record["dynamodb"]["Keys"]["PK"] = {"S": f"ENTITY#{entity}"}
        record["dynamodb"]["SequenceNumber"] = str(env.stream.next_seq)
        env.stream.next_seq += 1
    result = env.run(records)
    assert result["batchItemFailures"] == []
    item = env.item(entity, "api", "2026-01-15T10:00:00Z")
    if consumed == 0:
        assert item is None
    else:
        assert item["data"]["rpm"] == Decimal(consumed) / 1000
        assert item["data"]["total_events"] == len(records)
