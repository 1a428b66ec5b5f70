"""A household's answer (policies.household): the cases in tests/cases/household/, each member's answer
equal to that person's own quote (a property over random households), the contract's shape, the
command line, and the household card in its three lengths."""

import glob
import json
import os
import subprocess
import sys

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from policies import household, quote, render_household
from policies.card import MAX_CHARS, MAX_HOUSEHOLD_LINES
from tests.contract import validator

from .conftest import TODAY

ROOT = os.path.dirname(os.path.dirname(__file__))
CASE_FILES = sorted(glob.glob(os.path.join(os.path.dirname(__file__), "cases", "household", "*.yaml")))
CASES = [pytest.param(c, id=c["name"]) for path in CASE_FILES for c in yaml.safe_load(open(path, encoding="utf-8"))]
CODE = "K7QF-M3XW"


def _member(h, label):
    return next(m["answer"] for m in h["members"] if m["label"] == label)


def _get(value, path):
    for part in path.split("."):
        value = None if value is None else value[part]
    return value


@pytest.mark.parametrize("case", CASES)
def test_household_case(case):
    assert case.get("cite"), "every case cites what it checks"
    h = household(case["household"], today=TODAY)
    assert not list(validator().iter_errors(h)), list(validator().iter_errors(h))[0].message
    problems = []
    for path, expected in case["expect"].items():
        if path == "family_payment":
            actual = [w["name"] for w in h["family_payment"]]
        elif path == "family_payment_deadlines":
            actual = sum(len(w["deadlines"]) for w in h["family_payment"])
        elif path == "pending_labels":
            actual = [p["label"] for p in h["pending"]]
        elif path.startswith("pending_missing."):
            actual = next(p["missing"] for p in h["pending"] if p["label"] == path.split(".", 1)[1])
        elif path.startswith("members."):
            _, label, rest = path.split(".", 2)
            actual = _get(_member(h, label), rest)
        else:
            actual = h[path]
        if actual != expected:
            problems.append(f"{path}: expected {expected!r}, got {actual!r}")
    assert not problems, "\n".join(problems)


def test_every_region_has_household_cases():
    regions = {household(c.values[0]["household"], today=TODAY)["region"]["code"] for c in CASES}
    assert regions == {"hangzhou", "shanghai", "yangling", "yuyao"}


PEOPLE = st.fixed_dictionaries({}, optional={
    "age": st.integers(0, 100), "hukou": st.sampled_from(["local", "nonlocal"]),
    "student": st.sampled_from(["none", "preschool", "primary_secondary", "university"]),
    "employee_insured": st.booleans(), "residence_permit": st.booleans(),
    "special": st.lists(st.sampled_from(["dibao", "tekun", "youfu", "disabled_severe", "land_expropriated"]),
                        max_size=2, unique=True),
    "gap_years": st.integers(0, 6), "tier": st.sampled_from(["一档", "二档"]),
})  # fmt: skip


@settings(max_examples=120, deadline=None)
@given(region=st.sampled_from(["杭州", "上海", "杨凌", "余姚"]),
       day=st.sampled_from(["2022-11-20", "2024-11-20", "2025-02-10", "2025-06-10", "2026-11-22"]),
       people=st.lists(PEOPLE, min_size=1, max_size=5))  # fmt: skip
def test_each_member_is_answered_exactly_as_alone_and_the_total_adds_up(region, day, people):
    members = [{"label": f"成员{i + 1}", **p} for i, p in enumerate(people)]
    h = household({"region": region, "as_of": day, "members": members}, today=TODAY)
    assert h["status"] != "invalid", h
    for m, given_facts in zip(h["members"], members, strict=True):
        alone = quote({"region": region, "as_of": day, **{k: v for k, v in given_facts.items() if k != "label"}},
                      today=TODAY)  # fmt: skip
        assert m["answer"] == alone
    fees = [m["answer"]["personal_fee"] for m in h["members"] if m["answer"]["status"] == "eligible"]
    assert h["total"] == sum(f for f in fees if f is not None)
    for choice, amount in h["totals_by_choice"].items():
        assert amount >= h["total"] and choice in ("一档", "二档")
    counted = {m["label"] for m in h["members"]
               if m["answer"]["status"] == "eligible" and m["answer"]["personal_fee"] is not None}  # fmt: skip
    assert not counted & {p["label"] for p in h["pending"]}
    assert not list(validator().iter_errors(h))
    for length in ("spoken", "wechat"):
        assert len(render_household(h, length, code=CODE, as_of=day)) <= MAX_CHARS[length]
    assert len(render_household(h, code=CODE, as_of=day).splitlines()) <= MAX_HOUSEHOLD_LINES


def test_bad_households_name_the_member_and_the_field():
    h = household({"region": "杭州", "members": [{"label": "孩子", "age": 200}, {"label": "孩子"}]}, today=TODAY)
    assert h["status"] == "invalid"
    assert {e["field"] for e in h["errors"]} == {"members.1.label"}  # the shape first: a label given twice
    h = household({"region": "杭州", "members": [{"label": "孩子", "age": 200}, {"label": "我妈", "age": 70}]}, today=TODAY)
    assert [(e["field"], e["code"]) for e in h["errors"]] == [("members.0.age", "out_of_range")]
    assert h["errors"][0]["message"].startswith("【孩子】age（年龄）")
    assert household({"region": "杭州", "members": []})["errors"][0]["field"] == "members"
    assert household([1, 2])["errors"][0]["code"] == "not_object"
    other = household({"region": "杭州", "members": [{"label": "我", "region": "上海", "age": 40}]}, today=TODAY)
    assert other["errors"][0]["code"] == "inconsistent" and other["errors"][0]["field"] == "members.0.region"
    for bad in (household({"members": [{"label": "x"}]}), other):
        assert not list(validator().iter_errors(bad))


def test_the_command_line_answers_a_household_per_line():
    line = {"region": "上海", "as_of": "2024-11-20", "members": [
        {"label": "我", "age": 45, "hukou": "local", "employee_insured": False, "special": [], "gap_years": 0},
        {"label": "孩子", "age": 9, "hukou": "local", "student": "primary_secondary", "special": []}]}  # fmt: skip
    done = subprocess.run([sys.executable, "-m", "policies", "household"], input=(json.dumps(line) + "\n{bad\n").encode(),
                          capture_output=True, cwd=ROOT, timeout=60)  # fmt: skip
    first, second = (json.loads(x) for x in done.stdout.decode().splitlines())
    assert first["total"] == 1350 and [m["label"] for m in first["members"]] == ["我", "孩子"]
    assert second["status"] == "invalid" and second["errors"][0]["code"] == "bad_json"


def test_the_household_card_in_three_lengths():
    h = household(CASES[0].values[0]["household"], today=TODAY)
    full = render_household(h, code=CODE, as_of="2024-11-20").splitlines()
    assert full[:6] == [
        "【杭州市区2025年度城乡居民医保·全家4人】",
        "我：城乡居民医保，一档730元、二档630元，任选一档，2025年1月1日起可用。",
        "老婆：不能参加居民医保（见各人明细）。",
        "孩子：少儿医保，个人330元，2025年1月1日起可用。",
        "我妈：城乡居民医保，个人0元（低保对象，政府全额补贴），2025年1月1日起可用。",
        "合计：选一档共1060元，选二档共960元。",
    ]
    assert "截止：2024年12月25日前缴费（还剩35天）。" in full
    assert full[-3].startswith("怎么办：") or any(line.startswith("一起缴：历年账户家庭共济代缴") for line in full)
    assert full[-1].startswith(f"咨询编号：{CODE}") and len(full) <= MAX_HOUSEHOLD_LINES
    spoken = render_household(h, "spoken", code=CODE, as_of="2024-11-20")
    assert spoken.startswith("全家4人：我一档730元、二档630元，任选一档，老婆不能参加，孩子330元")
    assert spoken.endswith(f"咨询编号{CODE}。") and len(spoken) <= 120
    wechat = render_household(h, "wechat", code=CODE, as_of="2024-11-20")
    assert wechat.splitlines()[0] == "【杭州市区2025年度城乡居民医保·全家4人】" and len(wechat) <= 300
    assert "合计：选一档共1060元，选二档共960元" in wechat and CODE in wechat
