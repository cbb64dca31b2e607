"""Release 0.5.0's schema.

Exactly as that release's `metadata.create_all` made it (it had no version table). A database that
release made is not run through this revision: the gateway finds its tables without a version table and
stamps it 0001 (migrations/__init__.py). A new database starts here.

Revision ID: 0001
Revises:
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "settings",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("value", sa.JSON, nullable=False),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("username", sa.String(64), nullable=False, unique=True),
        sa.Column("mode", sa.String(8), nullable=False),
        sa.Column("srp_salt", sa.LargeBinary, nullable=False),
        sa.Column("kdf", sa.JSON, nullable=False),
        sa.Column("verifier", sa.LargeBinary, nullable=False),
        sa.Column("identity", sa.JSON, nullable=False),
        sa.Column("opt_out", sa.String(8), nullable=False),
        sa.Column("ip_allow", sa.JSON, nullable=False),
        sa.Column("last_device_id", sa.String(64), nullable=True),
        sa.Column("created_at", sa.Float, nullable=False),
    )
    op.create_table(
        "devices",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("sealed", sa.LargeBinary, nullable=True),
        sa.Column("public_key", sa.LargeBinary, nullable=True),
        sa.Column("phone", sa.String(20), nullable=True),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.Column("activated_at", sa.Float, nullable=True),
        sa.Column("auto_activate_at", sa.Float, nullable=True),
        sa.Column("expires_at", sa.Float, nullable=True),
    )
    op.create_table(
        "device_links",
        sa.Column(
            "device_id", sa.String(64), sa.ForeignKey("devices.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("status", sa.String(16), nullable=False),
    )
    op.create_table(
        "accounts",
        sa.Column("id", sa.String(16), primary_key=True),
        sa.Column("title", sa.String(128), nullable=False),
    )
    op.create_table(
        "account_links",
        sa.Column(
            "account_id", sa.String(16), sa.ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("position", sa.Integer, nullable=False),
    )
    op.create_table(
        "temp_passcodes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("code_hash", sa.LargeBinary, nullable=False),
        sa.Column("issued_at", sa.Float, nullable=False),
        sa.Column("ended_at", sa.Float, nullable=True),
    )
    op.create_table(
        "failures",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("at", sa.Float, nullable=False),
    )
    op.create_index("ix_failures_username_at", "failures", ["username", "at"])
    op.create_table(
        "lockouts",
        sa.Column("username", sa.String(64), primary_key=True),
        sa.Column("locked_until", sa.Float, nullable=False),
    )
    op.create_table(
        "logins",
        sa.Column("id", sa.LargeBinary, primary_key=True),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("user_id", sa.Integer, nullable=True),
        sa.Column("mode", sa.String(8), nullable=False),
        sa.Column("address", sa.String(64), nullable=False),
        sa.Column("client_public", sa.LargeBinary, nullable=False),
        sa.Column("server_private", sa.LargeBinary, nullable=False),
        sa.Column("server_public", sa.LargeBinary, nullable=False),
        sa.Column("stage", sa.String(24), nullable=False),
        sa.Column("device_id", sa.String(64), nullable=True),
        sa.Column("challenge", sa.JSON, nullable=True),
        sa.Column("challenge_secret", sa.LargeBinary, nullable=True),
        sa.Column("challenge_expires_at", sa.Float, nullable=True),
        sa.Column("sms_sent", sa.Integer, nullable=False),
        sa.Column("sms_last_sent_at", sa.Float, nullable=True),
        sa.Column("pending", sa.JSON, nullable=True),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.Column("expires_at", sa.Float, nullable=False),
    )
    op.create_table(
        "push_requests",
        sa.Column("transaction_id", sa.String(64), primary_key=True),
        sa.Column("login_id", sa.LargeBinary, sa.ForeignKey("logins.id", ondelete="CASCADE"), nullable=False),
        sa.Column("device_id", sa.String(64), nullable=False),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("nonce", sa.LargeBinary, nullable=False),
        sa.Column("summary", sa.String(200), nullable=False),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.Column("expires_at", sa.Float, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
    )
    op.create_table(
        "sessions",
        sa.Column("id", sa.LargeBinary, primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("mode", sa.String(8), nullable=False),
        sa.Column("device_kind", sa.String(16), nullable=True),
        sa.Column("read_only", sa.Boolean, nullable=False),
        sa.Column("restrictions", sa.JSON, nullable=False),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.Column("expires_at", sa.Float, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("ended_at", sa.Float, nullable=True),
    )
    op.create_index("ix_sessions_username_status", "sessions", ["username", "status"])
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("phone", sa.String(20), nullable=False),
        sa.Column("channel", sa.String(8), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("at", sa.Float, nullable=False),
    )
    op.create_table(
        "rate_limits",
        sa.Column("address", sa.String(64), primary_key=True),
        sa.Column("window_start", sa.Float, nullable=False),
        sa.Column("count", sa.Integer, nullable=False),
    )
    op.create_table(
        "device_nonces",
        sa.Column("device_id", sa.String(64), primary_key=True),
        sa.Column("nonce", sa.String(32), primary_key=True),
        sa.Column("expires_at", sa.Float, nullable=False),
    )
    op.create_index("ix_device_nonces_expires_at", "device_nonces", ["expires_at"])


def downgrade() -> None:
    raise NotImplementedError("release 0.5.0's schema is the first: there is nothing to go back to")
