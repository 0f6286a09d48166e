"""The stream-retention correction (tests/support/moto_stream_retention.py): records older
than the retention are trimmed from DynamoDB Streams' reads as AWS trims them after 24
hours. Run on an emulator of its own with a 2-second retention."""

from __future__ import annotations

import time

import boto3
import pytest
from botocore.exceptions import ClientError

import emulator as emulator_support
from moto_stream_retention import RETENTION_ENV
from python_suites import REGION


def test_records_past_the_retention_are_trimmed(monkeypatch):
    monkeypatch.setenv(RETENTION_ENV, "2")
    with emulator_support.running(REGION) as url:
        ddb = boto3.client("dynamodb", region_name=REGION, endpoint_url=url)
        streams = boto3.client("dynamodbstreams", region_name=REGION, endpoint_url=url)
        table = ddb.create_table(
            TableName="retention", BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[{"AttributeName": "PK", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "PK", "KeyType": "HASH"}],
            StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
        )["TableDescription"]
        arn = table["LatestStreamArn"]

        def shard():
            return streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]

        def read(kind, seq=None):
            args = {"SequenceNumber": seq} if seq else {}
            it = streams.get_shard_iterator(StreamArn=arn, ShardId=shard()["ShardId"],
                                            ShardIteratorType=kind, **args)["ShardIterator"]
            return [r["dynamodb"]["SequenceNumber"] for r in streams.get_records(ShardIterator=it)["Records"]]

        ddb.put_item(TableName="retention", Item={"PK": {"S": "old"}})
        [first] = read("TRIM_HORIZON")
        assert shard()["SequenceNumberRange"]["StartingSequenceNumber"] == first
        assert read("AT_SEQUENCE_NUMBER", first) == [first]

        time.sleep(2.5)
        ddb.put_item(TableName="retention", Item={"PK": {"S": "new"}})
        [second] = read("TRIM_HORIZON")
        assert int(second) > int(first)
        # AWS documents StartingSequenceNumber as the shard's first sequence number: it
        # does not move with trimming (the refusal below is what tells trimmed records).
        assert shard()["SequenceNumberRange"]["StartingSequenceNumber"] == first
        with pytest.raises(ClientError) as refused:
            read("AT_SEQUENCE_NUMBER", first)
        assert refused.value.response["Error"]["Code"] == "TrimmedDataAccessException"
        assert read("AT_SEQUENCE_NUMBER", second) == [second]
