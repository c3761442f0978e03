"""A journal of 1,000,000 entries: the trial balance, the coverage, a year's closing, the FEC,
`caisse verify` and the export for ledger-cli and hledger, timed beside ledger-cli's and
hledger's own balance report on that export.

    python benchmarks/million.py [--runs 5]          # builds the journal once, then times
    python benchmarks/million.py --build-only

The journal (``million.db``, built by ``million_build.py``, about 5 minutes) sits in
``CAISSE_DATA_DIR`` and is reused by later runs. In-process figures come from
``time.perf_counter`` around each call; whole processes are timed with hyperfine. ledger-cli
is Debian's ``ledger`` package (``apt-get install ledger``), hledger Debian's ``hledger``.
"""

from __future__ import annotations

import argparse
import json
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from _common import machine, summary

from caisse import paths
from caisse.services import auth, exports, periods, status
from caisse.services.trial_balance import trial_balance
from caisse.store import journal, open_store
from caisse.store.db import Store

HERE = Path(__file__).resolve().parent
ENTRIES = 1_000_000


def database() -> Path:
    return paths.data_dir() / "million.db"


def timed(label: str, call: Callable[[], Any], runs: int) -> Any:
    samples, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = call()
        samples.append(time.perf_counter() - started)
    print(f"{label:<58} {summary(samples)}", flush=True)
    return result


def hyperfine(commands: dict[str, list[str]], runs: int, warmup: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        export = Path(folder) / "hyperfine.json"
        subprocess.run(
            ["hyperfine", "--warmup", str(warmup), "--runs", str(runs), "-N", "--style", "basic",
             "--export-json", str(export)] + [shlex.join(c) for c in commands.values()],
            check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        results = json.loads(export.read_text())["results"]
    for label, result in zip(commands, results, strict=True):
        print(f"{label:<58} {summary(result['times'])}", flush=True)


def in_child(code: str) -> tuple[float, float]:
    """Run Python code in a fresh process: (seconds, peak resident memory in MB).

    The peak is the process's own (VmHWM): ``ru_maxrss`` would count this script's memory,
    inherited when the child is forked."""
    script = (
        "import sys, time\n"
        f"sys.path.insert(0, {str(HERE.parent / 'src')!r})\n"
        "started = time.perf_counter()\n"
        f"{code}\n"
        "seconds = time.perf_counter() - started\n"
        "peak = next(l for l in open('/proc/self/status') if l.startswith('VmHWM'))\n"
        "print(seconds, int(peak.split()[1]) / 1024)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(done.stderr)
    seconds, peak = done.stdout.split()[-2:]
    return float(seconds), float(peak)


def close_years(store: Store, years: list[int]) -> None:
    """Each year's twelve months, then the year, timed, on a copy of the journal."""
    treasurer = auth.system_context(store, "tresorier")
    ctx = replace(treasurer, clock=lambda: datetime(years[-1] + 1, 1, 5, 10).astimezone())
    for year in years:
        months = timed(
            f"close the 12 months of {year}",
            lambda y=year: [periods.close_month(ctx, y, m) for m in range(1, 13)],
            1,
        )
        timed(f"close the year {year}", lambda y=year: periods.close_year(ctx, y), 1)
        print(f"    ({sum(m.entries for m in months):,} entries in {year})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--build-only", action="store_true")
    parser.add_argument("--skip-verify", action="store_true", help="the slowest step")
    args = parser.parse_args()
    path = database()
    if not path.exists():
        from million_build import build

        print(f"building {ENTRIES:,} entries at {path}", file=sys.stderr)
        started = time.perf_counter()
        build(path, ENTRIES)
        print(f"built in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    if args.build_only:
        return
    print(machine())
    runs = args.runs
    with open_store(path) as store:
        entries = store.scalar("SELECT COUNT(*) FROM txn")
        postings = store.scalar("SELECT COUNT(*) FROM posting")
        first, last = store.execute("SELECT MIN(at), MAX(at) FROM txn").fetchone()
        print(f"{path}: {entries:,} entries, {postings:,} lines, {first[:10]} to {last[:10]}, "
              f"{path.stat().st_size / 1e6:.0f} MB")  # fmt: skip
        years = list(range(int(first[:4]), int(last[:4]) + 1))
        print("\n-- in-process, no period closed")
        found = timed("trial balance now", lambda: trial_balance(store), runs)
        assert found.balanced
        timed(f"trial balance at {years[-1]}-06-30", lambda: trial_balance(
            store, date(years[-1], 6, 30)), runs)  # fmt: skip
        timed("coverage (status.coverage)", lambda: status.coverage(store), runs * 10)
        timed("status.summary (what caisse status prints)", lambda: status.summary(store), runs)
        fec_year = timed(f"FEC of {years[-1]}", lambda: exports.fec(store, years[-1]), 1)
        fec_all = timed("FEC of everything", lambda: exports.fec(store), 1)
        print(f"    FEC sizes: {len(fec_year) / 1e6:.0f} MB and {len(fec_all) / 1e6:.0f} MB")
        del fec_year, fec_all
        if not args.skip_verify:
            report = timed("journal.verify", lambda: journal.verify(store), 1)
            assert report.ok, report.problems

    print("\n-- the closings, on a copy")
    with tempfile.TemporaryDirectory(dir=path.parent) as folder:
        copy = Path(folder) / "closed.db"
        with open_store(path) as store:
            timed("copy of the database (backup API)", lambda: store.backup_to(copy), 1)
        with open_store(copy) as store:
            close_years(store, years)
            found = timed("trial balance now, from the last closing", lambda: trial_balance(
                store), runs)  # fmt: skip
            assert found.closing is not None and found.balanced
            timed(f"trial balance at {years[-1]}-06-30, from its month's closing",
                  lambda: trial_balance(store, date(years[-1], 6, 30)), runs)  # fmt: skip
            timed(f"trial balance at {years[-1]}-07-28, from June's closing + 4 weeks",
                  lambda: trial_balance(store, date(years[-1], 7, 28)), runs)  # fmt: skip
            timed(f"FEC of {years[-1]}, the year before closed", lambda: exports.fec(
                store, years[-1]), 1)  # fmt: skip
        closed_balance = [sys.executable, "-m", "caisse", "--db", str(copy), "balance"]
        hyperfine({"caisse balance, years closed (whole process)": closed_balance}, runs, 1)

    print("\n-- the export for ledger-cli and hledger, in a fresh process")
    journal_file = path.with_suffix(".journal")
    seconds, peak = in_child(
        "from caisse.services import exports\nfrom caisse.store import open_store\n"
        f"store = open_store({str(path)!r})\n"
        f"with open({str(journal_file)!r}, 'w', encoding='utf-8') as out:\n"
        "    exports.write_ledger(store, out)\n"
    )
    print(f"{'exports.write_ledger to a file':<58} {seconds:.1f} s, peak memory {peak:.0f} MB "
          f"({journal_file.stat().st_size / 1e6:.0f} MB written)")  # fmt: skip
    seconds, peak = in_child(
        "from caisse.services import exports\nfrom caisse.store import open_store\n"
        f"text = exports.ledger_text(open_store({str(path)!r}))\n"
    )
    print(f"{'exports.ledger_text, the whole text in memory':<58} {seconds:.1f} s, "
          f"peak memory {peak:.0f} MB")  # fmt: skip

    print("\n-- whole processes (hyperfine)")
    caisse = [sys.executable, "-m", "caisse", "--db", str(path)]
    commands = {
        "caisse balance": [*caisse, "balance"],
        "caisse status": [*caisse, "status"],
        "caisse --version (start-up alone)": [sys.executable, "-m", "caisse", "--version"],
    }
    hyperfine(commands, runs, 1)
    if shutil.which("ledger"):
        hyperfine({"ledger -f FILE balance": ["ledger", "-f", str(journal_file), "balance"]},
                  3, 1)  # fmt: skip
    if shutil.which("hledger"):  # over two minutes a run
        hyperfine({"hledger -f FILE balance": ["hledger", "-f", str(journal_file), "balance"]},
                  2, 0)  # fmt: skip
    if not args.skip_verify:
        hyperfine({"caisse verify": [*caisse, "verify"]}, 3, 0)


if __name__ == "__main__":
    main()
