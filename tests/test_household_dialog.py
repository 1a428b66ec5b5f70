"""The whole family in one conversation (issue 13, part 2), played through the actions as Rasa runs them
each turn (action_read_facts, then the form's next question or the answer): a family told in one
message, told one by one, corrected; each question names whom it asks about; the household card and
one reference code; the ledger keeps every member under it. The running assistant is tried in
tests/test_e2e_household.py."""

import asyncio
import json

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import ledger_link
from actions.answer import ActionAnswer
from actions.forms import facts_still_needed
from actions.questions import ActionAskHouseholdNext
from actions.read_facts import ActionReadFacts
from bot.components.zh_facts import extract_entities
from tests.test_actions import FORM_SLOTS, fixed_day_and_ledger  # noqa: F401 - the day and ledger of every test here

ASKABLE = FORM_SLOTS + ["household_next"]


class Conversation:
    """The slots of one conversation, and each turn's reply as a resident sees it."""

    def __init__(self):
        self.slots: dict = {}
        self.requested = None
        self.last: list[dict] = []

    def _run(self, action, text="", intent="inform"):
        entities = extract_entities(text) if text else []
        if text.startswith("/"):  # a button's payload, parsed as Rasa parses it: /intent{"entity": value}
            intent, _, values = text[1:].partition("{")
            entities = [{"entity": k, "value": v} for k, v in json.loads("{" + values).items()] if values else []
        message = {"text": text, "intent": {"name": intent, "confidence": 1.0}, "entities": entities}
        tracker = Tracker("family", {**self.slots, "requested_slot": self.requested}, message, [], False, None,
                          {"name": "quote_form"}, "action_listen")  # fmt: skip
        dispatcher = CollectingDispatcher()
        for event in asyncio.run(action.run(dispatcher, tracker, {"forms": {}, "slots": {}})):
            if event.get("event") == "slot":
                self.slots[event["name"]] = event["value"]
        return dispatcher.messages

    def say(self, text, intent="inform") -> str:
        self._run(ActionReadFacts(), text, intent)
        needed = facts_still_needed(self.slots, ASKABLE)
        self.requested = needed[0] if needed else None
        if self.requested == "household_next":
            self.last = self._run(ActionAskHouseholdNext())
        elif self.requested:
            self.last = [{"text": f"(asks {self.requested})"}]
        else:
            self.last = self._run(ActionAnswer())
        return "\n".join(m.get("text") or "" for m in self.last)


def test_a_family_of_four_told_in_one_message():
    c = Conversation()
    asked = c.say("我们家四口：我42、老婆40、孩子9岁读小学、我妈70，都是杭州户口")
    # one question for everyone it concerns, naming them
    assert asked.startswith("您、您爱人、您母亲中，有没有人现在参加职工医保")
    assert [b["title"] for b in c.last[0]["buttons"]] == ["都没有"]
    asked = c.say("我老婆有职工医保")
    assert asked.startswith("您、您母亲中，有没有人现在参加职工医保")
    asked = c.say("都没有", intent="deny")
    assert asked.startswith("您、孩子、您母亲中，有没有人属于以下可减免个人缴费的群体")
    card = c.say("都不是", intent="deny")
    lines = card.splitlines()
    assert lines[:6] == [
        "【杭州市区2025年度城乡居民医保·全家4人】",
        "我：城乡居民医保，一档730元、二档630元，任选一档，2025年1月1日起可用。",
        "老婆：不能参加居民医保（见各人明细）。",
        "孩子：少儿医保，个人330元，2025年1月1日起可用。",
        "我妈：城乡居民医保，一档730元、二档630元，任选一档，2025年1月1日起可用。",
        "合计：选一档共1790元，选二档共1590元。",
    ]
    assert len(lines) <= 15
    custom = c.last[0]["custom"]
    assert custom["type"] == "household_card" and lines[-1].startswith(f"咨询编号：{custom['reference']}")
    assert len(custom["spoken"]) <= 120 and len(custom["wechat"]) <= 300
    stored = ledger_link.ledger().find(custom["reference"])  # one code for the household, every member under it
    assert [m["label"] for m in stored["facts"]["members"]] == ["我", "老婆", "孩子", "我妈"]
    assert stored["answer"]["totals_by_choice"] == {"一档": 1790, "二档": 1590}
    assert stored["card_text"] == card


def test_each_member_answers_for_themselves_and_a_correction_re_answers():
    c = Conversation()
    asked = c.say("我妈70了，我爸72，都是杨凌户口，都没有职工医保")
    assert asked.startswith("您母亲、您父亲中，有没有人属于以下可减免个人缴费的群体")
    card = c.say("我妈是低保，我爸不是")
    assert "我妈：城乡居民医保，个人80元（低保对象），2025年1月1日起可用。" in card
    assert "我爸：城乡居民医保，个人400元，2025年1月1日起可用。" in card and "合计：全家个人缴费480元。" in card
    corrected = c.say("不对，我爸也是低保", intent="correction")
    assert "我爸：城乡居民医保，个人80元（低保对象）" in corrected and "合计：全家个人缴费160元。" in corrected


def test_a_family_told_one_by_one_and_a_member_added():
    c = Conversation()
    assert c.say("我在上海，今年45岁，本地户口") == "(asks employee_insured)"  # one person: as before
    asked = c.say("还有我老婆，43")  # the earlier person becomes the first member, 43 is her age
    assert asked.startswith("您、您爱人中，有没有人现在参加职工医保")
    asked = c.say("都没有", intent="deny")
    turns = 0
    while "全家" not in asked and turns < 4:  # the rest, each question naming its member
        turns += 1
        assert asked.startswith(("您是否", "您爱人", "您、您爱人")), asked
        if "户口" in asked:
            asked = c.say("也是上海户口")
        elif "困难" in asked or "群体" in asked:
            asked = c.say("都不是", intent="deny")
        else:
            raise AssertionError(asked)
    assert "我：19—59周岁，个人995元" in asked and "我老婆：19—59周岁，个人995元" in asked
    assert "合计：全家个人缴费1990元。" in asked
    assert "一起缴：个人账户家庭共济缴费" in asked
    added = c.say("再加一个我爸，75了，上海户口，没有职工医保")
    assert "您父亲是否属于以下可减免个人缴费的群体" in added


def test_a_child_corrected_to_a_nonlocal_hukou_is_asked_about_its_parents():
    c = Conversation()
    c.say("我42、孩子9岁读小学，都是杭州户口")
    c.say("没有", intent="deny")
    card = c.say("都不是", intent="deny")
    assert "孩子：少儿医保，个人330元" in card
    asked = c.say("孩子那个不对，是外地户口", intent="correction")
    assert asked == "孩子的父母有没有一方在杭州市区参加职工医保？"


def test_one_person_never_becomes_a_family():
    c = Conversation()
    assert c.say("替我婆婆问下，她六十多了本地户口，我自己有职工医保她没有，杭州的") == "(asks special)"
    assert "household" not in c.slots or not c.slots["household"]
    card = c.say("都不是", intent="deny")
    assert card.startswith("按您提供的情况（杭州市区；为父母咨询；约61岁；本地户口；无职工医保")


def test_another_family_member_after_one_persons_answer():
    from actions.household import ANOTHER_PAYLOAD

    c = Conversation()
    c.say("我在杨凌，40岁，本地户口，没有职工医保")
    answer = c.say("都不是", intent="deny")
    assert answer.startswith("按您提供的情况（杨凌示范区；40岁")
    assert "再查一位家人" in [b["title"] for b in c.last[0]["buttons"]]
    asked = c.say(ANOTHER_PAYLOAD)
    assert asked.startswith("这位家人今年多大（周岁）？")
    asked = c.say("我妈，70了，本地户口，没有职工医保")
    assert "您母亲是否属于以下可减免个人缴费的群体" in asked
    card = c.say("是低保")
    assert card.startswith("【杨凌示范区2025年度城乡居民医保·全家2人】")
    assert "我：城乡居民医保，个人400元" in card and "我妈：城乡居民医保，个人80元（低保对象）" in card
