"""The answer ledger: every final answer, kept under a reference code for the retention period.

``Ledger(url)`` stores its configuration only; SQLAlchemy is imported, the engine created and the
table created (if missing) on the first operation. The clock is never read here: every method that
needs the time takes ``now`` (a timezone-aware datetime; stored as UTC).

Retention: :func:`Ledger.purge` deletes rows created *strictly before* ``now - older_than_days``;
a row exactly ``older_than_days`` old is kept (it goes on the next purge).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import threading

from . import codes, privacy

RETENTION_DAYS_DEFAULT = 180
RETENTION_ENV = "LEDGER_RETENTION_DAYS"
URL_ENV = "DATABASE_URL"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_PATH = os.path.join(ROOT, "var", "ledger.db")
DEFAULT_URL = f"sqlite:///{DEFAULT_PATH}"
CODE_ATTEMPTS = 8  # fresh codes tried when one is already taken (odds of even one: rows / 3.4e9)
UTC = dt.timezone.utc


class LedgerError(RuntimeError):
    """The database could not be reached or used; the message says which and why (no secrets)."""


def retention_days(environ=None) -> int:
    """Days to keep answers: ``LEDGER_RETENTION_DAYS`` when set, else :data:`RETENTION_DAYS_DEFAULT`."""
    raw = (os.environ if environ is None else environ).get(RETENTION_ENV, "").strip()
    if not raw:
        return RETENTION_DAYS_DEFAULT
    try:
        days = int(raw)
    except ValueError:
        days = 0
    if days < 1:
        raise ValueError(f"{RETENTION_ENV} 应为正整数（天），收到 {raw!r}。")
    return days


def _utc(now, name="now") -> dt.datetime:
    if not isinstance(now, dt.datetime) or now.utcoffset() is None:
        raise ValueError(f"{name} 应为带时区的 datetime（如 datetime.now(timezone.utc)），收到 {now!r}。")
    return now.astimezone(UTC)


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, allow_nan=False)  # readable Chinese in the database


def _first_line(error) -> str:
    orig = getattr(error, "orig", None)
    text = str(orig if orig is not None else error).strip()
    return text.splitlines()[0] if text else type(error).__name__


class Ledger:
    """Answers by reference code, on SQLite (default ``var/ledger.db``) or PostgreSQL (``DATABASE_URL``)."""

    def __init__(self, url: str | None = None):
        url = (url if url is not None else os.environ.get(URL_ENV, "")).strip()
        self._default = not url
        url = url or DEFAULT_URL
        if url.startswith("postgres://"):  # the spelling some hosts put in DATABASE_URL
            url = "postgresql://" + url[len("postgres://") :]
        self.url = url
        self._engine = None
        self._ready = False
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"Ledger({self.safe_url()!r})"

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def safe_url(self) -> str:
        """The URL with any password hidden, for messages and logs."""
        if "@" not in self.url:
            return self.url
        try:
            from sqlalchemy.engine import make_url

            return make_url(self.url).render_as_string(hide_password=True)
        except Exception:  # an unparsable URL: show the scheme only
            return self.url.split("://", 1)[0] + "://…"

    # -- engine and schema ------------------------------------------------------------------

    @contextlib.contextmanager
    def _errors(self, doing: str):
        from sqlalchemy.exc import SQLAlchemyError

        try:
            yield
        except SQLAlchemyError as error:
            raise LedgerError(f"答复账本{doing}失败（{self.safe_url()}）：{_first_line(error)}") from error

    def _connect(self):
        """The engine, created on first use (thread-safe)."""
        if self._engine is not None:
            return self._engine
        with self._lock:
            if self._engine is None:
                from sqlalchemy import create_engine
                from sqlalchemy.engine import make_url
                from sqlalchemy.exc import ArgumentError, NoSuchModuleError

                try:
                    url = make_url(self.url)
                except ArgumentError as error:
                    raise LedgerError(f"数据库地址 {self.safe_url()} 无法解析：{error}") from error
                if self._default:
                    os.makedirs(os.path.dirname(DEFAULT_PATH), exist_ok=True)
                try:
                    self._engine = create_engine(url, future=True, pool_pre_ping=True, json_serializer=_dumps)
                except (NoSuchModuleError, ImportError) as error:
                    raise LedgerError(
                        f"无法使用数据库 {self.safe_url()}：缺少驱动（{error}）。PostgreSQL 需要 psycopg2-binary。"
                    ) from error
        return self._engine

    def ping(self) -> None:
        """One round trip to the database (a health check); LedgerError with the reason when it fails."""
        from sqlalchemy import text

        with self._errors("连接"):
            with self._connect().connect() as conn:
                conn.execute(text("SELECT 1"))

    def create_schema(self) -> None:
        """Create the ``answers`` table and its indexes if missing (idempotent, safe to race)."""
        from .schema import answers, metadata

        engine = self._connect()
        with self._errors("建表"):
            try:
                metadata.create_all(engine, checkfirst=True)
            except Exception:
                # Another process may have created it between the check and the CREATE.
                from sqlalchemy import inspect

                if not inspect(engine).has_table(answers.name):
                    raise
            self._add_missing_columns(engine)
        self._ready = True

    @staticmethod
    def _add_missing_columns(engine) -> None:
        """A ledger made by an earlier version lacks ``transcript``: add it (nullable, so old rows stay)."""
        from sqlalchemy import inspect, text

        have = {c["name"] for c in inspect(engine).get_columns("answers")}
        if "transcript" not in have:
            kind = "JSON" if engine.dialect.name == "postgresql" else "TEXT"
            with engine.begin() as conn:
                conn.execute(text(f"ALTER TABLE answers ADD COLUMN transcript {kind}"))

    def _engine_ready(self):
        if not self._ready:
            self.create_schema()
        return self._engine

    def close(self) -> None:
        """Close pooled connections; the next operation opens new ones."""
        with self._lock:
            if self._engine is not None:
                self._engine.dispose()
            self._engine = None
            self._ready = False

    # -- operations --------------------------------------------------------------------------

    def record(self, facts: dict, answer: dict, card_text, channel: str, rule_version: str, now: dt.datetime,
               transcript: list[str] | None = None) -> str:
        """Store one final answer; return its reference code in the grouped form (``K7QF-M3XW``).

        ``card_text`` is the card as given, or a function of the code (``None`` before one is drawn)
        giving it, so that the stored card carries the code it is filed under.

        Refuses (ValueError) facts with keys outside ``policies.facts.FIELDS`` and any value that
        looks like an ID, mobile or bank card number. A code already taken is replaced by a fresh one.
        """
        created_at = _utc(now)
        card_for = card_text if callable(card_text) else (lambda _code: card_text)
        privacy.check_record(facts, answer, card_for(None), channel, rule_version)
        if transcript is not None:
            privacy.check_transcript(transcript)
        from sqlalchemy import func, select
        from sqlalchemy.exc import IntegrityError

        from .schema import answers

        engine = self._engine_ready()
        row = {"created_at": created_at, "channel": channel, "rule_version": rule_version,
               "facts": facts, "answer": answer, "transcript": transcript}  # fmt: skip
        for _ in range(CODE_ATTEMPTS):
            code = codes.new_code()
            with self._errors("写入"):
                try:
                    with engine.begin() as conn:
                        conn.execute(answers.insert().values(code=code, card_text=card_for(codes.format_code(code)), **row))
                    return codes.format_code(code)
                except IntegrityError:
                    with engine.connect() as conn:
                        taken = conn.execute(select(func.count()).where(answers.c.code == code)).scalar()
                    if not taken:
                        raise  # not a code collision
        raise LedgerError(f"连续{CODE_ATTEMPTS}个新咨询编号都已被占用（{self.safe_url()}），请检查随机数来源。")

    def find(self, code: str) -> dict | None:
        """The answer stored under ``code`` (any form :func:`codes.normalise` accepts), or None.

        A code that cannot be valid (wrong length, character or check character) raises
        :class:`codes.CodeError` with a Chinese message, without touching the database.
        """
        bare = codes.normalise(code)
        from sqlalchemy import select

        from .schema import answers

        engine = self._engine_ready()
        with self._errors("查询"), engine.connect() as conn:
            row = conn.execute(select(answers).where(answers.c.code == bare)).mappings().first()
        if row is None:
            return None
        return {
            "code": codes.format_code(row["code"]),
            "created_at": row["created_at"].isoformat(),
            "channel": row["channel"],
            "rule_version": row["rule_version"],
            "facts": row["facts"],
            "answer": row["answer"],
            "card_text": row["card_text"],
            "transcript": row.get("transcript") or [],
        }

    def purge(self, older_than_days: int, now: dt.datetime) -> int:
        """Delete answers created before ``now - older_than_days`` days; return how many.

        The boundary is kept: an answer exactly ``older_than_days`` old stays.
        """
        if isinstance(older_than_days, bool) or not isinstance(older_than_days, int) or older_than_days < 1:
            raise ValueError(f"保留天数应为正整数，收到 {older_than_days!r}。")
        cutoff = _utc(now) - dt.timedelta(days=older_than_days)
        from .schema import answers

        engine = self._engine_ready()
        with self._errors("清除"), engine.begin() as conn:
            return conn.execute(answers.delete().where(answers.c.created_at < cutoff)).rowcount

    def stats(self) -> dict:
        """``{"count", "oldest", "newest"}``; the times are ISO 8601 UTC, None when empty."""
        from sqlalchemy import func, select

        from .schema import answers

        engine = self._engine_ready()
        query = select(func.count(), func.min(answers.c.created_at), func.max(answers.c.created_at))
        with self._errors("统计"), engine.connect() as conn:
            count, oldest, newest = conn.execute(query).one()
        return {
            "count": count,
            "oldest": oldest.isoformat() if oldest else None,
            "newest": newest.isoformat() if newest else None,
        }
