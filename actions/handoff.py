"""action_handoff: 转人工 — the hotline numbers and a one-line summary of the facts gathered, so the
agent need not ask again. Ends any form in progress."""

from __future__ import annotations

from rasa_sdk import Action
from rasa_sdk.events import ActiveLoop

from policies.vocabulary import HOTLINES

from .common import region_name
from .summary import summary


class ActionHandoff(Action):
    def name(self) -> str:
        return "action_handoff"

    async def run(self, dispatcher, tracker, domain):
        slots = tracker.current_slot_values()
        known = summary(slots, region_name(slots.get("region")))
        text = f"好的，为您转人工：{HOTLINES}。"
        text += f"\n请把这段情况告诉人工客服，免得重复询问：{known}。" if known else "\n目前还没有记录参保人的情况。"
        dispatcher.utter_message(text=text)
        return [ActiveLoop(None)]
