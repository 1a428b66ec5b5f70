"""The embedded SQLite tracker store without a disk flush per message (issue 10).

Rasa's SQL tracker store commits every turn; on SQLite's default journal (DELETE, synchronous=FULL)
each commit rewrites the journal and waits for fsync, ~9 ms of a turn here. ``install()`` (from
``bot.faults.install``) adds a connect hook to the tracker store's own engine only: write-ahead
logging (``journal_mode=WAL``) and ``synchronous=NORMAL``. A crash of the process loses nothing
committed; a power cut may lose the last turns (the production profile uses PostgreSQL). Other
SQLite databases (the answer ledger) keep SQLite's defaults.
"""

from __future__ import annotations

PRAGMAS = ("PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL")


def _on_connect(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    try:
        for pragma in PRAGMAS:
            cursor.execute(pragma)
    finally:
        cursor.close()


def install() -> None:
    """Wrap ``SQLTrackerStore.__init__`` once: a SQLite engine's connections get the hook."""
    from rasa.core.tracker_store import SQLTrackerStore

    if getattr(SQLTrackerStore.__init__, "_wal", False):
        return
    original = SQLTrackerStore.__init__

    def __init__(self, *args, **kwargs):
        original(self, *args, **kwargs)
        engine = getattr(self, "engine", None)
        if engine is not None and engine.dialect.name == "sqlite":
            from sqlalchemy import event

            event.listen(engine, "connect", _on_connect)
            engine.dispose()  # connections opened while Rasa created the tables reopen with the hook

    __init__._wal = True
    SQLTrackerStore.__init__ = __init__
