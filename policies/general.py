"""General answers: what a region's official text says on one topic, sentence by sentence, cited.

``faq(topic, region, today)`` answers a resident's general question ("怎么缴费？", "能退费吗？") from
the same rule book as quotes. The lines come from the structured data where it already holds the
facts (channels, windows and 补缴期, documents, hotlines, fees, incentives, waiting rules) and
otherwise from the ``faq:`` sentences of the region's year file and of the province-wide
mechanisms it lists (from the mechanism's first coverage year). A region whose texts say nothing on
the topic gets ``not_covered`` and a referral: another region's rule is never borrowed.

The coverage year follows rulings R2 and stale data R3 exactly as quotes do (shared helpers in
:mod:`policies.engine`); the engine never reads the clock, so ``today`` is passed in.
"""

from __future__ import annotations

import datetime as _dt
import re

from .calendar import period_for, zh
from .card import yuan
from .engine import coverage_year_for, region_error, rule_in_force, year_context
from .facts import error, read_field, shown_text
from .incentives import describe as incentive_texts
from .parts import REFERRAL, STALE, Note
from .rulebook import RuleBook, default_rulebook
from .vocabulary import FAQ_TOPICS, HOTLINES, SPECIAL_GROUPS

REFER = f"{HOTLINES}。"

_NAMES = {name: code for code, name in FAQ_TOPICS.items()}
_NAMES.update({name.split("（")[0]: code for code, name in FAQ_TOPICS.items()})  # 家庭共济, 待遇标准
_PLACEHOLDER = re.compile(r"\{fee:([^{}]*)\}")


def faq(topic, region, today, coverage_year=None, rulebook: RuleBook | None = None) -> dict:
    """Answer a general question on ``topic`` (a code of FAQ_TOPICS, or its Chinese name) for
    ``region`` (code, name or alias). ``today`` (a date) decides the coverage year when
    ``coverage_year`` is not given (rulings R2).

    Returns ``{"status": "answered" | "not_covered" | "invalid", "topic": {"code", "name"},
    "region": {"code", "name"}, "coverage_year", "data_year", "stale", "lines", "citations",
    "notes"}`` (``notes`` as in quotes: ``{kind, text, cite}``), plus ``"errors"`` (``{field, code,
    message}``) when invalid.
    """
    book = rulebook or default_rulebook()
    errors: list[dict] = []
    code = _topic_code(topic)
    if code is None:
        choices = "、".join(f"{c} {n}" for c, n in FAQ_TOPICS.items())
        message = f"topic（问题类别）“{shown_text(str(topic))}”不在可答范围内；可选：{choices}。"
        errors.append(error("topic", "unknown_topic", message))
    held = None
    if read_field("region", region, errors) is not None:
        held = book.find_region(region)
        if held is None:
            errors.append(region_error(book, region))
    if coverage_year is not None:
        coverage_year = read_field("coverage_year", coverage_year, errors)
    elif isinstance(today, _dt.datetime):
        today = today.date()
    elif today is None:
        errors.append(error("today", "missing_field",
                            "缺少 today（当天日期）：未给出 coverage_year（待遇年度）时，须传入当天日期（引擎不读系统时钟）。"))
    elif not isinstance(today, _dt.date):
        errors.append(error("today", "bad_type", f"today（当天日期）应为日期对象（datetime.date），收到 {today!r:.20}。"))
    if errors:
        return _answer("invalid", code, held, coverage_year, errors=errors)
    cy = coverage_year or coverage_year_for(held, today)
    return _Answer(code, held, cy).build()


def _topic_code(topic):
    if not isinstance(topic, str):
        return None
    key = topic.strip()
    if key.lower() in FAQ_TOPICS:
        return key.lower()
    return _NAMES.get(key)


def _answer(status, code, region, cy, data_year=None, stale=False, lines=(), citations=(), notes=(), errors=None):
    out = {
        "status": status,
        "topic": {"code": code, "name": FAQ_TOPICS[code]} if code else None,
        "region": {"code": region.code, "name": region.name} if region else None,
        "coverage_year": cy,
        "data_year": data_year,
        "stale": stale,
        "lines": list(lines),
        "citations": [{"document": d, "clause": c} for d, c in citations],
        "notes": [n.as_json() for n in notes],
    }
    if errors is not None:
        out["errors"] = errors
    return out


def _day(day: _dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


class _Answer:
    """One answer in progress: each line is added together with the clauses that back it."""

    def __init__(self, code, region, cy):
        self.code, self.region, self.cy = code, region, cy
        self.lines: dict[str, None] = {}  # ordered sets
        self.citations: dict[tuple, None] = {}
        self.notes: dict[str, Note] = {}  # text -> note

    def line(self, text, *sources):
        """Add a sentence; ``sources`` are ``(document, clause)`` pairs, at least one."""
        assert sources, text
        self.lines[text] = None
        for source in sources:
            self.citations[source] = None

    def build(self) -> dict:
        region, cy = self.region, self.cy
        ctx = year_context(region, cy)
        self.year = year = ctx.year
        if year is None:  # asked about a year before the first one held
            return _answer("not_covered", self.code, region, cy, lines=[ctx.not_held + REFER],
                           notes=[Note(REFERRAL, REFER, None)])
        self.ctx = ctx
        self.doc = year.document
        self.mechanisms = [m for m in region.mechanisms if cy >= m.from_coverage_year]
        self.inferred = cy not in region.years  # window dates shifted from another year (R3)
        if ctx.stale:
            self._note(ctx.stale_notes[0])
        derive = _DERIVED.get(self.code)
        if derive and self.code not in _DERIVED_LAST:
            derive(self)
        self._faq_items()
        if derive and self.code in _DERIVED_LAST:
            derive(self)
        if self.code == "makeup" and self.lines and not ctx.makeup:
            self._no_makeup_period()
        if self.lines:
            status, lines = "answered", list(self.lines)
        else:
            docs = [self.doc] + [m.document for m in self.mechanisms]
            both = "均" if len(docs) > 1 else ""
            status = "not_covered"
            lines = [f"{'、'.join(docs)}{both}未提及{FAQ_TOPICS[self.code]}，本助手不作推断；{REFER}"]
            self.citations.clear()
        return _answer(status, self.code, region, cy, year.coverage_year, ctx.stale, lines, self.citations,
                       self.notes.values())

    def _note(self, text, kind=STALE):
        self.notes.setdefault(text, Note(kind, text, None))

    # -- sentences written in the data (faq: items) -------------------------------------------

    def _faq_items(self):
        for item in self.year.faq:
            if item["topic"] == self.code:
                self.line(self._fill(item["text"]), (self.doc, item["cite"]))
        for mech in self.mechanisms:
            for item in mech.faq:
                if item["topic"] == self.code:
                    self.line(item["text"], (mech.document, item["cite"]))

    def _fill(self, text):
        """``{fee:<scheme>}`` becomes the scheme's fee (the loader checked the code), cited."""

        def fee(match):
            scheme = next(s for s in self.year.schemes if s.code == match.group(1))
            if scheme.tiers:
                for t in scheme.tiers:
                    self.citations[(self.doc, t["cite"])] = None
                return "、".join(f"{t['name']}{yuan(t['amount'])}" for t in scheme.tiers)
            self.citations[(self.doc, scheme.fee["cite"])] = None
            return yuan(scheme.fee["amount"])

        return _PLACEHOLDER.sub(fee, text)

    # -- sentences derived from the structured data, per topic --------------------------------

    def _channels(self):
        year, doc = self.year, self.doc
        names = {s.code: s.name for s in year.schemes}
        for item in year.data["channels"]:
            name = item["name"]
            only = item.get("schemes", [])
            if len(only) == 1 and len(names) > 1:
                name += f"（{names[only[0]]}）"
            self.line(f"{name}：{item['how']}", (doc, item["cite"]))
        for item in year.data.get("special_channels", []):
            groups = "、".join(SPECIAL_GROUPS[g] for g in item["groups"])
            self.line(f"{groups}：{item['how']}", (doc, item["cite"]))

    def _window(self):
        ctx, cy, doc, data = self.ctx, self.cy, self.doc, self.year.data
        window = ctx.window
        self.line(f"{cy}年度集中参保期：{zh(window['start'])}至{zh(window['end'])}{self._guessed()}。",
                  (doc, data["window"]["cite"]))  # fmt: skip
        effective = period_for(data["effective"], self.year.coverage_year, cy)
        until = f"至{zh(effective['end'])}" if effective.get("end") else "起"
        if self.inferred:
            self._note(ctx.stale_notes[1])
        self.line(f"待遇年度：{zh(effective['start'])}{until}。", (doc, data["effective"]["cite"]))
        self._makeup_period()
        self._waiting(repair=False)

    def _makeup(self):
        self._makeup_period()
        late = self.year.data.get("late")
        if late and late["closed"] and self.ctx.makeup:
            self.line("一般人员未在集中参保期或补缴期参保缴费的，不得享受该参保年度的居民医保待遇。", (self.doc, late["cite"]))
        self._waiting(repair=True)

    def _makeup_period(self):
        makeup, data = self.ctx.makeup, self.year.data
        if not makeup:
            return
        self.line(f"补缴期：{zh(makeup['start'])}至{zh(makeup['end'])}{self._guessed()}，"
                  f"补缴期内缴费设固定待遇等待期{data['makeup']['fixed_months']}个月。",
                  (self.doc, data["makeup"]["cite"]))  # fmt: skip
        if self.inferred:
            src = self.region.newest.coverage_year
            self._note(f"{self.cy}年度补缴期按{src}年度的月日推定为{zh(makeup['start'])}至"
                       f"{zh(makeup['end'])}，以当地公告为准（裁定R3）。")  # fmt: skip

    def _no_makeup_period(self):
        """Said first when the region's text has no 补缴期 but other 补缴 rules apply."""
        window, cite = self.ctx.window, self.year.data["window"]["cite"]
        first = (f"{self.doc}未规定补缴期，{self.cy}年度集中参保期为{zh(window['start'])}至"
                 f"{zh(window['end'])}{self._guessed()}。")  # fmt: skip
        self.lines = {first: None, **self.lines}
        self.citations = {(self.doc, cite): None, **self.citations}

    def _guessed(self) -> str:
        if not self.inferred:
            return ""
        return f"（按{self.region.newest.coverage_year}年度的月日推定，以当地公告为准）"

    def _waiting_rule(self):
        rule, source = rule_in_force(self.year, self.region, "waiting")
        if rule is None or self.cy < rule["from_coverage_year"]:
            return None, None, None
        since = f"自{_day(rule['paid_from'])}起" if rule.get("paid_from") else f"自{rule['from_coverage_year']}年起"
        return rule, source.document, since

    def _waiting(self, repair: bool):
        """The waiting period for paying outside the window, and how 补缴 repairs it (R5 shape)."""
        rule, doc, since = self._waiting_rule()
        if rule is None:
            return
        who = "未在集中参保期参保缴费的" if rule["applies"] == "outside_window" else "未在集中参保期内参保或未连续参保的"
        but = "（新生儿等特殊群体除外）" if rule["exempt"].get("newborn") else ""
        fixed = rule["fixed_months"]
        sources = [(doc, fixed["cite"])]
        if rule.get("paid_from_cite"):
            sources.append((doc, rule["paid_from_cite"]))
        self.line(f"{since}，{who}{but}，参保后设固定待遇等待期{fixed['amount']}个月。", *sources)
        if not repair:
            return
        fix, per_gap = rule["repair"], rule["variable_months_per_gap_year"]
        self.line(f"其中断保的，每多断保1年增加变动待遇等待期{per_gap['amount']}个月；可补缴断保年度的保费修复，"
                  f"每补缴1年减少{fix['months_per_year']}个月。", (doc, per_gap["cite"]), (doc, fix["cite"]))  # fmt: skip
        self.line(f"连续断缴{fix['floor_from_gap_years']}年及以上的，修复后待遇等待期不少于{fix['floor_months']}个月。",
                  (doc, fix["cite"]))  # fmt: skip

    def _newborn(self):
        rule, doc, since = self._waiting_rule()
        newborn = rule and rule["exempt"].get("newborn")
        if not newborn:
            return
        days = newborn.get("within_days")
        who = f"新生儿出生{days}天内参保缴费的，" if days else "新生儿参保"
        self.line(f"{since}，{who}不设待遇等待期。", (doc, newborn["cite"]))

    def _tiers(self):
        doc = self.doc
        for scheme in self.year.schemes:
            if scheme.tiers:
                each = "、".join(f"{t['name']}每年{yuan(t['amount'])}" for t in scheme.tiers)
                self.line(f"{scheme.name}：{each}，由参保人选择。",
                          *((doc, t["cite"]) for t in scheme.tiers))  # fmt: skip
            else:
                self.line(f"{scheme.name}：个人每年缴费{yuan(scheme.fee['amount'])}。", (doc, scheme.fee["cite"]))

    def _family_pay(self):
        doc = self.doc
        for way in self.year.data.get("family_payment") or []:
            self.line(f"{way['name']}：{way['how']}", (doc, way["cite"]))
            if way.get("who"):
                self.line(f"可为谁缴：{way['who']['text']}。", (doc, way["who"]["cite"]))
            if way.get("condition"):
                self.line(f"条件：{way['condition']['text']}。", (doc, way["condition"]["cite"]))
            for d in way.get("deadlines") or []:
                self.line(f"{d['who']}：{d['text']}。", (doc, d["cite"]))

    def _documents(self):
        for item in self.year.data["documents"]:
            self.line(item["text"], (self.doc, item["cite"]))

    def _hotline(self):
        lines = self.year.data.get("hotlines") or {}
        for key, label in (("enrollment", "参保咨询电话"), ("payment", "缴费咨询电话")):
            if key in lines:
                self.line(f"{label}：{lines[key]['number']}。", (self.doc, lines[key]["cite"]))

    def _incentives(self):
        rule, source = rule_in_force(self.year, self.region, "incentives")
        if rule is None or self.cy < rule["from_coverage_year"]:
            return
        doc = source.document
        continuity, zero, penalty, notes = incentive_texts(rule)
        self.line(f"自{rule['from_coverage_year']}年起，{continuity}。", (doc, rule["continuity"]["cite"]))
        self.line(zero["detail"], (doc, rule["zero_claim"]["cite"]))
        if penalty:
            self.line(penalty["detail"], (doc, rule["break_penalty"]["cite"]))
        for text, clause in notes:
            self.line(text, (doc, clause))


# Topics whose lines the structured data already holds; the others come from ``faq:`` items only.
_DERIVED = {
    "channels": _Answer._channels,
    "window": _Answer._window,
    "makeup": _Answer._makeup,
    "tiers": _Answer._tiers,
    "documents": _Answer._documents,
    "family_pay": _Answer._family_pay,
    "hotline": _Answer._hotline,
    "incentives": _Answer._incentives,
    "newborn": _Answer._newborn,
}
_DERIVED_LAST = {"newborn"}  # the waiting exemption sums up what the texts' own sentences say
assert set(_DERIVED) <= set(FAQ_TOPICS)
