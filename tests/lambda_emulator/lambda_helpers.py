"""Helpers of the tests of the emulator's Lambda model: packages, waiting, and reading
what functions saw and sent (their logs, a queue)."""

from __future__ import annotations

import json

from python_suites import package, wait_for  # noqa: F401 - re-exported to the tests

EVENT_MARK = "EVENT "


def log_lines(logs, function: str) -> list[str]:
    """Every log event of the function, oldest stream first."""
    group = f"/aws/lambda/{function}"
    try:
        found = logs.describe_log_streams(logGroupName=group)["logStreams"]
    except logs.exceptions.ResourceNotFoundException:
        return []
    lines = []
    for stream in sorted(found, key=lambda s: s.get("creationTime", 0)):
        events = logs.get_log_events(logGroupName=group, logStreamName=stream["logStreamName"],
                                     startFromHead=True)["events"]
        lines += [e["message"] for e in events]
    return lines


def seen_events(logs, function: str) -> list[dict]:
    """The events a function logged with `print(EVENT_MARK + json.dumps(event))`."""
    return [json.loads(line[len(EVENT_MARK):]) for line in log_lines(logs, function)
            if line.startswith(EVENT_MARK)]


def put(ddb, table: str, pk: str, sk: str, **attrs) -> None:
    item = {"PK": {"S": pk}, "SK": {"S": sk}}
    item.update({k: {"S": str(v)} for k, v in attrs.items()})
    ddb.put_item(TableName=table, Item=item)


def queue_messages(sqs, url: str) -> list[dict]:
    """All messages in the queue (received and deleted)."""
    found = []
    while True:
        got = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", [])
        if not got:
            return found
        for m in got:
            found.append(json.loads(m["Body"]))
            sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])
