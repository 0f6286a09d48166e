"""Correction of the cost of moto 5.2.5's DynamoDB transactions, applied by
moto_corrections.apply_emulator_corrections. Listed in docs/testing.md.
"""


def copy_stream_records_once_per_transaction():
    """A DynamoDB transaction is all or nothing, its stream records included, and takes
    milliseconds on AWS. moto's `DynamoDBBackend.transact_write_items`
    (moto/dynamodb/models/__init__.py) deep-copies every table it touches beforehand,
    to put it back if the transaction is cancelled, and the copy includes every record
    the table's stream has ever held (kept for readers, as on AWS). With the aggregator
    running, every batch is a transaction, so each one copies the whole stream again
    and a table with a few thousand writes slows the emulator to a crawl. Stream records
    never change once written, so the copy of a shard needs a new list of them, not new
    records: this gives `StreamShard` a `__deepcopy__` that does exactly that. A
    cancelled transaction still leaves the stream as it was before it."""
    import copy

    from moto.dynamodb.models.table import StreamShard

    def deepcopy_shard(self, memo):
        clone = copy.copy(self)
        memo[id(self)] = clone
        clone.items = list(self.items)
        clone.table = copy.deepcopy(self.table, memo)
        return clone

    StreamShard.__deepcopy__ = deepcopy_shard
