"""The gateway's tables: the database schema at the newest revision (SQLAlchemy Core).

Every change here needs a revision in auth/gateway/migrations/versions/ that makes the same change to an
existing database (tests/gateway/test_migrations.py compares this metadata with what the revisions build
and fails on any difference). store.py re-exports every name of this module.

Revision 0001 is these tables as release 0.5.0 made them (`metadata.create_all`, no version table);
revision 0002 added `audit_events` and the indexes the pruning needs (retention.py).
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    text,
)

metadata = MetaData()

settings = Table(
    "settings",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("value", JSON, nullable=False),
)

users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("username", String(64), nullable=False, unique=True),
    Column("mode", String(8), nullable=False),  # "live" or "paper"
    Column("srp_salt", LargeBinary, nullable=False),
    Column("kdf", JSON, nullable=False),  # KdfParams.to_dict()
    Column("verifier", LargeBinary, nullable=False),
    Column("identity", JSON, nullable=False),  # name and the like; R14 compares it
    Column("opt_out", String(8), nullable=False, default="none"),  # "none", "full", "portal" (R15)
    Column("ip_allow", JSON, nullable=False, default=list),  # R15 IP restriction; empty = any
    Column("last_device_id", String(64), nullable=True),  # M2FS preselection
    Column("created_at", Float, nullable=False),
)

# Devices exist once and may serve several user names (R14), hence the link table.
devices = Table(
    "devices",
    metadata,
    Column("id", String(64), primary_key=True),  # serial or device id
    Column("kind", String(16), nullable=False),  # ibkey, dscplus, card, online-card, sms
    Column("status", String(16), nullable=False),  # active, pending, lost, removed
    Column("sealed", LargeBinary, nullable=True),  # AES-GCM: secrets and card grids (vault.py)
    Column("public_key", LargeBinary, nullable=True),  # IB Key: X9.62 point, not secret
    Column("phone", String(20), nullable=True),  # SMS / voice
    Column("created_at", Float, nullable=False),
    Column("activated_at", Float, nullable=True),
    Column("auto_activate_at", Float, nullable=True),  # R11: a replacement 3 weeks after shipment
    Column(
        "expires_at", Float, nullable=True
    ),  # online card: 21 days after activation; an enrolment code's end
    Column("label", String(64), nullable=True),  # the name given to it (a security key's), migration 0003
)

device_links = Table(
    "device_links",
    metadata,
    Column("device_id", String(64), ForeignKey("devices.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("status", String(16), nullable=False),  # approved, pending (compliance review)
)

accounts = Table(
    "accounts",
    metadata,
    Column("id", String(16), primary_key=True),  # account number, e.g. U1234567
    Column("title", String(128), nullable=False),
)

account_links = Table(
    "account_links",
    metadata,
    Column("account_id", String(16), ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("position", Integer, nullable=False, default=0),
)

temp_passcodes = Table(
    "temp_passcodes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("code_hash", LargeBinary, nullable=False),
    Column("issued_at", Float, nullable=False),
    Column("ended_at", Float, nullable=True),  # R11: reactivation ends it
)

# R3: failures are kept by user name, not user, so an unknown name locks exactly like a real one.
failures = Table(
    "failures",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("username", String(64), nullable=False),
    Column("at", Float, nullable=False),
    Index("ix_failures_username_at", "username", "at"),
    Index("ix_failures_at", "at"),
)

lockouts = Table(
    "lockouts",
    metadata,
    Column("username", String(64), primary_key=True),
    Column("locked_until", Float, nullable=False),
    Index("ix_lockouts_locked_until", "locked_until"),
)

# One login attempt from password to session. The id is a hash of the bearer token the client holds.
logins = Table(
    "logins",
    metadata,
    Column("id", LargeBinary, primary_key=True),
    Column("username", String(64), nullable=False),
    Column("user_id", Integer, nullable=True),  # None for a decoy
    Column("mode", String(8), nullable=False),
    Column("address", String(64), nullable=False),
    Column("client_public", LargeBinary, nullable=False),
    Column("server_private", LargeBinary, nullable=False),  # sealed: b must not sit in the clear
    Column("server_public", LargeBinary, nullable=False),
    Column("stage", String(24), nullable=False),  # srp, choose_device, second_factor, existing_session, done
    Column("device_id", String(64), nullable=True),
    Column("challenge", JSON, nullable=True),  # what the client sees of the current challenge
    Column("challenge_secret", LargeBinary, nullable=True),  # sealed: the expected answer's inputs
    Column("challenge_expires_at", Float, nullable=True),
    Column("sms_sent", Integer, nullable=False, default=0),
    Column("sms_last_sent_at", Float, nullable=True),
    Column("pending", JSON, nullable=True),  # the session waiting on the takeover question
    Column("created_at", Float, nullable=False),
    Column("expires_at", Float, nullable=False),
    Column("restart_grant_id", String(32), nullable=True),  # a restart login's grant (migration 0004)
    Column("restart_challenge", LargeBinary, nullable=True),  # what its device key must sign
    Index("ix_logins_expires_at", "expires_at"),
)

push_requests = Table(
    "push_requests",
    metadata,
    Column("transaction_id", String(64), primary_key=True),
    Column("login_id", LargeBinary, ForeignKey("logins.id", ondelete="CASCADE"), nullable=False),
    Column("device_id", String(64), nullable=False),
    Column("username", String(64), nullable=False),
    Column("nonce", LargeBinary, nullable=False),
    Column("summary", String(200), nullable=False),
    Column("created_at", Float, nullable=False),
    Column("expires_at", Float, nullable=False),
    Column("status", String(16), nullable=False),  # pending, approved, denied, used, cancelled
    Column("number", Integer, nullable=True),  # number matching: the two digits the push page shows
    Column("choices", JSON, nullable=True),  # the three numbers the phone offers, the right one among them
    Index("ix_push_requests_expires_at", "expires_at"),
)

sessions = Table(
    "sessions",
    metadata,
    Column("id", LargeBinary, primary_key=True),  # hash of the session token
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("username", String(64), nullable=False),
    Column("mode", String(8), nullable=False),
    Column("device_kind", String(16), nullable=True),
    Column("read_only", Boolean, nullable=False, default=False),
    Column("restrictions", JSON, nullable=False),
    Column("created_at", Float, nullable=False),
    Column("expires_at", Float, nullable=False),
    Column("status", String(16), nullable=False),  # active, taken_over, logged_out
    Column("ended_at", Float, nullable=True),
    Column("restart_grant_id", String(32), nullable=True),  # the grant it was opened with, or made
    Index("ix_sessions_username_status", "username", "status"),
    Index("ix_sessions_status_ended_at", "status", "ended_at"),
    Index("ix_sessions_expires_at", "expires_at"),
)

# Restart grants (migration 0004): a device key's public half bound to a user name, its mode and a weekly
# cut-off. A restart login signs a fresh challenge with the key instead of a second factor. One active
# grant per user name and mode (a new one ends the old: "replaced"); ended rows are kept for the desk's
# list until the retention prunes them.
restart_grants = Table(
    "restart_grants",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("username", String(64), nullable=False),
    Column("mode", String(8), nullable=False),
    Column("public_key", LargeBinary, nullable=False),  # X9.62 uncompressed P-256 point, not secret
    Column("label", String(64), nullable=True),  # the machine's name, as the client gave it
    Column("device_kind", String(16), nullable=True),  # the second factor of the login that made it
    Column("address", String(64), nullable=True),  # where it was made from
    Column("created_at", Float, nullable=False),
    Column("cutoff_at", Float, nullable=False),  # the weekly cut-off it ends at
    Column("last_used_at", Float, nullable=True),
    Column("status", String(16), nullable=False),  # active, ended
    Column("ended_at", Float, nullable=True),
    Column("end_reason", String(24), nullable=True),  # cutoff, revoked, forgotten, password, device, replaced
    Index("ix_restart_grants_username_status", "username", "status"),
    Index("ix_restart_grants_status_ended_at", "status", "ended_at"),
    # One ACTIVE grant per user name and mode, enforced by the database (not only by the writer lock).
    Index(
        "uq_restart_grants_active",
        "username",
        "mode",
        unique=True,
        sqlite_where=text("status = 'active'"),
        postgresql_where=text("status = 'active'"),
    ),
)

# The emulated phone network: what was texted or read out, for the phone emulator and `outbox`.
outbox = Table(
    "outbox",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("phone", String(20), nullable=False),
    Column("channel", String(8), nullable=False),  # sms, voice
    Column("text", Text, nullable=False),  # base64 of the vault-sealed text: it carries a live code
    Column("at", Float, nullable=False),
    Index("ix_outbox_at", "at"),
)

rate_limits = Table(
    "rate_limits",
    metadata,
    Column("address", String(64), primary_key=True),
    Column("window_start", Float, nullable=False),
    Column("count", Integer, nullable=False),
    Index("ix_rate_limits_window_start", "window_start"),
)

# Signed device requests (SPEC §6): each nonce is accepted once per device, and remembered until its time
# stamp has left the 300 s window (then pruned: a replay of it is refused as stale anyway).
device_nonces = Table(
    "device_nonces",
    metadata,
    Column("device_id", String(64), primary_key=True),
    Column("nonce", String(32), primary_key=True),
    Column("expires_at", Float, nullable=False),
    Index("ix_device_nonces_expires_at", "expires_at"),
)

# The audit trail's table (audit.py records into it; revision 0002). Never a secret in any column.
audit_events = Table(
    "audit_events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", Float, nullable=False),
    Column("kind", String(40), nullable=False),  # audit.KINDS
    Column("username", String(64), nullable=True),
    Column("address", String(64), nullable=True),
    Column("reason", String(40), nullable=True),
    Column("device_kind", String(16), nullable=True),
    Column("device", String(64), nullable=True),
    Column("actor", String(64), nullable=True),  # who acted at the desk
    Column("detail", JSON, nullable=True),
    Index("ix_audit_events_username_at", "username", "at"),
    Index("ix_audit_events_at", "at"),
)
