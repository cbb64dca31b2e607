"""A whole login from two "terminals": the console login (`app.console_login`, its terminal's input and
output injected) in one, answered with what `trader-login device …` computes in the other, against one
demo gateway's data directory (as `make console` and a second shell on a machine without a display)."""

from __future__ import annotations

import io
import queue
import re
import threading
from argparse import Namespace
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.app.test_device_command import Demo, device, response_in
from trader_login.app import console_login
from trader_login.auth.gateway.demo import DEMO_PASSWORD, DEMO_PIN

WAIT = 60.0  # a safety net for a loaded machine, never an expectation


class TypedTerminal(console_login.Terminal):
    """The console login's terminal in a thread: what it prints goes to `shown`; each prompt waits for the
    line the other terminal's trader types (`type`)."""

    def __init__(self) -> None:
        super().__init__(stdin=io.StringIO(), stdout=io.StringIO())
        self.shown: list[str] = []
        self.prompts: queue.Queue[str] = queue.Queue()
        self.lines: queue.Queue[str] = queue.Queue()
        self.lock = threading.Lock()
        self.push_waiting = threading.Event()  # the push page's countdown is on the screen

    def say(self, text: str = "") -> None:
        with self.lock:
            self.shown.append(text)

    def status(self, text: str) -> None:
        with self.lock:
            self.shown.append(text)
        if text.startswith("Waiting for approval"):
            self.push_waiting.set()

    def end_status(self) -> None:
        pass

    def ask(self, prompt: str) -> str:
        with self.lock:
            self.shown.append(prompt)
        self.prompts.put(prompt)
        return self.lines.get(timeout=WAIT)

    def secret(self, prompt: str) -> str:
        return self.ask(prompt)

    def line_waiting(self) -> bool:
        return not self.lines.empty()  # a line typed during the push wait (Enter: challenge/response)

    def text(self) -> str:
        with self.lock:
            return "\n".join(self.shown)

    def next_prompt(self) -> str:
        return self.prompts.get(timeout=WAIT)

    def type(self, line: str) -> None:
        self.lines.put(line)

    def wait_for_push_page(self) -> None:
        assert self.push_waiting.wait(WAIT), self.text()


class ConsoleLogin:
    """`trader-login --console --user NAME` in the first terminal (a thread), against the demo gateway."""

    def __init__(self, demo: Demo, user: str, options: Namespace | None = None) -> None:
        self.terminal = TypedTerminal()
        self.flow = demo.flow()
        self.options = options
        self.status: int | None = None
        self.thread = threading.Thread(target=self._run, args=(user,), daemon=True)
        self.thread.start()

    def _run(self, user: str) -> None:
        try:
            self.status = console_login.log_in(
                self.flow, self.terminal, username=user, mode="live", options=self.options
            )
        finally:
            self.flow.abandon()

    def finished(self) -> int | None:
        self.thread.join(WAIT)
        assert not self.thread.is_alive(), self.terminal.text()
        return self.status


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    served = Demo(tmp_path_factory.mktemp("device-login"))
    yield served
    served.close()


def _shown(terminal: TypedTerminal, pattern: str) -> re.Match[str]:
    found = re.search(pattern, terminal.text())
    assert found, terminal.text()
    return found


def dscplus(demo: Demo, terminal: TypedTerminal) -> None:
    challenge = _shown(terminal, r"DSC\+ challenge: ([0-9]{6})").group(1)
    status, out, _err = device(
        "dscplus", "--data-dir", str(demo.data_dir), "--user", "dscuser", stdin=f"{DEMO_PIN}\n{challenge}\n"
    )
    assert status == 0
    terminal.type(response_in(out))


def card(user: str, kind: str) -> Callable[[Demo, TypedTerminal], None]:
    def answer(demo: Demo, terminal: TypedTerminal) -> None:
        first, second = _shown(terminal, r"index ([0-9]+) and index ([0-9]+)").groups()
        status, out, _err = device(kind, "--data-dir", str(demo.data_dir), "--user", user, first, second)
        assert status == 0
        terminal.type(response_in(out))

    return answer


def sms(demo: Demo, terminal: TypedTerminal) -> None:
    status, out, _err = device("sms", "--data-dir", str(demo.data_dir), "--user", "smsuser")
    assert status == 0
    terminal.type(out.strip().splitlines()[-1])


def totp(demo: Demo, terminal: TypedTerminal) -> None:
    status, out, _err = device("totp", "--data-dir", str(demo.data_dir), "--user", "totpuser")
    assert status == 0
    terminal.type(re.search(r"Code: ([0-9]{6})", out).group(1))


def ibkey_challenge(demo: Demo, terminal: TypedTerminal) -> None:
    challenge = _shown(terminal, r"IB Key challenge: ([0-9 ]{8,})").group(1)
    status, out, _err = device(
        "ibkey", "--data-dir", str(demo.data_dir), "--user", "multiuser", "challenge", challenge
    )
    assert status == 0
    terminal.type(response_in(out))


@pytest.mark.parametrize(
    ("user", "answer"),
    [
        ("dscuser", dscplus),
        ("carduser", card("carduser", "card")),
        ("onlineuser", card("onlineuser", "online-card")),
        ("smsuser", sms),
        ("totpuser", totp),
    ],
)
def test_a_whole_login_answered_from_the_second_terminal(
    demo: Demo, user: str, answer: Callable[[Demo, TypedTerminal], None]
) -> None:
    login = ConsoleLogin(demo, user)
    terminal = login.terminal
    assert terminal.next_prompt() == "Password: "
    terminal.type(DEMO_PASSWORD)
    terminal.next_prompt()  # the second factor's prompt: the challenge is on the screen
    answer(demo, terminal)
    assert login.finished() == 0, terminal.text()
    assert f"Logged in: {user}" in terminal.text()


def test_an_ibkey_push_approved_from_the_second_terminal(demo: Demo) -> None:
    login = ConsoleLogin(demo, "ibkeyuser")
    terminal = login.terminal
    assert terminal.next_prompt() == "Password: "
    terminal.type(DEMO_PASSWORD)
    # The notification is stored before the console starts counting down: once the countdown shows, the
    # phone's list holds it.
    terminal.wait_for_push_page()
    where = ("--data-dir", str(demo.data_dir), "--user", "ibkeyuser")
    status, out, _err = device("ibkey", *where)
    assert status == 0
    assert "1. " in out
    # Number matching: the console says which number to pick; the phone shows it among three.
    number = _shown(terminal, r"Pick ([0-9]{2}) on your phone").group(1)
    status, out, _err = device("ibkey", *where, "approve", stdin=f"{number}\n")
    assert status == 0
    assert re.search(rf"The phone shows three numbers:.*\b{number}\b", out)
    assert "Approved" in out
    assert login.finished() == 0, terminal.text()
    assert "Logged in: ibkeyuser" in terminal.text()


def test_multiuser_switches_to_the_ibkey_challenge_and_answers_it_from_the_second_terminal(
    demo: Demo,
) -> None:
    login = ConsoleLogin(demo, "multiuser")
    terminal = login.terminal
    assert terminal.next_prompt() == "Password: "
    terminal.type(DEMO_PASSWORD)
    assert terminal.next_prompt().startswith("Device")
    terminal.type(_shown(terminal, r"([0-9])\. IB Key").group(1))
    terminal.wait_for_push_page()
    terminal.type("")  # Enter during the countdown: challenge/response instead
    assert terminal.next_prompt() == ""  # the Enter read
    assert terminal.next_prompt().startswith("Response")
    ibkey_challenge(demo, terminal)
    assert login.finished() == 0, terminal.text()
    assert "Logged in: multiuser" in terminal.text()


def test_a_wrong_dscplus_response_is_refused_and_the_new_challenge_answered(demo: Demo) -> None:
    login = ConsoleLogin(demo, "dscuser")
    terminal = login.terminal
    assert terminal.next_prompt() == "Password: "
    terminal.type(DEMO_PASSWORD)
    terminal.next_prompt()
    terminal.type("00000000")  # not the device's answer: refused, a new challenge comes
    terminal.next_prompt()
    assert terminal.text().count("DSC+ challenge:") == 2
    challenge = re.findall(r"DSC\+ challenge: ([0-9]{6})", terminal.text())[-1]
    status, out, _err = device(
        "dscplus", "--data-dir", str(demo.data_dir), "--user", "dscuser", stdin=f"{DEMO_PIN}\n{challenge}\n"
    )
    assert status == 0
    terminal.type(response_in(out))
    assert login.finished() == 0, terminal.text()
    demo.gateway.desk.unlock("dscuser")  # the wrong answer counted (R3)


def test_a_second_security_key_made_on_the_terminal_is_registered_by_the_console(
    demo: Demo, tmp_path: Path
) -> None:
    """`trader-login device passkey --user passkeyuser new` plugs in a fresh key; the console login with
    the desk's enrolment code registers it (Enter touches it), and the next login signs with it."""
    from trader_login.app.virtual_keys import VirtualKeys

    where = ("--data-dir", str(demo.data_dir), "--user", "passkeyuser")
    second = demo.device_dir / "passkeyuser-passkey-2.json"
    keys = VirtualKeys(demo.device_dir)
    try:
        status, out, err = device("passkey", *where, "new")
        assert (status, err) == (0, ""), err
        assert str(second) in out
        enrolment = demo.gateway.desk.enrol("passkeyuser", "passkey").device
        options = Namespace(no_usb_keys=True, security_key=None, passkey_shelf=keys)
        login = ConsoleLogin(demo, "passkeyuser", options)
        terminal = login.terminal
        assert terminal.next_prompt() == "Password: "
        terminal.type(DEMO_PASSWORD)
        assert terminal.next_prompt().startswith("Device"), terminal.text()
        ids = [option.id for option in login.flow.view.devices]
        terminal.type(str(ids.index(enrolment.device_id) + 1))
        assert terminal.next_prompt().startswith("Enrolment code"), terminal.text()
        terminal.type(enrolment.printed)
        assert terminal.next_prompt().startswith("Name this key")
        terminal.type("second key")
        _touch_when_waiting(terminal, keys.key_at(second))
        assert login.finished() == 0, terminal.text()
        status, out, _err = device("passkey", "--file", str(second))
        assert status == 0
        assert "passkeyuser" in out  # the credential registered, saved in the file
    finally:
        keys.close()  # the console's run ends: its key files are let go
        for row in demo.gateway.desk.list_devices("passkeyuser"):
            if row.get("label") == "second key" or row["status"] == "pending":
                demo.gateway.desk.remove_device("passkeyuser", row["id"])
        second.unlink(missing_ok=True)


def _touch_when_waiting(terminal: TypedTerminal, key: Any) -> None:
    """Enter, once the key waits for its touch (the console's countdown shows meanwhile)."""
    waiting = threading.Event()

    def follow() -> None:
        if key.waiting_for_touch:
            waiting.set()

    key.add_listener(follow)
    try:
        follow()
        assert waiting.wait(WAIT), terminal.text()
    finally:
        key.remove_listener(follow)
    terminal.type("")
