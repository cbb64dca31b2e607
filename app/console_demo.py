"""`python -m app`: what Trader Login is and how to run it (the window, the console, the devices on the
terminal), then a short offline tour of the authentication core.

Everything the tour shows is the real code path (SRP with Argon2id, OCRA, the device models); only the
transport between client and gateway is a function call here, so that it runs anywhere in a second. The
app itself talks to the gateway over HTTPS (`trader-login`, `make run`).
"""

from __future__ import annotations

import secrets
import time
from base64 import b64decode
from collections.abc import Callable

from trader_login.auth import otp, rules, srp, texts
from trader_login.auth.devices.card import SecurityCodeCard
from trader_login.auth.devices.dscplus import DscPlus
from trader_login.auth.devices.ibkey import IbKeyApp

DEMO_PASSWORD = "demo123"  # noqa: S105 - the published password of every demo user (SPEC §7)


def _log_in(record: srp.SrpRecord, username: str, password: str) -> str:
    """One SRP exchange; returns what the trader would read."""
    client = srp.SrpClient(username)
    challenge = srp.server_challenge(record)
    client_proof = client.respond(password, record.salt, record.kdf, challenge.public)
    try:
        server = srp.server_verify(record, challenge, client.public, client_proof)
    except srp.SrpError:
        return f'refused: "{texts.message(texts.INVALID_CREDENTIALS).english}"'
    client.verify_server(server.proof)
    return "accepted; the gateway proved it holds the verifier"


def _timed(step: Callable[[], str]) -> str:
    start = time.perf_counter()
    outcome = step()
    return f"{outcome}  ({(time.perf_counter() - start) * 1000:.0f} ms, Argon2id included)"


INTRODUCTION = (
    "Trader Login - log in to the trading platform through the Secure Login System (SLS).",
    "",
    "Run it:",
    "  trader-login                  the login window, with the embedded demo gateway (make run)",
    "  trader-login --console        the same login on the terminal, for a machine without a display",
    "                                (make console)",
    "  trader-login device ...       your second-factor devices on the terminal: the DSC+, IB Key, cards,",
    "                                the texted code, the authenticator (trader-login device --help)",
    "  trader-login --gateway URL    against a separate gateway (sls-gateway serve; --ca-cert or",
    "                                --fingerprint pins it)",
    "  trader-login --self-test      a smoke test for installers",
    "Demo users: ibkeyuser, dscuser, carduser, smsuser, ... (password demo123); the window's",
    "emulators (or trader-login device) play their devices.",
)


def main(out: Callable[[str], None] = print) -> int:
    for line in INTRODUCTION:
        out(line)
    out("")
    out("A tour of the authentication core, offline (the same code the app and its gateway run):")

    out("1. User names (R1)")
    for name in ("dscuser", "DSCUser", "dsc user"):
        verdict = rules.check_username(name)
        out(f"   {name!r:12} -> {'ok' if verdict.ok else verdict.problem.english}")

    out("2. Password login: SRP-6a over the Argon2id-hardened password, which is never sent")
    record = srp.create_record("dscuser", DEMO_PASSWORD)
    out(f"   dscuser / demo123   -> {_timed(lambda: _log_in(record, 'dscuser', DEMO_PASSWORD))}")
    out(f"   dscuser / wrong     -> {_timed(lambda: _log_in(record, 'dscuser', 'wrong'))}")

    out("3. DSC+ token, PIN 1234, walked key by key (R6)")
    device = DscPlus.create(pin="1234")
    challenge = f"{secrets.randbelow(10**6):06d}"
    frames = []
    device.press_button()
    frames.append(device.display)
    for key in "1234":
        device.press_key(key)
    frames.append(device.display)
    device.press_ok()
    frames.append(device.display)
    for key in challenge:
        device.press_key(key)
    frames.append(device.display)
    device.press_ok()
    frames.append(device.display)
    out("   LCD: " + "  ->  ".join(f"[{frame}]" for frame in frames))
    verdict = "valid" if _gateway_accepts_dsc(device, challenge) else "INVALID"
    out(f"   gateway check of the response: {verdict}")

    out("4. IB Key challenge/response (R5)")
    phone = IbKeyApp.create()
    ibkey_challenge = f"{secrets.randbelow(10**8):08d}"
    out(f"   challenge {ibkey_challenge} -> response {phone.respond(ibkey_challenge)}")

    out("5. Security Code Card (R7)")
    card = SecurityCodeCard.create()
    first, second = 17, 42
    out(f"   index {first} = {card.code(first)}, index {second} = {card.code(second)}")
    out(
        f"   response typed as '{card.code(first).lower()} {card.code(second).lower()}' is sent as "
        f"{rules.normalise_card_response(card.code(first).lower() + ' ' + card.code(second).lower())}"
    )
    out("")
    out("Run the tests with: make test")
    return 0


def _gateway_accepts_dsc(device: DscPlus, challenge: str) -> bool:
    # The gateway holds the same secret and PIN hash; the device file export is how it gets them.
    data = device.to_dict()
    return otp.verify_ocra(
        otp.DSCPLUS_SUITE,
        b64decode(data["secret"]),
        challenge,
        device.display,
        pin_hash=b64decode(data["pin_hash"]),
    )
