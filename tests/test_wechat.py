"""The WeChat channel (channels.wechat) end to end on loopback: the webhook mounted on a Sanic app the way Rasa mounts
it, a fake Rasa (on_new_message) that replies through the collector, and a fake WeChat API server (aiohttp) that hands
out access tokens and records what the customer-service send API received. Clocks are injected."""

from __future__ import annotations

import asyncio
import itertools
import json
import logging
import socket
from collections.abc import Awaitable, Callable
from contextlib import asynccontextmanager
from types import SimpleNamespace

import aiohttp
import pytest
from aiohttp import web
from rasa.core.channels.channel import UserMessage, register
from sanic import Sanic

from channels.wechat import NOT_CONFIGURED, TEXT_ONLY, UNAVAILABLE, WELCOME, WeChatInput, parse_message, signature
from channels.wechat_text import TTLCache, choice, render_replies, split_text

TOKEN, APPID, SECRET = "t0ken-for-tests", "wx0123456789abcdef", "s3cret-for-tests"
OPENID = "oAbCdEfGhIjKlMnOpQrStUvWxYz0"
NOW = 1_760_000_000.0
HUKOU_BUTTONS = [
    {"title": "本地户口", "payload": '/inform{"hukou": "local"}'},
    {"title": "外地户口", "payload": '/inform{"hukou": "nonlocal"}'},
]
_apps = itertools.count()


@pytest.fixture(autouse=True, scope="module")
def sanic_test_mode():
    """Sanic 21.12 rewrites its HTTP methods when an app starts; test mode keeps the originals for the next app."""
    before, Sanic.test_mode = Sanic.test_mode, True
    yield
    Sanic.test_mode = before


class Clock:
    def __init__(self, now: float = NOW) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


class FakeWeChat:
    """/cgi-bin/token hands out T1, T2, …; /cgi-bin/message/custom/send records each body (or refuses as told)."""

    def __init__(self) -> None:
        self.token_requests: list[dict[str, str]] = []
        self.sent: list[dict] = []
        self.raw: list[tuple[str, bytes]] = []  # (content type, body) of each accepted send
        self.refuse: list[int] = []  # errcodes to answer the next sends with, one each
        self.runner: web.AppRunner | None = None
        self.url = ""

    async def token(self, request: web.Request) -> web.Response:
        self.token_requests.append(dict(request.query))
        return web.json_response({"access_token": f"T{len(self.token_requests)}", "expires_in": 7200})

    async def send(self, request: web.Request) -> web.Response:
        if self.refuse:
            return web.json_response({"errcode": self.refuse.pop(0), "errmsg": "refused by the fake"})
        body = await request.read()
        self.raw.append((request.headers.get("Content-Type", ""), body))
        self.sent.append({"access_token": request.query.get("access_token"), **json.loads(body.decode("utf-8"))})
        return web.json_response({"errcode": 0, "errmsg": "ok"})

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/cgi-bin/token", self.token)
        app.router.add_post("/cgi-bin/message/custom/send", self.send)
        self.runner = web.AppRunner(app, access_log=None)
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        await site.start()
        self.url = f"http://127.0.0.1:{self.runner.addresses[0][1]}"

    async def stop(self) -> None:
        if self.runner is not None:
            await self.runner.cleanup()

    def contents(self) -> list[str]:
        return [body["text"]["content"] for body in self.sent]


Reply = Callable[[UserMessage], Awaitable[None]]


async def echo(message: UserMessage) -> None:
    await message.output_channel.send_response(message.sender_id, {"text": f"收到：{message.text}"})


class FakeRasa:
    """Stands in for Rasa's agent: records each UserMessage, waits for ``gate``, then replies through the collector."""

    def __init__(self, reply: Reply = echo) -> None:
        self.reply = reply
        self.received: list[UserMessage] = []
        self.finished = 0
        self.gate = asyncio.Event()
        self.gate.set()

    async def handle_message(self, message: UserMessage) -> None:
        self.received.append(message)
        await self.gate.wait()
        await self.reply(message)
        self.finished += 1

    def texts(self) -> list[str]:
        return [m.text for m in self.received]


@asynccontextmanager
async def served(reply: Reply = echo, channel: WeChatInput | None = None):
    """The channel registered on a Sanic app by Rasa's own ``register`` (so at /webhooks/wechat/…), on loopback."""
    fake = FakeWeChat()
    await fake.start()
    clock = Clock()
    if channel is None:
        channel = WeChatInput(TOKEN, APPID, SECRET, api_base=fake.url, clock=clock, monotonic=clock)
    rasa = FakeRasa(reply)
    app = Sanic(f"wechat_test_{next(_apps)}", configure_logging=False)
    app.ctx.agent = rasa
    register([channel], app, "/webhooks/")
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = await app.create_server(sock=sock, return_asyncio_server=True, access_log=False)
    await server.startup()  # (create_server already awaited the AsyncioServer: it is listening)
    await server.before_start()
    await server.after_start()
    session = aiohttp.ClientSession(f"http://127.0.0.1:{sock.getsockname()[1]}")
    try:
        yield SimpleNamespace(channel=channel, rasa=rasa, fake=fake, clock=clock, http=session)
    finally:
        await session.close()
        await server.before_stop()  # the channel's listener lets background work finish and closes its client
        server.close()
        await server.wait_closed()
        await server.after_stop()
        await fake.stop()


def run(coro) -> None:
    asyncio.run(asyncio.wait_for(coro, 8))


def query(clock: Clock, *, timestamp: float | None = None, nonce: str | None = None, token: str = TOKEN, **extra) -> dict:
    """Signed query parameters; a fresh nonce for each request, as WeChat sends."""
    nonce = nonce if nonce is not None else f"n{next(_NONCES)}"
    stamp = str(int(clock() if timestamp is None else timestamp))
    return {"signature": signature(token, stamp, nonce), "timestamp": stamp, "nonce": nonce, **extra}


def text_xml(content: str, msg_id: str | None = "24610000000000001", openid: str = OPENID, kind: str = "text") -> str:
    msg_id_tag = f"<MsgId>{msg_id}</MsgId>" if msg_id else ""
    return (f"<xml><ToUserName><![CDATA[gh_0123456789ab]]></ToUserName><FromUserName><![CDATA[{openid}]]></FromUserName>"
            f"<CreateTime>{int(NOW)}</CreateTime><MsgType><![CDATA[{kind}]]></MsgType>"
            f"<Content><![CDATA[{content}]]></Content>{msg_id_tag}</xml>")  # fmt: skip


def event_xml(event: str, create: int = int(NOW)) -> str:
    return (f"<xml><ToUserName><![CDATA[gh_0123456789ab]]></ToUserName><FromUserName><![CDATA[{OPENID}]]></FromUserName>"
            f"<CreateTime>{create}</CreateTime><MsgType><![CDATA[event]]></MsgType>"
            f"<Event><![CDATA[{event}]]></Event></xml>")  # fmt: skip


_NONCES = itertools.count(1)


async def post(s, body: str | bytes, params: dict | None = None) -> tuple[int, str]:
    data = body.encode("utf-8") if isinstance(body, str) else body
    async with s.http.post("/webhooks/wechat/webhook", params=query(s.clock) if params is None else params, data=data,
                           headers={"Content-Type": "text/xml"}) as resp:  # fmt: skip
        return resp.status, await resp.text()


async def say(s, content: str, msg_id: str) -> None:
    """One text message from the resident, answered and fully handled."""
    assert await post(s, text_xml(content, msg_id)) == (200, "success")
    await s.channel.drain()


# ----- GET: the server check -----


def test_get_returns_echostr_for_a_good_signature_and_403_otherwise():
    async def main():
        async with served() as s:
            async with s.http.get("/webhooks/wechat/webhook", params=query(s.clock, echostr="echo-42")) as resp:
                assert resp.status == 200
                assert resp.content_type == "text/plain"
                assert await resp.text() == "echo-42"
            bad = query(s.clock, echostr="echo-42", token="another-token")
            async with s.http.get("/webhooks/wechat/webhook", params=bad) as resp:
                assert resp.status == 403
            for stamp in (NOW - 301, NOW + 301):  # stale, or from the future beyond the tolerance
                async with s.http.get("/webhooks/wechat/webhook", params=query(s.clock, timestamp=stamp, echostr="e")) as resp:
                    assert resp.status == 403
            async with s.http.get("/webhooks/wechat/webhook", params=query(s.clock, timestamp=NOW - 299, echostr="e")) as resp:
                assert resp.status == 200
            async with s.http.get("/webhooks/wechat/webhook", params={"echostr": "e"}) as resp:
                assert resp.status == 403

    run(main())


# ----- POST: verified, answered at once, handled in the background -----


def test_post_answers_success_at_once_and_sends_the_reply_through_the_api():
    async def main():
        async with served() as s:
            s.rasa.gate.clear()  # Rasa is still busy when WeChat gets its answer
            assert await post(s, text_xml("你好")) == (200, "success")
            assert s.rasa.finished == 0 and s.fake.sent == []
            s.rasa.gate.set()
            await s.channel.drain()
            assert s.rasa.finished == 1
            assert s.fake.sent == [{"access_token": "T1", "touser": OPENID, "msgtype": "text", "text": {"content": "收到：你好"}}]
            content_type, raw = s.fake.raw[0]
            assert content_type.startswith("application/json") and "收到".encode() in raw  # UTF-8, not \\u escapes
            message = s.rasa.received[0]
            assert message.sender_id.startswith("wx_") and OPENID not in message.sender_id
            assert message.sender_id == s.channel.sender_id(OPENID)
            assert message.input_channel == "wechat" and message.metadata == {"channel": "wechat"}
            assert s.fake.token_requests == [{"grant_type": "client_credential", "appid": APPID, "secret": SECRET}]

    run(main())


def test_post_with_a_bad_signature_or_a_stale_timestamp_is_refused_and_nothing_is_sent():
    async def main():
        async with served() as s:
            assert (await post(s, text_xml("你好"), query(s.clock, token="wrong")))[0] == 403
            assert (await post(s, text_xml("你好"), query(s.clock, timestamp=NOW - 3600)))[0] == 403
            assert (await post(s, text_xml("你好"), {}))[0] == 403
            await s.channel.drain()
            assert s.rasa.received == [] and s.fake.sent == [] and s.fake.token_requests == []

    run(main())


def test_the_same_signature_timestamp_and_nonce_with_another_body_is_refused():
    async def main():
        async with served() as s:
            params = query(s.clock, nonce="same-nonce")
            assert await post(s, text_xml("我在上海", "31"), params) == (200, "success")
            assert await post(s, text_xml("我在上海", "31"), params) == (200, "success")  # WeChat's own retry
            assert await post(s, text_xml("我是低保户", "32"), params) == (403, "请求已使用过")  # a forged replay
            await s.channel.drain()
            assert s.rasa.texts() == ["我在上海"]

    run(main())


def test_a_retried_msgid_is_handled_once_until_the_cache_forgets_it():
    async def main():
        async with served() as s:
            for nonce in ("a", "b", "c"):  # WeChat's retries: same MsgId, new query
                assert await post(s, text_xml("你好", "777"), query(s.clock, nonce=nonce)) == (200, "success")
            await s.channel.drain()
            assert s.rasa.texts() == ["你好"] and s.fake.contents() == ["收到：你好"]
            await say(s, "你好", "778")  # another message, same text
            assert len(s.rasa.received) == 2
            s.clock.now += 61  # the de-duplication window is 60 s
            await say(s, "你好", "777")
            assert len(s.rasa.received) == 3

    run(main())


def test_identifiers_are_redacted_before_rasa_sees_the_text():
    async def main():
        async with served() as s:
            await say(s, "我身份证号11010519491231002X，手机13800138000，交多少钱", "1")
            text = s.rasa.received[0].text
            assert "11010519491231002X" not in text and "13800138000" not in text
            assert "已隐去" in text and "交多少钱" in text
            assert "13800138000" not in json.dumps(s.fake.sent, ensure_ascii=False)

    run(main())


def test_the_access_token_is_cached_and_fetched_again_when_refused_or_expired():
    async def main():
        async with served() as s:
            for n in range(3):
                await say(s, f"第{n}条", str(n))
            assert len(s.fake.token_requests) == 1 and [b["access_token"] for b in s.fake.sent] == ["T1"] * 3
            s.fake.refuse = [40001]  # WeChat says the token is no longer valid: fetch a new one, send again
            await say(s, "第3条", "3")
            assert len(s.fake.token_requests) == 2
            assert s.fake.sent[-1]["access_token"] == "T2" and s.fake.contents()[-1] == "收到：第3条"
            await say(s, "第4条", "4")
            assert len(s.fake.token_requests) == 2
            s.clock.now += 7200  # past expires_in: renewed before use
            await say(s, "第5条", "5")
            assert len(s.fake.token_requests) == 3 and s.fake.sent[-1]["access_token"] == "T3"

    run(main())


def test_a_long_reply_is_split_at_line_breaks_into_pieces_of_600_characters_at_most():
    lines = [f"第{i:02d}行：" + "参保缴费说明" * 8 for i in range(30)]  # 30 lines of 52 characters

    async def reply(message: UserMessage) -> None:
        await message.output_channel.send_response(message.sender_id, {"text": "\n".join(lines)})

    async def main():
        async with served(reply) as s:
            await say(s, "详细说说", "1")
            pieces = s.fake.contents()
            assert len(pieces) == 3 and all(len(p) <= 600 for p in pieces)
            assert "\n".join(pieces) == "\n".join(lines)  # cut only between lines

    run(main())


def test_buttons_become_a_numbered_list_and_a_number_picks_the_payload():
    async def reply(message: UserMessage) -> None:
        out = message.output_channel
        if message.text == "我在杭州":
            await out.send_response(message.sender_id, {"text": "您的户口是不是在杭州市区？", "buttons": list(HUKOU_BUTTONS)})
        else:
            await out.send_response(message.sender_id, {"text": "您今年多大（周岁）？"})

    async def main():
        async with served(reply) as s:
            await say(s, "我在杭州", "1")
            assert s.fake.contents() == ["您的户口是不是在杭州市区？\n\n回复数字即可：\n1. 本地户口\n2. 外地户口"]
            await say(s, "２", "2")  # a full-width digit too
            assert s.rasa.texts()[-1] == '/inform{"hukou": "nonlocal"}'
            await say(s, "2", "3")  # the last reply offered no choice: "2" is just text (an age, here)
            assert s.rasa.texts()[-1] == "2"

    run(main())


def test_an_answer_card_is_sent_as_its_plain_text_once():
    card = {"type": "answer_card", "plain_text": "杭州市区2025年度：一档每人每年730元。"}

    async def reply(message: UserMessage) -> None:
        out = message.output_channel
        await out.send_response(message.sender_id, {"text": card["plain_text"], "custom": card})  # text and card: once
        await out.send_response(message.sender_id, {"custom": {**card, "plain_text": "只有卡片。"}})  # card only
        await out.send_response(message.sender_id, {"custom": {"type": "something_else"}})  # not shown

    async def main():
        async with served(reply) as s:
            await say(s, "交多少钱", "1")
            assert s.fake.contents() == [card["plain_text"], "只有卡片。"]

    run(main())


def test_xml_with_a_doctype_or_an_oversized_body_is_refused():
    bomb = ('<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
            f"<xml><FromUserName>{OPENID}</FromUserName><MsgType>text</MsgType>"
            "<Content>&b;</Content><MsgId>1</MsgId></xml>")  # fmt: skip
    external = f'<!DOCTYPE xml SYSTEM "file:///etc/passwd"><xml><FromUserName>{OPENID}</FromUserName></xml>'

    async def main():
        async with served() as s:
            assert (await post(s, bomb))[0] == 400
            assert (await post(s, external))[0] == 400
            assert (await post(s, "<xml><Content>unclosed</xml>"))[0] == 400
            assert (await post(s, b"\xff\xfe<\x00x\x00"))[0] == 400
            assert (await post(s, text_xml("长" * 70_000)))[0] == 413
            await s.channel.drain()
            assert s.rasa.received == [] and s.fake.sent == []

    run(main())


def test_subscribe_gets_the_welcome_once_and_other_events_nothing():
    async def main():
        async with served() as s:
            for _ in range(2):  # no MsgId: the retry is recognised by sender and CreateTime
                assert await post(s, event_xml("subscribe")) == (200, "success")
            assert await post(s, event_xml("unsubscribe", int(NOW) + 1)) == (200, "success")
            assert await post(s, event_xml("VIEW", int(NOW) + 2)) == (200, "success")
            await s.channel.drain()
            assert s.fake.contents() == [WELCOME] and s.fake.sent[0]["touser"] == OPENID
            assert s.rasa.received == []

    run(main())


def test_voice_with_recognition_is_text_and_other_messages_get_a_hint():
    voice = (f"<xml><FromUserName>{OPENID}</FromUserName><CreateTime>{int(NOW)}</CreateTime><MsgType>voice</MsgType>"
             "<MediaId>m1</MediaId><Format>amr</Format><Recognition>我在上海</Recognition><MsgId>9</MsgId></xml>")  # fmt: skip
    image = f"<xml><FromUserName>{OPENID}</FromUserName><MsgType>image</MsgType><PicUrl>http://x/y.jpg</PicUrl><MsgId>10</MsgId></xml>"

    async def main():
        async with served() as s:
            assert await post(s, voice) == (200, "success")
            assert await post(s, image) == (200, "success")
            await s.channel.drain()
            assert s.rasa.texts() == ["我在上海"]
            assert sorted(s.fake.contents()) == sorted(["收到：我在上海", TEXT_ONLY])

    run(main())


def test_a_message_over_the_cap_gets_the_chinese_reply_and_never_reaches_rasa():
    from base.limits import MAX_MESSAGE_CHARS, TOO_LONG

    def text(content, msg_id):
        return (f"<xml><FromUserName>{OPENID}</FromUserName><CreateTime>{int(NOW)}</CreateTime><MsgType>text</MsgType>"
                f"<Content>{content}</Content><MsgId>{msg_id}</MsgId></xml>")  # fmt: skip

    async def main():
        async with served() as s:
            assert await post(s, text("杭" * (MAX_MESSAGE_CHARS + 1), 21)) == (200, "success")
            assert await post(s, text("我在上海", 22)) == (200, "success")
            await s.channel.drain()
            assert s.rasa.texts() == ["我在上海"]
            assert sorted(s.fake.contents()) == sorted(["收到：我在上海", TOO_LONG])

    run(main())


def test_failures_are_logged_without_contents_or_openids_and_the_server_keeps_going(caplog):
    async def reply(message: UserMessage) -> None:
        if message.text == "坏了":
            raise RuntimeError(f"boom with {message.text}")
        await echo(message)

    async def main():
        async with served(reply) as s:
            s.fake.refuse = [45015]  # e.g. the 48-hour window has passed
            await say(s, "你好", "1")
            assert s.fake.sent == []
            await say(s, "坏了", "2")  # Rasa fails: the resident hears so
            assert s.fake.contents() == [UNAVAILABLE]
            await say(s, "还在吗", "3")
            assert s.fake.contents()[-1] == "收到：还在吗"

    with caplog.at_level(logging.INFO, logger="channels"):
        run(main())
    logged = "\n".join(r.getMessage() for r in caplog.records if r.name.startswith("channels"))
    assert "45015" in logged and "RuntimeError" in logged
    assert OPENID not in logged and "你好" not in logged and "坏了" not in logged and SECRET not in logged


def test_the_api_being_down_does_not_break_the_webhook():
    async def main():
        dead = socket.socket()
        dead.bind(("127.0.0.1", 0))  # bound, never listening: connections are refused
        channel = WeChatInput(TOKEN, APPID, SECRET, api_base=f"http://127.0.0.1:{dead.getsockname()[1]}",
                              clock=Clock(), monotonic=Clock())  # fmt: skip
        try:
            async with served(channel=channel) as s:
                await say(s, "你好", "1")
                await say(s, "在吗", "2")
                assert s.rasa.texts() == ["你好", "在吗"]
        finally:
            dead.close()

    run(main())


# ----- configuration -----


def test_an_unconfigured_channel_answers_503_without_failing_startup(monkeypatch):
    for name in ("WECHAT_TOKEN", "WECHAT_APPID", "WECHAT_SECRET"):
        monkeypatch.delenv(name, raising=False)
    channel = WeChatInput.from_credentials(None)
    assert not channel.configured

    async def main():
        async with served(channel=channel) as s:
            async with s.http.get("/webhooks/wechat/webhook", params=query(s.clock, token="", echostr="e")) as resp:
                assert resp.status == 503 and await resp.text() == NOT_CONFIGURED
            status, text = await post(s, text_xml("你好"), query(s.clock, token=""))
            assert (status, text) == (503, NOT_CONFIGURED)
            async with s.http.get("/webhooks/wechat/") as resp:
                assert await resp.json() == {"status": "ok", "configured": False}

    run(main())


def test_configuration_comes_from_credentials_or_else_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("WECHAT_TOKEN", "env-token")
    monkeypatch.setenv("WECHAT_APPID", "env-appid")
    monkeypatch.setenv("WECHAT_SECRET", "env-secret")
    monkeypatch.setenv("WECHAT_API_BASE", "http://127.0.0.1:9/")
    monkeypatch.setenv("WECHAT_MAX_SKEW", "120")
    from_env = WeChatInput.from_credentials(None)
    assert (from_env.token, from_env.appid, from_env.secret) == ("env-token", "env-appid", "env-secret")
    assert from_env.client.api_base == "http://127.0.0.1:9" and from_env.max_skew == 120 and from_env.configured
    from_keys = WeChatInput.from_credentials({"token": "key-token", "max_skew": 30})
    assert from_keys.token == "key-token" and from_keys.appid == "env-appid" and from_keys.max_skew == 30

    # the line the integrator adds to bot/credentials.yml, loaded the way rasa.core.run._create_single_channel loads it
    # (without importing rasa.core.run, which pulls in TensorFlow)
    from rasa.shared.utils.common import class_from_module_path
    from rasa.shared.utils.io import read_config_file

    credentials = tmp_path / "credentials.yml"
    credentials.write_text("rest:\nchannels.wechat.WeChatInput:\n", encoding="utf-8")
    entries = read_config_file(str(credentials))
    wechat = class_from_module_path("channels.wechat.WeChatInput").from_credentials(entries["channels.wechat.WeChatInput"])
    assert isinstance(wechat, WeChatInput) and wechat.url_prefix() == "wechat" and wechat.token == "env-token"


# ----- helpers -----


def test_parse_message_reads_fields_and_refuses_declarations():
    assert parse_message(text_xml("你好").encode())["Content"] == "你好"
    for body in (b'<!DOCTYPE x><xml/>', b'<!ENTITY a "b"><xml/>', b"<notxml/>", b"plain"):
        with pytest.raises(ValueError):
            parse_message(body)


def test_split_text_keeps_short_texts_and_cuts_overlong_lines():
    assert split_text("  短  ") == ["短"] and split_text("") == []
    pieces = split_text("甲" * 1300)
    assert [len(p) for p in pieces] == [600, 600, 100]


def test_render_and_choice():
    rendered = render_replies([{"text": "选一个", "buttons": HUKOU_BUTTONS}, {"text": "另一条"}])
    assert rendered.texts == ["选一个\n\n回复数字即可：\n1. 本地户口\n2. 外地户口", "另一条"]
    assert choice("1", rendered.offers) == '/inform{"hukou": "local"}'
    assert choice("3", rendered.offers) is None and choice("1岁", rendered.offers) is None and choice("1", None) is None


def test_ttl_cache_expires_and_stays_bounded():
    clock = Clock(0.0)
    cache = TTLCache(ttl=10, maxsize=3, clock=clock)
    assert cache.add("a") and not cache.add("a")
    for key in "bcd":
        cache.add(key)
    assert len(cache) == 3 and cache.add("a")  # "a" was evicted first
    clock.now = 11
    assert len(cache) == 0
