"""The channels' state shared through Redis (channels/shared_state.py): two channel objects stand for two
Rasa processes. The mini-program rate limit counts across both, a WeChat retry reaching the other one is
dropped, a replayed signature with another body is refused there, and a Redis that is down gives the
resident the Chinese apology naming 12393/12366 (never a traceback). Redis at 127.0.0.1:6379, db 9."""

from __future__ import annotations

import asyncio
import socket
import time
import uuid

import pytest
from sanic import Sanic

from channels import shared_state
from channels.miniprogram import ERRORS, MiniProgramInput
from channels.wechat import UNAVAILABLE, WeChatInput
from tests.services import needs_redis
from tests.test_miniprogram import SECRET, Bot, Clock, Server
from tests.test_wechat import APPID, NOW, TOKEN, FakeWeChat, post, query, served, text_xml
from tests.test_wechat import SECRET as WX_SECRET

REDIS = "redis://127.0.0.1:6379/9"


pytestmark = needs_redis


@pytest.fixture(autouse=True)
def sanic_test_mode(monkeypatch):
    """Several Sanic apps in one process (what sanic-testing does)."""
    monkeypatch.setattr(Sanic, "test_mode", True)


def _dead_url() -> str:
    """A loopback port nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"redis://127.0.0.1:{sock.getsockname()[1]}/0"


def test_the_environment_chooses_the_store():
    assert shared_state.from_environment({}).kind == "memory"
    assert shared_state.from_environment({"STATE_REDIS_URL": REDIS}).kind == "redis"
    with pytest.raises(ValueError, match="redis://"):
        shared_state.from_environment({"STATE_REDIS_URL": "127.0.0.1:6379"})


def test_the_redis_rate_limit_is_one_window_for_every_process():
    async def scenario():
        clock, key = Clock(1_000.0), f"mp_{uuid.uuid4().hex}"
        one, two = shared_state.RedisState(REDIS), shared_state.RedisState(REDIS)  # two processes' clients
        try:
            first, second = one.limiter("t:rate", 2, 10, clock), two.limiter("t:rate", 2, 10, clock)
            assert await first.hit(key) == 0 and await second.hit(key) == 0
            assert await first.hit(key) == pytest.approx(10) and await second.hit(key) == pytest.approx(10)
            clock.now += 4
            assert await second.hit(key) == pytest.approx(6)
            clock.now += 6.001  # both events have left the window; the refused ones never counted
            assert await first.hit(key) == 0 and await second.hit(key) == 0 and await first.hit(key) > 0
        finally:
            await one.close()
            await two.close()

    asyncio.run(scenario())


def test_the_redis_caches_are_shared_and_expire():
    async def scenario():
        one, two = shared_state.RedisState(REDIS), shared_state.RedisState(REDIS)
        key = uuid.uuid4().hex
        try:
            seen_here, seen_there = one.cache("t:seen", 0.3), two.cache("t:seen", 0.3)
            assert await seen_here.add(key) is True
            assert await seen_there.add(key) is False  # the retry reached the other process: a duplicate
            offers = two.cache("t:offers", 60)
            await one.cache("t:offers", 60).put(key, [{"title": "本地户口", "payload": "/inform"}])
            assert await offers.get(key) == [{"title": "本地户口", "payload": "/inform"}]
            assert await offers.pop(key) == [{"title": "本地户口", "payload": "/inform"}]
            assert await offers.get(key) is None
            nonces_here, nonces_there = one.cache("t:nonce", 60), two.cache("t:nonce", 60)
            assert await nonces_here.put_first(key, "body-a") == "body-a"
            assert await nonces_there.put_first(key, "body-b") == "body-a"  # the first body wins everywhere
            await asyncio.sleep(0.4)
            assert await seen_there.add(key) is True  # expired
        finally:
            await one.close()
            await two.close()

    asyncio.run(scenario())


def test_redis_down_is_a_quick_state_unavailable():
    async def scenario():
        state = shared_state.RedisState(_dead_url())
        started = time.monotonic()
        with pytest.raises(shared_state.StateUnavailable):
            await state.limiter("t:rate", 2, 10).hit("mp_x")
        with pytest.raises(shared_state.StateUnavailable):
            await state.cache("t:seen", 60).add("x")
        await state.close()
        return time.monotonic() - started

    assert asyncio.run(scenario()) < 2


# ------------------------------------------------------------------------------------------ mini-program


@pytest.fixture
def mini():
    started = []

    def start(url: str, rate_limit: int = 20) -> Server:
        channel = MiniProgramInput(secret=SECRET, clock=Clock(), rate_limit=rate_limit, state=shared_state.RedisState(url))
        started.append(Server(channel, Bot()))
        return started[-1]

    yield start
    for server in started:
        server.close()


def test_the_mini_program_rate_limit_holds_across_two_processes(mini):
    one, two = mini(REDIS, rate_limit=2), mini(REDIS, rate_limit=2)
    code = f"user-{uuid.uuid4().hex}"
    token = one.login(code)
    assert one.say(token, "我在杭州")[0] == 200
    assert two.say(token, "40岁")[0] == 200  # the other process, the same sender, one count
    status, headers, body = two.say(token, "本地户口")
    assert status == 429 and body["error"]["code"] == "rate_limited" and int(headers["Retry-After"]) >= 59
    status, _, body = one.say(token, "本地户口")
    assert status == 429 and "请稍等" in body["error"]["message"]
    assert [m.text for m in one.bot.received + two.bot.received] == ["我在杭州", "40岁"]


def test_the_mini_program_answers_the_apology_when_redis_is_down(mini):
    server = mini(_dead_url())
    token = server.login()
    started = time.monotonic()
    status, _, body = server.say(token, "我在杭州，40岁")
    assert time.monotonic() - started < 2
    assert status == 503 and body["error"] == {"code": "unavailable", "message": ERRORS["unavailable"][1]}
    assert all(word in body["error"]["message"] for word in ("抱歉", "12393", "12366"))
    assert server.bot.received == []  # not handled: the resident is asked to send it again


# ------------------------------------------------------------------------------------------------ WeChat


def _wechat(url: str, fake_url: str) -> WeChatInput:
    clock = Clock(NOW)
    return WeChatInput(TOKEN, APPID, WX_SECRET, api_base=fake_url, clock=clock, monotonic=clock,
                       state=shared_state.RedisState(url))  # fmt: skip


def test_a_wechat_retry_reaching_the_other_process_is_dropped():
    async def scenario():
        fake = FakeWeChat()
        await fake.start()
        msg_id = str(uuid.uuid4().int)[:17]
        nonce = uuid.uuid4().hex
        try:
            async with served(channel=_wechat(REDIS, fake.url)) as one, served(channel=_wechat(REDIS, fake.url)) as two:
                params = query(one.clock, nonce=nonce)
                assert await post(one, text_xml("我在杭州", msg_id), params) == (200, "success")
                await one.channel.drain()
                assert await post(two, text_xml("我在杭州", msg_id), params) == (200, "success")  # WeChat's retry
                await two.channel.drain()
                assert one.rasa.texts() == ["我在杭州"] and two.rasa.texts() == []
                # the same signed query with another body on the other process: a replay, refused
                assert await post(two, text_xml("我在上海", str(int(msg_id) + 1)), params) == (403, "请求已使用过")
                assert fake.contents() == ["收到：我在杭州"]
        finally:
            await fake.stop()

    asyncio.run(asyncio.wait_for(scenario(), 20))


def test_wechat_answers_the_apology_when_redis_is_down():
    async def scenario():
        fake = FakeWeChat()
        await fake.start()
        try:
            async with served(channel=_wechat(_dead_url(), fake.url)) as s:
                started = time.monotonic()
                assert await post(s, text_xml("我在杭州，40岁", "24610000000000077")) == (200, "success")
                assert time.monotonic() - started < 2
                await s.channel.drain()
                assert s.rasa.texts() == []
                assert fake.contents() == [UNAVAILABLE]
                assert all(word in UNAVAILABLE for word in ("抱歉", "12393", "12366"))
        finally:
            await fake.stop()

    asyncio.run(asyncio.wait_for(scenario(), 20))
