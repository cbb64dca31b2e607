"""What Client Services changes, seen through logins: online cards (R8), temporary passcodes (R9),
reactivation and replacement devices (R11), device sharing (R14), and the demo seed."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.gateway.conftest import DAY, LOCAL, PIN, START, Sls, Storage, card_response, dsc_response
from trader_login.app.harness import HarnessClock
from trader_login.auth.gateway import store
from trader_login.auth.gateway.admin import AdminError
from trader_login.auth.gateway.demo_users import DEMO_USERS
from trader_login.auth.gateway.gateway import Gateway


def desk_refused(code: str, call, *args, **kwargs) -> AdminError:
    """The desk's refusal (its English is the operator's, not a catalogue text), which must carry `code`;
    what it was asked to change stays unchanged (the callers check)."""
    with pytest.raises(AdminError) as info:
        call(*args, **kwargs)
    assert info.value.code == code, f"expected {code}, got {info.value!r}"
    return info.value


# The rules' own numbers, written out rather than imported, so that a changed constant fails here.
ONLINE_CARD_VALIDITY = 21 * DAY  # R8
TEMP_PASSCODE_FULL = 2 * DAY  # R9: platform and portal
TEMP_PASSCODE_PORTAL = 12 * DAY  # R9: then the portal only, up to day 12
REPLACEMENT_AUTO_ACTIVATION = 21 * DAY  # R11: three weeks after shipment

# -- R8: Online Security Code Card ---------------------------------------------------------------------------


def test_r8_a_pending_online_card_is_activated_by_its_first_login(sls: Sls):
    card = sls.desk.issue_online_card("tempuser")
    token, out = sls.password("tempuser")
    assert out["step"] == "choose_device"
    assert [d["kind"] for d in out["devices"]] == ["online-card", "temp_passcode"]
    step = sls.service.choose_device(token, card.serial)
    first, second = step["challenge"]["indices"]
    assert first != second
    result = sls.service.respond(token, card.response(first, second), LOCAL)
    assert result["session"]["device"]["kind"] == "online-card"
    assert result["session"]["restrictions"] == []  # full access to platform and portal
    (listed,) = [d for d in sls.desk.list_devices("tempuser") if d["id"] == card.serial]
    assert listed["status"] == "active"
    assert listed["expires_at"] == sls.clock() + ONLINE_CARD_VALIDITY
    # Activation ends the temporary passcode: the card is now the only factor.
    assert sls.desk.status("tempuser")["temp_passcode"]["ended_at"] == sls.clock()
    sls.service.logout(result["session_token"])
    token, out = sls.password("tempuser")
    assert out["step"] == "second_factor"
    assert out["device"]["id"] == card.serial


def test_r8_a_wrong_code_does_not_activate_the_card(sls: Sls):
    card = sls.desk.issue_online_card("tempuser")
    token, _ = sls.password("tempuser")
    sls.service.choose_device(token, card.serial)
    sls.refused("LOGIN_FAILED", sls.service.respond, token, "AAAAAA", LOCAL)
    (listed,) = [d for d in sls.desk.list_devices("tempuser") if d["id"] == card.serial]
    assert listed["status"] == "pending"
    assert sls.desk.status("tempuser")["temp_passcode"]["ended_at"] is None


def test_r8_online_card_is_valid_21_days_from_activation_and_refused_after(sls: Sls):
    # The demo seed activated onlineuser's card at START.
    sls.clock.advance(ONLINE_CARD_VALIDITY - 600)
    result = sls.login("onlineuser")
    assert result["session"]["device"]["kind"] == "online-card"
    sls.service.logout(result["session_token"])
    sls.clock.advance(600)
    error = sls.refused("NO_DEVICE", sls.password, "onlineuser")
    assert "Client Services" in error.message.english


# -- R9: temporary passcode ----------------------------------------------------------------------------------


def _temp_login(sls: Sls) -> str:
    token, out = sls.password("tempuser")
    assert out["challenge"]["kind"] == "temp_passcode"
    return token


def test_r9_temporary_passcode_gives_full_access_for_two_days(sls: Sls):
    sls.clock.advance(TEMP_PASSCODE_FULL - 60)
    token = _temp_login(sls)
    result = sls.service.respond(token, sls.desk.demo_temp_passcode("tempuser"), LOCAL)
    session = result["session"]
    assert session["device"]["kind"] == "temp_passcode"
    assert [r["code"] for r in session["restrictions"]] == ["temp_passcode"]
    assert session["withdrawal_limits"] == {"per_day": 0, "per_5_business_days": 0}


def test_r9_after_two_days_the_passcode_is_portal_only_until_twelve(sls: Sls):
    code = sls.desk.demo_temp_passcode("tempuser")
    sls.clock.advance(TEMP_PASSCODE_FULL + 1)
    token = _temp_login(sls)
    error = sls.refused("PORTAL_ONLY", sls.service.respond, token, code, LOCAL)
    assert "Online Security Code Card" in error.message.english
    assert sls.failures("tempuser") == 0  # the right passcode is no failure
    sls.clock.advance(TEMP_PASSCODE_PORTAL - TEMP_PASSCODE_FULL - 120)  # 12 days less a minute
    token = _temp_login(sls)
    sls.refused("PORTAL_ONLY", sls.service.respond, token, code, LOCAL)
    assert sls.desk.status("tempuser")["sessions"] == 0


def test_r9_nothing_after_twelve_days(sls: Sls):
    sls.clock.advance(TEMP_PASSCODE_PORTAL + 1)
    sls.refused("NO_DEVICE", sls.password, "tempuser")


def test_r9_a_passcode_typed_after_twelve_days_is_refused(sls: Sls):
    sls.clock.advance(TEMP_PASSCODE_PORTAL - 60)
    token = _temp_login(sls)
    sls.clock.advance(120)
    error = sls.refused("EXPIRED", sls.service.respond, token, sls.desk.demo_temp_passcode("tempuser"), LOCAL)
    assert "expired" in error.message.english
    assert sls.desk.status("tempuser")["sessions"] == 0


def test_r9_a_wrong_passcode_is_login_failed(sls: Sls):
    token = _temp_login(sls)
    sls.refused("LOGIN_FAILED", sls.service.respond, token, "ZZZZ9999", LOCAL)
    assert sls.service.respond(token, sls.desk.demo_temp_passcode("tempuser"), LOCAL)["step"] == "session"


def test_r9_not_issued_twice_in_a_row(sls: Sls):
    error = desk_refused("TWICE_IN_A_ROW", sls.desk.issue_temp_passcode, "tempuser")
    assert isinstance(error, AdminError)
    sls.clock.advance(TEMP_PASSCODE_PORTAL + 1)  # expiry is no new start either
    desk_refused("TWICE_IN_A_ROW", sls.desk.issue_temp_passcode, "tempuser")


def test_r9_a_new_passcode_after_reactivation(sls: Sls):
    dsc = sls.device_id("tempuser", "dscplus")
    sls.desk.reactivate_device("tempuser", dsc)
    sls.desk.report_lost("tempuser", dsc)
    code = sls.desk.issue_temp_passcode("tempuser")
    assert code.isalnum()
    assert code == code.upper()
    token = _temp_login(sls)
    assert sls.service.respond(token, code, LOCAL)["step"] == "session"


def test_r9_a_new_passcode_after_online_card_activation(sls: Sls):
    card = sls.desk.issue_online_card("tempuser")
    desk_refused("TWICE_IN_A_ROW", sls.desk.issue_temp_passcode, "tempuser")
    token, _ = sls.password("tempuser")
    step = sls.service.choose_device(token, card.serial)
    sls.service.logout(
        sls.service.respond(token, card_response(card, step["challenge"]), LOCAL)["session_token"]
    )
    assert sls.desk.issue_temp_passcode("tempuser")


def test_r9_issued_passcode_works_and_a_paper_user_gets_none(sls: Sls):
    code = sls.desk.issue_temp_passcode("dscuser")
    token, out = sls.password("dscuser")
    assert [d["kind"] for d in out["devices"]] == ["dscplus", "temp_passcode"]
    sls.service.choose_device(token, "temp-passcode")
    assert sls.service.respond(token, code, LOCAL)["session"]["device"]["kind"] == "temp_passcode"
    desk_refused("ADMIN", sls.desk.issue_temp_passcode, "paperuser")


# -- R11 -----------------------------------------------------------------------------------------------------


def test_r11_reactivating_the_permanent_device_ends_temp_passcode_and_online_card(sls: Sls):
    card = sls.desk.issue_online_card("tempuser")
    dsc = sls.device_id("tempuser", "dscplus")
    sls.desk.reactivate_device("tempuser", dsc)
    assert sls.desk.status("tempuser")["temp_passcode"]["ended_at"] == sls.clock()
    (listed,) = [d for d in sls.desk.list_devices("tempuser") if d["id"] == card.serial]
    assert listed["status"] == "removed"
    token, out = sls.password("tempuser")
    assert out["step"] == "second_factor"
    assert out["device"]["kind"] == "dscplus"
    result = sls.service.respond(
        token, dsc_response(sls.device("tempuser", "dscplus"), out["challenge"]["challenge"]), LOCAL
    )
    assert result["session"]["device"]["kind"] == "dscplus"


def test_r11_a_replacement_device_is_usable_only_after_three_weeks(sls: Sls):
    replacement = sls.desk.add_device("carduser", "dscplus", pin=PIN, replacement=True)
    _, out = sls.password("carduser")
    assert (out["step"], out["device"]["kind"]) == ("second_factor", "card")
    token, _ = sls.password("carduser")
    sls.refused("BAD_REQUEST", sls.service.choose_device, token, replacement.serial)
    sls.clock.advance(REPLACEMENT_AUTO_ACTIVATION - 60)
    _, out = sls.password("carduser")
    assert (out["step"], out["device"]["kind"]) == ("second_factor", "card")
    sls.clock.advance(60)
    token, out = sls.password("carduser")
    assert out["step"] == "choose_device"
    assert [d["kind"] for d in out["devices"]] == ["dscplus", "card"]
    step = sls.service.choose_device(token, replacement.serial)
    result = sls.service.respond(token, dsc_response(replacement, step["challenge"]["challenge"]), LOCAL)
    assert result["session"]["device"]["kind"] == "dscplus"
    (listed,) = [d for d in sls.desk.list_devices("carduser") if d["id"] == replacement.serial]
    assert listed["status"] == "active"


def test_r11_the_desk_can_activate_a_replacement_at_once(sls: Sls):
    replacement = sls.desk.add_device("carduser", "dscplus", pin=PIN, replacement=True)
    sls.desk.reactivate_device("carduser", replacement.serial)
    _, out = sls.password("carduser")
    assert [d["kind"] for d in out["devices"]] == ["dscplus", "card"]


def test_r19_a_device_reported_lost_stops_working(sls: Sls):
    sls.desk.report_lost("dscuser", sls.device_id("dscuser", "dscplus"))
    sls.refused("NO_DEVICE", sls.password, "dscuser")


def test_r19_a_device_reported_lost_during_a_login_stops_working_at_once(sls: Sls):
    token, out = sls.password("dscuser")
    answer = dsc_response(sls.device("dscuser", "dscplus"), out["challenge"]["challenge"])
    sls.desk.report_lost("dscuser", sls.device_id("dscuser", "dscplus"))
    sls.refused("NO_DEVICE", sls.service.respond, token, answer, LOCAL)
    assert sls.desk.status("dscuser")["sessions"] == 0
    sls.refused("EXPIRED", sls.service.respond, token, answer, LOCAL)  # the login is over


def test_r5_an_ibkey_removed_during_a_login_cannot_approve_it(sls: Sls):
    app = sls.device("ibkeyuser", "ibkey")
    token, _ = sls.password("ibkeyuser")
    (request,) = sls.push_requests(app.device_id)
    sls.desk.remove_device("ibkeyuser", app.device_id)
    sls.decide(app, "approve", request)
    sls.refused("NO_DEVICE", sls.service.push_status, token)
    assert sls.desk.status("ibkeyuser")["sessions"] == 0


def test_r8_an_online_card_that_expires_during_a_login_is_refused(sls: Sls):
    sls.clock.advance(ONLINE_CARD_VALIDITY - 60)
    token, out = sls.password("onlineuser")
    answer = card_response(sls.device("onlineuser", "online-card"), out["challenge"])
    sls.clock.advance(120)  # the challenge still has a minute, the card none
    sls.refused("NO_DEVICE", sls.service.respond, token, answer, LOCAL)
    assert sls.desk.status("onlineuser")["sessions"] == 0


# -- R14: sharing a device between user names ----------------------------------------------------------------


def _partner(sls: Sls, name: str = "dscpartner", identity: dict | None = None) -> None:
    sls.desk.add_user(name, "partner-pw", identity=identity or {"name": "dscuser"})


def _partner_login(sls: Sls, name: str = "dscpartner") -> dict:
    token, out = sls.password(name, "partner-pw")
    return sls.service.respond(
        token, dsc_response(sls.device("dscuser", "dscplus"), out["challenge"]["challenge"]), LOCAL
    )


def test_r14_a_device_is_shared_between_identical_identities(sls: Sls):
    _partner(sls)
    assert sls.desk.share_device("dscuser", "dscpartner", sls.device_id("dscuser", "dscplus")) == "approved"
    assert _partner_login(sls)["session"]["device"]["kind"] == "dscplus"
    assert sls.login("dscuser")["step"] == "session"  # another user name: its own session


def test_r14_different_identity_data_is_refused(sls: Sls):
    _partner(sls, identity={"name": "someone else"})
    with pytest.raises(AdminError, match="identical identity"):
        sls.desk.share_device("dscuser", "dscpartner", sls.device_id("dscuser", "dscplus"))
    sls.refused("NO_DEVICE", sls.password, "dscpartner", "partner-pw")


def test_r14_no_temporary_device_on_either_side(sls: Sls):
    _partner(sls, "temppartner", identity={"name": "tempuser"})
    sls.desk.add_device("temppartner", "card")
    with pytest.raises(AdminError, match="temporary"):  # the owner has a temporary passcode
        sls.desk.share_device("tempuser", "temppartner", sls.device_id("tempuser", "dscplus"))
    _partner(sls)
    sls.desk.issue_temp_passcode("dscpartner")
    with pytest.raises(AdminError, match="temporary"):  # the other user name has one
        sls.desk.share_device("dscuser", "dscpartner", sls.device_id("dscuser", "dscplus"))
    _partner(sls, "cardpartner", identity={"name": "onlineuser"})
    with pytest.raises(AdminError, match="temporary"):  # an active online card is temporary too
        sls.desk.share_device("onlineuser", "cardpartner", sls.device_id("onlineuser", "online-card"))


def test_r14_only_the_most_secure_device_is_shared(sls: Sls):
    _partner(sls, "multipartner", identity={"name": "multiuser"})
    for kind in ("ibkey", "sms"):
        error = desk_refused(
            "LESS_SECURE",
            sls.desk.share_device,
            "multiuser",
            "multipartner",
            sls.device_id("multiuser", kind),
        )
        assert error.message.english.startswith("Less secure device")
    assert (
        sls.desk.share_device("multiuser", "multipartner", sls.device_id("multiuser", "dscplus"))
        == "approved"
    )


def test_r14_compliance_review_leaves_the_share_pending_until_approved(sls: Sls):
    _partner(sls)
    dsc = sls.device_id("dscuser", "dscplus")
    assert sls.desk.share_device("dscuser", "dscpartner", dsc, compliance_review=True) == "pending"
    sls.refused("NO_DEVICE", sls.password, "dscpartner", "partner-pw")
    sls.desk.approve_share("dscpartner", dsc)
    assert _partner_login(sls)["step"] == "session"


# -- the desk ------------------------------------------------------------------------------------------------


def test_desk_status_reports_failures_lock_and_sessions(sls: Sls):
    sls.fail_password("dscuser", 2)
    status = sls.desk.status("dscuser")
    assert (status["exists"], status["failures"], status["locked_until"], status["sessions"]) == (
        True,
        2,
        None,
        0,
    )


def test_desk_refuses_bad_input_and_changes_nothing(sls: Sls):
    before = sls.desk.list_devices("dscuser")
    desk_refused("ADMIN", sls.desk.add_device, "dscuser", "dscplus", pin="12a4")
    desk_refused("ADMIN", sls.desk.add_device, "dscuser", "fax")
    desk_refused("ADMIN", sls.desk.add_device, "smsuser", "sms", phone="5550123")
    desk_refused("NO_USER", sls.desk.add_device, "nosuchuser", "card")
    desk_refused("EXISTS", sls.desk.add_user, "dscuser", "x")
    desk_refused("BAD_CHARACTER", sls.desk.add_user, "bad name", "x")
    desk_refused("ADMIN", sls.desk.ip_allow, "dscuser", ["not-an-address"])
    assert sls.desk.list_devices("dscuser") == before


# -- the demo seed -------------------------------------------------------------------------------------------


def _dump(gateway: Gateway) -> dict[str, list]:
    with gateway.store.read() as connection:
        return {
            table.name: sorted(map(repr, connection.execute(select(table)).all()))
            for table in store.metadata.sorted_tables
        }


def test_demo_seed_twice_changes_nothing(empty_storage: Storage):
    gateway = empty_storage.gateway(clock=HarnessClock(START))
    try:
        assert gateway.seed_demo() == list(DEMO_USERS)  # every demo user, in the list's order
        tables = _dump(gateway)
        device_files = {p.name: p.read_bytes() for p in gateway.device_dir.iterdir()}
        # A file `<user>-<kind>.json` for each device the seed enrolled, and nothing else.
        enrolled = {
            f"{user}-{d['kind']}.json" for user in DEMO_USERS for d in gateway.desk.list_devices(user)
        }
        assert set(device_files) == enrolled
        assert all(rows for name, rows in tables.items() if name in ("users", "devices", "accounts"))
        gateway.clock.advance(DAY)
        assert gateway.seed_demo() == []
        assert _dump(gateway) == tables
        assert {p.name: p.read_bytes() for p in gateway.device_dir.iterdir()} == device_files
    finally:
        gateway.close()


def test_r17_accounts_linked_in_a_later_call_come_after_the_earlier_ones(sls: Sls):
    sls.gateway.desk.link_accounts("linkeduser", [("U0000009", "Trust")])
    session = sls.login("linkeduser")["session"]
    assert [a["id"] for a in session["accounts"]] == ["U1000001", "U1000002", "U1000003", "U0000009"]


def test_seed_demo_tolerates_another_gateway_seeding_at_the_same_time(empty_storage: Storage):
    # Two gateways started together on a new database: the other one seeds between this one's
    # "does the user exist?" and its insert. Seeding must treat that as done, not fail.
    one = empty_storage.gateway()
    two = empty_storage.gateway()
    try:
        checked = one.desk.has_user

        def has_user_while_the_other_seeds(name: str) -> bool:
            answer = checked(name)
            if name == "dscuser":
                two.seed_demo()
            return answer

        one.desk.has_user = has_user_while_the_other_seeds
        one.seed_demo()
        assert all(two.desk.has_user(name) for name in ("dscuser", "ibkeyuser", "linkeduser"))
    finally:
        one.close()
        two.close()
