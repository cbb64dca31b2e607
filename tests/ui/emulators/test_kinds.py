"""The emulators' parts of the device kinds (ui.emulators.kinds): every kind has one, found by kind when the
window is built; a half-registered kind fails loudly then; each device tab lists its kinds' devices."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.kinds_support import kinds_package, real_modules
from trader_login.auth import vocabulary
from trader_login.auth.gateway.demo import DEMO_USERS
from trader_login.ui.emulators import EmulatorsWindow
from trader_login.ui.emulators import window as window_module
from trader_login.ui.emulators.common import entry_label, kind_name
from trader_login.ui.emulators.kinds import emulator_parts
from trader_login.ui.emulators.services import DeviceFolder, EmulatorServices

REAL = "trader_login.ui.emulators.kinds"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"sms": None}, r"'sms' is half-registered: .*\.sms does not exist"),
        ({"sms": "EMULATOR_KIND_TYPO = None\n"}, r"'sms' is half-registered: .*\.sms has no EMULATOR_KIND"),
        ({"sms": f"from {REAL}.dscplus import EMULATOR_KIND\n"}, r"'sms' is half-registered: .*'dscplus'"),
        ({"watch": f"from {REAL}.ibkey import EMULATOR_KIND\n"}, r"kinds not registered .*: watch"),
    ],
    ids=["no module", "no part", "another kind's part", "a kind not in the vocabulary"],
)
def test_a_half_registered_emulator_kind_fails_loudly_when_the_window_is_built(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: dict[str, str | None], message: str
) -> None:
    modules = real_modules(REAL, "EMULATOR_KIND", **change)
    package = kinds_package(tmp_path, modules, prefix="fake_emulator_kinds")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(window_module, "KINDS_PACKAGE", package)
    with pytest.raises(vocabulary.KindRegistryError, match=message):
        EmulatorsWindow(EmulatorServices(shelf=DeviceFolder(None)))


def test_the_real_package_builds_with_every_kind(qtbot) -> None:
    window = EmulatorsWindow(EmulatorServices(shelf=DeviceFolder(None), remote=True))
    qtbot.addWidget(window)
    assert set(window.parts) == set(vocabulary.DEVICE_KINDS)
    assert window.tab_names == ("dscplus", "ibkey", "phone", "cards", "totp", "securityKey", "desk")
    assert window.tab_for_kind("temp_passcode") is None  # said by its part: the desk issues it
    assert window.tab_for_kind("card") is window.tab_for_kind("online-card") is window.tab("cards")
    window.close()
    assert window.tasks.wait(0)


def test_every_kind_has_a_name_in_the_device_picker() -> None:
    for kind in vocabulary.DEVICE_KINDS:
        assert kind_name(kind), kind
    with pytest.raises(vocabulary.KindRegistryError, match="unknown device kind 'phone'"):
        kind_name("phone")  # no quiet fallback to the raw kind


def test_every_device_kind_with_a_tab_lists_its_demo_devices_in_that_tabs_picker(
    window: EmulatorsWindow,
) -> None:
    for kind, part in emulator_parts().items():
        if part.tab is None:
            continue
        tab = window.tab_for_kind(kind)
        assert tab is window.tab(part.tab.name)
        demo = [entry for entry in window.entries if entry.kind == kind and entry.user in DEMO_USERS]
        assert demo, f"no demo user has a {kind} device"
        listed = [tab.picker.combo.itemText(i) for i in range(tab.picker.combo.count())]
        for entry in demo:
            assert entry_label(entry) in listed, (kind, entry.user)
        played = {k for k, p in emulator_parts().items() if p.tab is part.tab}
        assert {entry.kind for entry in window.entries if entry_label(entry) in listed} <= played
