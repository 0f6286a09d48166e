"""Fixtures for the interop tests: the tool's binary against the published Python client.

The emulator and DynamoDB fixtures are the ones tests/aggregator uses
(tests/support/python_suites.py). The binary is the one the
`cargo test` builds (scripts/test runs these after it); these tests never build it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import boto3
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "support"))
from python_suites import REGION, ddb, emulator, streams  # noqa: E402,F401


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
