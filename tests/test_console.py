"""The agent console's HTTP side (channels.console): login, quote, meta, code lookup, redaction, the page.

The blueprint runs on its own Sanic server on a free loopback port (channels.console_server.ConsoleServer);
the ledger is a real ``ledger.store.Ledger`` on a temporary SQLite file.
"""

from __future__ import annotations

import datetime as dt
import json
import urllib.error
import urllib.request

import pytest

from base.privacy import id_check_digit
from channels.console_server import ConsoleServer
from tests.conftest import CONSOLE_TODAY as TODAY
from tests.conftest import CONSOLE_TOKEN as TOKEN

PUPIL = {"region": "hangzhou", "age": 8, "hukou": "local", "student": "primary_secondary", "special": [], "as_of": TODAY}
API = "/webhooks/agent/api/"


def call(server, path, body=None, token=TOKEN, raw=None, method=None):
    """(status, decoded JSON or text, headers) for one request to the console."""
    data = raw if raw is not None else (None if body is None else json.dumps(body, ensure_ascii=False).encode())
    request = urllib.request.Request(server.base + path, data=data, method=method)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=30) as reply:
            status, headers, payload = reply.status, reply.headers, reply.read()
    except urllib.error.HTTPError as error:
        status, headers, payload = error.code, error.headers, error.read()
    text = payload.decode("utf-8")
    if headers.get("Content-Type", "").startswith("application/json"):
        return status, json.loads(text), headers
    return status, text, headers





@pytest.fixture
def bare_server(monkeypatch):
    """A console with no token in its configuration: AGENT_TOKEN decides."""
    monkeypatch.delenv("AGENT_TOKEN", raising=False)
    with ConsoleServer({}) as running:
        yield running


# -- login and the token ------------------------------------------------------------------------


def test_login_accepts_the_configured_token_and_refuses_others(server):
    status, body, headers = call(server, API + "login", {"token": TOKEN}, token=None)
    assert (status, body) == (200, {"ok": True})
    assert headers["Cache-Control"] == "no-store"
    for wrong in ("wrong", TOKEN + "x", "", None, 12345):
        status, body, _ = call(server, API + "login", {"token": wrong}, token=None)
        assert status == 401, wrong
        assert body["error"]["message"] == "口令不正确，请重新输入。"
    status, _, _ = call(server, API + "login", raw=b"not json", token=None)
    assert status == 401


def test_a_short_token_keeps_the_console_closed(bare_server, monkeypatch):
    monkeypatch.setenv("AGENT_TOKEN", "admin123")  # 8 characters: guessable
    status, reply, _ = call(bare_server, API + "login", {"token": "admin123"}, token=None)
    assert status == 503 and reply["error"]["message"].startswith("坐席口令（AGENT_TOKEN）太短，至少需要16个字符")
    assert call(bare_server, API + "quote", PUPIL, token="admin123")[0] == 503


def test_repeated_wrong_logins_are_slowed_down_for_that_address(bare_server, monkeypatch):
    monkeypatch.setenv("AGENT_TOKEN", "guess-me-if-you-can-42")
    statuses = [call(bare_server, API + "login", {"token": f"guess{i}"}, token=None)[0] for i in range(12)]
    assert statuses[:10] == [401] * 10 and statuses[10:] == [429, 429]
    status, reply, _ = call(bare_server, API + "login", {"token": "guess-me-if-you-can-42"}, token=None)
    assert status == 429 and "秒后再试" in reply["error"]["message"]  # even the right token waits


def test_without_a_token_configured_the_api_says_so_and_never_lets_in(bare_server, monkeypatch):
    for path, body in (("login", {"token": ""}), ("login", {"token": "admin"}), ("quote", PUPIL)):
        status, reply, _ = call(bare_server, API + path, body, token="admin")
        assert status == 503
        assert reply["error"]["message"].startswith("坐席控制台未配置口令（AGENT_TOKEN）")
    status, _, _ = call(bare_server, API + "meta", token="")
    assert status == 503
    monkeypatch.setenv("AGENT_TOKEN", "from-the-environment")  # read on every request
    assert call(bare_server, API + "login", {"token": "from-the-environment"}, token=None)[0] == 200
    assert call(bare_server, API + "login", {"token": "admin"}, token=None)[0] == 401


def test_every_api_route_but_login_needs_the_bearer_token(server):
    requests = [("quote", PUPIL), ("meta", None), ("answers/K7QF-M3XW", None)]
    for path, body in requests:
        for token in (None, "wrong-token"):
            status, reply, _ = call(server, API + path, body, token=token)
            assert status == 401, (path, token)
            assert "登录" in reply["error"]["message"]
    request = urllib.request.Request(server.base + API + "meta", headers={"Authorization": f"Basic {TOKEN}"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30)
    assert refused.value.code == 401


# -- quotes ---------------------------------------------------------------------------------------


def test_hangzhou_primary_pupil_pays_330_with_its_citation(server):
    status, body, _ = call(server, API + "quote", PUPIL)
    assert status == 200
    answer = body["answer"]
    assert answer["status"] == "eligible"
    assert answer["personal_fee"] == 330
    assert answer["scheme"]["name"] == "少儿医保"
    assert "交多少：个人330元。" in body["card"]
    assert "杭医保〔2024〕28号" in body["card"]
    assert {"document": "杭医保〔2024〕28号", "clause": "附件 三、(一)1"} in body["citations"]
    assert body["citations"] == answer["citations"]
    assert body["notes"] == answer["notes"]
    assert any(n["kind"] == "agent" and "裁定Z1" in n["text"] for n in body["notes"])
    assert "trace" not in answer  # the trace is shown as "why", the answer keeps the contract's shape
    why = "适用方案：少儿医保：本地户籍、年龄17周岁及以下——成立；所据情况：户籍本地，年龄8（杭医保〔2024〕28号 附件 一、(一)）。"
    assert why in body["why"]
    assert body["missing"] == [] and body["errors"] == []
    assert body["rule_version"] and body["today"] == TODAY


def test_the_console_compares_tiers_and_repair_with_the_engine(server):
    adult = {"region": "hangzhou", "age": 40, "hukou": "local", "student": "none", "employee_insured": False,
             "special": [], "as_of": "2027-06-10", "gap_years": 2}  # fmt: skip
    status, body, _ = call(server, API + "quote", adult)
    assert status == 200 and body["what_if"][:2] == ["【比较】一档 / 二档", "个人缴费（元）：一档：730；二档：630"]
    status, body, _ = call(server, API + "quote", {**adult, "tier": "二档"})
    assert body["what_if"][0] == "【比较】不补缴 / 补缴2年" and "待遇等待期（月）：不补缴：5；补缴2年：3" in body["what_if"]
    status, body, _ = call(server, API + "quote", PUPIL)
    assert body["what_if"] == []  # nothing to choose


def test_an_empty_date_means_today_from_the_environment(server):
    facts = {**PUPIL, "as_of": "", "gap_years": "", "tier": None}  # empty form fields are unknown
    status, body, _ = call(server, API + "quote", facts)
    assert status == 200
    assert body["answer"]["status"] == "eligible"
    assert body["facts"] == {k: v for k, v in PUPIL.items() if k != "as_of"}
    assert body["answer"]["enrollment_window"]["start"] == "2024-10-23" and body["answer"]["in_window"] is True
    assert body["today"] == TODAY


def test_invalid_age_comes_back_as_the_engines_chinese_message(server):
    status, body, _ = call(server, API + "quote", {**PUPIL, "age": -3})
    assert status == 200  # documented: the engine's refusal is an answer with status invalid
    assert body["answer"]["status"] == "invalid"
    assert body["errors"] == [{"field": "age", "code": "out_of_range", "message": "age（年龄）应在0到150之间（周岁），收到 -3。"}]
    assert body["card"].startswith("输入有误：") and "age（年龄）" in body["card"]
    status, body, _ = call(server, API + "quote", {**PUPIL, "age": "八岁"})
    assert body["answer"]["status"] == "invalid" and body["errors"][0]["message"].startswith("age（年龄）应为0到150之间的整数")


def test_unknown_facts_are_asked_for_with_their_labels(server):
    status, body, _ = call(server, API + "quote", {"region": "hangzhou"})
    assert status == 200 and body["answer"]["status"] == "needs_info"
    assert body["missing"][0] == {"field": "age", "label": "年龄"}
    assert [m["field"] for m in body["missing"]] == body["answer"]["missing"]
    assert body["card"].startswith("结论：还需要了解年龄")
    assert body["copyable"] is False and body["code"] is None


def test_a_body_that_is_not_a_facts_object_is_a_400(server):
    for raw in (b"[1, 2]", b"{not json", b"", '"杭州"'.encode()):
        status, body, _ = call(server, API + "quote", raw=raw)
        assert status == 400, raw
        assert body["error"]["code"] == "bad_json" and "JSON对象" in body["error"]["message"]


def test_an_id_number_typed_into_a_field_is_redacted_before_the_engine_sees_it(server):
    first17 = "11010519491231002"
    id_number = first17 + id_check_digit(first17)
    status, body, _ = call(server, API + "quote", {**PUPIL, "region": f"杭州 {id_number}", "tier": "13800138000"})
    assert status == 200
    text = json.dumps(body, ensure_ascii=False)
    assert id_number not in text and first17 not in text and "13800138000" not in text
    assert body["facts"]["region"].startswith("杭州 ［身份证号已隐去")
    assert body["facts"]["tier"] == "［手机号已隐去］"
    assert body["answer"]["status"] == "invalid"
    assert any("［身份证号已隐去" in e["message"] for e in body["errors"])


# -- meta -----------------------------------------------------------------------------------------


def test_meta_lists_the_regions_groups_and_student_values(server):
    status, body, _ = call(server, API + "meta")
    assert status == 200
    regions = {r["code"]: r["name"] for r in body["regions"]}
    assert regions == {"hangzhou": "杭州市区", "yuyao": "余姚市", "shanghai": "上海市", "yangling": "杨凌示范区"}
    groups = {g["code"]: g["name"] for g in body["special_groups"]}
    assert groups["dibao"] == "低保对象" and len(groups) == 14
    assert [s["code"] for s in body["student"]] == ["none", "preschool", "primary_secondary", "university"]
    assert all(s["name"] for s in body["student"])
    assert body["labels"]["gap_years"] == "断保年数"
    assert body["today"] == TODAY


# -- reference codes --------------------------------------------------------------------------------


def test_a_reference_code_shows_the_recorded_answer(server, ledger_url):
    from ledger import codes
    from ledger.store import Ledger
    from policies import quote, render
    from policies.rulebook import default_rulebook

    facts = {k: v for k, v in PUPIL.items()}
    answer = quote(facts, today=dt.date(2024, 11, 20))
    card = render(answer)
    with Ledger(url=ledger_url) as book:
        code = book.record(facts, answer, card, "wechat", default_rulebook().version,
                           dt.datetime(2024, 11, 20, 9, 30, tzinfo=dt.timezone.utc), transcript=["孩子8岁，杭州的"])  # fmt: skip
    for typed in (code, code.lower().replace("-", " "), f"咨询编号：{code}"):
        path = API + "answers/" + urllib.request.quote(typed)
        status, body, _ = call(server, path)
        assert status == 200, typed
        assert body["code"] == code and body["channel"] == "wechat"
        assert body["card"] == body["card_text"] == card
        assert body["facts"] == facts and body["answer"]["personal_fee"] == 330
        assert body["citations"] == answer["citations"] and body["notes"] == answer["notes"]
        assert body["rule_version"] == body["current_rule_version"]
        assert body["created_at"].startswith("2024-11-20T09:30")
        assert body["transcript"] == ["孩子8岁，杭州的"]  # what the resident said, beside the card

    unused = next(c for c in iter(codes.new_code, None) if codes.format_code(c) != code)
    status, body, _ = call(server, API + "answers/" + codes.format_code(unused))
    assert status == 404
    assert body["error"]["message"].startswith(f"没有找到咨询编号 {codes.format_code(unused)} 的记录")

    status, body, _ = call(server, API + "answers/K7QF-M3X0")
    assert status == 400
    assert body["error"] == {"code": "bad_code", "message": _ledger_message("K7QF-M3X0")}
    status, body, _ = call(server, API + "answers/K7QF")
    assert status == 400 and "8位" in body["error"]["message"]


def test_an_answer_given_from_the_console_is_filed_under_a_code(server, ledger_url):
    from ledger.store import Ledger

    status, preview, _ = call(server, API + "quote", PUPIL)  # the live preview: nothing filed
    assert status == 200 and preview["code"] is None
    status, body, _ = call(server, API + "quote?record=1", PUPIL)  # the agent's Enter
    assert status == 200 and body["copyable"] is True
    code = body["code"]
    assert body["card"].endswith(f"咨询编号：{code}（转人工时请提供）；参保咨询12393，缴费咨询12366。")
    assert body["spoken"].endswith(f"咨询编号{code}。") and len(body["spoken"]) <= 120
    assert code in body["wechat"] and len(body["wechat"]) <= 300
    assert any(line.startswith("条款：杭医保〔2024〕28号 附件") for line in body["detail"])
    with Ledger(url=ledger_url) as book:
        stored = book.find(code)
    assert stored["channel"] == "agent" and stored["card_text"] == body["card"]
    assert stored["answer"]["personal_fee"] == 330
    status, asked, _ = call(server, API + "quote?record=1", {"region": "hangzhou"})
    assert asked["answer"]["status"] == "needs_info" and asked["code"] is None  # not a final answer


def _ledger_message(code):
    from ledger.codes import CodeError, normalise

    with pytest.raises(CodeError) as error:
        normalise(code)
    return str(error.value)


# -- the page and the Rasa channel -------------------------------------------------------------------


def test_the_page_and_its_assets_are_served_without_the_token(server):
    status, html, headers = call(server, "/webhooks/agent/", token=None)
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    ids = "token login region age hukou student employee special gap date submit code lookup card copy copied citations notes"
    for element in ids.split() + ["missing", "error"]:
        assert f'id="{element}"' in html, element
    assert "http" not in html.replace("http-equiv", "")  # nothing from a CDN
    status, script, headers = call(server, "/webhooks/agent/console.js", token=None)
    assert status == 200 and headers["Content-Type"].startswith("application/javascript") and "clipboard" in script
    status, _, headers = call(server, "/webhooks/agent/console.css", token=None)
    assert status == 200 and headers["Content-Type"].startswith("text/css")
    request = urllib.request.Request(server.base + "/webhooks/agent")
    with urllib.request.urlopen(request, timeout=30) as reply:  # redirected to the slash form
        assert reply.url.endswith("/webhooks/agent/")
    assert call(server, "/webhooks/agent/../../etc/passwd", token=None)[0] == 404


def test_rasa_mounts_the_channel_under_webhooks_agent(tmp_path):
    from rasa.core.channels.channel import register
    from rasa.core.run import create_http_input_channels
    from sanic import Sanic

    from channels.console import AgentConsoleInput, console_blueprint

    credentials = tmp_path / "credentials.yml"
    credentials.write_text("channels.console.AgentConsoleInput:\n", encoding="utf-8")  # as bot/credentials.yml lists it
    [channel] = create_http_input_channels(None, str(credentials))
    assert isinstance(channel, AgentConsoleInput)
    assert channel.name() == "agent" and channel.config == {}
    assert AgentConsoleInput.from_credentials({"token": "t"}).config == {"token": "t"}
    app = Sanic("console_rasa_mount_test")
    register([channel], app, "/webhooks/")
    paths = {route.path for route in app.router.routes}
    assert {"webhooks/agent", "webhooks/agent/api/quote", "webhooks/agent/api/login", "webhooks/agent/api/meta",
            "webhooks/agent/console.js"} <= paths  # fmt: skip
    assert any(p.startswith("webhooks/agent/api/answers/") for p in paths)
    assert console_blueprint({}).url_prefix == "/webhooks/agent"


def test_a_ledger_that_is_down_is_a_503_that_does_not_show_the_database(monkeypatch):
    from ledger import codes

    monkeypatch.setenv("ASSISTANT_TODAY", "2024-11-20")
    dead = "postgresql+psycopg2://postgres@127.0.0.1:1/test"  # nothing listens on port 1
    with ConsoleServer({"token": TOKEN, "ledger_url": dead}) as down:
        status, body, _ = call(down, API + "answers/" + codes.format_code(codes.new_code()))
        assert status == 503 and body["error"]["code"] == "ledger_down"
        message = body["error"]["message"]
        assert message.startswith("答复账本暂时无法查询") and not any(w in message for w in ("127.0.0.1", "postgres", ":1"))
        status, body, _ = call(down, API + "quote?record=1", PUPIL)  # the answer is still given, without a code
        assert status == 200 and body["code"] is None and body["answer"]["personal_fee"] == 330


def test_a_household_code_shows_every_member(server, ledger_url):
    from ledger.store import Ledger
    from policies import household, render_household
    from policies.rulebook import default_rulebook

    request = {"region": "杭州", "as_of": "2024-11-20", "members": [
        {"label": "我", "age": 42, "hukou": "local", "employee_insured": False, "special": [], "gap_years": 0},
        {"label": "孩子", **{k: v for k, v in PUPIL.items() if k not in ("region", "as_of")}}]}  # fmt: skip
    answer = household(request, today=dt.date(2024, 11, 20))
    with Ledger(url=ledger_url) as book:
        code = book.record(request, answer, lambda c: render_household(answer, code=c, as_of="2024-11-20"), "rest",
                           default_rulebook().version, dt.datetime(2024, 11, 20, 9, 30, tzinfo=dt.timezone.utc))  # fmt: skip
    status, body, _ = call(server, API + "answers/" + code)
    assert status == 200 and body["household"] is True
    assert [m["label"] for m in body["members"]] == ["我", "孩子"] and body["members"][1]["personal_fee"] == 330
    assert body["card"].startswith("【杭州市区2025年度城乡居民医保·全家2人】") and f"咨询编号：{code}" in body["card"]
    assert body["spoken"].startswith("全家2人：") and len(body["spoken"]) <= 120
    assert "【孩子】" in body["detail"] and body["copyable"] is True
