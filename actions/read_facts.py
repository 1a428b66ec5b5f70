"""action_read_facts: after every user message, the facts it states go into the slots.

Runs as the custom slot mapping of every fact slot (bot/domain/slots.yml), so Rasa's
action_extract_slots calls it once per message, inside a form or not.
"""

from __future__ import annotations

from rasa_sdk import Action
from rasa_sdk.events import SlotSet

from base.privacy import BIRTH_KEY
from bot.components.people import PERSONAL
from bot.components.zh_facts import LONG_MESSAGE
from policies.vocabulary import HOTLINE_ENROLLMENT

from . import household
from .common import coverage_year, faq_topic, region_name, today, wide_place_text
from .questions import who
from .slots import ASIDE, FACT_SLOTS, NOTICE, PERSON_SLOTS, UNREAD, aside_entities, speaker_aside, updates

RESTATED = "好的，这一条您前面已经说过了，已记下。"
NOTED = "好的，这一条已记下。"


def _other_fact(changes: dict, slots: dict) -> bool:
    """The message told a fact, but not the one asked (the question then comes again): say it was kept."""
    asked = slots.get("requested_slot")
    told = {k for k, v in changes.items() if v is not None and k in FACT_SLOTS and k != "region"}
    return bool(asked) and asked not in changes and bool(told)


def _restated(entities: list, slots: dict) -> bool:
    """Whether the message only says again facts already held (本地户口 when the 户口 is known)."""
    facts = [e for e in entities if e.get("entity") in PERSONAL or e.get("entity") == "region"]
    return bool(facts) and all(slots.get(e["entity"]) == e.get("value") for e in facts)


def _doubted(entities: list, slots: dict) -> bool:
    """A fact said with doubt (好像是低保吧), or a reply in doubt to the question asked (不知道还有没有)."""
    doubts = [e.get("value") for e in entities if e.get("entity") == "doubt"]
    return any(d != "affirm" for d in doubts) or bool(doubts and slots.get("requested_slot"))


DOUBTED = ("您说得不太确定，这一条先不记。它会影响能否参保和缴多少钱，请确认后再告诉我；"
           f"一时查不到的话，可以拨打{HOTLINE_ENROLLMENT}咨询。")

# A long paste (a notice, an SMS) is read only for what it states plainly (bot/components/zh_facts.py).
LONG_NOTICE = ("您的消息比较长，我只记下了其中明确说到的情况。为了答得准确，请简要说说要参保的人的情况，"
               "例如“我妈70岁，杭州户口”。")


# Two places held named, neither said to be where one enrolls (户口 in one, work, home or school in the other).
TWO_PLACES = "您说到的地方不止一个，各地的参保规定不同；请选择要按哪个地区的规定来查。"


class ActionReadFacts(Action):
    def name(self) -> str:
        return "action_read_facts"

    async def run(self, dispatcher, tracker, domain):
        message = tracker.latest_message or {}
        slots = tracker.current_slot_values()
        changes: dict = {}
        # Messages said while the action server was down (bot.faults kept them): their facts first, in order.
        for kept in slots.get(UNREAD) or []:
            if isinstance(kept, dict):
                changes.update(updates({**slots, **changes}, kept.get("intent"), list(kept.get("entities") or []),
                                       coverage_year=coverage_year, today=today()))  # fmt: skip
        if slots.get(UNREAD):
            changes[UNREAD] = None
        # The question still on record was answered by a kept message; the resident has not been asked
        # anything since, so a bare 没有 / 都不是 now answers nothing rather than that question again.
        asked = {"requested_slot": None} if slots.get("requested_slot") in changes else {}
        intent = (message.get("intent") or {}).get("name")
        entities = list(message.get("entities") or [])
        notice = None
        if speaker_aside(slots, entities):
            # 我是外地户口 while asked about the child: the child's facts stay, the question comes again; the
            # speaker's own are kept aside for 查我自己
            changes[ASIDE] = list(slots.get(ASIDE) or []) + [e for e in entities if e.get("entity") in PERSONAL]
            entities = aside_entities(entities)
            person = who(slots)
            notice = (f"您说的这一条像是您本人的情况。现在问的是{person}的情况，请说{person}的；"
                      "如果要改为查您自己，请说“查我自己”。")
        elif slots.get(ASIDE) and any(e.get("entity") == "subject" and e.get("value") == "self" for e in entities):
            entities = list(slots[ASIDE]) + entities  # 查我自己: what the speaker said of themselves before
            changes[ASIDE] = None
        born = (message.get("metadata") or {}).get(BIRTH_KEY)
        if isinstance(born, str):  # an ID's birth date, sent by the channel that removed the number
            entities.append({"entity": "birth_date", "value": born})
        changes.update(updates(
            {**slots, **changes, **asked},
            intent,
            entities,
            coverage_year=coverage_year,
            today=today(),
            faq_topic=faq_topic(message),
        ))  # fmt: skip
        family = household.read({**slots, **changes}, message, entities, message.get("text") or "", coverage_year,
                                today(), before=slots)  # fmt: skip
        if family:  # a family: each member's facts live in the household slot, not in one person's slots
            changes = {k: v for k, v in changes.items() if k not in PERSON_SLOTS + ("subject", "subject_key")}
            changes.update(family)
        if "region" in changes:
            changes["region_name"] = region_name(changes["region"])
        text = message.get("text") or ""
        if len(text) > LONG_MESSAGE and not text.startswith("/"):
            notice = LONG_NOTICE
        elif notice is None and (slots.get("requested_slot") == "region" or not slots.get("region")) and not (
                changes.get("region") or changes.get("region_unsupported") or slots.get("region_unsupported")) and any(
                e.get("entity") == "place_wide" for e in entities):  # 在哪个地区参保？— 宁波: which part is asked again
            notice = wide_place_text(next(e["value"] for e in entities if e.get("entity") == "place_wide"))
        elif notice is None and not (changes.get("region") or slots.get("region")) and any(
                e.get("entity") == "region_open" for e in entities):  # 我在余姚上班，现在住上海: which one is asked
            notice = TWO_PLACES
        elif notice is None and _doubted(entities, slots):
            notice = DOUBTED  # 好像有 / 应该是低保吧: not taken as said; the question comes again
        elif not changes and notice is None and slots.get("requested_slot") and _restated(entities, slots):
            notice = RESTATED  # 本地户口, said again while asked about 职工医保: known, not "没有理解"
        elif notice is None and _other_fact(changes, slots):
            notice = NOTED  # 孩子他爸交职工医保五六年了, while asked about the groups: kept, and the question again
        if notice or slots.get(NOTICE):  # said by the next question or answer (common.with_notice); a stale one goes
            changes[NOTICE] = notice
        return [SlotSet(name, value) for name, value in changes.items()]
