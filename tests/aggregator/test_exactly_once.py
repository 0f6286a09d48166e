"""Exactly once per stream record: deliveries of records already counted (a batch sent
twice, a retry after a timeout that struck after the write, a restart mid-batch, a
redrive of a half-applied batch) add nothing a second time."""

from __future__ import annotations

import time
from decimal import Decimal

import pytest
from conftest import bucket_image, snapshot_item
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_handler import HOUR, T, TTL_HOUR, log_lines


@pytest.fixture(autouse=True)
def gaps_stay_open(agg, monkeypatch):
    """The records here are dated January 2026: keep their gaps open (in production a gap
    closes once the stream can no longer hold its records, see test_old_gaps_close)."""
    monkeypatch.setattr(agg, "GAP_EXPIRY_SECONDS", 100 * 365 * 86400)


def chain(stream, entity: str, limit: str, amounts: list[int], at_ms: int) -> list[dict]:
    """Consecutive writes of one bucket: each record's OldImage is the previous NewImage."""
    records, tokens = [], 50_000
    for milli in amounts:
        records.append(stream.modify(entity, "gpt-4", limit, tokens, tokens - milli, at_ms))
        tokens -= milli
    return records


SYNC = {"zael_sync": {"BOOL": True}}


def chain_with_breaks(stream, entity: str, limit: str, steps: list, at_ms: int) -> tuple[list[dict], int, int]:
    """One bucket's history with records that consume nothing between the consumptions:
    an int consumes that many milli-tokens; "zero" is a write whose refill matches what
    it took (tokens unchanged by the rule, images differ); "reset" a REMOVE then an
    INSERT consuming 1000; "sync" a restore setting other tokens (marker on, then off).
    Returns the records, the milli-tokens consumed and the number of consumptions."""
    records, tokens, now, total, events = [], 50_000, at_ms, 0, 0
    keys = {"PK": {"S": f"ENTITY#{entity}"}, "SK": {"S": f"#BUCKET#gpt-4#{limit}"}}
    for step in steps:
        if step == "zero":  # 60 ms refill 100 milli-tokens: +100 refilled, nothing taken
            records.append(stream.modify(entity, "gpt-4", limit, tokens, tokens + 100, now + 60,
                                         old_refill_ms=now))
            tokens, now = tokens + 100, now + 60
        elif step == "reset":
            records.append(stream.record("REMOVE", keys, bucket_image(entity, "gpt-4", limit, tokens, now),
                                         None, created_s=now // 1000))
            new = bucket_image(entity, "gpt-4", limit, 99_000, now)
            records.append(stream.record("INSERT", keys, None, new, created_s=now // 1000))
            tokens, total, events = 99_000, total + 1000, events + 1
        elif step == "sync":
            old = bucket_image(entity, "gpt-4", limit, tokens, now)
            synced = bucket_image(entity, "gpt-4", limit, tokens - 5000, now)
            records.append(stream.record("MODIFY", keys, old, {**synced, **SYNC}, created_s=now // 1000))
            records.append(stream.record("MODIFY", keys, {**synced, **SYNC}, synced, created_s=now // 1000))
            tokens -= 5000
        else:
            records.append(stream.modify(entity, "gpt-4", limit, tokens, tokens - step, now))
            tokens, total, events = tokens - step, total + step, events + 1
    return records, total, events


def test_records_that_consume_nothing_do_not_break_the_run(env, agg):
    """Writes that count nothing (tokens unchanged, restore, REMOVE then INSERT) sit
    between consumptions of the bucket: one delivery leaves one run, not one per break
    (each break used to leave a gap no record fills, ~125 bytes kept for 25 hours)."""
    records, total, events = chain_with_breaks(
        env.stream, "a", "rpm", [1000, "zero", 2000, "sync", 3000, "reset", 4000, "zero", "zero", 5000], T)
    env.run(records)
    env.run(records)
    item = env.item("a", "gpt-4", HOUR)["data"]
    assert (item["rpm"], item["total_events"]) == (Decimal(total) / 1000, events)
    (run,) = agg.parse_intervals(env.marks("a", "gpt-4", HOUR)["rpm"])
    assert run.lo == records[0]["dynamodb"]["SequenceNumber"].zfill(40)
    assert run.hi == records[-1]["dynamodb"]["SequenceNumber"].zfill(40)


def test_a_record_without_creation_time_dates_its_run_now(agg, env):
    """A run dated at 0 would count as older than the stream keeps and be joined across
    a gap a later redrive fills (whose records would then be skipped)."""
    record = env.stream.consume("a", "gpt-4", "rpm", 1000, T)
    del record["dynamodb"]["ApproximateCreationDateTime"]
    parsed = agg.parse_record(record)
    assert parsed.created_s >= int(time.time()) - 5
    record["dynamodb"]["ApproximateCreationDateTime"] = "garbage"
    assert agg.parse_record(record).created_s >= int(time.time()) - 5


def test_the_runs_of_a_mark_are_capped(agg, env, capsys):
    I = agg.Interval
    runs = [I(str(2 * i).zfill(40), str(2 * i).zfill(40), f"o{i}", f"n{i}", i) for i in range(10)]
    assert agg.cap_runs(runs, 10) == (runs, 0)
    capped, merged = agg.cap_runs(runs, 4)
    assert merged == 6 and len(capped) == 4
    assert capped[0] == I(runs[0].lo, runs[6].hi, "o0", "n6", 0) and capped[1:] == runs[7:]
    # through the handler: records delivered one by one with a gap between each
    s = env.stream
    records = [s.consume("c", "gpt-4", "rpm", 1000, T + i) for i in range(2 * agg.MAX_RUNS_PER_LIMIT + 4)]
    capsys.readouterr()
    for r in records[::2]:
        env.run([r])
    marks = agg.parse_intervals(env.marks("c", "gpt-4", HOUR)["rpm"])
    assert len(marks) == agg.MAX_RUNS_PER_LIMIT
    assert any(line["message"] == "Merged the oldest runs of a snapshot's sequence marks"
               for line in log_lines(capsys))


def test_the_same_batch_twice_counts_once(env, agg, capsys):
    s = env.stream
    batch = [s.consume("a", "gpt-4", "rpm", 1000, T), s.consume("a", "gpt-4", "tpm", 250, T + 1),
             s.consume("a", "gpt-4", "rpm", 2000, T + 2)]
    env.run(batch)
    capsys.readouterr()
    second = env.run(batch)
    assert second["batchItemFailures"] == []
    assert env.snapshots() == [
        snapshot_item("a", "gpt-4", "hourly", HOUR, TTL_HOUR, {"rpm": "3", "tpm": "0.25"}, 3)
    ]
    marks = {k: agg.parse_intervals(v) for k, v in env.marks("a", "gpt-4", HOUR).items()}
    seq = [r["dynamodb"]["SequenceNumber"].zfill(40) for r in batch]
    assert [(r.lo, r.hi) for r in marks["rpm"]] == [(seq[0], seq[0]), (seq[2], seq[2])]
    assert [(r.lo, r.hi) for r in marks["tpm"]] == [(seq[1], seq[1])]
    skipped = [line for line in log_lines(capsys) if line["message"] == "Skipped stream records already counted"]
    assert [line["records"] for line in skipped] == [3]


def test_a_restart_mid_batch_counts_the_overlap_once(env):
    """Lambda restarts at a reported record or re-sends a batch that timed out after its
    write: the overlap with what was applied is skipped, the rest is added."""
    s = env.stream
    records = [s.consume("a", "gpt-4", "rpm", 1000 * (i + 1), T + i) for i in range(6)]
    env.run(records[:4])
    env.run(records[2:])
    assert env.snapshots() == [
        snapshot_item("a", "gpt-4", "hourly", HOUR, TTL_HOUR, {"rpm": "21"}, 6)
    ]


def test_a_half_applied_batch_replayed_counts_once(env, agg):
    """The first transaction of a batch was written, the second failed; the whole batch is
    delivered again (a retry or a redrive): each record is counted once."""
    s = env.stream
    env.configure(windows="hourly")
    batch = [s.consume(entity, "gpt-4", "rpm", 1000, T) for entity in ("a", "b", "c", "d")]
    real = agg._client()

    class FailsSecondTransaction:
        def __init__(self):
            self.calls = 0

        def __getattr__(self, name):
            return getattr(real, name)

        def transact_write_items(self, **kwargs):
            self.calls += 1
            if any(i["Update"]["Key"]["PK"]["S"] in ("ENTITY#c", "ENTITY#d") for i in kwargs["TransactItems"]):
                raise RuntimeError("connection reset")
            return real.transact_write_items(**kwargs)

    first = agg.process_batch(batch, agg.load_config(), FailsSecondTransaction(), max_items=2)
    assert first.processed == 2
    assert sorted(item["PK"] for item in env.snapshots()) == ["ENTITY#a", "ENTITY#b"]

    again = agg.process_batch(batch, agg.load_config(), real, max_items=2)
    assert again.failed_sequence_numbers == []
    assert [(i["PK"], i["data"]["rpm"], i["data"]["total_events"]) for i in env.snapshots()] == [
        (f"ENTITY#{e}", Decimal(1), Decimal(1)) for e in "abcd"]


def test_a_snapshot_written_before_marks_existed_is_added_to(env, agg, ddb):
    """Snapshots written by earlier releases have no marks: the next record is added and
    the mark set (nothing is lost on upgrade)."""
    s = env.stream
    old = snapshot_item("a", "gpt-4", "hourly", HOUR, TTL_HOUR, {"rpm": "5"}, 5)
    from boto3.dynamodb.types import TypeSerializer

    ser = TypeSerializer()
    ddb.put_item(TableName=env.table, Item={k: ser.serialize(v) for k, v in old.items()})
    record = s.consume("a", "gpt-4", "rpm", 1000, T)
    env.run([record])
    assert env.item("a", "gpt-4", HOUR)["data"]["rpm"] == Decimal(6)
    (run,) = agg.parse_intervals(env.marks("a", "gpt-4", HOUR)["rpm"])
    assert run.lo == run.hi == record["dynamodb"]["SequenceNumber"].zfill(40)


def test_sequence_numbers_are_padded_to_order_as_strings(agg):
    assert agg.padded_sequence("99") < agg.padded_sequence("100")
    assert len(agg.padded_sequence("4" * 40)) == 40
    for bad in ("", "12a", "1" * 41, "-5"):
        with pytest.raises(agg.RecordError):
            agg.padded_sequence(bad)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    amounts=st.lists(st.sampled_from([("rpm", 1000), ("rpm", 3000), ("tpm", 7), ("tpm", -2),
                                      ("rpm", "zero"), ("tpm", "zero"), ("rpm", "reset"),
                                      ("tpm", "reset"), ("rpm", "sync")]),
                     min_size=10, max_size=20),
    deliveries=st.lists(st.tuples(st.integers(0, 12), st.integers(1, 12)), min_size=1, max_size=3),
)
def test_any_replay_schedule_counts_every_record_once(env, agg, amounts, deliveries):
    """At-least-once delivery and redrives: any sub-ranges of the stream, in any order and
    overlapping, then the whole of it; every record counts once. Records that consume
    nothing (unchanged tokens, restore, REMOVE then INSERT) link runs instead of
    breaking them: the runs kept stay few."""
    s = env.stream
    entity = f"p{s.next_seq}"
    records = []
    expected: dict[str, int] = {}
    events = 0
    for limit in ("rpm", "tpm"):
        steps = [m for lim, m in amounts if lim == limit]
        part, total, count = chain_with_breaks(s, entity, limit, steps, T)
        records += part
        events += count
        if count:
            expected[limit] = total
    for start, length in deliveries:
        result = env.run(records[start:start + length])
        assert result["batchItemFailures"] == []
    env.run(records)  # a final full replay adds nothing more
    if not expected:
        return
    got = env.item(entity, "gpt-4", HOUR)["data"]
    assert {k: got[k] for k in expected} == {k: Decimal(v) / 1000 for k, v in expected.items()}
    assert got["total_events"] == events
    for limit, runs in env.marks(entity, "gpt-4", HOUR).items():
        # at most one run per delivery (each is a contiguous range), breaks or not
        assert len(agg.parse_intervals(runs)) <= len(deliveries) + 1, (limit, runs)


def test_a_parked_batch_redriven_after_later_records_still_counts(env, agg):
    """The mapping parks r2..r3 and goes on with r4..r5 of the same bucket; the redrive of
    r2..r3 comes last. Its records fall in the gap between the runs and count; the runs
    then join into one."""
    s = env.stream
    r = chain(s, "a", "rpm", [1000, 2000, 3000, 4000, 5000], T)
    env.run(r[:1])
    env.run(r[3:])
    env.run(r[1:3])  # the redrive
    env.run(r)  # and everything again: nothing more
    assert env.item("a", "gpt-4", HOUR)["data"]["rpm"] == Decimal(15)
    assert env.item("a", "gpt-4", HOUR)["data"]["total_events"] == 5
    (run,) = agg.parse_intervals(env.marks("a", "gpt-4", HOUR)["rpm"])
    assert (run.lo, run.hi) == (r[0]["dynamodb"]["SequenceNumber"].zfill(40),
                                r[4]["dynamodb"]["SequenceNumber"].zfill(40))


def test_old_gaps_close(agg):
    I = agg.Interval
    a, b = I("1".zfill(40), "2".zfill(40), "", "x", 1000), I("5".zfill(40), "6".zfill(40), "y", "z", 2000)
    assert agg.join_runs([b, a], now_s=2000) == [a, b]  # a gap the stream may still fill
    joined = agg.join_runs([a, b], now_s=2000 + agg.GAP_EXPIRY_SECONDS + 1)
    assert joined == [I(a.lo, b.hi, "", "z", 1000)]
    chained = I("5".zfill(40), "6".zfill(40), "x", "z", 2000)
    assert agg.join_runs([a, chained], now_s=0) == [I(a.lo, chained.hi, "", "z", 1000)]


def test_malformed_marks_are_dropped(agg):
    assert agg.parse_intervals("garbage,1:2:a:b:3") == [agg.Interval("1", "2", "a", "b", 3)]
    assert agg.parse_intervals(None) == []
