"""Restart grants (the weekly restart without a second factor) and push number matching.

- `restart_grants`: a device key (ECDSA P-256, public half only) bound to a user name, its mode and a
  weekly cut-off; a restart login signs a fresh gateway challenge with it instead of a second factor. At
  most one ACTIVE grant per user name and mode (partial unique index `uq_restart_grants_active`).
- `logins.restart_grant_id`, `logins.restart_challenge`: the grant a login tries and the challenge it
  must sign (single use, with the login).
- `sessions.restart_grant_id`: the grant a session was opened with, or made.
- `push_requests.number`, `push_requests.choices`: the two-digit number the push page shows and the three
  the phone offers (number matching).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "restart_grants",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("mode", sa.String(8), nullable=False),
        sa.Column("public_key", sa.LargeBinary, nullable=False),
        sa.Column("label", sa.String(64), nullable=True),
        sa.Column("device_kind", sa.String(16), nullable=True),
        sa.Column("address", sa.String(64), nullable=True),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.Column("cutoff_at", sa.Float, nullable=False),
        sa.Column("last_used_at", sa.Float, nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("ended_at", sa.Float, nullable=True),
        sa.Column("end_reason", sa.String(24), nullable=True),
    )
    op.create_index("ix_restart_grants_username_status", "restart_grants", ["username", "status"])
    op.create_index("ix_restart_grants_status_ended_at", "restart_grants", ["status", "ended_at"])
    # One ACTIVE grant per user name and mode: the database enforces it (a partial unique index).
    op.create_index(
        "uq_restart_grants_active",
        "restart_grants",
        ["username", "mode"],
        unique=True,
        sqlite_where=sa.text("status = 'active'"),
        postgresql_where=sa.text("status = 'active'"),
    )
    with op.batch_alter_table("logins") as batch:
        batch.add_column(sa.Column("restart_grant_id", sa.String(32), nullable=True))
        batch.add_column(sa.Column("restart_challenge", sa.LargeBinary, nullable=True))
    with op.batch_alter_table("sessions") as batch:
        batch.add_column(sa.Column("restart_grant_id", sa.String(32), nullable=True))
    with op.batch_alter_table("push_requests") as batch:
        batch.add_column(sa.Column("number", sa.Integer, nullable=True))
        batch.add_column(sa.Column("choices", sa.JSON, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("push_requests") as batch:
        batch.drop_column("choices")
        batch.drop_column("number")
    with op.batch_alter_table("sessions") as batch:
        batch.drop_column("restart_grant_id")
    with op.batch_alter_table("logins") as batch:
        batch.drop_column("restart_challenge")
        batch.drop_column("restart_grant_id")
    op.drop_index("uq_restart_grants_active", table_name="restart_grants")
    op.drop_index("ix_restart_grants_status_ended_at", table_name="restart_grants")
    op.drop_index("ix_restart_grants_username_status", table_name="restart_grants")
    op.drop_table("restart_grants")
