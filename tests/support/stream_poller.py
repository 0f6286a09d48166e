"""DynamoDB stream event source mappings that really invoke their function.

moto 5.2.5 delivers stream records synchronously inside the write that made them
(`StreamShard.add` → `LambdaBackend.send_dynamodb_items`, moto/dynamodb/models/table.py
and moto/awslambda/models.py), to a function it cannot run, once, without batching,
filtering, retries or failure destinations, and reports `LastProcessingResult` as
nothing (`EventSourceMapping.get_configuration`). keep_stream_records_for_readers
(moto_corrections.py) already stops that delivery. This module reads the stream as
Lambda's poller does, following Lambda's documentation for DynamoDB streams:

* Each enabled mapping is polled every POLL_SECONDS (a thread per mapping, outside
  request handling; records of one shard are processed in order, one batch at a time,
  as with ParallelizationFactor 1). It starts at StartingPosition as of its creation
  (LATEST: records written after it; TRIM_HORIZON: all; AT_TIMESTAMP). A disabled
  mapping reads nothing and resumes where it stopped; a deleted one stops.
* FilterCriteria (event_filters.py) drop non-matching records before batching;
  unsupported pattern forms are refused when the mapping is created or updated.
* A batch is up to BatchSize records, invoked once it is full or
  MaximumBatchingWindowInSeconds after its first record arrived. The event is
  `{"Records": [...]}` with eventID, eventName, eventVersion 1.1, eventSource
  aws:dynamodb, awsRegion (the table's), eventSourceARN (the stream),
  and dynamodb: Keys, NewImage, OldImage, SequenceNumber, SizeBytes, StreamViewType,
  ApproximateCreationDateTime (epoch seconds).
* The function is the mapping's FunctionName as resolved at each invocation (an alias
  follows its current version).
* A function error retries the batch; with BisectBatchOnFunctionError the batch is
  split in two first (splitting does not consume retries). With ReportBatchItemFailures
  a response listing items restarts at the lowest sequence number listed (records
  before it are done); an item that is not in the batch fails the whole batch. Once
  MaximumRetryAttempts retries are spent (-1: unlimited), or records are older than
  MaximumRecordAgeInSeconds, Lambda sends its on-failure record (requestContext,
  responseContext, DDBStreamBatchInfo) to the OnFailure destination (SQS) and moves on.
* LastProcessingResult: "No records processed" until the first invocation, then "OK"
  after a successful call and "PROBLEM: Function call failed" after a failed one.

Not modelled: several shards, shard splits, ParallelizationFactor > 1, tumbling windows,
SNS/S3 failure destinations (refused), retry back-off (retries follow at once).
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone

import event_filters
import lambda_runtime
from emulator_lock import BACKEND_LOCK

POLL_SECONDS = 0.2
OK = "OK"
PROBLEM = "PROBLEM: Function call failed"
NOTHING_YET = "No records processed"


# --------------------------------------------------------------------------- pure parts


@dataclass
class Item:
    """One stream record as the mapping delivers it."""

    index: int  # position in the shard
    record: dict
    arrival: float  # epoch seconds

    @property
    def sequence_number(self) -> str:
        return self.record["dynamodb"]["SequenceNumber"]


@dataclass
class Batch:
    """Records to deliver together; `end` is the shard position after the batch."""

    items: list[Item]
    end: int
    attempts: int = 0


def epoch_seconds(moment: datetime) -> float:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.timestamp()


def lambda_record(raw: dict, region: str, stream_arn: str) -> tuple[dict, float]:
    """moto's stream record (region us-east-1, eventVersion 1.0, a datetime) reshaped as
    Lambda delivers it; and its arrival time."""
    created = raw["dynamodb"]["ApproximateCreationDateTime"]
    arrival = epoch_seconds(created) if isinstance(created, datetime) else float(created)
    record = json.loads(json.dumps(raw, default=str))
    record["eventVersion"] = "1.1"
    record["awsRegion"] = region
    record["eventSourceARN"] = stream_arn
    record["dynamodb"]["ApproximateCreationDateTime"] = int(arrival)
    return record, arrival


def next_batch(pending: list[Item], end: int, batch_size: int, window: float,
               now: float) -> Batch | None:
    """The batch to invoke now from the matching records `pending` (in order; `end` is
    the shard position after the last record read), or None to keep gathering."""
    if not pending:
        return None
    if len(pending) >= batch_size:
        items = pending[:batch_size]
        after = pending[batch_size].index if len(pending) > batch_size else end
        return Batch(items, after)
    if now - pending[0].arrival >= window:
        return Batch(list(pending), end)
    return None


def bisect(batch: Batch) -> list[Batch]:
    """A failed batch split in two halves. Splitting consumes no retries: each half
    starts with the attempts spent before the invocation that failed."""
    mid = len(batch.items) // 2
    first, second = batch.items[:mid], batch.items[mid:]
    spent = max(0, batch.attempts - 1)
    return [Batch(first, second[0].index, spent), Batch(second, batch.end, spent)]


def reported_failures(payload: bytes, batch: Batch) -> tuple[str, int]:
    """How a ReportBatchItemFailures response reads: ("ok", _), ("partial", position of the
    lowest reported record in the batch) or ("invalid", _) (the whole batch failed)."""
    try:
        doc = json.loads(payload or b"null")
    except ValueError:
        return "ok", 0  # not a partial-failure response: the call succeeded
    if not isinstance(doc, dict):
        return "ok", 0
    failures = doc.get("batchItemFailures")
    if not failures:
        return "ok", 0
    if not isinstance(failures, list):
        return "invalid", 0
    positions = {item.sequence_number: i for i, item in enumerate(batch.items)}
    lowest = None
    for failure in failures:
        ident = failure.get("itemIdentifier") if isinstance(failure, dict) else None
        if not isinstance(ident, str) or ident not in positions:
            return "invalid", 0
        lowest = positions[ident] if lowest is None else min(lowest, positions[ident])
    return "partial", lowest


def split_expired(items: list[Item], max_age: int, now: float) -> tuple[list[Item], list[Item]]:
    """(records older than MaximumRecordAgeInSeconds, the rest); -1 keeps every record.
    Records are in arrival order, so the expired ones are a prefix."""
    if max_age < 0:
        return [], items
    cutoff = now - max_age
    expired = [i for i in items if i.arrival < cutoff]
    return expired, items[len(expired):]


def iso_seconds(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def failure_record(*, items: list[Item], shard_id: str, stream_arn: str, function_arn: str,
                   condition: str, invocations: int, request_id: str | None,
                   executed_version: str | None, function_error: bool) -> dict:
    """Lambda's on-failure record for records it gives up on."""
    response = {"statusCode": 200, "executedVersion": executed_version or ""}
    if function_error:
        response["functionError"] = "Unhandled"
    return {
        "requestContext": {"requestId": request_id or "", "functionArn": function_arn,
                           "condition": condition, "approximateInvokeCount": invocations},
        "responseContext": response,
        "version": "1.0",
        "timestamp": datetime.now(timezone.utc).isoformat(timespec="milliseconds")
        .replace("+00:00", "Z"),
        "DDBStreamBatchInfo": {
            "shardId": shard_id,
            "startSequenceNumber": items[0].sequence_number,
            "endSequenceNumber": items[-1].sequence_number,
            "approximateArrivalOfFirstRecord": iso_seconds(items[0].arrival),
            "approximateArrivalOfLastRecord": iso_seconds(items[-1].arrival),
            "batchSize": len(items),
            "streamArn": stream_arn,
        },
    }


# --------------------------------------------------------------------------- state


@dataclass
class MappingState:
    account_id: str
    region: str
    uuid: str
    checkpoint: int
    queue: list[Batch] = field(default_factory=list)
    last_result: str = NOTHING_YET
    # the last invocation, for the on-failure record
    last_request: tuple[str | None, str | None] = (None, None)


_states: dict[str, MappingState] = {}


def _shard_of(account_id: str, stream_arn: str):
    """The table and shard of a stream ARN, or (None, None) when that stream is gone."""
    from moto.dynamodb.models import dynamodb_backends

    parts = stream_arn.split(":", 5)
    if len(parts) < 6 or "/stream/" not in parts[5]:
        return None, None
    region = parts[3]
    table_name, _, label = parts[5][len("table/"):].partition("/stream/")
    table = dynamodb_backends[account_id][region].tables.get(table_name)
    if table is None or table.stream_shard is None or table.latest_stream_label != label:
        return None, None
    return table, table.stream_shard


def _starting_checkpoint(esm, shard) -> int:
    position = (esm.starting_position or "TRIM_HORIZON").upper()
    if position == "LATEST":
        return len(shard.items)
    if position == "AT_TIMESTAMP" and esm.starting_position_timestamp is not None:
        ts = float(esm.starting_position_timestamp)
        for i, rec in enumerate(shard.items):
            if epoch_seconds(rec.record["dynamodb"]["ApproximateCreationDateTime"]) >= ts:
                return i
        return len(shard.items)
    return 0


def _validate(spec: dict):
    """Refuses mapping settings the emulator cannot honour (loudly, not silently)."""
    from moto.awslambda.exceptions import InvalidParameterValueException

    try:
        event_filters.parse_filters(spec.get("FilterCriteria"))
    except event_filters.FilterNotModelled as exc:
        raise InvalidParameterValueException(f"FilterCriteria: {exc}") from None
    destination = ((spec.get("DestinationConfig") or {}).get("OnFailure") or {}).get("Destination")
    if destination and ":sqs:" not in destination:
        raise InvalidParameterValueException(
            f"OnFailure destination {destination}: the test emulator sends on-failure "
            "records to SQS queues only")


# --------------------------------------------------------------------------- polling


class MappingPoller(threading.Thread):
    """Reads one mapping's stream and invokes its function until the mapping is deleted."""

    def __init__(self, state: MappingState):
        super().__init__(name=f"mapping-{state.uuid}", daemon=True)
        self.state = state

    def _mapping(self):
        from moto.awslambda.models import lambda_backends

        return lambda_backends[self.state.account_id][self.state.region] \
            .get_event_source_mapping(self.state.uuid)

    def run(self):
        while True:
            time.sleep(POLL_SECONDS)
            try:
                if not self.step():
                    _states.pop(self.state.uuid, None)
                    return
            except Exception as exc:  # noqa: BLE001 - keep polling; say what happened
                self.state.last_result = f"PROBLEM: test emulator poller error: {exc}"

    def step(self) -> bool:
        """One poll; False once the mapping is gone."""
        st = self.state
        with BACKEND_LOCK:
            esm = self._mapping()
            if esm is None:
                return False
            if not esm.enabled:
                return True
            table, shard = _shard_of(st.account_id, esm.event_source_arn)
            # By ARN, not object: moto replaces the table (and its shard) with a deep
            # copy when a transaction is cancelled (`transact_write_items`).
            if shard is None:
                return True  # the stream this mapping reads is gone
            if not st.queue:
                self._read(esm, table, shard)
            if not st.queue:
                return True
            batch = st.queue[0]
            settings = dict(
                stream_arn=esm.event_source_arn, shard_id=shard.id,
                function_arn=esm.function_arn,
                retries=-1 if esm.max_retry_attempts is None else int(esm.max_retry_attempts),
                max_age=-1 if esm.max_record_age is None else int(esm.max_record_age),
                bisect=bool(esm.bisect_on_error),
                partial="ReportBatchItemFailures" in (esm.function_response_types or []),
                destination=((esm.destination_config or {}).get("OnFailure") or {})
                .get("Destination"))
        self._expire(batch, settings)
        if not batch.items:
            self._finish(batch)
            return True
        try:
            spec = lambda_runtime.resolve(st.account_id, st.region, settings["function_arn"], None)
        except Exception:  # noqa: BLE001 - the function or alias is gone: wait, as Lambda does
            st.last_result = "PROBLEM: Function not found"
            return True
        age_ms = max(0.0, (time.time() - batch.items[-1].arrival) * 1000)
        outcome = lambda_runtime.invoke(spec, {"Records": [i.record for i in batch.items]},
                                        iterator_age_ms=age_ms)
        batch.attempts += 1
        st.last_request = (outcome.request_id, outcome.executed_version)
        if outcome.function_error:
            st.last_result = PROBLEM
            if settings["bisect"] and len(batch.items) > 1:
                st.queue[0:1] = bisect(batch)
                return True
            self._retry_or_give_up(batch, settings, function_error=True)
            return True
        st.last_result = OK
        verdict, lowest = (reported_failures(outcome.payload, batch) if settings["partial"]
                           else ("ok", 0))
        if verdict == "ok":
            self._finish(batch)
        elif verdict == "invalid":
            self._retry_or_give_up(batch, settings, function_error=False)
        else:
            del batch.items[:lowest]  # the records before the lowest reported are done
            self._retry_or_give_up(batch, settings, function_error=False)
        return True

    def _read(self, esm, table, shard):
        """Queues the next batch when one is due; skips records the filters drop."""
        st = self.state
        patterns = event_filters.parse_filters(esm.filter_criteria)
        pending: list[Item] = []
        end = len(shard.items)
        for index in range(st.checkpoint, end):
            record, arrival = lambda_record(shard.items[index].to_json(), table.region_name,
                                            esm.event_source_arn)
            if event_filters.keeps(patterns, record):
                pending.append(Item(index, record, arrival))
                if len(pending) > esm.batch_size:
                    break
        if not pending:
            st.checkpoint = end  # everything read was filtered out
            return
        window = float(esm.max_batch_window or 0)
        batch = next_batch(pending, end, esm.batch_size, window, time.time())
        if batch is not None:
            st.checkpoint = pending[0].index
            st.queue.append(batch)

    def _finish(self, batch: Batch):
        st = self.state
        st.queue = [b for b in st.queue if b is not batch]
        st.checkpoint = max(st.checkpoint, batch.end)

    def _expire(self, batch: Batch, settings: dict):
        """Gives up on records older than MaximumRecordAgeInSeconds."""
        expired, batch.items = split_expired(batch.items, settings["max_age"], time.time())
        if expired:
            self._send_failure(expired, settings, "RecordAgeExceeded", batch.attempts, False)

    def _retry_or_give_up(self, batch: Batch, settings: dict, *, function_error: bool):
        retries = settings["retries"]
        if retries >= 0 and batch.attempts > retries:
            self._send_failure(batch.items, settings, "RetryAttemptsExhausted", batch.attempts,
                               function_error)
            self._finish(batch)

    def _send_failure(self, items, settings, condition, invocations, function_error):
        from moto.sqs.models import sqs_backends

        destination = settings["destination"]
        if not destination or not items:
            return
        request_id, version = self.state.last_request
        doc = failure_record(items=items, shard_id=settings["shard_id"],
                             stream_arn=settings["stream_arn"],
                             function_arn=settings["function_arn"], condition=condition,
                             invocations=invocations, request_id=request_id,
                             executed_version=version, function_error=function_error)
        _, _, _, region, account, queue = destination.split(":", 5)
        with BACKEND_LOCK:
            sqs_backends[account][region].send_message(queue, json.dumps(doc))


# --------------------------------------------------------------------------- install


def poll_stream_mappings():
    """Hooks the poller into moto's mapping lifecycle: `LambdaBackend.
    create_event_source_mapping` / `update_event_source_mapping` (validation, starting
    position, a poller per DynamoDB stream mapping) and `EventSourceMapping.
    get_configuration` (LastProcessingResult)."""
    from moto.awslambda.models import EventSourceMapping, LambdaBackend

    original_create = LambdaBackend.create_event_source_mapping
    original_update = LambdaBackend.update_event_source_mapping
    original_configuration = EventSourceMapping.get_configuration

    def create(self, spec):
        _validate(spec)
        with BACKEND_LOCK:
            esm = original_create(self, spec)
            _, shard = _shard_of(self.account_id, esm.event_source_arn)
            if shard is not None:
                state = MappingState(self.account_id, self.region_name, esm.uuid,
                                     _starting_checkpoint(esm, shard))
                _states[esm.uuid] = state
                MappingPoller(state).start()
        return esm

    def update(self, uuid, spec):
        _validate(spec)
        return original_update(self, uuid, spec)

    def get_configuration(self):
        config = original_configuration(self)
        state = _states.get(self.uuid)
        if state is not None:
            config["LastProcessingResult"] = state.last_result
        return config

    LambdaBackend.create_event_source_mapping = create
    LambdaBackend.update_event_source_mapping = update
    EventSourceMapping.get_configuration = get_configuration
