"""`trader-login --console --totp-uri-file FILE`: the authenticator code computed from the otpauth URI in
FILE for unattended logins. A bad file (missing, unreadable, a malformed URI) ends the program with one
line and exit status 2 before any network, its secret in no output; a file others can read is warned
about; the unattended login itself runs in a child process on a pseudo-terminal against a gateway on the
real clock (the console computes the code at its own time, as a trader's app does)."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.app.test_console_login import CLIENT_COST, Console
from tests.gateway.http_support import cheap_config
from trader_login.app import cli
from trader_login.app.kinds import totp as part
from trader_login.auth.devices.totp import Authenticator
from trader_login.auth.gateway.demo import DEMO_PASSWORD
from trader_login.auth.gateway.gateway import Gateway
from trader_login.auth.gateway.server import GatewayServer

posix_only = pytest.mark.skipif(os.name != "posix", reason="file modes and pseudo-terminals are POSIX")

# A URI whose secret (10 bytes) is too short: refused, and the text of the refusal must not quote it.
SHORT_SECRET = "JBSWY3DPEHPK3PXP"
SHORT_URI = f"otpauth://totp/Trader%20Login:totpuser?secret={SHORT_SECRET}&issuer=Trader%20Login"
APP = Authenticator.create("totpuser")


def _write(path: Path, text: str, mode: int = 0o600) -> Path:
    path.write_text(text)
    path.chmod(mode)
    return path


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any gateway connection, or the demo gateway starting, fails the test."""
    from trader_login.app import embedded
    from trader_login.auth.client import transport

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the console reached for the network")

    monkeypatch.setattr(transport.GatewayClient, "__init__", refuse)
    monkeypatch.setattr(embedded.EmbeddedGateway, "__init__", refuse)


def _refused(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as ended:
        cli.main(["--console", "--gateway", "https://127.0.0.1:9", *argv])
    assert ended.value.code == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1, err  # one line
    return err


def test_a_malformed_uri_is_one_line_exit_2_before_any_network(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], no_network: None
) -> None:
    path = _write(tmp_path / "seed.uri", SHORT_URI + "\n")
    err = _refused(["--totp-uri-file", str(path)], capsys)
    assert err.startswith(f"trader-login: --totp-uri-file: {path}: ")
    assert "the secret is 10 bytes" in err
    assert SHORT_SECRET not in err
    assert SHORT_SECRET.lower() not in err.lower()


@pytest.mark.parametrize(
    "content",
    [
        "otpauth://hotp/Trader%20Login:x?secret=" + APP.secret_base32 + "&counter=1",
        APP.uri.replace("digits=6", "digits=8"),
        APP.uri.replace("secret=", "secret=1"),  # not base32
        "",
        "https://example.com/?secret=" + APP.secret_base32,
    ],
    ids=["hotp", "8-digits", "not-base32", "empty", "not-otpauth"],
)
def test_no_malformed_uri_lets_its_secret_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], no_network: None, content: str
) -> None:
    path = _write(tmp_path / "seed.uri", content)
    err = _refused(["--totp-uri-file", str(path)], capsys)
    assert err.startswith(f"trader-login: --totp-uri-file: {path}")
    assert APP.secret_base32 not in err
    assert not content or content not in err


def test_a_missing_or_unreadable_file_is_one_line_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], no_network: None
) -> None:
    err = _refused(["--totp-uri-file", str(tmp_path / "nowhere.uri")], capsys)
    missing = tmp_path / "nowhere.uri"
    assert err == f"trader-login: --totp-uri-file: cannot read {missing}: No such file or directory\n"
    err = _refused(["--totp-uri-file", str(tmp_path)], capsys)
    assert err == f"trader-login: --totp-uri-file: {tmp_path} is not a file\n"
    binary = tmp_path / "seed.bin"
    binary.write_bytes(b"\xff\xfe" + APP.secret)
    binary.chmod(0o600)
    err = _refused(["--totp-uri-file", str(binary)], capsys)
    assert err == f"trader-login: --totp-uri-file: {binary} is not a text file holding an otpauth:// URI\n"


@posix_only
def test_a_file_without_read_permission_is_one_line_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], no_network: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _write(tmp_path / "seed.uri", APP.uri, mode=0o000)
    if os.geteuid() == 0:  # root reads any file (CI runs as root): the refusal the kernel gives others
        real_open = Path.open

        def refused_open(self: Path, *args: Any, **kwargs: Any) -> Any:
            if self == path:
                raise PermissionError(13, "Permission denied", str(self))
            return real_open(self, *args, **kwargs)

        monkeypatch.setattr(Path, "open", refused_open)
    err = _refused(["--totp-uri-file", str(path)], capsys)
    assert err == f"trader-login: --totp-uri-file: cannot read {path}: Permission denied\n"


@posix_only
@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604])
def test_a_file_others_can_read_is_warned_about(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], mode: int
) -> None:
    path = _write(tmp_path / "seed.uri", APP.uri + "\n", mode)
    args = cli.build_parser().parse_args(["--console", "--totp-uri-file", str(path)])
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (
        f"trader-login: warning: {path} can be read by other users (mode {mode:04o}) and it holds your "
        f"second factor: chmod 600 {path}\n"
    )
    assert isinstance(args.totp_uri_file, part.UriFile)
    assert APP.secret_base32 not in repr(args)  # the namespace names the file only


@posix_only
def test_a_file_for_its_owner_alone_is_read_in_silence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path / "seed.uri", APP.uri + "\n", 0o600)
    args = cli.build_parser().parse_args(["--console", "--totp-uri-file", str(path)])
    assert capsys.readouterr() == ("", "")
    assert repr(args.totp_uri_file) == f"UriFile({str(path)!r})"


def test_help_names_the_option_and_what_the_file_holds(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "--totp-uri-file FILE" in text
    assert "the second factor then lives in that file" in text
    assert "authenticator page" in text


# --- unattended, end to end -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_clock_gateway(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Gateway, GatewayServer]]:
    """The demo gateway on the real clock: the console's code is computed at the console's own time."""
    gateway = Gateway(
        tmp_path_factory.mktemp("totp-console") / "gateway",
        config=cheap_config(kdf_cost=CLIENT_COST),
        clock=time.time,
    )
    gateway.seed_demo()
    server = GatewayServer(gateway)
    server.start()
    try:
        yield gateway, server
    finally:
        server.stop()
        gateway.close()


@posix_only
def test_totp_uri_file_logs_in_unattended(
    real_clock_gateway: tuple[Gateway, GatewayServer], tmp_path: Path
) -> None:
    gateway, server = real_clock_gateway
    gateway.desk.add_user("totpfile", DEMO_PASSWORD)
    app = gateway.desk.add_device("totpfile", "totp")
    path = _write(tmp_path / "totpfile.uri", app.uri + "\n")
    console = Console(
        "--gateway",
        server.url,
        "--fingerprint",
        server.fingerprint,
        "--user",
        "totpfile",
        "--totp-uri-file",
        str(path),
    )
    try:
        console.expect("Password: ")
        console.type(DEMO_PASSWORD)
        console.expect(f"Authenticator code: from the otpauth URI in {path}")
        console.expect("Logged in: totpfile \\(live\\)")
        console.expect("Device: Authenticator app")
        console.expect("Logged out: the console login ends here.")
        assert console.exit_status() == 0
    finally:
        console.close()
    assert "warning" not in console.text
    assert app.secret_base32 not in console.text
    assert "otpauth://" not in console.text


@posix_only
def test_a_typed_code_logs_in_on_the_console(real_clock_gateway: tuple[Gateway, GatewayServer]) -> None:
    gateway, server = real_clock_gateway
    gateway.desk.add_user("totptyped", DEMO_PASSWORD)
    app = gateway.desk.add_device("totptyped", "totp")
    console = Console("--gateway", server.url, "--fingerprint", server.fingerprint, "--user", "totptyped")
    try:
        console.expect("Password: ")
        console.type(DEMO_PASSWORD)
        console.expect(part.INSTRUCTIONS)
        console.expect(r"Authenticator code \(new code in \d+ s; r = read only\): ")
        console.type("12345")  # one digit short: refused here, not sent
        console.expect("The authenticator code is 6 digits, as your authenticator app shows it.")
        console.expect(r"Authenticator code \(new code in \d+ s; r = read only\): ")
        console.type(app.code(time.time()))
        console.expect("Logged in: totptyped \\(live\\)")
        assert console.exit_status() == 0
    finally:
        console.close()
    assert gateway.desk.status("totptyped")["failures"] == 0
