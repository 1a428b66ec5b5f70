"""The quote: given what is known about a resident, what applies to them.

Implements shared/spec/quote-contract.md, read by shared/spec/rulings.md. The engine never reads
the clock: ``as_of`` comes in the facts, or the caller passes ``today``.
"""

from __future__ import annotations

import datetime as _dt

from . import waiting
from .calendar import age_on
from .conditions import evaluate, holds
from .facts import read_facts
from .incentives import incentives
from .rulebook import RuleBook, default_rulebook
from .vocabulary import HOTLINES, MISSING_ORDER, SPECIAL_GROUPS, TRANSFERS

REFERRAL = f"如有疑问，{HOTLINES}。"


def quote(raw, today: _dt.date | None = None, rulebook: RuleBook | None = None) -> dict:
    """Answer one facts object. ``today`` is used only when the facts carry no ``as_of``."""
    book = rulebook or default_rulebook()
    facts, errors = read_facts(raw)
    region = None
    if facts.region is not None:
        region = book.find_region(facts.region)
        if region is None:
            errors.append(region_error(book, facts.region))
    as_of = facts.as_of or today
    if as_of is None and "as_of" not in (raw if isinstance(raw, dict) else {}):
        errors.append("缺少 as_of（办理日期），且调用方未提供当天日期。")
    if facts.birth_date and as_of:
        if facts.birth_date > as_of:
            errors.append("birth_date（出生日期）晚于办理日期，请检查。")
        elif facts.age is not None and facts.age != age_on(facts.birth_date, as_of):
            errors.append(
                f"age（年龄）{facts.age} 与 birth_date（出生日期）推算的周岁"
                f" {age_on(facts.birth_date, as_of)} 不一致，请核对。"
            )
    if errors:
        return {"status": "invalid", "errors": errors}
    return Quote(region, facts, as_of).answer()


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


def region_error(book: RuleBook, name: str) -> str:
    """The message for a region not held: names the regions held and refers to 12393."""
    names = "、".join(r.name for r in book.regions.values())
    return (
        f"region（地区）“{str(name)[:20]}”暂不在服务范围内；目前支持：{names}。"
        "其他地区请咨询当地医保部门或拨打12393。"
    )


def coverage_year_for(region, as_of: _dt.date) -> int:
    """The 待遇年度 asked about on ``as_of`` when none is given (rulings R2), memoised per region and day."""
    return _memo(_COVERAGE_YEAR_MEMO, (id(region), as_of), region, _r2_coverage_year, region, as_of)


class Quote:
    """One quote in progress: collects notes and citations while each part is worked out."""

    def __init__(self, region, facts, as_of):
        self.region, self.facts, self.as_of = region, facts, as_of
        self.notes: dict[str, None] = {}  # an ordered set
        self.citations: dict[tuple, None] = {}
        self.missing: list[str] = []
        self.standard_fee = None
        self.subsidy_held = None  # (item, group) of the subsidy the resident's groups give

    # -- helpers used by the parts -------------------------------------------------------------

    def cite(self, document, clause):
        self.citations[(document, clause)] = None

    def note(self, text, document=None, clause=None):
        self.notes[text] = None
        if document and clause:
            self.citations[(document, clause)] = None

    def special_name(self) -> str:
        return SPECIAL_GROUPS[self.subsidy_held[1]] if self.subsidy_held else ""

    def transfer_name(self) -> str:
        return TRANSFERS.get(self.facts.transfer, "")

    def waiting_rule(self):
        """The waiting rule in force: the year's own, else a province-wide mechanism's."""
        return rule_in_force(self.year, self.region, "waiting")

    def fixed_months_override(self, months):
        makeup = self.year.data.get("makeup")
        if self.phase == "makeup" and makeup:
            self.cite(self.year.document, makeup["cite"])
            return makeup["fixed_months"]
        return months

    # -- the answer --------------------------------------------------------------------------

    def answer(self) -> dict:
        region, facts = self.region, self.facts
        cf = self._condition_facts()
        self.cf = cf
        self.coverage_year = cy = facts.coverage_year or self._default_coverage_year()
        out = _blank(region, cy)
        ctx = year_context(region, cy)
        year = ctx.year
        if year is None:
            out["status"] = "needs_info"
            self.note(ctx.stale_notes[0])
            return self._finish(out)
        self.year = year
        doc = year.document
        out["data_year"] = year.coverage_year
        out["stale"] = ctx.stale
        window, makeup = ctx.window, ctx.makeup
        out["enrollment_window"] = dict(ctx.enrollment_window)
        self.cite(doc, year.data["window"]["cite"])
        as_of = self.as_of
        out["in_window"] = window["start"] <= as_of <= window["end"]
        self.phase = self._phase(window, makeup)
        self.pay_day = makeup["start"] if self.phase == "between" else as_of
        for text in ctx.stale_notes:
            self.note(text)
        self._phase_notes(window, makeup)
        if as_of > _dt.date(cy, 12, 31):
            out["status"] = "not_eligible"
            self.note(f"{cy}待遇年度已结束，不能再参加该年度居民医保；请按下一年度办理。")
            return self._finish(out)

        scheme = self._scheme(cf)
        if scheme is None:
            return self._finish(self._no_scheme(out))
        self._find_subsidy()
        if self._late_closed(out):
            return self._finish(out)
        out["scheme"] = {"code": scheme.code, "name": scheme.name}
        self.cite(doc, scheme.eligibility_cite)
        self._fees(out, scheme)
        for cond, item in year.by_scheme[scheme.code]["notes"]:
            if cond is None or holds(cond, cf):
                self.note(item["text"], doc, item["cite"])
        self._subsidy(out)
        result = waiting.compute(self)
        self.missing.extend(result.missing)
        out["waiting_period"] = result.period
        out["benefit_start"] = result.benefit_start.isoformat() if result.benefit_start else None
        out["incentives"] = self._incentives()
        self._channels_and_documents(out, scheme)
        for cond, item in year.conditional["notes"]:
            if holds(cond, cf):
                self.note(item["text"], doc, item["cite"])
        for mech in region.mechanisms:
            for cond, item in mech.notes:
                if cy >= mech.from_coverage_year and holds(cond, cf):
                    self.note(item["text"], mech.document, item["cite"])
        out["status"] = "needs_info" if self.missing else "eligible"
        return self._finish(out)

    # -- parts -------------------------------------------------------------------------------

    def _condition_facts(self) -> dict:
        f = self.facts
        age = f.age
        if age is None and f.birth_date is not None:
            age = age_on(f.birth_date, self.as_of)
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

    def _default_coverage_year(self) -> int:
        """Rulings R2; a newborn is insured for the year of birth."""
        as_of = self.as_of
        if self.facts.newborn_days is not None:
            self.note("新生儿按出生当年参保，默认待遇年度为当年。")
            return as_of.year
        return coverage_year_for(self.region, as_of)

    def _phase(self, window, makeup) -> str:
        as_of = self.as_of
        if as_of < window["start"]:
            return "before"
        if as_of <= window["end"]:
            return "window"
        if makeup and as_of < makeup["start"]:
            return "between"
        if makeup and as_of <= makeup["end"]:
            return "makeup"
        return "late"

    def _phase_notes(self, window, makeup):
        doc, cite = self.year.document, self.year.data["window"]["cite"]
        if self.phase == "before":
            self.note(f"{self.coverage_year}年度集中参保期尚未开始，请于{window['start'].isoformat()}至"
                      f"{window['end'].isoformat()}期间参保缴费。", doc, cite)  # fmt: skip
        elif self.phase == "between":
            self.note(f"集中参保期已结束，可在补缴期{makeup['start'].isoformat()}至{makeup['end'].isoformat()}"
                      "缴费，按补缴期规定享受待遇。", doc, self.year.data["makeup"]["cite"])  # fmt: skip
        elif self.phase == "makeup":
            self.note("当前处于补缴期，补缴期内缴费设固定待遇等待期。", doc, self.year.data["makeup"]["cite"])

    def _scheme(self, cf):
        """The first scheme whose conditions certainly hold, unless an earlier one is undecided."""
        year = self.year
        key = (id(year), *[cf[k] for k in year.scheme_keys])
        scheme, undecided = _memo(_SCHEME_MEMO, key, year, _decide_scheme, year.schemes, cf)
        self.missing.extend(undecided)
        return scheme

    def _no_scheme(self, out):
        doc, cf = self.year.document, self.cf
        if self.missing:
            out["status"] = "needs_info"
            return out
        for cond, item in self.year.conditional["undecided"]:
            if holds(cond, cf):
                out["status"] = "needs_info"
                self.note(item["text"], doc, item["cite"])
                return out
        out["status"] = "not_eligible"
        for cond, item in self.year.conditional["ineligible"]:
            if holds(cond, cf):
                self.note(f"不符合参保条件：{item['reason']}{item['refer']}", doc, item["cite"])
                break
        else:
            self.note(f"按文件所列参保对象，此情况不在{self.region.name}城乡居民医保范围内。{REFERRAL}")
        return out

    def _fees(self, out, scheme):
        doc, facts = self.year.document, self.facts
        if scheme.tiers:
            out["fee_options"] = [{"name": t["name"], "fee": t["amount"]} for t in scheme.tiers]
            for t in scheme.tiers:
                self.cite(doc, t["cite"])
            chosen = next((t for t in scheme.tiers if t["name"] == facts.tier), None)
            if facts.tier is not None and chosen is None:
                names = " / ".join(t["name"] for t in scheme.tiers)
                self.note(f"所选档次“{facts.tier}”不在可选档次（{names}）中，请重新选择。")
            if chosen:
                self.standard_fee = chosen["amount"]
        else:
            if facts.tier is not None:
                self.note(f"{scheme.name}不分档次，所选“{facts.tier}”不影响缴费金额。")
            self.standard_fee = scheme.fee["amount"]
            self.cite(doc, scheme.fee["cite"])
        out["standard_fee"] = self.standard_fee
        out["personal_fee"] = self.standard_fee
        if scheme.government_contribution:
            out["government_contribution"] = scheme.government_contribution["amount"]
            self.cite(doc, scheme.government_contribution["cite"])

    def _find_subsidy(self):
        """The most favourable single subsidy the resident's groups give (R7), if any."""
        facts = self.facts
        if not facts.special:
            return
        best = None
        for cond, item in self.year.conditional["subsidies"]:
            if not holds(cond, self.cf):
                continue
            for group in item["groups"]:
                if group in facts.special:
                    fee = item["personal_fee"]
                    rank = float("inf") if fee is None else fee
                    if best is None or rank < best[0]:
                        best = (rank, item, group)
        if best:
            self.subsidy_held = (best[1], best[2])

    def _subsidy(self, out):
        year, facts, doc = self.year, self.facts, self.year.document
        items = year.conditional["subsidies"]
        if facts.special is None:
            if items:
                self.missing.append("special")
                out["personal_fee"] = None
            return
        if self.subsidy_held is None:
            if facts.special:
                self.note("所报困难群体身份在本地区文件中没有个人缴费减免，按标准缴费。")
            return
        item, group = self.subsidy_held
        if len([g for g in facts.special if any(g in i["groups"] for _, i in items)]) > 1:
            rule = year.data.get("subsidy_rule")
            self.note("同时具有多种资助身份的，按最有利的一种享受，不叠加（裁定R7）。",
                      doc, rule["cite"] if rule else None)  # fmt: skip
        only_in_window = year.data.get("subsidy_window_only")
        if only_in_window and self.phase not in ("window", "before"):
            self.note(f"{SPECIAL_GROUPS[group]}未在集中缴费期参保的，不再享受个人缴费分类资助，按标准缴费，"
                      "享受原认定身份的医保待遇。", doc, only_in_window["cite"])  # fmt: skip
            return
        self.cite(doc, item["cite"])
        fee = item["personal_fee"]
        std = self.standard_fee
        if fee is None:
            self.note(f"{SPECIAL_GROUPS[group]}个人缴费由{item['paid_by']}，文件未列具体金额，请咨询12393。")
        out["personal_fee"] = fee
        amount = None if fee is None or std is None else std - fee
        out["subsidy"] = {"group": group, "amount": amount, "paid_by": item["paid_by"]}

    def _late_closed(self, out) -> bool:
        """After the 补缴期 (杨凌 G3) only the special persons the text names may still enroll."""
        late = self.year.data.get("late")
        if not late or not late["closed"] or self.phase != "late":
            return False
        doc, facts = self.year.document, self.facts
        transfers = late.get("open_for_transfers")
        if transfers and facts.transfer in transfers["codes"]:
            self.cite(doc, transfers["cite"])
            return False
        if facts.newborn_days is not None:
            return False
        if late.get("open_for_subsidized"):
            if facts.special is None:
                out["status"] = "needs_info"  # whether the resident is in a subsidised group decides it
                self.missing.append("special")
                return True
            if self.subsidy_held:
                self.cite(doc, late["open_for_subsidized"]["cite"])
                return False
        out["status"] = "not_eligible"
        nxt = self.region.period("window", self.coverage_year + 1)
        text = (f"{self.coverage_year}年度集中缴费期和补缴期均已结束，一般人员不能再参加该年度居民医保，"
                f"不享受该年度待遇。下一集中缴费期预计{nxt['start'].isoformat()}开始。")  # fmt: skip
        self.note(text, doc, late["cite"])
        return True

    def _incentives(self) -> list:
        rule, source = rule_in_force(self.year, self.region, "incentives")
        return incentives(self, rule, source.document) if rule else []

    def _channels_and_documents(self, out, scheme):
        year, cf, doc = self.year, self.cf, self.year.document
        channels = []
        if self.subsidy_held and out["subsidy"]:
            group = self.subsidy_held[1]
            for item in year.data.get("special_channels", []):
                if group in item["groups"]:
                    channels.append({"name": f"{SPECIAL_GROUPS[group]}资助缴费", "how": item["how"]})
                    self.cite(doc, item["cite"])
        shown = year.by_scheme[scheme.code]
        key = (id(year), scheme.code, *[cf[k] for k in shown["keys"]])
        shown, docs, clauses = _memo(_SHOWN_MEMO, key, year, _shown_for, shown, cf)
        channels.extend(dict(payload) for payload in shown)
        out["channels"] = channels
        out["documents"] = list(docs)
        for clause in clauses:
            self.citations[(doc, clause)] = None

    def _finish(self, out) -> dict:
        if out["status"] == "needs_info":
            seen = dict.fromkeys(self.missing)
            out["missing"] = [m for m in MISSING_ORDER if m in seen]
        if out["status"] in ("needs_info", "not_eligible"):
            self.notes[REFERRAL] = None
        out["notes"] = list(self.notes)
        out["citations"] = [{"document": d, "clause": c} for d, c in self.citations]
        return out


def _memo(store: dict, key, owner, compute, *args):
    """Memoise a pure function of rule data (``owner``) and facts; the owner check guards id reuse."""
    hit = store.get(key)
    if hit is None or hit[0] is not owner:
        if len(store) > 50000:
            store.clear()
        hit = store[key] = (owner, compute(*args))
    return hit[1]


def _r2_coverage_year(region, as_of) -> int:
    """Rulings R2: the year whose window holds ``as_of``; else from September the next year."""
    for cy in (as_of.year, as_of.year + 1):
        window = region.period("window", cy)
        if window["start"] <= as_of <= window["end"]:
            return cy
    return as_of.year + 1 if as_of.month >= 9 else as_of.year


def _shown_for(shown, cf):
    """Channels, documents and their clauses for a scheme, given the condition facts."""
    channels = tuple(p for cond, p, _ in shown["channels"] if cond is None or holds(cond, cf))
    docs = tuple(t for cond, t, _ in shown["documents"] if cond is None or holds(cond, cf))
    clauses = tuple(
        dict.fromkeys(c for section in ("channels", "documents") for cond, _, c in shown[section]
                      if cond is None or holds(cond, cf))
    )  # fmt: skip
    return channels, docs, clauses


_COVERAGE_YEAR_MEMO: dict = {}
_SHOWN_MEMO: dict = {}
_SCHEME_MEMO: dict = {}  # (year, the facts its scheme conditions test) -> (scheme, undecided facts)


def _decide_scheme(schemes, cf):
    undecided = []
    for scheme in schemes:
        result, unknown = evaluate(scheme.eligibility, cf)
        if result is True:
            return (None if undecided else scheme), tuple(undecided)
        if result is None:
            undecided.extend(unknown)
    return None, tuple(undecided)


class _YearContext:
    """What a quote needs about one region and coverage year, computed once (rulings R3)."""

    __slots__ = ("year", "stale", "window", "makeup", "enrollment_window", "stale_notes")

    def __init__(self, region, cy):
        self.year = year = region.year_for(cy)
        if year is None:
            self.stale_notes = (
                f"本助手未收录{region.name}{cy}年度的缴费标准（最早收录{min(region.years)}年度），"
                f"无法给出该年度的金额和规定。{REFERRAL}",
            )
            return
        self.stale = year.coverage_year != cy
        self.window = window = region.period("window", cy)
        self.makeup = makeup = region.period("makeup", cy)
        self.enrollment_window = {"start": window["start"].isoformat(), "end": window["end"].isoformat()}
        if makeup:
            self.enrollment_window["makeup_start"] = makeup["start"].isoformat()
            self.enrollment_window["makeup_end"] = makeup["end"].isoformat()
        self.stale_notes = ()
        if self.stale:
            self.stale_notes = (
                f"尚未收录{cy}年度标准，以下金额按{year.coverage_year}年度标准（{year.document}）显示，"
                f"{cy}年度新标准以当地通知为准（裁定R3）。",
                f"{cy}年度集中参保期按{year.coverage_year}年度的月日推定为"
                f"{window['start'].isoformat()}至{window['end'].isoformat()}，以当地公告为准（裁定R3）。",
            )


_CONTEXTS: dict = {}


def year_context(region, cy) -> _YearContext:
    """The year held for ``cy``, its stale flag and notes, window and 补缴期 (R3); shared by quotes and FAQ answers."""
    key = (id(region), cy)
    entry = _CONTEXTS.get(key)
    if entry is None or entry[0] is not region:
        if len(_CONTEXTS) > 4096:
            _CONTEXTS.clear()
        entry = _CONTEXTS[key] = (region, _YearContext(region, cy))
    return entry[1]


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
