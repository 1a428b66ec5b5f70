"""OpenFisca-style cases: tests/cases/<region>.yaml, each with facts, the clause it checks, and expectations."""

import glob
import os

import pytest
import yaml

from policies import quote
from policies.rulebook import default_rulebook

from .conftest import TODAY

CASE_DIR = os.path.join(os.path.dirname(__file__), "cases")


def _load_cases():
    cases = []
    for path in sorted(glob.glob(os.path.join(CASE_DIR, "*.yaml"))):
        for case in yaml.safe_load(open(path, encoding="utf-8")):
            cases.append(pytest.param(case, id=f"{os.path.basename(path)[:-5]}: {case['name']}"))
    return cases


CASES = _load_cases()


def _get(answer, path):
    value = answer
    for part in path.split("."):
        if value is None:
            return None
        value = value[part]
    return value


def _plain(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


@pytest.mark.parametrize("case", CASES)
def test_case(case):
    assert case.get("cite"), "every case cites the clause it checks"
    facts = {k: _plain(v) for k, v in case["facts"].items()}
    answer = quote(facts, today=TODAY)
    problems = []
    for path, expected in case["expect"].items():
        if path == "missing_includes":
            absent = [m for m in expected if m not in answer.get("missing", [])]
            if absent:
                problems.append(f"missing lacks {absent}: {answer.get('missing')}")
            continue
        if path == "missing_excludes":
            present = [m for m in expected if m in answer.get("missing", [])]
            if present:
                problems.append(f"missing should not list {present}: {answer.get('missing')}")
            continue
        if path == "note_includes":  # a sentence the ruling demands, in some note's text
            texts = [n["text"] for n in answer.get("notes", [])]
            absent = [part for part in expected if not any(part in t for t in texts)]
            if absent:
                problems.append(f"no note says {absent}")
            continue
        actual = _get(answer, path)
        if actual != _plain(expected):
            problems.append(f"{path}: expected {expected!r}, got {actual!r}")
    assert not problems, "\n".join(problems) + f"\nnotes: {answer.get('notes')}"


def test_enough_cases_per_region():
    per_region = {}
    for param in CASES:
        region = default_rulebook().find_region(param.values[0]["facts"]["region"]).code
        per_region[region] = per_region.get(region, 0) + 1
    assert len(per_region) >= 4
    assert all(n >= 10 for n in per_region.values()), per_region
