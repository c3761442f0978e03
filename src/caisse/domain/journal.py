"""Journal entries: balanced per commodity, canonically serialised, hash-chained.

The hash covers what the entry means (sequence, time, actor, counter, operation, lines,
references), never a row id, so a restored copy still verifies.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from caisse.domain.errors import RuleViolation
from caisse.i18n import N_

GENESIS_HASH = "0" * 64


@dataclass(frozen=True)
class Line:
    account: str
    commodity: str
    amount: int  # cents; positive is a debit, negative a credit

    def __post_init__(self) -> None:
        if type(self.amount) is not int:
            raise TypeError("journal amounts are integer cents")


@dataclass(frozen=True)
class Entry:
    """One transaction of the journal, before or after it is written."""

    at: str  # ISO 8601 with offset, to the second
    actor: str  # the user's stable id
    operation: str
    lines: tuple[Line, ...]
    counter: str | None = None  # the exchange point's code
    member: str | None = None  # the member's pseudonymous id, never a name
    receipt: str | None = None
    reverses: int | None = None  # sequence number of the entry this one corrects
    memo: str = ""
    details: dict[str, Any] = field(default_factory=dict)
    session: str | None = None  # the till session's uid, for counter operations

    def check_balanced(self) -> None:
        """Refuse an entry that does not balance in each commodity on its own."""
        if not self.lines:
            raise RuleViolation(N_("A journal entry needs at least one line."))
        totals: dict[str, int] = defaultdict(int)
        for line in self.lines:
            totals[line.commodity] += line.amount
        unbalanced = {c: t for c, t in totals.items() if t != 0}
        if unbalanced:
            raise RuleViolation(
                N_("The entry does not balance: {detail}."),
                detail=", ".join(f"{c} {t:+d}" for c, t in sorted(unbalanced.items())),
            )

    def canonical(self, seq: int) -> str:
        fields: dict[str, Any] = {
            "seq": seq,
            "at": self.at,
            "actor": self.actor,
            "counter": self.counter,
            "operation": self.operation,
            "member": self.member,
            "receipt": self.receipt,
            "reverses": self.reverses,
            "memo": self.memo,
            "details": self.details,
            "lines": [[ln.account, ln.commodity, ln.amount] for ln in self.lines],
        }
        if self.session is not None:  # absent from entries older than till sessions
            fields["session"] = self.session
        return canonical_json(fields)

    def chain_hash(self, seq: int, prev_hash: str) -> str:
        return chain_hash(prev_hash, self.canonical(seq))

    def reversal(self, at: str, actor: str, seq: int, reason: str) -> Entry:
        """The entry that cancels this one, referencing it."""
        return Entry(
            at=at,
            actor=actor,
            operation=self.operation,
            lines=tuple(Line(ln.account, ln.commodity, -ln.amount) for ln in self.lines),
            counter=self.counter,
            member=self.member,
            reverses=seq,
            memo=reason,
        )


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def chain_hash(prev_hash: str, canonical: str) -> str:
    return hashlib.sha256((prev_hash + canonical).encode("utf-8")).hexdigest()
