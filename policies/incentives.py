"""Continuity and zero-claim incentives (浙江 Z4, 上海 政策问答4–5, 杨凌 G5).

The wording of each incentive depends only on the rule; a quote adds the amount earned when
``continuous_years`` is known.
"""

from __future__ import annotations

from .parts import AGENT


def describe(rule):
    """The wording of a rule's incentives, whatever the resident: ``(continuity sentence, zero-claim
    item, break-penalty item or None, ((note, clause), ...))``. Used by quotes and FAQ answers."""
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


def incentives(ctx, rule, document):
    """The incentives that apply under ``rule`` (from ``document``): a part whose value is the list."""
    got = ctx.collect(document)
    cy, facts = ctx.coverage_year, ctx.facts
    if cy < rule["from_coverage_year"]:
        return got.done([])
    continuity, zero, penalty, notes = describe(rule)
    cont = rule["continuity"]
    amount, detail = None, continuity
    if facts.continuous_years is not None:
        counted = min(facts.continuous_years, cy - rule["from_coverage_year"])
        if cont.get("amount_per_year") is not None:
            amount = max(0, counted - cont["after_years"]) * cont["amount_per_year"]
        detail += f"；按{rule['from_coverage_year']}年起连续参保{counted}年计"
    out = [{"name": "连续参保激励", "amount": amount, "detail": detail + "。"}, dict(zero)]
    got.cite(cont["cite"])
    got.cite(rule["zero_claim"]["cite"])
    if penalty and facts.gap_years:
        out.append(dict(penalty))
        got.cite(rule["break_penalty"]["cite"])
    for text, clause in notes:  # the cap and the reset: detail for the agent, the card shows the items
        got.note(text, clause, kind=AGENT)
    return got.done(out)
