"""Restart grants' shared ground: the signed payload, the device key, the weekly cut-off."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trader_login.auth import restart
from trader_login.auth.restart import DEFAULT_CUTOFF, Cutoff


def _unix(*parts: int, zone: str = "UTC") -> float:
    return datetime(*parts, tzinfo=ZoneInfo(zone)).timestamp()


def _local(unix: float, zone: str) -> datetime:
    return datetime.fromtimestamp(unix, ZoneInfo(zone))


# --- payload ---


def test_payload_is_the_domain_and_canonical_json_test_vector():
    payload = restart.restart_payload("RG-0123456789ABCDEF", "alice", "live", bytes(range(32)))
    assert payload == (
        b"trader-login/restart/v1\n"
        b'{"challenge":"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=","grant":"RG-0123456789ABCDEF",'
        b'"mode":"live","username":"alice"}'
    )


def test_payload_escapes_non_ascii_user_names():
    payload = restart.restart_payload("RG-1", "zoë", "paper", b"\x00")
    assert b'"username":"zo\\u00eb"' in payload
    assert payload.isascii()


def test_each_field_changes_the_payload():
    base = restart.restart_payload("RG-1", "alice", "live", b"c" * 32)
    assert restart.restart_payload("RG-2", "alice", "live", b"c" * 32) != base
    assert restart.restart_payload("RG-1", "bob", "live", b"c" * 32) != base
    assert restart.restart_payload("RG-1", "alice", "paper", b"c" * 32) != base
    assert restart.restart_payload("RG-1", "alice", "live", b"d" * 32) != base


def test_grant_ids_fit_the_wire_pattern_and_the_column():
    ids = {restart.new_grant_id() for _ in range(20)}
    assert len(ids) == 20
    for grant_id in ids:
        assert restart.GRANT_ID_PATTERN.match(grant_id)
        assert len(grant_id) == 19
        assert grant_id.startswith("RG-")
        assert grant_id[3:] == grant_id[3:].upper()


# --- keys and signatures ---


def test_sign_and_verify_round_trip():
    key = restart.new_device_key()
    public = restart.public_bytes(key)
    assert len(public) == 65
    assert public[0] == 4
    payload = restart.restart_payload("RG-1", "alice", "live", b"x" * 32)
    signature = restart.sign(key, payload)
    assert restart.verify(public, payload, signature)


def test_verify_refuses_another_key_another_payload_and_garbage():
    key = restart.new_device_key()
    other = restart.new_device_key()
    payload = restart.restart_payload("RG-1", "alice", "live", b"x" * 32)
    signature = restart.sign(key, payload)
    public = restart.public_bytes(key)
    assert not restart.verify(restart.public_bytes(other), payload, signature)
    assert not restart.verify(public, payload + b" ", signature)
    assert not restart.verify(public, restart.restart_payload("RG-1", "alice", "live", b"y" * 32), signature)
    assert not restart.verify(public, payload, b"")
    assert not restart.verify(public, payload, b"\x30\x02\x00\x00")
    assert not restart.verify(public, payload, b"\xff" * 200)
    assert not restart.verify(public, payload, signature[:-1])


@pytest.mark.parametrize(
    "public",
    [
        b"",
        b"\x04" + b"\x00" * 64,  # not on the curve
        b"\x04" + b"\xff" * 64,
        b"\x02" + b"\x11" * 32,  # compressed: not what the wire carries
        b"\x05" + b"\x11" * 64,
        b"\x04" + b"\x11" * 65,
        "not bytes",
        None,
    ],
)
def test_garbage_keys_never_raise_in_verify_and_are_refused_by_check(public):
    key = restart.new_device_key()
    payload = b"payload"
    assert restart.verify(public, payload, restart.sign(key, payload)) is False
    with pytest.raises(ValueError, match="device key"):
        restart.check_public(public)


def test_private_key_pem_round_trip_and_damaged_pem():
    key = restart.new_device_key()
    pem = restart.private_pem(key)
    assert pem.startswith("-----BEGIN PRIVATE KEY-----")
    again = restart.load_private(pem)
    assert restart.public_bytes(again) == restart.public_bytes(key)
    payload = b"p"
    assert restart.verify(restart.public_bytes(key), payload, restart.sign(again, payload))
    with pytest.raises(ValueError, match="damaged") as caught:
        restart.load_private(pem[:80] + "AAAA" + pem[84:-40])
    assert "PRIVATE KEY" not in str(caught.value)
    with pytest.raises(ValueError, match="damaged"):
        restart.load_private("nonsense")


# --- Cutoff.parse ---


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sun 01:00 America/New_York", Cutoff(6, 1, 0, "America/New_York")),
        ("sunday 1:00 US/Eastern", Cutoff(6, 1, 0, "US/Eastern")),
        ("  FRI 23:59   Asia/Tokyo ", Cutoff(4, 23, 59, "Asia/Tokyo")),
        ("Monday 00:00 UTC", Cutoff(0, 0, 0, "UTC")),
        ("wed 12:30 Europe/London", Cutoff(2, 12, 30, "Europe/London")),
    ],
)
def test_parse_reads_day_time_and_zone(text, expected):
    assert Cutoff.parse(text) == expected


def test_str_round_trips():
    for text in ("Sun 01:00 America/New_York", "Sat 07:05 Australia/Sydney", "Mon 00:00 UTC"):
        assert str(Cutoff.parse(text)) == text
        assert Cutoff.parse(str(Cutoff.parse(text))) == Cutoff.parse(text)
    assert str(Cutoff.parse("sunday 1:00 US/Eastern")) == "Sun 01:00 US/Eastern"


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("", "is not a cut-off"),
        ("Sun 01:00", "is not a cut-off"),
        ("Sun 1 America/New_York", "is not a cut-off"),
        ("Sunnday 01:00 America/New_York", "not a day of the week"),
        ("Sun 24:00 America/New_York", "not a time of day"),
        ("Sun 01:60 America/New_York", "not a time of day"),
        ("Sun 01:00 Mars/Olympus", "not a time zone this computer knows"),
        ("Sun 01:00 ../../etc/passwd", "not a time zone name"),
        ("Sun 01:00 America/New_York extra", "is not a cut-off"),
        ("Sun ０1:00 UTC", "is not a cut-off"),  # other scripts' digits are not read as numbers
    ],
)
def test_parse_refuses_with_one_clear_line(text, says):
    with pytest.raises(ValueError, match=says) as caught:
        Cutoff.parse(text)
    assert "\n" not in str(caught.value)


def test_parse_refuses_what_is_not_text():
    with pytest.raises(ValueError, match="weekly cut-off"):
        Cutoff.parse(None)  # type: ignore[arg-type]


def test_fields_are_checked_when_built_directly():
    with pytest.raises(ValueError, match="weekday"):
        Cutoff(7, 1, 0, "UTC")
    with pytest.raises(ValueError, match="hour"):
        Cutoff(0, 24, 0, "UTC")
    with pytest.raises(ValueError, match="minute"):
        Cutoff(0, 1, 60, "UTC")
    with pytest.raises(ValueError, match="time zone"):
        Cutoff(0, 1, 0, "Nowhere/Town")


def test_default_is_sunday_one_in_the_morning_us_eastern():
    assert str(DEFAULT_CUTOFF) == "Sun 01:00 America/New_York"


# --- next_after ---


def test_next_after_across_the_week():
    # Friday 4 December 2026, 15:00 New York (EST) -> Sunday 6 December 01:00 EST = 06:00 UTC.
    friday = _unix(2026, 12, 4, 15, 0, zone="America/New_York")
    assert DEFAULT_CUTOFF.next_after(friday) == _unix(2026, 12, 6, 6, 0)
    # From Sunday 01:30 (just past), next week.
    assert DEFAULT_CUTOFF.next_after(_unix(2026, 12, 6, 6, 30)) == _unix(2026, 12, 13, 6, 0)
    # Monday -> the coming Sunday.
    assert DEFAULT_CUTOFF.next_after(_unix(2026, 12, 7, 12, 0)) == _unix(2026, 12, 13, 6, 0)


def test_next_after_is_strictly_after_the_cutoff_moment():
    moment = _unix(2026, 12, 6, 6, 0)
    assert DEFAULT_CUTOFF.next_after(moment) == moment + 7 * 86400
    assert DEFAULT_CUTOFF.next_after(moment - 0.001) == moment
    assert DEFAULT_CUTOFF.next_after(moment - 1) == moment


def test_next_after_spring_forward_in_new_york():
    # 14 March 2027: 02:00 EST jumps to 03:00 EDT. A cut-off at 01:00 is still 01:00 EST (06:00 UTC).
    before = _unix(2027, 3, 12, 12, 0)
    assert DEFAULT_CUTOFF.next_after(before) == _unix(2027, 3, 14, 6, 0)
    # The Sunday after, 01:00 EDT = 05:00 UTC: the week is one hour shorter.
    assert DEFAULT_CUTOFF.next_after(_unix(2027, 3, 14, 6, 0)) == _unix(2027, 3, 21, 5, 0)


def test_next_after_a_time_in_the_spring_forward_gap_is_the_first_instant_after_it():
    cutoff = Cutoff.parse("Sun 02:30 America/New_York")
    found = cutoff.next_after(_unix(2027, 3, 12, 12, 0))
    assert found == _unix(2027, 3, 14, 7, 0)  # 03:00 EDT
    assert _local(found, "America/New_York").hour == 3
    assert _local(found, "America/New_York").minute == 0
    # Just before that instant (01:59:59 EST) the gap's cut-off is still ahead; at it, next week's is.
    assert cutoff.next_after(found - 1) == found
    assert cutoff.next_after(found) == _unix(2027, 3, 21, 6, 30)


def test_next_after_fall_back_takes_the_first_of_the_two_moments():
    # 1 November 2026: 02:00 EDT falls back to 01:00 EST; 01:00..01:59 happen twice. The first one, in EDT.
    found = DEFAULT_CUTOFF.next_after(_unix(2026, 10, 30, 12, 0))
    assert found == _unix(2026, 11, 1, 5, 0)  # 01:00 EDT
    assert _local(found, "America/New_York").fold == 0
    # Between the two occurrences, the next one is a week later.
    assert DEFAULT_CUTOFF.next_after(_unix(2026, 11, 1, 5, 30)) == _unix(2026, 11, 8, 6, 0)


@pytest.mark.parametrize(
    ("text", "start", "expected_utc"),
    [
        # London: BST ends 25 Oct 2026 (02:00 BST -> 01:00 GMT); 01:30 twice, the first in BST.
        ("Sun 01:30 Europe/London", (2026, 10, 23, 12, 0), (2026, 10, 25, 0, 30)),
        # London: BST starts 29 Mar 2026, 01:00 GMT -> 02:00 BST; no 01:30 -> 02:00 BST = 01:00 UTC.
        ("Sun 01:30 Europe/London", (2026, 3, 27, 12, 0), (2026, 3, 29, 1, 0)),
        # Tokyo has no daylight saving: Sunday 01:00 JST is Saturday 16:00 UTC.
        ("Sun 01:00 Asia/Tokyo", (2026, 12, 4, 0, 0), (2026, 12, 5, 16, 0)),
        # Sydney: DST ends 5 Apr 2026 (03:00 AEDT -> 02:00 AEST); 02:30 twice, the first in AEDT (UTC+11).
        ("Sun 02:30 Australia/Sydney", (2026, 4, 1, 0, 0), (2026, 4, 4, 15, 30)),
        # Sydney: DST starts 4 Oct 2026, 02:00 AEST -> 03:00 AEDT; no 02:30 -> 03:00 AEDT = 16:00 UTC.
        ("Sun 02:30 Australia/Sydney", (2026, 10, 1, 0, 0), (2026, 10, 3, 16, 0)),
        ("Sat 23:00 Australia/Sydney", (2026, 12, 4, 0, 0), (2026, 12, 5, 12, 0)),
    ],
)
def test_next_after_in_other_zones(text, start, expected_utc):
    assert Cutoff.parse(text).next_after(_unix(*start)) == _unix(*expected_utc)


_ZONES = ["America/New_York", "Europe/London", "Asia/Tokyo", "Australia/Sydney", "UTC", "America/Santiago"]


@settings(database=None, max_examples=300)
@given(
    weekday=st.integers(0, 6),
    hour=st.integers(0, 23),
    minute=st.integers(0, 59),
    zone=st.sampled_from(_ZONES),
    unix=st.floats(min_value=946684800, max_value=4102444800, allow_nan=False, allow_infinity=False),
)
def test_next_after_properties(weekday, hour, minute, zone, unix):
    cutoff = Cutoff(weekday, hour, minute, zone)
    found = cutoff.next_after(unix)
    assert found > unix
    assert found <= unix + 7 * 86400 + 3600
    local = _local(found, zone)
    wall = datetime(local.year, local.month, local.day, hour, minute, tzinfo=ZoneInfo(zone))
    if datetime.fromtimestamp(wall.timestamp(), ZoneInfo(zone)).replace(tzinfo=None) == wall.replace(
        tzinfo=None
    ):
        assert (local.weekday(), local.hour, local.minute) == (weekday, hour, minute)
    else:
        # In a spring-forward gap: the first instant after it, on the same day, just past the wall time.
        assert local.weekday() == weekday
        just_before = datetime.fromtimestamp(found - 1, ZoneInfo(zone))
        assert local.utcoffset() != just_before.utcoffset()
    # Nothing between: the moment a second earlier has the same next cut-off unless it is before unix.
    assert cutoff.next_after(max(unix, found - 1)) == found or found - 1 <= unix
    assert timedelta(seconds=found - unix) <= timedelta(days=7, hours=1)


def test_next_after_reads_utc_not_the_machine_zone(monkeypatch):
    import time

    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    try:
        assert DEFAULT_CUTOFF.next_after(_unix(2026, 12, 4, 20, 0)) == _unix(2026, 12, 6, 6, 0)
    finally:
        monkeypatch.undo()
        time.tzset()
    assert datetime.fromtimestamp(0, UTC).year == 1970


def test_a_computer_s_label_keeps_printable_characters_up_to_the_limit() -> None:
    """One rule for the window and the console: a host name with a control character or over 64
    characters still makes a label the grant takes; an empty one makes none."""
    assert restart.computer_label("trading-box-1") == "trading-box-1"
    assert restart.computer_label("box\x07\t-2 ") == "box-2"
    assert restart.computer_label("x" * 100) == "x" * restart.LABEL_MAX
    assert restart.computer_label("\x00 ") is None
