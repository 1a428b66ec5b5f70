"""Checking an answer against the quote contract: the shipped JSON Schema plus what a schema cannot say."""

import json
import os
from functools import lru_cache

import jsonschema

SCHEMA_PATH = os.path.join(os.path.dirname(os.path.dirname(__file__)), "policies", "answer.schema.json")


@lru_cache(maxsize=1)
def validator():
    with open(SCHEMA_PATH, encoding="utf-8") as handle:
        schema = json.load(handle)
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def figures(answer):
    """The figures an answer states (amounts and non-zero waiting months)."""
    out = []
    for key in ("standard_fee", "personal_fee", "government_contribution"):
        if answer.get(key) is not None:
            out.append(key)
    if answer.get("fee_options"):
        out.append("fee_options")
    wp = answer.get("waiting_period") or {}
    if wp.get("months"):
        out.append("waiting_period")
    if wp.get("repair"):
        out.append("repair")
    return out


def check_answer(answer, schema=True):
    """Raise AssertionError unless ``answer`` keeps the contract."""
    if schema:
        errors = sorted(validator().iter_errors(answer), key=str)
        assert not errors, errors[0].message
    assert answer["status"] in ("eligible", "not_eligible", "needs_info", "invalid")
    if answer["status"] == "invalid":
        assert answer["errors"] and all(e["message"] and e["code"] for e in answer["errors"])
        return
    if figures(answer):
        assert answer["citations"], f"figures {figures(answer)} without citations"
    if answer["status"] == "needs_info":
        if "special" in answer["missing"]:
            assert answer["personal_fee"] is None, "a fee a subsidy could still change is not stated"
        if not answer["missing"]:
            assert any(n["kind"] == "referral" and "12393" in n["text"] for n in answer["notes"]), \
                "an undecided answer refers to 12393"
    if answer["status"] == "not_eligible":
        assert any(n["kind"] == "resident" for n in answer["notes"]), "not_eligible says why"
        assert any(n["kind"] == "referral" for n in answer["notes"]), "not_eligible refers to 12393"
    if answer["status"] == "eligible":
        assert not answer["missing"]
        assert answer["scheme"] is not None
        assert answer["standard_fee"] is not None or answer["fee_options"]
    for note in answer["notes"]:
        if note["kind"] == "resident":
            assert "裁定" not in note["text"], f"a ruling label in a resident note: {note['text']}"
    if answer["stale"]:
        assert answer["data_year"] < answer["coverage_year"]
        assert any(n["kind"] == "stale" and str(answer["data_year"]) in n["text"] and "标准" in n["text"]
                   for n in answer["notes"])
