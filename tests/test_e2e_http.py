"""End to end: the action server and Rasa started the way `make run` starts them (bot.serve.Servers),
then whole conversations over HTTP against the REST channel (fixture ``assistant`` in conftest.py).
The servers log at debug level into a file, so that the privacy test can prove no personal
identifier reaches a log, the SQLite tracker store or the answer ledger."""

import json
import re
import sqlite3
import urllib.request

import pytest

from tests.conftest import RASA_PORT


def say(sender, text):
    body = json.dumps({"sender": sender, "message": text}).encode()
    request = urllib.request.Request(f"http://127.0.0.1:{RASA_PORT}/webhooks/rest/webhook", body,
                                     {"Content-Type": "application/json"})  # fmt: skip
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


def texts(replies):
    return "\n".join(r.get("text", "") for r in replies)


def test_a_resident_gets_a_cited_answer_in_three_turns(assistant):
    greeting = say("e2e-1", "你好")
    assert "医保参保助手" in texts(greeting) and "杨凌示范区" in texts(greeting)

    first = say("e2e-1", "我在杭州，孩子8岁，本地户口")
    assert "孩子现在在上学吗？" in texts(first)
    assert [b["title"] for b in first[-1]["buttons"]][:2] == ["没有在上学", "学龄前（还没上学）"]

    second = say("e2e-1", "上小学二年级")
    assert "是否属于以下可减免个人缴费的群体" in texts(second)

    replies = say("e2e-1", "都不是")
    answer = texts(replies)
    assert "结论：可以参加杭州市区2025年度城乡居民医保（少儿医保）。" in answer
    assert "交多少：个人330元。" in answer and "依据：杭医保〔2024〕28号等2份文件。" in answer
    card = replies[-1]["custom"]
    assert f"咨询编号：{card['reference']}（转人工时请提供）" in answer
    assert [b["title"] for b in replies[0]["buttons"]] == ["怎么缴", "再查一位家人", "转人工（带编号）"]  # follow-ups
    assert card["fields"]["personal_fee"] == 330

    corrected = texts(say("e2e-1", "不对，是外地户口"))
    assert "孩子的父母有没有一方在杭州市区参加职工医保？" in corrected


def test_unsupported_region_and_handoff(assistant):
    reply = texts(say("e2e-2", "我在北京，交多少钱"))
    assert "“北京”暂不在本助手的服务范围内" in reply and "12393" in reply
    handoff = texts(say("e2e-2", "转人工"))
    assert "12393" in handoff and "12366" in handoff


def test_the_conversation_is_kept_in_the_sqlite_tracker_store(assistant):
    say("e2e-3", "我在上海")
    with sqlite3.connect(assistant["tracker"]) as db:
        rows = db.execute("select count(*) from events where sender_id = 'e2e-3'").fetchone()[0]
    assert rows > 0


ID_NUMBER, MOBILE, BANK_CARD = "11010519491231002X", "13912345678", "6222 0212 3456 7890 123"


def test_personal_numbers_never_reach_the_tracker_store_the_ledger_or_the_logs(assistant):
    first = texts(say("e2e-4", f"我在上海，身份证{ID_NUMBER}，手机{MOBILE}，银行卡{BANK_CARD}，本地户口"))
    for number in (ID_NUMBER, MOBILE, BANK_CARD):
        assert number not in first
    say("e2e-4", "不上学了")
    answer = texts(say("e2e-4", "都不是"))
    assert "70周岁以上" in answer  # the birth date from the ID (1949-12-31) gave the age; the number is gone
    digits = [ID_NUMBER[:-1], MOBILE, BANK_CARD.replace(" ", ""), "6222 0212"]
    with sqlite3.connect(assistant["tracker"]) as db:
        stored = "\n".join(str(row) for row in db.execute("select * from events"))
    with sqlite3.connect(assistant["ledger"]) as db:
        ledger = "\n".join(str(row) for row in db.execute("select * from answers"))
    with open(assistant["log"], encoding="utf-8", errors="replace") as handle:
        log = re.sub(r"\\u([0-9a-f]{4})", lambda m: chr(int(m.group(1), 16)), handle.read())  # Rasa logs JSON escapes
    assert "e2e-4" in stored and ledger and "身份证号已隐去" in log  # the places looked in are really written
    assert '"confidence": 0.［' not in log  # the log filter leaves ordinary numbers alone
    for text, where in ((stored, "tracker store"), (ledger, "ledger"), (log, "server logs")):
        for number in digits:
            assert number not in text, f"{number} reached the {where}"


def test_a_general_question_asked_before_the_region_is_answered_for_that_region(assistant):
    assert "请问您在哪个地区参保？" in texts(say("e2e-5", "家庭共济怎么用"))
    answer = texts(say("e2e-5", "上海"))
    assert answer.startswith("【上海市 2025年度 家庭共济（亲属代缴）】") and "上海市2025年度城乡居民医保参保登记通知" in answer


def test_a_100000_character_message_is_refused_at_once_and_another_resident_is_answered(assistant):
    """Bounded work per message (issue 10): the long one never reaches NLU, the other is answered."""
    from concurrent.futures import ThreadPoolExecutor

    from base.limits import TOO_LONG

    with ThreadPoolExecutor(2) as pool:
        long = pool.submit(say, "e2e-long", "我在杭州" * 25000)
        other = pool.submit(say, "e2e-other", "你好")
        assert long.result() == [{"recipient_id": "e2e-long", "text": TOO_LONG}]
        assert "医保参保助手" in texts(other.result())
    body = json.dumps({"sender": "e2e-long", "message": "杭" * 200000}).encode()  # over the body cap too
    request = urllib.request.Request(f"http://127.0.0.1:{RASA_PORT}/webhooks/rest/webhook", body,
                                     {"Content-Type": "application/json"})  # fmt: skip
    with urllib.request.urlopen(request, timeout=60) as response:
        assert json.loads(response.read())[0]["text"] == TOO_LONG
    assert "医保参保助手" in texts(say("e2e-long", "你好"))  # the conversation goes on


@pytest.mark.parametrize("body, says", [(b"", "不是有效的JSON"), (b"null", "不是JSON对象"), (b"[1, 2]", "不是JSON对象"),
                                        (b'"hi"', "不是JSON对象"), (b'{"message": "\\u4f60\\u597d"}', "缺少 sender"),
                                        (b'{"sender": "", "message": "x"}', "缺少 sender"),
                                        (b'{"sender": "e2e-bad", "message": 42}', "message（消息文字）应为字符串")])  # fmt: skip
def test_a_body_that_is_not_the_channels_shape_gets_a_chinese_400_not_a_shared_conversation(assistant, body, says):
    import urllib.error

    request = urllib.request.Request(f"http://127.0.0.1:{RASA_PORT}/webhooks/rest/webhook", body,
                                     {"Content-Type": "application/json"})  # fmt: skip
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30)
    assert refused.value.code == 400
    message = json.loads(refused.value.read())["error"]
    assert says in message and "Traceback" not in message
