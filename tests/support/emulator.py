"""Starting the emulator for the Python test suites (shared by their conftests)."""

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
