"""Retention: what the gateway deletes, and when (`RetentionPolicy`; the pruning itself follows).

Defaults (docs/operations.md): every 5 minutes, each gateway process looks whether a prune is due; one
prunes at a time, however many share the database. Expired logins and their IB Key notifications, spent
rate-limit windows and device nonces go an hour after they expire; texts and calls of the emulated phone
network an hour after they were sent; sessions 30 days after they ended or expired; R3's failures once they
are older than its window (they no longer count); audit events after 90 days.
"""

from __future__ import annotations

from dataclasses import dataclass

MINUTE = 60.0
HOUR = 3600.0
DAY = 24 * HOUR


@dataclass(frozen=True)
class RetentionPolicy:
    """Ages in seconds. `every`: how often a prune is due (0: never, for a gateway pruned by a cron job
    running `sls-gateway prune`)."""

    every: float = 5 * MINUTE
    logins: float = HOUR  # after a login (and its pushes) expired
    outbox: float = HOUR  # after a text or call was sent
    sessions: float = 30 * DAY  # after a session ended (logged out, taken over, expired)
    audit: float = 90 * DAY  # after an audit event happened
