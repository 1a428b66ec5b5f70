"""Scoring the assistant's reading of residents' messages against annotated sets.

Each item of a set (``heldout_facts.yml``, ``dev_facts.yml``) is one message, the question just asked
(``asked``), the person the message is about and the facts a careful reader takes from it, plus the
facts it leaves in doubt. The message goes through what the running assistant does with it: the
fact extractor (``bot.components.zh_facts``) and the slot logic (``actions.slots.updates``), with the
question just asked as ``requested_slot``. What ends up in the slots is compared fact by fact.

A value for a fact the annotation lists as doubtful is a guess: it counts against precision.
Ranges (``[60, 69]``) accept any value inside them. ``pay_date`` given as ``YYYY-MM`` accepts any day
of that month.
"""

from __future__ import annotations

import datetime as _dt
import os
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
TODAY = _dt.date(2026, 12, 3)  # the sets are written for this day

# Facts the issue gates on, and every fact reported.
GATED = ("region", "hukou", "age", "student", "employee_insured", "special", "person")
REPORTED = GATED + ("place_not_held", "newborn_days", "school_local", "parent_employee_insured",
                    "parent_employee_years", "residence_permit", "gap_years", "tier", "pay_date", "transfer")  # fmt: skip


@cache
def load(name: str) -> list[dict]:
    with open(os.path.join(HERE, name), encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def read(text: str, asked: str | None = None, slots: dict | None = None) -> dict:
    """The slots after the assistant reads ``text`` with ``asked`` as the question just asked."""
    from actions.slots import aside_entities, speaker_aside, updates
    from bot.components.zh_facts import extract_entities
    from policies.engine import coverage_year_for
    from policies.rulebook import default_rulebook

    before = dict(slots or {})
    if before.get("subject"):
        before["subject_key"] = before["subject"]
    if asked:
        before["requested_slot"] = asked
    book = default_rulebook()
    entities = extract_entities(text)
    if speaker_aside(before, entities):  # as action_read_facts: the speaker's own fact, said as an aside
        entities = aside_entities(entities)
    change = updates(before, None, entities,
                     coverage_year=lambda code: coverage_year_for(book.regions[code], TODAY), today=TODAY)
    return {**before, **change}


def predicted(slots: dict) -> dict:
    """The annotation's facts from the slots."""
    out = {}
    for name in ("region", "hukou", "age", "newborn_days", "student", "school_local", "employee_insured",
                 "parent_employee_insured", "parent_employee_years", "residence_permit", "gap_years", "tier",
                 "transfer", "pay_date"):  # fmt: skip
        if slots.get(name) is not None:
            out[name] = slots[name]
    if slots.get("special") is not None:
        out["special"] = sorted(slots["special"])
    if slots.get("region_unsupported"):
        out["place_not_held"] = slots["region_unsupported"]
    if slots.get("birth_date") and "age" not in out:
        born = _dt.date.fromisoformat(slots["birth_date"])
        out["age"] = TODAY.year - born.year - ((TODAY.month, TODAY.day) < (born.month, born.day))
    out["person"] = slots.get("subject") or "self"
    return out


def matches(fact: str, gold, value) -> bool:
    if fact == "special":
        return sorted(gold or []) == sorted(value or [])
    if fact == "pay_date" and isinstance(gold, str) and len(gold) == 7:
        return isinstance(value, str) and value.startswith(gold)
    if fact == "place_not_held":
        return bool(value) and (str(value) in str(gold) or str(gold) in str(value))
    if isinstance(gold, list) and len(gold) == 2 and all(isinstance(g, (int, float)) for g in gold):
        return isinstance(value, (int, float)) and not isinstance(value, bool) and gold[0] <= value <= gold[1]
    if isinstance(gold, bool) or isinstance(value, bool):
        return gold is value
    return gold == value or str(gold) == str(value)


@dataclass
class Score:
    tp: dict = field(default_factory=lambda: defaultdict(int))
    fp: dict = field(default_factory=lambda: defaultdict(int))
    fn: dict = field(default_factory=lambda: defaultdict(int))
    errors: list = field(default_factory=list)

    def precision(self, fact: str) -> float:
        n = self.tp[fact] + self.fp[fact]
        return self.tp[fact] / n if n else 1.0

    def recall(self, fact: str) -> float:
        n = self.tp[fact] + self.fn[fact]
        return self.tp[fact] / n if n else 1.0

    def table(self) -> dict:
        return {f: {"precision": round(self.precision(f), 4), "recall": round(self.recall(f), 4),
                    "tp": self.tp[f], "fp": self.fp[f], "fn": self.fn[f]} for f in REPORTED}  # fmt: skip


def gold_facts(item: dict) -> dict:
    gold = dict(item.get("facts") or {})
    if "birth_year" in gold and "age" not in gold:  # an age is read from a birth year as a range
        year = gold.pop("birth_year")
        gold["age"] = [TODAY.year - year - 1, TODAY.year - year]
    gold.pop("birth_year", None)
    if "newborn_days" in gold and "age" not in gold and "age" not in (item.get("doubtful") or []):
        gold["age"] = 0  # a baby counted in days is 0 years old (the contract's newborn_days goes with age 0)
    if item.get("person"):
        gold["person"] = item["person"]
    return gold


def score(items: list[dict]) -> Score:
    result = Score()
    for item in items:
        gold = gold_facts(item)
        doubtful = set(item.get("doubtful") or [])
        context = {"subject": item["person"]} if item.get("asked") and item.get("person") else None
        got = predicted(read(item["text"], item.get("asked"), context))
        for fact in REPORTED:
            if fact == "person" and "person" not in gold:
                continue
            g, v = gold.get(fact), got.get(fact)
            if fact in gold:
                if fact in got and matches(fact, g, v):
                    result.tp[fact] += 1
                    continue
                result.fn[fact] += 1
                if fact in got:
                    result.fp[fact] += 1
                result.errors.append((item["id"], fact, g, v, item["text"]))
            elif fact in got and fact != "person" and (fact in doubtful or fact in REPORTED):
                result.fp[fact] += 1
                result.errors.append((item["id"], fact, None, v, item["text"]))
    return result


def score_answers(blocks: list[dict]) -> tuple[int, int, list]:
    """Replies to each question: (right, total, wrong). A reply is right when the facts it sets are
    exactly the expected ones (a non-answer sets nothing, so the question is asked again)."""
    right, wrong = 0, []
    total = 0
    for block in blocks:
        asked = block["asked"]
        context = {"subject": WHO_SUBJECT.get(block.get("who"), "self")}
        if block.get("region"):
            context["region"] = block["region"]
        context.update(block.get("slots") or {})  # what the form already holds (a newborn's days…)
        for reply in block["replies"]:
            total += 1
            got = predicted(read(reply["text"], asked, context))
            got.pop("person", None)
            if block.get("region") and got.get("region") == block["region"]:
                got.pop("region")
            for name, value in (block.get("slots") or {}).items():  # known before the reply, not read from it
                if got.get(name) == value:
                    got.pop(name)
            expect = gold_facts({"facts": reply.get("expect") or {}})  # a birth year is an age range, as for the facts sets
            ok = set(got) == set(expect) and all(matches(k, _open(v), got[k]) for k, v in expect.items())
            if ok:
                right += 1
            else:
                wrong.append((asked, reply["text"], expect, got))
    return right, total, wrong


def _open(value):
    """[3, null] (at least 3) as a range."""
    if isinstance(value, list) and len(value) == 2 and value[1] is None:
        return [value[0], 10**6]
    return value


WHO_SUBJECT = {"您": "self", "孩子": "child", "老人": "parent", "您的爱人": "spouse"}
