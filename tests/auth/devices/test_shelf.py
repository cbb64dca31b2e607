"""The shelf's file names (`<user>-<kind>.json`) and the DSC+ challenge's shape, as the terminal's device
command and the emulators read them."""

from __future__ import annotations

import pytest

from trader_login.auth import vocabulary
from trader_login.auth.devices import files
from trader_login.auth.devices.dscplus import normalise_challenge


def test_every_kind_with_a_model_has_shelf_files_and_their_names_read_back() -> None:
    kinds = files.shelf_kinds()
    assert kinds == tuple(name for name, kind in vocabulary.DEVICE_KINDS.items() if kind.model is not None)
    for kind in kinds:
        name = files.shelf_file_name("dscuser", kind)
        assert files.parse_shelf_name(name) == ("dscuser", kind)


@pytest.mark.parametrize(
    "name",
    [
        "dscuser-temp_passcode.json",
        "dscuser-watch.json",
        "DSCUSER-dscplus.json",
        "../x-dscplus.json",
        "dscuser-dscplus.json.bak",
        "dscuser.json",
        "-dscplus.json",
    ],
)
def test_other_names_are_not_shelf_files(name: str) -> None:
    assert files.parse_shelf_name(name) is None


def test_a_dscplus_challenge_is_six_digits_spaces_ignored() -> None:
    assert normalise_challenge(" 123 456 ") == "123456"
    for bad in ("12345", "1234567", "12345x", "１２３４５６", ""):
        with pytest.raises(ValueError, match="6 digits") as raised:
            normalise_challenge(bad)
        assert bad not in str(raised.value) or not bad
