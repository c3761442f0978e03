"""Vouchers, 1,000 issued and printed: time to issue a batch, to print it to PDF (size, pages),
then every QR code read back from the rendered sheets by an independent decoder and checked
as a counter checks it; the QR version and its printed size.

    python3 benchmarks/voucher_print.py [VOUCHERS] [--dpi N]

A fresh database in a temporary folder, in French. The sheets are rendered by poppler's
pdftoppm in grey at --dpi (300 by default, an office scanner's resolution) and decoded by
zxing-cpp, page by page; each code's text goes through ``vouchers.check``, which decodes the
payload, verifies its Ed25519 signature with the public key and finds the voucher.
"""

from __future__ import annotations

import io
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from _common import machine

from caisse import i18n
from caisse.documents import voucher_sheet
from caisse.domain.currency import Currency
from caisse.services import auth, setup, voucher_keys, voucher_print, vouchers
from caisse.services.demo import names
from caisse.services.settings import Association

PASSPHRASE = "la phrase du trésorier, assez longue"


def pages(pdf: bytes) -> int:
    import pypdf

    return len(pypdf.PdfReader(io.BytesIO(pdf)).pages)


def decode(pdf: bytes, dpi: int, folder: Path) -> tuple[list[tuple[str, str, str, float]], float]:
    """(text, version, error correction, side in mm) of every code; and the render's seconds."""
    import zxingcpp
    from PIL import Image

    source = folder / "sheets.pdf"
    source.write_bytes(pdf)
    started = time.perf_counter()
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-gray", "-png", str(source), str(folder / "p")], check=True
    )
    rendered = time.perf_counter() - started
    codes = []
    for image in sorted(folder.glob("p-*.png")):
        with Image.open(image) as picture:
            found = zxingcpp.read_barcodes(picture, formats=zxingcpp.BarcodeFormat.QRCode)
        for code in found:
            side = abs(code.position.top_right.x - code.position.top_left.x) + 1
            codes.append(
                (code.text, code.extra.get("Version", "?"), code.ec_level, side * 25.4 / dpi)
            )
        image.unlink()
    return codes, rendered


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    count = int(args[0]) if args else 1000
    dpi = int(sys.argv[sys.argv.index("--dpi") + 1]) if "--dpi" in sys.argv else 300
    i18n.set_language("fr")
    print(f"{count} vouchers; {machine()}")
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        store = setup.initialize(
            folder / "vouchers.db",
            Association(**names.ASSOCIATION),
            Currency(names.CURRENCY["name"], names.CURRENCY["code"], names.CURRENCY["symbol"]),
            "admin",
            "Ada Admin",
            "bench-password",
        )
        admin = auth.system_context(store, "admin")
        voucher_keys.create_key(admin, PASSPHRASE)
        today = date.today()
        prog = vouchers.create_programme(
            admin,
            vouchers.ProgrammeFields(
                name="Chèques solidaires", purpose="social", funder="CCAS",
                face_values=(2000,), valid_from=today, valid_until=today + timedelta(days=365),
            ),
        )  # fmt: skip

        started, cpu = time.perf_counter(), time.process_time()
        batch = vouchers.issue(admin, prog["id"], count, 2000, PASSPHRASE)
        issued, issued_cpu = time.perf_counter() - started, time.process_time() - cpu
        each = issued / count * 1000
        print(f"issue: {issued:.2f} s (CPU {issued_cpu:.2f} s), {each:.2f} ms each")

        started, cpu = time.perf_counter(), time.process_time()
        pdf = voucher_print.sheet_pdf(admin, batch.id)
        printed, printed_cpu = time.perf_counter() - started, time.process_time() - cpu
        print(
            f"print: {printed:.2f} s (CPU {printed_cpu:.2f} s), {len(pdf) / 1e6:.2f} MB, "
            f"{pages(pdf)} pages, {len(pdf) / count / 1000:.1f} kB a voucher"
        )
        payload = store.scalar("SELECT payload FROM voucher LIMIT 1")
        started = time.process_time()
        for _ in range(50):
            voucher_sheet.qr_matrix(payload)
        qr = (time.process_time() - started) / 50
        print(f"one QR code made: {qr * 1000:.1f} ms of CPU")

        started = time.perf_counter()
        codes, rendered = decode(pdf, dpi, folder)
        decoded = time.perf_counter() - started
        print(f"render at {dpi} dpi: {rendered:.1f} s; render and decode: {decoded:.1f} s")

        started = time.perf_counter()
        checked = [vouchers.check(store, text, today) for text, *_ in codes]
        verified = time.perf_counter() - started
        valid = {c.serial for c in checked if c.ok}
        print(
            f"decoded {len(codes)} codes, {sum(c.ok for c in checked)} valid, "
            f"{len(valid)} distinct serials; the batch's serials all found: "
            f"{valid == set(batch.serials)}; checked in {verified:.2f} s"
        )
        versions = sorted({(v, ec) for _, v, ec, _ in codes})
        sides = [side for *_, side in codes]
        module = voucher_sheet.QR_SIDE / voucher_sheet.QR_MODULES / 72 * 25.4
        quiet = (voucher_sheet.QR_SIDE + 2 * voucher_sheet.QR_QUIET) / 72 * 25.4
        print(
            f"QR read as version/EC {versions}; {len(payload)} characters; symbol "
            f"{voucher_sheet.QR_SIDE / 72 * 25.4:.1f} mm ({voucher_sheet.QR_MODULES} modules of "
            f"{module:.3f} mm), {quiet:.1f} mm with its quiet zone; measured on the render "
            f"{min(sides):.1f}-{max(sides):.1f} mm"
        )
        store.close()


if __name__ == "__main__":
    main()
