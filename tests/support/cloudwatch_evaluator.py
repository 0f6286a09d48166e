"""Queue metrics and alarm evaluation, which moto 5.2.5 does not do.

AWS facts modelled (CloudWatch and SQS user guides):
- SQS publishes `AWS/SQS` metrics per queue (dimension `QueueName`) every minute, among
  them `ApproximateNumberOfMessagesVisible` and `ApproximateAgeOfOldestMessage` (seconds).
  moto publishes none, so an alarm on DLQ depth could never fire.
- CloudWatch evaluates each metric alarm every period: the alarm's `Statistic` over each
  `Period`, the last `EvaluationPeriods` periods, `DatapointsToAlarm` of them (default:
  all) breaching per `ComparisonOperator` and `Threshold` put it in ALARM. Periods
  without data are treated per `TreatMissingData`: `missing` (the default: they count
  neither way, and with no data at all the state is INSUFFICIENT_DATA), `notBreaching`,
  `breaching`, `ignore` (the state is kept). The state changes only on a transition,
  with a reason such as "Threshold Crossed: 1 out of the last 1 datapoints [3.0
  (25/11/26 08:45:00)] was greater than the threshold (0.0) ...". moto never evaluates:
  alarms stay in their initial state.

Time compression, so that tests are fast: one emulator second stands for `SCALE`
seconds of CloudWatch time. A 300-second period lasts one second here, alarms are
evaluated every `TICK` seconds (a compressed minute is 0.2 s) and queue metrics are
published every other tick (kept 30 s). Alarms defined by metric math (`Metrics`) are not evaluated (their
state stays as created); composite alarms neither.
"""

from __future__ import annotations

import threading
import time
from datetime import datetime, timedelta, timezone

SCALE = 300.0
TICK = 0.2
# Queue metrics every other tick (0.4 s, two or more datapoints per compressed period);
# those older than KEEP_QUEUE_DATA (real seconds) are dropped, so that a long run with
# many stacks does not grow the metric store (which every metric read scans) unbounded.
PUBLISH_EVERY = 2
KEEP_QUEUE_DATA = 30.0
PRUNE_EVERY = 50

COMPARE = {
    "GreaterThanThreshold": (lambda v, t: v > t, "greater than"),
    "GreaterThanOrEqualToThreshold": (lambda v, t: v >= t, "greater than or equal to"),
    "LessThanThreshold": (lambda v, t: v < t, "less than"),
    "LessThanOrEqualToThreshold": (lambda v, t: v <= t, "less than or equal to"),
}


def statistic(values: list[float], stat: str) -> float:
    """One CloudWatch statistic of the values of a period."""
    if stat == "Sum":
        return float(sum(values))
    if stat == "Maximum":
        return float(max(values))
    if stat == "Minimum":
        return float(min(values))
    if stat == "SampleCount":
        return float(len(values))
    if stat == "Average":
        return float(sum(values)) / len(values)
    raise ValueError(f"statistic {stat} is not modelled")


def decide(points: list[float | None], *, threshold: float, operator: str,
           datapoints_to_alarm: int, treat_missing: str | None, current: str
           ) -> tuple[str, int]:
    """The state the last periods' values (oldest first, None = no data) put the alarm
    in, and how many breached. Pure: tests/lambda_emulator/test_alarm_evaluation.py."""
    compare = COMPARE[operator][0]
    treat = treat_missing or "missing"
    present = [p for p in points if p is not None]
    if not present:
        if treat == "breaching":
            return "ALARM", len(points)
        if treat == "notBreaching":
            return "OK", 0
        if treat == "ignore":
            return current, 0
        return "INSUFFICIENT_DATA", 0
    breaching = sum(1 for p in present if compare(p, threshold))
    if treat == "breaching":
        breaching += len(points) - len(present)
    return ("ALARM" if breaching >= datapoints_to_alarm else "OK"), breaching


def _matches(datum, alarm) -> bool:
    if datum.namespace != alarm.namespace or datum.name != alarm.metric_name:
        return False
    have = {(d.name, d.value) for d in datum.dimensions}
    return all((d.name, d.value) in have for d in alarm.dimensions)


def recent(data: list, since: datetime) -> list:
    """The data from `since` on. moto appends datapoints as they are put, so the store
    is in time order but for datapoints put with an explicit past timestamp: read from
    the newest back, stopping after a run of older ones (a tick must not scan the whole
    store while it holds the emulator's lock)."""
    out, older = [], 0
    for d in reversed(data):
        if _naive_utc(d.timestamp) >= since:
            out.append(d)
            older = 0
        else:
            older += 1
            if older > 200:
                break
    return out


def _naive_utc(moment: datetime) -> datetime:
    return moment.astimezone(timezone.utc).replace(tzinfo=None) if moment.tzinfo else moment


def evaluate(backend, now: datetime) -> None:
    """Evaluates every metric alarm of one CloudWatch backend at `now` (naive UTC)."""
    alarms = [a for a in backend.alarms.values()
              if a.rule is None and a.metric_name and a.statistic
              and a.comparison_operator in COMPARE]
    if not alarms:
        return
    # Only the data the longest evaluation window can see, grouped by metric: one
    # pass over the store per tick, whatever the number of alarms.
    longest = max(float(a.period or 60) * int(a.evaluation_periods or 1) for a in alarms)
    since = now - timedelta(seconds=longest / SCALE + 1)
    # Indexed by metric and by each of its dimensions, so that an alarm looks at the
    # datapoints of its own resource only.
    by_metric: dict[tuple, list] = {}
    for d in recent(backend.metric_data, since):
        if hasattr(d, "value"):
            by_metric.setdefault((d.namespace, d.name), []).append(d)
            for dim in d.dimensions:
                by_metric.setdefault((d.namespace, d.name, dim.name, dim.value), []).append(d)
    for alarm in alarms:
        periods = int(alarm.evaluation_periods or 1)
        to_alarm = int(alarm.datapoints_to_alarm or periods)
        span = timedelta(seconds=float(alarm.period or 60) / SCALE)
        key = (alarm.namespace, alarm.metric_name)
        if alarm.dimensions:
            key += (alarm.dimensions[0].name, alarm.dimensions[0].value)
        relevant = [d for d in by_metric.get(key, []) if _matches(d, alarm)]
        points: list[float | None] = []
        stamps: list[datetime] = []
        for i in range(periods, 0, -1):
            start, end = now - span * i, now - span * (i - 1)
            values = [d.value for d in relevant if start <= _naive_utc(d.timestamp) < end]
            points.append(statistic(values, alarm.statistic) if values else None)
            stamps.append(start)
        threshold = float(alarm.threshold or 0.0)
        state, breached = decide(points, threshold=threshold,
                                 operator=alarm.comparison_operator,
                                 datapoints_to_alarm=to_alarm,
                                 treat_missing=alarm.treat_missing_data,
                                 current=alarm.state_value)
        if state == alarm.state_value:
            continue
        alarm.update_state(_reason(points, stamps, state, breached, threshold,
                                   alarm.comparison_operator, to_alarm), "{}", state)


def _reason(points, stamps, state, breached, threshold, operator, to_alarm) -> str:
    shown = ", ".join(f"{p} ({s:%d/%m/%y %H:%M:%S})"
                      for p, s in zip(points, stamps) if p is not None)
    if not shown:
        return (f"Insufficient Data: {len(points)} datapoints were unknown."
                if state == "INSUFFICIENT_DATA" else
                f"no datapoints in the last {len(points)} periods (treated per TreatMissingData)")
    words = COMPARE[operator][1]
    if state == "ALARM":
        return (f"Threshold Crossed: {breached} out of the last {len(points)} datapoints "
                f"[{shown}] was {words} the threshold ({threshold}) (minimum {to_alarm} "
                f"datapoint for OK -> ALARM transition).")
    return (f"Threshold Crossed: no datapoint out of the last {len(points)} [{shown}] "
            f"was {words} the threshold ({threshold}) (minimum {to_alarm} datapoint for "
            f"ALARM -> OK transition).")


def publish_queue_metrics(sqs_backend, cw_backend, now: datetime) -> None:
    """One AWS/SQS datum per queue for depth and age of the oldest message."""
    now_ms = now.replace(tzinfo=timezone.utc).timestamp() * 1000
    for queue in list(sqs_backend.queues.values()):
        visible = queue.messages
        oldest = min((m.sent_timestamp for m in visible if m.sent_timestamp), default=None)
        age = 0.0 if oldest is None else max(0.0, (now_ms - oldest) / 1000.0)
        dims = [{"Name": "QueueName", "Value": queue.name}]
        cw_backend.put_metric_data("AWS/SQS", [
            {"MetricName": "ApproximateNumberOfMessagesVisible", "Value": float(len(visible)),
             "Unit": "Count", "Dimensions": dims, "Timestamp": now},
            {"MetricName": "ApproximateAgeOfOldestMessage", "Value": age,
             "Unit": "Seconds", "Dimensions": dims, "Timestamp": now}])



def prune_queue_metrics(cw_backend, now: datetime) -> None:
    """Drops this module's queue datapoints older than KEEP_QUEUE_DATA."""
    cutoff = now - timedelta(seconds=KEEP_QUEUE_DATA)
    cw_backend.metric_data = [d for d in cw_backend.metric_data
                              if d.namespace != "AWS/SQS" or _naive_utc(d.timestamp) >= cutoff]


def tick(publish: bool = True, prune: bool = False) -> None:
    """One round over every account and region: publish (when `publish`), prune old
    queue data (when `prune`), then evaluate."""
    from moto.cloudwatch.models import cloudwatch_backends
    from moto.sqs.models import sqs_backends

    from emulator_lock import BACKEND_LOCK

    now = datetime.now(timezone.utc).replace(tzinfo=None)
    with BACKEND_LOCK:
        for account, regions in list(sqs_backends.items()):
            for region, sqs in list(regions.items()):
                if publish and sqs.queues:
                    publish_queue_metrics(sqs, cloudwatch_backends[account][region], now)
                if prune:
                    prune_queue_metrics(cloudwatch_backends[account][region], now)
        for account, regions in list(cloudwatch_backends.items()):
            for region, cw in list(regions.items()):
                if cw.alarms:
                    evaluate(cw, now)


def evaluate_alarms_in_background() -> None:
    """Starts the publishing and evaluating thread (a daemon: it dies with the server)."""
    def run():
        rounds = 0
        while True:
            time.sleep(TICK)
            rounds += 1
            try:
                tick(publish=rounds % PUBLISH_EVERY == 0, prune=rounds % PRUNE_EVERY == 0)
            except Exception:  # noqa: BLE001 - one bad round must not stop the next
                pass

    threading.Thread(target=run, name="cloudwatch-evaluator", daemon=True).start()


def metric_data(backend, params: dict) -> dict:
    """GetMetricData over moto's stored datapoints, for the `MetricStat` queries (metric
    math is refused, as the tool sends none): per query, the statistic over each period
    of [StartTime, EndTime) that holds data, newest first unless `ScanBy` says
    `TimestampAscending`; timestamps as RPC v2 CBOR has them (tag 1). A datum matches
    when it carries the query's dimensions, as moto's GetMetricStatistics matches (on
    AWS a query names one dimension set exactly; Lambda publishes the FunctionName-only
    series, which the emulator's per-invocation datum stands for)."""
    import cbor2

    def naive(value) -> datetime:
        if isinstance(value, (int, float)):
            value = datetime.fromtimestamp(value, timezone.utc)
        return _naive_utc(value)

    start, end = naive(params["StartTime"]), naive(params["EndTime"])
    if start >= end:
        raise ValueError("The parameter EndTime must be greater than StartTime.")
    data = backend.get_all_metrics()
    results = []
    for query in params.get("MetricDataQueries", []):
        stat = query.get("MetricStat")
        if stat is None:
            raise ValueError("the test launcher serves MetricStat queries only (no metric math)")
        metric = stat["Metric"]
        wanted = {(d["Name"], d["Value"]) for d in metric.get("Dimensions", [])}
        period = timedelta(seconds=int(stat["Period"]))
        relevant = [d for d in data
                    if d.namespace == metric["Namespace"] and d.name == metric["MetricName"]
                    and hasattr(d, "value")
                    and wanted <= {(x.name, x.value) for x in d.dimensions}]
        stamps, values = [], []
        t = start
        while t < end:
            inside = [d.value for d in relevant if t <= _naive_utc(d.timestamp) < t + period]
            if inside:
                stamps.append(t)
                values.append(statistic(inside, stat["Stat"]))
            t += period
        if params.get("ScanBy") != "TimestampAscending":
            stamps.reverse()
            values.reverse()
        if query.get("ReturnData", True):
            results.append({
                "Id": query["Id"], "Label": query.get("Label") or metric["MetricName"],
                "Timestamps": [cbor2.CBORTag(1, s.replace(tzinfo=timezone.utc).timestamp())
                               for s in stamps],
                "Values": values, "StatusCode": "Complete"})
    return {"MetricDataResults": results, "Messages": []}
