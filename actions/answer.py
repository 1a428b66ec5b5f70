"""action_answer and action_answer_faq: the engine's answer, as the resident sees it."""

from __future__ import annotations

from rasa_sdk import Action
from rasa_sdk.events import SlotSet

from policies import faq, quote, render, render_faq, render_household
from policies import household as household_answer
from policies.facts import FIELDS

from . import household, ledger_link
from .answer_text import answer_text, card_fields
from .common import faq_topic, today, unsupported_text, with_notice
from .slots import contract_facts


def _bad_fields(errors: list[dict]) -> list[str]:
    """The facts an ``invalid`` answer complains about (each error names its ``field``)."""
    named = {e["field"] for e in errors}
    return [name for name in FIELDS if name in named]


class ActionAnswer(Action):
    def name(self) -> str:
        return "action_answer"

    @with_notice
    async def run(self, dispatcher, tracker, domain):
        slots = tracker.current_slot_values()
        if slots.get("region") is None:
            dispatcher.utter_message(text=unsupported_text(slots.get("region_unsupported")))
            return [SlotSet("region_unsupported", None)]
        day = today()
        if household.active(slots):
            return self._household(dispatcher, tracker, slots, day)
        facts = contract_facts(slots, day)
        answer = quote(facts, today=day)
        if answer["status"] == "invalid":
            bad = _bad_fields(answer["errors"])
            dispatcher.utter_message(text=render(answer) + "\n请重新告诉我这几项情况。")
            return [SlotSet(name, None) for name in bad]
        as_of = facts.get("as_of") or day.isoformat()
        # the ledger keeps the card as it is sent, its code included; the code then ends every length
        code = ledger_link.record(facts, answer, lambda drawn: render(answer, code=drawn, as_of=as_of, today=day),
                                  tracker.get_latest_input_channel(), tracker.events)  # fmt: skip
        card = render(answer, code=code, as_of=as_of, today=day)
        text = answer_text(answer, slots, card)
        custom = {"type": "answer_card", "reference": code, "plain_text": card,
                  "spoken": render(answer, "spoken", code=code, as_of=as_of),
                  "wechat": render(answer, "wechat", code=code, as_of=as_of, today=day),
                  "fields": card_fields(answer, as_of, day)}  # fmt: skip
        dispatcher.utter_message(text=text, custom=custom, buttons=follow_ups(answer))
        return [SlotSet("question", None), SlotSet("pay_date", None)]  # a named date is for that answer only


    @staticmethod
    def _household(dispatcher, tracker, slots, day):
        """A family: one card for everyone, one reference code for the household."""
        request = household.request(slots, day)
        answer = household_answer(request, today=day)
        if answer["status"] == "invalid":
            dispatcher.utter_message(text=render_household(answer) + "\n请重新告诉我这几项情况。")
            return []
        as_of = request["as_of"]
        code = ledger_link.record(request, answer,
                                  lambda drawn: render_household(answer, code=drawn, as_of=as_of, today=day),
                                  tracker.get_latest_input_channel(), tracker.events)  # fmt: skip
        card = render_household(answer, code=code, as_of=as_of, today=day)
        custom = {"type": "household_card", "reference": code, "plain_text": card,
                  "spoken": render_household(answer, "spoken", code=code, as_of=as_of),
                  "wechat": render_household(answer, "wechat", code=code, as_of=as_of, today=day)}  # fmt: skip
        dispatcher.utter_message(text=card, custom=custom, buttons=[{"title": "转人工（带编号）", "payload": "/human_handoff"}])
        return [SlotSet("question", None), SlotSet("pay_date", None)]


def follow_ups(answer: dict) -> list[dict]:
    """What a resident most often asks next, as quick replies (payloads the rules already answer)."""
    if answer.get("status") != "eligible":
        return [{"title": "转人工（带编号）", "payload": "/human_handoff"}]
    buttons = [{"title": "怎么缴", "payload": "/ask_channels"}]
    if answer.get("fee_options") and answer.get("standard_fee") is None:
        buttons.append({"title": "一档二档有什么区别", "payload": "/ask_compare"})
    buttons.append({"title": "再查一位家人", "payload": household.ANOTHER_PAYLOAD})
    return buttons + [{"title": "转人工（带编号）", "payload": "/human_handoff"}]


class ActionAnswerFaq(Action):
    def name(self) -> str:
        return "action_answer_faq"

    @with_notice
    async def run(self, dispatcher, tracker, domain):
        slots = tracker.current_slot_values()
        topic = faq_topic(tracker.latest_message or {}) or slots.get("faq_topic")
        if slots.get("region") is None:
            if slots.get("region_unsupported"):
                dispatcher.utter_message(text=unsupported_text(slots["region_unsupported"]))
                return [SlotSet("region_unsupported", None), SlotSet("faq_topic", None)]
            dispatcher.utter_message(text="这个问题各地规定不同，请先告诉我在哪个地区参保。")
            return [SlotSet("faq_topic", topic)]
        if topic is None:
            dispatcher.utter_message(response="utter_default")
            return []
        dispatcher.utter_message(text=render_faq(faq(topic, slots["region"], today=today())))
        return [SlotSet("faq_topic", None)]
