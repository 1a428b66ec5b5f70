"""Waiting period (待遇等待期), gap repair (补缴修复) and benefit start (rulings R4–R6, Z1–Z3, S2–S4, G3–G4).

The rule's parameters (months, floors, exemptions, from which date) come from the data; this
module only knows the shape of the mechanism the texts share.
"""

from __future__ import annotations

import datetime as _dt

from .calendar import add_months, first_of_next_month


class WaitingResult:
    __slots__ = ("period", "benefit_start", "missing")

    def __init__(self, period, benefit_start, missing=()):
        self.period, self.benefit_start, self.missing = period, benefit_start, missing


def _period(months, fixed=0, variable=0, exempt=None, repair=None):
    return {
        "months": months,
        "fixed_months": fixed,
        "variable_months": variable,
        "exempt_reason": exempt,
        "repair": repair,
    }


def compute(q) -> WaitingResult:
    """``q`` is the quote in progress (see :mod:`policies.engine`)."""
    rule, source = q.waiting_rule()
    facts, cy = q.facts, q.coverage_year
    year_start = _dt.date(cy, 1, 1)
    pays_in_window = q.phase in ("window", "before")
    pay_day = q.pay_day

    if rule is None or cy < rule["from_coverage_year"]:
        return _no_rule(q, pays_in_window, year_start)
    if not pays_in_window and rule.get("paid_from") and pay_day < rule["paid_from"]:
        q.note("该缴费日期早于待遇等待期规定的施行日期，所收录文件未规定此情形的等待期，请咨询12393。",
               source.document, rule.get("paid_from_cite", "施行日期"))  # fmt: skip
        return WaitingResult(_period(None), None)

    exempt = rule["exempt"]
    cite = lambda clause: q.cite(source.document, clause)  # noqa: E731

    # Exemptions that waive the whole waiting period.
    reason = None
    newborn = exempt.get("newborn")
    if newborn and facts.newborn_days is not None:
        limit = newborn.get("within_days")
        if limit is None or facts.newborn_days <= limit:
            reason = "新生儿" if limit is None else f"新生儿出生{limit}天内参保"
            cite(newborn["cite"])
            if newborn.get("from_birth"):
                birth = q.as_of - _dt.timedelta(days=facts.newborn_days)
                return WaitingResult(_period(0, exempt=reason), max(birth, year_start))
    transfers = exempt.get("transfers")
    gap_waived = False
    if reason is None and transfers and facts.transfer in transfers["codes"]:
        cite(transfers["cite"])
        if transfers.get("scope", "all") == "all":
            reason = "转入衔接（" + q.transfer_name() + "）"
        else:
            gap_waived = True
            if transfers.get("note"):
                q.note(transfers["note"], source.document, transfers["cite"])
    if reason is None and exempt.get("subsidized") and q.subsidy_held:
        reason = "医疗救助对象（" + q.special_name() + "）"
        cite(exempt["subsidized"]["cite"])

    gap_cap = max(0, cy - rule["gap_counted_from"])
    gap = 0 if gap_waived else facts.gap_years
    if gap is not None and gap > gap_cap:
        q.note(f"断保年数从{rule['gap_counted_from']}年起计算，本次按{gap_cap}年计（裁定R4）。",
               source.document, rule["variable_months_per_gap_year"]["cite"])  # fmt: skip
        gap = gap_cap
    if gap_cap == 0:
        gap = 0

    applies = rule["applies"]
    if applies == "outside_window" and pays_in_window:
        q.note("在集中参保期内参保缴费，不设待遇等待期（裁定Z1）。", source.document, rule["fixed_months"]["cite"])
        return WaitingResult(_period(0), year_start)
    if applies == "outside_window_or_gap" and pays_in_window and gap == 0:
        return WaitingResult(_period(0), year_start)  # in the window and continuous: nothing to wait for
    if reason is not None:
        start = year_start if pays_in_window else max(first_of_next_month(pay_day), year_start)
        return WaitingResult(_period(0, exempt=reason), start)

    missing = []
    if exempt.get("subsidized") and facts.special is None:
        missing.append("special")
    if gap is None:
        missing.append("gap_years")
    if missing:
        return WaitingResult(_period(None), None, tuple(missing))

    fixed = q.fixed_months_override(rule["fixed_months"]["amount"])
    cite(rule["fixed_months"]["cite"])
    variable = gap * rule["variable_months_per_gap_year"]["amount"]
    repair_rule = rule["repair"]
    repair = None
    months = fixed + variable
    if variable:
        cite(repair_rule["cite"])
        floor = repair_rule["floor_months"] if gap >= repair_rule["floor_from_gap_years"] else 0
        repaid = min(facts.repair_years or 0, gap)
        if (facts.repair_years or 0) > gap:
            q.note(f"补缴年数不能超过断保年数，按{gap}年计。", source.document, repair_rule["cite"])
        months = max(fixed + variable - repaid * repair_rule["months_per_year"], floor)
        cost = q.standard_fee
        if cost is None:
            q.note("补缴修复按当年参保地个人缴费标准（所选档次）计算，选定档次后可算出金额。",
                   source.document, repair_rule["cite"])  # fmt: skip
        repair = {
            "max_years": gap,
            "months_after_full_repair": max(fixed, floor),
            "cost_per_year": cost,
        }
    start = add_months(max(first_of_next_month(pay_day), year_start), months)
    return WaitingResult(_period(months, fixed, variable, repair=repair), start)


def _no_rule(q, pays_in_window, year_start) -> WaitingResult:
    if pays_in_window:
        return WaitingResult(_period(0), year_start)
    q.note("所收录文件未规定集中参保期外参保的待遇等待期，等待期以经办机构答复为准，请咨询12393。",
           q.year.document, q.year.data["window"]["cite"])  # fmt: skip
    return WaitingResult(_period(None), None)
