"""Running Python Lambda functions in the emulator (moto cannot without Docker).

moto 5.2.5's `LambdaFunction.invoke` (moto/awslambda/models.py) runs code only in a
Docker container (`_invoke_lambda`); without Docker it answers a canned "Simple Lambda
happy path OK" whatever the code, and `LambdaBackend.invoke` resolves the function
ignoring an alias's or version's code. This module models what Lambda documents:

* Invoke (`POST /2015-03-31/functions/<name>/invocations`, answered in front of moto's
  WSGI app) runs the handler of the version named: an alias resolves to its version, a
  version runs the code it was published with, no qualifier runs $LATEST.
  `X-Amz-Invocation-Type` RequestResponse waits for the result; Event answers 202 and
  runs it in the background; DryRun answers 204. An unhandled error answers 200 with
  `X-Amz-Function-Error: Unhandled` and the runtime's `errorMessage`/`errorType`
  document; `X-Amz-Log-Type: Tail` returns the last 4 KB of the log, base64.
* Each execution environment is a subprocess of this Python (lambda_worker.py) with the
  unpacked package as its task root, the function's environment variables plus the
  runtime's (AWS_LAMBDA_FUNCTION_NAME/VERSION/MEMORY_SIZE, AWS_LAMBDA_LOG_GROUP_NAME/
  STREAM_NAME, AWS_REGION, credentials, `AWS_ENDPOINT_URL` pointing back at the emulator,
  LAMBDA_TASK_ROOT, _HANDLER, TZ). Environments are reused while warm (module state
  survives between invocations, as on Lambda); one serves one invocation at a time, so
  concurrent invocations get more environments.
* The configured timeout kills the environment; the caller gets `Sandbox.Timedout`,
  "Task timed out after N.00 seconds", and the log says so.
* Every invocation is logged to /aws/lambda/<function>, one stream per environment
  (`YYYY/MM/DD/[<version>]<id>`), framed by START, END and REPORT (Duration, Billed
  Duration, Memory Size, Max Memory Used, Init Duration on a cold start).
* Every invocation puts one datum per AWS/Lambda metric (Invocations, Errors, Duration,
  Throttles, ConcurrentExecutions, and IteratorAge for stream batches) into moto's
  CloudWatch with the dimensions FunctionName, Resource and ExecutedVersion together:
  moto matches dimensions as a subset, so a query by FunctionName alone sees each
  invocation once, as AWS's per-function aggregate does.

No backend lock is held while a function runs (emulator_lock.BACKEND_LOCK is taken
only to read the function's configuration and to write logs and metrics), so a handler
that calls back into the emulator does not deadlock.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import math
import os
import re
import select
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from emulator_lock import BACKEND_LOCK

WORKER = Path(__file__).resolve().parent / "lambda_worker.py"
INVOKE_PATH = re.compile(r"^/2015-03-31/functions/(?P<name>[^/]+)/invocations/?$")
# Lambda's limit on the init phase of an environment.
INIT_TIMEOUT_SECONDS = 10.0
LOG_TAIL_BYTES = 4096
# Lambda reclaims idle environments; here they also cost ~100 MB each, so an idle one is
# ended after IDLE_SECONDS, and beyond MAX_IDLE idle ones the least recently used go.
IDLE_SECONDS = 60.0
MAX_IDLE = 6

_state: dict[str, Any] = {"endpoint": None, "root": None}
_pool_lock = threading.Lock()
_idle: dict[tuple, list["Environment"]] = {}
_busy: dict[str, int] = {}  # function ARN (unqualified) -> running invocations
_all_environments: list["Environment"] = []


# --------------------------------------------------------------------------- config


@dataclass(frozen=True)
class FunctionSpec:
    """What an invocation needs of a function version, read once under the lock."""

    account_id: str
    region: str
    name: str
    function_arn: str  # unqualified
    version: str  # "$LATEST" or the published number
    resource: str  # the Resource dimension: name, or name:qualifier
    invoked_arn: str
    handler: str
    runtime: str
    timeout: int
    memory_mb: int
    environment: tuple[tuple[str, str], ...]
    code_sha256: str
    code_bytes: bytes = field(repr=False, compare=False)

    @property
    def pool_key(self) -> tuple:
        # Lambda starts new environments after any change of code or configuration.
        return (self.function_arn, self.version, self.code_sha256, self.handler,
                self.timeout, self.memory_mb, self.environment)


def resolve(account_id: str, region: str, name: str, qualifier: str | None) -> FunctionSpec:
    """The version `name` + `qualifier` names (an alias resolves to its version).
    Raises moto's own exceptions for unknown functions, versions or aliases."""
    from moto.awslambda.models import lambda_backends

    with BACKEND_LOCK:
        backend = lambda_backends[account_id][region]
        fn = backend.get_function(name, qualifier)
        base_name = fn.function_name
        if qualifier is None and ":" in name.split(":function:")[-1]:
            qualifier = name.rsplit(":", 1)[-1]
        version = str(fn.version)
        unqualified = fn.function_arn.split(f":function:{base_name}")[0] + f":function:{base_name}"
        resource = f"{base_name}:{qualifier}" if qualifier else base_name
        invoked = f"{unqualified}:{qualifier}" if qualifier else unqualified
        return FunctionSpec(
            account_id=account_id, region=region, name=base_name, function_arn=unqualified,
            version=version, resource=resource, invoked_arn=invoked,
            handler=fn.handler or "", runtime=fn.run_time or "", timeout=int(fn.timeout or 3),
            memory_mb=int(fn.memory_size or 128),
            environment=tuple(sorted((str(k), str(v))
                                     for k, v in (fn.environment_vars or {}).items())),
            code_sha256=fn.code_sha_256 or "", code_bytes=fn.code_bytes or b"")


# --------------------------------------------------------------------------- pure parts


def log_stream_name(version: str, now: datetime) -> str:
    """Lambda's log stream name of a new execution environment."""
    return f"{now:%Y/%m/%d}/[{version}]{uuid.uuid4().hex}"


def report_line(request_id: str, duration_ms: float, memory_mb: int, max_used_mb: int,
                init_ms: float | None, timed_out: bool = False) -> str:
    """The REPORT line Lambda writes after each invocation."""
    parts = [f"REPORT RequestId: {request_id}", f"Duration: {duration_ms:.2f} ms",
             f"Billed Duration: {math.ceil(duration_ms)} ms",
             f"Memory Size: {memory_mb} MB", f"Max Memory Used: {max_used_mb} MB"]
    if init_ms is not None:
        parts.append(f"Init Duration: {init_ms:.2f} ms")
    if timed_out:
        parts.append("Status: timeout")
    return "\t".join(parts)


def timeout_message(timeout: int) -> str:
    return f"Task timed out after {timeout:.2f} seconds"


def timeout_error(request_id: str, timeout: int) -> dict[str, str]:
    """What Invoke returns for a timed-out invocation."""
    return {"errorType": "Sandbox.Timedout",
            "errorMessage": f"RequestId: {request_id} Error: {timeout_message(timeout)}"}


def runtime_environment(spec: FunctionSpec, stream: str, endpoint: str) -> dict[str, str]:
    """The process environment of an execution environment: the function's variables,
    then the runtime's (which a function cannot override on Lambda either)."""
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "en_US.UTF-8",
           "TZ": ":UTC"}
    env.update(dict(spec.environment))
    env.update({
        "AWS_LAMBDA_FUNCTION_NAME": spec.name,
        "AWS_LAMBDA_FUNCTION_VERSION": spec.version,
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": str(spec.memory_mb),
        "AWS_LAMBDA_LOG_GROUP_NAME": f"/aws/lambda/{spec.name}",
        "AWS_LAMBDA_LOG_STREAM_NAME": stream,
        "AWS_EXECUTION_ENV": f"AWS_Lambda_{spec.runtime}",
        "AWS_REGION": spec.region,
        "AWS_DEFAULT_REGION": spec.region,
        "AWS_ACCESS_KEY_ID": "test",
        "AWS_SECRET_ACCESS_KEY": "test",
        "AWS_SESSION_TOKEN": "test",
        "AWS_ENDPOINT_URL": endpoint,
        "_HANDLER": spec.handler,
    })
    return env


def metric_data(spec: FunctionSpec, *, error: bool, duration_ms: float, concurrent: int,
                iterator_age_ms: float | None) -> list[dict[str, Any]]:
    """One datum per AWS/Lambda metric for one invocation."""
    dims = [{"Name": "FunctionName", "Value": spec.name},
            {"Name": "Resource", "Value": spec.resource},
            {"Name": "ExecutedVersion", "Value": spec.version}]
    data = [("Invocations", 1.0, "Count"), ("Errors", 1.0 if error else 0.0, "Count"),
            ("Throttles", 0.0, "Count"), ("Duration", duration_ms, "Milliseconds"),
            ("ConcurrentExecutions", float(concurrent), "Count")]
    if iterator_age_ms is not None:
        data.append(("IteratorAge", iterator_age_ms, "Milliseconds"))
    return [{"MetricName": n, "Value": v, "Unit": u, "Dimensions": dims} for n, v, u in data]


# --------------------------------------------------------------------------- environments


def _unpacked(spec: FunctionSpec) -> Path:
    """The package unpacked once per code hash (read-only for the function, as /var/task)."""
    digest = hashlib.sha256(spec.code_bytes).hexdigest()
    target = Path(_state["root"]) / "code" / digest
    if not target.is_dir():
        staging = Path(tempfile.mkdtemp(dir=Path(_state["root"]) / "code"))
        with zipfile.ZipFile(io.BytesIO(spec.code_bytes)) as archive:
            archive.extractall(staging)
        try:
            staging.rename(target)
        except OSError:  # unpacked meanwhile by a concurrent cold start
            shutil.rmtree(staging, ignore_errors=True)
    return target


class Environment:
    """One execution environment: a worker process serving one invocation at a time."""

    def __init__(self, spec: FunctionSpec):
        self.spec = spec
        self.stream = log_stream_name(spec.version, datetime.now(timezone.utc))
        code = _unpacked(spec)
        fd, self.log_path = tempfile.mkstemp(dir=_state["root"], suffix=".log")
        os.close(fd)
        self.log_offset = 0
        env = runtime_environment(spec, self.stream, _state["endpoint"])
        env["LAMBDA_TASK_ROOT"] = str(code)
        self.process = subprocess.Popen(
            [sys.executable, "-I", "-u", str(WORKER), str(code), spec.handler, self.log_path],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            env=env, cwd=str(code), text=True)
        self.cold = True
        self.idle_since = time.monotonic()
        self.init_ms: float | None = None
        self.init_error: dict | None = None
        reply = self._read(INIT_TIMEOUT_SECONDS)
        if reply is None:
            self.kill()
            self.init_error = {"errorType": "Runtime.Unknown",
                               "errorMessage": "the execution environment did not initialise"}
        else:
            self.init_ms = reply["init_ms"]
            self.init_error = reply.get("init_error")

    def _read(self, timeout: float) -> dict | None:
        """The worker's next reply, or None when it did not answer in time (or died)."""
        ready, _, _ = select.select([self.process.stdout], [], [], max(0.0, timeout))
        if not ready:
            return None
        line = self.process.stdout.readline()
        return json.loads(line) if line else None

    def new_output(self) -> list[str]:
        """Lines the function wrote since the last call."""
        with open(self.log_path, "rb") as f:
            f.seek(self.log_offset)
            data = f.read()
        self.log_offset += len(data)
        return [line for line in data.decode("utf-8", "replace").splitlines() if line.strip()]

    def run(self, event: Any, request_id: str) -> tuple[str, Any, int]:
        """('ok', payload text) / ('error', document) / ('timeout', None), plus the peak
        memory in MB."""
        deadline = time.time() + self.spec.timeout
        request = {"event": event, "request_id": request_id, "deadline_ms": deadline * 1000,
                   "invoked_function_arn": self.spec.invoked_arn,
                   "trace_id": f"Root=1-{int(time.time()):08x}-{uuid.uuid4().hex[:24]}"}
        try:
            self.process.stdin.write(json.dumps(request) + "\n")
            self.process.stdin.flush()
        except (BrokenPipeError, OSError):
            return "error", {"errorType": "Runtime.ExitError",
                             "errorMessage": "the execution environment exited"}, 0
        reply = self._read(deadline - time.time())
        if reply is None:
            if self.process.poll() is None:
                peak = self.peak_memory_mb()
                self.kill()
                return "timeout", None, peak
            return "error", {"errorType": "Runtime.ExitError",
                             "errorMessage": f"RequestId: {request_id} Error: Runtime exited "
                                             f"with error: exit status {self.process.returncode}"}, 0
        if "error" in reply:
            return "error", reply["error"], reply["max_memory_mb"]
        return "ok", reply["payload"], reply["max_memory_mb"]

    def peak_memory_mb(self) -> int:
        """The process's peak resident memory (VmHWM), in MB; 0 once it is gone."""
        try:
            with open(f"/proc/{self.process.pid}/status") as f:
                for line in f:
                    if line.startswith("VmHWM:"):
                        return int(line.split()[1]) // 1024
        except OSError:
            pass
        return 0

    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def _take_environment(spec: FunctionSpec) -> tuple[Environment, int]:
    """A warm idle environment of this configuration, or a new one; and the number of
    invocations of the function now running (this one included)."""
    with _pool_lock:
        idle = _idle.get(spec.pool_key, [])
        env = None
        while idle and env is None:
            candidate = idle.pop()
            if candidate.alive():
                env = candidate
        _busy[spec.function_arn] = _busy.get(spec.function_arn, 0) + 1
        concurrent = _busy[spec.function_arn]
    if env is None:
        env = Environment(spec)
        with _pool_lock:
            _all_environments.append(env)
    return env, concurrent


def _give_back(env: Environment):
    with _pool_lock:
        _busy[env.spec.function_arn] -= 1
        if env.alive() and env.init_error is None:
            env.idle_since = time.monotonic()
            _idle.setdefault(env.spec.pool_key, []).append(env)
        doomed = _reap_locked(time.monotonic())
    for old in doomed:
        old.kill()


def _reap_locked(now: float) -> list["Environment"]:
    """Takes out of the pool the idle environments to end (caller holds _pool_lock)."""
    idle = sorted((e for envs in _idle.values() for e in envs), key=lambda e: e.idle_since)
    doomed = [e for e in idle if now - e.idle_since > IDLE_SECONDS or not e.alive()]
    kept = [e for e in idle if e not in doomed]
    doomed += kept[:max(0, len(kept) - MAX_IDLE)]
    for key in list(_idle):
        _idle[key] = [e for e in _idle[key] if e not in doomed]
        if not _idle[key]:
            del _idle[key]
    for e in doomed:
        if e in _all_environments:
            _all_environments.remove(e)
    return doomed


# --------------------------------------------------------------------------- invoking


@dataclass
class Outcome:
    """The result of one invocation as the caller (Invoke or a mapping) sees it."""

    request_id: str
    payload: bytes
    function_error: bool
    error_type: str | None
    executed_version: str
    log_tail: str
    duration_ms: float


def _record(spec: FunctionSpec, stream: str, lines: list[str], metrics: list[dict]):
    """Writes an invocation's log events and metrics (under the backend lock)."""
    from moto.cloudwatch.models import cloudwatch_backends
    from moto.logs.models import logs_backends

    group = f"/aws/lambda/{spec.name}"
    now = int(time.time() * 1000)
    with BACKEND_LOCK:
        logs = logs_backends[spec.account_id][spec.region]
        if group not in logs.groups:
            logs.create_log_group(group, tags={})
        if stream not in logs.groups[group].streams:
            logs.create_log_stream(group, stream)
        logs.put_log_events(group, stream, [{"timestamp": now, "message": line} for line in lines])
        cloudwatch_backends[spec.account_id][spec.region].put_metric_data("AWS/Lambda", metrics)


def invoke(spec: FunctionSpec, event: Any, iterator_age_ms: float | None = None) -> Outcome:
    """Runs one invocation of `spec` with `event`. Call without holding BACKEND_LOCK."""
    if not spec.runtime.startswith("python"):
        raise UnsupportedFunction(
            f"the test emulator runs only Python functions; {spec.name} uses {spec.runtime!r}")
    request_id = str(uuid.uuid4())
    env, concurrent = _take_environment(spec)
    lines = [f"START RequestId: {request_id} Version: {spec.version}"]
    init_ms = env.init_ms if env.cold else None
    started = time.monotonic()
    timed_out = False
    max_used = 0
    if env.init_error is not None:
        status, result = "error", dict(env.init_error, requestId=request_id)
    else:
        status, result, max_used = env.run(event, request_id)
    duration_ms = (time.monotonic() - started) * 1000
    env.cold = False
    lines += env.new_output()
    if status == "timeout":
        timed_out = True
        stamp = datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")
        lines.append(f"{stamp} {request_id} {timeout_message(spec.timeout)}")
        result = timeout_error(request_id, spec.timeout)
        duration_ms = max(duration_ms, spec.timeout * 1000.0)
    lines.append(f"END RequestId: {request_id}")
    lines.append(report_line(request_id, duration_ms, spec.memory_mb, max(max_used, 1),
                             init_ms, timed_out))
    _give_back(env)
    error = status != "ok"
    _record(spec, env.stream, lines,
            metric_data(spec, error=error, duration_ms=duration_ms, concurrent=concurrent,
                        iterator_age_ms=iterator_age_ms))
    payload = result.encode() if not error else json.dumps(result).encode()
    tail = "\n".join(lines).encode()[-LOG_TAIL_BYTES:]
    return Outcome(request_id=request_id, payload=payload, function_error=error,
                   error_type=None if not error else result.get("errorType"),
                   executed_version=spec.version,
                   log_tail=base64.b64encode(tail).decode(), duration_ms=duration_ms)


class UnsupportedFunction(Exception):
    """A function this emulator cannot run (not a Python runtime); said loudly."""


# --------------------------------------------------------------------------- Invoke API


def _region_of(environ) -> str:
    auth = environ.get("HTTP_AUTHORIZATION", "")
    if "Credential=" in auth:
        scope = auth.split("Credential=")[1].split(",")[0].split("/")
        if len(scope) > 2:
            return scope[2]
    return os.environ.get("AWS_DEFAULT_REGION", "us-east-1")


def _reply(start_response, status: str, body: bytes, headers: list[tuple[str, str]]):
    start_response(status, [("Content-Type", "application/json"),
                            ("Content-Length", str(len(body)))] + headers)
    return [body]


def _user_error(start_response, code: str, message: str, status: str = "400 Bad Request"):
    body = json.dumps({"Type": "User", "message": message}).encode()
    return _reply(start_response, status, body, [("x-amzn-ErrorType", code)])


def serve_invoke(inner):
    """A WSGI __call__ that answers Invoke itself and passes everything else to `inner`."""
    from urllib.parse import parse_qs, unquote

    from moto.core import DEFAULT_ACCOUNT_ID

    def call(self, environ, start_response):
        match = INVOKE_PATH.match(environ.get("PATH_INFO", ""))
        if not match or environ.get("REQUEST_METHOD") != "POST":
            return inner(self, environ, start_response)
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        name = unquote(match.group("name"))
        qualifier = parse_qs(environ.get("QUERY_STRING", "")).get("Qualifier", [None])[0]
        try:
            spec = resolve(DEFAULT_ACCOUNT_ID, _region_of(environ), name, qualifier)
        except Exception:  # noqa: BLE001 - moto answers unknown functions with its own error
            environ["wsgi.input"] = io.BytesIO(body)
            return inner(self, environ, start_response)
        try:
            event = json.loads(body.decode() or "{}")
        except ValueError as exc:
            return _user_error(start_response, "InvalidRequestContentException",
                               f"Could not parse request body into json: {exc}")
        kind = environ.get("HTTP_X_AMZ_INVOCATION_TYPE", "RequestResponse")
        if kind == "DryRun":
            return _reply(start_response, "204 No Content", b"", [])
        if not spec.runtime.startswith("python"):
            return _user_error(start_response, "InvalidRuntimeException",
                               f"the test emulator runs only Python functions; "
                               f"{spec.name} uses {spec.runtime!r}")
        if kind == "Event":
            threading.Thread(target=invoke, args=(spec, event), daemon=True).start()
            return _reply(start_response, "202 Accepted", b"", [])
        outcome = invoke(spec, event)
        headers = [("X-Amz-Executed-Version", outcome.executed_version)]
        if outcome.function_error:
            headers.append(("X-Amz-Function-Error", "Unhandled"))
        if environ.get("HTTP_X_AMZ_LOG_TYPE") == "Tail":
            headers.append(("X-Amz-Log-Result", outcome.log_tail))
        return _reply(start_response, "200 OK", outcome.payload, headers)

    return call


def run_python_functions(endpoint_url: str):
    """Installs Invoke in front of moto's WSGI app (moto.moto_server.werkzeug_app.
    DomainDispatcherApplication), replacing moto's `LambdaBackend.invoke` →
    `LambdaFunction.invoke` (Docker or a canned answer). Functions call back at
    `endpoint_url`."""
    from moto.moto_server.werkzeug_app import DomainDispatcherApplication

    _state["endpoint"] = endpoint_url
    _state["root"] = tempfile.mkdtemp(prefix="zael-lambda-")
    (Path(_state["root"]) / "code").mkdir()
    DomainDispatcherApplication.__call__ = serve_invoke(DomainDispatcherApplication.__call__)


def shutdown():
    """Ends every execution environment and removes the unpacked packages."""
    with _pool_lock:
        environments = list(_all_environments)
    for env in environments:
        env.kill()
    if _state["root"]:
        shutil.rmtree(_state["root"], ignore_errors=True)
