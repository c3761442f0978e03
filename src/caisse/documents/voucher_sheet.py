"""Vouchers on A4 sheets: eight to a page, two columns of four, with cut marks in the margins.

The vouchers touch each other, so one straight cut along each line of marks separates them (a
guillotine or a ruler and a cutter). Each voucher is 93 × 65 mm and shows the association in
the house colour, the programme, the value large with the currency's name, the last day it is
valid, its conditions, and the QR code with the serial in clear under it for typing by hand.

The QR code holds the voucher's signed payload (119 characters of the alphanumeric alphabet) at
error correction Q: always a version 7 symbol, 45 modules, drawn 34 mm wide (0.76 mm a module,
read by phone cameras and USB scanners alike) inside a white quiet zone of four modules. It is
drawn as vector rectangles, sharp at any printer's resolution.

A reprint carries the receipts' duplicate mark on every voucher. Nothing about a person is
printed: social-aid vouchers must not say who received them.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date

import qrcode
from qrcode.constants import ERROR_CORRECT_Q
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from caisse.documents import formats as fmt
from caisse.documents.fonts import fonts
from caisse.documents.layout import A4_SIZE, GREY, RED, fit_text
from caisse.documents.member_card import ACCENT, INK, OUTLINE
from caisse.documents.receipt import duplicate_mark
from caisse.domain.vouchers import grouped_serial
from caisse.i18n import _

COLUMNS = 2
ROWS = 4
PER_PAGE = COLUMNS * ROWS
VOUCHER_WIDTH = 93 * mm
VOUCHER_HEIGHT = 65 * mm
#: the block of vouchers, centred on the page: 12 mm either side, 18.5 mm above and below
LEFT = (A4_SIZE[0] - COLUMNS * VOUCHER_WIDTH) / 2
BOTTOM = (A4_SIZE[1] - ROWS * VOUCHER_HEIGHT) / 2
#: nothing is printed nearer a voucher's edge: cuts are never exact
INSET = 4 * mm
BAND_HEIGHT = 10 * mm
#: the QR standard's version for the payload at error correction Q, and its modules a side
QR_VERSION = 7
QR_MODULES = 17 + 4 * QR_VERSION
#: the symbol's side, without its quiet zone, and the quiet zone (four modules, as ISO asks)
QR_SIDE = 34 * mm
QR_QUIET = 4 * QR_SIDE / QR_MODULES
#: cut marks: this far from the block of vouchers, this long (they end 5.5 mm from the paper's
#: edge, inside what office printers print)
MARK_GAP = 1.5 * mm
MARK_LENGTH = 5 * mm


@dataclass(frozen=True)
class Voucher:
    serial: str  # 12 digits
    payload: str  # the QR code's text


@dataclass(frozen=True)
class VoucherSheet:
    """What a batch's sheets show. ``categories`` are the partner categories where the
    vouchers may be spent (empty: every partner); ``reprint`` is the duplicate's number k, or
    None for a first print; ``left_out`` counts the batch's cancelled vouchers not printed."""

    association: str
    programme: str
    amount: int  # cents of the unit, each voucher
    currency_code: str
    currency_name: str
    expires_on: date
    batch: int
    vouchers: Sequence[Voucher]
    categories: tuple[str, ...] = ()
    reprint: int | None = None
    left_out: int = 0


def qr_matrix(text: str) -> list[list[bool]]:
    """The modules of the QR code of ``text`` at error correction Q, version 7, without quiet
    zone. Raises qrcode's DataOverflowError for a text too long for it."""
    code = qrcode.QRCode(version=QR_VERSION, error_correction=ERROR_CORRECT_Q, border=0)
    code.add_data(text)
    code.make(fit=False)
    return code.get_matrix()


def conditions(sheet: VoucherSheet) -> list[str]:
    """The voucher's conditions, one sentence a line."""
    if sheet.categories:
        where = _("Spendable only at the network's partners of: {categories}.").format(
            categories=", ".join(sheet.categories)
        )
    else:
        where = _("Spendable at every partner of the network.")
    return [where, _("Cannot be exchanged for euros. One use only.")]


def render_voucher_sheet(
    sheet: VoucherSheet, progress: Callable[[int, int], None] | None = None
) -> bytes:
    """The vouchers of ``sheet`` on A4 pages, eight to a page, in the order given;
    ``progress(done, total)`` is told after each page."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4_SIZE)
    canvas.setTitle(_("Vouchers, batch {batch}").format(batch=sheet.batch))
    canvas.setAuthor(sheet.association)
    pages = max(1, -(-len(sheet.vouchers) // PER_PAGE))
    value = fmt.money(sheet.amount, sheet.currency_code)
    lines = conditions(sheet)
    for page, chunk in enumerate(_chunks(sheet.vouchers, PER_PAGE), start=1):
        _header(canvas, sheet, page, pages)
        _cut_marks(canvas, -(-len(chunk) // COLUMNS))
        for i, voucher in enumerate(chunk):
            x = LEFT + (i % COLUMNS) * VOUCHER_WIDTH
            y = BOTTOM + (ROWS - 1 - i // COLUMNS) * VOUCHER_HEIGHT
            _voucher(canvas, sheet, voucher, value, lines, x, y)
        canvas.showPage()
        if progress is not None:
            progress(min(page * PER_PAGE, len(sheet.vouchers)), len(sheet.vouchers))
    canvas.save()
    return buffer.getvalue()


def _chunks(items: Sequence[Voucher], size: int) -> Iterator[Sequence[Voucher]]:
    if not items:
        yield ()
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _header(canvas: Canvas, sheet: VoucherSheet, page: int, pages: int) -> None:
    """Above the vouchers, for whoever cuts them: what the sheet is, and its page."""
    f = fonts()
    top = A4_SIZE[1] - 8 * mm
    canvas.setFillColor(GREY)
    canvas.setFont(f.regular, 8)
    title = _("Vouchers of batch {batch}, {programme}: {count} × {value}").format(
        batch=sheet.batch,
        programme=sheet.programme,
        count=fmt.count(len(sheet.vouchers)),
        value=fmt.money(sheet.amount, sheet.currency_code),
    )
    right = _("page {page} / {pages}").format(page=page, pages=pages)
    room = A4_SIZE[0] - 2 * LEFT - stringWidth(right, f.regular, 8) - 5 * mm
    canvas.drawString(LEFT, top, fit_text(f.text(title), f.regular, 8, 8, room)[0])
    canvas.drawRightString(A4_SIZE[0] - LEFT, top, f.text(right))
    notes = [_("Cut along the marks.")]
    if sheet.left_out:
        notes.append(
            _("{count} cancelled voucher(s) of this batch are not printed.").format(
                count=fmt.count(sheet.left_out)
            )
        )
    canvas.drawString(LEFT, top - 3.6 * mm, f.text(" ".join(notes)))
    if sheet.reprint is not None:
        canvas.setFillColor(RED)
        canvas.setFont(f.bold, 9)
        canvas.drawRightString(A4_SIZE[0] - LEFT, top - 3.8 * mm, duplicate_mark(sheet.reprint))


def _cut_marks(canvas: Canvas, rows: int) -> None:
    """Marks in the margins on the lines of every cut, never over a voucher."""
    canvas.saveState()
    canvas.setStrokeColor(colors.black)
    canvas.setLineWidth(0.3)
    right = LEFT + COLUMNS * VOUCHER_WIDTH
    top = BOTTOM + ROWS * VOUCHER_HEIGHT
    low = top - rows * VOUCHER_HEIGHT  # a last page's vouchers fill it from the top
    for c in range(COLUMNS + 1):
        x = LEFT + c * VOUCHER_WIDTH
        canvas.line(x, top + MARK_GAP, x, top + MARK_GAP + MARK_LENGTH)
        canvas.line(x, low - MARK_GAP, x, low - MARK_GAP - MARK_LENGTH)
    for r in range(rows + 1):
        y = top - r * VOUCHER_HEIGHT
        canvas.line(LEFT - MARK_GAP, y, LEFT - MARK_GAP - MARK_LENGTH, y)
        canvas.line(right + MARK_GAP, y, right + MARK_GAP + MARK_LENGTH, y)
    canvas.restoreState()


def _voucher(
    canvas: Canvas,
    sheet: VoucherSheet,
    voucher: Voucher,
    value: str,
    lines: list[str],
    x: float,
    y: float,
) -> None:
    f = fonts()
    canvas.saveState()
    canvas.translate(x, y)
    # a faint outline: where the cut falls, should the marks be missed
    canvas.setStrokeColor(OUTLINE)
    canvas.setLineWidth(0.3)
    canvas.rect(0, 0, VOUCHER_WIDTH, VOUCHER_HEIGHT, stroke=1, fill=0)

    # the band: the association, and what the paper is
    band_y = VOUCHER_HEIGHT - INSET - BAND_HEIGHT
    canvas.setFillColor(ACCENT)
    canvas.roundRect(INSET, band_y, VOUCHER_WIDTH - 2 * INSET, BAND_HEIGHT, 2 * mm, stroke=0,
                     fill=1)  # fmt: skip
    if sheet.reprint is None:
        canvas.setFillColor(colors.white)
        kind = f.text(_("Voucher"))
        canvas.setFont(f.regular, 8)
        canvas.drawRightString(VOUCHER_WIDTH - INSET - 3 * mm, band_y + 3.6 * mm, kind)
        taken = stringWidth(kind, f.regular, 8)
    else:  # the duplicate's mark, red on white, where the eye lands first
        kind = f.text(duplicate_mark(sheet.reprint))
        taken = stringWidth(kind, f.bold, 8) + 3 * mm
        box_x = VOUCHER_WIDTH - INSET - 1.5 * mm - taken
        canvas.setFillColor(colors.white)
        canvas.roundRect(box_x, band_y + 1.5 * mm, taken, BAND_HEIGHT - 3 * mm, 1 * mm, stroke=0,
                         fill=1)  # fmt: skip
        canvas.setFillColor(RED)
        canvas.setFont(f.bold, 8)
        canvas.drawString(box_x + 1.5 * mm, band_y + 3.6 * mm, kind)
    canvas.setFillColor(colors.white)
    room = VOUCHER_WIDTH - 2 * INSET - 9 * mm - taken
    association = f.text(sheet.association)
    names, size = _wrap(association, f.bold, 10, 8, room, 1)
    baselines = [band_y + 3.6 * mm]
    if names[0] != association:  # a long name on two lines
        names, size = _wrap(association, f.bold, 7.5, 6.5, room, 2)
        baselines = [band_y + 5.9 * mm, band_y + 5.9 * mm - size * 1.15]
    canvas.setFont(f.bold, size)
    for line, baseline in zip(names, baselines, strict=False):
        canvas.drawString(INSET + 3 * mm, baseline, line)

    # the QR code on the right, in its quiet zone, and the serial in clear under it
    square = QR_SIDE + 2 * QR_QUIET
    qr_x = VOUCHER_WIDTH - INSET - square + QR_QUIET / 2
    serial_y = INSET + 0.6 * mm
    qr_y = serial_y + 4.2 * mm
    draw_qr(canvas, voucher.payload, qr_x, qr_y)
    canvas.setFillColor(INK)
    canvas.setFont(f.mono if f.mono != "Courier" else "Courier-Bold", 9.5)
    canvas.drawCentredString(qr_x + square / 2, serial_y, grouped_serial(voucher.serial))

    # the programme, the value, the expiry and the conditions on the left
    left = INSET + 1 * mm
    width = qr_x + QR_QUIET / 2 - left - 1.5 * mm
    top = band_y - 5.5 * mm
    canvas.setFillColor(INK)
    programme_lines, size = _wrap(f.text(sheet.programme), f.bold, 10, 8, width, 2)
    canvas.setFont(f.bold, size)
    for line in programme_lines:
        canvas.drawString(left, top, line)
        top -= size * 1.2
    amount, size = fit_text(f.text(value), f.bold, 20, 12, width)
    top -= size * 0.95
    canvas.setFont(f.bold, size)
    canvas.drawString(left, top, amount)
    canvas.setFillColor(GREY)
    currency, size = fit_text(f.text(sheet.currency_name), f.regular, 8.5, 6.5, width)
    top -= 4.2 * mm
    canvas.setFont(f.regular, size)
    canvas.drawString(left, top, currency)
    canvas.setFillColor(INK)
    valid = f.text(_("Valid until {date}").format(date=fmt.day(sheet.expires_on)))
    valid, size = fit_text(valid, f.bold, 9, 7, width)
    top -= 5 * mm
    canvas.setFont(f.bold, size)
    canvas.drawString(left, top, valid)

    # the conditions at the foot; where the vouchers are spent is cut short when a long list of
    # categories leaves no room, never the rest
    small = 6.5
    leading = small * 1.2
    where, *rest = (simpleSplit(f.text(sentence), f.regular, small, width) for sentence in lines)
    fixed = [line for sentence in rest for line in sentence]
    room = max(1, int((top - 2.5 * mm - INSET) // leading) - len(fixed))
    if len(where) > room:
        where = [*where[: room - 1], fit_text(where[room - 1] + " …", f.regular, small, small,
                                          width)[0]]  # fmt: skip
    canvas.setFillColor(GREY)
    canvas.setFont(f.regular, small)
    baseline = INSET + 0.6 * mm + (len(where) + len(fixed) - 1) * leading
    for line in [*where, *fixed]:
        canvas.drawString(left, baseline, line)
        baseline -= leading
    canvas.restoreState()


def draw_qr(canvas: Canvas, text: str, x: float, y: float) -> None:
    """The QR code of ``text``: a white square of side QR_SIDE plus its quiet zone at (x, y),
    the dark modules drawn as rectangles in module units, runs merged across each row."""
    matrix = qr_matrix(text)
    n = len(matrix)
    module = QR_SIDE / n
    square = QR_SIDE + 2 * QR_QUIET
    canvas.saveState()
    canvas.setFillColor(colors.white)
    canvas.rect(x, y, square, square, stroke=0, fill=1)
    canvas.setFillColor(colors.black)
    # from here one unit is one module, the origin at the code's top left corner, y upwards
    canvas.translate(x + QR_QUIET, y + QR_QUIET + QR_SIDE)
    canvas.scale(module, module)
    rects = []
    for r, row in enumerate(matrix):
        c = 0
        while c < n:
            if not row[c]:
                c += 1
                continue
            start = c
            while c < n and row[c]:
                c += 1
            rects.append(f"{start} {-r - 1} {c - start} 1 re")
    canvas.addLiteral("\n".join(rects) + "\nf")
    canvas.restoreState()


def _wrap(
    text: str, font: str, size: float, smallest: float, width: float, most: int
) -> tuple[list[str], float]:
    """``text`` on at most ``most`` lines of ``width``, at the largest size that holds it whole;
    else at the smallest, the last line cut short."""
    while True:
        lines = simpleSplit(text, font, size, width)
        if len(lines) <= most or size <= smallest:
            break
        size -= 0.5
    if len(lines) > most:
        lines = [*lines[: most - 1], " ".join(lines[most - 1 :])]
    return [fit_text(line, font, size, size, width)[0] for line in lines], size
