"""Who may do what. Services check it; the GUI only hides what would be refused anyway."""

from __future__ import annotations

from enum import StrEnum

from caisse.i18n import N_


class Role(StrEnum):
    VOLUNTEER = "volunteer"
    TREASURER = "treasurer"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.VOLUNTEER: N_("Volunteer"),
    Role.TREASURER: N_("Treasurer"),
    Role.ADMIN: N_("Administrator"),
}


class Permission(StrEnum):
    EXCHANGE = "exchange"
    MEMBERSHIP = "membership"
    EDIT_MEMBERS = "edit_members"
    DEPOSIT = "deposit"
    RECONVERT = "reconvert"
    PAY_PARTNERS = "pay_partners"
    SUPPLY = "supply"
    RECEIVE_NOTES = "receive_notes"
    SETTINGS = "settings"
    MANAGE_USERS = "manage_users"
    MANAGE_COUNTERS = "manage_counters"
    BACKUP = "backup"
    EXPORT_MEMBERS = "export_members"
    EDIT_DIRECTORY = "edit_directory"
    MANAGE_VOUCHERS = "manage_vouchers"
    REDEEM_VOUCHERS = "redeem_vouchers"
    CLOSE_PERIODS = "close_periods"
    RECONCILE_BANK = "reconcile_bank"


PERMISSION_LABELS = {
    Permission.EXCHANGE: N_("record an exchange"),
    Permission.MEMBERSHIP: N_("record a membership fee"),
    Permission.EDIT_MEMBERS: N_("add or edit members"),
    Permission.DEPOSIT: N_("record a bank deposit"),
    Permission.RECONVERT: N_("reconvert a partner's notes"),
    Permission.PAY_PARTNERS: N_("record a payment to a partner"),
    Permission.SUPPLY: N_("move notes between the vault and a counter"),
    Permission.RECEIVE_NOTES: N_("manage the vault: notes received, destroyed and counted"),
    Permission.SETTINGS: N_("change the settings"),
    Permission.MANAGE_USERS: N_("manage users"),
    Permission.MANAGE_COUNTERS: N_("manage exchange points"),
    Permission.BACKUP: N_("make a backup"),
    Permission.EXPORT_MEMBERS: N_("export the member list"),
    Permission.EDIT_DIRECTORY: N_("edit the partner directory"),
    Permission.MANAGE_VOUCHERS: N_("manage voucher programmes and issue vouchers"),
    Permission.REDEEM_VOUCHERS: N_("redeem a voucher"),
    Permission.CLOSE_PERIODS: N_("close a month or a year"),
    Permission.RECONCILE_BANK: N_("import and match the guarantee fund's bank statement"),
}

_COUNTER_WORK = {
    Permission.EXCHANGE,
    Permission.MEMBERSHIP,
    Permission.EDIT_MEMBERS,
    Permission.DEPOSIT,
    Permission.REDEEM_VOUCHERS,
}

GRANTS: dict[Role, frozenset[Permission]] = {
    Role.VOLUNTEER: frozenset(_COUNTER_WORK),
    Role.TREASURER: frozenset(
        _COUNTER_WORK
        | {
            Permission.RECONVERT,
            Permission.PAY_PARTNERS,
            Permission.SUPPLY,
            Permission.RECEIVE_NOTES,
            Permission.BACKUP,
            Permission.EXPORT_MEMBERS,
            Permission.EDIT_DIRECTORY,
            Permission.MANAGE_VOUCHERS,
            Permission.CLOSE_PERIODS,
            Permission.RECONCILE_BANK,
        }
    ),
    Role.ADMIN: frozenset(Permission),
}


def allows(role: Role, permission: Permission) -> bool:
    return permission in GRANTS[role]
