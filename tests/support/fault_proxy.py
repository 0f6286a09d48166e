"""A fault-injecting HTTP proxy for the retry tests, on loopback only.

Usage: python fault_proxy.py PORT UPSTREAM_URL FAULTS KIND PARENT_PID
  FAULTS  how many requests get a fault before the rest are forwarded (-1: all)
  KIND    throttle (400 ThrottlingException in the caller's protocol),
          500 (InternalFailure), drop (the connection is closed unanswered),
          expired (400 ExpiredToken) or denied (400 AccessDenied naming the action);
          KIND:NEEDLE faults only requests whose target, path or body contains NEEDLE

Prints "ready <port>" and serves until the parent goes away.
"""

import http.server
import os
import sys
import threading
import time
import urllib.error
import urllib.request


def main():
    port, upstream, faults, kind, parent = (
        int(sys.argv[1]), sys.argv[2].rstrip("/"), int(sys.argv[3]), sys.argv[4], int(sys.argv[5]))
    kind, _, needle = kind.partition(":")
    lock = threading.Lock()
    state = {"left": faults}

    def take_fault():
        with lock:
            if state["left"] == 0:
                return False
            if state["left"] > 0:
                state["left"] -= 1
            return True

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            text = self.headers.get("X-Amz-Target", "") + self.path + body.decode("utf-8", "replace")
            if (not needle or needle in text) and take_fault():
                return self.fault(body)
            req = urllib.request.Request(upstream + self.path, data=body or None, method=self.command)
            for k, v in self.headers.items():
                if k.lower() not in ("host", "content-length", "connection"):
                    req.add_header(k, v)
            try:
                with urllib.request.urlopen(req, timeout=30) as r:
                    status, headers, data = r.status, r.headers.items(), r.read()
            except urllib.error.HTTPError as e:
                status, headers, data = e.code, e.headers.items(), e.read()
            self.send_response(status)
            for k, v in headers:
                if k.lower() not in ("content-length", "connection", "transfer-encoding", "server", "date"):
                    self.send_header(k, v)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST
        do_PUT = do_POST
        do_DELETE = do_POST

        def fault(self, body=b""):
            if kind == "drop":
                self.close_connection = True
                self.connection.close()
                return
            json_protocol = "X-Amz-Target" in self.headers
            # (JSON / REST code, query-XML code, HTTP status, REST status, message) per kind
            target = self.headers.get("X-Amz-Target", "").split(".")[-1] or "the action"
            denied = f"User: arn:aws:iam::123456789012:user/ops is not authorized to perform: {target}"
            code, xml_code, status, rest_status, message = {
                "throttle": ("ThrottlingException", "Throttling", 400, 429, "injected"),
                "expired": ("ExpiredTokenException", "ExpiredToken", 400, 403,
                            "The security token included in the request is expired"),
                "denied": ("AccessDeniedException", "AccessDenied", 400, 403, denied),
            }.get(kind, ("InternalFailure", "InternalFailure", 500, 500, "injected"))
            rest_json = self.path.startswith("/20")  # Lambda's REST paths: /2015-03-31/...
            if rest_json:
                rest_code = {"throttle": "TooManyRequestsException", "500": "ServiceException"}.get(kind, code)
                data = ('{"message":"%s"}' % message).encode()
                self.send_response(rest_status)
                self.send_header("Content-Type", "application/json")
                self.send_header("x-amzn-ErrorType", rest_code)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
                return
            if json_protocol:
                data = ('{"__type":"com.amazonaws.dynamodb.v20120810#%s","message":"%s"}' % (code, message)).encode()
                ctype = "application/x-amz-json-1.0"
            else:
                if kind == "denied":
                    action = "the action"
                    form = body.decode("utf-8", "replace") + "&" + self.path.split("?")[-1]
                    for part in form.split("&"):
                        if part.startswith("Action="):
                            action = part[len("Action="):]
                    message = denied.replace("the action", action)
                data = (f"<ErrorResponse><Error><Type>Sender</Type><Code>{xml_code}</Code>"
                        f"<Message>{message}</Message></Error><RequestId>fault</RequestId></ErrorResponse>").encode()
                ctype = "text/xml"
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"ready {port}", flush=True)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    while True:
        try:
            os.kill(parent, 0)
        except OSError:
            os._exit(0)
        time.sleep(0.5)


if __name__ == "__main__":
    main()
