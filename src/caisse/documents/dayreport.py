"""The counter's day as PDF: every till session closed that day, their totals summed, each
Z's number and hashes listed."""

from __future__ import annotations

from reportlab.platypus import Flowable, Spacer

from caisse.documents import formats as fmt
from caisse.documents.layout import grid, para
from caisse.documents.model import DayData
from caisse.documents.report_parts import (
    WIDTH,
    build,
    difference,
    hash_lines,
    methods_table,
    section,
    st,
    totals_table,
)
from caisse.domain.money import EUR
from caisse.i18n import _


def render_day(d: DayData) -> bytes:
    title = _("Day report of exchange point {code}, {day}").format(
        code=d.counter_code, day=fmt.day(d.day)
    )
    s = st()
    story: list[Flowable] = [
        para(title, s.title),
        para(d.identity.name, s.bold),
        para(
            _("Exchange point {code} · {name}").format(code=d.counter_code, name=d.counter_name),
            s.body,
        ),
        para(_("Till sessions closed: {count}").format(count=fmt.count(len(d.sessions))), s.body),
        section(_("Till sessions"), _sessions(d)),
        section(_("Operations of the day"), totals_table(d.period, d.unit)),
        section(_("Euros received by payment method"), methods_table(d.methods)),
        section(_("Differences of the day"), _differences(d)),
        para(_("Z reports and their hashes"), s.heading),
    ]
    for z in d.sessions:
        story += [
            para(
                _("Z no. {seq} · session {session}").format(seq=z.closing_seq, session=z.label),
                s.bold,
            ),
            hash_lines(
                [
                    (_("Hash of the closing"), z.hash),
                    (_("Hash of the last entry covered"), z.covered_hash),
                ]
            ),
            Spacer(1, 4),
        ]
    footer = f"{d.identity.name} · {title}"
    return build(story, title=title, author=d.identity.name, footer=footer)


def _sessions(d: DayData) -> Flowable:
    s = st()
    head = [
        para(x, s.bold)
        for x in (_("Z no."), _("Session"), _("Opened"), _("Closed"), _("Closed by"), _("Entries"))
    ]
    rows = [head]
    for z in d.sessions:
        span = "–" if z.first_txn is None else f"{z.first_txn}–{z.last_txn}"
        rows.append(
            [
                para(str(z.closing_seq), s.body),
                para(z.label, s.body),
                para(fmt.moment(z.opened_at), s.body),
                para(fmt.moment(z.closed_at), s.body),
                para(z.closed_by, s.body),
                para(f"{fmt.count(z.entries)} ({span})", s.body),
            ]
        )
    w = WIDTH
    return grid(rows, [0.08 * w, 0.1 * w, 0.22 * w, 0.22 * w, 0.2 * w, 0.18 * w])


def _differences(d: DayData) -> Flowable:
    s = st()
    rows = [
        [para(_("In the till"), s.bold), para(_("Difference"), s.right_bold)],
        [para(_("Cash"), s.body), difference(d.differences["cash"])],
        [para(_("Notes"), s.body), difference(d.differences["notes"], d.unit)],
        [para(_("Cheques"), s.body), difference(d.differences["cheques"], EUR)],
    ]
    return grid(rows, [0.43 * WIDTH, 0.22 * WIDTH])
