"""action_explain and action_compare: why the answer is what it is, and what paying back the gap
years (补缴修复) changes — both from the engine (its why-trace and its comparison), never re-derived."""

from __future__ import annotations

from rasa_sdk import Action

from policies import compare, quote, render_compare, repair_variants, why_lines
from policies.card import resident_notes
from policies.vocabulary import HOTLINES

from .common import today
from .slots import contract_facts

NOTHING_YET = "请先告诉我参保人的情况（地区、年龄、户籍等），我算出结果后再说明依据。"


def explain_text(facts: dict, day) -> str:
    """The short why-trace of the answer these facts get, with the referral."""
    answer = quote(facts, today=day, trace=True)
    lines = why_lines(answer, short=True)
    if answer["status"] == "invalid" or not lines:
        return NOTHING_YET
    head = "判定依据：" if answer["status"] != "needs_info" else "目前能判定的依据（还缺几项情况）："
    return "\n".join([head, *("· " + line for line in lines), f"如有疑问，{HOTLINES}。"])


def compare_text(facts: dict, day) -> str:
    """补缴 vs 不补缴 for the gap years the resident gave; asks for them when unknown."""
    gap = facts.get("gap_years")
    if gap is None:
        return "补缴修复只影响断保人员的待遇等待期。请告诉我断保了几年（如“断了2年”），我再对比补缴和不补缴。"
    if gap == 0:
        return "您没有断保年度，不需要补缴修复，补缴与否不影响待遇等待期。"
    variants = repair_variants(gap)
    result = compare({k: v for k, v in facts.items() if k != "repair_years"}, variants, today=day)
    if result["status"] == "invalid" or any(v["answer"]["status"] == "invalid" for v in result["variants"]):
        return NOTHING_YET
    if any(v["answer"]["status"] != "eligible" for v in result["variants"]):
        return "还缺几项情况，先把结果算出来再对比补缴和不补缴。"
    text = render_compare(result)
    without, repaid = (resident_notes(v["answer"]) for v in result["variants"])
    return "\n".join([text, *(n for n in repaid if n not in without)])  # what repair adds: its cost


class _FromTheSlots:
    """Says ``text(facts, day)`` for the facts the slots hold, once a region is known (a mixin, not an
    Action itself: rasa_sdk registers every Action subclass)."""

    text = staticmethod(explain_text)

    async def run(self, dispatcher, tracker, domain):
        slots = tracker.current_slot_values()
        if slots.get("region") is None:
            dispatcher.utter_message(text=NOTHING_YET)
            return []
        day = today()
        dispatcher.utter_message(text=self.text(contract_facts(slots, day), day))
        return []


class ActionExplain(_FromTheSlots, Action):
    text = staticmethod(explain_text)

    def name(self) -> str:
        return "action_explain"


class ActionCompare(_FromTheSlots, Action):
    text = staticmethod(compare_text)

    def name(self) -> str:
        return "action_compare"
