"""A member card as PDF: the size of a bank card (85.6 × 54 mm, ISO/IEC 7810 ID-1).

Two layouts hold the same card. "a4" puts it at the top left of an A4 sheet with crop marks,
for an office printer and scissors; "card" is a page of the card's own size, for a card
printer. The card shows the association, the member's name and kind, the member number in
clear, large and grouped for reading aloud, the last day the fee covers, and a QR code holding
the number alone, so that a scanner typing into the counter's member field finds the member.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

import qrcode
from qrcode.constants import ERROR_CORRECT_M
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from caisse.documents import formats as fmt
from caisse.documents.fonts import fonts
from caisse.documents.layout import A4_MARGIN, A4_SIZE, GREY, fit_text
from caisse.i18n import N_, _

LAYOUTS = ("a4", "card")
CARD_WIDTH = 85.6 * mm
CARD_HEIGHT = 54 * mm
#: nothing is printed nearer the card's edge (card printers and scissors are not exact)
INSET = 4 * mm
BAND_HEIGHT = 11 * mm
#: the QR symbol's side; a number needs 21 modules, so each is about 0.95 mm
QR_SIDE = 20 * mm
#: light space kept around the symbol, as the QR standard asks (four modules)
QR_QUIET = 4 * mm
ACCENT = colors.HexColor("#1f6f5c")
INK = colors.HexColor("#1d2430")
OUTLINE = colors.HexColor("#c9ced4")
#: crop marks: this far from the card's corner, this long
MARK_GAP = 1.5 * mm
MARK_LENGTH = 5 * mm

KIND_LABELS = {
    "individual": N_("Individual member"),
    "organisation": N_("Organisation member"),
    "partner": N_("Partner"),
}


@dataclass(frozen=True)
class MemberCard:
    """What the card shows; ``kind`` is "individual", "organisation" or "partner"."""

    association: str
    name: str
    number: str
    kind: str
    valid_until: date | None


def grouped(number: str) -> str:
    """The number in groups of three digits from the left, to read and type back:
    "104 588", "100 014 5"."""
    return " ".join(number[i : i + 3] for i in range(0, len(number), 3))


def render_member_card(card: MemberCard, layout: str = "a4") -> bytes:
    """The card on an A4 sheet with crop marks ("a4") or on a page of its size ("card")."""
    if layout not in LAYOUTS:
        raise ValueError(f"unknown member card layout {layout!r}")
    buffer = io.BytesIO()
    size = A4_SIZE if layout == "a4" else (CARD_WIDTH, CARD_HEIGHT)
    canvas = Canvas(buffer, pagesize=size)
    canvas.setTitle(_("Member card {number}").format(number=card.number))
    canvas.setAuthor(card.association)
    if layout == "a4":
        x, y = A4_MARGIN, A4_SIZE[1] - A4_MARGIN - CARD_HEIGHT
        _crop_marks(canvas, x, y)
        canvas.setStrokeColor(OUTLINE)  # a line to follow with scissors
        canvas.setLineWidth(0.3)
        canvas.rect(x, y, CARD_WIDTH, CARD_HEIGHT, stroke=1, fill=0)
        _instructions(canvas, card, x, y - MARK_GAP - MARK_LENGTH - 6 * mm)
    else:
        x, y = 0.0, 0.0
    _card(canvas, card, x, y)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _card(canvas: Canvas, card: MemberCard, x: float, y: float) -> None:
    f = fonts()
    canvas.saveState()
    canvas.translate(x, y)
    # the band: the association, and what the card is
    band_y = CARD_HEIGHT - INSET - BAND_HEIGHT
    canvas.setFillColor(ACCENT)
    canvas.roundRect(INSET, band_y, CARD_WIDTH - 2 * INSET, BAND_HEIGHT, 2 * mm, stroke=0, fill=1)
    canvas.setFillColor(colors.white)
    title = f.text(_("Member card"))
    canvas.setFont(f.regular, 7)
    title_width = stringWidth(title, f.regular, 7)
    canvas.drawRightString(CARD_WIDTH - INSET - 3 * mm, band_y + 4.1 * mm, title)
    room = CARD_WIDTH - 2 * INSET - 6 * mm - title_width - 3 * mm
    association = f.text(card.association)
    lines, size = _wrap(association, f.bold, 9.5, 7.5, room, 1)
    if len(lines) == 1 and lines[0] == association:
        baselines = [band_y + 4.1 * mm]
    else:  # a long name on two lines
        lines, size = _wrap(association, f.bold, 7.5, 6.5, room, 2)
        baselines = [band_y + 6.4 * mm, band_y + 6.4 * mm - size * 1.15]
    canvas.setFont(f.bold, size)
    for line, baseline in zip(lines, baselines, strict=False):
        canvas.drawString(INSET + 3 * mm, baseline, line)

    # the QR code on the right, its quiet zone kept clear of text
    qr_x = CARD_WIDTH - INSET - QR_SIDE - 0.5 * mm
    qr_y = INSET + (band_y - INSET - QR_SIDE) / 2
    _qr(canvas, card.number, qr_x, qr_y, QR_SIDE)

    # the member: name, kind, number, validity
    left = INSET + 1 * mm
    width = qr_x - QR_QUIET - left
    canvas.setFillColor(INK)
    name = f.text(card.name)
    lines, size = _wrap(name, f.bold, 11, 9, width, 1)
    if lines[0] != name:  # a long name on two lines
        lines, size = _wrap(name, f.bold, 9, 8, width, 2)
    top = band_y - 5.5 * mm
    canvas.setFont(f.bold, size)
    for line in lines:
        canvas.drawString(left, top, line)
        top -= size * 1.2
    canvas.setFillColor(GREY)
    kind, kind_size = fit_text(f.text(_(KIND_LABELS.get(card.kind, card.kind))), f.regular, 7, 6,
                           width)  # fmt: skip
    canvas.setFont(f.regular, kind_size)
    canvas.drawString(left, top - 0.6 * mm, kind)

    canvas.setFont(f.regular, 6.5)
    canvas.drawString(left, INSET + 14.3 * mm, f.text(_("Member number")))
    canvas.setFillColor(INK)
    number, number_size = fit_text(grouped(card.number), f.bold, 18, 12, width)
    canvas.setFont(f.bold, number_size)
    canvas.drawString(left, INSET + 7.8 * mm, number)
    if card.valid_until is not None:
        label = f.text(_("Valid until {date}").format(date=fmt.day(card.valid_until)))
        text, text_size = fit_text(label, f.regular, 7.5, 6, width)
        canvas.setFont(f.regular, text_size)
        canvas.drawString(left, INSET + 2 * mm, text)
    canvas.restoreState()


def _qr(canvas: Canvas, data: str, x: float, y: float, side: float) -> None:
    """The QR code of ``data`` in a square of ``side`` at (x, y), dark modules drawn as runs
    so that no hairline shows between them."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0)
    code.add_data(data)
    code.make(fit=True)
    matrix = code.get_matrix()
    module = side / len(matrix)
    canvas.setFillColor(colors.black)
    for r, cells in enumerate(matrix):
        top = y + side - (r + 1) * module
        c = 0
        while c < len(cells):
            if not cells[c]:
                c += 1
                continue
            start = c
            while c < len(cells) and cells[c]:
                c += 1
            canvas.rect(x + start * module, top, (c - start) * module, module, stroke=0, fill=1)


def _wrap(
    text: str, font: str, size: float, smallest: float, width: float, most: int
) -> tuple[list[str], float]:
    """``text`` in at most ``most`` lines of ``width``, at the largest size from ``size`` down
    to ``smallest`` where it fits whole; else at the smallest, the last line cut short."""
    while True:
        lines = _lines(text, font, size, width)
        fits = all(stringWidth(line, font, size) <= width for line in lines)
        if (fits and len(lines) <= most) or size <= smallest:
            break
        size -= 0.5
    if len(lines) > most:
        lines = [*lines[: most - 1], " ".join(lines[most - 1 :])]
    return [fit_text(line, font, size, size, width)[0] for line in lines], size


def _lines(text: str, font: str, size: float, width: float) -> list[str]:
    """Words put on lines of ``width`` as they come (a word longer than a line alone)."""
    lines: list[str] = []
    for word in text.split():
        joined = f"{lines[-1]} {word}" if lines else word
        if lines and stringWidth(joined, font, size) <= width:
            lines[-1] = joined
        else:
            lines.append(word)
    return lines or [""]


def _crop_marks(canvas: Canvas, x: float, y: float) -> None:
    canvas.saveState()
    canvas.setStrokeColor(colors.black)
    canvas.setLineWidth(0.3)
    for cx, dx in ((x, -1), (x + CARD_WIDTH, 1)):
        for cy, dy in ((y, -1), (y + CARD_HEIGHT, 1)):
            # a horizontal and a vertical mark off each corner, on the lines of the cut
            canvas.line(cx + dx * MARK_GAP, cy, cx + dx * (MARK_GAP + MARK_LENGTH), cy)
            canvas.line(cx, cy + dy * MARK_GAP, cx, cy + dy * (MARK_GAP + MARK_LENGTH))
    canvas.restoreState()


def _instructions(canvas: Canvas, card: MemberCard, x: float, y: float) -> None:
    f = fonts()
    canvas.saveState()
    canvas.setFillColor(GREY)
    canvas.setFont(f.regular, 8.5)
    lines = [
        _("Cut along the marks: the card is 85.6 × 54 mm, the size of a bank card."),
        _("Member card of {name}, number {number}.").format(name=card.name, number=card.number),
    ]
    for line in lines:
        canvas.drawString(x, y, f.text(line))
        y -= 12
    canvas.restoreState()
