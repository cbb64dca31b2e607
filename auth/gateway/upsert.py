"""The dialect upsert the lockout (lockout.py) and the rate limit (rate_limit.py) write with.

The dialects' modules are imported the first time a store of theirs writes: the desktop bundle leaves
PostgreSQL's dialect out (packaging/trader-login.spec), so the SQLite path must never import it.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection

# The dialects with an upsert.
UPSERT_DIALECTS = ("postgresql", "sqlite")


@functools.cache
def _dialect_statement(build: Callable[[Any], Any], dialect: str) -> Any:
    """`build(dialect_insert)` for one dialect, built once: building a statement and its cache key costs
    SQLAlchemy more than SQLite takes to run it (docs/performance.md)."""
    return build(importlib.import_module(f"sqlalchemy.dialects.{dialect}").insert)


def upsert(build: Callable[[Any], Any], connection: Connection) -> Any:
    """`build(dialect_insert)` for the connection's dialect, where it has an upsert: PostgreSQL, and SQLite
    from 3.35 (RETURNING). Elsewhere None: the caller falls back to separate statements, exact under the
    store's writer lock only."""
    dialect = connection.dialect
    if dialect.name not in UPSERT_DIALECTS or not dialect.insert_returning:
        return None
    return _dialect_statement(build, dialect.name)
