"""The facts the dialog holds come from one list, the engine's (``policies.facts.FIELDS``): the slot
logic, the domain's slots and the questions all agree with it."""

import os

import yaml

from actions.slots import DIALOG_SLOTS, ENGINE_ONLY, FACT_SLOTS
from policies.facts import FIELDS, LABELS

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _yaml(path):
    with open(os.path.join(ROOT, path), encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def test_the_dialogs_facts_are_the_contracts_facts_the_resident_can_tell():
    assert FACT_SLOTS == tuple(f for f in FIELDS if f not in ENGINE_ONLY)
    assert set(ENGINE_ONLY) <= set(FIELDS) and all(f in LABELS for f in FACT_SLOTS)


def test_the_domain_has_a_slot_for_every_fact_filled_by_the_one_reading_action():
    slots = _yaml("bot/domain/slots.yml")["slots"]
    for name in FACT_SLOTS + DIALOG_SLOTS:
        assert name in slots, f"bot/domain/slots.yml lacks the slot {name}"
        mappings = slots[name]["mappings"]
        assert mappings == [{"type": "custom", "action": "action_read_facts"}], name
        assert slots[name]["influence_conversation"] is False, name


def test_every_question_asks_for_a_fact_of_the_list():
    assert set(_yaml("actions/questions.yml")) <= set(FACT_SLOTS)
