"""action_read_facts: after every user message, the facts it states go into the slots.

Runs as the custom slot mapping of every fact slot (bot/domain/slots.yml), so Rasa's
action_extract_slots calls it once per message, inside a form or not.
"""

from __future__ import annotations

from rasa_sdk import Action
from rasa_sdk.events import SlotSet

from .common import coverage_year, faq_topic, region_name, today
from .slots import updates


class ActionReadFacts(Action):
    def name(self) -> str:
        return "action_read_facts"

    async def run(self, dispatcher, tracker, domain):
        message = tracker.latest_message or {}
        intent = (message.get("intent") or {}).get("name")
        changes = updates(
            tracker.current_slot_values(),
            intent,
            message.get("entities") or [],
            message.get("text") or "",
            coverage_year=coverage_year,
            today=today(),
            faq_topic=faq_topic(message),
        )
        if "region" in changes:
            changes["region_name"] = region_name(changes["region"])
        return [SlotSet(name, value) for name, value in changes.items()]
