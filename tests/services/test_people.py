import pytest
from tests.conftest import ADMIN_PASSWORD

from caisse.domain.errors import InputError, PermissionDenied, RuleViolation
from caisse.domain.roles import Role
from caisse.services import auth, counters, events, members, settings
from caisse.services.settings import Association


def test_secrets_are_hashed_never_stored(store, admin):
    stored = store.scalar("SELECT secret_hash FROM user WHERE login = 'admin'")
    assert ADMIN_PASSWORD not in stored and stored.startswith("scrypt$")


def test_failed_login_is_refused_and_logged(store, admin):
    with pytest.raises(PermissionDenied, match="Wrong user or password"):
        auth.login(store, "admin", "nope")
    assert events.recent(store, 1)[0]["kind"] == "login_failed"


def test_volunteer_may_not_manage_users_or_settings(volunteer):
    with pytest.raises(PermissionDenied):
        auth.create_user(volunteer, "x", "X", Role.ADMIN, "password123")
    with pytest.raises(PermissionDenied):
        settings.set_exchange_limit(volunteer, 1)
    with pytest.raises(PermissionDenied):
        counters.create(volunteer, "C09", "Nowhere")


def test_short_secrets_are_refused(admin):
    with pytest.raises(InputError, match="at least 4"):
        auth.create_user(admin, "v", "V", Role.VOLUNTEER, "12")
    with pytest.raises(InputError, match="at least 8"):
        auth.create_user(admin, "t", "T", Role.TREASURER, "1234")


def test_the_last_admin_cannot_be_removed(admin):
    with pytest.raises(RuleViolation, match="administrator must remain"):
        auth.update_user(admin, admin.actor.uid, active=False)


def test_deactivated_user_cannot_log_in(store, admin, volunteer):
    auth.update_user(admin, volunteer.actor.uid, active=False)
    with pytest.raises(PermissionDenied):
        auth.login(store, "benevole", "1234")


def test_member_numbers_carry_a_check_digit_and_search_ignores_accents(volunteer):
    a = members.create(volunteer, members.MemberFields(first_name="Héloïse", last_name="Ibarra"))
    b = members.create(
        volunteer,
        members.MemberFields(kind="organisation", organisation="Café du Port", is_partner=True),
    )
    assert a["number"] != b["number"] and len(a["number"]) == 6
    assert [r["uid"] for r in members.search(volunteer.store, "helo")] == [a["uid"]]
    assert [r["uid"] for r in members.search(volunteer.store, "CAFE port")] == [b["uid"]]
    assert members.count(volunteer.store, "") == 2


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (members.MemberFields(first_name="Only"), "last name"),
        (members.MemberFields(kind="organisation"), "organisation needs"),
        (members.MemberFields(last_name="X", is_partner=True), "Only an organisation"),
        (members.MemberFields(last_name="X", email="not-an-email"), "e-mail"),
    ],
)
def test_bad_member_fields(volunteer, fields, message):
    with pytest.raises(InputError, match=message):
        members.create(volunteer, fields)
    assert members.count(volunteer.store) == 0


def test_settings_changes_are_logged(admin):
    settings.set_association(admin, Association("Nouvelle Monnaie", commune="Pau"))
    event = events.recent(admin.store, 1)[0]
    assert event["kind"] == "setting_changed" and event["detail"]["key"] == "association"


def test_bad_siret_is_refused():
    with pytest.raises(InputError, match="SIRET"):
        Association("X", siret="12345678901234")
    assert Association("X", siret="732 829 320 00074").siret == "73282932000074"


def test_currency_code_is_locked_once_money_moved(admin, treasurer, counter):
    from caisse.domain.currency import Currency

    with pytest.raises(RuleViolation, match="code cannot change"):
        settings.set_currency(admin, Currency("Eusko", "EUK", "€u"))
    settings.set_currency(admin, Currency("Eusko!", "EUS", "€u", denominations=(100, 500)))
    assert settings.currency(admin.store).name == "Eusko!"
