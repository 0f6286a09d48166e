#!/usr/bin/env python3
"""Command benchmarks against one local moto server, in one run.

For each command: median and spread (p10..p90) of wall time over repeated runs,
peak RSS, and the ratio to the floor, which is one raw DynamoDB GetItem issued by
a separate process (curl) against the same emulator. The published Python CLI's
`check` is measured the same way for comparison when it is installed in .venv.

It also runs the in-process timings (`cargo bench --bench inprocess`: package build,
SHA, template comparison, verdicts...) unless --no-inprocess.

`doctor` is measured beside `status` (the issue wants it at about twice `status` at
most); the ratio is printed.

Usage: .venv/bin/python benches/run.py [--runs N] [--json FILE] [--bin PATH] [--no-inprocess] [--no-scale]
Prints a table on stdout and writes the figures as JSON (default benches/results.json).
"""

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def start_moto():
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "tests/support/moto_launcher.py"), str(port), str(os.getpid())],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    line = proc.stdout.readline().strip()
    if line != f"ready {port}":
        sys.exit(f"moto did not start: {line!r}")
    return proc, f"http://127.0.0.1:{port}"


def default_bin():
    """The release binary in the project's stable target dir (or $CARGO_TARGET_DIR)."""
    target = os.environ.get("CARGO_TARGET_DIR", str(Path.home() / ".cache/zae-limiter/target"))
    return str(Path(target) / "release/zae-limiter")


def emulator_env(endpoint):
    """The environment that points the tool (and boto3) at the emulator with test
    credentials and no profile."""
    env = dict(os.environ, AWS_ENDPOINT_URL=endpoint, AWS_REGION="us-east-1",
               AWS_DEFAULT_REGION="us-east-1", AWS_ACCESS_KEY_ID="test",
               AWS_SECRET_ACCESS_KEY="test", NO_COLOR="1")
    env.pop("AWS_PROFILE", None)
    return env


def run_once(argv, env, allow_failure=False):
    """Wall seconds and peak RSS (MiB) of one run.

    posix_spawn (vfork-like) keeps this Python process's memory out of the
    child's peak RSS, which a plain fork would count.
    """
    path = argv[0] if "/" in argv[0] else next(
        str(Path(d) / argv[0]) for d in env["PATH"].split(":") if (Path(d) / argv[0]).exists())
    actions = [(os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
               (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
               (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0)]
    start = time.perf_counter()
    pid = os.posix_spawn(path, argv, env, file_actions=actions)
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code != 0 and not allow_failure:
        raise RuntimeError(f"{' '.join(argv)} exited {code}")
    return wall, usage.ru_maxrss / 1024.0


def peak_rss(argv, env, allow_failure, runs=3):
    """Peak RSS in MiB through GNU time: a fork of this Python process would
    carry its own high-water mark into the child's figure (Linux keeps it
    across exec), so the child is started by the small `time` process instead."""
    gnu_time = Path("/usr/bin/time")
    if not gnu_time.exists():
        return None
    peaks = []
    for _ in range(runs):
        out = Path(f"/tmp/zae-bench-rss-{os.getpid()}")
        run_once([str(gnu_time), "-f", "%M", "-o", str(out), *argv], env, True)
        try:
            peaks.append(int(out.read_text().split()[-1]) / 1024.0)
        except (ValueError, IndexError, OSError):
            return None
    return max(peaks)


def measure(argv, env, runs, warmup=2, allow_failure=False):
    for _ in range(warmup):
        run_once(argv, env, allow_failure)
    walls, rss = [], []
    for _ in range(runs):
        w, r = run_once(argv, env, allow_failure)
        walls.append(w)
        rss.append(r)
    walls.sort()
    peak = peak_rss(argv, env, allow_failure)
    q = statistics.quantiles(walls, n=10) if len(walls) >= 2 else [walls[0]] * 9
    return {
        "median_ms": statistics.median(walls) * 1000,
        "p10_ms": q[0] * 1000,
        "p90_ms": q[-1] * 1000,
        "peak_rss_mib": peak if peak is not None else max(rss),
        "runs": runs,
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--json", default=str(ROOT / "benches/results.json"))
    ap.add_argument("--bin", default=default_bin())
    ap.add_argument("--no-inprocess", action="store_true", help="skip cargo bench --bench inprocess")
    ap.add_argument("--no-scale", action="store_true", help="skip the list/upgrade --all curve over 1, 10, 50 stacks")
    args = ap.parse_args()
    if not Path(args.bin).exists():
        sys.exit(f"{args.bin} not found: build it with `cargo build --release` first")

    moto, endpoint = start_moto()
    env = emulator_env(endpoint)
    name = "bench"
    subprocess.run([args.bin, "deploy", "--name", name], env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    body = json.dumps({"TableName": f"ZAEL-{name}",
                       "Key": {"PK": {"S": "SYSTEM#"}, "SK": {"S": "#VERSION"}}})
    floor_argv = [
        "curl", "-s", "-o", "/dev/null", "-X", "POST", endpoint,
        "-H", "Content-Type: application/x-amz-json-1.0",
        "-H", "X-Amz-Target: DynamoDB_20120810.GetItem",
        "-H", "Authorization: AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0",
        "-d", body,
    ]
    results = {"floor (curl GetItem)": measure(floor_argv, env, args.runs)}
    floor = results["floor (curl GetItem)"]["median_ms"]
    commands = {
        "--version": ["--version"],
        "cfn-template": ["cfn-template"],
        "lambda-export --info": ["lambda-export", "--info"],
        "check": ["check", "--name", name],
        "version": ["version", "--name", name],
        "status": ["status", "--name", name],
        "doctor": ["doctor", "--name", name],
        "deploy (no changes)": ["deploy", "--name", name],
    }
    for label, argv in commands.items():
        # doctor exits 7/8 by its findings (the emulator's stack has PITR off).
        results[label] = measure([args.bin, *argv], env, args.runs,
                                 allow_failure=label == "doctor")

    # Scale: `list` and `upgrade --all` fan out with a bound, so their wall time
    # should stay flat as the number of stacks grows.
    curve = {}
    deployed = 1
    for count in (() if args.no_scale else (1, 10, 50)):
        while deployed < count:
            subprocess.run([args.bin, "deploy", "--name", f"bench{deployed}"], env=env, check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            deployed += 1
        curve[count] = {
            "list": measure([args.bin, "list"], env, max(5, args.runs // 3)),
            "upgrade --all (no-op)": measure([args.bin, "upgrade", "--all"], env, max(3, args.runs // 10), warmup=1),
        }
    published = ROOT / ".venv/bin/zae-limiter"
    if published.exists():
        try:
            results["published 0.2.0 check"] = measure(
                [str(published), "check", "--name", name, "--region", "us-east-1",
                 "--endpoint-url", endpoint], env, max(5, args.runs // 3), warmup=1,
                # It misjudges a healthy stack (exit 1, "INCOMPATIBLE"); time it anyway.
                allow_failure=True)
        except RuntimeError as e:
            print(f"(published CLI check not measured: {e})", file=sys.stderr)
    moto.terminate()

    for r in results.values():
        r["ratio_to_floor"] = r["median_ms"] / floor
    size = Path(args.bin).stat().st_size
    print(f"binary: {args.bin} ({size / 1024 / 1024:.1f} MiB); runs per command: {args.runs}")
    print(f"{'command':<24} {'median ms':>10} {'p10..p90 ms':>16} {'peak RSS MiB':>13} {'x floor':>8}")
    for label, r in results.items():
        print(f"{label:<24} {r['median_ms']:>10.1f} {r['p10_ms']:>7.1f}..{r['p90_ms']:<7.1f} "
              f"{r['peak_rss_mib']:>13.1f} {r['ratio_to_floor']:>8.2f}")
    print()
    print(f"{'stacks':>6} {'list median ms':>15} {'upgrade --all median ms':>24}")
    for count, r in curve.items():
        print(f"{count:>6} {r['list']['median_ms']:>15.1f} {r['upgrade --all (no-op)']['median_ms']:>24.1f}")
    print(f"doctor / status: {results['doctor']['median_ms'] / results['status']['median_ms']:.2f}x")
    if "published 0.2.0 check" in results:
        ratio = results["published 0.2.0 check"]["median_ms"] / results["check"]["median_ms"]
        print(f"published 0.2.0 check / our check: {ratio:.1f}x")
    in_process = None
    if not args.no_inprocess:
        out = Path(f"/tmp/zae-bench-inprocess-{os.getpid()}.json")
        done = subprocess.run(["cargo", "bench", "--quiet", "--locked", "--bench", "inprocess"],
                              cwd=ROOT, env=dict(os.environ, ZAE_BENCH_JSON=str(out)),
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        if done.returncode == 0:
            print()
            print(done.stdout.strip())
            in_process = json.loads(out.read_text())
        else:
            print("(in-process timings not measured: cargo bench failed)", file=sys.stderr)
    Path(args.json).write_text(json.dumps({"binary_bytes": size, "results": results, "scale": curve,
                                           "in_process": in_process}, indent=2) + "\n")


if __name__ == "__main__":
    main()
