"""The vault: notes received from the printer, notes destroyed, the vault counted, by denomination.

Postings (debit positive), in the unit:
- notes received (``receive_notes``): vault +U, notes_printed -U
- notes destroyed (``destroy_notes``): notes_destroyed +U, vault -U
- a count that differs (``vault_count``): vault +d, lost_found_notes -d (+ found, - missing)

The journal knows the vault by amount. Deliveries and destructions say their denominations in
their details, a count says what it found; supplies to counters and returns do not, so the vault
by denomination is the last count's, plus the notes received and less the notes destroyed since,
beside what moved by amount only. A count that agrees moves no money: it is kept in the event log
(the journal refuses an entry without lines), with the journal's last entry at that moment.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from caisse.domain import accounts as acc
from caisse.domain.errors import InputError, RuleViolation
from caisse.domain.journal import Entry, Line
from caisse.domain.money import Money
from caisse.domain.roles import Permission
from caisse.domain.serials import SerialRange, first_overlap
from caisse.i18n import N_
from caisse.services import events, settings
from caisse.services.context import Context
from caisse.services.ledger import Receipt, post
from caisse.store import journal
from caisse.store.db import Store

RECEIVE, DESTROY, COUNT = "receive_notes", "destroy_notes", "vault_count"
OPERATIONS = (RECEIVE, DESTROY, COUNT)

Notes = Mapping[int, int]  # denomination (cents) -> number of notes
Serials = Mapping[int, Sequence[SerialRange]]  # denomination (cents) -> its serial ranges


# --- checks -------------------------------------------------------------------------------------
def _checked_notes(store: Store, notes: Notes, *, empty_ok: bool = False) -> dict[int, int]:
    """The notes by denomination, largest first, those at zero left out; only the currency's
    notes, whole and not negative."""
    currency = settings.currency(store)
    kept: dict[int, int] = {}
    for denomination, number in notes.items():
        if denomination not in currency.denominations:
            raise InputError(
                N_("There is no note of {value} in this currency: its notes are {notes}."),
                value=currency.unit(denomination) if denomination > 0 else denomination,
                notes=", ".join(currency.unit(d).display() for d in currency.denominations),
            )
        if type(number) is not int or number < 0:
            raise InputError(N_("A number of notes is a whole number, zero or more."))
        if number:
            kept[denomination] = number
    if not kept and not empty_ok:
        raise InputError(N_("Give the number of notes of at least one denomination."))
    return dict(sorted(kept.items(), reverse=True))


def _total(notes: Notes) -> int:
    return sum(d * n for d, n in notes.items())


def _checked_serials(store: Store, notes: Notes, serials: Serials) -> list[tuple[int, SerialRange]]:
    """(denomination, range) pairs; a denomination's ranges hold as many notes as declared."""
    unit = settings.currency(store).code
    pairs: list[tuple[int, SerialRange]] = []
    for denomination, ranges in sorted(serials.items(), reverse=True):
        if not ranges:
            continue
        size = sum(r.size for r in ranges)
        if size != notes.get(denomination, 0):
            raise InputError(
                N_("The serials given for the notes of {value} number {size} notes, but "
                   "{declared} are declared: correct the ranges or the number of notes."),
                value=Money(denomination, unit), size=size,
                declared=notes.get(denomination, 0),
            )  # fmt: skip
        pairs += [(denomination, r) for r in sorted(ranges)]
    clash = first_overlap(r for _d, r in pairs)
    if clash is not None:
        raise InputError(
            N_("The serials {first} and {second} overlap: each note is given once."),
            first=clash[0].text, second=clash[1].text,
        )  # fmt: skip
    return pairs


def _serials_json(pairs: list[tuple[int, SerialRange]]) -> list[dict[str, Any]]:
    return [{"denomination": d, **r.as_json()} for d, r in pairs]


def _notes_json(notes: Notes) -> dict[str, int]:
    return {str(d): n for d, n in notes.items()}


def _notes_from_json(data: Mapping[str, Any] | None) -> dict[int, int]:
    """Largest note first (the JSON text sorts its keys as text)."""
    return dict(sorted(((int(d), int(n)) for d, n in (data or {}).items() if n), reverse=True))


@dataclass(frozen=True)
class Recorded:
    """A serial range already in the journal: received or destroyed, by which entry."""

    seq: int
    at: str
    operation: str
    denomination: int
    range: SerialRange
    reference: str  # the delivery note, or the reason of a destruction
    cancelled: bool  # the entry was corrected: its serials no longer count


def serial_ranges(store: Store, operation: str | None = None) -> list[Recorded]:
    """Every serial range received or destroyed, by prefix and first serial: which serials
    exist, and which were taken out of circulation for good."""
    found = []
    for row in _vault_entries(store, (RECEIVE, DESTROY) if operation is None else (operation,)):
        details = row["details"]
        reference = details.get("reference") or details.get("reason") or ""
        for item in details.get("serials") or ():
            found.append(
                Recorded(
                    row["seq"],
                    row["at"],
                    row["operation"],
                    int(item["denomination"]),
                    SerialRange.from_json(item),
                    reference,
                    row["cancelled"],
                )
            )
    return sorted(found, key=lambda r: (r.range.prefix, r.range.first, r.seq))


def _vault_entries(store: Store, operations: Sequence[str], after: int = 0) -> list[dict[str, Any]]:
    """The vault's entries of these operations after entry ``after``, oldest first, found by
    their posting to the vault (an indexed account), each marked when it was corrected."""
    marks = ",".join("?" * len(operations))
    rows = store.rows(
        "SELECT DISTINCT t.seq, t.at, t.operation, t.reverses, t.details, "
        "EXISTS (SELECT 1 FROM txn c WHERE c.reverses = t.seq) AS cancelled "
        "FROM posting p JOIN txn t ON t.seq = p.txn_seq "
        f"WHERE p.account = ? AND t.seq > ? AND t.operation IN ({marks}) ORDER BY t.seq",
        (acc.VAULT, after, *operations),
    )
    for row in rows:
        row["details"] = json.loads(row["details"])
        row["cancelled"] = bool(row["cancelled"])
    return rows


def _refuse_overlaps(store: Store, operation: str, pairs: list[tuple[int, SerialRange]]) -> None:
    """A serial already received (or destroyed) by an entry still standing is refused, naming
    that entry."""
    if not pairs:
        return
    for earlier in serial_ranges(store, operation):
        if earlier.cancelled:
            continue
        for _d, new in pairs:
            if new.overlaps(earlier.range):
                message = (
                    N_("The serials {serials} overlap {earlier}, received on {date} (journal "
                       "entry {seq}{reference}).")
                    if operation == RECEIVE
                    else N_("The serials {serials} overlap {earlier}, destroyed on {date} "
                            "(journal entry {seq}{reference}).")
                )  # fmt: skip
                raise RuleViolation(
                    message, serials=new.text, earlier=earlier.range.text,
                    date=datetime.fromisoformat(earlier.at).date(), seq=earlier.seq,
                    reference=f", {earlier.reference}" if earlier.reference else "",
                )  # fmt: skip


# --- the operations -----------------------------------------------------------------------------
def receive(
    ctx: Context, notes: Notes, serials: Serials | None = None, reference: str = "",
    memo: str = "",
) -> Receipt:  # fmt: skip
    """Notes delivered by the printer enter the vault, by denomination, with their serial
    ranges when the delivery note gives them."""
    ctx.require(Permission.RECEIVE_NOTES)
    store = ctx.store
    unit = settings.currency(store).code
    with store.transaction():
        kept = _checked_notes(store, notes)
        pairs = _checked_serials(store, kept, serials or {})
        _refuse_overlaps(store, RECEIVE, pairs)
        total = _total(kept)
        details: dict[str, Any] = {"notes": _notes_json(kept)}
        if pairs:
            details["serials"] = _serials_json(pairs)
        if reference.strip():
            details["reference"] = reference.strip()
        written = post(
            ctx, RECEIVE,
            [Line(acc.VAULT, unit, total), Line(acc.NOTES_PRINTED, unit, -total)],
            memo=memo.strip(), details=details,
        )  # fmt: skip
    return Receipt(None, written.seq, written.at, RECEIVE, None, None, (Money(total, unit),),
                   details)  # fmt: skip


def destroy(
    ctx: Context, notes: Notes, reason: str, witness: str, serials: Serials | None = None
) -> Receipt:
    """Worn, torn or withdrawn notes taken out of the vault and destroyed, before a witness."""
    ctx.require(Permission.RECEIVE_NOTES)
    if not reason.strip():
        raise InputError(N_("Say why the notes are destroyed (worn, torn, withdrawn)."))
    if not witness.strip():
        raise InputError(N_("Name the second person who saw the notes destroyed."))
    if witness.strip().casefold() == ctx.actor.name.strip().casefold():
        raise InputError(N_("The witness is a second person, not the one who records it."))
    store = ctx.store
    unit = settings.currency(store).code
    with store.transaction():
        kept = _checked_notes(store, notes)
        pairs = _checked_serials(store, kept, serials or {})
        _refuse_overlaps(store, DESTROY, pairs)
        total = _total(kept)
        held = journal.balance(store, acc.VAULT, unit)
        if held < total:
            raise RuleViolation(
                N_("The vault holds only {vault}; {units} of notes cannot be destroyed from it. "
                   "Return worn notes from the counters to the vault first."),
                vault=Money(held, unit), units=Money(total, unit),
            )  # fmt: skip
        details: dict[str, Any] = {
            "notes": _notes_json(kept), "reason": reason.strip(), "witness": witness.strip(),
        }  # fmt: skip
        if pairs:
            details["serials"] = _serials_json(pairs)
        written = post(
            ctx, DESTROY,
            [Line(acc.NOTES_DESTROYED, unit, total), Line(acc.VAULT, unit, -total)],
            memo=reason.strip(), details=details,
        )  # fmt: skip
    return Receipt(None, written.seq, written.at, DESTROY, None, None, (Money(total, unit),),
                   details)  # fmt: skip


@dataclass(frozen=True)
class VaultCount:
    """A count of the vault and what the journal held then."""

    at: str
    actor: str
    notes: dict[int, int]
    expected: int  # the vault's balance by the journal, cents
    seq: int | None  # the entry booking the difference; None: the count agreed
    after: int  # the journal's last entry when counted: what came after moved since
    comment: str = ""

    @property
    def counted(self) -> int:
        return _total(self.notes)

    @property
    def difference(self) -> int:
        return self.counted - self.expected


def count(ctx: Context, notes: Notes, comment: str = "") -> VaultCount:
    """The vault counted by denomination. A difference needs a comment (count again first); it
    is booked against lost and found notes. A count that agrees is kept in the event log."""
    ctx.require(Permission.RECEIVE_NOTES)
    store = ctx.store
    unit = settings.currency(store).code
    with store.transaction():
        kept = _checked_notes(store, notes, empty_ok=True)
        expected = journal.balance(store, acc.VAULT, unit)
        gap = _total(kept) - expected
        if gap and not comment.strip():
            raise RuleViolation(
                N_("The count ({counted}) differs from what the vault should hold ({expected}) "
                   "by {difference}: count again, then confirm with a comment."),
                counted=Money(_total(kept), unit), expected=Money(expected, unit),
                difference=("+" if gap > 0 else "") + Money(gap, unit).display(),
            )  # fmt: skip
        details = {"notes": _notes_json(kept), "counted": _total(kept), "expected": expected}
        if gap:
            written = post(
                ctx, COUNT,
                [Line(acc.VAULT, unit, gap), Line(acc.LOST_FOUND_NOTES, unit, -gap)],
                memo=comment.strip(), details={**details, "difference": gap},
            )  # fmt: skip
            return VaultCount(written.at, ctx.actor.uid, kept, expected, written.seq,
                              written.seq, comment.strip())  # fmt: skip
        at = ctx.now_iso()
        after = journal.last_link(store)[0]
        events.record(store, COUNT, ctx.actor.uid, at, **details, after=after,
                      comment=comment.strip())  # fmt: skip
    return VaultCount(at, ctx.actor.uid, kept, expected, None, after, comment.strip())


def last_count(store: Store) -> VaultCount | None:
    """The latest count: an entry that booked a difference, or an agreeing count of the event
    log, whichever came last."""
    found: list[VaultCount] = []
    row = store.one(
        "SELECT t.seq, t.at, t.actor, t.memo, t.details FROM txn t WHERE t.seq = (SELECT "
        "MAX(p.txn_seq) FROM posting p JOIN txn c ON c.seq = p.txn_seq WHERE p.account = ? "
        "AND c.operation = ? AND c.reverses IS NULL)",
        (acc.LOST_FOUND_NOTES, COUNT),
    )
    if row is not None:
        d = json.loads(row["details"])
        notes = _notes_from_json(d.get("notes"))
        found.append(VaultCount(row["at"], row["actor"], notes, int(d["expected"]), row["seq"],
                                row["seq"], row["memo"]))  # fmt: skip
    event = store.one(
        "SELECT at, actor, detail FROM event WHERE kind = ? ORDER BY id DESC LIMIT 1", (COUNT,)
    )
    if event is not None:
        d = json.loads(event["detail"])
        found.append(VaultCount(event["at"], event["actor"] or "", _notes_from_json(d["notes"]),
                                int(d["expected"]), None, int(d["after"]),
                                d.get("comment", "")))  # fmt: skip
    # an agreeing count made with no entry after a differing one came after it
    return max(found, key=lambda c: (c.after, c.seq is None), default=None)


# --- what the vault holds -----------------------------------------------------------------------
@dataclass(frozen=True)
class Holdings:
    """The vault now: its amount by the journal, and by denomination what is known of it."""

    balance: Money  # by the journal, now
    count: VaultCount | None  # the last count; None: never counted
    received: dict[int, int] = field(default_factory=dict)  # since the count, net of corrections
    destroyed: dict[int, int] = field(default_factory=dict)  # since the count, net

    @property
    def at_count(self) -> dict[int, int]:
        return dict(self.count.notes) if self.count else {}

    @property
    def by_denomination(self) -> dict[int, int]:
        """The last count's notes, plus those received and less those destroyed since."""
        known: dict[int, int] = {}
        for source, sign in ((self.at_count, 1), (self.received, 1), (self.destroyed, -1)):
            for d, n in source.items():
                known[d] = known.get(d, 0) + sign * n
        return dict(sorted(((d, n) for d, n in known.items() if n), reverse=True))

    @property
    def known(self) -> Money:
        return Money(_total(self.by_denomination), self.balance.commodity)

    @property
    def by_amount_only(self) -> Money:
        """What moved since the count without saying its denominations: supplies to counters,
        returns, deliveries recorded by amount."""
        return self.balance - self.known


def holdings(store: Store) -> Holdings:
    unit = settings.currency(store).code
    last = last_count(store)
    received: dict[int, int] = {}
    destroyed: dict[int, int] = {}
    rows = _vault_entries(store, (RECEIVE, DESTROY), last.after if last else 0)
    originals = {r["seq"]: r for r in _originals(store, rows)}
    for row in rows:
        sign = 1
        details = row["details"]
        if row["reverses"] is not None:  # a correction takes back the original's notes
            sign, details = -1, originals[row["reverses"]]["details"]
        into = received if row["operation"] == RECEIVE else destroyed
        for d, n in _notes_from_json(details.get("notes")).items():
            into[d] = into.get(d, 0) + sign * n
    return Holdings(
        Money(journal.balance(store, acc.VAULT, unit), unit), last,
        {d: n for d, n in received.items() if n}, {d: n for d, n in destroyed.items() if n},
    )  # fmt: skip


def _originals(store: Store, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    wanted = [r["reverses"] for r in rows if r["reverses"] is not None]
    if not wanted:
        return []
    found = store.rows(
        "SELECT seq, details FROM txn WHERE seq IN (SELECT value FROM json_each(?))",
        (json.dumps(wanted),),
    )
    for row in found:
        row["details"] = json.loads(row["details"])
    return found


# --- corrections --------------------------------------------------------------------------------
def refuse_correction(store: Store, original: Entry) -> None:
    """What ``ledger.correct`` checks of a vault entry: a count is not reversed (a new count
    replaces it), and a reversal never takes out of the vault more than it holds."""
    if original.operation == COUNT:
        raise RuleViolation(
            N_("A vault count is not corrected: count the vault again, and the new count books "
               "what differs.")
        )  # fmt: skip
    taken = sum(ln.amount for ln in original.lines if ln.account == acc.VAULT)
    if not original.lines or taken <= 0:
        return
    commodity = original.lines[0].commodity
    held = journal.balance(store, acc.VAULT, commodity)
    if held < taken:
        raise RuleViolation(
            N_("The vault holds only {vault}: cancelling this entry would take {units} out of "
               "it. Return notes to the vault first."),
            vault=Money(held, commodity), units=Money(taken, commodity),
        )  # fmt: skip
