"""WeChat customer-service messages end to end: signed XML posts to the real assistant (as `make run`
serves it), `success` at once, and the replies delivered to a loopback fake of WeChat's send API."""

import hashlib
import secrets
import time
import urllib.request

from tests.conftest import RASA_PORT, WECHAT


def post(text, msg_id, openid="oE2E-resident"):
    stamp, nonce = str(int(time.time())), secrets.token_hex(4)  # a fresh nonce per request, as WeChat sends
    signature = hashlib.sha1("".join(sorted([WECHAT["WECHAT_TOKEN"], stamp, nonce])).encode()).hexdigest()
    xml = (f"<xml><ToUserName><![CDATA[gh_e2e]]></ToUserName><FromUserName><![CDATA[{openid}]]></FromUserName>"
           f"<CreateTime>{stamp}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[{text}]]></Content>"
           f"<MsgId>{msg_id}</MsgId></xml>")  # fmt: skip
    url = f"http://127.0.0.1:{RASA_PORT}/webhooks/wechat/webhook?signature={signature}&timestamp={stamp}&nonce={nonce}"
    with urllib.request.urlopen(urllib.request.Request(url, xml.encode(), {"Content-Type": "text/xml"}), timeout=5) as r:
        return r.read().decode()


def replies_after(api, count, seconds=60):
    deadline = time.monotonic() + seconds
    while len(api.sent) < count and time.monotonic() < deadline:
        time.sleep(0.2)
    return [m["text"]["content"] for m in api.sent[count - 1 :]]


def test_a_subscriber_is_answered_through_the_send_api_with_numbered_choices(assistant):
    api = assistant["wechat"]
    api.sent.clear()
    assert post("我在杭州，孩子8岁，本地户口，手机13912345678", 9001) == "success"
    first = replies_after(api, 1)[0]
    assert "孩子现在在上学吗？" in first and "3. 中小学或中职在读" in first
    assert post("我在杭州，孩子8岁，本地户口，手机13912345678", 9001) == "success"  # WeChat's retry: answered once
    assert post("3", 9002) == "success"  # the number picks the offered choice
    assert "1. 都不是" in replies_after(api, 2)[0]
    post("1", 9003)
    time.sleep(1)
    answer = "\n".join(replies_after(api, 3))
    assert "交多少：个人330元。" in answer and "杭医保〔2024〕28号" in answer and "咨询编号：" in answer
    assert "1. 怎么缴" in answer  # the follow-ups, as numbered choices
    assert all(m["touser"] == "oE2E-resident" for m in api.sent)
    assert "13912345678" not in str(api.sent)
    assert sum("孩子现在在上学吗？" in m["text"]["content"] for m in api.sent) == 1
