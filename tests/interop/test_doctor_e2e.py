"""`doctor` and `logs` end to end: stacks the tool deployed, traffic from the published
0.2.0 client through the aggregator the emulator runs, and the faults of the
troubleshooting guide made for real (a disabled mapping, a failing release with its
DLQ-depth alarm firing, PITR off, a function running near its timeout). Each asserts the
finding, its remedy and the exit code (0 healthy, 7 warnings, 8 critical)."""

from __future__ import annotations

import json
import sys

from .test_aggregator_e2e import (acquire, aws, dlq_messages, mapping_of, ship_release, totals,  # noqa: F401
                                  wait_until)
from .test_published_client import deploy, json_of


def findings(doc: dict) -> dict[str, dict]:
    return {f["id"]: f for f in doc["findings"]}


def doctor(run, name: str) -> tuple[int, dict]:
    code, doc = json_of(run, "doctor", "--name", name, "--since", "10m")
    assert set(doc) == {"name", "since", "verdict", "findings"}, doc
    for f in doc["findings"]:
        assert set(f) == {"id", "severity", "area", "summary", "evidence", "remedy"}, f
    return code, doc


def enable_pitr_as_the_template_does(ddb, name: str) -> None:
    """The template enables PITR; moto does not apply it (docs/testing.md, "Settings moto
    ignores"), so the tests turn it on as CloudFormation would have."""
    ddb.update_continuous_backups(
        TableName=f"ZAEL-{name}",
        PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True})


def test_a_healthy_stack_is_healthy_and_logs_summarise_its_batches(run, emulator, ddb, name):
    deploy(run, name)
    enable_pitr_as_the_template_does(ddb, name)
    acquire(name, emulator, "key-h", 3)
    wait_until(lambda: totals(ddb, name, "key-h", "hourly")[1] >= 3, what="3 hourly events")
    code, doc = doctor(run, name)
    assert code == 0, doc
    assert doc["verdict"] == "healthy"
    assert all(f["severity"] == "info" for f in doc["findings"]), doc["findings"]

    code, out, err = run("logs", "--name", name, "--since", "10m")
    assert code == 0, err
    assert f"/aws/lambda/ZAEL-{name}-aggregator over the last 10m" in out
    assert "Batch processed" in out and "cold starts: " in out
    code, logs = json_of(run, "logs", "--name", name, "--since", "10m")
    s = logs["summary"]
    assert s["batches"] >= 1 and s["invocations"] >= 1 and s["cold_starts"] >= 1
    assert s["processing_time_ms"]["max"] >= s["processing_time_ms"]["p50"] > 0
    assert s["avg_init_duration_ms"] > 0
    assert s["errors"] == 0


def test_a_failing_release_is_critical_with_rollback_redrive_and_the_dlq_alarm(
        run, emulator, aws, name):
    lam, sqs, cloudwatch = aws("lambda"), aws("sqs"), aws("cloudwatch")
    code, out, err = run("deploy", "--name", name, "--enable-alarms")
    assert code == 0, f"deploy failed ({code}):\n{out}\n{err}"
    ship_release(lam, name, "def handler(event, context):\n"
                            "    raise RuntimeError('test-only broken release')\n")
    acquire(name, emulator, "key-bad", 2)
    wait_until(lambda: len(dlq_messages(sqs, name)) >= 2, what="2 on-failure records")
    alarm = f"ZAEL-{name}-aggregator-dlq-depth"
    # The emulator evaluates alarms (tests/support/cloudwatch_evaluator.py): it fires by itself.
    wait_until(lambda: cloudwatch.describe_alarms(AlarmNames=[alarm])["MetricAlarms"][0]
               ["StateValue"] == "ALARM", timeout=15, what="the DLQ-depth alarm in ALARM")
    code, status = json_of(run, "status", "--name", name)
    assert {"name": alarm, "state": "ALARM"}.items() <= \
        next(a for a in status["alarms"] if a["name"] == alarm).items()

    code, doc = doctor(run, name)
    assert code == 8 and doc["verdict"] == "critical", doc
    got = findings(doc)
    assert doc["findings"][0]["severity"] == "critical"
    assert f"zae-limiter rollback --name {name}" in got["mapping-last-batch-failed"]["remedy"]
    assert f"zae-limiter dlq redrive --name {name}" in got["dlq-messages"]["remedy"]
    assert got["dlq-messages"]["evidence"].startswith("2 messages")
    assert got["alarm-aggregator-dlq-depth"]["evidence"].startswith("Threshold Crossed")
    assert got["function-errors"]["severity"] == "critical"
    assert "test-only broken release" in got["log-errors"]["evidence"]
    code, text, err = run("doctor", "--name", name, "--since", "10m")
    assert code == 8, err
    assert text.startswith(f"ZAEL-{name} over the last 10m: critical"), text
    assert "critical [mapping-last-batch-failed] mapping: the last stream batch failed" in text
    assert "  remedy:   zae-limiter dlq show --name" in text

    code, out, err = run("logs", "--name", name, "--since", "10m", "--errors")
    assert code == 0, err
    body = out.split("\n\n", 1)[1].splitlines()
    assert body and all(" ERROR " in line for line in body[:8]), body[:8]
    assert "RuntimeError: test-only broken release" in body[0]


def test_a_disabled_mapping_is_critical_with_the_command_that_enables_it(run, ddb, aws, name):
    lam = aws("lambda")
    deploy(run, name)
    enable_pitr_as_the_template_does(ddb, name)
    uuid = mapping_of(lam, name)["UUID"]
    lam.update_event_source_mapping(UUID=uuid, Enabled=False)
    code, doc = doctor(run, name)
    assert code == 8, doc
    f = findings(doc)["mapping-disabled"]
    assert f["severity"] == "critical"
    assert f["remedy"] == f"aws lambda update-event-source-mapping --uuid {uuid} --enabled"


def test_a_table_without_pitr_warns(run, ddb, name):
    deploy(run, name)
    ddb.update_continuous_backups(
        TableName=f"ZAEL-{name}",
        PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": False})
    code, doc = doctor(run, name)
    assert code == 7 and doc["verdict"] == "warnings", doc
    f = findings(doc)["table-pitr"]
    assert f["severity"] == "warning"
    assert f"--table-name ZAEL-{name}" in f["remedy"]


def test_a_duration_near_the_timeout_warns_with_a_longer_timeout(run, emulator, ddb, aws, name):
    lam = aws("lambda")
    code, out, err = run("deploy", "--name", name, "--lambda-timeout", "1")
    assert code == 0, f"deploy failed ({code}):\n{out}\n{err}"
    enable_pitr_as_the_template_does(ddb, name)
    ship_release(lam, name, "import time\ndef handler(event, context):\n"
                            "    time.sleep(0.85)\n    return {'batchItemFailures': []}\n")
    acquire(name, emulator, "key-slow", 1)
    wait_until(lambda: mapping_of(lam, name).get("LastProcessingResult") == "OK",
               what="a processed batch")
    code, doc = doctor(run, name)
    assert code == 7, doc
    f = findings(doc)["duration-near-timeout"]
    assert f["severity"] == "warning" and "of the 1 s timeout" in f["evidence"]
    assert f["remedy"] == f"zae-limiter deploy --name {name} --lambda-timeout 2"
    assert json.dumps(doc).count('"critical"') == 0


def test_logs_follow_prints_new_lines_and_ctrl_c_ends_it_with_0(run, binary, emulator, ddb, name):
    import os
    import signal
    import subprocess
    import time

    deploy(run, name)
    env = dict(os.environ, NO_COLOR="1")
    proc = subprocess.Popen([str(binary), "logs", "--name", name, "--since", "10m", "--follow",
                             "--output", "json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=env, text=True)
    try:
        time.sleep(1.5)  # the window is read; following has started
        acquire(name, emulator, "key-f", 1)
        seen = []
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            seen.append(json.loads(line))
            if any(e["message"] == "Batch processed" for e in seen):
                break
        assert any(e["message"] == "Batch processed" for e in seen), seen
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=10) == 0, proc.stderr.read()
    finally:
        if proc.poll() is None:
            proc.kill()


def test_bad_windows_are_usage_errors_before_any_call(run, name):
    code, out, err = run("doctor", "--name", name, "--since", "1w")
    assert code == 2 and "--since" in err and "hint:" in err, err
    code, out, err = run("logs", "--name", name, "--since", "0")
    assert code == 2 and "between 1s and 14d" in err, err


def test_logs_of_a_limiter_that_never_ran_is_not_deployed(run, name):
    code, out, err = run("logs", "--name", name)
    assert code == 5 and "log group /aws/lambda/ZAEL-" in err, err


def test_doctor_of_a_limiter_that_does_not_exist_is_not_deployed(run, name):
    code, out, err = run("doctor", "--name", name)
    assert code == 5 and f"stack ZAEL-{name} not found" in err and "hint:" in err, err
    assert out == ""


def test_a_read_iam_refuses_is_an_info_finding_naming_the_permission(binary, emulator, run, ddb,
                                                                     name):
    """tests/support/fault_proxy.py answers FilterLogEvents with AccessDenied, as IAM would
    for a caller without logs:FilterLogEvents; every other request goes through."""
    import os
    import socket
    import subprocess
    from pathlib import Path

    deploy(run, name)
    enable_pitr_as_the_template_does(ddb, name)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proxy_script = Path(__file__).resolve().parents[1] / "support" / "fault_proxy.py"
    proxy = subprocess.Popen([sys.executable, str(proxy_script), str(port), emulator, "-1",
                              "denied:FilterLogEvents", str(os.getpid())],
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert proxy.stdout.readline().strip() == f"ready {port}"
        env = dict(os.environ, NO_COLOR="1", AWS_ENDPOINT_URL=f"http://127.0.0.1:{port}")
        done = subprocess.run([str(binary), "doctor", "--name", name, "--since", "10m",
                               "--output", "json", "--endpoint-url", f"http://127.0.0.1:{port}"],
                              capture_output=True, text=True, env=env, timeout=60)
        doc = json.loads(done.stdout)
        assert done.returncode == 0, doc  # info only: not permitted is not a failure
        f = findings(doc)["logs-not-permitted"]
        assert f["severity"] == "info" and "logs:FilterLogEvents" in f["evidence"]
    finally:
        proxy.kill()
