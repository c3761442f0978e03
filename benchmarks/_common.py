"""Shared by the benchmark scripts: where the demo is, and how figures are summed up."""

from __future__ import annotations

import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from caisse import paths  # noqa: E402
from caisse.services import demo  # noqa: E402


def demo_db() -> Path:
    """The demo database (built once if missing), on the disk where a user's data would be."""
    path = paths.demo_db_path()
    if not path.exists():
        print(f"building the demo database at {path}", file=sys.stderr)
        demo.build(path)
    return path


def summary(samples: list[float]) -> str:
    """median, 90th percentile and best, in milliseconds."""
    ms = sorted(s * 1000 for s in samples)
    p90 = ms[min(len(ms) - 1, (len(ms) * 9) // 10)]
    median = statistics.median(ms)
    return f"median {median:.2f} ms, p90 {p90:.2f} ms, best {ms[0]:.2f} ms (n={len(ms)})"


def machine() -> str:
    return (
        f"{platform.system()} {platform.release()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}, {time.strftime('%Y-%m-%d')}"
    )


def hyperfine(commands: dict[str, list[str]], runs: int) -> None:
    """Time whole processes with hyperfine, then print each one's median beside its mean."""
    import json
    import shlex
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        export = Path(folder) / "hyperfine.json"
        subprocess.run(
            ["hyperfine", "--warmup", "2", "--runs", str(runs), "-N", "--export-json", str(export)]
            + [shlex.join(c) for c in commands.values()],
            check=True,
        )
        results = json.loads(export.read_text())["results"]
    for label, result in zip(commands, results, strict=True):
        print(f"{label:<32} {summary(result['times'])}")


def time_processes(commands: dict[str, list[str]], runs: int) -> None:
    """Whole processes timed with hyperfine when it is installed, else by repeated runs."""
    import shutil
    import subprocess

    if shutil.which("hyperfine"):
        hyperfine(commands, runs)
        return
    for label, command in commands.items():
        samples = []
        for _ in range(runs):
            started = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True)
            samples.append(time.perf_counter() - started)
        print(f"{label:<32} {summary(samples)}")
