"""The dry run: what each row of a file will do, and why a row is refused."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from caisse.domain.csvfile import ColumnMap, CsvTable, read_table
from caisse.domain.csvfile.rows import ParsedRow, Payment, Person, Skipped, parse_row
from caisse.domain.errors import CaisseError, InputError
from caisse.domain.text import fold
from caisse.i18n import N_
from caisse.services.members import MemberFields
from caisse.store.db import Store

from .mappings import choose_mapping

#: told (rows done, rows in all) as the work goes; it may raise :class:`Cancelled` to stop
Progress = Callable[[int, int], None]
#: how many rows between two calls of a :data:`Progress`
PROGRESS_EVERY = 250


class Cancelled(CaisseError):
    """The person stopped the dry run or the import: nothing was written."""

    def __init__(self) -> None:
        super().__init__(N_("The import was cancelled: nothing was written."))


def no_progress(done: int, total: int) -> None:
    return None


ACTIONS = ("create", "update", "membership", "unchanged", "skipped", "refused")
#: member fields an import may change (never the kind or the number)
UPDATABLE = (
    "first_name", "last_name", "organisation", "email", "phone", "address", "postcode", "commune",
)  # fmt: skip


@dataclass
class PlanRow:
    line: int
    action: str
    name: str
    reason: str = ""
    member_uid: str | None = None  # an existing member
    same_as: int | None = None  # the line that creates this member earlier in the file
    person: Person | None = None
    changes: dict[str, Any] = field(default_factory=dict)
    external_ref: str = ""
    payment: Payment | None = None  # a fee to record


@dataclass
class ImportPlan:
    rows: list[PlanRow]
    source: str
    encoding: str
    delimiter: str
    signature: str
    mapping_to_remember: dict[str, str] | None = None

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    @property
    def memberships(self) -> int:
        return sum(1 for r in self.rows if r.payment is not None)

    @property
    def to_write(self) -> list[PlanRow]:
        return [r for r in self.rows if r.action in ("create", "update", "membership")]

    @property
    def refused(self) -> list[PlanRow]:
        return [r for r in self.rows if r.action in ("refused", "skipped")]


class _Registry:
    """The members already there and those the file creates, found the way an import looks."""

    def __init__(self, store: Store) -> None:
        self.by_ref: dict[str, dict[str, Any]] = {}
        self.by_identity: dict[tuple[str, str, str], dict[str, Any]] = {}
        for row in store.rows(
            "SELECT uid, kind, external_ref, membership_until, consent_newsletter, "
            f"{', '.join(UPDATABLE)} FROM member WHERE external_ref <> '' OR email <> ''"
        ):
            self.add(row)
        self.paid = {
            (r["source"], r["reference"])
            for r in store.rows(
                "SELECT json_extract(details, '$.source') AS source, "
                "json_extract(details, '$.reference') AS reference FROM txn "
                "WHERE operation = 'membership' AND json_extract(details, '$.method') = 'online'"
            )
        }

    @staticmethod
    def identity(email: str, last: str, first: str) -> tuple[str, str, str]:
        return (email.strip().casefold(), fold(last), fold(first))

    def add(self, row: dict[str, Any]) -> None:
        if row["external_ref"]:
            self.by_ref[row["external_ref"]] = row
        if row["email"]:
            key = self.identity(row["email"], row["last_name"], row["first_name"])
            self.by_identity.setdefault(key, row)

    def find(self, external_ref: str, person: Person) -> dict[str, Any] | None:
        if external_ref and external_ref in self.by_ref:
            return self.by_ref[external_ref]
        if person.email:
            key = self.identity(person.email, person.last_name, person.first_name)
            return self.by_identity.get(key)
        return None


def plan(
    store: Store,
    data: bytes,
    mapping: Mapping[str, str] | None = None,
    progress: Progress = no_progress,
) -> ImportPlan:
    """Read the file and say, row by row, what importing it would do. Writes nothing."""
    table = read_table(data)
    columns, remember = choose_mapping(store, table.header, mapping)
    registry = _Registry(store)
    result = ImportPlan([], columns.source, table.encoding, table.delimiter,
                        _signature(table), remember)  # fmt: skip
    seen: dict[str, int] = {}
    total = len(table.rows)
    for done, (line, values) in enumerate(table.rows):
        if done % PROGRESS_EVERY == 0:
            progress(done, total)
        result.rows.append(_plan_row(registry, columns, line, values, seen))
    progress(total, total)
    return result


def _signature(table: CsvTable) -> str:
    from caisse.domain.csvfile import signature

    return signature(table.header)


def _plan_row(
    registry: _Registry, columns: ColumnMap, line: int, values: tuple[str, ...],
    seen: dict[str, int],
) -> PlanRow:  # fmt: skip
    row_values = columns.values(values)
    name = _name(row_values)
    try:
        parsed = parse_row(row_values, membership=columns.has_membership)
        _check_fields(parsed.person)
    except Skipped as exc:
        return PlanRow(line, "skipped", name, str(exc))
    except InputError as exc:
        return PlanRow(line, "refused", name, str(exc))
    reference = row_values.get_text("reference") or _synthetic_reference(parsed)
    if reference in seen:
        if row_values.get_text("reference"):
            error = InputError(
                N_("The order {reference} is already on line {line}: this row is left out."),
                reference=reference,
                line=seen[reference],
            )
        else:
            error = InputError(
                N_("The same row is already on line {line}: this one is left out."),
                line=seen[reference],
            )
        return PlanRow(line, "refused", name, str(error))
    seen[reference] = line
    external_ref = f"{columns.source}:{reference}" if row_values.get_text("reference") else ""
    payment = parsed.payment
    if payment is not None:
        payment = Payment(reference, payment.paid_on, payment.fee_cents, payment.tariff)
        if (columns.source, reference) in registry.paid:
            payment = None
    return _against_registry(registry, line, name, parsed.person, external_ref, payment)


def _against_registry(
    registry: _Registry, line: int, name: str, person: Person, external_ref: str,
    payment: Payment | None,
) -> PlanRow:  # fmt: skip
    found = registry.find(external_ref, person)
    if found is None:
        new = _as_member_row(person, external_ref, line)
        registry.add(new)
        return PlanRow(line, "create", name, person=person, external_ref=external_ref,
                       payment=payment)  # fmt: skip
    changes = _changes(found, person, external_ref)
    found.update(changes)
    action = "update" if changes else "membership" if payment else "unchanged"
    return PlanRow(
        line, action, name, member_uid=found.get("uid"), same_as=found.get("line"),
        person=person, changes=changes, payment=payment,
    )  # fmt: skip


def _changes(found: dict[str, Any], person: Person, external_ref: str) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    for key in UPDATABLE:
        value = getattr(person, key)
        if value and value != found[key]:
            changes[key] = value
    consent = person.consent_newsletter
    if consent is not None and int(consent) != found["consent_newsletter"]:
        changes["consent_newsletter"] = int(consent)
    if external_ref and not found["external_ref"]:
        changes["external_ref"] = external_ref
    return changes


def _as_member_row(person: Person, external_ref: str, line: int) -> dict[str, Any]:
    row: dict[str, Any] = {k: getattr(person, k) for k in UPDATABLE}
    row.update(
        uid=None, line=line, kind=person.kind, external_ref=external_ref,
        membership_until=None, consent_newsletter=int(bool(person.consent_newsletter)),
    )  # fmt: skip
    return row


def _check_fields(person: Person) -> None:
    MemberFields(
        kind=person.kind,
        first_name=person.first_name,
        last_name=person.last_name,
        organisation=person.organisation,
        email=person.email,
        phone=person.phone,
        postcode=person.postcode,
        commune=person.commune,
    ).cleaned()


def _name(values: Mapping[str, str]) -> str:
    person = " ".join(v for v in (values.get("first_name", ""), values.get("last_name", "")) if v)
    organisation = values.get("organisation", "")
    if organisation and person:
        return f"{organisation} ({person})"
    return organisation or person


def _synthetic_reference(parsed: ParsedRow) -> str:
    """A file without order references: the same person, day and amount is the same payment."""
    p, pay = parsed.person, parsed.payment
    key = "|".join(
        (fold(p.last_name), fold(p.first_name), fold(p.organisation), p.email.casefold(),
         pay.paid_on.isoformat() if pay else "", str(pay.fee_cents) if pay else "")
    )  # fmt: skip
    return "row-" + hashlib.sha256(key.encode()).hexdigest()[:16]
