"""Alembic's environment for the gateway's revisions: run by `alembic.command` from
trader_login.auth.gateway.migrations, on the connection it passes (`config.attributes["connection"]`),
inside the transaction that holds the migration lock. No alembic.ini, no URL here."""

from __future__ import annotations

from alembic import context

from trader_login.auth.gateway.schema import metadata

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError(
        "the gateway's migrations run through trader_login.auth.gateway.migrations (sls-gateway db upgrade), "
        "which passes the connection; there is no alembic.ini"
    )
applied = config.attributes.get("applied")


def _applied(*, ctx, step, heads, run_args) -> None:
    if applied is not None and step.up_revision_id is not None and step.is_upgrade:
        applied.append(step.up_revision_id)


context.configure(
    connection=connection,
    target_metadata=metadata,
    # SQLite alters a table by rebuilding it: batch mode (the module's docstring turns foreign keys off).
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
    on_version_apply=_applied,
)
with context.begin_transaction():
    context.run_migrations()
