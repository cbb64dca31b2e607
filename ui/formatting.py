"""Numbers, amounts and times as the trader's locale writes them."""

from __future__ import annotations

from datetime import tzinfo

from PySide6.QtCore import QCoreApplication, QLocale

from trader_login.auth import moments
from trader_login.ui.widgets import arg


def local_time(unix: float, locale: QLocale | None = None, *, zone: tzinfo | None = None) -> str:
    """A gateway Unix time as every window writes a moment (`auth.moments.show`): in the window's language
    (`locale`, else the UI's: the default QLocale that `app.i18n.Languages` sets) and this machine's time
    zone (`zone` in tests), the zone named: "Sat 5 Dec 2026, 07:20 UTC"."""
    language = moments.language_of((locale or QLocale()).name())
    return moments.show(unix, language=language, zone=zone)


def duration(seconds: float) -> str:
    """ "23 h 59 min", "4 min 10 s", "12 s": rounded up, the way a countdown is read."""
    total = max(0, int(seconds + 0.999))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return arg(QCoreApplication.translate("Formatting", "%1 h %2 min"), str(hours), str(minutes))
    if minutes:
        return arg(QCoreApplication.translate("Formatting", "%1 min %2 s"), str(minutes), str(secs))
    return arg(QCoreApplication.translate("Formatting", "%1 s"), str(secs))


def lockout(locked_until: float | None, now: float, locale: QLocale | None = None) -> str:
    """R3 as the trader needs it: until when, in local time, and how long that is from now."""
    if locked_until is None:
        return QCoreApplication.translate(
            "Formatting",
            "This user name is locked after too many failed attempts. Call Client Services to unlock it.",
        )
    return arg(
        QCoreApplication.translate(
            "Formatting",
            "This user name is locked after too many failed attempts, until %1 (%2 from now). "
            "Client Services can unlock it sooner.",
        ),
        local_time(locked_until, locale),
        duration(locked_until - now),
    )


def amount(value: int | None, locale: QLocale | None = None) -> str:
    """A withdrawal limit in USD: None is "Unlimited", 0 is "None allowed" (never two words that could be
    read as the same thing)."""
    if value is None:
        return QCoreApplication.translate("Formatting", "Unlimited")
    if value == 0:
        return QCoreApplication.translate("Formatting", "None allowed")
    return arg(QCoreApplication.translate("Formatting", "USD %1"), (locale or QLocale()).toString(value))


def withdrawal_limits(per_day: int | None, per_5_days: int | None, locale: QLocale | None = None) -> str:
    """Both limits; "Unlimited" or "No withdrawals allowed" alone when both say the same."""
    if per_day == 0 and per_5_days == 0:
        return QCoreApplication.translate("Formatting", "No withdrawals allowed")
    if per_day is None and per_5_days is None:
        return QCoreApplication.translate("Formatting", "Unlimited")
    return arg(
        QCoreApplication.translate("Formatting", "Per day: %1\nPer 5 business days: %2"),
        amount(per_day, locale),
        amount(per_5_days, locale),
    )
