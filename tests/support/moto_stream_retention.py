"""Correction: DynamoDB Streams' retention of stream records, applied by
moto_corrections.apply_emulator_corrections. Listed in docs/testing.md.
"""

import os
import time

# Seconds a stream record stays readable. AWS: 24 hours. A test that needs records to
# be gone starts its own emulator with a few seconds here (the launcher inherits it).
RETENTION_ENV = "ZAEL_EMULATOR_STREAM_RETENTION_SECONDS"
AWS_RETENTION_SECONDS = 24 * 3600


def trim_stream_records_after_retention():
    """AWS keeps a stream record for 24 hours: `TRIM_HORIZON` iterators start at the
    oldest record still held, and `GetShardIterator` at a sequence number older than the
    trim point fails with `TrimmedDataAccessException` (DynamoDB Streams API reference,
    GetShardIterator, TrimmedDataAccessException). DescribeStream's
    `SequenceNumberRange.StartingSequenceNumber` is documented as the shard's first
    sequence number, not as a horizon that moves with trimming, so it is left as moto
    reports it (the shard's first). moto 5.2.5 keeps records for
    ever (`StreamShard`, `DynamoDBStreamsBackend.get_shard_iterator` in
    moto/dynamodb/models/table.py and moto/dynamodbstreams/models.py). This records each
    record's arrival and applies the retention on those two reads. Lambda's own
    pollers (stream_poller.py) read the shard directly and are unaffected."""
    from moto.core.exceptions import JsonRESTError
    from moto.dynamodb.models.table import StreamShard
    from moto.dynamodbstreams.models import DynamoDBStreamsBackend

    retention = float(os.environ.get(RETENTION_ENV) or AWS_RETENTION_SECONDS)

    class TrimmedDataAccessException(JsonRESTError):
        def __init__(self, message):
            super().__init__("TrimmedDataAccessException", message)

    original_add = StreamShard.add

    def add(self, old, new):
        before = len(self.items)
        original_add(self, old, new)
        for record in self.items[before:]:
            record.zael_arrival = time.time()

    def horizon(shard):
        """Sequence number of the oldest record still held (the next one if none is)."""
        cutoff = time.time() - retention
        for i, record in enumerate(shard.items):
            if getattr(record, "zael_arrival", cutoff + 1) > cutoff:
                return shard.starting_sequence_number + i
        return shard.starting_sequence_number + len(shard.items)

    original_iterator = DynamoDBStreamsBackend.get_shard_iterator

    def get_shard_iterator(self, arn, shard_id, shard_iterator_type, sequence_number=None):
        shard = self._get_table_from_arn(arn).stream_shard
        if (shard is not None and sequence_number is not None
                and shard_iterator_type in ("AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER")
                and int(sequence_number) < horizon(shard)):
            raise TrimmedDataAccessException(
                f"sequence number {sequence_number} is beyond the trim horizon of {shard_id}")
        iterator = original_iterator(self, arn, shard_id, shard_iterator_type, sequence_number)
        if shard is not None and shard_iterator_type == "TRIM_HORIZON":
            iterator.sequence_number = horizon(shard)
        return iterator

    StreamShard.add = add
    DynamoDBStreamsBackend.get_shard_iterator = get_shard_iterator
