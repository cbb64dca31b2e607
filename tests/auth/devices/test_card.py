"""R7 and R8: the Security Code Card and the Online Security Code Card."""

from __future__ import annotations

import re

import pytest

import trader_login.auth.devices.card as card_module
from trader_login.auth.devices import SecurityCodeCard

ALLOWED = re.compile(r"[A-HJ-NP-Z2-9]{3}")


def test_r7_card_has_100_codes_of_three_allowed_characters() -> None:
    card = SecurityCodeCard.create()
    codes = card.codes()
    assert list(codes) == list(range(1, 101))
    for index, code in codes.items():
        assert ALLOWED.fullmatch(code)
        assert card.code(index) == code


def test_r7_card_alphabet_leaves_out_look_alikes() -> None:
    for look_alike in "0O1I":
        assert look_alike not in card_module.ALPHABET
    assert set(card_module.ALPHABET) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
    with pytest.raises(ValueError, match="alphabet"):
        SecurityCodeCard("SCC1", "card", ["AB0"] * 100)


def test_r7_cards_are_drawn_from_the_csprng(monkeypatch: pytest.MonkeyPatch) -> None:
    cards = [SecurityCodeCard.create() for _ in range(3)]
    grids = {tuple(card.codes().values()) for card in cards}
    assert len(grids) == 3
    # Each card has many distinct codes, not one repeated draw.
    assert len(set(cards[0].codes().values())) > 50
    monkeypatch.setattr(card_module.secrets, "choice", lambda alphabet: alphabet[0])
    assert set(SecurityCodeCard.create().codes().values()) == {"AAA"}


def test_r7_card_response_is_both_codes_without_a_space() -> None:
    card = SecurityCodeCard.create()
    response = card.response(7, 93)
    assert response == card.code(7) + card.code(93)
    assert len(response) == 6
    assert " " not in response
    assert card.response(1, 100) == card.code(1) + card.code(100)


@pytest.mark.parametrize("index", [0, -1, 101, 1000])
def test_r7_card_index_must_be_1_to_100(index: int) -> None:
    card = SecurityCodeCard.create()
    with pytest.raises(IndexError, match=f"card index {index} "):
        card.code(index)
    with pytest.raises(IndexError):
        card.response(1, index)


@pytest.mark.parametrize("index", [True, "5", 5.0, None])
def test_r7_card_index_must_be_a_whole_number(index: object) -> None:
    with pytest.raises(TypeError):
        SecurityCodeCard.create().code(index)  # type: ignore[arg-type]


def test_r8_online_card_is_a_card_of_the_same_kind() -> None:
    online = SecurityCodeCard.create("online-card")
    assert online.kind == "online-card"
    assert len(online.codes()) == 100
    assert online.serial != SecurityCodeCard.create("online-card").serial
    assert SecurityCodeCard.create().kind == "card"
    with pytest.raises(ValueError, match="kind"):
        SecurityCodeCard.create("paper")  # type: ignore[arg-type]


def test_card_rows_lay_out_the_grid_for_a_viewer() -> None:
    card = SecurityCodeCard.create()
    rows = card.rows()
    assert len(rows) == 10
    assert all(len(row) == 10 for row in rows)
    assert [cell for row in rows for cell in row] == list(card.codes().items())
    assert [len(row) for row in card.rows(per_row=25)] == [25, 25, 25, 25]
    assert [len(row) for row in card.rows(per_row=30)] == [30, 30, 30, 10]
    with pytest.raises(ValueError, match="per_row"):
        card.rows(per_row=0)


@pytest.mark.parametrize("count", [0, 99, 101])
def test_card_needs_exactly_100_codes(count: int) -> None:
    with pytest.raises(ValueError, match="100 codes"):
        SecurityCodeCard("SCC1", "card", ["ABC"] * count)
