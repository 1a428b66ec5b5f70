"""General answers (policies.faq): what each region's own text says on a topic, cited, never borrowed."""

import datetime as dt
import os
import re
import shutil

import pytest

from policies import faq, quote, render_faq
from policies.rulebook import DATA_DIR, load
from policies.vocabulary import FAQ_TOPICS
from policies.yamlstrict import DataError

from .conftest import ROOT, TODAY

IN_WINDOW = {"hangzhou": dt.date(2024, 11, 20), "yuyao": dt.date(2022, 11, 1), "shanghai": dt.date(2024, 11, 20),
             "yangling": dt.date(2024, 10, 1)}  # a day inside each region's held 集中参保期  # fmt: skip
HELD_YEAR = {"hangzhou": 2025, "yuyao": 2023, "shanghai": 2025, "yangling": 2025}
DOCS = {"hangzhou": {"杭医保〔2024〕28号", "浙医保联发〔2024〕19号"}, "yuyao": {"余政办发〔2022〕76号", "浙医保联发〔2024〕19号"},
        "shanghai": {"上海市2025年度城乡居民医保参保登记通知"}, "yangling": {"杨管医保发〔2024〕28号"}}  # fmt: skip

# What each region's held text (with 浙江's mechanism where it applies) says nothing on, for the held year.
NOT_COVERED = {  # no held text speaks of 异地就医; 长护险 only 杭州's (in the fee) and 余姚's (划转 from the fee)
    "hangzhou": {"refund", "benefits", "remote"},
    "yuyao": {"family_pay", "benefits", "makeup", "incentives", "hotline", "remote"},  # 2023: before 浙江's mechanism
    "shanghai": {"tier_change", "refund", "duplicate", "newborn", "ltc", "remote"},
    "yangling": {"family_pay", "tier_change", "benefits", "hotline", "ltc", "remote"},
}
ANSWER_KEYS = {"status", "topic", "region", "coverage_year", "data_year", "stale", "lines", "citations", "notes"}


def _text(answer) -> str:
    return "\n".join(answer["lines"])


def _clauses(answer, document=None) -> set:
    return {c["clause"] for c in answer["citations"] if document is None or c["document"] == document}


# ---- every region × topic -----------------------------------------------------------------


@pytest.mark.parametrize("region", sorted(HELD_YEAR))
@pytest.mark.parametrize("topic", list(FAQ_TOPICS))
def test_every_topic_is_answered_from_the_regions_own_text_or_not_covered(region, topic):
    answer = faq(topic, region, IN_WINDOW[region])
    assert set(answer) == ANSWER_KEYS
    assert answer["topic"] == {"code": topic, "name": FAQ_TOPICS[topic]}
    assert answer["region"]["code"] == region
    assert answer["coverage_year"] == answer["data_year"] == HELD_YEAR[region] and answer["stale"] is False
    expected = "not_covered" if topic in NOT_COVERED[region] else "answered"
    assert answer["status"] == expected, _text(answer)
    assert answer["lines"] and all(line.strip() for line in answer["lines"])
    if expected == "answered":
        assert answer["citations"], "every answered sentence rests on a clause"
        assert {c["document"] for c in answer["citations"]} <= DOCS[region], "never another region's rule"
        assert all(c["clause"].strip() for c in answer["citations"])
    else:
        (line,) = answer["lines"]
        assert answer["citations"] == []
        assert "未提及" in line and "12393" in line and "12366" in line
        assert any(doc in line for doc in DOCS[region])


@pytest.mark.parametrize("region", sorted(HELD_YEAR))
@pytest.mark.parametrize("topic", list(FAQ_TOPICS))
def test_every_card_is_short_plain_text(region, topic):
    for day in (IN_WINDOW[region], TODAY):
        answer = faq(topic, region, day)
        text = render_faq(answer)
        lines = text.splitlines()
        assert len(lines) <= 20
        assert lines[0] == f"【{answer['region']['name']} {answer['coverage_year']}年度 {FAQ_TOPICS[topic]}】"
        assert not re.search(r"\*\*|^#|\||`|<[a-z]", text, re.M), text
        assert "12393" in text
        if answer["status"] == "answered":
            assert any(line.startswith("依据：") for line in lines)


def test_stale_years_answer_every_topic_with_the_newest_figures_and_say_so():
    for region in HELD_YEAR:
        for topic in FAQ_TOPICS:
            answer = faq(topic, region, TODAY)  # 2026-11-22: the 2027 window is open everywhere (R2)
            assert answer["coverage_year"] == 2027 and answer["stale"] is True
            assert answer["data_year"] == HELD_YEAR[region]
            assert answer["status"] in ("answered", "not_covered")
            assert any(f"以下金额按{HELD_YEAR[region]}年度标准" in n["text"] and n["kind"] == "stale"
                       for n in answer["notes"])
            assert "注意：2027年度标准还没有收录" in render_faq(answer)


# ---- what residents read, region by region ---------------------------------------------------


def test_yangling_refund_says_what_the_notice_says():
    answer = faq("refund", "杨凌", IN_WINDOW["yangling"])
    text = _text(answer)
    assert "进入待遇享受期后，个人缴费不再退回" in text
    assert "待遇享受期前死亡的，可按规定终止参保关系，并在3个月内办理个人退费" in text
    assert "向原缴费地税务部门提出" in text and "原缴费地医保部门终审通过" in text
    assert "重复缴费、参加职工医保或在其他统筹区参加居民医保的" in text
    assert {"五、(四)", "三、(一)"} <= _clauses(answer, "杨管医保发〔2024〕28号")


def test_yangling_duplicate_enrollment_priority():
    text = _text(faq("duplicate", "yangling", IN_WINDOW["yangling"]))
    assert "同一时间段内有多条及以上参保缴费状态正常的参保信息" in text
    assert "优先享受职工医保、大学生身份医保待遇、常住地医保待遇" in text


def test_shanghai_benefits_give_the_ratios_of_the_table():
    answer = faq("benefits", "上海", IN_WINDOW["shanghai"])
    text = _text(answer)
    assert "门诊起付线：19—59岁500元" in text
    assert "村卫生室80%（不计入起付线），一级医院70%，二级医院60%，三级医院50%" in text
    assert "大学生门诊：校内医务部门80%" in text
    assert "一级医院50元，二级医院100元，三级医院300元" in text
    assert "70岁以上一级医院90%、二级医院80%、三级医院70%" in text
    assert "60—69岁一级医院80%、二级医院75%、三级医院60%" in text
    assert "大病保险待遇及最高支付限额按相关文件规定执行" in text
    assert "政策问答1 待遇表" in _clauses(answer)


@pytest.mark.parametrize("region", ["hangzhou", "yuyao", "yangling"])
def test_benefit_ratios_are_never_borrowed_from_shanghai(region):
    answer = faq("benefits", region, IN_WINDOW[region])
    assert answer["status"] == "not_covered" and "%" not in _text(answer)


def test_hangzhou_tiers_give_730_and_630():
    answer = faq("tiers", "杭州", IN_WINDOW["hangzhou"])
    assert "城乡居民医保：一档每年730元、二档每年630元，由参保人选择。" in answer["lines"]
    assert "大学生医保：个人每年缴费120元。" in answer["lines"] and "少儿医保：个人每年缴费330元。" in answer["lines"]
    assert {"附件 三、(一)3(1)", "附件 三、(一)3(2)"} <= _clauses(answer)


def test_hangzhou_refund_is_not_covered_and_refers_to_the_hotlines():
    answer = faq("refund", "hangzhou", IN_WINDOW["hangzhou"])
    assert answer["status"] == "not_covered"
    assert answer["lines"] == ["杭医保〔2024〕28号、浙医保联发〔2024〕19号均未提及退费，本助手不作推断；"
                               "参保问题请拨打12393，缴费问题请拨打12366。"]  # fmt: skip
    assert render_faq(answer).splitlines()[-1].endswith("缴费问题请拨打12366。")


def test_yuyao_refund_covers_the_subsidy_cases_its_text_names():
    text = _text(faq("refund", "余姚", IN_WINDOW["yuyao"]))
    assert "为其办理退费和资助参保手续" in text and "个人已缴纳的保费不退还" in text


def test_family_pay_who_how_and_shanghai_deadlines():
    sh = _text(faq("family_pay", "上海", IN_WINDOW["shanghai"]))
    assert "兄弟姐妹、祖父母、外祖父母、孙子女、外孙子女" in sh
    for deadline in ("12月1日17:00前", "12月20日17:00前", "12月6日17:00前", "12月25日17:00前"):
        assert deadline in sh
    assert "2024年" not in sh  # month-days only, so a stale year never shows last year's dates
    hz = faq("family_pay", "杭州", IN_WINDOW["hangzhou"])
    assert "近亲属" in _text(hz) and "“我帮他人缴”或“共济账户代缴”" in _text(hz)
    assert _clauses(hz) == {"附件 三、(二)2"}


def test_hangzhou_channels_one_per_line_and_students_pay_through_the_university():
    answer = faq("channels", "杭州", IN_WINDOW["hangzhou"])
    assert answer["lines"][0] == "支付宝：搜索“浙江税务社保缴费”自助缴费。"  # most used first (the data's order)
    assert any(line.startswith("所在高校统一代收（大学生医保）：") for line in answer["lines"])
    assert len(answer["lines"]) == 8


def test_many_channels_show_ten_and_say_how_many_more():
    answer = faq("channels", "杨凌", IN_WINDOW["yangling"])
    assert len(answer["lines"]) == 11  # six channels and five ways subsidised groups pay
    assert "低保对象：由民政部门收缴个人缴费和资助资金后统一缴纳。" in answer["lines"]
    lines = render_faq(answer).splitlines()
    assert lines[1:11] == answer["lines"][:10]
    assert lines[11] == "……另有1条未列出。"
    assert lines[-1] == "咨询：参保12393，缴费12366。"


def test_window_and_makeup_in_the_held_year():
    answer = faq("window", "杨凌", IN_WINDOW["yangling"])
    assert answer["lines"][:3] == ["2025年度集中参保期：2024年9月1日至2024年12月20日。",
                                   "待遇年度：2025年1月1日至2025年12月31日。",
                                   "补缴期：2025年1月1日至2025年3月31日，补缴期内缴费设固定待遇等待期3个月。"]  # fmt: skip
    makeup = _text(faq("makeup", "杨凌", IN_WINDOW["yangling"]))
    assert "一般人员未在集中参保期或补缴期参保缴费的，不得享受该参保年度的居民医保待遇。" in makeup
    assert "中断缴费3个月（含）以内的，可按转入地规定补缴，补缴后不设待遇等待期" in makeup


def test_window_of_a_stale_year_is_shifted_and_flagged():
    answer = faq("window", "hangzhou", TODAY)
    assert (answer["coverage_year"], answer["data_year"], answer["stale"]) == (2027, 2025, True)
    assert answer["lines"][0] == "2027年度集中参保期：2026年10月23日至2026年12月25日（按2025年度的月日推定，以当地公告为准）。"
    assert "待遇年度：2027年1月1日至2027年12月31日。" in answer["lines"]
    assert {"kind": "stale",
            "text": "2027年度集中参保期按2025年度的月日推定为2026年10月23日至2026年12月25日，以当地公告为准（裁定R3）。",
            "cite": None} in answer["notes"]
    assert quote({**_ADULT_HZ, "as_of": TODAY.isoformat()})["enrollment_window"] == {"start": "2026-10-23", "end": "2026-12-25"}
    makeup = faq("makeup", "杨凌", TODAY)
    assert makeup["lines"][0].startswith("补缴期：2027年1月1日至2027年3月31日（按2025年度的月日推定")
    assert any(n["text"].startswith("2027年度补缴期按2025年度的月日推定") for n in makeup["notes"])


_ADULT_HZ = {"region": "hangzhou", "age": 40, "hukou": "local", "student": "none", "employee_insured": False, "special": []}


def test_regions_without_a_makeup_period_say_so_and_give_the_repair_rule():
    answer = faq("makeup", "上海", IN_WINDOW["shanghai"])
    assert answer["lines"][0] == ("上海市2025年度城乡居民医保参保登记通知未规定补缴期，"
                                  "2025年度集中参保期为2024年11月11日至2024年12月25日。")  # fmt: skip
    assert "连续断缴4年及以上的，修复后待遇等待期不少于6个月。" in answer["lines"]
    hz = faq("makeup", "杭州", IN_WINDOW["hangzhou"])
    assert "自2025年4月1日起，未在集中参保期参保缴费的（新生儿等特殊群体除外），参保后设固定待遇等待期3个月。" in hz["lines"]
    assert "二、(三)2" in _clauses(hz, "浙医保联发〔2024〕19号")


def test_a_province_wide_mechanism_applies_from_its_first_year_only():
    old = faq("incentives", "余姚", None, coverage_year=2023)
    assert old["status"] == "not_covered" and old["lines"][0].startswith("余政办发〔2022〕76号未提及连续参保激励")
    new = faq("incentives", "余姚", None, coverage_year=2025)
    assert new["status"] == "answered" and new["stale"] and new["data_year"] == 2023
    assert "自2025年起，连续参保满4年后，之后每连续参保1年，大病保险可报费用限额每年提高5000元。" in new["lines"]
    assert _clauses(new, "浙医保联发〔2024〕19号") == {"二、(三)1"}
    assert faq("makeup", "余姚", None, coverage_year=2025)["status"] == "answered"


def test_incentives_keep_each_texts_figures_and_wording():
    yl = _text(faq("incentives", "杨凌", IN_WINDOW["yangling"]))
    assert "每年提高3000元" in yl and "大病保险最高支付限额降低3000元" in yl and "20%" in yl
    sh = faq("incentives", "上海", IN_WINDOW["shanghai"])
    assert "文件未列金额" in _text(sh) and "连续参保年限从参加2025年居民医保起计算" in _text(sh)


def test_newborns():
    yl = faq("newborn", "杨凌", IN_WINDOW["yangling"])
    assert "由监护人在新生儿户籍所在地或居住地医保经办部门办理参保登记" in _text(yl)
    assert yl["lines"][-1] == "自2025年起，新生儿出生90天内参保缴费的，不设待遇等待期。"
    yy = _text(faq("newborn", "余姚", IN_WINDOW["yuyao"]))
    assert "新生儿一件事" in yy and "0—6个月新生儿" in yy and "不设待遇等待期" not in yy  # 2023: no waiting rule yet
    hz = faq("newborn", "杭州", IN_WINDOW["hangzhou"])
    assert "自2025年4月1日起，新生儿参保不设待遇等待期。" in hz["lines"]
    assert {c["document"] for c in hz["citations"]} == {"浙医保联发〔2024〕19号"}


def test_student_fees_come_from_the_scheme_data_with_its_clause():
    answer = faq("student", "杭州", IN_WINDOW["hangzhou"])
    assert "大学生医保个人每年缴纳120元，委托所在高校统一代收，参保人员名单由高校统一申报。" in answer["lines"]
    assert "附件 三、(一)2" in _clauses(answer)  # the 120's own clause
    assert "中小学生档（含其他未成年人）个人缴费290元。" in faq("student", "余姚", IN_WINDOW["yuyao"])["lines"]
    assert "应届毕业的参保大学生" in _text(faq("student", "杨凌", IN_WINDOW["yangling"]))


def test_hotlines():
    answer = faq("hotline", "杭州", IN_WINDOW["hangzhou"])
    assert answer["lines"] == ["参保咨询电话：12393。", "缴费咨询电话：12366。"]
    assert "咨询：参保12393" not in render_faq(answer)  # the number is already there
    assert faq("hotline", "杨凌", IN_WINDOW["yangling"])["status"] == "not_covered"


def test_card_layout():
    text = render_faq(faq("refund", "杨凌", IN_WINDOW["yangling"]))
    lines = text.splitlines()
    assert lines[0] == "【杨凌示范区 2025年度 退费】"
    assert lines[1] == "参保人成功缴费、进入待遇享受期后，个人缴费不再退回。"
    assert lines[-2] == "依据：杨管医保发〔2024〕28号。"  # clauses: the agent's detail view
    assert lines[-1] == "咨询：参保12393，缴费12366。"
    stale = render_faq(faq("tiers", "余姚", TODAY)).splitlines()
    assert stale[1] == "注意：2027年度标准还没有收录，本答复按2023年度标准，日期按往年推算，以当地通知为准。"


# ---- coverage year, names, invalid input ------------------------------------------------------


@pytest.mark.parametrize(
    "day, year, stale",
    [(dt.date(2024, 11, 20), 2025, False), (dt.date(2025, 6, 10), 2025, False), (dt.date(2025, 9, 15), 2026, True),
     (dt.date(2025, 10, 23), 2026, True)],
)  # fmt: skip
def test_coverage_year_follows_r2_like_quotes(day, year, stale):
    answer = faq("tiers", "杭州", day)
    assert (answer["coverage_year"], answer["stale"]) == (year, stale)
    assert quote({**_ADULT_HZ, "as_of": day.isoformat()})["coverage_year"] == year


def test_coverage_year_given_needs_no_today_and_a_year_before_the_data_is_not_covered():
    assert faq("tiers", "杭州", None, coverage_year=2025)["stale"] is False
    early = faq("tiers", "杭州", TODAY, coverage_year=2023)
    assert early["status"] == "not_covered" and early["data_year"] is None and early["citations"] == []
    assert "最早收录2025年度" in early["lines"][0] and "12393" in early["lines"][0]


def test_topics_and_regions_by_chinese_name():
    assert faq("退费", "杨陵", IN_WINDOW["yangling"]) == faq("refund", "yangling", IN_WINDOW["yangling"])
    assert faq("家庭共济", "沪", IN_WINDOW["shanghai"])["topic"]["code"] == "family_pay"
    assert faq(" Refund ", "杨凌", dt.datetime(2024, 10, 1, 9, 30))["status"] == "answered"


def test_unknown_topic_is_invalid_and_lists_the_topics():
    answer = faq("refunds", "杭州", TODAY)
    assert answer["status"] == "invalid" and answer["topic"] is None and answer["lines"] == []
    ((field, code, error),) = [tuple(e.values()) for e in answer["errors"]]
    assert (field, code) == ("topic", "unknown_topic")
    assert error.startswith("topic（问题类别）“refunds”不在可答范围内；可选：channels 缴费渠道、")
    assert "refund 退费" in error and "hotline 咨询电话" in error
    assert render_faq(answer) == "输入有误：\n- " + error


def test_unknown_region_is_invalid_with_the_same_words_as_quotes():
    answer = faq("refund", "北京", TODAY)
    assert answer["status"] == "invalid" and answer["region"] is None
    assert answer["errors"] == quote({"region": "北京"}, today=TODAY)["errors"]
    assert "杭州市区、上海市、杨凌示范区、余姚市" in answer["errors"][0]["message"] and "12393" in answer["errors"][0]["message"]


@pytest.mark.parametrize(
    "args, kwargs, field",
    [(("refund", None, TODAY), {}, "region（地区）"), (("refund", "杭州", None), {}, "today（当天日期）"),
     (("refund", "杭州", "2025-01-01"), {}, "today（当天日期）"),
     (("refund", "杭州", TODAY), {"coverage_year": "2025"}, "coverage_year（待遇年度）"),
     (("refund", "杭州", TODAY), {"coverage_year": 1999}, "coverage_year（待遇年度）")],
)  # fmt: skip
def test_other_bad_input_names_the_field(args, kwargs, field):
    answer = faq(*args, **kwargs)
    assert answer["status"] == "invalid" and len(answer["errors"]) == 1 and field in answer["errors"][0]["message"]
    assert answer["errors"][0]["field"] == field.split("（")[0]


def test_faq_topics_vocabulary():
    assert FAQ_TOPICS == {
        "channels": "缴费渠道", "window": "参保缴费时间", "family_pay": "家庭共济（亲属代缴）", "tiers": "缴费档次",
        "documents": "首次参保材料", "tier_change": "变更缴费档次", "refund": "退费", "duplicate": "重复参保",
        "benefits": "待遇标准（报销比例）", "newborn": "新生儿参保", "student": "学生参保", "makeup": "补缴期",
        "incentives": "连续参保激励", "hotline": "咨询电话", "ltc": "长期护理保险", "remote": "异地就医",
    }  # fmt: skip


# ---- the data: faithful figures, strict loading ------------------------------------------------

SEEDS = os.path.join(os.path.dirname(ROOT), "shared", "seeds")
SEED_OF = {"杭医保〔2024〕28号": "000_6ffccd3d44a6fc44.txt", "余政办发〔2022〕76号": "001_075bf2de5d090ba7.txt",
           "上海市2025年度城乡居民医保参保登记通知": "002_1645fb6760057efb.txt",
           "杨管医保发〔2024〕28号": "003_40a5b6a20a8ae2da.txt",
           "浙医保联发〔2024〕19号": "004_ee9a10404ba27112.txt"}  # fmt: skip


@pytest.mark.skipif(not os.path.isdir(SEEDS), reason="the official texts are kept beside the project (../shared/seeds)")
def test_every_figure_in_an_faq_sentence_is_in_its_source_text():
    book = load()
    held = [(y.document, y.faq) for r in book.regions.values() for y in r.years.values()]
    held += [(m.document, m.faq) for m in {m.code: m for r in book.regions.values() for m in r.mechanisms}.values()]
    for document, items in held:
        with open(os.path.join(SEEDS, SEED_OF[document]), encoding="utf-8") as handle:
            source = re.sub(r"\s+", "", handle.read())
        for item in items:
            for figure in re.findall(r"\d{2,}%?|\d%", re.sub(r"\{fee:\w+\}", "", item["text"])):
                assert figure in source, f"{document}: {figure} in “{item['text']}” is not in the text"


@pytest.fixture
def data_copy(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line_of(path, needle):
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(needle)


REFUND = "  - topic: refund\n    text: 参保人成功缴费、进入待遇享受期后，个人缴费不再退回。\n    cite: 五、(四)\n"


@pytest.mark.parametrize(
    "new, line_of, message",
    [(REFUND.replace("topic: refund", "topic: refunds"), "topic: refunds", "(faq.3.topic) unknown value 'refunds'"),
     (REFUND.replace("    cite: 五、(四)\n", ""), "- topic: refund", "(faq.3) missing required key 'cite'"),
     (REFUND.replace("cite: 五、(四)", "cite: ''"), "cite: ''", "(faq.3.cite) every figure needs its citation"),
     (REFUND.replace("不再退回。", "不再退回。" + "个人缴费不再退回。" * 12), "不再退回。个人", "at most 120 characters"),
     (REFUND.replace("个人缴费不再退回", "个人缴费{fee:nosuch}不再退回"), "{fee:nosuch}",
      "unknown placeholder '{fee:nosuch}' (allowed: {fee:resident})")],
)  # fmt: skip
def test_loader_refuses_a_bad_faq_item_naming_file_and_line(data_copy, new, line_of, message):
    path = data_copy / "yangling" / "2025.yaml"
    _edit(path, REFUND, new)
    with pytest.raises(DataError) as err:
        load(str(data_copy))
    assert f"2025.yaml:{_line_of(path, line_of)}:" in str(err.value) and message in str(err.value)


def test_a_mechanism_has_no_schemes_to_fill_in(data_copy):
    path = data_copy / "zhejiang" / "mechanism.yaml"
    _edit(path, "text: 鼓励中小学生、高校学生在就读地参加居民医保。", "text: 学生缴费{fee:student}。")
    with pytest.raises(DataError, match=r"mechanism.yaml:\d+: \(faq.2.text\) unknown placeholder '\{fee:student\}'"):
        load(str(data_copy))


def test_a_new_faq_sentence_is_only_data(data_copy):
    _edit(data_copy / "shanghai" / "2025.yaml", "faq:\n", "faq:\n  - {topic: refund, text: 测试退费句。, cite: 测试条款}\n")
    answer = faq("refund", "上海", IN_WINDOW["shanghai"], rulebook=load(str(data_copy)))
    assert answer["status"] == "answered" and answer["lines"] == ["测试退费句。"]
    assert answer["citations"] == [{"document": "上海市2025年度城乡居民医保参保登记通知", "clause": "测试条款"}]
