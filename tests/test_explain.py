"""The why-trace (quote(..., trace=True), --trace, why_lines), the comparison (compare, the compare
command) and the dialog's 为什么 / 补缴和不补缴有什么区别 (actions/explain.py, topic cues)."""

import datetime as dt
import json
import subprocess
import sys

import pytest

from policies import compare, quote, render_compare, why_lines

from .conftest import ROOT
from .contract import check_answer

HZ_GAP = {"region": "hangzhou", "as_of": "2027-06-10", "age": 40, "hukou": "local", "student": "none",
          "employee_insured": False, "special": [], "gap_years": 2, "tier": "一档"}  # fmt: skip
YL_DIBAO = {"region": "yangling", "as_of": "2024-10-10", "age": 40, "hukou": "local", "student": "none",
            "employee_insured": False, "special": ["dibao"]}  # fmt: skip


def test_no_trace_unless_asked():
    assert "trace" not in quote(HZ_GAP)


def test_trace_names_the_condition_the_facts_and_the_clause_that_decided_the_scheme():
    answer = quote(HZ_GAP, trace=True)
    check_answer(answer)
    decided = [e for e in answer["trace"]["scheme"] if e["result"] == "成立"]
    assert decided == [{"condition": "城乡居民医保：本地户籍、年龄18周岁及以上、未参加职工医保",
                        "facts": {"户籍": "本地", "年龄": 40, "是否参加职工医保": "否"}, "result": "成立",
                        "cite": {"document": "杭医保〔2024〕28号", "clause": "附件 一、(三)"}}]  # fmt: skip
    refused = answer["trace"]["scheme"][0]
    assert refused["condition"].startswith("大学生医保") and refused["result"] == "不成立"


def test_trace_of_fee_subsidy_and_waiting():
    answer = quote(YL_DIBAO, trace=True)
    check_answer(answer)
    (held,) = [e for e in answer["trace"]["subsidy"] if e["result"] == "成立"]
    assert held["condition"] == "低保对象：个人缴费80元" and held["cite"]["clause"] == "二、(二)"
    assert answer["trace"]["personal_fee"][-1]["condition"] == "个人缴费80元（标准400元，低保对象资助）"
    wait = quote(HZ_GAP, trace=True)["trace"]["waiting_period"]
    assert wait[-1]["condition"] == "断保2年、补缴0年：等待期5个月"
    assert wait[-1]["facts"] == {"断保年数": 2, "补缴年数": 0}


def test_undecided_scheme_is_traced_as_undecided():
    answer = quote({"region": "hangzhou", "as_of": "2024-11-20", "age": 30, "hukou": "local"}, trace=True)
    check_answer(answer)
    assert {e["result"] for e in answer["trace"]["scheme"]} == {"待定"}


def test_why_lines_short_form_says_what_decided_each_part():
    lines = why_lines(quote(YL_DIBAO, trace=True), short=True)
    assert lines[0] == ("适用方案：城乡居民医保：本地户籍、年龄18周岁及以上、未参加职工医保；"
                        "所据情况：户籍本地，年龄40，是否参加职工医保否"
                        "（杨管医保发〔2024〕28号 一、(一)；五、(一)2）。")
    held = "困难群体资助：低保对象：个人缴费80元；所据情况：困难群体身份低保对象（杨管医保发〔2024〕28号 二、(二)）。"
    assert held in lines
    assert why_lines(quote(YL_DIBAO)) == []  # no trace, nothing said


def test_cli_quote_trace():
    done = subprocess.run([sys.executable, "-m", "policies", "quote", "--trace"], input=json.dumps(YL_DIBAO).encode(),
                          capture_output=True, cwd=ROOT, timeout=60)  # fmt: skip
    answer = json.loads(done.stdout)
    assert done.returncode == 0 and set(answer["trace"]) == {"scheme", "personal_fee", "subsidy", "waiting_period"}


def test_compare_repair_side_by_side():
    result = compare(HZ_GAP, [{"label": "不补缴"}, {"label": "补缴2年", "repair_years": 2}])
    assert result["status"] == "compared" and [v["label"] for v in result["variants"]] == ["不补缴", "补缴2年"]
    for variant in result["variants"]:
        check_answer(variant["answer"])
    diffs = {d["field"]: d["values"] for d in result["differences"]}
    assert diffs["waiting_period.months"] == {"不补缴": 5, "补缴2年": 3}
    assert diffs["benefit_start"] == {"不补缴": "2027-12-01", "补缴2年": "2027-10-01"}
    assert "personal_fee" not in diffs
    assert "待遇等待期（月）：不补缴：5；补缴2年：3" in render_compare(result)


def test_compare_tiers_and_a_named_payment_date():
    facts = {k: v for k, v in HZ_GAP.items() if k != "tier"}
    tiers = compare(facts, [{"label": "一档", "tier": "一档"}, {"label": "二档", "tier": "二档"}])
    assert {d["field"]: d["values"] for d in tiers["differences"]}["personal_fee"] == {"一档": 730, "二档": 630}
    dates = compare({**HZ_GAP, "as_of": "2026-11-20"}, [{"label": "今天"}, {"label": "明年1月10号", "as_of": "2027-01-10"}])
    diffs = {d["field"]: d["values"] for d in dates["differences"]}
    assert diffs["waiting_period.months"] == {"今天": 0, "明年1月10号": 5}


@pytest.mark.parametrize("variants", [[{"label": "只有一个"}], [{"tier": "一档"}, {"label": "二档"}],
                                      [{"label": "同名"}, {"label": "同名"}], "不是列表"])  # fmt: skip
def test_compare_refuses_a_malformed_request_in_chinese(variants):
    result = compare(HZ_GAP, variants)
    assert result["status"] == "invalid" and result["errors"][0]["field"] == "variants"
    assert render_compare(result) == "输入有误：\n- " + result["errors"][0]["message"]


def test_cli_compare_one_line_per_line():
    lines = [json.dumps({"facts": HZ_GAP, "variants": [{"label": "不补缴"}, {"label": "补缴", "repair_years": 2}]}),
             "not json", json.dumps({"facts": HZ_GAP})]  # fmt: skip
    done = subprocess.run([sys.executable, "-m", "policies", "compare"], input="\n".join(lines).encode(),
                          capture_output=True, cwd=ROOT, timeout=60)  # fmt: skip
    out = [json.loads(line) for line in done.stdout.decode().splitlines()]
    assert [o["status"] for o in out] == ["compared", "invalid", "invalid"]
    assert out[1]["errors"][0]["code"] == "bad_json"


def test_dialog_explain_and_compare_texts():
    from actions.explain import NOTHING_YET, compare_text, explain_text

    day = dt.date(2027, 6, 10)
    text = explain_text(HZ_GAP, day)
    assert text.startswith("判定依据：\n· 适用方案：城乡居民医保：本地户籍、年龄18周岁及以上、未参加职工医保")
    assert text.endswith("缴费问题请拨打12366。")
    assert explain_text({"region": "hangzhou", "age": "四十"}, day) == NOTHING_YET
    compared = compare_text(HZ_GAP, day)
    assert "待遇等待期（月）：不补缴：5；补缴2年：3" in compared and "共1460元" in compared
    assert "断保了几年" in compare_text({k: v for k, v in HZ_GAP.items() if k != "gap_years"}, day)


@pytest.mark.parametrize("text, intent", [("为什么", "ask_why"), ("为啥呀？", "ask_why"), ("那怎么算的", "ask_why"),
                                          ("补缴和不补缴有什么区别", "ask_compare"), ("补不补缴差多少", "ask_compare"),
                                          ("我要补缴", None), ("为什么要交这么多钱啊我家很穷", None)])  # fmt: skip
def test_follow_up_cues(text, intent):
    from bot.components.topic_cues import cued_follow_up

    assert cued_follow_up(text, {"name": "faq"}) == intent
    assert cued_follow_up(text, {"name": "human_handoff"}) is None


def test_a_follow_up_guessed_without_its_words_is_set_aside():
    from rasa.shared.nlu.training_data.message import Message

    from bot.components.topic_cues import TopicCues

    ranking = [{"name": "ask_why", "confidence": 0.7}, {"name": "help", "confidence": 0.2}]
    message = Message(data={"text": "这个助手能查些啥东西", "intent": ranking[0], "intent_ranking": ranking})
    TopicCues().process([message])
    assert message.get("intent") == {"name": "help", "confidence": 0.2}
    assert [r["name"] for r in message.get("intent_ranking")] == ["help"]
    said = Message(data={"text": "为啥", "intent": {"name": "help", "confidence": 0.9}, "intent_ranking": []})
    TopicCues().process([said])
    assert said.get("intent")["name"] == "ask_why"
