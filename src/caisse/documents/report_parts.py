"""Pieces the Z report and the day report share: the A4 document, totals tables, labelled
blocks and hashes."""

from __future__ import annotations

import io
from collections.abc import Sequence
from functools import cache

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, SimpleDocTemplate, Table

from caisse.documents import formats as fmt
from caisse.documents.layout import (
    A4_MARGIN,
    A4_SIZE,
    FRAME_PADDING,
    GREY,
    RED,
    Styles,
    grid,
    numbered_canvas,
    para,
    styles,
)
from caisse.documents.model import TotalRow, Totals
from caisse.domain.money import EUR
from caisse.i18n import _

WIDTH = A4_SIZE[0] - 2 * A4_MARGIN - 2 * FRAME_PADDING


@cache
def st() -> Styles:
    """The report styles, 9 pt."""
    return styles(9)


@cache
def _red() -> ParagraphStyle:
    return ParagraphStyle("difference", parent=st().right_bold, textColor=RED)


def build(story: list[Flowable], *, title: str, author: str, footer: str) -> bytes:
    """An A4 portrait PDF numbered "page x / n", ``footer`` at the bottom left of each page."""
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4_SIZE,
        leftMargin=A4_MARGIN,
        rightMargin=A4_MARGIN,
        topMargin=A4_MARGIN,
        bottomMargin=A4_MARGIN,
        title=title,
        author=author,
    )
    doc.build(story, canvasmaker=numbered_canvas(footer))
    return buffer.getvalue()


def pairs(items: Sequence[tuple[str, str]], columns: int = 2) -> Table:
    """Labels and values side by side, ``columns`` pairs to a row."""
    s = st()
    cells = [[para(k, s.small), para(v, s.body)] for k, v in items]
    rows = []
    for i in range(0, len(cells), columns):
        row = [c for pair in cells[i : i + columns] for c in pair]
        rows.append(row + [""] * (2 * columns - len(row)))
    label, value = 0.19 * WIDTH, (WIDTH / columns) - 0.19 * WIDTH
    table = Table(rows, colWidths=[label, value] * columns, hAlign="LEFT")
    table.setStyle(
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 1.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ]
    )
    return table


def totals_table(totals: Totals, unit: str) -> Flowable:
    """Operation, entries, euros, notes; the corrections apart below a rule, in grey."""
    s = st()
    head = [
        para(_("Operation"), s.bold),
        para(_("Entries"), s.right_bold),
        para(_("Euros"), s.right_bold),
        para(_("Notes ({unit})").format(unit=unit), s.right_bold),
    ]

    def line(r: TotalRow) -> list[Flowable]:
        return [
            para(r.label, s.body),
            para(fmt.count(r.count), s.right),
            para(fmt.money(r.eur) if r.eur else "–", s.right),
            para(fmt.money(r.units, unit) if r.units else "–", s.right),
        ]

    rows = [head] + [line(r) for r in totals.rows]
    if not totals.rows:
        rows.append([para(_("No operation."), s.small), "", "", ""])
    extra = []
    if totals.corrections is not None:
        rows.append(line(totals.corrections))
        extra = [
            ("LINEABOVE", (0, -1), (-1, -1), 0.8, GREY),
            ("TEXTCOLOR", (0, -1), (-1, -1), GREY),
        ]
    widths = [0.43 * WIDTH, 0.13 * WIDTH, 0.22 * WIDTH, 0.22 * WIDTH]
    return grid(rows, widths, extra=extra)


def methods_table(methods: Sequence[tuple[str, int]]) -> Flowable:
    s = st()
    rows = [[para(_("Payment method"), s.bold), para(_("Euros"), s.right_bold)]]
    rows += [[para(label, s.body), para(fmt.money(cents), s.right)] for label, cents in methods]
    total = sum(c for _l, c in methods)
    rows.append([para(_("Total received"), s.bold), para(fmt.money(total), s.right_bold)])
    return grid(rows, [0.43 * WIDTH, 0.22 * WIDTH], total_rows=1)


def difference(cents: int | None, commodity: str = EUR) -> Flowable:
    """A difference in bold red when there is one, "0,00 €" otherwise, a dash when none."""
    s = st()
    if cents is None:
        return para("–", s.right)
    if cents == 0:
        return para(fmt.money(0, commodity), s.right)
    return para(fmt.signed_money(cents, commodity), _red())


def hash_lines(items: Sequence[tuple[str, str]]) -> Table:
    """Full hashes in a fixed-width font, each after its label."""
    s = st()
    rows = [[para(k, s.small), para(v, s.mono)] for k, v in items]
    table = Table(rows, colWidths=[0.3 * WIDTH, 0.7 * WIDTH], hAlign="LEFT")
    table.setStyle(
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ]
    )
    return table


def side_by_side(left: Flowable, right: Flowable) -> Table:
    table = Table([[left, right]], colWidths=[WIDTH / 2, WIDTH / 2], hAlign="LEFT")
    table.setStyle(
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4 * mm),
        ]
    )
    return table


def section(title: str, *flowables: Flowable) -> KeepTogether:
    """A heading kept on the same page as what it introduces."""
    return KeepTogether([para(title, st().heading), *flowables])
