"""`python -m app`: how to run the app, and a working core."""

from trader_login.app.console_demo import main


def test_console_demo_logs_in_refuses_a_wrong_password_and_checks_the_dsc_response():
    lines = []
    assert main(out=lines.append) == 0
    text = "\n".join(lines)
    assert "dscuser / demo123   -> accepted" in text
    assert 'dscuser / wrong     -> refused: "Invalid user name password combination"' in text
    assert "[PIN> ****]" in text
    assert "gateway check of the response: valid" in text
    assert "Is Caps Lock on?" in text
    assert "BAD CHARACTER" in text


def test_the_introduction_is_current():
    lines = []
    main(out=lines.append)
    text = "\n".join(lines)
    assert "later issue" not in text
    for command in ("trader-login ", "trader-login --console", "trader-login device", "make run"):
        assert command in text
