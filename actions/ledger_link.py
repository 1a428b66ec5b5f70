"""Every final answer goes into the answer ledger with a reference code the resident can give a
hotline agent. One Ledger per action-server process, created on first use (DATABASE_URL, else
SQLite under var/). A ledger failure never costs the resident the answer: it is logged (without
the facts) and the answer goes out without a code."""

from __future__ import annotations

import datetime as _dt
import logging
from functools import lru_cache

from policies.rulebook import default_rulebook

log = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def ledger():
    from ledger.store import Ledger

    return Ledger()


def transcript(events, limit: int = 20) -> list[str]:
    """What the resident typed in this conversation (since its last restart), for the agent who looks
    the code up: the channels removed identifiers before Rasa saw the text; button payloads are left out."""
    said: list[str] = []
    for event in events or []:
        if event.get("event") == "restart":
            said = []
        elif event.get("event") == "user" and isinstance(event.get("text"), str) and not event["text"].startswith("/"):
            said.append(event["text"][:500])
    return said[-limit:]


def record(facts: dict, answer: dict, card_text, channel: str | None, events=None) -> str | None:
    """Store the answer; the reference code, or None when the ledger could not be written.
    ``card_text``: the card, or a function of the code giving it (``Ledger.record``); ``events``: the
    conversation's, whose user messages are stored with it."""
    try:
        return ledger().record(facts, answer, card_text, channel or "unknown", default_rulebook().version,
                               _dt.datetime.now(_dt.timezone.utc), transcript(events))  # fmt: skip
    except Exception as exc:  # noqa: BLE001 - the resident still gets the answer
        log.warning("answer ledger unavailable (%s); answer sent without a reference code", type(exc).__name__)
        return None
