"""Property-based: any facts object — wrong types, unknown regions, huge numbers, odd Unicode — gets a
contract-valid answer and never an exception, through the engine and through the JSON-lines reader."""

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policies import quote, render
from policies.cli import answer_line
from policies.facts import FIELDS

from .contract import check_answer

TODAY = dt.date(2026, 11, 22)

odd_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30
) | st.sampled_from(["", " ", "杭州", "沪", "杨陵", "hangzhou", "北京", "\u200b杭州", "ＨＡＮＧＺＨＯＵ", "一档", "local"])
scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=True, allow_infinity=True)
    | odd_text
    | st.sampled_from(["2025-06-10", "2025-02-30", "2025-6-1", "0000-01-01", "9999-12-31", "2024-02-29"])
)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(odd_text, inner, max_size=3),
                      max_leaves=8)  # fmt: skip
plausible = {
    "region": st.sampled_from(["hangzhou", "yuyao", "shanghai", "yangling", "杭州市区", "沪", "宁波余姚", "Mars"]),
    "as_of": st.dates(dt.date(2000, 1, 1), dt.date(2100, 12, 31)).map(dt.date.isoformat),
    "coverage_year": st.integers(1990, 2110),
    "age": st.integers(-5, 200),
    "birth_date": st.dates(dt.date(1900, 1, 1), dt.date(2100, 1, 1)).map(dt.date.isoformat),
    "hukou": st.sampled_from(["local", "nonlocal", "外地"]),
    "student": st.sampled_from(["none", "preschool", "primary_secondary", "university", "phd"]),
    "special": st.lists(st.sampled_from(["tekun", "dibao", "dibao_edge", "youfu", "land_expropriated",
                                         "family_planning", "orphan", "nobody"]), max_size=3),
    "tier": st.sampled_from(["一档", "二档", "三档"]),
    "gap_years": st.integers(-1, 120),
    "repair_years": st.integers(-1, 120),
    "continuous_years": st.integers(0, 50),
    "newborn_days": st.integers(-1, 400),
    "transfer": st.sampled_from(["employee_within_3m", "military_within_3m", "nope"]),
    "parent_employee_years": st.floats(-1, 200, allow_nan=False),
}  # fmt: skip
for flag in ("residence_permit", "school_local", "employee_insured", "parent_employee_insured"):
    plausible[flag] = st.booleans()

anything = st.dictionaries(st.sampled_from(FIELDS) | odd_text, values, max_size=8)
near_valid = st.fixed_dictionaries(
    {"region": plausible["region"]}, optional={k: v for k, v in plausible.items() if k != "region"}
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(facts=anything | values)
def test_any_input_gets_a_contract_answer(facts):
    answer = quote(facts, today=TODAY)
    check_answer(answer)
    assert render(answer)


@settings(max_examples=600, deadline=None)
@given(facts=near_valid)
def test_near_valid_facts_get_a_contract_answer(facts):
    answer = quote(facts, today=TODAY)
    check_answer(answer)
    text = render(answer)
    assert len(text.splitlines()) <= 25


@settings(max_examples=300, deadline=None)
@given(line=st.binary(max_size=200) | st.text(max_size=200).map(lambda s: s.encode("utf-8", "surrogatepass")))
def test_any_line_gets_a_contract_answer(line):
    check_answer(answer_line(line, TODAY))
