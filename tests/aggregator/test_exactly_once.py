"""Exactly once per stream record: deliveries of records already counted (a batch sent
twice, a retry after a timeout that struck after the write, a restart mid-batch, a
redrive of a half-applied batch) add nothing a second time."""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import snapshot_item
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_handler import HOUR, T, TTL_HOUR, log_lines


def test_the_same_batch_twice_counts_once(env, capsys):
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
    rpm_last = batch[2]["dynamodb"]["SequenceNumber"].zfill(40)
    tpm_last = batch[1]["dynamodb"]["SequenceNumber"].zfill(40)
    assert env.marks("a", "gpt-4", HOUR) == {"rpm": rpm_last, "tpm": tpm_last}
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


def test_a_snapshot_written_before_marks_existed_is_added_to(env, ddb):
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
    assert env.marks("a", "gpt-4", HOUR) == {"rpm": record["dynamodb"]["SequenceNumber"].zfill(40)}


def test_sequence_numbers_are_padded_to_order_as_strings(agg):
    assert agg.padded_sequence("99") < agg.padded_sequence("100")
    assert len(agg.padded_sequence("4" * 40)) == 40
    for bad in ("", "12a", "1" * 41, "-5"):
        with pytest.raises(agg.RecordError):
            agg.padded_sequence(bad)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    amounts=st.lists(st.sampled_from([("rpm", 1000), ("rpm", 3000), ("tpm", 7), ("tpm", -2)]),
                     min_size=1, max_size=12),
    deliveries=st.lists(st.tuples(st.integers(0, 6), st.integers(1, 6)), min_size=1, max_size=6),
)
def test_any_replay_schedule_counts_every_record_once(env, amounts, deliveries):
    """Lambda's at-least-once delivery: every delivery starts at or before the first record
    not yet applied (a restart, a retry, a redrive) and may overlap what was applied."""
    s = env.stream
    entity = f"p{s.next_seq}"
    records = [s.consume(entity, "gpt-4", limit, milli, T) for limit, milli in amounts]
    applied = 0
    for back, length in deliveries:
        start = max(0, applied - back)
        end = min(len(records), start + length)
        result = env.run(records[start:end])
        assert result["batchItemFailures"] == []
        applied = max(applied, end)
    env.run(records[applied:])  # the mapping's last delivery: the rest of the shard
    expected: dict[str, int] = {}
    for limit, milli in amounts:
        expected[limit] = expected.get(limit, 0) + milli
    got = env.item(entity, "gpt-4", HOUR)["data"]
    assert {k: got[k] for k in expected} == {k: Decimal(v) / 1000 for k, v in expected.items()}
    assert got["total_events"] == len(records)
