"""Engine behaviour beyond the YAML cases: validation messages, what is (not) asked, the clock."""

import datetime as dt
import json

import pytest

from policies import quote
from policies.rulebook import default_rulebook

from .contract import check_answer

TODAY = dt.date(2026, 11, 22)
ADULT_HZ = {"region": "hangzhou", "age": 40, "hukou": "local", "student": "none", "employee_insured": False,
            "special": []}  # fmt: skip


@pytest.mark.parametrize(
    "alias, code",
    [("杭州", "hangzhou"), ("杭州市区", "hangzhou"), ("萧山区", "hangzhou"), ("临安", "hangzhou"),
     ("余姚", "yuyao"), ("宁波余姚", "yuyao"), ("上海", "shanghai"), ("沪", "shanghai"),
     ("杨凌", "yangling"), ("杨陵", "yangling"), ("杨凌示范区", "yangling"), (" Hangzhou ", "hangzhou")],
)  # fmt: skip
def test_region_aliases(alias, code):
    assert quote({"region": alias, "age": 5}, today=TODAY)["region"]["code"] == code


def _texts(answer):
    return [n["text"] for n in answer["notes"]]


def test_unsupported_region_lists_the_supported_ones_and_no_figures():
    answer = quote({"region": "北京", "age": 30}, today=TODAY)
    assert answer == {"status": "invalid", "errors": [answer["errors"][0]]}
    (err,) = answer["errors"]
    assert (err["field"], err["code"]) == ("region", "unknown_region")
    assert "北京" in err["message"] and "杭州市区" in err["message"] and "12393" in err["message"]


def test_every_bad_field_gets_its_own_chinese_message():
    answer = quote({"region": "沪", "age": "七十", "hukou": "外地", "special": ["poor"], "as_of": "2025-02-30",
                    "color": "red"}, today=TODAY)  # fmt: skip
    assert answer["status"] == "invalid"
    joined = "\n".join(e["message"] for e in answer["errors"])
    for field in ("age（年龄）", "hukou（户籍）", "special（困难群体身份）", "as_of（办理日期）", "'color'"):
        assert field in joined
    assert [(e["field"], e["code"]) for e in answer["errors"]] == [
        ("age", "bad_type"), ("hukou", "bad_value"), ("special", "bad_value"), ("as_of", "bad_date"),
        ("color", "unknown_field")]  # fmt: skip


def test_region_is_required():
    assert quote({"age": 3}, today=TODAY)["errors"] == [
        {"field": "region", "code": "missing_field", "message": "缺少必填字段 region（地区）。"}]


def test_null_means_unknown():
    answer = quote({**ADULT_HZ, "as_of": "2024-11-01", "special": None}, today=TODAY)
    assert answer["status"] == "needs_info" and answer["missing"] == ["special"]


def test_the_engine_never_reads_the_clock():
    answer = quote({"region": "hangzhou", "age": 3})
    assert answer["status"] == "invalid" and answer["errors"][0]["field"] == "as_of"
    a = quote({"region": "hangzhou", "age": 3}, today=dt.date(2024, 11, 1))
    b = quote({"region": "hangzhou", "age": 3, "as_of": "2024-11-01"}, today=dt.date(2031, 1, 1))
    assert a == b and a["coverage_year"] == 2025


def test_birth_date_and_age_must_agree():
    answer = quote({"region": "hangzhou", "as_of": "2025-11-01", "age": 18, "birth_date": "2008-11-02"})
    assert answer["status"] == "invalid" and "推算的周岁 16 不一致" in answer["errors"][0]["message"]
    assert answer["errors"][0]["code"] == "inconsistent"


def test_hangzhou_window_resident_is_not_asked_gap_years():
    answer = quote({**ADULT_HZ, "as_of": "2024-11-01"})
    assert answer["status"] == "eligible" and "gap_years" not in answer["missing"]
    assert answer["waiting_period"]["months"] == 0


def test_local_child_is_not_asked_permit_or_employee_insurance():
    answer = quote({"region": "yangling", "as_of": "2024-10-01", "age": 9, "hukou": "local"})
    assert answer["missing"] == ["special"]


def test_late_hangzhou_adult_in_2027_is_asked_gap_years_after_special():
    answer = quote({**ADULT_HZ, "as_of": "2027-05-01", "special": None})
    assert answer["missing"] == ["special", "gap_years"]


def test_missing_is_most_important_first():
    answer = quote({"region": "hangzhou", "as_of": "2024-11-01"})
    assert answer["missing"][0] == "age"


def test_one_subsidy_the_most_favourable():
    answer = quote({"region": "yangling", "as_of": "2024-10-01", "age": 50, "hukou": "local", "student": "none",
                    "employee_insured": False, "special": ["family_planning", "dibao", "tekun"]})  # fmt: skip
    assert answer["personal_fee"] == 0 and answer["subsidy"]["group"] == "tekun"
    assert any("不叠加" in n for n in _texts(answer))


def test_yangling_subsidy_with_no_amount_is_null_with_note():
    answer = quote({"region": "yangling", "as_of": "2024-10-01", "age": 50, "hukou": "local", "student": "none",
                    "employee_insured": False, "special": ["land_expropriated"]})  # fmt: skip
    assert answer["status"] == "eligible" and answer["personal_fee"] is None and answer["subsidy"]["amount"] is None
    assert any("未列具体金额" in n for n in _texts(answer))


def test_stale_answer_says_which_year_and_projects_the_window():
    answer = quote({**ADULT_HZ, "tier": "一档"}, today=TODAY)
    assert (answer["coverage_year"], answer["data_year"], answer["stale"]) == (2027, 2025, True)
    assert answer["enrollment_window"] == {"start": "2026-10-23", "end": "2026-12-25"} and answer["in_window"]
    assert any("按2025年度标准" in n for n in _texts(answer))
    assert answer["personal_fee"] == 730


def test_not_eligible_says_why_and_where_to_go():
    answer = quote({"region": "hangzhou", "as_of": "2024-11-01", "age": 35, "hukou": "nonlocal", "student": "none"})
    assert answer["status"] == "not_eligible"
    assert any("户籍地" in n for n in _texts(answer)) and any("12393" in n for n in _texts(answer))


def test_coverage_year_before_any_held_data_gives_no_figures():
    answer = quote({**ADULT_HZ, "as_of": "2023-03-01"})
    assert answer["coverage_year"] == 2023 and answer["status"] == "needs_info" and answer["missing"] == []
    assert answer["standard_fee"] is None and answer["scheme"] is None
    assert any("未收录" in n for n in _texts(answer))
    referrals = [n["text"] for n in answer["notes"] if n["kind"] == "referral"]
    assert referrals == ["如有疑问，参保问题请拨打12393，缴费问题请拨打12366。"]  # once (rulings R11)


def test_shanghai_nonlocal_adult_is_referred_not_decided():
    answer = quote({"region": "上海", "as_of": "2024-11-20", "age": 30, "hukou": "nonlocal", "student": "none"})
    assert answer["status"] == "needs_info" and answer["missing"] == []
    assert any("外国人永久居留证" in n and "12393" in n for n in _texts(answer))


def test_every_answer_of_a_grid_keeps_the_contract():
    book = default_rulebook()
    for region in book.regions:
        for as_of in ("2024-10-01", "2024-12-24", "2025-02-01", "2025-05-01", "2026-11-22", "2028-07-01"):
            for age in (0, 6, 17, 18, 19, 59, 60, 69, 70):
                for hukou in ("local", "nonlocal"):
                    answer = quote({"region": region, "as_of": as_of, "age": age, "hukou": hukou, "student": "none",
                                    "employee_insured": False, "special": [], "gap_years": 4, "repair_years": 2,
                                    "residence_permit": True})  # fmt: skip
                    check_answer(answer, schema=False)


@pytest.mark.parametrize("field, value", [("as_of", "9999-12-31"), ("as_of", "0001-01-01"), ("as_of", "1999-12-31"),
                                          ("birth_date", "0001-01-01"), ("birth_date", "2101-01-01")])  # fmt: skip
def test_a_date_outside_the_years_the_engine_can_count_is_refused_with_its_field(field, value):
    answer = quote({"region": "hangzhou", "as_of": "2024-11-01", "age": 30, **{field: value}})
    assert answer["status"] == "invalid"
    assert [(e["field"], e["code"]) for e in answer["errors"] if e["field"] == field] == [(field, "out_of_range")]


@pytest.mark.parametrize("facts", [{"tier": "\ud800档"}, {"region": "杭\ud800"}, {"region": "\udcff北京"}, {"age": "\ud800"}])
def test_unencodable_characters_are_refused_and_the_answer_can_still_be_sent(facts):
    answer = quote({"region": "杭州", "as_of": "2024-11-01", "age": 30, **facts})
    assert answer["status"] == "invalid"
    json.dumps(answer, ensure_ascii=False).encode("utf-8")  # a lone surrogate here would fail every channel
