"""action_handoff: 转人工 — the hotline numbers and a one-line summary of the facts gathered, so the
agent need not ask again. Ends any form in progress."""

from __future__ import annotations

from rasa_sdk import Action
from rasa_sdk.events import ActiveLoop

from policies.vocabulary import HOTLINE_ENROLLMENT, HOTLINE_PAYMENT, HOTLINES

from .common import region_name
from .summary import summary


class ActionHandoff(Action):
    def name(self) -> str:
        return "action_handoff"

    async def run(self, dispatcher, tracker, domain):
        slots = tracker.current_slot_values()
        known = summary(slots, region_name(slots.get("region")))
        code = last_reference(tracker.events)
        text = f"好的，为您转人工：{HOTLINES}。"
        if code:
            text += f"\n请告诉人工客服您的咨询编号：{code}，客服可直接看到刚才的答复。"
        text += f"\n请把这段情况告诉人工客服，免得重复询问：{known}。" if known else "\n目前还没有记录参保人的情况。"
        custom = {"type": "handoff", "reference": code,
                  "phones": [{"label": "参保咨询", "number": HOTLINE_ENROLLMENT},
                             {"label": "缴费咨询", "number": HOTLINE_PAYMENT}]}  # fmt: skip
        dispatcher.utter_message(text=text, custom=custom)
        return [ActiveLoop(None)]


def last_reference(events) -> str | None:
    """The 咨询编号 of the latest answer card in this conversation (None before any answer)."""
    for event in reversed(list(events or [])):
        if event.get("event") == "restart":
            return None
        custom = (event.get("data") or {}).get("custom") if event.get("event") == "bot" else None
        if isinstance(custom, dict) and custom.get("type") in ("answer_card", "household_card") and custom.get("reference"):
            return custom["reference"]
    return None
