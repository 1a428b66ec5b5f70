"""Waiting period (待遇等待期), gap repair (补缴修复) and benefit start (rulings R4–R6, R9, R10, Z1–Z3,
S2–S4, G2a, G3, G3a, G4, G4a).

The rule's parameters (months, floors, exemptions, from which date) come from the data; this
module only knows the shape of the mechanism the texts share. :func:`compute` reads a frozen
:class:`policies.engine.Context` and returns a :class:`policies.parts.Part` whose value is a
:class:`WaitingResult`.
"""

from __future__ import annotations

import datetime as _dt

from .calendar import add_months, first_of_next_month
from .card import yuan
from .parts import AGENT, FAILS, HOLDS, REFERRAL, UNDECIDED
from .vocabulary import ASK_ENROLLMENT, HOTLINES


class WaitingResult:
    __slots__ = ("period", "benefit_start")

    def __init__(self, period, benefit_start):
        self.period, self.benefit_start = period, benefit_start


def _period(months, fixed=0, variable=0, exempt=None, repair=None):
    return {
        "months": months,
        "fixed_months": fixed,
        "variable_months": variable,
        "exempt_reason": exempt,
        "repair": repair,
    }


def compute(ctx):
    rule, source = ctx.waiting_rule()
    cy = ctx.coverage_year
    year_start = _dt.date(cy, 1, 1)
    pays_in_window = ctx.phase in ("window", "before")  # rulings R9: before the window counts as in it
    if rule is None or cy < rule["from_coverage_year"]:
        return _no_rule(ctx, pays_in_window, year_start)
    got = ctx.collect(source.document)
    pay_day = ctx.pay_day
    if not pays_in_window and rule.get("paid_from") and pay_day < rule["paid_from"]:
        got.note(f"该缴费日期早于待遇等待期规定的施行日期，所收录文件未规定此情形的等待期，{ASK_ENROLLMENT}。",
                 rule.get("paid_from_cite", "施行日期"))  # fmt: skip
        got.note(f"如有疑问，{HOTLINES}。", kind=REFERRAL)
        return got.done(WaitingResult(_period(None), None))
    got.why("在集中参保期内（或期前）缴费", ("as_of",), HOLDS if pays_in_window else FAILS,
            ctx.year.data["window"]["cite"], ctx.doc)  # fmt: skip
    result, gap = _exempt(ctx, rule, got, pays_in_window, year_start)
    if result is not None:
        return got.done(result)
    return got.done(_waiting(ctx, rule, got, gap, year_start))


def _exempt(ctx, rule, got, pays_in_window, year_start):
    """``(result, gap)``: the result when an exemption waives the whole waiting period, the window
    leaves nothing to wait for or a fact is missing; else None and the gap years that count."""
    facts, exempt = ctx.facts, rule["exempt"]
    newborn = exempt.get("newborn")
    reason = None
    if newborn and facts.newborn_days is not None:
        limit = newborn.get("within_days")
        birth = ctx.as_of - _dt.timedelta(days=facts.newborn_days)
        in_time = limit is None or facts.newborn_days <= limit
        got.why(f"新生儿出生{limit}天内参保" if limit else "新生儿参保", ("newborn_days",),
                HOLDS if in_time else FAILS, newborn["cite"])  # fmt: skip
        if in_time:
            reason = "新生儿" if limit is None else f"新生儿出生{limit}天内参保"
            got.cite(newborn["cite"])
            if newborn.get("from_birth"):
                return WaitingResult(_period(0, exempt=reason), max(birth, year_start)), 0
        elif newborn.get("late_in_birth_year") and birth.year == ctx.pay_day.year == ctx.coverage_year:
            # rulings G4a: after the days allowed, still in the birth year: from the month after payment
            late = newborn["late_in_birth_year"]
            got.cite(late["cite"])
            got.note(f"新生儿出生超过{limit}天、在出生当年参保缴费的，按标准缴费，待遇自缴费次月起至当年12月31日。",
                     late["cite"])  # fmt: skip
            got.note(f"出生当年超过{limit}天参保的新生儿不设等待期，待遇自缴费次月起（裁定G4a）。", kind=AGENT)
            return WaitingResult(_period(0, exempt="新生儿出生当年参保"), first_of_next_month(ctx.pay_day)), 0
    transfers = exempt.get("transfers")
    gap_waived = False
    if reason is None and transfers and facts.transfer in transfers["codes"]:
        got.cite(transfers["cite"])
        got.why(f"转入衔接：{ctx.transfer_name()}", ("transfer",), HOLDS, transfers["cite"])
        if transfers.get("scope", "all") == "all":
            reason = "转入衔接（" + ctx.transfer_name() + "）"
        else:
            gap_waived = True
            if transfers.get("note"):
                got.note(transfers["note"], transfers["cite"])
    subsidized = exempt.get("subsidized")
    if reason is None and subsidized and ctx.subsidy_held:
        in_scope = not (subsidized.get("outside_window_only") and pays_in_window)
        label = subsidized.get("label", "医疗救助对象")
        got.why(f"{label}免设等待期", ("special",), HOLDS if in_scope else FAILS, subsidized["cite"])
        if in_scope:
            reason = f"{label}（{ctx.special_name()}）"
            got.cite(subsidized["cite"])

    gap = _gap(ctx, rule, got, 0 if gap_waived else facts.gap_years)
    applies = rule["applies"]
    if applies == "outside_window" and pays_in_window:
        got.note("在集中参保期内参保缴费，不设待遇等待期（裁定Z1）。", rule["fixed_months"]["cite"], kind=AGENT)
        return WaitingResult(_period(0), year_start), gap
    if applies == "outside_window_or_gap" and pays_in_window and gap == 0:
        return WaitingResult(_period(0), year_start), gap  # in the window and continuous: nothing to wait for
    if reason is not None:
        start = year_start if pays_in_window else max(first_of_next_month(ctx.pay_day), year_start)
        return WaitingResult(_period(0, exempt=reason), start), gap
    missing = []
    if subsidized and facts.special is None:
        missing.append("special")
    if gap is None:
        missing.append("gap_years")
        got.why("断保年数", ("gap_years",), UNDECIDED, rule["variable_months_per_gap_year"]["cite"])
    if missing:
        got.need(*missing)
        return WaitingResult(_period(None), None), gap
    return None, gap


def _gap(ctx, rule, got, gap):
    """The gap years that count (rulings R4: from ``gap_counted_from`` on)."""
    cap = max(0, ctx.coverage_year - rule["gap_counted_from"])
    if gap is not None and gap > cap:
        got.note(f"断保年数从{rule['gap_counted_from']}年起计算，本次按{cap}年计。",
                 rule["variable_months_per_gap_year"]["cite"])  # fmt: skip
        got.note(f"断保年数只计{rule['gap_counted_from']}年起的待遇年度（裁定R4）。", kind=AGENT)
        gap = cap
    return 0 if cap == 0 else gap


def _waiting(ctx, rule, got, gap, year_start):
    """The waiting period counted: fixed months (the 补缴期's own where it has one) plus one month
    per gap year, less one per repaid year, never below the floor (rulings R5, R10, G3)."""
    facts = ctx.facts
    fixed = rule["fixed_months"]["amount"]
    got.cite(rule["fixed_months"]["cite"])
    makeup = ctx.year.data.get("makeup")
    if ctx.phase in ("makeup", "between") and makeup:
        fixed = makeup["fixed_months"]
        got.note(f"补缴期内缴费设固定待遇等待期{fixed}个月。", makeup["cite"], ctx.doc)
    per_gap = rule["variable_months_per_gap_year"]["amount"]
    variable = gap * per_gap
    got.why(f"固定待遇等待期{fixed}个月，断保每年加{per_gap}个月", ("gap_years",), HOLDS,
            rule["fixed_months"]["cite"])  # fmt: skip
    repair = None
    months = fixed
    if variable:
        fix = rule["repair"]
        got.cite(fix["cite"])
        floor = fix["floor_months"] if gap >= fix["floor_from_gap_years"] else 0
        asked = facts.repair_years or 0
        repaid = min(asked, gap)
        if asked > gap:
            got.note(f"补缴年数不能超过断保年数，按{gap}年计。", fix["cite"])
        left = max(variable - repaid * fix["months_per_year"], 0)
        months = max(fixed + left, floor)  # rulings R5: the floor when the gap is 4 years or more
        cost = ctx.standard_fee
        if repaid:
            paid = f"，每年{yuan(cost)}，共{yuan(cost * repaid)}" if cost is not None else ""
            still = f"还可补缴{gap - repaid}年" if gap > repaid else "断保年度已全部补缴"
            got.note(f"已按补缴{repaid}年计算{paid}：变动待遇等待期减少{repaid * fix['months_per_year']}个月；{still}。",
                     fix["cite"])  # fmt: skip
        if floor and months == floor and fixed + left < floor:
            got.note(f"连续断保{fix['floor_from_gap_years']}年及以上的，修复后待遇等待期不少于{floor}个月。", fix["cite"])
        if cost is None:
            got.note("补缴修复按当年参保地个人缴费标准（所选档次）计算，选定档次后可算出金额。", fix["cite"])
        if gap > repaid:
            repair = {"max_years": gap - repaid, "months_after_full_repair": max(fixed, floor), "cost_per_year": cost}
        got.why(f"断保{gap}年、补缴{repaid}年：等待期{months}个月", ("gap_years", "repair_years"), HOLDS,
                fix["cite"])  # fmt: skip
    start = add_months(max(first_of_next_month(ctx.pay_day), year_start), months)  # R6, R10
    return WaitingResult(_period(months, fixed, months - fixed, repair=repair), start)


def _no_rule(ctx, pays_in_window, year_start):
    got = ctx.collect()
    if pays_in_window:
        return got.done(WaitingResult(_period(0), year_start))
    got.note(f"所收录文件未规定集中参保期外参保的待遇等待期，等待期以经办机构答复为准，{ASK_ENROLLMENT}。",
             ctx.year.data["window"]["cite"])  # fmt: skip
    got.note(f"如有疑问，{HOTLINES}。", kind=REFERRAL)
    return got.done(WaitingResult(_period(None), None))
