"""(b) `caisse verify` on the demo database: the whole command (hyperfine when installed) and the
walk of the chain alone, in-process.

    python benchmarks/verify.py [--runs 10]
"""

from __future__ import annotations

import argparse
import sys
import time

from _common import demo_db, machine, summary, time_processes

from caisse.store import journal, open_store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    demo = demo_db()
    print(machine())
    with open_store(demo) as store:
        samples = []
        for _ in range(args.runs):
            started = time.perf_counter()
            report = journal.verify(store)
            samples.append(time.perf_counter() - started)
        assert report.ok
    print(f"journal.verify over {report.entries} entries, in-process: {summary(samples)}")
    commands = {
        "caisse verify (whole process)": [
            sys.executable,
            "-m",
            "caisse",
            "--db",
            str(demo),
            "verify",
        ],
        "caisse --version (start-up alone)": [sys.executable, "-m", "caisse", "--version"],
    }
    time_processes(commands, args.runs)


if __name__ == "__main__":
    main()
