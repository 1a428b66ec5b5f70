"""Why an answer is what it is, in Chinese: the why-trace of a quote (``quote(..., trace=True)``)
said as lines, for the agent console's "为什么" and the resident who asks "为什么".

``why_lines(answer)`` gives every decisive condition with the facts it read and its clause;
``why_lines(answer, short=True)`` only what decided each part, at most one line per part.
"""

from __future__ import annotations

from .parts import FAILS, HOLDS, UNDECIDED

PARTS = (("scheme", "适用方案"), ("personal_fee", "个人缴费"), ("subsidy", "困难群体资助"),
         ("waiting_period", "待遇等待期"))  # fmt: skip


def _facts(facts: dict) -> str:
    return "，".join(f"{k}{v}" for k, v in facts.items())


def _cite(entry) -> str:
    cite = entry.get("cite")
    return f"（{cite['document']} {cite['clause']}）" if cite else ""


def _line(label, entry, short) -> str:
    said = f"{label}：{entry['condition']}"
    if not (short and entry["result"] == HOLDS):
        said += f"——{entry['result']}"
    if entry["facts"]:
        said += f"；所据情况：{_facts(entry['facts'])}"
    return said + _cite(entry) + "。"


def why_lines(answer: dict, short: bool = False) -> list[str]:
    """The trace as lines; [] when the answer carries no trace (invalid, or not asked for)."""
    trace = answer.get("trace")
    if not trace:
        return []
    lines = []
    for key, label in PARTS:
        entries = trace.get(key) or []
        if short:  # what decided the part, else what is still open; a part nothing applied to is left out
            entries = ([e for e in entries if e["result"] == HOLDS] or [e for e in entries if e["result"] == UNDECIDED])[-1:]
        else:
            entries = [e for e in entries if e["result"] != FAILS or key == "scheme"]
        lines.extend(_line(label, e, short) for e in entries)
    return lines
