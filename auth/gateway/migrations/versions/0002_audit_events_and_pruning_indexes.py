"""The audit trail's table and the pruning's indexes.

audit_events is the audit trail's table (audit.py records into it); the indexes serve the pruning's
deletes by age (retention.py).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# (index, table, columns) for the pruning's deletes by age.
PRUNING_INDEXES = (
    ("ix_logins_expires_at", "logins", ["expires_at"]),
    ("ix_push_requests_expires_at", "push_requests", ["expires_at"]),
    ("ix_sessions_status_ended_at", "sessions", ["status", "ended_at"]),
    ("ix_sessions_expires_at", "sessions", ["expires_at"]),
    ("ix_outbox_at", "outbox", ["at"]),
    ("ix_rate_limits_window_start", "rate_limits", ["window_start"]),
    ("ix_failures_at", "failures", ["at"]),
    ("ix_lockouts_locked_until", "lockouts", ["locked_until"]),
)


def upgrade() -> None:
    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.Float, nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("username", sa.String(64), nullable=True),
        sa.Column("address", sa.String(64), nullable=True),
        sa.Column("reason", sa.String(40), nullable=True),
        sa.Column("device_kind", sa.String(16), nullable=True),
        sa.Column("device", sa.String(64), nullable=True),
        sa.Column("actor", sa.String(64), nullable=True),
        sa.Column("detail", sa.JSON, nullable=True),
    )
    op.create_index("ix_audit_events_username_at", "audit_events", ["username", "at"])
    op.create_index("ix_audit_events_at", "audit_events", ["at"])
    for name, table, columns in PRUNING_INDEXES:
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, table, _columns in reversed(PRUNING_INDEXES):
        op.drop_index(name, table_name=table)
    op.drop_index("ix_audit_events_at", table_name="audit_events")
    op.drop_index("ix_audit_events_username_at", table_name="audit_events")
    op.drop_table("audit_events")
