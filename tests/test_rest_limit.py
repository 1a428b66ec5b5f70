"""The REST channel's per-sender rate limit (channels/rest.py): a Chinese 429 with Retry-After past the
limit, other senders unaffected, a 503 with the apology when the count's store is down."""

import asyncio
import json
from types import SimpleNamespace

from channels import rest, shared_state


def request(sender, message="你好"):
    return SimpleNamespace(body=json.dumps({"sender": sender, "message": message}).encode())


def test_a_sender_over_the_limit_gets_a_chinese_429_and_others_go_on(monkeypatch):
    monkeypatch.setenv(rest.REST_RATE_LIMIT_ENV, "3/60")
    monkeypatch.delenv(shared_state.ENV, raising=False)
    state: dict = {}

    async def run():
        first = [await rest.throttle(request("r1"), state) for _ in range(3)]
        over = await rest.throttle(request("r1"), state)
        other = await rest.throttle(request("r2"), state)
        return first, over, other

    first, over, other = asyncio.run(run())
    assert first == [None, None, None] and other is None
    assert over.status == 429 and int(over.headers["Retry-After"]) >= 1
    assert "您发送得有点快，请稍等" in json.loads(over.body)["error"]


def test_the_counts_store_down_gives_the_apology_not_a_traceback(monkeypatch):
    class Down:
        async def hit(self, key):
            raise shared_state.StateUnavailable("connection refused")

    reply = asyncio.run(rest.throttle(request("r3"), {"limiter": Down()}))
    assert reply.status == 503
    text = json.loads(reply.body)[0]["text"]
    assert "12393" in text and "12366" in text
