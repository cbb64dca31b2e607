"""The security key on the console (`trader-login --console`): "Touch your security key" with the seconds
left while the ceremony runs on a worker, Enter touching the virtual key, Ctrl-C ending the ceremony with
nothing sent or counted, the enrolment code checked before it is sent, the registration (the key's name,
then the touch), the key's PIN read as a secret, a ceremony without an answer said and offered again, and
`--security-key FILE` refused with one line and exit status 2 when FILE is not a virtual key's."""

from __future__ import annotations

import io
import queue
import threading
from argparse import Namespace
from pathlib import Path
from typing import Any

import pytest

from trader_login.app import cli, console_login
from trader_login.app.testing import SlsGateway
from trader_login.auth import texts
from trader_login.auth.client.flow import LoginFlow
from trader_login.auth.client.transport import GatewayClient
from trader_login.auth.client.unattended import ExitCode, Policies, Unattended
from trader_login.auth.devices import files
from trader_login.auth.devices.passkey import VirtualSecurityKey
from trader_login.auth.gateway.demo import DEMO_PASSWORD
from trader_login.auth.kdf import TEST_LIMITS

WAIT = 30.0  # a safety net for a loaded machine, never an expectation
PIN = "2468"


class Terminal(console_login.Terminal):
    """The console's terminal in a thread: prompts wait for the lines the test types; a line typed while
    the key waits is read as the console reads a real Enter (`line_waiting`). `interrupt()` makes the next
    look at the keyboard a Ctrl-C."""

    def __init__(self) -> None:
        super().__init__(stdin=io.StringIO(), stdout=io.StringIO())
        self.shown: list[str] = []
        self.secrets: list[str] = []
        self.prompts: queue.Queue[str] = queue.Queue()
        self.lines: queue.Queue[str] = queue.Queue()
        self.lock = threading.RLock()
        self.said = threading.Condition(self.lock)
        self.counting = threading.Event()  # the countdown is on the screen
        self.ctrl_c = threading.Event()

    def say(self, text: str = "") -> None:
        with self.said:
            self.shown.append(text)
            self.said.notify_all()

    def wait_for(self, text: str) -> None:
        """Until a line holding `text` was said (the timeout a safety net for a loaded machine)."""
        with self.said:
            assert self.said.wait_for(lambda: any(text in line for line in self.shown), timeout=WAIT), text

    def status(self, text: str) -> None:
        with self.lock:
            self.shown.append(text)
        self.counting.set()

    def end_status(self) -> None:
        pass

    def ask(self, prompt: str) -> str:
        with self.lock:
            self.shown.append(prompt)
        self.prompts.put(prompt)
        line = self.lines.get(timeout=WAIT)
        if line == "\x04":  # Ctrl-D: the input ended
            raise EOFError
        return line

    def secret(self, prompt: str) -> str:
        with self.lock:
            self.secrets.append(prompt)
        return self.ask(prompt)

    def line_waiting(self) -> bool:
        if self.ctrl_c.is_set():
            raise KeyboardInterrupt
        return not self.lines.empty()

    def text(self) -> str:
        with self.lock:
            return "\n".join(self.shown)

    def next_prompt(self) -> str:
        return self.prompts.get(timeout=WAIT)

    def type(self, line: str) -> None:
        self.lines.put(line)


class Login:
    """`trader-login --console --user NAME --no-usb-keys` against the test's gateway, in a thread, with
    the users' virtual keys on the gateway's shelf (as the console has the embedded gateway's)."""

    def __init__(
        self, gateway: SlsGateway, user: str, unattended: Unattended | None = None, **options: Any
    ) -> None:
        self.terminal = Terminal()
        self.client = GatewayClient(gateway.url, fingerprint=gateway.fingerprint)
        self.flow = LoginFlow(
            self.client, clock=gateway.clock.monotonic, wall_clock=gateway.clock, kdf_limits=TEST_LIMITS
        )
        settings = {"no_usb_keys": True, "security_key": None, "passkey_shelf": gateway.virtual_keys}
        self.options = Namespace(**{**settings, **options})
        self.status: int | None = None
        self.error: BaseException | None = None
        self.unattended = unattended
        self.thread = threading.Thread(target=self._run, args=(user,), daemon=True)
        self.thread.start()

    def _run(self, user: str) -> None:
        try:
            self.status = console_login.log_in(
                self.flow,
                self.terminal,
                username=user,
                mode="live",
                options=self.options,
                unattended=self.unattended,
            )
        except (KeyboardInterrupt, EOFError) as error:  # as run_console does: the login is cancelled
            self.error = error
            self.flow.cancel()
        finally:
            self.flow.abandon()
            self.client.close()

    def password(self) -> None:
        assert self.terminal.next_prompt() == "Password: "
        self.terminal.type(DEMO_PASSWORD)

    def finished(self) -> int | None:
        self.thread.join(WAIT)
        assert not self.thread.is_alive(), self.terminal.text()
        return self.status


def until_waiting(keys: Any) -> None:
    """Waits on the keys' own news (their listeners) until one of them waits for a touch; the timeout is
    a safety net for a loaded machine."""
    changed = threading.Event()
    for key in keys:
        key.add_listener(changed.set)
    try:
        while not any(key.waiting_for_touch for key in keys):
            assert changed.wait(timeout=WAIT), "no key came to wait for a touch"
            changed.clear()
    finally:
        for key in keys:
            key.remove_listener(changed.set)


def _ceremonies() -> list[threading.Thread]:
    return [each for each in threading.enumerate() if each.name == "security-key-ceremony"]


def test_enter_touches_the_virtual_key_and_the_login_ends_in_a_session(sls_gateway: SlsGateway) -> None:
    user = sls_gateway.add_user("trader7", devices=["passkey"])
    login = Login(sls_gateway, "trader7")
    login.password()
    until_waiting(user.passkey.keys)  # Enter counts only once the key waits (else it is said, not lost)
    assert user.passkey.waiting
    login.terminal.type("")  # Enter: the virtual key touched
    assert login.finished() == 0, login.terminal.text()
    out = login.terminal.text()
    assert "Touch your security key. If your key has a PIN, you will be asked for it." in out
    assert "(Enter = touch the virtual security key, Ctrl-C = cancel.)" in out
    assert "Touch your security key: 180 s left" in out  # the harness's clock stands still
    assert "Logged in: trader7" in out
    assert "Device: Security key" in out
    assert files.load(sls_gateway.shelf.path("trader7", "passkey")).credentials[0].sign_count > 0


def test_ctrl_c_ends_the_ceremony_nothing_sent_nothing_counted(sls_gateway: SlsGateway) -> None:
    user = sls_gateway.add_user("trader7", devices=["passkey"])
    login = Login(sls_gateway, "trader7")
    login.password()
    assert login.terminal.counting.wait(WAIT), login.terminal.text()
    login.terminal.ctrl_c.set()
    assert login.finished() is None
    assert isinstance(login.error, KeyboardInterrupt)
    assert _ceremonies() == []  # the worker was joined before the Ctrl-C went on
    assert not user.passkey.waiting
    assert "Logged in" not in login.terminal.text()
    assert sls_gateway.status("trader7")["failures"] == 0


def test_the_keys_pin_is_asked_without_echo_and_never_shown(sls_gateway: SlsGateway) -> None:
    user = sls_gateway.add_user("trader7", devices=["passkey"])
    user.passkey.key.set_pin(PIN)
    login = Login(sls_gateway, "trader7")
    login.password()
    assert login.terminal.next_prompt() == "Security key PIN (8 tries left): "
    login.terminal.type(PIN)
    assert login.terminal.counting.wait(WAIT), login.terminal.text()
    user.passkey.touch()
    assert login.finished() == 0, login.terminal.text()
    assert login.terminal.secrets == ["Password: ", "Security key PIN (8 tries left): "]
    assert PIN not in login.terminal.text()


def test_a_ceremony_without_an_answer_is_said_and_offered_again(sls_gateway: SlsGateway) -> None:
    sls_gateway.add_user("trader7", devices=["passkey"])
    login = Login(sls_gateway, "trader7", passkey_shelf=None)  # no key plugged in, USB off
    login.password()
    assert login.terminal.next_prompt().startswith("Enter = try again")
    assert texts.SECURITY_KEY_NONE.render() in login.terminal.text()
    login.terminal.type("")  # again: the same answer
    assert login.terminal.next_prompt().startswith("Enter = try again")
    assert login.terminal.text().count(texts.SECURITY_KEY_NONE.render()) == 2
    login.terminal.type("\x04")
    assert login.finished() is None
    assert isinstance(login.error, EOFError)
    assert sls_gateway.status("trader7")["failures"] == 0  # nothing was sent


def test_a_key_is_enrolled_with_the_desks_code_named_and_touched(sls_gateway: SlsGateway) -> None:
    user = sls_gateway.add_user("trader8", devices=[])
    code, handle = user.passkey.add_key()
    login = Login(sls_gateway, "trader8")
    login.password()
    prompt = login.terminal.next_prompt()
    assert prompt.startswith("Enrolment code"), login.terminal.text()
    login.terminal.type("ABCD-EFGH")  # too short: not sent, not counted
    assert login.terminal.next_prompt() == prompt
    assert texts.ENROLMENT_CODE_FORMAT.render() in login.terminal.text()
    assert sls_gateway.status("trader8")["failures"] == 0
    login.terminal.type(code.lower())  # letters raised, hyphens dropped
    assert login.terminal.next_prompt().startswith("Name this key (optional)")
    login.terminal.type("blue key")
    assert login.terminal.counting.wait(WAIT), login.terminal.text()
    handle.touch()
    assert login.finished() == 0, login.terminal.text()
    assert "Logged in: trader8" in login.terminal.text()
    (credential,) = handle.credentials
    assert credential.user_name == "trader8"
    rows = sls_gateway.gateway.desk.list_devices("trader8")
    assert [(row["status"], row.get("label")) for row in rows] == [("active", "blue key")]
    assert code not in login.terminal.text()


# --- --security-key FILE --------------------------------------------------------------------------------


def _refused(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as ended:
        cli.main(["--console", "--gateway", "https://127.0.0.1:9", *argv])
    assert ended.value.code == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1, err  # one line
    return err


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (None, "No such file"),
        (b"{not json", "not valid JSON"),
        (b"[]", "expected a JSON object"),
        ("dscplus", "not a virtual security key"),
    ],
)
def test_a_bad_security_key_file_is_one_line_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes | str | None, said: str
) -> None:
    path = tmp_path / "key.json"
    if content == "dscplus":
        from trader_login.auth.devices.dscplus import DscPlus

        files.save(DscPlus.create(pin="1234"), path)
    elif isinstance(content, bytes):
        path.write_bytes(content)
    err = _refused(["--security-key", str(path)], capsys)
    assert err.startswith("trader-login: --security-key: ")
    assert said in err


def test_a_good_security_key_file_is_taken_and_shared(tmp_path: Path) -> None:
    path = tmp_path / "key.json"
    files.save(VirtualSecurityKey.create(), path)
    args = cli.build_parser().parse_args(["--console", "--security-key", str(path), "--no-usb-keys"])
    assert args.security_key == path.absolute()
    from trader_login.app.kinds import passkey
    from trader_login.app.virtual_keys import VirtualKeys

    store = VirtualKeys(None)
    try:
        virtual = passkey.virtual_keys(None, args, key_file=store)
        assert virtual("anyone") == [store.key_at(path)]  # the file's key, for any user name
        assert virtual("someone")[0] is virtual("anyone")[0]
        assert passkey.security_keys(virtual, args).hid is False
    finally:
        store.close()


def test_three_wrong_pins_then_the_virtual_key_unplugged_and_plugged_in(sls_gateway: SlsGateway) -> None:
    user = sls_gateway.add_user("trader7", devices=["passkey"])
    user.passkey.key.set_pin(PIN)
    login = Login(sls_gateway, "trader7")
    login.password()
    for _attempt in range(4):
        assert login.terminal.next_prompt().startswith("Security key PIN"), login.terminal.text()
        login.terminal.type("0000")
        again = login.terminal.next_prompt()
        assert again.startswith("Enter = try again"), login.terminal.text()
        if "u = unplug and plug in the virtual key" in again:
            break
        login.terminal.type("")
    blocked = (
        texts.SECURITY_KEY_PIN_AUTH_BLOCKED.render(),
        texts.SECURITY_KEY_FAILED.render(error="PIN_AUTH_BLOCKED"),  # until the client maps it
    )
    assert any(said in login.terminal.text() for said in blocked), login.terminal.text()
    login.terminal.type("u")
    assert login.terminal.next_prompt().startswith("Security key PIN")
    login.terminal.type(PIN)
    assert login.terminal.counting.wait(WAIT), login.terminal.text()
    user.passkey.touch()
    assert login.finished() == 0, login.terminal.text()
    assert user.passkey.key.pin_retries == 8
    assert sls_gateway.status("trader7")["failures"] == 0  # a key's own PIN refusals send nothing


# --- the ceremony's loop, with a flow that stands in for the client's ceremony ----------------------------


class _Flow:
    """A flow whose `use_security_key` runs `body(prompt, cancel)` on the page's worker and returns
    `RESULT`: the ceremony's own threads stand in for the keys'."""

    RESULT = Namespace(challenge=None, problem=None)

    def __init__(self, body: Any) -> None:
        self.body = body

    def clock(self) -> float:
        return 0.0

    def wall_clock(self) -> float:
        return 0.0

    def use_security_key(self, keys: Any, *, cancel: threading.Event, prompt: Any) -> Any:
        self.body(prompt, cancel)
        return self.RESULT


def _view() -> Any:
    return Namespace(challenge=Namespace(extra={}, expires_at=None))


def test_a_pin_question_is_withdrawn_when_the_ceremony_ends_without_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from trader_login.app.kinds import passkey

    # The trader has not answered the PIN question of key A when key B answers: the ceremony returns.
    monkeypatch.setattr(passkey.SecurityKeyPage, "_news", staticmethod(lambda terminal, prompt: None))
    asking: list[threading.Thread] = []
    answers: list[str | None] = []

    def body(prompt: Any, _cancel: threading.Event) -> None:
        thread = threading.Thread(target=lambda: answers.append(prompt.pin(8)), name="security-key-0")
        asking.append(thread)
        thread.start()
        assert prompt.news.get(timeout=WAIT) == ("pin", 8)  # key A asks for its PIN

    page = passkey.SecurityKeyPage(registration=False)
    result = page.ceremony(_Flow(body), Terminal(), _view(), None, [], None)
    assert result is _Flow.RESULT
    (thread,) = asking
    thread.join(WAIT)
    assert not thread.is_alive()  # the question was withdrawn: key A's thread ended
    assert answers == [None]


def test_enter_before_the_key_waits_is_said_not_lost() -> None:
    from trader_login.app.kinds import passkey

    key = VirtualSecurityKey.create()
    terminal = Terminal()
    said = threading.Event()
    say = terminal.say

    def saying(text: str = "") -> None:
        say(text)
        if text == passkey.NOT_WAITING:
            said.set()

    terminal.say = saying  # type: ignore[method-assign]
    go_on = threading.Event()

    def body(_prompt: Any, _cancel: threading.Event) -> None:
        assert go_on.wait(WAIT)  # the key is not asked to wait for a touch yet

    done: list[Any] = []
    page = passkey.SecurityKeyPage(registration=False)
    thread = threading.Thread(
        target=lambda: done.append(page.ceremony(_Flow(body), terminal, _view(), None, [key], None))
    )
    thread.start()
    try:
        terminal.type("")  # Enter while the key does not wait
        assert said.wait(WAIT), terminal.text()
        assert not key.waiting_for_touch
    finally:
        go_on.set()
        thread.join(WAIT)
    assert not thread.is_alive()
    assert done == [_Flow.RESULT]


def test_a_keys_name_with_a_control_character_is_refused_before_the_touch() -> None:
    from trader_login.app.kinds import passkey
    from trader_login.auth import rules

    terminal = Terminal()
    for line in ("blue\x1b[2Jkey", "x" * (rules.DEVICE_LABEL_MAX + 1), "  blue key  "):
        terminal.type(line)
    assert passkey.SecurityKeyPage(registration=True)._name(terminal, False) == "blue key"
    assert terminal.text().count(rules.DEVICE_LABEL_RULE) == 2  # said twice, asked again each time
    assert terminal.lines.empty()


def test_the_harness_keys_presence_timeout_runs_on_the_harness_clock(sls_gateway: SlsGateway) -> None:
    user = sls_gateway.add_user("trader7", devices=["passkey"])
    user.passkey.key.presence_timeout = 60.0  # longer than the test's safety net, within the challenge's
    login = Login(sls_gateway, "trader7")
    login.password()
    until_waiting(user.passkey.keys)
    sls_gateway.advance(61)  # no touch in time on the test's clock: no real minute passes
    assert login.terminal.next_prompt().startswith("Enter = try again"), login.terminal.text()
    assert not user.passkey.waiting
    assert "Logged in" not in login.terminal.text()
    login.terminal.type("\x04")
    assert login.finished() is None
    assert sls_gateway.status("trader7")["failures"] == 0  # nothing was sent


def _untouched_with_policy(sls_gateway: SlsGateway, policy: str) -> tuple[Login, Any]:
    """trader7's console login with `--on-second-factor-timeout policy`, its key left waiting once."""
    user = sls_gateway.add_user("trader7", devices=["passkey"])
    user.passkey.key.presence_timeout = 60.0  # longer than the test's safety net, within the challenge's
    policies = Policies(on_second_factor_timeout=policy)
    login = Login(sls_gateway, "trader7", Unattended(policies), on_second_factor_timeout=policy)
    login.password()
    until_waiting(user.passkey.keys)
    sls_gateway.advance(61)  # no touch in time on the test's clock
    return login, user


def test_a_key_not_touched_in_time_exits_4_with_the_exit_policy(sls_gateway: SlsGateway) -> None:
    login, _user = _untouched_with_policy(sls_gateway, "exit")
    assert login.finished() == ExitCode.SECOND_FACTOR_TIMEOUT, login.terminal.text()
    assert "Enter = try again" not in login.terminal.text()  # nobody is asked: the policy decides
    assert sls_gateway.status("trader7")["failures"] == 0  # nothing was sent


def test_a_key_not_touched_in_time_is_asked_again_with_the_retry_policy(sls_gateway: SlsGateway) -> None:
    login, user = _untouched_with_policy(sls_gateway, "retry")
    login.terminal.wait_for(texts.SECURITY_KEY_TIMEOUT.render())  # the first ceremony ended untouched
    until_waiting(user.passkey.keys)  # and runs again, unasked
    user.passkey.touch()
    assert login.finished() == ExitCode.SESSION, login.terminal.text()
    assert "Enter = try again" not in login.terminal.text()
    assert texts.SECURITY_KEY_TIMEOUT.render() in login.terminal.text()


def test_the_console_prompt_withdraws_the_question_in_progress_only() -> None:
    from trader_login.app.kinds import passkey

    prompt = passkey.ConsolePrompt()
    prompt.withdraw()  # no question in progress: nothing kept for the next one
    answers: list[str | None] = []

    def ask() -> threading.Thread:
        thread = threading.Thread(target=lambda: answers.append(prompt.pin(8)))
        thread.start()
        assert prompt.news.get(timeout=WAIT) == ("pin", 8)
        return thread

    thread = ask()
    prompt.pins.put(PIN)
    thread.join(WAIT)
    assert not thread.is_alive()
    thread = ask()
    prompt.withdraw()  # another key answered: the client's ceremony withdraws the question
    thread.join(WAIT)
    assert not thread.is_alive()
    assert answers == [PIN, None]
