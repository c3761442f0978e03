"""Member cards: the card of a member as PDF (see ``documents.member_card``), logged."""

from __future__ import annotations

from datetime import date

from caisse.documents.member_card import LAYOUTS, MemberCard, render_member_card
from caisse.domain.errors import InputError, RuleViolation
from caisse.domain.roles import Permission
from caisse.i18n import N_
from caisse.services import events, members, settings
from caisse.services.context import Context

PRINTED = "member_card_printed"


def card_pdf(ctx: Context, uid: str, layout: str = "a4") -> bytes:
    """The member card of member ``uid``: on an A4 sheet with crop marks ("a4") or on a page
    the size of the card ("card"), for a card printer. Refused for an erased member, a member
    who left, and one who never paid a fee (the card says until when it is valid)."""
    ctx.require(Permission.EDIT_MEMBERS)
    if layout not in LAYOUTS:
        raise InputError(
            N_('Unknown member card layout "{layout}": choose a4 or card.'), layout=layout
        )
    store = ctx.store
    with store.transaction():
        row = members.by_uid(store, uid)
        if members.is_erased(row):
            raise RuleViolation(
                N_("Member {number} was erased: a card would carry no name."),
                number=row["number"],
            )
        name = members.display_name(row)
        if members.status(row, ctx.today()) == "left":
            raise RuleViolation(
                N_(
                    "{name} left the association on {date}: no card is printed for a former "
                    "member. If they come back, record it first."
                ),
                name=name,
                date=date.fromisoformat(row["left_on"]),
            )
        if not row["membership_until"]:
            raise RuleViolation(
                N_("{name} has not paid a membership fee yet: record it, then print the card."),
                name=name,
            )
        kind = "partner" if row["is_partner"] else row["kind"]
        card = MemberCard(
            association=settings.association(store).name,
            name=name,
            number=row["number"],
            kind=kind,
            valid_until=date.fromisoformat(row["membership_until"]),
        )
        pdf = render_member_card(card, layout)
        events.record(store, PRINTED, actor=ctx.actor.uid, at=ctx.now_iso(), member=uid,
                      layout=layout)  # fmt: skip
    return pdf
