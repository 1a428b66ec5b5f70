"""The questions the quote form asks (``actions/questions.yml``), read once: no Rasa here, so the
pure slot logic (``actions/slots.py``) reads the same file for what 是/不是 answers to a yes/no question
(``if_yes``/``if_no``). A button title typed instead of tapped is read by the extractor like any reply
(tests/test_slots.py checks every title)."""

from __future__ import annotations

import os
from functools import lru_cache

import yaml

QUESTIONS = os.path.join(os.path.dirname(__file__), "questions.yml")


@lru_cache(maxsize=1)
def questions() -> dict:
    with open(QUESTIONS, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def subsidised_groups(region_code: str) -> list[str]:
    """The hardship groups with a personal-fee subsidy in the region's newest year, in data order."""
    from policies.rulebook import default_rulebook

    region = default_rulebook().regions[region_code]
    groups: dict[str, None] = {}
    for item in region.newest.data.get("subsidies", []):
        for group in item["groups"]:
            groups[group] = None
    return list(groups)


def yes_no(slot: str, yes: bool) -> dict:
    """What 是 (``yes``) or 不是 answers to the question for ``slot``; ``{}`` when it answers nothing."""
    item = questions().get(slot) or {}
    return dict(item.get("if_yes" if yes else "if_no") or {})


def thresholds(region_code: str, fact: str) -> list:
    """The boundaries the region's rules draw on a numeric fact (``{min: 3}`` → 3), smallest first."""
    found: set = set()

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == fact and isinstance(value, dict):
                    found.update(v for k, v in value.items() if k in ("min", "max") and isinstance(v, (int, float)))
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(_rulebook().regions[region_code].newest.data)
    return sorted(found)


def threshold_buttons(fact: str, bounds: list) -> list:
    """One button per range the boundaries make, each sending a value inside its range (年 = years)."""
    if not bounds:
        return []
    buttons = [[f"不满{_num(bounds[0])}年", {fact: bounds[0] / 2}]]
    buttons += [[f"满{_num(low)}年不满{_num(high)}年", {fact: low}] for low, high in zip(bounds, bounds[1:], strict=False)]
    return buttons + [[f"满{_num(bounds[-1])}年及以上", {fact: bounds[-1]}]]


def _num(value) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _rulebook():
    from policies.rulebook import default_rulebook

    return default_rulebook()
