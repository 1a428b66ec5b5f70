"""The ``answers`` table (SQLAlchemy 1.4 Core). Imported on the ledger's first use, not before."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.types import TypeDecorator

UTC = dt.timezone.utc


class UTCDateTime(TypeDecorator):
    """A timezone-aware UTC timestamp on every backend: ``timestamptz`` on PostgreSQL; on SQLite,
    which has no time zones, the UTC wall time. Naive datetimes are refused, never guessed."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if not isinstance(value, dt.datetime) or value.utcoffset() is None:
            raise ValueError(f"timestamps must be timezone-aware datetimes, got {value!r}")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


metadata = sa.MetaData()

answers = sa.Table(
    "answers",
    metadata,
    sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True, autoincrement=True),
    sa.Column("code", sa.String(8), nullable=False),  # bare, e.g. K7QFM3XW
    sa.Column("created_at", UTCDateTime(), nullable=False),
    sa.Column("channel", sa.String(32), nullable=False),
    sa.Column("rule_version", sa.String(64), nullable=False),
    sa.Column("facts", sa.JSON(), nullable=False),
    sa.Column("answer", sa.JSON(), nullable=False),
    sa.Column("card_text", sa.Text(), nullable=False),
    # what the resident said in that conversation, as the channel passed it on (identifiers already
    # removed; checked again before storing); null for answers given from the console
    sa.Column("transcript", sa.JSON(), nullable=True),
    sa.Index("ix_answers_code", "code", unique=True),
    sa.Index("ix_answers_created_at", "created_at"),
)
