"""A receipt as PDF: one on the top half of an A4 page, or on an 80 mm roll cut to fit.

Both layouts hold the same lines: the association, the operation and its receipt number, the
date and time to the second, the exchange point and the volunteer, the amounts, and at the
foot the journal entry's number and the first digits of its hash, so a receipt can be matched
to the journal. A reprint carries "DUPLICATA n°k" above everything else.
"""

from __future__ import annotations

import io

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame, HRFlowable, SimpleDocTemplate, Spacer, Table

from caisse.documents import formats as fmt
from caisse.documents.layout import (
    A4_MARGIN,
    A4_SIZE,
    FRAME_PADDING,
    RED,
    ROLL_MARGIN,
    ROLL_MARGIN_Y,
    ROLL_PRINTABLE,
    ROLL_WIDTH,
    RULE,
    Styles,
    para,
    styles,
)
from caisse.documents.model import Identity, ReceiptEntry
from caisse.documents.receipt_content import Row, rows
from caisse.i18n import _

FORMATS = ("a4", "80mm")
#: on A4 the receipt keeps to a column this wide, centred, so labels stay near their amounts
A4_RECEIPT_WIDTH = 130 * mm


def duplicate_mark(k: int) -> str:
    # The mark the French cash-register rules require on a reprint; kept as is in every
    # language so an auditor finds it.
    return _("DUPLICATA n°{number}").format(number=k)


def render_receipt(
    identity: Identity, entry: ReceiptEntry, page: str = "80mm", duplicate: int | None = None
) -> bytes:
    """The receipt of ``entry`` on ``page`` ("a4" or "80mm"); ``duplicate`` is the reprint's
    number k, or None for the first print."""
    if page not in FORMATS:
        raise ValueError(f"unknown receipt format {page!r}")
    title = _("Receipt {number}").format(number=entry.number)
    if page == "a4":
        return _a4(identity, entry, duplicate, title)
    return _roll(identity, entry, duplicate, title)


def _story(
    identity: Identity, entry: ReceiptEntry, duplicate: int | None, s: Styles, width: float
) -> list[Flowable]:
    story: list[Flowable] = []
    if duplicate is not None:
        story += [_banner(duplicate_mark(duplicate), s, width), Spacer(1, s.size * 0.6)]
    story.append(para(identity.name, s.title))
    for line in identity.address_lines:
        story.append(para(line, s.body))
    if identity.siret:
        story.append(para(_("SIRET {siret}").format(siret=identity.siret), s.body))
    story += [Spacer(1, s.size * 0.5), _rule(width), Spacer(1, s.size * 0.3)]
    heading = entry.title
    if entry.correction_of is not None:
        heading = _("Correction: {operation}").format(operation=entry.title)
    story.append(para(heading, s.title))
    head = [
        Row(_("Receipt no."), entry.number, strong=True),
        Row(_("Date"), fmt.moment(entry.at)),
        Row(_("Exchange point"), f"{entry.counter_code} · {entry.counter_name}"),
        Row(_("Volunteer"), entry.volunteer),
    ]
    story += [_rows(head, s, width), Spacer(1, s.size * 0.3), _rule(width)]
    story += [_rows(rows(entry), s, width), _rule(width), Spacer(1, s.size * 0.5)]
    story.append(
        para(
            _("Journal entry {seq} · hash {hash}").format(
                seq=entry.seq, hash=fmt.short_hash(entry.hash)
            ),
            s.small,
        )
    )
    if duplicate is not None:
        story.append(para(duplicate_mark(duplicate), s.small))
    return story


def _rows(lines: list[Row], s: Styles, width: float) -> Table:
    label_width = width * (0.42 if width < 100 * mm else 0.4)
    data = [
        [
            para(r.label, s.bold if r.strong else s.body),
            para(r.value, s.right_bold if r.strong else s.right),
        ]
        for r in lines
    ]
    table = Table(data, colWidths=[label_width, width - label_width], hAlign="LEFT")
    table.setStyle(
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 1.2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1.2),
        ]
    )
    return table


def _rule(width: float) -> HRFlowable:
    return HRFlowable(width=width, thickness=0.5, color=RULE, spaceBefore=2, spaceAfter=2)


def _banner(text: str, s: Styles, width: float) -> Table:
    table = Table([[para(text, s.banner)]], colWidths=[width])
    table.setStyle(
        [
            ("BOX", (0, 0), (-1, -1), 1.5, RED),
            ("TOPPADDING", (0, 0), (-1, -1), s.size * 0.3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), s.size * 0.5),
        ]
    )
    return table


def _a4(identity: Identity, entry: ReceiptEntry, duplicate: int | None, title: str) -> bytes:
    buffer = io.BytesIO()
    side = (A4_SIZE[0] - A4_RECEIPT_WIDTH) / 2
    width = A4_RECEIPT_WIDTH - 2 * FRAME_PADDING
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4_SIZE,
        leftMargin=side,
        rightMargin=side,
        topMargin=A4_MARGIN,
        bottomMargin=A4_MARGIN,
        title=title,
        author=identity.name,
    )
    doc.build(_story(identity, entry, duplicate, styles(10.5), width))
    return buffer.getvalue()


def _roll(identity: Identity, entry: ReceiptEntry, duplicate: int | None, title: str) -> bytes:
    s = styles(8)
    story = _story(identity, entry, duplicate, s, ROLL_PRINTABLE)
    height = sum(_height(f, ROLL_PRINTABLE) for f in story) + 2 * ROLL_MARGIN_Y + 2 * mm
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(ROLL_WIDTH, height))
    canvas.setTitle(title)
    canvas.setAuthor(identity.name)
    frame = Frame(
        ROLL_MARGIN,
        ROLL_MARGIN_Y,
        ROLL_PRINTABLE,
        height - 2 * ROLL_MARGIN_Y,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    frame.addFromList(story, canvas)
    if story:  # the estimate was short: never lose a line silently
        raise RuntimeError("the receipt did not fit its roll length")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _height(flowable: Flowable, width: float) -> float:
    _w, h = flowable.wrap(width, 10_000 * mm)
    return h + flowable.getSpaceBefore() + flowable.getSpaceAfter()
