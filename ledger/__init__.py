"""The answer ledger: every final answer kept under a short reference code (咨询编号).

``Ledger(url).record(...)`` stores an answer and returns its code (``K7QF-M3XW``);
``find(code)`` gets it back from whatever the agent typed; ``purge(days, now)`` applies retention
(``RETENTION_DAYS_DEFAULT`` = 180 days, ``LEDGER_RETENTION_DAYS`` to change). CLI: ``python -m ledger``.
Importing this package is cheap: SQLAlchemy is imported on the ledger's first operation.
"""

from .codes import CodeError, format_code, handoff_line, new_code, normalise
from .store import RETENTION_DAYS_DEFAULT, Ledger, LedgerError, retention_days

__all__ = [
    "RETENTION_DAYS_DEFAULT",
    "CodeError",
    "Ledger",
    "LedgerError",
    "format_code",
    "handoff_line",
    "new_code",
    "normalise",
    "retention_days",
]
