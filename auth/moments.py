"""One way to show a moment: a date and time in the trader's language, always with its time zone.

Every window, the console and the desk write moments through `show()`, so a lock's end reads the same in
the session window, at the desk and on the terminal ("Sat 5 Dec 2026, 07:20 UTC"). Qt-free: the desk
and the console have no Qt; the windows pass their language. The five languages' month and weekday names
are spelled here (CLDR's abbreviated forms) rather than taken from a locale library the bundle would carry.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime, tzinfo

LANGUAGES = ("en", "ja", "zh_TW", "zh_CN", "ru")


@dataclass(frozen=True)
class _Pattern:
    months: tuple[str, ...]
    weekdays: tuple[str, ...]  # Monday first, as datetime.weekday()
    date: str  # {weekday} {day} {month} {month_name} {year}
    joiner: str  # between the date and the time
    hour: str  # "{hour:02d}" or "{hour}"


_PATTERNS = {
    "en": _Pattern(
        months=("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
        weekdays=("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
        date="{weekday} {day} {month_name} {year}",
        joiner=", ",
        hour="{hour:02d}",
    ),
    "ja": _Pattern(
        months=tuple(f"{n}月" for n in range(1, 13)),
        weekdays=("月", "火", "水", "木", "金", "土", "日"),
        date="{year}年{month}月{day}日({weekday})",
        joiner=" ",
        hour="{hour}",
    ),
    "zh_CN": _Pattern(
        months=tuple(f"{n}月" for n in range(1, 13)),
        weekdays=("周一", "周二", "周三", "周四", "周五", "周六", "周日"),
        date="{year}年{month}月{day}日 {weekday}",
        joiner=" ",
        hour="{hour:02d}",
    ),
    "zh_TW": _Pattern(
        months=tuple(f"{n}月" for n in range(1, 13)),
        weekdays=("週一", "週二", "週三", "週四", "週五", "週六", "週日"),
        date="{year}年{month}月{day}日 {weekday}",
        joiner=" ",
        hour="{hour:02d}",
    ),
    "ru": _Pattern(
        months=(
            "янв.",
            "февр.",
            "мар.",
            "апр.",
            "мая",
            "июн.",
            "июл.",
            "авг.",
            "сент.",
            "окт.",
            "нояб.",
            "дек.",
        ),
        weekdays=("пн", "вт", "ср", "чт", "пт", "сб", "вс"),
        date="{weekday}, {day} {month_name} {year} г.",
        joiner=", ",
        hour="{hour:02d}",
    ),
}


def language_of(locale_name: str | None) -> str:
    """The supported language a locale name ("ru_RU.UTF-8", "zh-Hant-TW", "ja", "C") stands for: English
    for anything else."""
    name = (locale_name or "").split(".")[0].split("@")[0].replace("-", "_")
    if name in _PATTERNS:
        return name
    if name.startswith("zh"):
        traditional = any(part in name for part in ("TW", "HK", "MO", "Hant"))
        return "zh_TW" if traditional else "zh_CN"
    short = name.split("_")[0]
    return short if short in _PATTERNS else "en"


def environment_language(environ: os._Environ[str] | dict[str, str] | None = None) -> str:
    """The terminal's language, as POSIX chooses it: LC_ALL, then LC_TIME, then LANG."""
    env = os.environ if environ is None else environ
    for variable in ("LC_ALL", "LC_TIME", "LANG"):
        if env.get(variable):
            return language_of(env[variable])
    return "en"


def zone_name(moment: datetime) -> str:
    """The zone's abbreviation ("UTC", "CET", "JST"), or its offset ("UTC+3", "UTC-3:30") where the zone has
    no letters (many zones' abbreviation is "+03")."""
    name = moment.tzname() or ""
    if name and name[0] not in "+-" and not name[0].isdigit():
        return name
    offset = moment.utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def show(
    unix: float,
    *,
    language: str | None = None,
    zone: tzinfo | None = None,
    date: bool = True,
    seconds: bool = False,
) -> str:
    """`unix` (seconds since the epoch) in `language` (default: the terminal's) and `zone` (default: this
    machine's), with the zone's name: "Sat 5 Dec 2026, 07:20 UTC"; `date=False` for the time alone
    ("07:20:05 UTC" with `seconds`), for events of the last hours."""
    pattern = _PATTERNS[language_of(language) if language else environment_language()]
    moment = (
        datetime.fromtimestamp(unix, zone) if zone is not None else datetime.fromtimestamp(unix).astimezone()
    )
    clock = pattern.hour.format(hour=moment.hour) + f":{moment.minute:02d}"
    if seconds:
        clock += f":{moment.second:02d}"
    clock += f" {zone_name(moment)}"
    if not date:
        return clock
    day = pattern.date.format(
        weekday=pattern.weekdays[moment.weekday()],
        day=moment.day,
        month=moment.month,
        month_name=pattern.months[moment.month - 1],
        year=moment.year,
    )
    return day + pattern.joiner + clock
