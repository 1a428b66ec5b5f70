"""The facts the dialog holds come from one list, the engine's (``policies.facts.FIELDS``): the slot
logic, the domain's slots and the questions all agree with it."""

import os

import yaml

from actions.slots import DIALOG_SLOTS, ENGINE_ONLY, FACT_SLOTS
from policies.facts import FIELDS, LABELS
from policies.vocabulary import CONDITION_FACTS

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _yaml(path):
    with open(os.path.join(ROOT, path), encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def test_every_fact_the_rules_can_ask_has_a_slot():
    # The engine's `missing` names the facts its conditions read: each must be a slot the form can fill.
    assert set(CONDITION_FACTS.values()) <= set(FACT_SLOTS)
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
