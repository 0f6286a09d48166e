"""zae-limiter usage aggregator (AWS Lambda, Python 3.11+, boto3 and the standard library).

Fed by the limiter table's DynamoDB stream. Every INSERT and MODIFY of a bucket item
(SK ``#BUCKET#<resource>#<limit>``) carries what a client consumed in that write: for a
MODIFY, the old tokens refilled up to the new refill time exactly as the client refills,
minus the new tokens (see consumed_milli); for an INSERT, the burst minus the tokens
(the client creates a bucket full and consumes in the same write). REMOVEs count
nothing. Deltas are added into usage snapshots, one per entity, resource and configured
window:

    PK     ENTITY#<entity id>
    SK     #USAGE#<resource>#<window>#<window start>   (see snapshot_sk: why the window)
    entity_id, GSI2PK RESOURCE#<resource>, GSI2SK USAGE#<window start>#<entity id>, ttl
    data   {resource, window, window_start, <limit name>: tokens consumed, total_events}

Configuration (environment): TABLE_NAME, SNAPSHOT_WINDOWS (comma-separated hourly,
daily, monthly), SNAPSHOT_TTL_DAYS (positive integer).

Choices, in one place (docs/aggregator.md tells operators the same):

* Time of a consumption: the new image's ``data.last_refill_ms``, the client's clock at
  the moment it refilled and consumed (millisecond precision, the time of the acquire
  rather than of the write, which may come later when the lease is held). When a bucket
  item has none, the record's ``ApproximateCreationDateTime`` (whole seconds).
* Amounts: milli-tokens are summed as integers and divided by 1000 exactly (the Number
  written is a decimal string such as ``0.001``): nothing is rounded away.
* ``ttl`` = end of the snapshot's window + SNAPSHOT_TTL_DAYS days: every snapshot is kept
  that long after its window closed, and the value depends only on the snapshot, so
  retried writes set the same value.
* Writes: all deltas of the batch that fall into the same snapshot are combined, and the
  snapshots of the batch are written in one DynamoDB transaction (all or nothing; batches
  with more than 100 snapshots are cut into several transactions along record
  boundaries). See ``write_chunk`` for the update expressions.
* Exactly once per stream record: every snapshot keeps, per bucket item that fed it
  (one per limit), the runs of that item's stream records already added, in a top-level
  attribute ``zael_seq#<limit>`` that the published client does not read (see
  ``Interval``). An update adds only the records in no run, on the condition that the
  attribute still holds what the update was computed from; see ``write_chunk``. Runs,
  not one high-water mark: a batch parked in the dead-letter queue is redriven after
  later records of the same bucket were added, and its records must still count.
* Failures: see ``process_batch``. Lambda's ReportBatchItemFailures restarts the shard
  at the lowest reported sequence number, so every record before the one reported first
  is fully applied and nothing from it onwards has been written.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import sys
import time
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone
from decimal import Decimal, InvalidOperation
from typing import Any

WINDOWS = ("hourly", "daily", "monthly")
BUCKET_SK_PREFIX = "#BUCKET#"
# Top-level attribute that `zae-limiter restore` sets on the bucket items it writes (and
# removes right after): records whose old or new image carries it are the tool copying
# data back, not a client consuming, and count nothing.
SYNC_MARKER = "zael_sync"
ENTITY_PK_PREFIX = "ENTITY#"
# Keys of a snapshot's `data` map that are not limit names. A limit with one of these
# names cannot be stored in the snapshot format: its events are skipped (logged as errors).
SNAPSHOT_DATA_FIELDS = frozenset({"resource", "window", "window_start", "total_events"})
# Top-level snapshot attribute holding the runs of records applied, per limit.
SEQUENCE_MARK_PREFIX = "zael_seq#"
# A gap between two runs whose later run starts this long ago can no longer be filled
# (DynamoDB Streams keeps records 24 hours): the runs are joined, which bounds the list.
GAP_EXPIRY_SECONDS = 25 * 3600
# Runs kept per limit in a snapshot's mark (about 125 bytes each). Past this the oldest
# two are merged (logged): a record of the gap between them, replayed later, would then
# be taken as counted, but the item stays far below DynamoDB's 400 KB limit, over which
# every batch touching it would fail for good.
MAX_RUNS_PER_LIMIT = 40
# Marks this container wrote last, so that the next batch's update is conditioned on
# them at once (one write) instead of on a first read; cleared when it grows large.
_MARK_CACHE: dict[tuple[str, str, str, str], str] = {}
_MARK_CACHE_LIMIT = 50_000
# Width to which sequence numbers are zero-padded (DynamoDB's are at most 40 digits).
SEQUENCE_WIDTH = 40
# DynamoDB's limit of actions in one TransactWriteItems call.
MAX_TRANSACTION_ITEMS = 100
# Attempts of one transaction: creating missing snapshots and conflicts with concurrent
# writers each cost one; botocore retries throttling and network errors inside each call.
MAX_TRANSACTION_ATTEMPTS = 6
# Cancellation reasons that another attempt may get past (after a short back-off).
RETRYABLE_CANCELLATIONS = frozenset(
    {"TransactionConflict", "ThrottlingError", "ProvisionedThroughputExceeded", "RequestLimitExceeded"}
)

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_CLIENT = None


# --------------------------------------------------------------------------- logging


def log(level: str, message: str, **fields: Any) -> None:
    """One JSON object per line on stdout (CloudWatch Logs Insights reads the fields)."""
    entry = {
        "timestamp": datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "level": level,
        "message": message,
    }
    entry.update(fields)
    sys.stdout.write(json.dumps(entry, default=str) + "\n")
    sys.stdout.flush()


# --------------------------------------------------------------------------- config


class ConfigError(ValueError):
    """The function's environment is wrong; the message says which variable and why."""


@dataclass(frozen=True)
class Config:
    table_name: str
    windows: tuple[str, ...]
    ttl_days: int


def parse_windows(text: str | None) -> tuple[str, ...]:
    """``"hourly, daily"`` -> ``("hourly", "daily")``; duplicates dropped, order kept."""
    if text is None or not text.strip():
        raise ConfigError(
            "SNAPSHOT_WINDOWS is empty: set it to a comma-separated list of "
            + ", ".join(WINDOWS)
        )
    windows: list[str] = []
    for part in text.split(","):
        name = part.strip().lower()
        if name not in WINDOWS:
            raise ConfigError(
                f"SNAPSHOT_WINDOWS has an unknown window {part.strip()!r}: "
                f"use a comma-separated list of {', '.join(WINDOWS)} (got {text!r})"
            )
        if name not in windows:
            windows.append(name)
    return tuple(windows)


def parse_ttl_days(text: str | None) -> int:
    try:
        days = int((text or "").strip())
    except ValueError:
        raise ConfigError(f"SNAPSHOT_TTL_DAYS must be a whole number of days (got {text!r})") from None
    if days < 1:
        raise ConfigError(f"SNAPSHOT_TTL_DAYS must be at least 1 (got {days})")
    return days


def load_config(environ: Any = None) -> Config:
    env = os.environ if environ is None else environ
    table = (env.get("TABLE_NAME") or "").strip()
    if not table:
        raise ConfigError("TABLE_NAME is not set: it names the limiter table to write snapshots to")
    return Config(
        table_name=table,
        windows=parse_windows(env.get("SNAPSHOT_WINDOWS")),
        ttl_days=parse_ttl_days(env.get("SNAPSHOT_TTL_DAYS")),
    )


# --------------------------------------------------------------------------- records


class RecordError(ValueError):
    """A stream record that cannot be understood."""


@dataclass(frozen=True)
class Consumption:
    """One bucket change: tokens taken (positive) or returned (negative), in milli-tokens."""

    entity_id: str
    resource: str
    limit: str
    delta_milli: int
    timestamp_ms: int
    # Where the record sits in its bucket's history (see Interval); not part of equality.
    sequence: str = field(default="", compare=False)  # zero-padded (see padded_sequence)
    old_hash: str = field(default="", compare=False)  # of the OldImage ("" for an INSERT)
    new_hash: str = field(default="", compare=False)  # of the NewImage
    created_s: int = field(default=0, compare=False)  # ApproximateCreationDateTime


Bucket = tuple[str, str, str]  # (entity id, resource, limit)


@dataclass(frozen=True)
class Link:
    """An ignored record of a bucket (tokens unchanged, written by restore, REMOVE or
    INSERT without consumption): it consumed nothing but sits in the bucket's history,
    so the record after it follows the one before it. `old_hash`/`new_hash` are the
    image digests ("" for an image the record does not have)."""

    bucket: Bucket
    old_hash: str
    new_hash: str


@dataclass(frozen=True)
class Ignored:
    """A record that carries no consumption; `error` marks the ones worth an error log;
    `link` is set for a record of a bucket (see Link)."""

    reason: str
    error: bool = False
    link: Link | None = field(default=None, compare=False)


def sequence_number(record: Any) -> str | None:
    try:
        seq = record["dynamodb"]["SequenceNumber"]
    except (KeyError, TypeError):
        return None
    return seq if isinstance(seq, str) and seq else None


def padded_sequence(seq: str) -> str:
    """A sequence number zero-padded to SEQUENCE_WIDTH digits: string order = numeric order."""
    if not seq.isdigit() or len(seq) > SEQUENCE_WIDTH:
        raise RecordError(f"dynamodb.SequenceNumber is not a number of at most {SEQUENCE_WIDTH} digits: {seq!r}")
    return seq.zfill(SEQUENCE_WIDTH)


def _string(attr: Any, what: str) -> str:
    if not isinstance(attr, dict) or not isinstance(attr.get("S"), str):
        raise RecordError(f"{what} is not a string attribute")
    return attr["S"]


def _integer(attr: Any, what: str) -> int:
    """An exact integer from a DynamoDB Number attribute (``{"N": "123"}``)."""
    if not isinstance(attr, dict) or not isinstance(attr.get("N"), str):
        raise RecordError(f"{what} is not a number attribute")
    try:
        value = Decimal(attr["N"])
    except InvalidOperation:
        raise RecordError(f"{what} is not a number: {attr['N']!r}") from None
    if not value.is_finite() or value != value.to_integral_value():
        raise RecordError(f"{what} is not a whole number: {attr['N']!r}")
    return int(value)


def _data_map(image: Any, which: str) -> dict[str, Any]:
    if not isinstance(image, dict):
        raise RecordError(f"the record has no {which}")
    data = image.get("data")
    if not isinstance(data, dict) or not isinstance(data.get("M"), dict):
        raise RecordError(f"{which} has no data map")
    return data["M"]


def _data_integer(image: Any, which: str, name: str) -> int:
    data = _data_map(image, which)
    if name not in data:
        raise RecordError(f"{which} has no data.{name}")
    return _integer(data[name], f"{which} data.{name}")


def _tokens_milli(image: Any, which: str) -> int:
    return _data_integer(image, which, "tokens_milli")


@dataclass(frozen=True)
class Refill:
    """A bucket's refill rule as the client stores it: `amount_milli` per `period_ms`,
    capped at `burst_milli`."""

    burst_milli: int
    amount_milli: int
    period_ms: int


def _refill_rule(image: Any, which: str) -> Refill | None:
    """The image's refill rule, or None when the item lacks one (then no refill is assumed)."""
    data = _data_map(image, which)
    names = ("burst_milli", "refill_amount_milli", "refill_period_ms")
    if not all(name in data for name in names):
        return None
    burst, amount, period = (_integer(data[n], f"{which} data.{n}") for n in names)
    return Refill(burst, amount, period)


def refill_range(elapsed_ms: int, amount_milli: int, period_ms: int) -> tuple[int, int]:
    """Milli-tokens the client may have added when its refill advanced `last_refill_ms`
    by `elapsed_ms`: the inclusive range of k with ``k * period // amount == elapsed_ms``.

    The client adds ``k = (now - last) * amount // period`` milli-tokens and advances its
    refill time by ``k * period // amount`` (the time those tokens took), not to `now`.
    Inverting that floor: k * period lies in [elapsed * amount, (elapsed + 1) * amount),
    so k runs from ceil(elapsed * amount / period) to ceil((elapsed + 1) * amount / period) - 1.
    When amount <= period (at most one milli-token per millisecond) that range holds one
    value: the inversion is exact. Faster refills leave up to ceil(amount / period) values.
    A time that went backwards, or a rule without refill, means nothing was added.
    """
    if elapsed_ms < 0 or amount_milli <= 0 or period_ms <= 0:
        return (0, 0)
    low = -((-elapsed_ms * amount_milli) // period_ms)
    high = ((elapsed_ms + 1) * amount_milli - 1) // period_ms
    # Times no single refill produces (a write that refilled more than once, e.g. a lease
    # that consumed again later): the least refill consistent with the advance.
    return (low, max(low, high))


def consumed_milli(old_tokens: int, old_refill_ms: int, new_tokens: int, new_refill_ms: int,
                   rule: Refill | None) -> int:
    """Milli-tokens consumed by one MODIFY of a bucket: the old tokens refilled up to the
    new refill time exactly as the client refills (integer milli-tokens, capped at the
    burst) minus the new tokens. Negative when tokens were given back.

    Exact when the refill is at most one milli-token per millisecond or hit the cap. For
    faster refills the added amount is known to lie in a range (see refill_range): the
    client consumes whole tokens, so the one whole-token amount in the range is taken;
    when there is none or more than one, the lowest. The error is then below
    ceil(amount / period) milli-tokens (docs/aggregator.md).
    """
    if rule is None:
        return old_tokens - new_tokens
    low, high = refill_range(new_refill_ms - old_refill_ms, rule.amount_milli, rule.period_ms)

    def consumed(added: int) -> int:
        return min(rule.burst_milli, old_tokens + added) - new_tokens if added else old_tokens - new_tokens

    least, most = consumed(low), consumed(high)
    if least == most:
        return least
    first_whole = -((-least) // 1000) * 1000
    if first_whole <= most < first_whole + 1000:
        return first_whole
    return least


def _creation_time_ms(value: Any) -> int:
    """ApproximateCreationDateTime: epoch seconds (a number in Lambda events)."""
    if isinstance(value, bool) or value is None:
        raise RecordError("the record has neither data.last_refill_ms nor ApproximateCreationDateTime")
    try:
        seconds = Decimal(str(value))
    except InvalidOperation:
        raise RecordError(f"ApproximateCreationDateTime is not a number: {value!r}") from None
    if not seconds.is_finite():
        raise RecordError(f"ApproximateCreationDateTime is not a number: {value!r}")
    return int(seconds * 1000)


def parse_record(record: Any) -> Consumption | Ignored:
    """What one stream record means for usage: a Consumption, or why it is Ignored.

    Raises RecordError when the record is not a well-formed stream record of a bucket.
    """
    if not isinstance(record, dict):
        raise RecordError("the record is not an object")
    ddb = record.get("dynamodb")
    if not isinstance(ddb, dict):
        raise RecordError("the record has no dynamodb section")
    if sequence_number(record) is None:
        raise RecordError("the record has no dynamodb.SequenceNumber")
    event_name = record.get("eventName")
    if not isinstance(event_name, str):
        raise RecordError("the record has no eventName")
    if event_name == "REMOVE":
        # An expiry or reset consumed nothing; of a bucket, it is a link in its history.
        try:
            parsed = _parse_bucket_record("REMOVE", record, ddb)
        except RecordError:
            return Ignored("REMOVE event")
        link = parsed.link if isinstance(parsed, Ignored) else None
        return Ignored("REMOVE event", link=link)
    if event_name not in ("INSERT", "MODIFY"):
        return Ignored(f"{event_name} event")
    return _parse_bucket_record(event_name, record, ddb)


def _parse_bucket_record(event_name: str, record: dict, ddb: dict) -> Consumption | Ignored:
    keys = ddb.get("Keys")
    if not isinstance(keys, dict):
        raise RecordError("the record has no Keys")
    sk = _string(keys.get("SK"), "Keys.SK")
    if not sk.startswith(BUCKET_SK_PREFIX):
        return Ignored("not a bucket item")
    pk = _string(keys.get("PK"), "Keys.PK")
    entity_id = pk[len(ENTITY_PK_PREFIX):] if pk.startswith(ENTITY_PK_PREFIX) else ""
    if not entity_id:
        raise RecordError(f"bucket item with a partition key that names no entity: {pk!r}")
    resource, _, limit = sk[len(BUCKET_SK_PREFIX):].partition("#")
    if not resource or not limit:
        raise RecordError(f"bucket sort key is not #BUCKET#<resource>#<limit>: {sk!r}")

    new_image = ddb.get("NewImage")
    old_image = ddb.get("OldImage")
    link = Link((entity_id, resource, limit),
                image_hash(old_image) if isinstance(old_image, dict) else "",
                image_hash(new_image) if isinstance(new_image, dict) else "")
    if event_name == "REMOVE":
        return Ignored("REMOVE event", link=link)
    if any(isinstance(image, dict) and SYNC_MARKER in image for image in (new_image, old_image)):
        return Ignored("written by zae-limiter restore, not by a client", link=link)
    delta = bucket_delta(event_name, old_image, new_image)
    if delta == 0:
        return Ignored("tokens unchanged", link=link)
    if limit in SNAPSHOT_DATA_FIELDS:
        return Ignored(
            f"limit name {limit!r} collides with a snapshot field and cannot be recorded",
            error=True,
        )

    data = new_image["data"]["M"]
    if "last_refill_ms" in data:
        timestamp_ms = _integer(data["last_refill_ms"], "NewImage data.last_refill_ms")
    else:
        timestamp_ms = _creation_time_ms(ddb.get("ApproximateCreationDateTime"))
    return Consumption(entity_id, resource, limit, delta, timestamp_ms,
                       padded_sequence(sequence_number(record) or ""),
                       image_hash(old_image) if event_name == "MODIFY" else "",
                       image_hash(new_image), _creation_seconds(ddb.get("ApproximateCreationDateTime")))


def image_hash(image: Any) -> str:
    """A short digest of an item image: a record follows another of the same item
    directly when its OldImage is the other's NewImage."""
    text = json.dumps(image, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _creation_seconds(value: Any) -> int:
    """ApproximateCreationDateTime in epoch seconds; now when missing or unreadable. It
    dates the start of a run, and a run dated too early would be taken as older than the
    stream keeps and joined across a gap a redrive may still fill (its records then lost)."""
    try:
        seconds = int(Decimal(str(value)))
    except (InvalidOperation, ValueError, TypeError):
        return int(time.time())
    return seconds if seconds > 0 else int(time.time())


def bucket_delta(event_name: str, old_image: Any, new_image: Any) -> int:
    """Milli-tokens one INSERT or MODIFY of a bucket item consumed (negative: returned).

    INSERT: the client creates a bucket full (at its burst) and consumes in the same
    write, so the first consumption is ``burst_milli - tokens_milli``.
    MODIFY: see consumed_milli; the refill rule is the old image's (the client refills
    the state it read; its updates never change the rule).
    """
    new_tokens = _tokens_milli(new_image, "NewImage")
    if event_name == "INSERT":
        return _data_integer(new_image, "NewImage", "burst_milli") - new_tokens
    old_tokens = _tokens_milli(old_image, "OldImage")
    old_data, new_data = _data_map(old_image, "OldImage"), _data_map(new_image, "NewImage")
    if "last_refill_ms" not in old_data or "last_refill_ms" not in new_data:
        return old_tokens - new_tokens  # no refill time recorded: nothing can have refilled
    return consumed_milli(
        old_tokens,
        _data_integer(old_image, "OldImage", "last_refill_ms"),
        new_tokens,
        _data_integer(new_image, "NewImage", "last_refill_ms"),
        _refill_rule(old_image, "OldImage"),
    )


# --------------------------------------------------------------------------- windows


# Timestamps outside [1970, 9999) cannot be real consumptions (and the last windows of
# year 9999 would end beyond what datetime holds).
_MAX_TIMESTAMP_MS = (datetime(9999, 1, 1, tzinfo=timezone.utc) - _EPOCH) // timedelta(milliseconds=1)


def utc_from_ms(timestamp_ms: int) -> datetime:
    """Exact (integer) conversion; RecordError outside 1970-01-01 .. 9999-01-01."""
    if not 0 <= timestamp_ms < _MAX_TIMESTAMP_MS:
        raise RecordError(f"timestamp {timestamp_ms} ms is out of range")
    return _EPOCH + timedelta(milliseconds=timestamp_ms)


def window_start(moment: datetime, window: str) -> datetime:
    """Start (inclusive, UTC) of the window holding `moment`."""
    if window == "hourly":
        return moment.replace(minute=0, second=0, microsecond=0)
    if window == "daily":
        return moment.replace(hour=0, minute=0, second=0, microsecond=0)
    if window == "monthly":
        return moment.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    raise ValueError(f"unknown window {window!r}")


def window_end(start: datetime, window: str) -> datetime:
    """End (exclusive) of the window starting at `start`: the next window's start."""
    if window == "hourly":
        return start + timedelta(hours=1)
    if window == "daily":
        return start + timedelta(days=1)
    if window == "monthly":
        if start.month == 12:
            return start.replace(year=start.year + 1, month=1)
        return start.replace(month=start.month + 1)
    raise ValueError(f"unknown window {window!r}")


def format_utc(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def epoch_seconds(moment: datetime) -> int:
    return (moment - _EPOCH) // timedelta(seconds=1)


def snapshot_ttl(start: datetime, window: str, ttl_days: int) -> int:
    """Epoch seconds at which DynamoDB may expire the snapshot: window end + ttl_days."""
    return epoch_seconds(window_end(start, window)) + ttl_days * 86400


def milli_to_number(milli: int) -> str:
    """Milli-tokens as an exact DynamoDB Number string: 3000 -> "3", 1 -> "0.001"."""
    return format(Decimal(milli).scaleb(-3).normalize(), "f")


# --------------------------------------------------------------------------- snapshots


@dataclass
class Snapshot:
    """The sum of a batch's consumptions that fall into one snapshot item."""

    entity_id: str
    resource: str
    window: str
    window_start: str
    ttl: int
    limits: dict[str, int] = field(default_factory=dict)  # limit name -> milli-tokens
    events: int = 0
    # The records summed above, in the order added.
    entries: list[Consumption] = field(default_factory=list)
    # limit -> the stored mark the update is conditioned on (None: no mark stored yet)
    expected: dict[str, str | None] = field(default_factory=dict)
    # limit -> the mark the update writes
    marks: dict[str, str] = field(default_factory=dict)

    def add(self, item: Consumption) -> None:
        self.entries.append(item)
        self.limits[item.limit] = self.limits.get(item.limit, 0) + item.delta_milli
        self.events += 1

    def against(self, stored: dict[str, str | None], now_s: int) -> "Snapshot":
        """This snapshot's records minus those the stored marks hold, with the marks to
        write and the stored values to condition the write on."""
        kept = Snapshot(self.entity_id, self.resource, self.window, self.window_start, self.ttl)
        by_limit: dict[str, list[Consumption]] = {}
        for item in self.entries:
            by_limit.setdefault(item.limit, []).append(item)
        for limit, items in by_limit.items():
            runs = parse_intervals(stored.get(limit))
            fresh = [i for i in sorted(items, key=lambda i: i.sequence) if not covered(runs, i.sequence)]
            if not fresh:
                continue
            for item in fresh:
                kept.add(item)
            kept.expected[limit] = stored.get(limit)
            joined, merged = cap_runs(join_runs(runs + runs_of(fresh), now_s))
            if merged:
                log("WARN", "Merged the oldest runs of a snapshot's sequence marks",
                    snapshot=self.key["SK"]["S"], entity_id=self.entity_id, limit=limit,
                    merged=merged, kept=len(joined))
            kept.marks[limit] = format_intervals(joined)
        return kept

    @property
    def key(self) -> dict[str, Any]:
        return {
            "PK": {"S": ENTITY_PK_PREFIX + self.entity_id},
            "SK": {"S": snapshot_sk(self.resource, self.window, self.window_start)},
        }


@dataclass(frozen=True)
class Interval:
    """A run of one bucket's stream records added to a snapshot: every record of that
    bucket from `lo` to `hi` (padded sequence numbers) is in it. `old_hash` is the digest
    of the first record's OldImage, `new_hash` of the last one's NewImage: a run whose
    `old_hash` is another's `new_hash` follows it directly, and the two are joined.
    `lo_time` (epoch seconds of the first record) lets old gaps be closed."""

    lo: str
    hi: str
    old_hash: str
    new_hash: str
    lo_time: int


def parse_intervals(text: str | None) -> list[Interval]:
    """``lo:hi:old:new:time`` runs separated by ``,``; a malformed part is dropped (its
    records then count again rather than never)."""
    runs = []
    for part in (text or "").split(","):
        fields = part.split(":")
        if len(fields) == 5 and fields[0].isdigit() and fields[1].isdigit() and fields[4].isdigit():
            runs.append(Interval(fields[0], fields[1], fields[2], fields[3], int(fields[4])))
    return runs


def format_intervals(runs: list[Interval]) -> str:
    return ",".join(f"{r.lo}:{r.hi}:{r.old_hash}:{r.new_hash}:{r.lo_time}" for r in runs)


def covered(runs: list[Interval], sequence: str) -> bool:
    return any(r.lo <= sequence <= r.hi for r in runs)


def runs_of(items: list[Consumption]) -> list[Interval]:
    """Records (in sequence order) as runs: consecutive ones join when the later one's
    OldImage is the earlier one's NewImage (nothing of that bucket came between)."""
    runs: list[Interval] = []
    for item in items:
        last = runs[-1] if runs else None
        if last is not None and last.new_hash and last.new_hash == item.old_hash:
            runs[-1] = Interval(last.lo, item.sequence, last.old_hash, item.new_hash, last.lo_time)
        else:
            runs.append(Interval(item.sequence, item.sequence, item.old_hash, item.new_hash, item.created_s))
    return runs


def join_runs(runs: list[Interval], now_s: int) -> list[Interval]:
    """Runs in order, joined where one follows the other directly or where the gap
    between them is older than the stream keeps records."""
    joined: list[Interval] = []
    for run in sorted(runs, key=lambda r: r.lo):
        last = joined[-1] if joined else None
        if last is not None and (
            (last.new_hash and last.new_hash == run.old_hash)
            or run.lo_time < now_s - GAP_EXPIRY_SECONDS
            or run.lo <= last.hi
        ):
            hi, new_hash = (run.hi, run.new_hash) if run.hi > last.hi else (last.hi, last.new_hash)
            joined[-1] = Interval(last.lo, hi, last.old_hash, new_hash, last.lo_time)
        else:
            joined.append(run)
    return joined


def cap_runs(runs: list[Interval], max_runs: int = MAX_RUNS_PER_LIMIT) -> tuple[list[Interval], int]:
    """At most `max_runs` runs: the oldest are merged into one (their gaps then count as
    applied). Returns the runs and how many were merged away."""
    if len(runs) <= max_runs:
        return runs, 0
    extra = len(runs) - max_runs
    head = runs[:extra + 1]
    merged = Interval(head[0].lo, head[-1].hi, head[0].old_hash, head[-1].new_hash, head[0].lo_time)
    return [merged] + runs[extra + 1:], extra


def snapshot_sk(resource: str, window: str, window_start: str) -> str:
    """Sort key of a snapshot: ``#USAGE#<resource>#<window>#<window start>``.

    The window is part of the key because the starts of different windows coincide
    (the hourly window at midnight, the daily one and, on the 1st, the monthly one all
    start at ``YYYY-MM-DDT00:00:00Z``): keyed by start alone, they would be one item.
    ``begins_with(SK, "#USAGE#<resource>#<window>#")`` reads one window's series in order.
    """
    return f"#USAGE#{resource}#{window}#{window_start}"


@dataclass
class Chunk:
    """Records [start, end) of the batch and the snapshots their consumptions touch."""

    start: int
    end: int
    snapshots: dict[tuple[str, str, str, str], Snapshot] = field(default_factory=dict)


def plan_chunks(
    consumptions: list[tuple[int, Consumption]],
    windows: tuple[str, ...],
    ttl_days: int,
    end: int,
    max_items: int = MAX_TRANSACTION_ITEMS,
) -> list[Chunk]:
    """Group (record index, consumption) pairs into snapshots, in record order.

    A chunk is closed before the record that would take it past `max_items` snapshots,
    so chunks cover consecutive record ranges: when chunk k fails, every record before
    chunk k's start is applied and no record from it onwards is. `end` is the index
    after the last record the plan covers.
    """
    if max_items < len(windows):
        raise ValueError("max_items must hold at least one record's snapshots")
    chunks: list[Chunk] = []
    current = Chunk(start=0, end=end)
    for index, item in consumptions:
        moment = utc_from_ms(item.timestamp_ms)
        keys = []
        for window in windows:
            start = window_start(moment, window)
            keys.append((window, start))
        fresh = sum(
            1
            for window, start in keys
            if (item.entity_id, item.resource, window, format_utc(start)) not in current.snapshots
        )
        if current.snapshots and len(current.snapshots) + fresh > max_items:
            current.end = index
            chunks.append(current)
            current = Chunk(start=index, end=end)
        for window, start in keys:
            start_text = format_utc(start)
            key = (item.entity_id, item.resource, window, start_text)
            snap = current.snapshots.get(key)
            if snap is None:
                snap = Snapshot(
                    entity_id=item.entity_id,
                    resource=item.resource,
                    window=window,
                    window_start=start_text,
                    ttl=snapshot_ttl(start, window, ttl_days),
                )
                current.snapshots[key] = snap
            snap.add(item)
    if current.snapshots:
        chunks.append(current)
    return chunks


# Update expressions. DynamoDB rejects an expression in which two document paths overlap
# (one is the other or a prefix of it), e.g. `SET data = if_not_exists(data, :m)` with
# `ADD data.x :n`; and `ADD data.x` fails while the item has no `data` map. So a snapshot
# is written in two kinds of request, each with disjoint paths:
#
# 1. add_update(): `SET ttl ADD data.<limit> ..., data.total_events` on the condition
#    `attribute_exists(PK)` — paths ttl, data.<each limit>, data.total_events (limit
#    names are distinct and never a snapshot field). The increments of all snapshots of
#    a chunk go in one TransactWriteItems call: all of them apply or none does.
# 2. create_update(): when the transaction is cancelled because some snapshots do not
#    exist yet, each missing one is created with `SET entity_id, GSI2PK, GSI2SK, ttl,
#    data = <map with resource, window, window_start, total_events 0>` on the condition
#    `attribute_not_exists(PK)` — top-level paths only. Creating carries no amounts, so
#    it is idempotent: a creator that loses a race to a concurrent one (condition fails)
#    simply goes on, and a creation left behind by a batch that later failed holds
#    zeros. Then the transaction is sent again.
#
# Exactly once: add_update() also sets, per limit, the mark `zael_seq#<limit>` (the runs
# of records added, see Interval) on the condition that the stored mark is still the one
# the update was computed from (or absent). The first attempt assumes the mark this
# container wrote last (_MARK_CACHE); when that is wrong, or the records were added by
# an earlier delivery (a batch sent twice, retried after a timeout that struck after the
# write, a redrive of a batch that was half applied), the condition fails, the stored
# item comes back in the cancellation reason, and the update is computed again from its
# marks: only records in no run are added; a snapshot left with none is dropped.
#
# Concurrency: ADD is atomic on the item, so two batches touching one snapshot both
# count; a transaction conflicting with a concurrent writer is cancelled as a whole and
# retried. Both requests are UpdateItem actions: the function needs dynamodb:UpdateItem
# only (IAM checks each action of a transaction as the underlying operation).


def add_update(table: str, snap: Snapshot) -> dict[str, Any]:
    names = {"#ttl": "ttl", "#data": "data", "#events": "total_events"}
    values = {":ttl": {"N": str(snap.ttl)}, ":events": {"N": str(snap.events)}}
    adds = []
    for i, (limit, milli) in enumerate(snap.limits.items()):
        names[f"#l{i}"] = limit
        values[f":l{i}"] = {"N": milli_to_number(milli)}
        adds.append(f"#data.#l{i} :l{i}")
    adds.append("#data.#events :events")
    sets = ["#ttl = :ttl"]
    conditions = ["attribute_exists(PK)"]
    for i, limit in enumerate(sorted(snap.marks)):
        names[f"#m{i}"] = SEQUENCE_MARK_PREFIX + limit
        values[f":m{i}"] = {"S": snap.marks[limit]}
        sets.append(f"#m{i} = :m{i}")
        expected = snap.expected.get(limit)
        if expected is None:
            conditions.append(f"attribute_not_exists(#m{i})")
        else:
            values[f":e{i}"] = {"S": expected}
            conditions.append(f"#m{i} = :e{i}")
    return {
        "TableName": table,
        "Key": snap.key,
        "UpdateExpression": "SET " + ", ".join(sets) + " ADD " + ", ".join(adds),
        "ConditionExpression": " AND ".join(conditions),
        # A failed condition returns the stored item in CancellationReasons: its marks
        # tell which records it holds already (no read, no extra permission).
        "ReturnValuesOnConditionCheckFailure": "ALL_OLD",
        "ExpressionAttributeNames": names,
        "ExpressionAttributeValues": values,
    }


def create_update(table: str, snap: Snapshot) -> dict[str, Any]:
    return {
        "TableName": table,
        "Key": snap.key,
        "UpdateExpression": (
            "SET entity_id = :entity_id, GSI2PK = :gsi2pk, GSI2SK = :gsi2sk, "
            "#ttl = :ttl, #data = :data"
        ),
        "ConditionExpression": "attribute_not_exists(PK)",
        "ExpressionAttributeNames": {"#ttl": "ttl", "#data": "data"},
        "ExpressionAttributeValues": {
            ":entity_id": {"S": snap.entity_id},
            ":gsi2pk": {"S": f"RESOURCE#{snap.resource}"},
            ":gsi2sk": {"S": f"USAGE#{snap.window_start}#{snap.entity_id}"},
            ":ttl": {"N": str(snap.ttl)},
            ":data": {
                "M": {
                    "resource": {"S": snap.resource},
                    "window": {"S": snap.window},
                    "window_start": {"S": snap.window_start},
                    "total_events": {"N": "0"},
                }
            },
        },
    }


class WriteError(RuntimeError):
    """Snapshots of a chunk could not be written; nothing of the chunk was applied."""


def _error_code(exc: Exception) -> str | None:
    response = getattr(exc, "response", None)
    if isinstance(response, dict):
        return (response.get("Error") or {}).get("Code")
    return None


def write_chunk(client: Any, table: str, chunk: Chunk, sleep: Any = time.sleep) -> None:
    """Apply a chunk's increments atomically; WriteError when that is not possible."""
    now_s = int(time.time())
    planned = [snap for snap in chunk.snapshots.values() if snap.entries]
    snapshots = []
    for snap in planned:
        stored = {limit: _MARK_CACHE.get(_cache_key(table, snap, limit)) for limit in snap.limits}
        todo = snap.against(stored, now_s)
        _log_skipped(snap, todo)
        snapshots.append((snap, todo))
    for attempt in range(1, MAX_TRANSACTION_ATTEMPTS + 1):
        snapshots = [(snap, todo) for snap, todo in snapshots if todo.entries]
        if not snapshots:
            return  # every record of the chunk had been added already
        items = [{"Update": add_update(table, todo)} for _, todo in snapshots]
        try:
            # botocore fills in ClientRequestToken, so its own retries of this call
            # (throttling, timeouts) cannot apply the increments twice.
            client.transact_write_items(TransactItems=items)
            if len(_MARK_CACHE) > _MARK_CACHE_LIMIT:
                _MARK_CACHE.clear()
            for _, todo in snapshots:
                for limit, mark in todo.marks.items():
                    _MARK_CACHE[_cache_key(table, todo, limit)] = mark
            return
        except Exception as exc:  # noqa: BLE001 - classified below
            if _error_code(exc) != "TransactionCanceledException":
                raise WriteError(f"TransactWriteItems failed: {exc}") from exc
            reasons = exc.response.get("CancellationReasons") or []  # type: ignore[attr-defined]
            cancelled = str(exc)
        codes = [(r or {}).get("Code") or "None" for r in reasons]
        if len(codes) != len(snapshots):
            raise WriteError(f"transaction cancelled without per-item reasons: {cancelled}")
        permanent = sorted(
            {c for c in codes if c not in ("None", "ConditionalCheckFailed")} - RETRYABLE_CANCELLATIONS
        )
        if permanent:
            raise WriteError(f"transaction cancelled: {', '.join(permanent)}")
        # A failed condition: the snapshot is missing, or holds some of these records.
        refreshed = []
        for (snap, todo), code, reason in zip(snapshots, codes, reasons):
            if code != "ConditionalCheckFailed":
                refreshed.append((snap, todo))
                continue
            stored = stored_marks((reason or {}).get("Item"))
            if stored is None:
                create_snapshot(client, table, snap)
                refreshed.append((snap, snap.against({}, now_s)))
            else:
                kept = snap.against(stored, now_s)
                refreshed.append((snap, kept))
                _log_skipped(snap, kept)
        snapshots = refreshed
        if any(code in RETRYABLE_CANCELLATIONS for code in codes) and attempt < MAX_TRANSACTION_ATTEMPTS:
            sleep(min(1.0, 0.05 * 2 ** (attempt - 1)) * (0.5 + random.random() / 2))
    raise WriteError(f"transaction still cancelled after {MAX_TRANSACTION_ATTEMPTS} attempts")


def _log_skipped(planned: Snapshot, todo: Snapshot) -> None:
    skipped = len(planned.entries) - len(todo.entries)
    if skipped:
        log("INFO", "Skipped stream records already counted", snapshot=planned.key["SK"]["S"],
            entity_id=planned.entity_id, records=skipped)


def _cache_key(table: str, snap: Snapshot, limit: str) -> tuple[str, str, str, str]:
    return (table, snap.key["PK"]["S"], snap.key["SK"]["S"], limit)


def stored_marks(item: Any) -> dict[str, str] | None:
    """A stored snapshot's marks (limit -> padded sequence number); None when there is no
    item (the snapshot does not exist yet)."""
    if not isinstance(item, dict) or not item:
        return None
    return {
        name[len(SEQUENCE_MARK_PREFIX):]: value["S"]
        for name, value in item.items()
        if name.startswith(SEQUENCE_MARK_PREFIX) and isinstance(value, dict) and "S" in value
    }


def create_snapshot(client: Any, table: str, snap: Snapshot) -> None:
    try:
        client.update_item(**create_update(table, snap))
    except Exception as exc:  # noqa: BLE001 - classified below
        if _error_code(exc) == "ConditionalCheckFailedException":
            return  # created meanwhile by a concurrent batch: fine, it holds no amounts
        raise WriteError(f"creating snapshot {snap.key['SK']['S']} failed: {exc}") from exc


# --------------------------------------------------------------------------- batch


@dataclass
class BatchResult:
    records: int = 0
    processed: int = 0
    skipped: int = 0
    consumptions: int = 0
    snapshots_written: int = 0
    failed_sequence_numbers: list[str] = field(default_factory=list)

    def response(self, processing_time_ms: float) -> dict[str, Any]:
        return {
            "batchItemFailures": [{"itemIdentifier": seq} for seq in self.failed_sequence_numbers],
            "records": self.records,
            "processed": self.processed,
            "skipped": self.skipped,
            "consumptions": self.consumptions,
            "snapshots_written": self.snapshots_written,
            "failed": self.records - self.processed,
            "processing_time_ms": processing_time_ms,
        }


class BatchError(RuntimeError):
    """The batch cannot be reported record by record; the invocation must fail."""


def _record_ids(records: list[Any], index: int) -> dict[str, Any]:
    record = records[index]
    return {
        "record_index": index,
        "event_id": record.get("eventID") if isinstance(record, dict) else None,
        "sequence_number": sequence_number(record),
    }


def process_batch(
    records: list[Any],
    config: Config,
    client: Any,
    max_items: int = MAX_TRANSACTION_ITEMS,
) -> BatchResult:
    """Apply a batch; report what Lambda must deliver again.

    1. Records are parsed in order up to the first one that cannot be parsed (index f).
    2. The consumptions of records [0, f) are combined into snapshots and written chunk
       by chunk, each chunk one transaction covering a consecutive range of records;
       writing stops at the first chunk that fails (its start becomes f if lower).
    3. Records f.. are reported in batchItemFailures. Lambda resumes at the lowest
       reported sequence number, i.e. at record f: everything before it has been applied
       exactly once, nothing from it onwards has been applied, so the retry counts each
       record once. A malformed record keeps failing until the mapping's retries run out
       and the batch goes to the dead-letter queue.
    """
    result = BatchResult(records=len(records))
    failure = len(records)
    consumptions: list[tuple[int, Consumption]] = []
    ignored: list[int] = []
    # (bucket, digest of an image) -> digest of the NewImage of the last record that
    # consumed before it: ignored records of a bucket are skipped over, so that the
    # record after them joins the run of the one before (see Link).
    follows: dict[tuple[Bucket, str], str] = {}
    for index, record in enumerate(records):
        try:
            parsed = parse_record(record)
            if isinstance(parsed, Consumption):
                utc_from_ms(parsed.timestamp_ms)  # range check before anything is written
        except RecordError as exc:
            log("ERROR", "Cannot read stream record", error=str(exc), **_record_ids(records, index))
            failure = index
            break
        if isinstance(parsed, Ignored):
            ignored.append(index)
            if parsed.error:
                log("ERROR", "Skipped stream record", reason=parsed.reason, **_record_ids(records, index))
            link = parsed.link
            if link is not None:
                before = follows.get((link.bucket, link.old_hash), link.old_hash)
                follows[(link.bucket, link.new_hash)] = before
        else:
            bucket = (parsed.entity_id, parsed.resource, parsed.limit)
            before = follows.get((bucket, parsed.old_hash))
            if before is not None:
                parsed = replace(parsed, old_hash=before)
            consumptions.append((index, parsed))

    if failure < len(records) and sequence_number(records[failure]) is None:
        # Lambda needs a sequence number to resume from; failing the whole invocation
        # (nothing written yet) makes it retry, bisect and finally park the batch.
        raise BatchError(f"stream record {failure} cannot be read and has no SequenceNumber")

    for chunk in plan_chunks(consumptions, config.windows, config.ttl_days, failure, max_items):
        try:
            write_chunk(client, config.table_name, chunk)
        except WriteError as exc:
            log(
                "ERROR",
                "Cannot write usage snapshots",
                error=str(exc),
                snapshots=[s.key["SK"]["S"] for s in chunk.snapshots.values()][:10],
                **_record_ids(records, chunk.start),
            )
            failure = chunk.start
            break
        result.snapshots_written += len(chunk.snapshots)

    result.processed = failure
    result.skipped = sum(1 for i in ignored if i < failure)
    result.consumptions = sum(1 for i, _ in consumptions if i < failure)
    result.failed_sequence_numbers = [
        seq for seq in (sequence_number(r) for r in records[failure:]) if seq is not None
    ]
    return result


# --------------------------------------------------------------------------- Lambda


def _client() -> Any:
    """The DynamoDB client, created on first use (boto3 honours AWS_ENDPOINT_URL)."""
    global _CLIENT
    if _CLIENT is None:
        import boto3
        from botocore.config import Config as BotoConfig

        _CLIENT = boto3.client(
            "dynamodb",
            config=BotoConfig(
                retries={"mode": "standard", "max_attempts": 5},
                connect_timeout=5,
                read_timeout=15,
            ),
        )
    return _CLIENT


def handler(event: Any, context: Any) -> dict[str, Any]:
    started = time.perf_counter()
    request_id = getattr(context, "aws_request_id", None)
    try:
        config = load_config()
    except ConfigError as exc:
        log("ERROR", "Invalid aggregator configuration", error=str(exc), request_id=request_id)
        raise
    records = event.get("Records") if isinstance(event, dict) else None
    if not isinstance(records, list):
        log("ERROR", "Event is not a DynamoDB Streams batch (no Records list)", request_id=request_id)
        raise BatchError("event is not a DynamoDB Streams batch: it has no Records list")

    result = process_batch(records, config, _client())
    elapsed = round((time.perf_counter() - started) * 1000, 3)
    response = result.response(elapsed)
    summary = {k: v for k, v in response.items() if k != "batchItemFailures"}
    if result.failed_sequence_numbers:
        summary["first_failed_sequence_number"] = result.failed_sequence_numbers[0]
    log(
        "WARNING" if result.failed_sequence_numbers else "INFO",
        "Batch processed",
        request_id=request_id,
        table_name=config.table_name,
        windows=list(config.windows),
        **summary,
    )
    return response
