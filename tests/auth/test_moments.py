"""One way to show a moment: the trader's language, the time zone always named."""

from datetime import UTC
from zoneinfo import ZoneInfo

import pytest

from trader_login.auth import moments

# Saturday 5 December 2026, 07:20:05 UTC.
SATURDAY = 1796455205


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Sat 5 Dec 2026, 07:20 UTC"),
        ("ja", "2026年12月5日(土) 7:20 UTC"),
        ("zh_CN", "2026年12月5日 周六 07:20 UTC"),
        ("zh_TW", "2026年12月5日 週六 07:20 UTC"),
        ("ru", "сб, 5 дек. 2026 г., 07:20 UTC"),
    ],
)
def test_each_language_writes_the_date_the_time_and_the_zone(language, expected):
    assert moments.show(SATURDAY, language=language, zone=UTC) == expected


def test_the_zone_is_the_one_given_with_its_abbreviation_or_its_offset():
    assert moments.show(SATURDAY, language="en", zone=ZoneInfo("Asia/Tokyo")) == "Sat 5 Dec 2026, 16:20 JST"
    assert (
        moments.show(SATURDAY, language="en", zone=ZoneInfo("America/New_York"))
        == "Sat 5 Dec 2026, 02:20 EST"
    )
    # Zones whose abbreviation is only digits are written as an offset from UTC.
    assert moments.show(SATURDAY, language="en", zone=ZoneInfo("Europe/Istanbul")).endswith("10:20 UTC+3")
    assert moments.show(SATURDAY, language="en", zone=ZoneInfo("Asia/Kolkata")).endswith("12:50 IST")


def test_time_alone_and_seconds_for_recent_events():
    assert moments.show(SATURDAY, language="en", zone=UTC, date=False, seconds=True) == "07:20:05 UTC"


@pytest.mark.parametrize(
    ("name", "language"),
    [
        ("ru_RU.UTF-8", "ru"),
        ("ja_JP", "ja"),
        ("zh_TW.UTF-8", "zh_TW"),
        ("zh-Hant-HK", "zh_TW"),
        ("zh_SG", "zh_CN"),
        ("C", "en"),
        ("de_DE.UTF-8", "en"),
        ("", "en"),
    ],
)
def test_a_locale_name_maps_to_a_supported_language(name, language):
    assert moments.language_of(name) == language


def test_the_terminal_language_follows_posix_precedence():
    assert moments.environment_language({"LANG": "ja_JP.UTF-8", "LC_TIME": "ru_RU.UTF-8"}) == "ru"
    assert moments.environment_language({"LANG": "ja_JP.UTF-8", "LC_ALL": "zh_CN.UTF-8"}) == "zh_CN"
    assert moments.environment_language({}) == "en"
