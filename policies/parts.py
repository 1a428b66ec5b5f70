"""What each part of an answer returns: its value with the notes, citations, missing facts and
why-trace that back it (quote contract: ``notes`` are ``{kind, text, cite}``; ``trace`` entries are
``{condition, facts, result, cite}``).

A part is a function of a frozen :class:`policies.engine.Context`. It gathers what it finds in its
own :class:`Collect` and returns a :class:`Part`; the engine merges the parts in order. No part
writes into the caller's objects.
"""

from __future__ import annotations

from typing import NamedTuple

# Who a note is for (quote contract, ``notes``).
RESIDENT = "resident"  # shown to residents
AGENT = "agent"  # interpretations and ruling labels, for the agent's detail view
REFERRAL = "referral"  # 12393 / 12366
STALE = "stale"  # which year's standard is shown
KINDS = (RESIDENT, AGENT, REFERRAL, STALE)

# What a trace entry says about its condition.
HOLDS, FAILS, UNDECIDED = "成立", "不成立", "待定"


class Note(NamedTuple):
    kind: str
    text: str
    cite: tuple | None  # (document, clause)

    def as_json(self) -> dict:
        cite = {"document": self.cite[0], "clause": self.cite[1]} if self.cite else None
        return {"kind": self.kind, "text": self.text, "cite": cite}


class Part(NamedTuple):
    value: object
    notes: tuple = ()
    citations: tuple = ()
    missing: tuple = ()
    trace: tuple = ()


class Collect:
    """The notes, citations, missing facts and trace one part gathers (``document`` is the default
    document of its clauses); ``done(value)`` makes the :class:`Part`."""

    __slots__ = ("document", "tracing", "shown", "notes", "citations", "missing", "trace")

    def __init__(self, document: str, tracing: bool = False, shown=None):
        self.document, self.tracing, self.shown = document, tracing, shown
        self.notes: list = []
        self.citations: list = []
        self.missing: list = []
        self.trace: list = []

    def cite(self, clause, document=None):
        if clause:
            self.citations.append((document or self.document, clause))

    def note(self, text, clause=None, document=None, kind=RESIDENT):
        cite = (document or self.document, clause) if clause else None
        self.notes.append(Note(kind, text, cite))
        if cite:
            self.citations.append(cite)

    def need(self, *facts):
        self.missing.extend(facts)

    def why(self, condition, facts, result, clause=None, document=None):
        """One trace entry, only when tracing: ``facts`` are the names of the facts the condition read
        (shown with Chinese labels and values by the ``shown`` function the context gave)."""
        if self.tracing:
            cite = {"document": document or self.document, "clause": clause} if clause else None
            shown = self.shown(*facts) if facts else {}
            self.trace.append({"condition": condition, "facts": shown, "result": result, "cite": cite})

    def done(self, value=None) -> Part:
        return Part(value, tuple(self.notes), tuple(self.citations), tuple(self.missing), tuple(self.trace))
