"""Unit tests of the aggregator's pure parts: configuration, records, windows, plans."""

from __future__ import annotations

import re
from datetime import datetime, timezone

import pytest
from conftest import Stream, bucket_image


def ms(text: str) -> int:
    """'2026-01-15T10:59:59.999Z' -> epoch milliseconds (exact)."""
    moment = datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ" if "." in text else "%Y-%m-%dT%H:%M:%SZ")
    delta = moment.replace(tzinfo=timezone.utc) - datetime(1970, 1, 1, tzinfo=timezone.utc)
    return delta.days * 86_400_000 + delta.seconds * 1000 + delta.microseconds // 1000


# --------------------------------------------------------------------------- config


@pytest.mark.parametrize(
    "text, expected",
    [
        ("hourly", ("hourly",)),
        ("hourly,daily", ("hourly", "daily")),
        (" daily , MONTHLY ,hourly", ("daily", "monthly", "hourly")),
        ("hourly,hourly,daily", ("hourly", "daily")),
    ],
)
def test_parse_windows_accepts_known_windows(agg, text, expected):
    assert agg.parse_windows(text) == expected


@pytest.mark.parametrize(
    "text, names",
    [
        ("weekly", "'weekly'"),
        ("hourly,yearly", "'yearly'"),
        ("hourly,,daily", "''"),
        ("hourly;daily", "'hourly;daily'"),
    ],
)
def test_parse_windows_names_the_bad_window(agg, text, names):
    with pytest.raises(agg.ConfigError) as err:
        agg.parse_windows(text)
    message = str(err.value)
    assert message.startswith(f"SNAPSHOT_WINDOWS has an unknown window {names}")
    assert "hourly, daily, monthly" in message


@pytest.mark.parametrize("text", [None, "", "  "])
def test_parse_windows_rejects_empty(agg, text):
    with pytest.raises(agg.ConfigError, match="SNAPSHOT_WINDOWS is empty"):
        agg.parse_windows(text)


def test_load_config(agg):
    env = {"TABLE_NAME": "ZAEL-x", "SNAPSHOT_WINDOWS": "hourly,daily", "SNAPSHOT_TTL_DAYS": "90"}
    assert agg.load_config(env) == agg.Config("ZAEL-x", ("hourly", "daily"), 90)


@pytest.mark.parametrize(
    "change, message",
    [
        ({"TABLE_NAME": ""}, "TABLE_NAME is not set"),
        ({"SNAPSHOT_TTL_DAYS": "ninety"}, "SNAPSHOT_TTL_DAYS must be a whole number of days (got 'ninety')"),
        ({"SNAPSHOT_TTL_DAYS": "0"}, "SNAPSHOT_TTL_DAYS must be at least 1 (got 0)"),
        ({"SNAPSHOT_WINDOWS": "fortnightly"}, "unknown window 'fortnightly'"),
    ],
)
def test_load_config_errors(agg, change, message):
    env = {"TABLE_NAME": "ZAEL-x", "SNAPSHOT_WINDOWS": "hourly", "SNAPSHOT_TTL_DAYS": "90"}
    env.update(change)
    with pytest.raises(agg.ConfigError) as err:
        agg.load_config(env)
    assert message in str(err.value)


# --------------------------------------------------------------------------- windows


@pytest.mark.parametrize(
    "moment, hourly, daily, monthly",
    [
        ("2026-01-15T10:59:59.999Z", "2026-01-15T10:00:00Z", "2026-01-15T00:00:00Z", "2026-01-01T00:00:00Z"),
        ("2026-01-15T11:00:00.000Z", "2026-01-15T11:00:00Z", "2026-01-15T00:00:00Z", "2026-01-01T00:00:00Z"),
        ("2026-01-15T23:59:59.999Z", "2026-01-15T23:00:00Z", "2026-01-15T00:00:00Z", "2026-01-01T00:00:00Z"),
        ("2026-01-16T00:00:00.000Z", "2026-01-16T00:00:00Z", "2026-01-16T00:00:00Z", "2026-01-01T00:00:00Z"),
        ("2026-01-31T23:59:59.999Z", "2026-01-31T23:00:00Z", "2026-01-31T00:00:00Z", "2026-01-01T00:00:00Z"),
        ("2026-02-01T00:00:00.000Z", "2026-02-01T00:00:00Z", "2026-02-01T00:00:00Z", "2026-02-01T00:00:00Z"),
        ("2026-12-31T23:59:59.999Z", "2026-12-31T23:00:00Z", "2026-12-31T00:00:00Z", "2026-12-01T00:00:00Z"),
        ("2027-01-01T00:00:00.000Z", "2027-01-01T00:00:00Z", "2027-01-01T00:00:00Z", "2027-01-01T00:00:00Z"),
        ("2028-02-29T12:30:00.000Z", "2028-02-29T12:00:00Z", "2028-02-29T00:00:00Z", "2028-02-01T00:00:00Z"),
        ("2028-03-01T00:00:00.000Z", "2028-03-01T00:00:00Z", "2028-03-01T00:00:00Z", "2028-03-01T00:00:00Z"),
        ("1970-01-01T00:00:00.000Z", "1970-01-01T00:00:00Z", "1970-01-01T00:00:00Z", "1970-01-01T00:00:00Z"),
    ],
)
def test_window_starts(agg, moment, hourly, daily, monthly):
    at = agg.utc_from_ms(ms(moment))
    got = {w: agg.format_utc(agg.window_start(at, w)) for w in ("hourly", "daily", "monthly")}
    assert got == {"hourly": hourly, "daily": daily, "monthly": monthly}


@pytest.mark.parametrize(
    "start, window, end",
    [
        ("2026-01-15T23:00:00Z", "hourly", "2026-01-16T00:00:00Z"),
        ("2026-01-31T00:00:00Z", "daily", "2026-02-01T00:00:00Z"),
        ("2026-01-01T00:00:00Z", "monthly", "2026-02-01T00:00:00Z"),
        ("2026-02-01T00:00:00Z", "monthly", "2026-03-01T00:00:00Z"),
        ("2028-02-01T00:00:00Z", "monthly", "2028-03-01T00:00:00Z"),
        ("2028-02-28T00:00:00Z", "daily", "2028-02-29T00:00:00Z"),
        ("2026-12-01T00:00:00Z", "monthly", "2027-01-01T00:00:00Z"),
        ("2026-12-31T23:00:00Z", "hourly", "2027-01-01T00:00:00Z"),
    ],
)
def test_window_ends(agg, start, window, end):
    begin = agg.utc_from_ms(ms(start))
    assert agg.format_utc(agg.window_end(begin, window)) == end


def test_snapshot_ttl_is_window_end_plus_days(agg):
    start = agg.utc_from_ms(ms("2026-01-15T10:00:00Z"))
    assert agg.snapshot_ttl(start, "hourly", 90) == ms("2026-01-15T11:00:00Z") // 1000 + 90 * 86400
    month = agg.utc_from_ms(ms("2026-12-01T00:00:00Z"))
    assert agg.snapshot_ttl(month, "monthly", 1) == ms("2027-01-02T00:00:00Z") // 1000


@pytest.mark.parametrize("bad", [-1, 253_402_300_800_000, 10**20])
def test_timestamps_out_of_range_are_record_errors(agg, bad):
    with pytest.raises(agg.RecordError, match="out of range"):
        agg.utc_from_ms(bad)


@pytest.mark.parametrize(
    "milli, text",
    [(3000, "3"), (1, "0.001"), (2500, "2.5"), (-1500, "-1.5"), (0, "0"), (1_000_000, "1000"),
     (123_456_789_012_345, "123456789012.345"), (-10, "-0.01")],
)
def test_milli_to_number_is_exact(agg, milli, text):
    assert agg.milli_to_number(milli) == text


# --------------------------------------------------------------------------- records

AT = ms("2026-01-15T10:20:30.123Z")


def test_parse_modify_of_a_bucket(agg):
    record = Stream("t").modify("user-1", "gpt-4", "rpm", 100_000, 97_500, AT)
    assert agg.parse_record(record) == agg.Consumption("user-1", "gpt-4", "rpm", 2500, AT)


def test_parse_refund_is_negative(agg):
    record = Stream("t").modify("user-1", "gpt-4", "tpm", 40_000, 41_250, AT)
    assert agg.parse_record(record).delta_milli == -1250


def test_parse_limit_names_may_contain_hash(agg):
    # resource names cannot hold '#', so the first '#' after the prefix ends the resource
    record = Stream("t").modify("a:b@c.d", "res.v1", "tok#x", 10, 9, AT)
    parsed = agg.parse_record(record)
    assert (parsed.entity_id, parsed.resource, parsed.limit) == ("a:b@c.d", "res.v1", "tok#x")


def test_parse_without_last_refill_uses_creation_time(agg):
    stream = Stream("t")
    record = stream.modify("e", "r", "rpm", 10_000, 9_000, AT)
    del record["dynamodb"]["NewImage"]["data"]["M"]["last_refill_ms"]
    record["dynamodb"]["ApproximateCreationDateTime"] = 1_768_472_431.0
    assert agg.parse_record(record).timestamp_ms == 1_768_472_431_000


def test_parse_insert_counts_the_first_consumption(agg):
    # the client creates a bucket full (burst 100 tokens) and consumes 9 in the same write
    stream = Stream("t")
    image = bucket_image("e", "r", "rpm", 91_000, AT)
    record = stream.record("INSERT", {"PK": image["PK"], "SK": image["SK"]}, None, image)
    assert agg.parse_record(record) == agg.Consumption("e", "r", "rpm", 9_000, AT)


def test_parse_insert_of_a_full_bucket_counts_nothing(agg):
    stream = Stream("t")
    image = bucket_image("e", "r", "rpm", 100_000, AT)
    record = stream.record("INSERT", {"PK": image["PK"], "SK": image["SK"]}, None, image)
    assert agg.parse_record(record) == agg.Ignored("tokens unchanged")


def test_parse_insert_without_burst_is_unreadable(agg):
    stream = Stream("t")
    image = bucket_image("e", "r", "rpm", 91_000, AT)
    del image["data"]["M"]["burst_milli"]
    record = stream.record("INSERT", {"PK": image["PK"], "SK": image["SK"]}, None, image)
    with pytest.raises(agg.RecordError, match="burst_milli"):
        agg.parse_record(record)


def test_parse_ignores_remove(agg):
    stream = Stream("t")
    image = bucket_image("e", "r", "rpm", 9_000, AT)
    record = stream.record("REMOVE", {"PK": image["PK"], "SK": image["SK"]}, image, None)
    assert agg.parse_record(record) == agg.Ignored("REMOVE event")


@pytest.mark.parametrize("event_name, marked", [("INSERT", "new"), ("MODIFY", "new"), ("MODIFY", "old")])
def test_parse_ignores_writes_of_the_restore_sync(agg, event_name, marked):
    stream = Stream("t")
    old = bucket_image("e", "r", "rpm", 100_000, AT)
    new = bucket_image("e", "r", "rpm", 20_000, AT)
    (new if marked == "new" else old)[agg.SYNC_MARKER] = {"S": "restore-1"}
    record = stream.record(event_name, {"PK": new["PK"], "SK": new["SK"]},
                           old if event_name == "MODIFY" else None, new)
    assert agg.parse_record(record) == agg.Ignored("written by zae-limiter restore, not by a client")


@pytest.mark.parametrize(
    "pk, sk",
    [("ENTITY#e", "#META"), ("ENTITY#e", "#LIMIT#gpt-4#rpm"), ("SYSTEM#", "#VERSION"),
     ("ENTITY#e", "#USAGE#gpt-4#hourly#2026-01-15T10:00:00Z"), ("ENTITY#e", "#RESOURCE#gpt-4")],
)
def test_parse_ignores_other_items(agg, pk, sk):
    old = {"PK": {"S": pk}, "SK": {"S": sk}, "data": {"M": {"tokens_milli": {"N": "5"}}}}
    new = {"PK": {"S": pk}, "SK": {"S": sk}, "data": {"M": {"tokens_milli": {"N": "1"}}}}
    record = Stream("t").record("MODIFY", {"PK": old["PK"], "SK": old["SK"]}, old, new)
    assert agg.parse_record(record) == agg.Ignored("not a bucket item")


def test_parse_ignores_unchanged_tokens(agg):
    record = Stream("t").modify("e", "r", "rpm", 7_000, 7_000, AT)
    assert agg.parse_record(record) == agg.Ignored("tokens unchanged")


@pytest.mark.parametrize("limit", ["total_events", "resource", "window", "window_start"])
def test_parse_skips_limits_named_like_snapshot_fields(agg, limit):
    parsed = agg.parse_record(Stream("t").modify("e", "r", limit, 7_000, 6_000, AT))
    assert isinstance(parsed, agg.Ignored) and parsed.error
    assert f"limit name {limit!r} collides with a snapshot field" in parsed.reason


def _broken(path, value):
    record = Stream("t").modify("e", "gpt-4", "rpm", 7_000, 6_000, AT)
    target = record
    for step in path[:-1]:
        target = target[step]
    if value is KeyError:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return record


@pytest.mark.parametrize(
    "path, value, message",
    [
        (("dynamodb",), KeyError, "no dynamodb section"),
        (("dynamodb", "SequenceNumber"), KeyError, "no dynamodb.SequenceNumber"),
        (("eventName",), KeyError, "no eventName"),
        (("dynamodb", "Keys"), KeyError, "no Keys"),
        (("dynamodb", "Keys", "SK"), {"N": "1"}, "Keys.SK is not a string"),
        (("dynamodb", "Keys", "PK"), {"S": "TENANT#e"}, "names no entity"),
        (("dynamodb", "Keys", "PK"), {"S": "ENTITY#"}, "names no entity"),
        (("dynamodb", "Keys", "SK"), {"S": "#BUCKET#gpt-4"}, "not #BUCKET#<resource>#<limit>"),
        (("dynamodb", "Keys", "SK"), {"S": "#BUCKET#gpt-4#"}, "not #BUCKET#<resource>#<limit>"),
        (("dynamodb", "OldImage"), KeyError, "no OldImage"),
        (("dynamodb", "NewImage"), KeyError, "no NewImage"),
        (("dynamodb", "NewImage", "data"), {"S": "x"}, "NewImage has no data map"),
        (("dynamodb", "OldImage", "data", "M", "tokens_milli"), KeyError, "OldImage has no data.tokens_milli"),
        (("dynamodb", "NewImage", "data", "M", "tokens_milli"), {"S": "5"}, "not a number attribute"),
        (("dynamodb", "NewImage", "data", "M", "tokens_milli"), {"N": "5.5"}, "not a whole number"),
        (("dynamodb", "NewImage", "data", "M", "tokens_milli"), {"N": "abc"}, "not a number"),
        (("dynamodb", "NewImage", "data", "M", "last_refill_ms"), {"N": "-5"}, "out of range"),
        (("dynamodb", "NewImage", "data", "M", "last_refill_ms"), {"N": "1e30"}, "out of range"),
    ],
)
def test_parse_malformed_records(agg, path, value, message):
    record = _broken(path, value)
    with pytest.raises(agg.RecordError, match=re.escape(message)):
        parsed = agg.parse_record(record)
        agg.utc_from_ms(parsed.timestamp_ms)  # the batch checks the range while parsing


def test_parse_without_any_timestamp(agg):
    record = _broken(("dynamodb", "NewImage", "data", "M", "last_refill_ms"), KeyError)
    del record["dynamodb"]["ApproximateCreationDateTime"]
    with pytest.raises(agg.RecordError, match="neither data.last_refill_ms nor ApproximateCreationDateTime"):
        agg.parse_record(record)


# --------------------------------------------------------------------------- plans


def test_plan_combines_consumptions_per_snapshot(agg):
    C = agg.Consumption
    consumptions = [
        (0, C("e", "gpt-4", "rpm", 1000, ms("2026-01-15T10:05:00Z"))),
        (1, C("e", "gpt-4", "tpm", 2500, ms("2026-01-15T10:06:00Z"))),
        (2, C("e", "gpt-4", "rpm", 1000, ms("2026-01-15T11:00:00Z"))),
        (4, C("f", "gpt-4", "rpm", 1, ms("2026-01-15T10:07:00Z"))),
    ]
    (chunk,) = agg.plan_chunks(consumptions, ("hourly", "daily"), 30, end=5)
    assert (chunk.start, chunk.end) == (0, 5)
    got = {k: (s.limits, s.events, s.ttl) for k, s in chunk.snapshots.items()}
    day_ttl = ms("2026-01-16T00:00:00Z") // 1000 + 30 * 86400
    assert got == {
        ("e", "gpt-4", "hourly", "2026-01-15T10:00:00Z"): (
            {"rpm": 1000, "tpm": 2500}, 2, ms("2026-01-15T11:00:00Z") // 1000 + 30 * 86400),
        ("e", "gpt-4", "daily", "2026-01-15T00:00:00Z"): ({"rpm": 2000, "tpm": 2500}, 3, day_ttl),
        ("e", "gpt-4", "hourly", "2026-01-15T11:00:00Z"): (
            {"rpm": 1000}, 1, ms("2026-01-15T12:00:00Z") // 1000 + 30 * 86400),
        ("f", "gpt-4", "hourly", "2026-01-15T10:00:00Z"): (
            {"rpm": 1}, 1, ms("2026-01-15T11:00:00Z") // 1000 + 30 * 86400),
        ("f", "gpt-4", "daily", "2026-01-15T00:00:00Z"): ({"rpm": 1}, 1, day_ttl),
    }


def test_plan_cuts_chunks_at_record_boundaries(agg):
    C = agg.Consumption
    t = ms("2026-01-15T10:05:00Z")
    consumptions = [(0, C("a", "r", "x", 1, t)), (1, C("a", "r", "y", 1, t)),
                    (2, C("b", "r", "x", 1, t)), (3, C("c", "r", "x", 1, t)), (5, C("d", "r", "x", 1, t))]
    chunks = agg.plan_chunks(consumptions, ("hourly", "daily"), 1, end=6, max_items=4)
    assert [(c.start, c.end, len(c.snapshots)) for c in chunks] == [(0, 3, 4), (3, 6, 4)]


def test_plan_of_nothing(agg):
    assert agg.plan_chunks([], ("hourly",), 1, end=3) == []


# --------------------------------------------------------------------------- expressions


def _paths(expression: str, names: dict[str, str]) -> list[tuple[str, ...]]:
    """Document paths an update expression writes (SET a = ..., ADD a.b :v, ...)."""
    paths = []
    for clause in re.split(r"\b(?=SET |ADD |REMOVE |DELETE )", expression):
        clause = clause.strip()
        if not clause:
            continue
        action, _, body = clause.partition(" ")
        for part in body.split(","):
            target = part.strip().split("=")[0].split(" ")[0].strip()
            paths.append(tuple(names.get(p, p) for p in target.split(".")))
    return paths


def _assert_no_overlap(paths):
    for i, a in enumerate(paths):
        for b in paths[i + 1:]:
            shorter = min(len(a), len(b))
            assert a[:shorter] != b[:shorter], f"overlapping document paths {a} and {b}"


def test_overlap_checker_catches_the_published_expression():
    published = "SET entity_id = :e, #data = if_not_exists(#data, :m) ADD #data.#l :d, #data.total_events :one"
    with pytest.raises(AssertionError, match="overlapping"):
        _assert_no_overlap(_paths(published, {"#data": "data", "#l": "rpm"}))


def test_update_expressions_have_disjoint_paths(agg):
    snap = agg.Snapshot("e", "gpt-4", "hourly", "2026-01-15T10:00:00Z", 123,
                        {"rpm": 1000, "tpm": -5, "data": 1}, 3)
    add = agg.add_update("T", snap)
    paths = _paths(add["UpdateExpression"], add["ExpressionAttributeNames"])
    assert paths == [("ttl",), ("data", "rpm"), ("data", "tpm"), ("data", "data"), ("data", "total_events")]
    _assert_no_overlap(paths)
    assert add["ConditionExpression"] == "attribute_exists(PK)"
    assert add["ExpressionAttributeValues"][":l1"] == {"N": "-0.005"}

    create = agg.create_update("T", snap)
    paths = _paths(create["UpdateExpression"], create["ExpressionAttributeNames"])
    assert paths == [("entity_id",), ("GSI2PK",), ("GSI2SK",), ("ttl",), ("data",)]
    _assert_no_overlap(paths)
    assert create["ConditionExpression"] == "attribute_not_exists(PK)"
