"""The printed partner directory for 1,000 partners: time to render the A4 and the A5 guide, its
size and its pages.

    python3 benchmarks/directory_pdf.py [PARTNERS] [--runs N]

The partners are written through the services on a fresh database, with entries as the demo
fills them (category, coordinates, hours, description; a website for about half, hence a QR
code). Each render is timed twice: "cold", the QR codes computed afresh (the first print of a
session), and "warm", the codes kept from the previous render (the next prints). A last line
gives the worst case, a website and a QR code for every partner.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from _common import machine

from caisse import i18n
from caisse.documents import directory_blocks
from caisse.domain.currency import Currency
from caisse.services import auth, directory_export, members, setup
from caisse.services.demo import names
from caisse.services.demo.directory import describe_partners
from caisse.services.demo.people import PeopleMaker
from caisse.services.settings import Association


def database(folder: Path, partners: int, seed: int = 11) -> Path:
    path = folder / "directory.db"
    store = setup.initialize(
        path,
        Association(**names.ASSOCIATION),
        Currency(names.CURRENCY["name"], names.CURRENCY["code"], names.CURRENCY["symbol"]),
        "admin",
        "Ada Admin",
        "bench-password",
    )
    admin = auth.system_context(store, "admin")
    rng = random.Random(seed)
    maker = PeopleMaker(rng, {commune: ["C01"] for commune, _, _ in names.COMMUNES})
    with store.transaction():
        for _ in range(partners):
            person = maker.partner()
            person.number = members.create(admin, person.fields)["number"]
    describe_partners(admin, random.Random(seed + 1), maker)
    store.close()
    return path


def timed(
    data: directory_export.DirectoryData, layout: str, *, cold: bool
) -> tuple[float, float, bytes]:
    """Wall-clock and CPU seconds of one render, and the PDF."""
    if cold:
        directory_blocks.qr_matrix.cache_clear()
    started, cpu = time.perf_counter(), time.process_time()
    pdf = directory_export.render(data, "pdf", layout)
    return time.perf_counter() - started, time.process_time() - cpu, pdf


def pages(pdf: bytes) -> int:
    import io

    import pypdf

    return len(pypdf.PdfReader(io.BytesIO(pdf)).pages)


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    partners = int(args[0]) if args else 1000
    runs = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 3
    i18n.set_language("fr")
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        path = database(Path(folder), partners)
        built = time.perf_counter() - started
        from caisse.store.db import open_store

        store = open_store(path)
        started = time.perf_counter()
        data = directory_export.gather(store, include_former=True)
        gathered = time.perf_counter() - started
        store.close()
    websites = sum(1 for e in data.entries if e["website"])
    print(f"{len(data.entries)} partners, {websites} with a website; {machine()}")
    print(f"database written in {built:.1f} s; gather {gathered * 1000:.0f} ms")
    directory_blocks.qr_matrix.cache_clear()
    started = time.process_time()
    for entry in data.entries:
        if entry["website"]:
            directory_blocks.qr_matrix(entry["website"])
    qr = time.process_time() - started
    print(f"QR codes alone: {websites} in {qr:.2f} s of CPU ({qr / websites * 1000:.1f} ms each)")
    for layout in ("a4", "a5"):
        for cold in (True, False):
            timed(data, layout, cold=False)  # warm-up (fonts, imports)
            walls, cpus, pdf = [], [], b""
            for _ in range(runs):
                wall, cpu, pdf = timed(data, layout, cold=cold)
                walls.append(wall)
                cpus.append(cpu)
            label = "cold" if cold else "warm"
            print(
                f"{layout} {label}: median {statistics.median(walls):.2f} s "
                f"(CPU {statistics.median(cpus):.2f} s), best {min(walls):.2f} s (n={runs}); "
                f"{len(pdf) / 1e6:.2f} MB, {pages(pdf)} pages"
            )
    every = tuple(
        {**e, "website": e["website"] or f"https://partenaire-{i}.example.org"}
        for i, e in enumerate(data.entries)
    )
    worst = replace(data, entries=every)
    for layout in ("a4", "a5"):
        wall, cpu, pdf = timed(worst, layout, cold=True)
        print(
            f"{layout} every partner with a QR code, cold: {wall:.2f} s (CPU {cpu:.2f} s); "
            f"{len(pdf) / 1e6:.2f} MB, {pages(pdf)} pages"
        )


if __name__ == "__main__":
    main()
