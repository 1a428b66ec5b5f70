"""The embedded SQLite tracker store runs with write-ahead logging and synchronous=NORMAL
(bot/sqlite_store.py), and still keeps a conversation across a new store on the same file."""

import asyncio

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot import sqlite_store

DOMAIN = Domain.from_yaml("version: '3.1'\nslots:\n  age:\n    type: float\n    mappings: [{type: custom}]\n")


def test_wal_and_normal_sync_and_nothing_lost(tmp_path):
    sqlite_store.install()
    path = tmp_path / "tracker.db"
    store = SQLTrackerStore(DOMAIN, dialect="sqlite", db=str(path))
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
    tracker = DialogueStateTracker.from_events("r1", [UserUttered("我妈68岁"), SlotSet("age", 68)])
    asyncio.run(store.save(tracker))
    again = asyncio.run(SQLTrackerStore(DOMAIN, dialect="sqlite", db=str(path)).retrieve("r1"))
    assert again.get_slot("age") == 68 and again.latest_message.text == "我妈68岁"


def test_other_sqlite_databases_keep_their_defaults(tmp_path):
    import sqlalchemy as sa

    sqlite_store.install()
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'ledger.db'}")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "delete"
    engine.dispose()
