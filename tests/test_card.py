"""The answer card: plain Chinese text an agent can paste into WeChat."""

import re

from policies import quote, render

ADULT = {"region": "杭州", "as_of": "2025-06-10", "age": 40, "hukou": "local", "student": "none",
         "employee_insured": False, "special": [], "tier": "二档"}  # fmt: skip


def _card(**facts):
    return render(quote(facts))


def test_card_for_a_late_hangzhou_adult():
    text = _card(**ADULT)
    lines = text.splitlines()
    assert lines[0] == "【杭州市区 2025年度城乡居民医保】 适用：城乡居民医保"
    assert "个人缴费：630元。" in lines
    assert "集中参保期：2024-10-23至2024-12-25。" in lines
    assert "待遇等待期：3个月（固定3个月）。" in lines
    assert "待遇开始：2025-10-01。" in lines
    assert any(line.startswith("怎么缴：银行批量代扣") and "支付宝" in line for line in lines)
    assert any(line.startswith("依据：杭医保〔2024〕28号 ") and "浙医保联发〔2024〕19号" in line for line in lines)
    assert "12393" in text


def test_card_is_short_and_has_no_markup():
    for facts in (ADULT, {**ADULT, "region": "沪", "age": 72, "gap_years": 1, "as_of": "2026-11-22"},
                  {**ADULT, "region": "杨凌", "special": ["dibao"], "as_of": "2024-10-01"}):  # fmt: skip
        text = _card(**facts)
        assert len(text.splitlines()) <= 25
        assert not re.search(r"\*\*|^#|\||`|<[a-z]", text, re.M), text


def test_card_shows_tiers_subsidy_and_stale_warning():
    text = _card(**{**ADULT, "tier": None, "as_of": "2026-11-22", "special": ["dibao"]})
    assert "注意：2027年度标准尚未收录，以下按2025年度标准，新标准以当地通知为准。" in text
    assert "个人缴费：一档730元、二档630元，由本人选择；低保对象个人不缴费（政府全额补贴）。" in text


def test_card_shows_repair_option():
    text = _card(region="上海", as_of="2029-06-10", age=45, hukou="local", student="none", employee_insured=False,
                 special=[], gap_years=4)
    assert "待遇等待期：7个月（固定3个月+断保变动4个月）。" in text
    assert "补缴修复：还可补缴断保年度最多4年，每年995元，全部补缴后等待期为6个月。" in text


def test_card_for_needs_info_and_not_eligible_and_invalid():
    assert "还需要了解：户籍、在读情况" in _card(region="hangzhou", as_of="2024-11-01", age=30)
    text = _card(region="hangzhou", as_of="2024-11-01", age=30, hukou="nonlocal", student="none")
    assert "结论：不能按此情况参加该年度居民医保。" in text and "户籍地" in text
    assert render(quote({"region": "北京"})).startswith("输入有误：\n- region（地区）")


def test_card_marks_which_period_today_is_in():
    text = _card(region="杨凌", as_of="2024-10-01", age=30, hukou="local", student="none", employee_insured=False,
                 special=["dibao"])  # fmt: skip
    assert "集中参保期：2024-09-01至2024-12-20（今天在期内）；补缴期：2025-01-01至2025-03-31。" in text
    assert "个人缴费：80元（标准400元，低保对象：医疗救助资金资助260元，两级民政部门各资助30元）。" in text
    assert "待遇等待期：无。" in text and "待遇开始：2025-01-01。" in text


def test_an_undecidable_subsidy_is_not_shown_as_a_possible_one():
    text = _card(region="杨凌", as_of="2024-10-01", age=40, hukou="local", student="none", employee_insured=False,
                 special=["land_expropriated", "dibao"])  # rulings G8
    assert "个人缴费：金额未定（标准400元，所报身份的减免金额文件未列明），请咨询12393。" in text
    assert "困难群体可能减免" not in text
    asked = _card(region="杨凌", as_of="2024-10-01", age=40, hukou="local", student="none", employee_insured=False)
    assert "个人缴费：标准400元，困难群体可能减免。" in asked  # special still to be asked
