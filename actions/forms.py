"""The forms ask only what can change this resident's answer: the policy engine's ``missing``."""

from __future__ import annotations

from rasa_sdk.forms import FormValidationAction

from policies import quote

from . import household
from .common import today
from .slots import contract_facts


def facts_still_needed(slots: dict, askable) -> list[str]:
    """The slots to ask for, most decisive first: the region, then what the engine says is missing
    (for a family: ``household_next`` while any member still misses a fact)."""
    if slots.get("region") is None:
        return [] if slots.get("region_unsupported") else ["region"]
    day = today()
    if household.active(slots):
        return [household.NEXT] if household.next_question(slots, day) else []
    answer = quote(contract_facts(slots, day), today=day)
    if answer["status"] != "needs_info":
        return []
    return [fact for fact in answer["missing"] if fact in askable]


class ValidateQuoteForm(FormValidationAction):
    def name(self) -> str:
        return "validate_quote_form"

    async def required_slots(self, domain_slots, dispatcher, tracker, domain):
        return facts_still_needed(tracker.current_slot_values(), domain_slots)


class ValidateRegionForm(FormValidationAction):
    def name(self) -> str:
        return "validate_region_form"

    async def required_slots(self, domain_slots, dispatcher, tracker, domain):
        slots = tracker.current_slot_values()
        return [] if slots.get("region") or slots.get("region_unsupported") else ["region"]
