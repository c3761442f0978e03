"""The Z of a till session as PDF: A4 portrait, numbered "page x / n"."""

from __future__ import annotations

from reportlab.platypus import Flowable, Spacer

from caisse.documents import formats as fmt
from caisse.documents.layout import grid, para
from caisse.documents.model import ZData
from caisse.documents.report_parts import (
    WIDTH,
    build,
    difference,
    hash_lines,
    methods_table,
    pairs,
    section,
    side_by_side,
    st,
    totals_table,
)
from caisse.domain.money import EUR
from caisse.i18n import _


def render_z(z: ZData) -> bytes:
    title = _("Z report of till session {session}").format(session=z.session_label)
    s = st()
    story: list[Flowable] = [
        para(title, s.title),
        para(z.identity.name, s.bold),
        para(
            _("Exchange point {code} · {name}").format(code=z.counter_code, name=z.counter_name),
            s.body,
        ),
        Spacer(1, 4),
        pairs(_session_facts(z)),
        section(_("Operations of the session"), totals_table(z.period, z.unit)),
        section(_("Euros received by payment method"), methods_table(z.methods)),
        *_till(z),
        section(
            _("Perpetual totals of the exchange point"),
            para(
                _("Every entry of the exchange point up to entry {seq}.").format(seq=z.covered_txn),
                s.small,
            ),
            Spacer(1, 2),
            totals_table(z.perpetual, z.unit),
        ),
        section(_("Integrity"), *_chain(z)),
    ]
    footer = f"{z.identity.name} · {title}"
    return build(story, title=title, author=z.identity.name, footer=footer)


def _session_facts(z: ZData) -> list[tuple[str, str]]:
    if z.first_txn is None:
        covered = _("none")
    else:
        covered = _("{count} entries, no. {first} to {last}").format(
            count=fmt.count(z.entries), first=z.first_txn, last=z.last_txn
        )
    return [
        (_("Opened"), _("{at}, by {name}").format(at=fmt.moment(z.opened_at), name=z.opened_by)),
        (_("Closed"), _("{at}, by {name}").format(at=fmt.moment(z.closed_at), name=z.closed_by)),
        (_("Entries covered"), covered),
        (_("Closing no."), str(z.closing_seq)),
    ]


def _till(z: ZData) -> list[Flowable]:
    s = st()
    head = [
        para(_("In the till"), s.bold),
        para(_("Expected"), s.right_bold),
        para(_("Counted"), s.right_bold),
        para(_("Difference"), s.right_bold),
    ]
    rows = [head]
    for r in z.till:
        rows.append(
            [
                para(r.label, s.body),
                para(fmt.money(r.expected, r.commodity), s.right),
                para("–" if r.counted is None else fmt.money(r.counted, r.commodity), s.right),
                difference(r.difference, r.commodity),
            ]
        )
    table = grid(rows, [0.43 * WIDTH, 0.19 * WIDTH, 0.19 * WIDTH, 0.19 * WIDTH])
    facts = []
    if z.cheques_missing:
        facts.append((_("Cheques missing"), ", ".join(z.cheques_missing)))
    facts.append((_("Recounted"), _("yes") if z.recounted else _("no")))
    facts.append((_("Comment"), z.comment or "–"))
    counts = side_by_side(
        _pieces(_("Euros"), z.euros_count, EUR), _pieces(_("Notes"), z.notes_count, z.unit)
    )
    return [
        section(_("Till: expected and counted"), table, Spacer(1, 4), pairs(facts, columns=1)),
        section(_("Count by denomination"), counts),
    ]


def _pieces(title: str, pieces: tuple[tuple[int, int], ...], commodity: str) -> Flowable:
    s = st()
    rows = [[para(title, s.bold), para(_("Pieces"), s.right_bold), para(_("Amount"), s.right_bold)]]
    for denomination, n in pieces:
        rows.append(
            [
                para(fmt.money(denomination, commodity), s.body),
                para(fmt.count(n), s.right),
                para(fmt.money(denomination * n, commodity), s.right),
            ]
        )
    if not pieces:
        rows.append([para(_("nothing counted"), s.small), "", ""])
    total = sum(d * n for d, n in pieces)
    rows.append([para(_("Total"), s.bold), "", para(fmt.money(total, commodity), s.right_bold)])
    w = WIDTH / 2 - 12
    return grid(rows, [0.4 * w, 0.22 * w, 0.38 * w], total_rows=1)


def _chain(z: ZData) -> list[Flowable]:
    s = st()
    return [
        para(
            _(
                "Closing no. {seq}, written {at}, is chained to the previous closing and covers "
                "the journal up to entry {entry}."
            ).format(seq=z.closing_seq, at=fmt.moment(z.closing_at), entry=z.covered_txn),
            s.body,
        ),
        Spacer(1, 3),
        hash_lines(
            [
                (_("Hash of this closing"), z.closing_hash),
                (_("Hash of the previous closing"), z.prev_hash),
                (_("Hash of entry {seq}").format(seq=z.covered_txn), z.covered_hash),
            ]
        ),
    ]
