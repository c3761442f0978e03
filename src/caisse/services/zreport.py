"""The figures of a Z: a till session's totals, the exchange point's perpetual totals, the
count and its differences. Written once into the closing, which is chained and never changes;
the PDF is drawn from it."""

from __future__ import annotations

import json
from typing import Any

from caisse.domain.money import EUR
from caisse.store.db import Store

#: keys of the totals; "corrections" gathers the reversing entries whatever they cancel
CORRECTIONS = "corrections"


def totals(store: Store, where: str, params: tuple[Any, ...]) -> dict[str, dict[str, int]]:
    """Per operation: number of entries and amounts moved in euros and in units."""
    result: dict[str, dict[str, int]] = {}
    for row in store.rows(
        "SELECT CASE WHEN t.reverses IS NULL THEN t.operation ELSE ? END AS operation, "
        "COUNT(DISTINCT t.seq) AS count, "
        "COALESCE(SUM(CASE WHEN p.commodity = ? AND p.amount > 0 THEN p.amount END), 0) AS eur, "
        "COALESCE(SUM(CASE WHEN p.commodity <> ? AND p.amount > 0 THEN p.amount END), 0) "
        "AS units FROM txn t JOIN posting p ON p.txn_seq = t.seq "
        f"WHERE {where} GROUP BY 1 ORDER BY 1",
        (CORRECTIONS, EUR, EUR, *params),
    ):
        result[row["operation"]] = {"count": row["count"], "eur": row["eur"],
                                    "units": row["units"]}  # fmt: skip
    return result


def perpetual(store: Store, counter: str, last: int) -> dict[str, dict[str, int]]:
    """The exchange point's totals since its first entry, up to entry ``last``: the previous
    Z's perpetual totals plus what came after it, so a closing costs the same in year ten."""
    previous = store.one(
        "SELECT last_txn, report FROM closing WHERE counter = ? ORDER BY seq DESC LIMIT 1",
        (counter,),
    )
    if previous is None:
        return totals(store, "t.counter = ? AND t.seq <= ?", (counter, last))
    result = {
        op: dict(figures) for op, figures in json.loads(previous["report"])["perpetual"].items()
    }
    since = totals(store, "t.counter = ? AND t.seq > ? AND t.seq <= ?",
                   (counter, previous["last_txn"], last))  # fmt: skip
    for op, figures in since.items():
        into = result.setdefault(op, {"count": 0, "eur": 0, "units": 0})
        for key, value in figures.items():
            into[key] += value
    return dict(sorted(result.items()))


def by_method(store: Store, session_uid: str) -> dict[str, int]:
    """Euros received in the session by payment method (exchanges and fees, net of their
    corrections)."""
    result: dict[str, int] = {}
    for row in store.rows(
        "SELECT json_extract(o.details, '$.method') AS method, "
        "SUM(CASE WHEN t.reverses IS NULL THEN p.amount ELSE -p.amount END) AS eur "
        "FROM txn t JOIN txn o ON o.seq = COALESCE(t.reverses, t.seq) "
        "JOIN posting p ON p.txn_seq = t.seq AND p.commodity = ? "
        "AND ((t.reverses IS NULL AND p.amount > 0) OR (t.reverses IS NOT NULL AND p.amount < 0)) "
        "WHERE t.session = ? AND o.operation IN ('exchange', 'membership') GROUP BY 1",
        (EUR, session_uid),
    ):
        result[row["method"] or "cash"] = row["eur"]
    return result


def session_report(
    store: Store,
    session_uid: str,
    expected: Any,
    count: Any,
    diff: Any,
    comment: str,
    recounted: bool,
) -> dict[str, Any]:
    from caisse.services import settings

    session = store.one(
        "SELECT s.*, o.name AS opened_by_name, c.name AS closed_by_name, k.name AS counter_name "
        "FROM till_session s LEFT JOIN user o ON o.uid = s.opened_by "
        "LEFT JOIN user c ON c.uid = s.closed_by LEFT JOIN counter k ON k.code = s.counter "
        "WHERE s.uid = ?",
        (session_uid,),
    )
    assert session is not None
    span = store.one("SELECT MIN(seq) AS first, MAX(seq) AS last, COUNT(*) AS n FROM txn "
                     "WHERE session = ?", (session_uid,))  # fmt: skip
    assert span is not None
    last = store.scalar("SELECT MAX(seq) FROM txn") or 0
    return {
        "association": settings.association(store).name,
        "unit": settings.currency(store).code,
        "counter": session["counter"],
        "counter_name": session["counter_name"],
        "session_number": session["number"],
        "opened_at": session["opened_at"],
        "opened_by": session["opened_by_name"],
        "closed_at": session["closed_at"],
        "closed_by": session["closed_by_name"],
        "entries": span["n"],
        "first_txn": span["first"],
        "last_txn": span["last"],
        "period": totals(store, "t.session = ?", (session_uid,)),
        "methods": by_method(store, session_uid),
        "perpetual": perpetual(store, session["counter"], last),
        "expected": {
            "cash": expected.cash.cents,
            "notes": expected.notes.cents,
            "cheques": expected.cheques_total.cents,
            "cards": expected.cards.cents,
        },
        "counted": {
            "cash": expected.cash.cents + diff.cash,
            "notes": expected.notes.cents + diff.notes,
            "cheques": expected.cheques_total.cents
            - sum(c["amount"] for c in diff.cheques_missing),
        },
        "differences": {
            "cash": diff.cash,
            "notes": diff.notes,
            "cheques": -sum(c["amount"] for c in diff.cheques_missing),
        },
        "cheques_missing": [c["receipt"] for c in diff.cheques_missing],
        "count": count.as_json(),
        "comment": comment.strip(),
        "recounted": recounted,
    }
