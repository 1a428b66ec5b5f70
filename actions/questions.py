"""The questions the forms ask (``action_ask_<slot>``) and the greeting.

The wording of each fact's question is in ``actions/questions.yml`` (read once, on first use); the
region and the hardship groups are asked from the policy data (which regions exist, which groups a
region subsidises). Custom actions rather than domain responses, so that button payloads such as
``/inform{"hukou": "local"}`` never go through Rasa's response-template interpolation."""

from __future__ import annotations

import json

from rasa_sdk import Action

from policies.rulebook import default_rulebook
from policies.vocabulary import SPECIAL_GROUPS

from .common import region_names, with_notice
from .question_data import questions, subsidised_groups, threshold_buttons, thresholds
from .slots import NO_GROUP

WHO = {"child": "孩子", "parent": "老人", "spouse": "您的爱人", "other": "参保人"}


def who(slots: dict) -> str:
    """How a question names the person asked about: 您, 孩子, 老人…"""
    return WHO.get(slots.get("subject"), "您")

def question(slot: str, slots: dict, person: str | None = None) -> dict:
    """The message asking for ``slot``: text for whoever is asked about (``person`` names a household
    member: 您母亲, 孩子…), and its buttons."""
    if slot == "special":
        return special_question(slots.get("region"), person or who(slots), slots.get("special_not") or ())
    item = questions()[slot]
    adult = isinstance(slots.get("age"), (int, float)) and slots["age"] >= 18
    template = item.get("adult_text", item["text"]) if adult else item["text"]
    if slots.get("newborn_days") is not None and "newborn_text" in item:
        template = item["newborn_text"]
    text = template.format(who=person or who(slots), region_name=slots.get("region_name") or "本地")
    message = {"text": text}
    buttons = item.get("buttons") or []
    if adult:  # no 学龄前 choice for an adult (rulings R8)
        buttons = [b for b in buttons if b[1].get("student") != "preschool"]
    if item.get("buttons_from_thresholds") and slots.get("region"):
        buttons = threshold_buttons(slot, thresholds(slots["region"], slot))
    if buttons:
        message["buttons"] = [{"title": title, "payload": _payload(**value)} for title, value in buttons]
    return message


class _AskFact(Action):
    slot = ""

    def name(self) -> str:
        return f"action_ask_{self.slot}"

    @with_notice
    async def run(self, dispatcher, tracker, domain):
        dispatcher.utter_message(**question(self.slot, tracker.current_slot_values()))
        return []


# One action per fact in questions.yml: action_ask_age, action_ask_hukou, … (rasa_sdk registers
# every Action subclass; a test checks this list against the file and the domain).
ASK_ACTIONS = {slot: type(f"AskFact_{slot}", (_AskFact,), {"slot": slot}) for slot in (
    "age", "hukou", "student", "school_local", "employee_insured", "parent_employee_insured",
    "parent_employee_years", "residence_permit", "gap_years")}  # fmt: skip


def _payload(**entities) -> str:
    return "/inform" + json.dumps(entities, ensure_ascii=False)


class ActionGreet(Action):
    def name(self) -> str:
        return "action_greet"

    @with_notice
    async def run(self, dispatcher, tracker, domain):
        dispatcher.utter_message(
            text=("您好，我是医保参保助手。可以帮您查城乡居民医保：能不能参保、个人交多少钱、什么时候交、在哪里交、"
                  "有没有待遇等待期、断保后怎么补缴修复，每项都注明依据的文件条款。"
                  f"目前支持：{'、'.join(region_names())}。请直接说说情况，例如“我在杭州，35岁，本地户口”。"),
            buttons=[{"title": t, "payload": p} for t, p in (("交多少钱", "/ask_fee"), ("能不能参保", "/ask_scheme"),
                                                              ("什么时候交", "/ask_window"), ("在哪里交", "/ask_channels"))],
        )  # fmt: skip
        return []


class ActionAskRegion(Action):
    def name(self) -> str:
        return "action_ask_region"

    @with_notice
    async def run(self, dispatcher, tracker, domain):
        person = who(tracker.current_slot_values())
        book = default_rulebook()
        dispatcher.utter_message(
            text=f"请问{person}在哪个地区参保？目前支持：{'、'.join(region_names())}。",
            buttons=[{"title": r.name, "payload": _payload(region=code)} for code, r in book.regions.items()],
        )
        return []


class ActionAskSpecial(Action):
    def name(self) -> str:
        return "action_ask_special"

    @with_notice
    async def run(self, dispatcher, tracker, domain):
        slots = tracker.current_slot_values()
        dispatcher.utter_message(**special_question(slots.get("region"), who(slots), slots.get("special_not") or ()))
        return []


def special_question(region: str, person: str, ruled_out=()) -> dict:
    """Whether ``person`` is in one of the region's subsidised groups; every group named is a button,
    but those the resident has already ruled out (不是低保)."""
    groups = [g for g in subsidised_groups(region) if g not in ruled_out]
    names = "、".join(SPECIAL_GROUPS[g] for g in groups)
    buttons = [{"title": "都不是", "payload": _payload(special=NO_GROUP)}]
    buttons += [{"title": SPECIAL_GROUPS[g], "payload": _payload(special=g)} for g in groups]
    return {"text": f"{person}是否属于以下可减免个人缴费的群体：{names}？都不是请选“都不是”。", "buttons": buttons}


class ActionAskHouseholdNext(Action):
    """The next fact a family member still needs, asked by name (您母亲…), that member noted as asked."""

    def name(self) -> str:
        return "action_ask_household_next"

    @with_notice
    async def run(self, dispatcher, tracker, domain):
        from rasa_sdk.events import SlotSet

        from . import household
        from .common import today

        slots = tracker.current_slot_values()
        asked = household.next_question(slots, today())
        if asked is None:
            return []
        if asked["label"] == household.EVERYONE:
            dispatcher.utter_message(**household.family_question(asked, slots))
        else:
            member = household.member(slots, asked["label"])
            shown = {**member["slots"], "region": slots.get("region"), "region_name": slots.get("region_name")}
            dispatcher.utter_message(**question(asked["fact"], shown, person=household.addressed(asked["label"])))
        state = dict(slots[household.HOUSEHOLD], asking=asked)
        return [SlotSet(household.HOUSEHOLD, state)]
