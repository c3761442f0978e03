"""(d) Building the full demo database (2,000 members, 300 partners, 8 exchange points, a year).

    python benchmarks/demo_build.py [--runs 3]

Builds into a scratch folder next to the demo database, so on the same disk.
"""

from __future__ import annotations

import argparse
import shutil
import time

from _common import demo_db, machine, summary

from caisse.services import demo, status
from caisse.store import journal, open_store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    scratch = demo_db().parent / "bench-demo-build"
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir()
    print(machine())
    try:
        samples = []
        for i in range(args.runs):
            path = scratch / f"demo-{i}.db"
            started = time.perf_counter()
            demo.build(path)
            samples.append(time.perf_counter() - started)
        with open_store(path) as store:
            report = journal.verify(store)
            summ = status.summary(store)
            assert report.ok and status.coverage(store).covered
        print(
            f"demo build: {summary(samples)}; {summ['members']} members, "
            f"{summ['journal_entries']} journal entries, file {path.stat().st_size // 1024} kB"
        )
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
