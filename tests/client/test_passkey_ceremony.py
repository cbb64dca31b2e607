"""The security-key ceremony in the client (issue 18 item 3), below the flow: the passkey challenges read
into fido2's options, the origin rule, and `SecurityKeys.ceremony` driving fido2's real client over the
virtual key against fido2's own relying party — every way it ends without a credential is one message,
several keys race, and the Windows WebAuthn API is chosen where it must be (with fakes: no Windows here)."""

from __future__ import annotations

import logging
import threading
from typing import Any

import pytest
from fido2.ctap import CtapError
from fido2.webauthn import (
    AuthenticatorData,
    PublicKeyCredentialCreationOptions,
    PublicKeyCredentialRequestOptions,
)

from tests.client.passkey_support import (
    ORIGIN,
    USER,
    WALL,
    BrokenKey,
    RecordingPrompt,
    RelyingParty,
    idle,
    in_background,
    read,
    registered_key,
    touch_when_waiting,
    waiting,
)
from trader_login.auth import texts
from trader_login.auth.client import security_keys
from trader_login.auth.client.errors import ProtocolError
from trader_login.auth.client.security_keys import (
    SecurityKeyError,
    SecurityKeys,
    WindowsWebAuthn,
    origin_of,
)
from trader_login.auth.client.views import read_challenge
from trader_login.auth.devices.passkey import VirtualSecurityKey

# -- the origin ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "origin"),
    [
        ("https://127.0.0.1:4443", "https://localhost:4443"),
        ("https://127.0.0.2:4443/", "https://localhost:4443"),
        ("https://[::1]:8443", "https://localhost:8443"),
        ("https://LOCALHOST:4443", "https://localhost:4443"),
        ("https://gateway.broker.example", "https://gateway.broker.example"),
        ("https://gateway.broker.example:443/sls", "https://gateway.broker.example"),
        ("https://gateway.broker.example:8443", "https://gateway.broker.example:8443"),
        ("https://10.1.2.3:4443", "https://10.1.2.3:4443"),
        ("https://[2001:db8::5]:4443", "https://[2001:db8::5]:4443"),
    ],
)
def test_the_origin_is_the_gateways_url_with_loopback_as_localhost(url: str, origin: str) -> None:
    assert origin_of(url) == origin


@pytest.mark.parametrize("url", ["http://localhost:4443", "https://", "localhost:4443"])
def test_an_origin_needs_an_https_url(url: str) -> None:
    with pytest.raises(ValueError, match="https://"):
        origin_of(url)


# -- reading the challenges ---------------------------------------------------------------------------------


def test_an_assertion_challenge_is_read_into_fido2_request_options() -> None:
    party = RelyingParty()
    registered_key(party)
    challenge = party.assertion(expires_in=120)
    options = challenge.extra["public_key"]
    assert isinstance(options, PublicKeyCredentialRequestOptions)
    assert challenge.extra["rp_id"] == options.rp_id == "localhost"
    assert [c.id for c in options.allow_credentials] == [party.credentials[0].credential_id]
    assert challenge.extra["deadline"] == 120.0  # the challenge's expiry, before the options' 5 minutes
    assert challenge.uses_security_key
    assert (challenge.is_push, challenge.sends_codes) == (False, False)


def test_a_registration_challenge_is_read_into_fido2_creation_options() -> None:
    challenge = RelyingParty().registration()
    options = challenge.extra["public_key"]
    assert isinstance(options, PublicKeyCredentialCreationOptions)
    assert (challenge.extra["rp_id"], options.user.name) == ("localhost", "passkeyuser")
    assert challenge.uses_security_key


def test_the_options_timeout_bounds_the_deadline_and_the_wrapped_form_is_read() -> None:
    options = dict(RelyingParty().server.authenticate_begin([], user_verification="preferred")[0])
    options["publicKey"]["timeout"] = 30_000
    challenge = read({"kind": "passkey", "public_key": options}, expires_in=180, monotonic=1000.0)
    assert challenge.extra["deadline"] == 1030.0
    skewed = read({"kind": "passkey", "public_key": options}, expires_in=-5, monotonic=1000.0)
    assert skewed.extra["deadline"] == 1030.0  # our wall clock ahead of the gateway's: the timeout holds
    standing = read({"kind": "passkey", "public_key": options}, expires_in=12, monotonic=1000.0)
    assert standing.extra["deadline"] == 1012.0  # a challenge standing since a while: its expiry first
    expired = read_challenge(
        {"kind": "passkey", "public_key": options, "expires_at": WALL - 5},
        monotonic=lambda: 1000.0,
        wall=lambda: WALL,
        push_expired=True,
    )
    assert expired.extra["deadline"] == 1000.0  # repeated as expired (410 EXPIRED): over at once


def test_the_enrolment_challenge_has_nothing_of_its_own_and_is_typed() -> None:
    challenge = read({"kind": "passkey_enrolment"})
    assert dict(challenge.extra) == {}
    assert not challenge.uses_security_key


def _request() -> dict[str, Any]:
    return {
        "challenge": "A" * 43,
        "rpId": "localhost",
        "timeout": 180000,
        "allowCredentials": [{"type": "public-key", "id": "AAAA"}],
        "userVerification": "preferred",
    }


@pytest.mark.parametrize(
    "changes",
    [
        {"challenge": None},
        {"challenge": "AAAA"},  # 3 bytes: WebAuthn asks for at least 16
        {"challenge": "A+/=" * 11},  # base64, not base64url
        {"challenge": 12345},
        {"rpId": None},
        {"rpId": ""},
        {"rpId": 5},
        {"timeout": "180000"},
        {"timeout": True},
        {"timeout": 0},
        {"timeout": 10**12},
        {"allowCredentials": "AAAA"},
        {"allowCredentials": [{"type": "public-key", "id": 5}]},
        {"allowCredentials": [{"type": "password", "id": "AAAA"}]},
        {"allowCredentials": [{"type": "public-key", "id": "%%%%"}]},
        {"userVerification": "maybe"},
    ],
    ids=repr,
)
def test_an_assertion_challenge_that_is_not_webauthns_json_is_not_the_protocol(
    changes: dict[str, Any],
) -> None:
    public_key = {k: v for k, v in {**_request(), **changes}.items() if v is not None}
    with pytest.raises(ProtocolError) as raised:
        read({"kind": "passkey", "public_key": public_key})
    assert raised.value.problem == texts.message(texts.BAD_REPLY)
    read({"kind": "passkey", "public_key": _request()})  # the unchanged one is read


@pytest.mark.parametrize("public_key", [None, "options", [], {"publicKey": "x"}])
def test_a_challenge_without_its_options_is_not_the_protocol(public_key: Any) -> None:
    for kind in ("passkey", "passkey_registration"):
        with pytest.raises(ProtocolError):
            read({"kind": kind, "public_key": public_key})


@pytest.mark.parametrize(
    "spoil",
    [
        lambda o: o.pop("rp"),
        lambda o: o["rp"].pop("id"),
        lambda o: o["user"].update(id="not base64url!"),
        lambda o: o["user"].update(name=7),
        lambda o: o.update(pubKeyCredParams=[]),
        lambda o: o.update(pubKeyCredParams=[{"type": "public-key", "alg": "ES256"}]),
        lambda o: o.update(excludeCredentials=[{"type": "public-key"}]),
        lambda o: o.update(authenticatorSelection="preferred"),
        lambda o: o.update(attestation="everything"),
    ],
)
def test_a_registration_challenge_that_is_not_webauthns_json_is_not_the_protocol(spoil: Any) -> None:
    options = dict(RelyingParty().server.register_begin(USER, user_verification="preferred")[0])
    public_key = options["publicKey"]
    spoil(public_key)
    with pytest.raises(ProtocolError):
        read({"kind": "passkey_registration", "public_key": public_key})


# -- the ceremony -------------------------------------------------------------------------------------------


def ceremony(keys: SecurityKeys, challenge: Any, **kwargs: Any) -> dict[str, Any]:
    kwargs.setdefault("cancel", STOP)
    return keys.ceremony(challenge.extra["public_key"], origin=ORIGIN, username="passkeyuser", **kwargs)


# Set when a test's background block ends (`in_background(STOP)`): a ceremony a failing test left waiting ends
# at once. Cleared before each test.
STOP = threading.Event()


@pytest.fixture(autouse=True)
def _fresh_stop() -> None:
    STOP.clear()


def only(*devices: Any) -> SecurityKeys:
    return SecurityKeys(virtual=lambda _user: list(devices), hid=False)


def test_a_registered_key_touched_from_another_thread_answers_and_the_relying_party_accepts_it() -> None:
    party = RelyingParty()
    key = registered_key(party)
    challenge = party.assertion()
    prompt = RecordingPrompt()
    with in_background(STOP) as run:
        answer = run(ceremony, only(key), challenge, prompt=prompt)
        touch_when_waiting(key)
        credential = answer.result(timeout=60)
    assert party.authenticate(credential).credential_id == party.credentials[0].credential_id
    assert credential["type"] == "public-key"
    assert set(credential["response"]) >= {"clientDataJSON", "authenticatorData", "signature"}
    assert prompt.touches == 1
    assert prompt.asked == []  # no PIN on this key: none asked
    assert key.credentials[0].sign_count > 0


def test_registration_makes_a_credential_the_relying_party_registers() -> None:
    party = RelyingParty()
    key = VirtualSecurityKey.create()
    with in_background(STOP) as run:
        answer = run(ceremony, only(key), party.registration())
        touch_when_waiting(key)
        credential = answer.result(timeout=60)
    data = party.register(credential)
    assert key.credentials[0].rp_id == "localhost"
    assert data.credential_id == party.credentials[0].credential_id


def expect(code: str, call: Any, *args: Any, **kwargs: Any) -> SecurityKeyError:
    with pytest.raises(SecurityKeyError) as raised:
        call(*args, **kwargs)
    assert raised.value.code == code
    return raised.value


def test_no_key_is_told_and_nothing_is_asked() -> None:
    listed = []

    def hid_devices() -> list[Any]:
        listed.append(True)
        return []

    keys = SecurityKeys(hid_devices=hid_devices, windows=WindowsWebAuthn(platform="linux"))
    ended = expect(security_keys.NONE, ceremony, keys, RelyingParty().assertion())
    assert ended.problem == texts.message(texts.SECURITY_KEY_NONE)
    assert listed == [True]  # USB keys were looked for


def test_usb_keys_are_looked_for_beside_the_virtual_ones_and_closed_after() -> None:
    broken = BrokenKey(CtapError.ERR.NO_CREDENTIALS)
    keys = SecurityKeys(hid_devices=lambda: [broken], windows=WindowsWebAuthn(platform="linux"))
    expect(security_keys.NOT_REGISTERED, ceremony, keys, RelyingParty().assertion())
    assert broken.closed


def test_a_key_not_registered_is_told_after_its_touch() -> None:
    party = RelyingParty()
    registered_key(party)
    stranger = VirtualSecurityKey.create()
    with in_background(STOP) as run:
        answer = run(expect, security_keys.NOT_REGISTERED, ceremony, only(stranger), party.assertion())
        touch_when_waiting(stranger)
        ended = answer.result(timeout=60)
    assert ended.problem == texts.message(texts.SECURITY_KEY_NOT_REGISTERED)


def test_a_key_already_registered_is_told_at_registration() -> None:
    party = RelyingParty()
    key = registered_key(party)
    with in_background(STOP) as run:
        answer = run(expect, security_keys.EXCLUDED, ceremony, only(key), party.registration())
        touch_when_waiting(key)
        ended = answer.result(timeout=60)
    assert ended.problem == texts.message(texts.SECURITY_KEY_EXCLUDED)
    assert len(key.credentials) == 1


def test_a_key_not_touched_in_time_is_told() -> None:
    party = RelyingParty()
    now = [0.0]
    key = registered_key(party, clock=lambda: now[0])  # the key's own wait (a device behaviour)…
    with in_background(STOP) as run:
        answer = run(expect, security_keys.TIMEOUT, ceremony, only(key), party.assertion())
        waiting(key)
        now[0] += key.presence_timeout  # …ends on the key's clock
        ended = answer.result(timeout=60)
    assert ended.problem == texts.message(texts.SECURITY_KEY_TIMEOUT)


def test_the_challenges_deadline_on_the_flows_clock_ends_the_ceremony() -> None:
    party = RelyingParty()
    key = registered_key(party, presence_timeout=600)  # the key would wait longer than the test
    challenge = party.assertion()
    now = [0.0]
    with in_background(STOP) as run:
        answer = run(
            expect, security_keys.TIMEOUT, ceremony, only(key), challenge,
            deadline=challenge.extra["deadline"], clock=lambda: now[0],
        )  # fmt: skip
        waiting(key)
        now[0] = challenge.extra["deadline"]  # the challenge's 180 s pass on the injected clock
        answer.result(timeout=60)
    idle(key)  # the key was cancelled, not left waiting


def test_cancel_mid_ceremony_stops_the_key_and_returns() -> None:
    party = RelyingParty()
    key = registered_key(party)
    cancel = threading.Event()
    with in_background(STOP) as run:
        answer = run(expect, security_keys.CANCELLED, ceremony, only(key), party.assertion(), cancel=cancel)
        waiting(key)
        cancel.set()
        ended = answer.result(timeout=60)
    assert ended.problem is None
    idle(key)


def test_a_challenge_for_another_relying_party_is_refused_before_any_key_is_asked() -> None:
    party = RelyingParty("broker.example")  # a gateway whose rp id is not the host it is reached at
    key = VirtualSecurityKey.create()
    changes: list[bool] = []
    key.add_listener(lambda: changes.append(key.waiting_for_touch))
    ended = expect(security_keys.RP_MISMATCH, ceremony, only(key), party.registration())
    assert ended.problem == texts.message(texts.SECURITY_KEY_RP_MISMATCH, rp_id="broker.example")
    assert changes == []  # never asked: nothing signed
    assert key.credentials == ()


def test_an_origin_under_the_rp_id_is_accepted() -> None:
    party = RelyingParty("broker.example")
    key = VirtualSecurityKey.create()
    key.auto_touch = True
    keys = only(key)
    options = party.registration().extra["public_key"]
    credential = keys.ceremony(
        options, origin="https://sls.broker.example:4443", username="u", cancel=threading.Event()
    )
    assert credential["type"] == "public-key"


# -- the PIN ------------------------------------------------------------------------------------------------


def pin_key(party: RelyingParty) -> VirtualSecurityKey:
    key = registered_key(party)
    key.set_pin("4321")
    return key


def test_a_key_with_a_pin_asks_it_through_the_prompt_and_verifies_the_user() -> None:
    party = RelyingParty()
    key = pin_key(party)
    prompt = RecordingPrompt("4321")
    with in_background(STOP) as run:
        answer = run(ceremony, only(key), party.assertion(), prompt=prompt)
        touch_when_waiting(key)
        credential = answer.result(timeout=60)
    party.authenticate(credential)
    assert prompt.asked == [8]
    flags = AuthenticatorData(_b64url(credential["response"]["authenticatorData"])).flags
    assert flags & AuthenticatorData.FLAG.UV


def test_a_wrong_pin_is_told_with_the_tries_left_and_nothing_is_signed() -> None:
    party = RelyingParty()
    key = pin_key(party)
    ended = expect(
        security_keys.PIN_WRONG, ceremony, only(key), party.assertion(), prompt=RecordingPrompt("0000")
    )
    assert ended.problem == texts.message(texts.SECURITY_KEY_PIN_WRONG, retries=7)


def test_a_blocked_pin_is_told() -> None:
    party = RelyingParty()
    key = pin_key(party)
    key._pin_retries = 1  # the last try, without seven wrong PINs and power cycles first
    ended = expect(
        security_keys.PIN_BLOCKED, ceremony, only(key), party.assertion(), prompt=RecordingPrompt("0000")
    )
    assert ended.problem == texts.message(texts.SECURITY_KEY_PIN_BLOCKED)
    expect(security_keys.PIN_BLOCKED, ceremony, only(key), party.assertion(), prompt=RecordingPrompt("4321"))


def test_three_wrong_pins_in_a_row_say_unplug_the_key() -> None:
    party = RelyingParty()
    key = pin_key(party)
    for _ in range(2):
        expect(
            security_keys.PIN_WRONG, ceremony, only(key), party.assertion(), prompt=RecordingPrompt("0000")
        )
    ended = expect(
        security_keys.PIN_AUTH_BLOCKED, ceremony, only(key), party.assertion(), prompt=RecordingPrompt("0000")
    )
    assert ended.problem == texts.message(texts.SECURITY_KEY_PIN_AUTH_BLOCKED)
    # Until it is unplugged, even the right PIN is not tried.
    expect(
        security_keys.PIN_AUTH_BLOCKED, ceremony, only(key), party.assertion(), prompt=RecordingPrompt("4321")
    )


class _ForgetfulSealer:
    """Seals with a key that is then lost: what a keychain entry deleted under the app does."""

    name = "test keychain"

    def __init__(self) -> None:
        self._keys: dict[str, bytes] = {}

    def seal(self, plain: bytes, label: str) -> bytes:
        return bytes(reversed(plain)) + label.encode()

    def open(self, sealed: bytes, label: str) -> bytes:
        from trader_login.auth.devices.passkey import SealError

        raise SealError("the sealing key is gone")


def test_a_virtual_key_whose_keychain_entry_is_gone_says_so() -> None:
    party = RelyingParty()
    key = registered_key(party, sealer=_ForgetfulSealer())
    locked = VirtualSecurityKey.from_dict(key.to_dict())  # read without its sealer: locked
    assert locked.locked
    ended = expect(security_keys.LOCKED, ceremony, only(locked), party.assertion())
    assert ended.problem == texts.message(texts.SECURITY_KEY_LOCKED)


def test_no_pin_given_cancels_without_a_message() -> None:
    party = RelyingParty()
    key = pin_key(party)
    ended = expect(
        security_keys.CANCELLED, ceremony, only(key), party.assertion(), prompt=RecordingPrompt(None)
    )
    assert ended.problem is None
    assert key.pin_retries == 8


def test_without_a_prompt_a_key_with_a_pin_logs_in_on_presence_alone() -> None:
    party = RelyingParty()
    key = pin_key(party)
    with in_background(STOP) as run:
        answer = run(ceremony, only(key), party.assertion())
        touch_when_waiting(key)
        credential = answer.result(timeout=60)
    party.authenticate(credential)  # "preferred": the gateway takes presence alone


def test_the_pin_is_in_no_log_and_no_error(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    party = RelyingParty()
    key = pin_key(party)
    ended = expect(
        security_keys.PIN_WRONG, ceremony, only(key), party.assertion(), prompt=RecordingPrompt("98765")
    )
    shown = [repr(ended), str(ended), ended.message, *(r.getMessage() for r in caplog.records)]
    assert not any("98765" in text for text in shown)


# -- several keys -------------------------------------------------------------------------------------------


def test_of_two_keys_plugged_the_one_touched_answers_and_the_other_stops() -> None:
    party = RelyingParty()
    first = registered_key(party)
    second = registered_key(party)
    with in_background(STOP) as run:
        answer = run(ceremony, only(first, second), party.assertion())
        waiting(first)
        touch_when_waiting(second)
        credential = answer.result(timeout=60)
    assert party.authenticate(credential).credential_id == party.credentials[1].credential_id
    idle(first)


def test_a_key_not_registered_touched_first_does_not_end_the_ceremony() -> None:
    party = RelyingParty()
    key = registered_key(party)
    stranger = VirtualSecurityKey.create()
    with in_background(STOP) as run:
        answer = run(ceremony, only(stranger, key), party.assertion())
        waiting(key)
        touch_when_waiting(stranger)  # CTAP2_ERR_NO_CREDENTIALS from this one…
        idle(stranger)
        touch_when_waiting(key)  # …and the registered one still answers
        credential = answer.result(timeout=60)
    party.authenticate(credential)


class HeldPrompt(RecordingPrompt):
    """A prompt whose PIN question is answered only when the test says so."""

    def __init__(self, pin: str) -> None:
        super().__init__(pin)
        self.asking = threading.Event()
        self.release = threading.Event()
        self.answered = threading.Event()

    def pin(self, retries: int | None) -> str | None:
        self.asking.set()
        assert self.release.wait(timeout=60)
        try:
            return super().pin(retries)
        finally:
            self.answered.set()


def test_a_key_answering_while_another_asks_its_pin_ends_the_ceremony_at_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(security_keys, "JOIN_SECONDS", 600.0)  # a wait for the PIN question would show
    party = RelyingParty()
    plain = registered_key(party)
    guarded = pin_key(party)
    prompt = HeldPrompt("4321")
    with in_background(STOP, prompt.release) as run:
        answer = run(ceremony, only(plain, guarded), party.assertion(), prompt=prompt)
        assert prompt.asking.wait(timeout=60)  # the guarded key's PIN is being asked…
        touch_when_waiting(plain)  # …when the other key is touched
        credential = answer.result(timeout=60)  # not held by the PIN question
        assert not prompt.answered.is_set()
        prompt.release.set()  # the page withdraws its question late: the PIN is not used
        assert prompt.answered.wait(timeout=60)
    for thread in threading.enumerate():
        if thread.name.startswith("security-key-"):
            thread.join(timeout=60)
    party.authenticate(credential)
    assert guarded.pin_retries == 8


class WithdrawablePrompt(RecordingPrompt):
    """A page that withdraws its PIN question when the ceremony says it no longer needs it."""

    def __init__(self) -> None:
        super().__init__()
        self.asking = threading.Event()
        self.withdrawn = threading.Event()
        self.answered = threading.Event()

    def pin(self, retries: int | None) -> str | None:
        self.asking.set()
        try:
            assert self.withdrawn.wait(timeout=60)
            return None
        finally:
            self.answered.set()

    def withdraw(self) -> None:
        if self.asking.is_set():
            self.withdrawn.set()


def test_a_prompt_that_can_withdraw_its_question_is_told_and_its_thread_joined(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(security_keys, "JOIN_SECONDS", 600.0)  # a wait for the PIN question would show
    party = RelyingParty()
    plain = registered_key(party)
    guarded = pin_key(party)
    prompt = WithdrawablePrompt()
    with in_background(STOP, prompt.withdrawn) as run:
        answer = run(ceremony, only(plain, guarded), party.assertion(), prompt=prompt)
        assert prompt.asking.wait(timeout=60)  # the guarded key's PIN is being asked…
        touch_when_waiting(plain)  # …when the other key is touched
        credential = answer.result(timeout=60)
        # The question was withdrawn and the key's thread has ended before the ceremony returned.
        assert prompt.withdrawn.is_set()
        assert prompt.answered.is_set()
        assert not [t for t in threading.enumerate() if t.name.startswith("security-key-")]
    party.authenticate(credential)
    assert guarded.pin_retries == 8


def test_a_key_about_to_ask_its_pin_as_another_answers_does_not_stall_the_ceremony(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The guarded key's thread is between the turn and the question (reading the PIN retries) when the
    # other key answers: the ceremony must see it as asking, not wait for it.
    monkeypatch.setattr(security_keys, "JOIN_SECONDS", 600.0)
    entered, leave = threading.Event(), threading.Event()
    real = security_keys._pin_retries

    def held_pin_retries(device: Any) -> int | None:
        entered.set()
        assert leave.wait(timeout=60)
        return real(device)

    monkeypatch.setattr(security_keys, "_pin_retries", held_pin_retries)
    party = RelyingParty()
    plain = registered_key(party)
    guarded = pin_key(party)
    prompt = HeldPrompt("4321")
    with in_background(STOP, prompt.release, leave) as run:
        answer = run(ceremony, only(plain, guarded), party.assertion(), prompt=prompt)
        assert entered.wait(timeout=60)
        touch_when_waiting(plain)
        credential = answer.result(timeout=60)  # not held by the key about to ask
        leave.set()
        for thread in threading.enumerate():
            if thread.name.startswith("security-key-"):
                thread.join(timeout=60)
    assert not prompt.asking.is_set()  # the ceremony was over: nothing was asked
    party.authenticate(credential)
    assert guarded.pin_retries == 8


def test_when_every_key_is_not_registered_that_is_told_before_a_failed_key() -> None:
    broken = BrokenKey(OSError("unplugged"))
    refusing = BrokenKey(CtapError.ERR.NO_CREDENTIALS)
    expect(security_keys.NOT_REGISTERED, ceremony, only(broken, refusing), RelyingParty().assertion())


@pytest.mark.parametrize(
    ("error", "name"),
    [
        (CtapError.ERR.OTHER, "OTHER"),
        (CtapError.ERR.INVALID_CBOR, "INVALID_CBOR"),
        (OSError("read failed: secret path /dev/hidraw3"), "OSError"),
    ],
)
def test_any_other_key_error_is_told_by_its_name_only(error: Any, name: str) -> None:
    ended = expect(security_keys.FAILED, ceremony, only(BrokenKey(error)), RelyingParty().assertion())
    assert ended.problem == texts.message(texts.SECURITY_KEY_FAILED, error=name)


# -- Windows ------------------------------------------------------------------------------------------------


class FakeWindowsClient:
    """Stands in for fido2's WindowsClient: records what it was asked, answers with `answer`."""

    def __init__(self, collector: Any, answer: Any) -> None:
        self.collector = collector
        self.answer = answer
        self.asked: list[Any] = []

    def get_assertion(self, options: Any, event: Any = None) -> Any:
        self.asked.append(options)
        if isinstance(self.answer, BaseException):
            raise self.answer
        return self.answer

    make_credential = get_assertion


class Selection:
    def __init__(self, answer: Any) -> None:
        self.answer = answer

    def get_response(self, index: int) -> dict[str, Any]:
        return self.answer


def windows(*, elevated: bool = False, available: bool = True, answer: Any = None):
    made: list[FakeWindowsClient] = []

    def client(collector: Any) -> FakeWindowsClient:
        made.append(FakeWindowsClient(collector, answer))
        return made[-1]

    api = WindowsWebAuthn(
        platform="win32", available=lambda: available, elevated=lambda: elevated, client=client
    )
    return api, made


def test_on_windows_unelevated_the_systems_webauthn_api_is_used_instead_of_hid() -> None:
    api, made = windows(answer=Selection({"id": "from-windows"}))
    looked = []
    keys = SecurityKeys(hid_devices=lambda: looked.append(True) or [], windows=api)
    assert keys.uses_windows_api()
    challenge = RelyingParty().assertion()
    assert ceremony(keys, challenge) == {"id": "from-windows"}
    assert looked == []  # no HID access: Windows refuses it to a process that is not elevated
    assert made[0].asked == [challenge.extra["public_key"]]


@pytest.mark.parametrize(
    ("api", "uses"),
    [
        (WindowsWebAuthn(platform="win32", available=lambda: True, elevated=lambda: True), False),
        (WindowsWebAuthn(platform="win32", available=lambda: False, elevated=lambda: False), False),
        (WindowsWebAuthn(platform="linux", available=lambda: True, elevated=lambda: False), False),
        (WindowsWebAuthn(platform="darwin"), False),
        (WindowsWebAuthn(platform="win32", available=lambda: True, elevated=lambda: False), True),
    ],
)
def test_the_windows_api_is_chosen_only_unelevated_on_windows_with_the_api(
    api: WindowsWebAuthn, uses: bool
) -> None:
    assert SecurityKeys(windows=api).uses_windows_api() is uses
    assert SecurityKeys(windows=api, hid=False).uses_windows_api() is False


def test_on_windows_elevated_usb_keys_are_used_over_hid() -> None:
    api, made = windows(elevated=True)
    keys = SecurityKeys(hid_devices=lambda: [BrokenKey(CtapError.ERR.NO_CREDENTIALS)], windows=api)
    expect(security_keys.NOT_REGISTERED, ceremony, keys, RelyingParty().assertion())
    assert made == []


def _windows_error(hresult: int) -> Exception:
    from fido2.client import ClientError

    cause = OSError("the system says so")
    cause.winerror = hresult  # type: ignore[attr-defined]
    return ClientError(ClientError.ERR.OTHER_ERROR, cause)


@pytest.mark.parametrize(
    ("hresult", "code"),
    [
        (0x80090011, security_keys.NOT_REGISTERED),
        (0x8009000F, security_keys.EXCLUDED),
        (0x80090035, security_keys.NONE),
        (-2146893770, security_keys.CANCELLED),  # 0x80090036 as a signed HRESULT
        (0x80004005, security_keys.FAILED),
    ],
)
def test_the_windows_apis_results_are_told_as_the_keys_are(hresult: int, code: str) -> None:
    api, _made = windows(answer=_windows_error(hresult))
    ended = expect(code, ceremony, SecurityKeys(windows=api), RelyingParty().assertion())
    if code == security_keys.FAILED:
        assert ended.problem == texts.message(texts.SECURITY_KEY_FAILED, error="0x80004005")


def _b64url(text: str) -> bytes:
    import base64

    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def test_a_device_option_carries_the_keys_own_name_when_the_gateway_sends_one() -> None:
    from trader_login.auth.client.views import read_device

    option = {"id": "PK-1A2B3C4D", "kind": "passkey", "label": "Security key", "level": 5}
    assert read_device(option).name is None
    assert read_device({**option, "name": "blue YubiKey"}).name == "blue YubiKey"
    with pytest.raises(ProtocolError):
        read_device({**option, "name": 7})
