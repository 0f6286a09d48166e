"""Starting the emulator for the Python test suites (shared by their conftests)."""

import contextlib
import os
import select
import socket
import subprocess
import sys
import time
from pathlib import Path

LAUNCHER = Path(__file__).resolve().parent / "moto_launcher.py"


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(timeout: float = 30.0):
    """Starts moto through the launcher, tied to this process.

    Returns (process, url); raises RuntimeError when it does not come up.
    """
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, str(LAUNCHER), str(port), str(os.getpid())],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,  # moto logs every request there
        text=True,
    )
    deadline = time.monotonic() + timeout
    line = ""
    while time.monotonic() < deadline:
        ready, _, _ = select.select([proc.stdout], [], [], 0.5)
        if ready:
            line = proc.stdout.readline().strip()
            break
        if proc.poll() is not None:
            break
    if line != f"ready {port}":
        proc.kill()
        raise RuntimeError(f"the emulator did not start (launcher said {line!r}, exit {proc.poll()})")
    return proc, f"http://127.0.0.1:{port}"


_ENV_KEYS = ("AWS_ENDPOINT_URL", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ACCESS_KEY_ID",
             "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "ZAE_LIMITER_NAME")


@contextlib.contextmanager
def running(region: str = "us-east-1"):
    """The emulator for the duration of the block, with the AWS environment pointed
    at it (test credentials, no profile or session token); yields its URL and
    restores the environment and stops the server afterwards."""
    proc, url = start()
    saved = {k: os.environ.get(k) for k in _ENV_KEYS}
    for key in ("AWS_SESSION_TOKEN", "AWS_PROFILE", "ZAE_LIMITER_NAME"):
        os.environ.pop(key, None)
    os.environ.update(
        AWS_ENDPOINT_URL=url,
        AWS_REGION=region,
        AWS_DEFAULT_REGION=region,
        AWS_ACCESS_KEY_ID="test",
        AWS_SECRET_ACCESS_KEY="test",
    )
    try:
        yield url
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
