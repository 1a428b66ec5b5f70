"""The mini-program channel (channels/miniprogram.py) over HTTP: its blueprint on a Sanic app served on a loopback
port in this process, a fake ``on_new_message`` that records each UserMessage and replies through the collector,
and an injected clock for token expiry and the rate limit's window."""

from __future__ import annotations

import asyncio
import base64
import itertools
import json
import re
import socket
from pathlib import Path

import aiohttp
import pytest
import yaml
from sanic import Sanic, response

from base.privacy import redact
from channels.miniprogram import ERRORS, MiniProgramInput, load_config, parse_rate_limit, payload_allowed, reply_items
from channels.miniprogram_auth import RateLimiter, TokenError, TokenSigner

ROOT = Path(__file__).resolve().parent.parent
PREFIX = "/webhooks/miniprogram"
SECRET = "s" * 40
START = 1_750_000_000.0
ID_NUMBER = "11010519491231002X"  # the GB 11643 example: valid check digit
MOBILE = "13800138000"

CARD = {
    "type": "answer_card",
    "reference": "K7QF-M3XR",
    "plain_text": "【参保答复卡】K7QF-M3XR\n地区：杭州市区\n个人缴费：每人每年 730 元",
    "fields": {
        "region": "杭州市区", "coverage_year": 2026, "data_year": 2025, "stale": True, "scheme": "城乡居民医保（成年居民）",
        "personal_fee": 730, "fee_options": [{"tier": "一档", "amount": 730}], "enrollment_window": "2025-09-01 至 2025-12-31",
        "in_window": False, "waiting_months": 3, "benefit_start": "2026-04-01", "channels": ["浙里办", "支付宝"],
        "citations": [{"document": "杭医保〔2024〕50号", "clause": "第三条"}],
    },
}  # fmt: skip

_names = itertools.count()


class Clock:
    def __init__(self, now: float = START):
        self.now = now

    def __call__(self) -> float:
        return self.now


class Bot:
    """The fake Rasa: records every UserMessage and answers through its output channel like the real agent."""

    def __init__(self, replies=None, fail=False):
        self.received = []
        self.replies = replies if replies is not None else [{"text": "您好，我是医保参保助手。"}]
        self.fail = fail

    async def __call__(self, message):
        self.received.append(message)
        if self.fail:
            raise RuntimeError("the agent broke")
        for reply in self.replies:
            await message.output_channel.send_response(message.sender_id, dict(reply))


class Server:
    """The channel's blueprint served on 127.0.0.1 (any free port) with a fake code2session route; sync calls."""

    def __init__(self, channel: MiniProgramInput, bot: Bot):
        self.channel, self.bot = channel, bot
        self.loop = asyncio.new_event_loop()  # its own loop, driven with run_until_complete (the global one is left alone)
        app = Sanic(f"miniprogram_test_{next(_names)}")
        app.config.MOTD = False
        app.blueprint(channel.blueprint(bot), url_prefix=PREFIX)

        @app.route("/fake/jscode2session", methods=["GET"])
        async def code2session(request):  # WeChat's answer shape; WeChat sends it as text/plain
            args = request.args
            if args.get("appid") != "wx-app" or args.get("grant_type") != "authorization_code":
                return response.text(json.dumps({"errcode": 41002, "errmsg": "appid missing"}))
            if args.get("js_code") == "used-code":
                return response.text(json.dumps({"errcode": 40163, "errmsg": "code been used"}))
            return response.text(json.dumps({"openid": "o-" + args.get("js_code"), "session_key": "k"}))

        @app.route("/fake/broken", methods=["GET"])
        async def broken(request):
            return response.text("<html>bad gateway</html>", status=502)

        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.base = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.server = self.loop.run_until_complete(
            app.create_server(sock=self.sock, return_asyncio_server=True, access_log=False)
        )
        self.loop.run_until_complete(self.server.startup())
        self.loop.run_until_complete(self.server.start_serving())
        self.session = self.loop.run_until_complete(self._session())

    @staticmethod
    async def _session():
        return aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10))

    def request(self, method, path, body=None, raw=None, token=None, headers=None, redirects=True):
        headers = dict(headers or {})
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        data = raw if raw is not None else (None if body is None else json.dumps(body, ensure_ascii=False).encode())
        if body is not None:
            headers.setdefault("Content-Type", "application/json")

        async def call():
            url = path if path.startswith("http") else self.base + path
            async with self.session.request(method, url, data=data, headers=headers, allow_redirects=redirects) as answer:
                text = await answer.text()
                try:
                    payload = json.loads(text)
                except ValueError:
                    payload = None
                return answer.status, answer.headers, payload, text

        return self.loop.run_until_complete(call())

    def login(self, code=None, platform="wechat"):
        code = code if code is not None else f"user-{next(_names)}"  # a new user (own rate limit) unless named
        status, _, body, _ = self.request("POST", PREFIX + "/login", {"platform": platform, "code": code})
        assert status == 200, body
        return body["token"]

    def say(self, token, message):
        status, headers, body, _ = self.request("POST", PREFIX + "/webhook", {"message": message}, token=token)
        return status, headers, body

    def close(self):
        self.loop.run_until_complete(self.session.close())
        self.server.close()
        self.loop.run_until_complete(self.server.wait_closed())
        self.loop.close()


@pytest.fixture
def serve(monkeypatch):
    monkeypatch.setattr(Sanic, "test_mode", True)  # several apps in one process (what sanic-testing does)
    started = []

    def start(bot=None, clock=None, **options):
        options.setdefault("secret", SECRET)
        channel = MiniProgramInput(clock=clock or Clock(), **options)
        server = Server(channel, bot or Bot())
        started.append(server)
        return server

    yield start
    for server in started:
        server.close()


@pytest.fixture(scope="module")
def shared_server():
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Sanic, "test_mode", True)
        server = Server(MiniProgramInput(secret=SECRET, clock=Clock()), Bot())
        yield server
        server.close()


@pytest.fixture
def shared(shared_server):
    """One server for the tests that need no particular configuration (starting one takes ~0.15 s)."""
    shared_server.bot.received.clear()
    return shared_server


def assert_error(result, status, code):
    got_status, _, body = result[:3]
    assert got_status == status, body
    assert body["error"]["code"] == code
    assert body["error"]["message"] == ERRORS[code][1] or code == "rate_limited"
    assert re.search(r"[\u4e00-\u9fff]", body["error"]["message"])  # Chinese


def token_payload(token):
    part = token.split(".")[0]
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def forge(token, **changes):
    """The token with its payload changed and the old signature kept."""
    payload = {**token_payload(token), **changes}
    raw = json.dumps(payload, separators=(",", ":"), sort_keys=True).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode() + "." + token.split(".")[1]


# ----------------------------------------------------------------------------------------------- login


def test_health(shared):
    status, _, body, _ = shared.request("GET", PREFIX + "/")
    assert (status, body) == (200, {"status": "ok"})


@pytest.mark.parametrize("platform", ["wechat", "alipay"])
def test_login_issues_a_signed_token_without_the_openid(serve, platform):
    server = serve()
    status, headers, body, text = server.request("POST", PREFIX + "/login", {"platform": platform, "code": "demo-zhang"})
    assert status == 200
    assert body["expires_in"] == 7200 and body["token_type"] == "Bearer"
    assert headers["Content-Type"].startswith("application/json")
    payload = token_payload(body["token"])
    assert payload["p"] == platform and payload["exp"] - payload["iat"] == 7200
    assert "demo-zhang" not in json.dumps(payload) and "demo-zhang" not in body["token"]
    assert server.say(body["token"], "你好")[0] == 200


@pytest.mark.parametrize(
    "body, code",
    [
        ({"platform": "wechat"}, "code_missing"),
        ({"platform": "alipay", "code": "   "}, "code_missing"),
        ({"platform": "wechat", "code": 123}, "code_invalid"),
        ({"platform": "wechat", "code": "x" * 129}, "code_invalid"),
        ({"platform": "qq", "code": "abc"}, "bad_platform"),
        ({"code": "abc"}, "bad_platform"),
        (["wechat", "abc"], "bad_request"),
    ],
)
def test_login_refuses_bad_requests(shared, body, code):
    assert_error(shared.request("POST", PREFIX + "/login", body), 400, code)


def test_login_refuses_non_json(shared):
    assert_error(shared.request("POST", PREFIX + "/login", raw=b"platform=wechat&code=abc"), 400, "bad_json")


def test_login_through_code2session(serve):
    bot = Bot()
    server = serve(bot=bot)
    server.channel.code2session_url = server.base + "/fake/jscode2session?appid=wx-app&secret=app-secret"
    token = server.login("code-1")
    assert server.say(token, "你好")[0] == 200
    assert server.say(server.login("code-1"), "再问一次")[0] == 200
    assert bot.received[0].sender_id == bot.received[1].sender_id  # the openid (o-code-1) stands for the user
    assert_error(server.request("POST", PREFIX + "/login", {"platform": "wechat", "code": "used-code"}), 401, "code_rejected")
    server.channel.code2session_url = server.base + "/fake/broken"
    assert_error(server.request("POST", PREFIX + "/login", {"platform": "wechat", "code": "c"}), 502, "login_unavailable")
    server.channel.code2session_url = "http://127.0.0.1:9/unreachable"
    assert_error(server.request("POST", PREFIX + "/login", {"platform": "wechat", "code": "c"}), 502, "login_unavailable")


# ------------------------------------------------------------------------------------------------ tokens


def test_message_reaches_rasa_redacted_with_a_server_derived_sender(serve):
    bot = Bot()
    server = serve(bot=bot)
    token = server.login("alice", "alipay")
    said = f"我的身份证号是{ID_NUMBER}，手机{MOBILE}，在杭州，今年交多少钱？"
    status, headers, body = server.say(token, said)
    assert status == 200 and headers["Cache-Control"] == "no-store"
    (message,) = bot.received
    assert message.text == redact(said).text
    assert ID_NUMBER not in message.text and MOBILE not in message.text and "杭州" in message.text
    assert re.fullmatch(r"mp_[0-9a-f]{32}", message.sender_id)
    assert "alice" not in message.sender_id
    assert message.input_channel == "miniprogram"
    born = redact(said).birth_date.isoformat()  # the ID's birth date travels as metadata, the number is gone
    assert message.metadata == {"channel": "miniprogram", "platform": "alipay", "id_birth_date": born}


def test_sender_id_is_stable_per_user_and_differs_between_users(serve):
    bot, clock = Bot(), Clock()
    server = serve(bot=bot, clock=clock)
    first = server.login("alice")
    clock.now += 100
    second = server.login("alice")
    assert first != second
    bob = server.login("bob")
    for token in (first, second, bob, server.login("alice", "alipay")):
        assert server.say(token, "你好")[0] == 200
    a1, a2, bob_id, alipay_alice = (m.sender_id for m in bot.received)
    assert a1 == a2
    assert len({a1, bob_id, alipay_alice}) == 3
    # The client cannot choose the conversation: a "sender" in the body is ignored.
    server.request("POST", PREFIX + "/webhook", {"message": "你好", "sender": "mp_victim"}, token=bob)
    assert bot.received[-1].sender_id == bob_id


def test_missing_or_malformed_authorization_is_401(serve):
    bot = Bot()
    server = serve(bot=bot)
    assert_error(server.request("POST", PREFIX + "/webhook", {"message": "你好"}), 401, "token_missing")
    token = server.login()
    for header in (f"Basic {token}", "Bearer", "Bearer   "):
        assert_error(server.request("POST", PREFIX + "/webhook", {"message": "你好"}, headers={"Authorization": header}),
                     401, "token_missing")  # fmt: skip
    for bad in ("abc", "a.b.c", "!!!.???", token + "x" * 2000, "." + token.split(".")[1]):
        result = server.request("POST", PREFIX + "/webhook", {"message": "你好"}, token=bad)
        assert_error(result, 401, "token_invalid")
        assert "Bearer" in result[1]["WWW-Authenticate"]
    assert bot.received == []


def test_tampered_token_is_401(serve):
    bot = Bot()
    server = serve(bot=bot)
    token = server.login("alice")
    other = token_payload(server.login("bob"))["u"]
    payload, signature = token.split(".")
    flipped = payload[:-2] + ("A" if payload[-2] != "A" else "B") + payload[-1]
    for bad in (
        flipped + "." + signature,
        payload + "." + signature[:-2] + ("A" if signature[-2] != "A" else "B") + signature[-1],
        forge(token, u=other),  # someone else's conversation
        forge(token, exp=token_payload(token)["exp"] + 10**6),  # a longer life
        forge(token, p="alipay"),
    ):
        assert_error(server.say(bad, "你好"), 401, "token_invalid")
    assert bot.received == []
    assert server.say(token, "你好")[0] == 200


def test_expired_token_is_401(serve):
    clock = Clock()
    server = serve(clock=clock, token_ttl=600)
    token = server.login()
    clock.now += 599
    assert server.say(token, "你好")[0] == 200
    clock.now += 1
    result = server.say(token, "你好")
    assert_error(result, 401, "token_expired")
    assert "重新登录" in result[2]["error"]["message"]


def test_token_signed_with_another_secret_is_401(serve):
    bot = Bot()
    ours, theirs = serve(bot=bot), serve(secret="t" * 40)
    assert_error(ours.say(theirs.login("alice"), "你好"), 401, "token_invalid")
    assert bot.received == []


# ---------------------------------------------------------------------------------------------- messages


@pytest.mark.parametrize("body", [{"message": ""}, {"message": "  \n\t　"}, {}])
def test_empty_message_is_400(shared, body):
    result = shared.request("POST", PREFIX + "/webhook", body, token=shared.login())
    assert_error(result, 400, "empty_message")
    assert result[2]["error"]["message"] == "消息不能为空"
    assert shared.bot.received == []


def test_500_characters_pass_and_501_are_413(serve):
    bot = Bot()
    server = serve(bot=bot)
    token = server.login()
    assert server.say(token, "参" * 500)[0] == 200  # 1,500 bytes of UTF-8: characters are counted, not bytes
    assert bot.received[0].text == "参" * 500
    result = server.say(token, "参" * 501)
    assert_error(result, 413, "message_too_long")
    assert result[2]["error"]["message"] == "消息不能超过500个字，请分几次发送"
    assert server.say(token, "  " + "a" * 500 + "\n")[0] == 200  # surrounding blanks are not counted
    assert len(bot.received) == 2


@pytest.mark.parametrize(
    "raw, code",
    [
        (b"message=hello", "bad_json"),
        (b'{"message": "unterminated', "bad_json"),
        (b"\xff\xfe", "bad_json"),
        (b'["hello"]', "bad_request"),
        (b'"hello"', "bad_request"),
        (b'{"message": 5}', "bad_request"),
        (b'{"message": ["hello"]}', "bad_request"),
    ],
)
def test_non_json_or_wrong_types_are_400(shared, raw, code):
    assert_error(shared.request("POST", PREFIX + "/webhook", raw=raw, token=shared.login()), 400, code)
    assert shared.bot.received == []


def test_oversized_body_is_413(shared):
    assert_error(shared.request("POST", PREFIX + "/webhook", {"message": "你好", "pad": "x" * 20000}, token=shared.login()),
                 413, "message_too_long")  # fmt: skip


@pytest.mark.parametrize(
    "message",
    ["/admin", '/inform{"evil_entity": 1}', "/inform{not json}", "/inform[1]", "/greet@0.99", "/ greet", '/inform{"age": 1} x'],
)
def test_injected_payloads_are_400(shared, message):
    assert_error(shared.say(shared.login(), message), 400, "payload_not_allowed")
    assert shared.bot.received == []


@pytest.mark.parametrize("message", ["/greet", '/inform{"hukou": "local"}', '/inform{"student": "university"}', "  /restart  "])
def test_payloads_of_the_bot_are_allowed(shared, message):
    assert shared.say(shared.login(), message)[0] == 200
    assert shared.bot.received[0].text == message.strip()


def test_every_button_payload_the_bot_offers_is_allowed():
    from actions.questions import ASK_ACTIONS, question

    payloads = {b["payload"] for slot in ASK_ACTIONS for b in question(slot, {}).get("buttons", [])}
    payloads |= {"/ask_fee", "/ask_scheme", "/ask_window", "/ask_channels"}  # the greeting's buttons
    payloads |= {'/inform{"special": "none"}', '/inform{"region": "yuyao"}'}  # action_ask_special / _region
    assert len(payloads) > 20
    domain = yaml.safe_load((ROOT / "bot/domain/intents.yml").read_text(encoding="utf-8"))
    intents, entities = frozenset(domain["intents"]), frozenset(domain["entities"])
    assert all(payload_allowed(p, intents, entities) for p in payloads), payloads


def test_rate_limit_answers_429_then_allows_after_the_window(serve):
    bot, clock = Bot(), Clock()
    server = serve(bot=bot, clock=clock, rate_limit=3, rate_window=60)
    alice, bob = server.login("alice"), server.login("bob")
    for _ in range(3):
        assert server.say(alice, "你好")[0] == 200
        clock.now += 10
    status, headers, body = server.say(alice, "你好")
    assert status == 429 and body["error"]["code"] == "rate_limited"
    assert headers["Retry-After"] == "30"  # the first message leaves the window 60 s after it came, at +60
    assert "请稍等 30 秒" in body["error"]["message"] and "谢谢" in body["error"]["message"]
    assert server.say(bob, "你好")[0] == 200  # per sender
    clock.now += 30
    assert server.say(alice, "你好")[0] == 200
    assert len(bot.received) == 5


def test_rate_limiter_window_slides():
    clock = Clock(0.0)
    limiter = RateLimiter(2, 10, clock)
    assert limiter.hit("a") == 0 and limiter.hit("a") == 0
    assert limiter.hit("a") == pytest.approx(10)
    clock.now = 9.5
    assert RateLimiter.retry_after(limiter.hit("a")) == 1
    clock.now = 10.0
    assert limiter.hit("a") == 0
    assert limiter.hit("a") == 0 and limiter.hit("a") > 0  # the one at 0 s left; the refused ones never counted


# ----------------------------------------------------------------------------------------------- replies


def test_replies_become_render_items(serve):
    bot = Bot(replies=[
        {"text": "请问您的户籍在哪里？", "buttons": [{"title": "本地户籍", "payload": '/inform{"hukou": "local"}'},
                                                   {"title": "外地户籍", "payload": '/inform{"hukou": "nonlocal"}'}]},
        {"text": "这是您的答复卡：", "custom": CARD},
        {"custom": {"type": "survey", "question": "满意吗？"}},
    ])  # fmt: skip
    server = serve(bot=bot)
    status, _, body = server.say(server.login(), "我在杭州")
    assert status == 200
    assert body["messages"] == [
        {"type": "text", "text": "请问您的户籍在哪里？"},
        {"type": "buttons", "buttons": [{"title": "本地户籍", "payload": '/inform{"hukou": "local"}'},
                                        {"title": "外地户籍", "payload": '/inform{"hukou": "nonlocal"}'}]},
        {"type": "text", "text": "这是您的答复卡："},
        {"type": "card", "plain_text": CARD["plain_text"], "fields": CARD["fields"], "reference": "K7QF-M3XR"},
        {"type": "custom", "data": {"type": "survey", "question": "满意吗？"}},
    ]  # fmt: skip


def test_reply_items_from_collected_messages():
    assert reply_items([]) == []
    assert reply_items([
        {"recipient_id": "mp_x", "text": "一"},
        {"recipient_id": "mp_x", "image": "https://example.org/a.png"},
        {"recipient_id": "mp_x", "buttons": [{"title": "是", "payload": "/affirm"}, "junk", {}]},
        {"recipient_id": "mp_x", "custom": {"type": "answer_card", "plain_text": "卡", "fields": {"region": "余姚市"}}},
        {"recipient_id": "mp_x", "custom": ["not", "a", "dict"]},
    ]) == [
        {"type": "text", "text": "一"},
        {"type": "image", "url": "https://example.org/a.png"},
        {"type": "card", "plain_text": "卡", "fields": {"region": "余姚市"}, "reference": None},
        {"type": "buttons", "buttons": [{"title": "是", "payload": "/affirm"}]},  # quick replies under the card
        {"type": "custom", "data": ["not", "a", "dict"]},
    ]  # fmt: skip


def test_an_answer_is_shown_once_as_the_card_with_its_follow_ups_under_it():
    plain = "结论：可以参加杭州市区2025年度城乡居民医保（少儿医保）。\n交多少：个人330元。"
    card = {"type": "answer_card", "plain_text": plain, "wechat": "【杭州市区2025年度城乡居民医保】", "reference": "K7QF-M3XR",
            "fields": {"sections": {"fee": "个人330元"}}}  # fmt: skip
    # as Rasa's collecting channel gives them: the text with its buttons, then the card
    items = reply_items([{"text": "按您提供的情况（杭州市区；8岁）：\n个人需缴纳：330元。\n" + plain,
                          "buttons": [{"title": "怎么缴", "payload": "/ask_channels"}]}, {"custom": card}])  # fmt: skip
    assert items == [
        {"type": "text", "text": "按您提供的情况（杭州市区；8岁）：\n个人需缴纳：330元。"},
        {"type": "card", "plain_text": plain, "fields": card["fields"], "reference": "K7QF-M3XR", "wechat": card["wechat"]},
        {"type": "buttons", "buttons": [{"title": "怎么缴", "payload": "/ask_channels"}]},
    ]  # fmt: skip
    handoff = {"type": "handoff", "reference": "K7QF-M3XR", "phones": [{"label": "参保咨询", "number": "12393"}, "junk"]}
    assert reply_items([{"text": "好的，为您转人工", "custom": handoff}])[1] == {
        "type": "handoff", "reference": "K7QF-M3XR", "phones": [{"label": "参保咨询", "number": "12393"}]}


def test_agent_failure_is_a_chinese_500(serve):
    server = serve(bot=Bot(fail=True))
    assert_error(server.say(server.login(), "你好"), 500, "internal")


def test_json_is_utf8_not_escaped(shared):
    _, headers, _, text = shared.request("POST", PREFIX + "/webhook", {"message": ""}, token=shared.login())
    assert "消息不能为空" in text and "charset=utf-8" in headers["Content-Type"]


# ------------------------------------------------------------------------------------------ client page


def test_client_page_is_served(shared):
    server = shared
    status, headers, _, html = server.request("GET", PREFIX + "/client/")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    for marker in ('id="platform"', 'id="code"', 'id="login"', 'id="input"', 'id="send"', 'id="messages"', 'id="error"',
                   'src="app.js"', 'href="app.css"'):  # fmt: skip
        assert marker in html
    assert "http://" not in html and "https://" not in html  # no CDN: the machine may have no internet
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    status, headers, _, script = server.request("GET", PREFIX + "/client/app.js")
    assert status == 200 and "javascript" in headers["Content-Type"]
    for marker in ("quick-reply", "card-copy", '"card"', "sessionStorage", "/login", "/webhook", "Authorization"):
        assert marker in script
    assert server.request("GET", PREFIX + "/client/app.css")[0] == 200
    status, headers, _, _ = server.request("GET", PREFIX + "/client", redirects=False)
    assert status == 302 and headers["Location"] == PREFIX + "/client/"
    for path in ("/client/secret.txt", "/client/..%2F..%2Fpyproject.toml", "/client/.%2Fapp.js", "/client/index.htm"):
        assert server.request("GET", PREFIX + path)[0] == 404


# ------------------------------------------------------------------------------------------ configuration


def test_config_from_credentials_then_environment_then_defaults():
    env = {"MINIPROGRAM_SECRET": "e" * 32, "MINIPROGRAM_TOKEN_TTL": "600", "MINIPROGRAM_RATE_LIMIT": "5/10",
           "MINIPROGRAM_CODE2SESSION_URL": "https://api.weixin.qq.com/sns/jscode2session?appid=a&secret=b"}  # fmt: skip
    config = load_config(None, env)
    assert (config.secret, config.token_ttl, config.rate_limit, config.rate_window) == ("e" * 32, 600, 5, 10)
    assert config.code2session_url.startswith("https://api.weixin.qq.com/")
    config = load_config({"secret": "c" * 40, "token_ttl": 300, "rate_limit": 7}, env)
    assert (config.secret, config.token_ttl, config.rate_limit, config.rate_window) == ("c" * 40, 300, 7, 60)
    config = load_config({}, {})
    assert (config.secret, config.token_ttl, config.rate_limit, config.rate_window, config.code2session_url) == (
        None, 7200, 20, 60, None)  # fmt: skip
    assert parse_rate_limit(" 30 / 120 ") == (30, 120)
    for bad in ({"secret": "short"}, {"token_ttl": "0"}, {"token_ttl": "soon"}, {"rate_limit": "0/60"},
                {"rate_limit": "5/x"}, {"code2session_url": "ftp://x"}):  # fmt: skip
        with pytest.raises(ValueError):
            load_config(bad, {})


def test_from_credentials_without_a_secret_is_development_mode(monkeypatch, caplog):
    for name in ("MINIPROGRAM_SECRET", "MINIPROGRAM_TOKEN_TTL", "MINIPROGRAM_RATE_LIMIT", "MINIPROGRAM_CODE2SESSION_URL"):
        monkeypatch.delenv(name, raising=False)
    with caplog.at_level("WARNING", logger="channels.miniprogram"):
        first, second = MiniProgramInput.from_credentials(None), MiniProgramInput.from_credentials({})
    assert "MINIPROGRAM_SECRET" in caplog.text
    assert first.name() == "miniprogram" and first.url_prefix() == "miniprogram"
    token = first.signer.issue("wechat", "wechat:alice")
    assert first.signer.verify(token).platform == "wechat"
    with pytest.raises(TokenError):  # a random secret per process: each instance has its own
        second.signer.verify(token)


def test_token_signer_never_puts_the_openid_in_the_token():
    signer = TokenSigner(SECRET, 60, Clock())
    token = signer.issue("wechat", "oAbCdEf-openid")
    assert "oAbCdEf" not in json.dumps(token_payload(token))
    assert signer.user_hash("wechat", "oAbCdEf-openid") != signer.user_hash("alipay", "oAbCdEf-openid")
