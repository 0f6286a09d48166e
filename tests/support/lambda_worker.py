"""One Lambda execution environment for a Python function: run by lambda_runtime.py as

    python -I -u lambda_worker.py CODE_DIR HANDLER LOG_PATH

It imports the handler module from CODE_DIR once (the init phase), then serves
invocations one at a time, as a Lambda execution environment does: requests arrive as
one JSON line each on stdin, results leave as one JSON line each on stdout. Everything
the function prints (stdout and stderr, and the runtime's error reports) goes to
LOG_PATH, which the launcher turns into CloudWatch log events.

This file runs in the function's process; it imports nothing from the test harness.
"""

import importlib
import json
import os
import resource
import sys
import time
import traceback


def max_memory_mb():
    """Peak resident memory of this process, in MB (ru_maxrss is in KB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


class Context:
    """The context object the Python runtime passes to a handler."""

    def __init__(self, request):
        self.aws_request_id = request["request_id"]
        self.function_name = os.environ["AWS_LAMBDA_FUNCTION_NAME"]
        self.function_version = os.environ["AWS_LAMBDA_FUNCTION_VERSION"]
        self.invoked_function_arn = request["invoked_function_arn"]
        self.memory_limit_in_mb = os.environ["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"]
        self.log_group_name = os.environ["AWS_LAMBDA_LOG_GROUP_NAME"]
        self.log_stream_name = os.environ["AWS_LAMBDA_LOG_STREAM_NAME"]
        self.identity = None
        self.client_context = None
        self._deadline_ms = request["deadline_ms"]

    def get_remaining_time_in_millis(self):
        return max(0, int(self._deadline_ms - time.time() * 1000))


def error_document(exc, request_id=""):
    """An unhandled exception as the Python runtime reports it to the caller."""
    frames = traceback.format_list(traceback.extract_tb(exc.__traceback__))
    return {"errorMessage": str(exc), "errorType": type(exc).__name__,
            "requestId": request_id, "stackTrace": frames}


def log_error(doc):
    """The runtime's own log line for an unhandled error ([ERROR] Type: message + trace)."""
    sys.stderr.write(f"[ERROR] {doc['errorType']}: {doc['errorMessage']}\n"
                     "Traceback (most recent call last):\n" + "".join(doc["stackTrace"]))
    sys.stderr.flush()


def load_handler(code_dir, handler):
    """The handler function, or the error document the runtime reports for it."""
    module_name, _, function_name = handler.rpartition(".")
    if not module_name:
        return None, {"errorMessage": f"Bad handler '{handler}': not enough values to unpack",
                      "errorType": "Runtime.MalformedHandlerName", "requestId": "",
                      "stackTrace": []}
    sys.path.insert(0, code_dir)
    try:
        module = importlib.import_module(module_name.replace("/", "."))
    except ModuleNotFoundError as exc:
        return None, {"errorMessage": f"Unable to import module '{module_name}': {exc}",
                      "errorType": "Runtime.ImportModuleError", "requestId": "",
                      "stackTrace": []}
    except SyntaxError as exc:
        return None, {"errorMessage": f"Syntax error in module '{module_name}': {exc}",
                      "errorType": "Runtime.UserCodeSyntaxError", "requestId": "",
                      "stackTrace": []}
    except Exception as exc:  # noqa: BLE001 - reported as the runtime reports init errors
        return None, error_document(exc)
    function = getattr(module, function_name, None)
    if function is None:
        return None, {"errorMessage": f"Handler '{function_name}' missing on module '{module_name}'",
                      "errorType": "Runtime.HandlerNotFound", "requestId": "", "stackTrace": []}
    return function, None


def main():
    code_dir, handler, log_path = sys.argv[1:4]
    control_in = os.fdopen(os.dup(0), "r")
    control_out = os.fdopen(os.dup(1), "w")
    log_fd = os.open(log_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    os.dup2(log_fd, 1)
    os.dup2(log_fd, 2)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.chdir(code_dir)

    def send(doc):
        sys.stdout.flush()
        sys.stderr.flush()
        control_out.write(json.dumps(doc) + "\n")
        control_out.flush()

    started = time.monotonic()
    function, init_error = load_handler(code_dir, handler)
    init_ms = (time.monotonic() - started) * 1000
    if init_error is not None:
        log_error(init_error)
    send({"init_ms": init_ms, "init_error": init_error})
    if init_error is not None:
        return

    for line in control_in:
        request = json.loads(line)
        os.environ["_X_AMZN_TRACE_ID"] = request.get("trace_id", "")
        try:
            result = function(request["event"], Context(request))
        except Exception as exc:  # noqa: BLE001 - the runtime reports every exception
            doc = error_document(exc, request["request_id"])
            log_error(doc)
            send({"error": doc, "max_memory_mb": max_memory_mb()})
            continue
        try:
            payload = json.dumps(result)
        except (TypeError, ValueError) as exc:
            doc = {"errorMessage": f"Unable to marshal response: {exc}",
                   "errorType": "Runtime.MarshalError", "requestId": request["request_id"],
                   "stackTrace": []}
            log_error(doc)
            send({"error": doc, "max_memory_mb": max_memory_mb()})
            continue
        send({"payload": payload, "max_memory_mb": max_memory_mb()})


if __name__ == "__main__":
    main()
