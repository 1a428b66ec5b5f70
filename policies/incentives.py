"""Continuity and zero-claim incentives (浙江 Z4, 上海 政策问答4–5, 杨凌 G5).

The wording of each incentive depends only on the rule, so it is built once per rule; a quote only
adds the amount earned when ``continuous_years`` is known.
"""

from __future__ import annotations

_CACHE: dict = {}


def describe(rule):
    """The wording of a rule's incentives, whatever the resident (cached per rule): ``(continuity
    sentence, zero-claim item, break-penalty item or None, ((note, clause), ...))``. Used by quotes
    and FAQ answers."""
    entry = _CACHE.get(id(rule))
    if entry is None or entry[0] is not rule:
        entry = _CACHE[id(rule)] = (rule, _build(rule))
    return entry[1]


def _build(rule):
    limit = rule.get("limit", "大病保险最高支付限额")  # as the text names it
    cont = rule["continuity"]
    per_year = cont.get("amount_per_year")
    each = f"每年提高{per_year}元" if per_year is not None else "提高（文件未列金额）"
    continuity = f"连续参保满{cont['after_years']}年后，之后每连续参保1年，{limit}{each}"
    zamount = rule["zero_claim"].get("amount")
    zero = {
        "name": "零报销激励",
        "amount": None,
        "detail": f"当年未报销医疗费用的，次年{limit}提高{zamount}元。"
        if zamount is not None
        else f"当年未报销医疗费用的，次年提高{limit}（文件未列金额）。",
    }
    penalty = None
    if rule.get("break_penalty"):
        pamount = rule["break_penalty"].get("amount")
        penalty = {
            "name": "断保再参保约束",
            "amount": -pamount if pamount is not None else None,
            "detail": f"断保后再参保的，{limit}降低{pamount}元。"
            if pamount is not None
            else f"断保后再参保的，降低{limit}（文件未列金额）。",
        }
    notes = tuple((rule[k]["text"], rule[k]["cite"]) for k in ("cap", "reset") if rule.get(k))
    return continuity, zero, penalty, notes


def incentives(q, rule, document) -> list:
    """The incentives that apply to quote ``q`` under ``rule`` (from ``document``)."""
    cy, facts = q.coverage_year, q.facts
    if cy < rule["from_coverage_year"]:
        return []
    continuity, zero, penalty, notes = describe(rule)
    cont = rule["continuity"]
    amount, detail = None, continuity
    if facts.continuous_years is not None:
        counted = min(facts.continuous_years, cy - rule["from_coverage_year"])
        if cont.get("amount_per_year") is not None:
            amount = max(0, counted - cont["after_years"]) * cont["amount_per_year"]
        detail += f"；按{rule['from_coverage_year']}年起连续参保{counted}年计"
    out = [{"name": "连续参保激励", "amount": amount, "detail": detail + "。"}, dict(zero)]
    q.cite(document, cont["cite"])
    q.cite(document, rule["zero_claim"]["cite"])
    if penalty and facts.gap_years:
        out.append(dict(penalty))
        q.cite(document, rule["break_penalty"]["cite"])
    for text, clause in notes:
        q.note(text, document, clause)
    return out
