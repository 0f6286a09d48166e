"""Start moto's server for the test suites and keep it tied to its parent.

Usage: python moto_launcher.py PORT [PARENT_PID]

Prints "ready <port>" on stdout once the server answers, then serves until the
parent process (the test binary or pytest session that started it) goes away:
Rust test binaries have no global teardown, so the server watches its parent
instead of relying on being killed.

Gaps in the emulator that would otherwise make a correct tool look wrong are
corrected first, by moto_corrections.py (each correction names the moto code path it
replaces; docs/testing.md lists them). The tool itself is never bent around them.
"""

import os
import signal
import sys
import time
import urllib.request

import lambda_runtime
from moto_corrections import apply_emulator_corrections


def main():
    port = int(sys.argv[1])
    parent = int(sys.argv[2]) if len(sys.argv) > 2 else os.getppid()
    os.environ.setdefault("AWS_ACCESS_KEY_ID", "test")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "test")
    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")

    apply_emulator_corrections(f"http://127.0.0.1:{port}")
    from moto.server import ThreadedMotoServer

    def stop(*_):
        # Execution environments die with this process; their scratch files go with it.
        lambda_runtime.shutdown()
        os._exit(0)

    signal.signal(signal.SIGTERM, stop)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    deadline = time.time() + 30
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/moto-api/", timeout=1).read()
            break
        except Exception:
            if time.time() > deadline:
                print("moto did not start within 30 s", file=sys.stderr)
                sys.exit(1)
            time.sleep(0.05)
    print(f"ready {port}", flush=True)
    # The parent reads only that line; anything moto prints later must not hit
    # a closed pipe (that fails requests), so stdout goes to /dev/null now.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    sys.stdout = open(os.devnull, "w")

    def parent_alive():
        try:
            os.kill(parent, 0)
        except OSError:
            return False
        return True

    while parent_alive():
        time.sleep(0.5)
    lambda_runtime.shutdown()
    server.stop()
    os._exit(0)


if __name__ == "__main__":
    main()
