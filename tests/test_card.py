"""The answer card in three lengths (issue 12): the full card (≤12 lines, fixed order), the 口播版
(≤120 characters) and the 微信版 (≤300 characters), plain text an agent can paste into WeChat."""

import itertools
import re

import pytest

from policies import quote, render
from policies.card import MAX_CHARS, MAX_LINES, basis_line, chinese_date, render_detail

ADULT = {"region": "杭州", "as_of": "2025-06-10", "age": 40, "hukou": "local", "student": "none",
         "employee_insured": False, "special": [], "tier": "二档"}  # fmt: skip
CODE = "K7QF-M3XW"
ORDER = ("结论：", "交多少：", ("截止：", "集中参保期：", "缴费时间：", "现在是补缴期", "您说的缴费日期在补缴期内"), "怎么缴：",
         "何时能用：", "补缴修复：", ("注意：", "说明："), "依据：", "咨询编号：")  # fmt: skip
# what only the agent's detail view may show
INTERNAL = re.compile(r"裁定|R\d+|按\d{4}年度的月日推定|适用：城乡居民医保|\d{4}-\d{2}-\d{2}|附件 |条款：")


def _card(length="full", code=None, **facts):
    return render(quote(facts), length, code=code, as_of=facts.get("as_of"))


def test_a_payment_date_the_resident_named_is_said_as_that_date_not_now():
    """R12: the answer for 要是下个月再交 speaks of that date; "现已不在期内" would tell a resident who is still
    in time today that the window is closed."""
    facts = {**ADULT, "as_of": "2025-01-10"}  # a date the resident named, after the 2025 window closed
    named = render(quote(facts), code=CODE, as_of="2025-01-10", today="2024-12-07")
    plain = render(quote(facts), code=CODE, as_of="2025-01-10")
    assert "集中参保期：2024年10月23日至12月25日，到您说的缴费日期时已过。" in named.splitlines()
    assert "现已不在期内" not in named and "现已不在期内" in plain


def _section(line: str) -> int:
    for i, heads in enumerate(ORDER):
        if line.startswith(heads if isinstance(heads, tuple) else (heads,)):
            return i
    raise AssertionError(f"a line of no known section: {line}")


def test_full_card_for_a_late_hangzhou_adult_in_order():
    text = _card(code=CODE, **ADULT)
    assert text.splitlines() == [
        "结论：可以参加杭州市区2025年度城乡居民医保。",
        "交多少：个人630元。",
        "集中参保期：2024年10月23日至12月25日，现已不在期内。",
        "怎么缴：支付宝：搜索“浙江税务社保缴费”自助缴费；微信：搜索“浙江税务社保缴费”小程序自助缴费。另有5种方式，问“怎么缴”可看全部。",
        "何时能用：2025年10月1日起（等待期3个月）。",
        "注意：一档、二档由参保人根据本人情况选择；变更缴费档次向税务部门申请，可通过支付宝、微信、浙里办APP、相关银行、办税服务厅办理。",
        "注意：已参加异地基本医疗保险的人员不属于参保对象。",
        "注意：续保人员可直接选择任一缴费方式缴费，无需重新审核。",
        "依据：杭医保〔2024〕28号等2份文件。",
        f"咨询编号：{CODE}（转人工时请提供）；参保咨询12393，缴费咨询12366。",
    ]


def test_in_the_window_the_deadline_says_how_many_days_are_left():
    text = _card(**{**ADULT, "as_of": "2024-11-20"})
    assert "截止：2024年12月25日前缴费（还剩35天）。" in text.splitlines()
    assert "今天截止" in _card(**{**ADULT, "as_of": "2024-12-25"})
    assert "缴费时间：2025年9月1日至12月20日（尚未开始）" in _card(
        **{**ADULT, "region": "杨凌", "as_of": "2025-08-01", "coverage_year": 2026, "gap_years": 0, "tier": None})


def test_tiers_subsidy_and_the_stale_standard_in_one_plain_sentence():
    text = _card(**{**ADULT, "tier": None, "as_of": "2026-11-22", "special": ["dibao"]})
    assert "交多少：个人0元（低保对象，政府全额补贴）。" in text
    assert "注意：2027年度标准还没有收录，本答复按2025年度标准，日期按往年推算，以当地通知为准。" in text
    tiers = _card(**{**ADULT, "tier": None, "as_of": "2024-11-20"})
    assert "交多少：一档730元、二档630元，任选一档。" in tiers


def test_repair_option_and_waiting_on_the_full_card():
    text = _card(region="上海", as_of="2029-06-10", age=45, hukou="local", student="none", employee_insured=False,
                 special=[], gap_years=4)
    assert "（等待期7个月：固定3个月+断保4个月）" in text
    assert "补缴修复：可补缴断保年度最多4年（每年995元），全部补缴后等待期6个月。" in text


def test_subsidised_yangling_card_and_window_with_makeup():
    text = _card(region="杨凌", as_of="2024-10-01", age=30, hukou="local", student="none", employee_insured=False,
                 special=["dibao"])  # fmt: skip
    assert "交多少：个人80元（标准400元，低保对象：医疗救助资金资助260元，两级民政部门各资助30元）。" in text
    assert "截止：2024年12月20日前缴费（还剩80天）；补缴期2025年1月1日至3月31日。" in text
    assert "何时能用：2025年1月1日起（无等待期）。" in text
    # the 低保 person's own channel (the civil-affairs department collects) comes first
    assert text.splitlines()[3].startswith("怎么缴：低保对象资助缴费：由民政部门收缴")


def test_an_undecidable_subsidy_is_not_shown_as_a_figure():
    text = _card(region="杨凌", as_of="2024-10-01", age=40, hukou="local", student="none", employee_insured=False,
                 special=["land_expropriated", "dibao"])  # rulings G8
    assert "交多少：金额未定（标准400元，所报身份的减免金额文件未列明），请咨询12393。" in text


def test_not_eligible_and_needs_info_never_show_figures_as_if_eligible():
    not_eligible = quote({"region": "hangzhou", "as_of": "2024-11-01", "age": 30, "hukou": "nonlocal",
                          "student": "none"})  # fmt: skip
    needs_info = quote({"region": "hangzhou", "as_of": "2024-11-01", "age": 30})
    assert not_eligible["status"] == "not_eligible" and needs_info["status"] == "needs_info"
    for answer in (not_eligible, needs_info):
        for length in ("full", "spoken", "wechat"):
            text = render(answer, length, as_of="2024-11-01")
            assert not re.search(r"\d+元|交多少|还剩\d+天|何时能用|怎么缴|今天在期内", text), (length, text)
    full = render(not_eligible).splitlines()
    assert full[0] == "结论：按您说的情况，不能参加杭州市区2025年度城乡居民医保。"
    assert any(line.startswith("说明：") and "户籍地" in line for line in full)
    assert render(needs_info).splitlines()[0].startswith("结论：还需要了解户籍、在读情况、是否参加职工医保")
    assert render(quote({"region": "北京"})).startswith("输入有误：\n- region（地区）")


def test_a_not_eligible_reason_comes_before_the_student_presumption():
    answer = quote({"region": "余姚", "as_of": "2023-11-20", "age": 40, "hukou": "local", "employee_insured": True})
    spoken = render(answer, "spoken", code=CODE)
    assert spoken.startswith("按您说的情况，不能参加余姚市2024年度城乡居民医保（按2023年度标准）。"
                             "不符合参保条件：已参加职工医疗保险")  # fmt: skip
    assert spoken.endswith(f"咨询编号{CODE}。")


def test_spoken_and_wechat_versions_of_a_child():
    facts = {"region": "hangzhou", "as_of": "2024-11-20", "age": 8, "hukou": "local", "student": "primary_secondary",
             "special": []}  # fmt: skip
    spoken = _card("spoken", CODE, **facts)
    assert spoken == ("您可以参加杭州市区2025年度城乡居民医保（少儿医保），个人交330元，请在12月25日前缴费。"
                      f"可通过支付宝或微信缴纳。2025年1月1日起可以享受待遇，没有等待期。咨询编号{CODE}。")  # fmt: skip
    wechat = _card("wechat", CODE, **facts)
    assert wechat.splitlines()[:6] == [
        "【杭州市区2025年度城乡居民医保】", "适用：少儿医保", "交多少：个人330元", "截止：2024年12月25日前缴费（还剩35天）",
        "怎么缴：支付宝、微信等7种方式", "何时能用：2025年1月1日起（无等待期）"]  # fmt: skip
    assert CODE in wechat.splitlines()[-1]
    assert "社会保障卡" not in render(quote(facts))  # an 8-year-old's card lists no documents of his own


def test_citations_fold_into_one_line_naming_the_documents():
    answer = quote(ADULT)
    assert basis_line(answer) == "依据：杭医保〔2024〕28号等2份文件。"
    detail = render_detail(answer)
    assert "条款：杭医保〔2024〕28号 附件 四、(四)" in detail and "浙医保联发〔2024〕19号" in detail
    assert "首次参保材料：" in detail and "缴费渠道 银行批量代扣：" in detail


def _samples():
    regions = ("杭州", "上海", "杨凌", "余姚")
    days = ("2024-11-20", "2025-02-10", "2025-06-10", "2026-11-22", "2023-10-01")
    people = (
        {"age": 40, "hukou": "local", "employee_insured": False, "special": [], "gap_years": 3},
        {"age": 8, "hukou": "nonlocal", "student": "primary_secondary", "special": ["dibao"],
         "parent_employee_insured": True, "parent_employee_years": 2, "residence_permit": True},
        {"age": 72, "hukou": "local", "employee_insured": False, "special": ["tekun", "youfu"], "gap_years": 9},
        {"age": 20, "hukou": "local", "student": "university", "special": []},
        {"age": 0, "newborn_days": 30, "hukou": "local", "special": []},
        {"age": 50},
        {"age": 45, "hukou": "local", "employee_insured": True},
    )  # fmt: skip
    for region, day, person in itertools.product(regions, days, people):
        yield {"region": region, "as_of": day, **person}


@pytest.mark.parametrize("facts", list(_samples()), ids=lambda f: f"{f['region']}-{f['as_of']}-{f['age']}")
def test_every_length_keeps_its_limit_order_and_plain_chinese(facts):
    answer = quote(facts)
    if answer["status"] == "invalid":
        pytest.skip("invalid facts have no card")
    full = render(answer, code=CODE, as_of=facts["as_of"])
    lines = full.splitlines()
    assert len(lines) <= MAX_LINES, full
    sections = [_section(line) for line in lines]
    assert sections == sorted(sections), full
    assert lines[-1].startswith(f"咨询编号：{CODE}")
    for length in ("spoken", "wechat"):
        text = render(answer, length, code=CODE, as_of=facts["as_of"])
        assert len(text) <= MAX_CHARS[length], (length, len(text), text)
        assert CODE in text
        assert not INTERNAL.search(text), text
    assert not INTERNAL.search(full), full
    assert not re.search(r"\*\*|^#|\||`|<[a-z]", full, re.M), full


def test_chinese_dates():
    assert chinese_date("2027-01-10") == "2027年1月10日"
    assert chinese_date("2024-12-25", since="2024-10-23") == "12月25日"
    with pytest.raises(ValueError):
        render(quote(ADULT), "long")
