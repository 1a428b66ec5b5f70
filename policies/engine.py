"""The quote: given what is known about a resident, what applies to them.

Implements shared/spec/quote-contract.md, read by shared/spec/rulings.md. The engine never reads
the clock: ``as_of`` comes in the facts, or the caller passes ``today``.

An answer is put together from parts (:mod:`policies.parts`): each part is a function of a frozen
:class:`Context` and returns its value with its notes, citations, missing facts and trace; the
context grows by ``_replace`` as the scheme, the fee and the subsidy are decided.
"""

from __future__ import annotations

import datetime as _dt
from types import MappingProxyType
from typing import NamedTuple

from . import waiting
from .calendar import age_on, zh
from .conditions import describe, describe_alternative, evaluate, held_alternative, holds
from .facts import LABELS, error, read_facts, shown_text, shown_value
from .incentives import incentives
from .parts import AGENT, FAILS, HOLDS, REFERRAL, RESIDENT, STALE, UNDECIDED, Collect, Note
from .rulebook import RuleBook, default_rulebook
from .vocabulary import (
    ADULT_NOT_STUDENT_AGE,
    ASK_ENROLLMENT,
    HOTLINE_ENROLLMENT,
    HOTLINES,
    MISSING_ORDER,
    SPECIAL_GROUPS,
    TRANSFERS,
)

REFERRAL_TEXT = f"如有疑问，{HOTLINES}。"
TRACED = ("scheme", "personal_fee", "subsidy", "waiting_period")


def quote(raw, today: _dt.date | None = None, rulebook: RuleBook | None = None, trace: bool = False) -> dict:
    """Answer one facts object. ``today`` is used only when the facts carry no ``as_of``; with
    ``trace`` the answer carries the conditions that decided it (quote contract, ``trace``)."""
    book = rulebook or default_rulebook()
    facts, errors = read_facts(raw)
    region = None
    if facts.region is not None:
        region = book.find_region(facts.region)
        if region is None:
            errors.append(region_error(book, facts.region))
    as_of = facts.as_of or today
    if as_of is None and "as_of" not in (raw if isinstance(raw, dict) else {}):
        errors.append(error("as_of", "missing_field", "缺少 as_of（办理日期），且调用方未提供当天日期。"))
    if facts.birth_date and as_of:
        if facts.birth_date > as_of:
            errors.append(error("birth_date", "date_order", "birth_date（出生日期）晚于办理日期，请检查。"))
        elif facts.age is not None and facts.age != age_on(facts.birth_date, as_of):
            errors.append(error("age", "inconsistent",
                                f"age（年龄）{facts.age} 与 birth_date（出生日期）推算的周岁"
                                f" {age_on(facts.birth_date, as_of)} 不一致，请核对。"))  # fmt: skip
    if errors:
        return {"status": "invalid", "errors": errors}
    return _answer(region, facts, as_of, trace)


def rule_in_force(year, region, key: str):
    """``(rule, source)`` for ``key`` ('waiting' or 'incentives'): the year file's own rule, else the
    first province-wide mechanism's that has one; ``(None, None)`` when neither does. ``source`` has
    ``.document``. Whether the rule reaches the coverage year (its ``from_coverage_year``) is the
    caller's check."""
    rule = year.data.get(key)
    if rule:
        return rule, year
    for mech in region.mechanisms:
        if getattr(mech, key):
            return getattr(mech, key), mech
    return None, None


def region_error(book: RuleBook, name) -> dict:
    """The error for a region not held: names the regions held and refers to 12393."""
    names = "、".join(r.name for r in book.regions.values())
    return error("region", "unknown_region",
                 f"region（地区）“{shown_text(str(name))}”暂不在服务范围内；目前支持：{names}。"
                 f"其他地区请咨询当地医保部门或拨打{HOTLINE_ENROLLMENT}。")  # fmt: skip


def coverage_year_for(region, as_of: _dt.date) -> int:
    """The 待遇年度 asked about on ``as_of`` when none is given (rulings R2): the year whose window
    holds ``as_of``; else from September the next year."""
    for cy in (as_of.year, as_of.year + 1):
        window = region.period("window", cy)
        if window["start"] <= as_of <= window["end"]:
            return cy
    return as_of.year + 1 if as_of.month >= 9 else as_of.year


class Context(NamedTuple):
    """Everything a part may read; immutable (a named tuple: cheap to make and to ``_replace``), so
    no part changes what another sees."""

    region: object
    year: object
    facts: object
    cf: MappingProxyType  # the condition facts (rulings R1 for the age)
    as_of: _dt.date
    coverage_year: int
    phase: str  # before | window | between | makeup | late
    pay_day: _dt.date  # the day payment counts from (rulings G3a: the 补缴期's first day when between)
    window: dict
    makeup: dict | None
    tracing: bool = False
    scheme: object = None
    standard_fee: float | None = None
    subsidy_held: tuple | None = None  # (subsidy item, group) of the most favourable subsidy (R7)
    subsidy_unknown: tuple = ()  # groups held whose amount the text does not give (G8)

    @property
    def doc(self) -> str:
        return self.year.document

    def collect(self, document=None) -> Collect:
        return Collect(document or self.year.document, self.tracing, self.shown)

    def special_name(self) -> str:
        return SPECIAL_GROUPS[self.subsidy_held[1]] if self.subsidy_held else ""

    def transfer_name(self) -> str:
        return TRANSFERS.get(self.facts.transfer, "")

    def waiting_rule(self):
        """The waiting rule in force: the year's own, else a province-wide mechanism's."""
        return rule_in_force(self.year, self.region, "waiting")

    def shown(self, *names) -> dict:
        """The facts ``names`` as a trace shows them: Chinese label -> value."""
        out = {}
        for name in names:
            if name == "as_of":
                value = self.as_of
            elif name in self.cf and name != "special_any":
                value = self.cf[name]
            else:
                value = getattr(self.facts, "special" if name == "special_any" else name)
                if name == "repair_years" and value is None:
                    value = 0  # absent means none repaid (quote contract)
            out[_CF_LABELS.get(name) or LABELS[name]] = shown_value("special" if name == "special_any" else name, value)
        return out


_CF_LABELS = {"newborn": "是否新生儿", "special_any": "困难群体身份"}


class _Assembly:
    """The answer being assembled from the parts' results, in order."""

    def __init__(self, tracing: bool):
        self.notes: dict[str, Note] = {}  # text -> note, in order
        self.citations: dict[tuple, None] = {}
        self.missing: list[str] = []
        self.last: list[Note] = []  # said after what decided the answer (a not-eligible reason first)
        self.trace = {key: [] for key in TRACED} if tracing else None

    def take(self, part, target=None):
        for note in part.notes:
            self.notes.setdefault(note.text, note)
        for cite in part.citations:
            self.citations[cite] = None
        self.missing.extend(part.missing)
        if self.trace is not None and part.trace:
            self.trace[target].extend(part.trace)
        return part.value

    def note(self, kind, text, cite=None):
        self.notes.setdefault(text, Note(kind, text, cite))
        if cite:
            self.citations[cite] = None


def _answer(region, facts, as_of, tracing) -> dict:
    got = _Assembly(tracing)
    cf = _condition_facts(facts, as_of)
    if cf["student"] is None and cf["age"] is not None and cf["age"] >= ADULT_NOT_STUDENT_AGE:
        cf["student"] = "none"  # rulings R8, said in one line, after what decided the answer
        got.last.append(Note(RESIDENT, "按非全日制在校学生计算；如您是全日制在校学生，请告诉我。", None))
    cy = facts.coverage_year
    if cy is None:
        cy = got.take(_default_coverage_year(region, facts, as_of))
    out = _blank(region, cy)
    yc = year_context(region, cy)
    if yc.year is None:  # rulings R11: no fact settles it, so nothing is asked
        out["status"] = "needs_info"
        got.note(RESIDENT, yc.not_held)
        return _finish(out, got)
    year = yc.year
    out["data_year"] = year.coverage_year
    out["stale"] = yc.stale
    out["enrollment_window"] = dict(yc.enrollment_window)
    out["in_window"] = yc.window["start"] <= as_of <= yc.window["end"]
    phase = _phase(as_of, yc.window, yc.makeup)
    ctx = Context(region, year, facts, MappingProxyType(cf), as_of, cy, phase,
                  yc.makeup["start"] if phase == "between" else as_of, yc.window, yc.makeup, tracing)  # fmt: skip
    got.citations[(year.document, year.data["window"]["cite"])] = None
    for text in yc.stale_notes:
        got.note(STALE, text)
    got.take(_phase_notes(ctx))
    if as_of > _dt.date(cy, 12, 31):
        out["status"] = "not_eligible"
        got.note(RESIDENT, f"{cy}待遇年度已结束，不能再参加该年度居民医保；请按下一年度办理。")
        return _finish(out, got)

    scheme = got.take(_scheme(ctx), "scheme")
    if scheme is None:
        out["status"] = got.take(_no_scheme(ctx, bool(got.missing)), "scheme")
        return _finish(out, got)
    held, unknown = _subsidy_held(ctx)
    ctx = ctx._replace(scheme=scheme, subsidy_held=held, subsidy_unknown=unknown)
    closed = got.take(_late_closed(ctx))
    if closed:
        out["status"] = closed
        return _finish(out, got)
    out["scheme"] = {"code": scheme.code, "name": scheme.name}
    fees = got.take(_fees(ctx), "personal_fee")
    out.update(fees)
    ctx = ctx._replace(standard_fee=fees["standard_fee"])
    got.take(_scheme_notes(ctx))
    out.update(got.take(_subsidy(ctx), "subsidy"))
    if got.trace is not None:
        got.trace["personal_fee"].extend(_fee_trace(ctx, out))
    result = got.take(waiting.compute(ctx), "waiting_period")
    out["waiting_period"] = result.period
    out["benefit_start"] = result.benefit_start.isoformat() if result.benefit_start else None
    out["incentives"] = got.take(_incentives(ctx))
    out.update(got.take(_channels_and_documents(ctx, bool(out["subsidy"]))))
    got.take(_closing_notes(ctx))
    out["status"] = "needs_info" if got.missing else "eligible"
    return _finish(out, got)


# -- parts ---------------------------------------------------------------------------------------


def _condition_facts(f, as_of) -> dict:
    age = f.age
    if age is None and f.birth_date is not None:
        age = age_on(f.birth_date, as_of)
    if age is None and f.newborn_days is not None:
        age = 0
    return {
        "age": age,
        "hukou": f.hukou,
        "student": f.student,
        "school_local": True if f.school_local is None else f.school_local,
        "employee_insured": f.employee_insured,
        "parent_employee_insured": f.parent_employee_insured,
        "parent_employee_years": f.parent_employee_years,
        "residence_permit": f.residence_permit,
        "newborn": f.newborn_days is not None,
        "newborn_days": f.newborn_days,
        "special_any": None if f.special is None else bool(f.special),
    }


def _default_coverage_year(region, facts, as_of):
    """Rulings R2; a newborn is insured for the year of birth."""
    got = Collect("")
    if facts.newborn_days is not None:
        got.note("新生儿按出生当年参保，默认待遇年度为当年。", kind=AGENT)
        return got.done(as_of.year)
    return got.done(coverage_year_for(region, as_of))


def _phase(as_of, window, makeup) -> str:
    if as_of < window["start"]:
        return "before"
    if as_of <= window["end"]:
        return "window"
    if makeup and as_of < makeup["start"]:
        return "between"
    if makeup and as_of <= makeup["end"]:
        return "makeup"
    return "late"


def _phase_notes(ctx):
    got, window, makeup = ctx.collect(), ctx.window, ctx.makeup
    data = ctx.year.data
    if ctx.phase == "before":  # rulings R9
        got.note(f"{ctx.coverage_year}年度集中参保期尚未开始，请于{zh(window['start'])}至"
                 f"{zh(window['end'])}期间参保缴费。", data["window"]["cite"])  # fmt: skip
        got.note("集中参保期开始前为该年度缴费的，按在集中参保期内缴费计算（裁定R9）。", kind=AGENT)
    elif ctx.phase == "between":  # rulings G3a
        got.note(f"集中参保期已于{zh(window['end'])}结束，补缴期为{zh(makeup['start'])}至"
                 f"{zh(makeup['end'])}；此时缴费按补缴期首日{zh(makeup['start'])}缴费计算待遇。",
                 data["makeup"]["cite"])  # fmt: skip
        got.note("集中缴费期结束至补缴期开始之间缴费的，视为在补缴期首日缴费（裁定G3a）。", kind=AGENT)
    return got.done()


def _scheme(ctx):
    """The first scheme whose conditions certainly hold, unless an earlier one is undecided."""
    got = ctx.collect()
    undecided = []
    found = None
    for scheme in ctx.year.schemes:
        result, unknown = evaluate(scheme.eligibility, ctx.cf)
        if ctx.tracing:
            held = held_alternative(scheme.eligibility, ctx.cf) if result is True else None
            if held is None:
                used = sorted({key for alt in scheme.eligibility for key, _ in alt})
                condition = describe(scheme.eligibility)
            else:  # the alternative that held, and only the facts it read
                used = [key for key, _ in scheme.eligibility[held]]
                condition = describe_alternative(scheme.eligibility, held)
            said = {True: HOLDS, False: FAILS, None: UNDECIDED}[result]
            got.why(f"{scheme.name}：{condition}", tuple(used), said, scheme.eligibility_cite)
        if result is True:
            found = None if undecided else scheme
            break
        if result is None:
            undecided.extend(unknown)
    got.need(*undecided)
    if found is not None:
        got.cite(found.eligibility_cite)
    return got.done(found)


def _no_scheme(ctx, missing: bool):
    """No scheme: still undecided (``needs_info``) or not eligible, with why."""
    got, cf, year = ctx.collect(), ctx.cf, ctx.year
    if missing:
        return got.done("needs_info")
    for cond, item in year.conditional["undecided"]:
        if holds(cond, cf):
            got.note(item["text"], item["cite"], kind=item.get("kind", RESIDENT))
            return got.done("needs_info")
    for cond, item in year.conditional["ineligible"]:
        if holds(cond, cf):
            got.note(f"不符合参保条件：{item['reason']}{item['refer']}", item.get("cite"))
            if item.get("reading"):
                got.note(item["reading"], kind=RESIDENT)
            got.why(item["reason"], tuple(sorted({k for alt in cond for k, _ in alt})), HOLDS, item.get("cite"))
            break
    else:
        got.note(f"按文件所列参保对象，此情况不在{ctx.region.name}城乡居民医保范围内。")
    return got.done("not_eligible")


def _subsidy_held(ctx):
    """The most favourable single subsidy the resident's groups give (R7), and the groups held whose
    amount the text does not give when that makes the most favourable one undecidable (G8)."""
    facts = ctx.facts
    if not facts.special:
        return None, ()
    best, unknown = None, []
    for cond, item in ctx.year.conditional["subsidies"]:
        if not holds(cond, ctx.cf):
            continue
        for group in item["groups"]:
            if group in facts.special:
                fee = item["personal_fee"]
                if fee is None:
                    unknown.append((item, group))
                elif best is None or fee < best[0]:
                    best = (fee, item, group)
    if best is None:
        return (unknown[0] if unknown else None), ()
    if unknown and best[0] > 0:  # an unknown amount might be lower: undecided (G8); nothing is below 0
        return None, ((best[1], best[2]), *unknown)
    return (best[1], best[2]), ()


def _late_closed(ctx):
    """After the 补缴期 (杨凌 G3) only the special persons the text names may still enroll: the status
    that ends the answer, or None."""
    got = ctx.collect()
    late = ctx.year.data.get("late")
    if not late or not late["closed"] or ctx.phase != "late":
        return got.done(None)
    facts = ctx.facts
    transfers = late.get("open_for_transfers")
    if transfers and facts.transfer in transfers["codes"]:
        got.cite(transfers["cite"])
        return got.done(None)
    if facts.newborn_days is not None:
        return got.done(None)
    if late.get("open_for_subsidized"):
        if facts.special is None:
            got.need("special")  # whether the resident is in a subsidised group decides it
            return got.done("needs_info")
        if ctx.subsidy_held or ctx.subsidy_unknown:
            got.cite(late["open_for_subsidized"]["cite"])
            return got.done(None)
    nxt = ctx.region.period("window", ctx.coverage_year + 1)
    got.note(f"{ctx.coverage_year}年度集中缴费期和补缴期均已结束，一般人员不能再参加该年度居民医保，"
             f"不享受该年度待遇。下一集中缴费期预计{zh(nxt['start'])}开始。", late["cite"])  # fmt: skip
    return got.done("not_eligible")


def _fees(ctx):
    got, facts, scheme = ctx.collect(), ctx.facts, ctx.scheme
    out = {"fee_options": [], "standard_fee": None, "government_contribution": None}
    if scheme.tiers:
        out["fee_options"] = [{"name": t["name"], "fee": t["amount"]} for t in scheme.tiers]
        for t in scheme.tiers:
            got.cite(t["cite"])
        chosen = next((t for t in scheme.tiers if t["name"] == facts.tier), None)
        if facts.tier is not None and chosen is None:  # not invalid: the fee stays open (contract)
            names = " / ".join(t["name"] for t in scheme.tiers)
            got.note(f"所选档次“{facts.tier}”不在可选档次（{names}）中，请重新选择。")
        if chosen:
            out["standard_fee"] = chosen["amount"]
        got.why(f"{scheme.name}分档缴费：{'、'.join(t['name'] + str(t['amount']) + '元' for t in scheme.tiers)}",
                ("tier",), HOLDS if chosen else UNDECIDED, scheme.tiers[0]["cite"])  # fmt: skip
    else:
        if facts.tier is not None:
            got.note(f"{scheme.name}不分档次，所选“{facts.tier}”不影响缴费金额。")
        out["standard_fee"] = scheme.fee["amount"]
        got.cite(scheme.fee["cite"])
        got.why(f"{scheme.name}个人缴费标准{scheme.fee['amount']}元", (), HOLDS, scheme.fee["cite"])
    out["personal_fee"] = out["standard_fee"]
    if scheme.government_contribution:
        out["government_contribution"] = scheme.government_contribution["amount"]
        got.cite(scheme.government_contribution["cite"])
    return got.done(out)


def _scheme_notes(ctx):
    got = ctx.collect()
    for cond, item in ctx.year.by_scheme[ctx.scheme.code]["notes"]:
        if cond is None or holds(cond, ctx.cf):
            got.note(item["text"], item["cite"], kind=item.get("kind", RESIDENT))
    return got.done()


def _subsidy(ctx):
    """``personal_fee`` and ``subsidy`` after the hardship subsidies (R7, G1, G2, G8, H4)."""
    year, facts = ctx.year, ctx.facts
    got = ctx.collect()
    items = year.conditional["subsidies"]
    std = ctx.standard_fee
    out = {"personal_fee": std, "subsidy": None}
    if facts.special is None:
        if items:
            got.need("special")
            out["personal_fee"] = None
        return got.done(out)
    for cond, item in items:
        if ctx.tracing:
            groups = "、".join(SPECIAL_GROUPS[g] for g in item["groups"])
            fee = "金额未列明" if item["personal_fee"] is None else f"{item['personal_fee']}元"
            said = HOLDS if any(g in facts.special for g in item["groups"]) and holds(cond, ctx.cf) else FAILS
            extra = f"（{describe(cond)}）" if cond else ""
            got.why(f"{groups}{extra}：个人缴费{fee}", ("special",), said, item["cite"])
    if ctx.subsidy_unknown:  # rulings G8
        names = "、".join(SPECIAL_GROUPS[g] for _, g in ctx.subsidy_unknown)
        for item, _ in ctx.subsidy_unknown:
            got.cite(item["cite"])
        got.note(f"同时具有{names}身份：其中有的身份文件未列个人缴费金额，无法确定哪一种最有利，"
                 f"个人缴费金额{ASK_ENROLLMENT}。")  # fmt: skip
        got.note(REFERRAL_TEXT, kind=REFERRAL)
        out["personal_fee"] = None
        return got.done(out)
    if ctx.subsidy_held is None:
        if facts.special:
            other = year.data.get("subsidy_other_groups")
            if other:  # e.g. 杭州 H4: the districts may subsidise groups the city's text does not
                got.note(other["text"], other["cite"])
                got.note(REFERRAL_TEXT, kind=REFERRAL)
            else:
                got.note("所报困难群体身份在本地区文件中没有个人缴费减免，按标准缴费。")
        return got.done(out)
    item, group = ctx.subsidy_held
    if len([g for g in facts.special if any(g in i["groups"] for _, i in items)]) > 1:
        rule = year.data.get("subsidy_rule")
        got.note("同时具有多种资助身份的，按最有利的一种享受，不叠加。", rule["cite"] if rule else None)
        got.note("多种资助身份按最有利的一种、不叠加（裁定R7）。", kind=AGENT)
    only_in_window = year.data.get("subsidy_window_only")
    if only_in_window and ctx.phase not in ("window", "before"):
        got.note(f"{SPECIAL_GROUPS[group]}未在集中缴费期参保的，不再享受个人缴费分类资助，按标准缴费，"
                 "享受原认定身份的医保待遇。", only_in_window["cite"])  # fmt: skip
        got.why("享受分类资助须在集中缴费期参保", ("as_of",), FAILS, only_in_window["cite"])
        return got.done(out)
    got.cite(item["cite"])
    fee = item["personal_fee"]
    if fee is None:
        got.note(f"{SPECIAL_GROUPS[group]}个人缴费由{item['paid_by']}，文件未列具体金额，{ASK_ENROLLMENT}。")
        got.note(REFERRAL_TEXT, kind=REFERRAL)
    out["personal_fee"] = fee
    amount = None if fee is None or std is None else std - fee
    out["subsidy"] = {"group": group, "amount": amount, "paid_by": item["paid_by"]}
    return got.done(out)


def _fee_trace(ctx, out) -> list:
    """The personal fee's last step in the trace: standard fee and subsidy taken together."""
    fee = out["personal_fee"]
    said = "个人缴费金额未定" if fee is None else f"个人缴费{fee}元"
    basis = f"标准{out['standard_fee']}元" if out["standard_fee"] is not None else "档次未选"
    if out["subsidy"]:
        basis += f"，{SPECIAL_GROUPS[out['subsidy']['group']]}资助"
    return [{"condition": f"{said}（{basis}）", "facts": ctx.shown("tier", "special"),
             "result": HOLDS if fee is not None else UNDECIDED, "cite": None}]  # fmt: skip


def _incentives(ctx):
    rule, source = rule_in_force(ctx.year, ctx.region, "incentives")
    if not rule:
        return ctx.collect().done([])
    return incentives(ctx, rule, source.document)


def _channels_and_documents(ctx, subsidised: bool):
    year, cf, got = ctx.year, ctx.cf, ctx.collect()
    channels = []
    if ctx.subsidy_held and subsidised:
        group = ctx.subsidy_held[1]
        for item in year.data.get("special_channels", []):
            if group in item["groups"]:
                channels.append({"name": f"{SPECIAL_GROUPS[group]}资助缴费", "how": item["how"]})
                got.cite(item["cite"])
    shown = year.by_scheme[ctx.scheme.code]
    for cond, payload, clause in shown["channels"]:
        if cond is None or holds(cond, cf):
            channels.append(dict(payload))
            got.cite(clause)
    documents = []
    for cond, text, clause in shown["documents"]:
        if cond is None or holds(cond, cf):
            documents.append(text)
            got.cite(clause)
    return got.done({"channels": channels, "documents": documents})


def _closing_notes(ctx):
    got, cf, cy = ctx.collect(), ctx.cf, ctx.coverage_year
    for cond, item in ctx.year.conditional["notes"]:
        if holds(cond, cf):
            got.note(item["text"], item["cite"], kind=item.get("kind", RESIDENT))
    for mech in ctx.region.mechanisms:
        for cond, item in mech.notes:
            if cy >= mech.from_coverage_year and holds(cond, cf):
                got.note(item["text"], item["cite"], mech.document, kind=item.get("kind", RESIDENT))
    return got.done()


def _finish(out, got: _Assembly) -> dict:
    if out["status"] == "needs_info":
        seen = dict.fromkeys(got.missing)
        out["missing"] = [m for m in MISSING_ORDER if m in seen]
    for note in got.last:
        got.note(note.kind, note.text, note.cite)
    if out["status"] in ("needs_info", "not_eligible"):
        got.note(REFERRAL, REFERRAL_TEXT)
    out["notes"] = [note.as_json() for note in got.notes.values()]
    out["citations"] = [{"document": d, "clause": c} for d, c in got.citations]
    if got.trace is not None:
        out["trace"] = got.trace
    return out


# -- what one region and coverage year give every quote (rulings R3) ----------------------------


class _YearContext:
    """The year held for a coverage year, its stale flag and notes, window and 补缴期 (R3)."""

    __slots__ = ("year", "stale", "window", "makeup", "enrollment_window", "stale_notes", "not_held")

    def __init__(self, region, cy):
        self.year = year = region.year_for(cy)
        self.stale_notes = ()
        if year is None:
            self.not_held = (f"本助手未收录{region.name}{cy}年度的缴费标准（最早收录{min(region.years)}年度），"
                             "无法给出该年度的金额和规定。")  # fmt: skip
            return
        self.stale = year.coverage_year != cy
        self.window = window = region.period("window", cy)
        self.makeup = makeup = region.period("makeup", cy)
        self.enrollment_window = {"start": window["start"].isoformat(), "end": window["end"].isoformat()}
        if makeup:
            self.enrollment_window["makeup_start"] = makeup["start"].isoformat()
            self.enrollment_window["makeup_end"] = makeup["end"].isoformat()
        if self.stale:
            self.stale_notes = (
                f"尚未收录{cy}年度标准，以下金额按{year.coverage_year}年度标准（{year.document}）显示，"
                f"{cy}年度新标准以当地通知为准（裁定R3）。",
                f"{cy}年度集中参保期按{year.coverage_year}年度的月日推定为"
                f"{zh(window['start'])}至{zh(window['end'])}，以当地公告为准（裁定R3）。",
            )


def year_context(region, cy) -> _YearContext:
    """The year context of ``region`` for ``cy``, kept on the region (shared by quotes and FAQ
    answers); the coverage years are bounded by the contract (2000–2100), so is the cache."""
    cache = region.contexts
    entry = cache.get(cy)
    if entry is None:
        entry = cache[cy] = _YearContext(region, cy)
    return entry


def _blank(region, cy) -> dict:
    return {
        "status": None,
        "missing": [],
        "region": {"code": region.code, "name": region.name},
        "coverage_year": cy,
        "data_year": None,
        "stale": False,
        "scheme": None,
        "standard_fee": None,
        "fee_options": [],
        "personal_fee": None,
        "subsidy": None,
        "government_contribution": None,
        "enrollment_window": None,
        "in_window": False,
        "waiting_period": None,
        "benefit_start": None,
        "incentives": [],
        "channels": [],
        "documents": [],
        "notes": [],
        "citations": [],
    }
