"""Fixtures for the interop tests: the tool's binary against the published Python client.

The emulator is started exactly as tests/aggregator/conftest.py does (the launcher in
tests/support, on a free port, tied to this pytest process). The binary is the one the
`cargo test` builds (scripts/test runs these after it); these tests never build it.
"""

from __future__ import annotations

import os
import select
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import boto3
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "support"))
import emulator as emulator_support  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
LAUNCHER = REPO / "tests" / "support" / "moto_launcher.py"
REGION = "us-east-1"


@pytest.fixture(scope="session")
def emulator():
    """moto's server on a free port; the AWS environment points at it. Yields its URL."""
    try:
        with emulator_support.running(REGION) as url:
            yield url
    except RuntimeError as e:
        pytest.fail(str(e))


@pytest.fixture(scope="session")
def ddb(emulator):
    return boto3.client("dynamodb", region_name=REGION, endpoint_url=emulator)


@pytest.fixture(scope="session")
def cfn(emulator):
    return boto3.client("cloudformation", region_name=REGION, endpoint_url=emulator)


@pytest.fixture(scope="session")
def binary() -> Path:
    """The built tool: $ZAE_LIMITER_BIN, else <target dir>/debug/zae-limiter."""
    explicit = os.environ.get("ZAE_LIMITER_BIN")
    if explicit:
        path = Path(explicit)
    else:
        target = os.environ.get("CARGO_TARGET_DIR") or str(
            Path.home() / ".cache" / "zae-limiter" / "target")
        path = Path(target) / "debug" / "zae-limiter"
    if not (path.is_file() and os.access(path, os.X_OK)):
        pytest.fail(f"the zae-limiter binary is missing at {path}: build it first "
                    "(`cargo build`), or point ZAE_LIMITER_BIN at it")
    return path


@pytest.fixture(scope="session")
def run(binary, emulator):
    """run(*args, timeout=60) -> (exit code, stdout, stderr) of the tool against the emulator."""

    def _run(*args: str, timeout: float = 60) -> tuple[int, str, str]:
        env = dict(os.environ, NO_COLOR="1")
        done = subprocess.run([str(binary), *args], capture_output=True, text=True,
                              env=env, stdin=subprocess.DEVNULL, timeout=timeout)
        return done.returncode, done.stdout, done.stderr

    return _run


@pytest.fixture
def name() -> str:
    """A fresh limiter name (the stack and table are ZAEL-<name>)."""
    return f"interop-{uuid.uuid4().hex[:10]}"
