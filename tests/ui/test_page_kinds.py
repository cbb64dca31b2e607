"""The second-factor page's parts (issue 15): found by kind through the vocabulary, failing loudly at
page construction when a kind is half-registered; and every challenge kind's page says something, in
every language the app ships."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.kinds_support import kinds_package, real_modules
from trader_login.app import i18n
from trader_login.auth import vocabulary
from trader_login.auth.client.views import Challenge, LoginView, Stage
from trader_login.ui.pages import kinds
from trader_login.ui.pages.second_factor import SecondFactorPage

LANGUAGES = ("en", "ja", "zh_TW", "zh_CN", "ru")
REAL = kinds.PACKAGE  # the real parts, which the fake packages re-export


def fake_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, modules: dict[str, str]) -> str:
    """A `kinds` package of its own in tmp_path, made the one the page loads its parts from."""
    name = kinds_package(tmp_path, modules, prefix="fake_page_kinds")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(kinds, "PACKAGE", name)
    return name


def every_kind(**instead: str | None) -> dict[str, str]:
    """A module per registered kind re-exporting the real part, but for the modules given `instead`."""
    return real_modules(REAL, "PAGE_KIND", **instead)


def test_the_real_package_has_a_part_for_every_device_kind() -> None:
    assert set(kinds.load()) == set(vocabulary.DEVICE_KINDS)


def test_a_kind_without_a_module_fails_loudly_when_the_page_is_built(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_package(tmp_path, monkeypatch, every_kind(sms=None))
    with pytest.raises(vocabulary.KindRegistryError, match=r"'sms' is half-registered"):
        SecondFactorPage()


def test_a_module_without_its_page_part_fails_loudly_when_the_page_is_built(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_package(tmp_path, monkeypatch, every_kind(card="PART = None\n"))
    with pytest.raises(vocabulary.KindRegistryError, match=r"'card' is half-registered.*PAGE_KIND"):
        SecondFactorPage()


def test_a_page_part_for_an_unlisted_kind_fails_loudly(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_package(tmp_path, monkeypatch, every_kind(watch="PAGE_KIND = None\n"))
    with pytest.raises(vocabulary.KindRegistryError, match=r"not registered.*watch"):
        SecondFactorPage()


def test_a_page_part_that_is_not_a_kind_part_or_misnames_its_device_fails_loudly(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_package(tmp_path, monkeypatch, every_kind(dscplus="PAGE_KIND = object()\n"))
    with pytest.raises(vocabulary.KindRegistryError, match=r"'dscplus'.*not a KindPart"):
        SecondFactorPage()
    relabelled = f"from {REAL}.ibkey import IbKeyPart\n\nclass PAGE_KIND(IbKeyPart):\n    label = 'IBKey'\n"
    fake_package(tmp_path, monkeypatch, every_kind(ibkey=relabelled))
    with pytest.raises(vocabulary.KindRegistryError, match=r"'ibkey'.*label 'IBKey'"):
        SecondFactorPage()


def challenges() -> list[Challenge]:
    """One challenge of every kind the vocabulary lists, as the client reads it (SMS twice: texted and
    spoken)."""
    shown: list[Challenge] = []
    for kind in vocabulary.CHALLENGE_KINDS.values():
        fields: dict[str, object] = {"kind": kind.name, "message": ""}
        if kind.name == "sms":
            for channel in ("sms", "voice"):
                shown.append(
                    Challenge(**fields, channel=channel, masked_number="+41 •• ••• •• 12", codes_left=4)
                )
            continue
        fields.update(digits="12345678", indices=(12, 34), push_deadline=30.0, push_seconds=30.0)
        shown.append(Challenge(**fields))
    return shown


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_challenge_kind_has_a_title_and_instructions_in_every_language(qtbot: QtBot, code: str) -> None:
    page = SecondFactorPage(clock=lambda: 0.0)
    qtbot.addWidget(page)
    languages = i18n.Languages()
    english: dict[str, str] = {}
    for challenge in challenges():
        page.show_view(LoginView(Stage.SECOND_FACTOR, challenge=challenge))
        english[f"{challenge.kind}/{challenge.channel}"] = page.instructions.text()
    try:
        assert languages.use(code), f"no catalogue for {code}: make translations"
        for challenge in challenges():
            page.show_view(LoginView(Stage.SECOND_FACTOR, challenge=challenge))
            what = f"{challenge.kind}/{challenge.channel}"
            assert page.property("challengeKind") == challenge.kind
            assert page.title.text().strip(), f"{what}: no title in {code}"
            assert page.instructions.text().strip(), f"{what}: no instructions in {code}"
            if code != "en":
                assert page.instructions.text() != english[what], (
                    f"{what}: instructions still English in {code}"
                )
    finally:
        languages.clear()


def test_a_part_can_ask_for_the_answer_to_be_sent_at_its_last_character(qtbot: QtBot) -> None:
    """What the TOTP page will need (issue 15): sent by itself when the trader types or pastes the last
    digit; a `setText` from code (a tester's, before clicking Log In) sends nothing by itself."""

    class AutoSubmitting(kinds.load()["dscplus"]):  # type: ignore[misc,valid-type]
        def auto_submit_at(self, challenge: Challenge) -> int | None:
            return 8

    page = SecondFactorPage(clock=lambda: 0.0)
    qtbot.addWidget(page)
    page.show()
    page.parts["dscplus"] = AutoSubmitting(page, vocabulary.device_kind("dscplus"))
    page.show_view(LoginView(Stage.SECOND_FACTOR, challenge=Challenge("dscplus", digits="123456")))
    sent: list[str] = []
    page.responded.connect(sent.append)
    page.response_edit.setText("12345678")
    assert sent == []
    for typed in ("1234567", "12345678"):  # as the trader types: the field changes, then says so
        page.response_edit.setText(typed)
        page.response_edit.textEdited.emit(typed)
        assert sent == ([] if len(typed) < 8 else ["12345678"])
    page.set_busy(True)  # sent: nothing sends again until the reply
    page.response_edit.textEdited.emit("12345678")
    assert sent == ["12345678"]
