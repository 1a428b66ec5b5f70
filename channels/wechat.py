"""WeChat customer-service messages (公众号/小程序客服消息) as a Rasa input channel, plain-text mode.

Served at ``/webhooks/wechat/webhook`` when ``bot/credentials.yml`` lists ``channels.wechat.WeChatInput:``.

- ``GET``: the server check. The signature (SHA1 of the sorted token, timestamp and nonce) and the timestamp's age are
  verified, then ``echostr`` is returned as it came. Bad signature or stale timestamp: 403.
- ``POST``: the same checks on every message (403), a body of at most 64 KiB (413) holding XML without DOCTYPE or
  ENTITY (400), retries dropped by ``MsgId`` (or sender + CreateTime) for 60 s. WeChat waits 5 s at most, so the answer
  is ``success`` at once and the message is handled in the background: its text goes through
  ``base.privacy.redact`` before Rasa sees it, and each reply is sent through the customer-service send API
  (``channels.wechat_api``), rendered for WeChat by ``channels.wechat_text`` (600-character pieces, buttons as a
  numbered list whose "1"/"2" replies are mapped back to the payloads).
- Rasa sees the sender as ``wx_`` + a keyed hash of the openid (the raw openid is neither stored in the tracker nor
  logged; the hash's key is the appid and token, so changing the token starts new conversations).
- The de-duplication, nonce and quick-reply caches are this process's memory, or Redis shared by every Rasa process
  when ``STATE_REDIS_URL`` is set (``channels.shared_state``). When that Redis is down the message is answered
  ``success`` and the resident gets ``bot.faults.UNAVAILABLE`` (the Chinese apology naming 12393/12366).

Configuration, from the credentials entry or else the environment: ``token`` (``WECHAT_TOKEN``), ``appid``
(``WECHAT_APPID``), ``secret`` (``WECHAT_SECRET``), ``api_base`` (``WECHAT_API_BASE``, default
https://api.weixin.qq.com), ``max_skew`` (``WECHAT_MAX_SKEW``, seconds, default 300). Without token, appid and secret
the webhook answers 503 (Rasa still starts).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import logging
import os
import time
import xml.etree.ElementTree as ET
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from base.limits import MAX_MESSAGE_CHARS, TOO_LONG
from base.privacy import birth_metadata, redact
from bot import faults
from channels import shared_state
from channels.wechat_api import DEFAULT_API_BASE, WeChatApiError, WeChatClient
from channels.wechat_text import choice, render_replies

logger = logging.getLogger(__name__)

MAX_BODY = 64 * 1024
DEFAULT_MAX_SKEW = 300.0
DEDUPE_TTL = 60.0
CHOICE_TTL = 600.0
CACHE_SIZE = 10_000

NOT_CONFIGURED = "微信渠道尚未配置（需要 WECHAT_TOKEN、WECHAT_APPID 和 WECHAT_SECRET），暂时无法提供服务。"
WELCOME = (
    "您好！我是医保参保助手，可以帮您了解城乡居民医保怎么参保、个人交多少钱、在哪里交、什么时候交。"
    "请直接告诉我您的问题，例如“我在杭州，今年交多少钱？”"
)
TEXT_ONLY = "目前我只能看懂文字消息，请直接打字告诉我您的问题。"
UNAVAILABLE = faults.UNAVAILABLE


def signature(token: str, timestamp: str, nonce: str) -> str:
    """WeChat's request signature: SHA1 of the token, timestamp and nonce, sorted and joined."""
    return hashlib.sha1("".join(sorted([token, timestamp, nonce])).encode("utf-8")).hexdigest()


class BadMessage(ValueError):
    """The body is not a WeChat XML message this channel accepts."""


def parse_message(body: bytes) -> dict[str, str]:
    """The fields of a WeChat XML message (``<xml><ToUserName>…``), as tag → text.

    UTF-8 only; any DOCTYPE or ENTITY declaration is refused before parsing (no external entities, no entity expansion).
    """
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise BadMessage("not UTF-8") from None
    upper = text.upper()
    if "<!DOCTYPE" in upper or "<!ENTITY" in upper:
        raise BadMessage("DOCTYPE/ENTITY refused")
    try:
        root = ET.fromstring(text)  # a str is parsed as UTF-8 whatever the XML declaration says
    except ET.ParseError:
        raise BadMessage("not well-formed XML") from None
    if root.tag != "xml":
        raise BadMessage("root element is not <xml>")
    return {child.tag: (child.text or "") for child in root}


class WeChatCollector(CollectingOutputChannel):
    """Collects each bot message whole (text, buttons and custom payload together, paragraphs not split)."""

    @classmethod
    def name(cls) -> str:
        return "wechat"

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        await self._persist_message({"recipient_id": recipient_id, **{k: v for k, v in message.items() if v is not None}})


class WeChatInput(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "wechat"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> WeChatInput:
        faults.install()  # the action server's failures answered in Chinese (bot/faults.py)
        credentials = credentials or {}

        def pick(key: str, env: str) -> str:
            value = credentials.get(key)
            if value is None or str(value).strip() == "":
                value = os.environ.get(env, "")
            return str(value).strip()

        skew = pick("max_skew", "WECHAT_MAX_SKEW")
        try:
            max_skew = float(skew) if skew else DEFAULT_MAX_SKEW
        except ValueError:
            logger.warning("wechat: WECHAT_MAX_SKEW is not a number; using %s s", DEFAULT_MAX_SKEW)
            max_skew = DEFAULT_MAX_SKEW
        return cls(token=pick("token", "WECHAT_TOKEN"), appid=pick("appid", "WECHAT_APPID"),
                   secret=pick("secret", "WECHAT_SECRET"), api_base=pick("api_base", "WECHAT_API_BASE") or DEFAULT_API_BASE,
                   max_skew=max_skew, state=shared_state.from_environment())  # fmt: skip

    def __init__(self, token: str = "", appid: str = "", secret: str = "", api_base: str = DEFAULT_API_BASE,
                 max_skew: float = DEFAULT_MAX_SKEW, clock: Callable[[], float] = time.time,
                 monotonic: Callable[[], float] = time.monotonic,
                 state: shared_state.MemoryState | shared_state.RedisState | None = None) -> None:  # fmt: skip
        self.token, self.appid, self.secret = token, appid, secret
        self.max_skew = max_skew
        self.clock = clock
        self.configured = bool(token and appid and secret)
        if not self.configured:
            logger.warning("wechat: WECHAT_TOKEN, WECHAT_APPID or WECHAT_SECRET is not set; the webhook answers 503")
        self.client = WeChatClient(appid, secret, api_base, clock=monotonic)
        state = state or shared_state.MemoryState()
        self._seen = state.cache("wechat:seen", DEDUPE_TTL, CACHE_SIZE, monotonic)
        self._offers = state.cache("wechat:offers", CHOICE_TTL, CACHE_SIZE, monotonic)
        # signature, timestamp and nonce -> the body they came with, while the timestamp is fresh: the
        # same triple with another body is a replay with a forged message (WeChat's own retries repeat the body)
        self._nonces = state.cache("wechat:nonces", 2 * self.max_skew, CACHE_SIZE, monotonic)
        self._tasks: set[asyncio.Task] = set()
        self._turns: dict[str, list[Any]] = {}

    # ----- helpers -----

    def sender_id(self, openid: str) -> str:
        """Rasa's sender id for an openid: a keyed hash, so the tracker and the logs never hold the openid."""
        digest = hmac.new(f"{self.appid}:{self.token}".encode(), openid.encode("utf-8"), hashlib.sha256).hexdigest()
        return "wx_" + digest[:32]

    def _refuse(self, request: Request) -> HTTPResponse | None:
        """The error response for a request whose signature or timestamp does not pass; None when it passes."""
        args = request.args
        sig, timestamp, nonce = args.get("signature", ""), args.get("timestamp", ""), args.get("nonce", "")
        if not (sig and timestamp) or not hmac.compare_digest(signature(self.token, timestamp, nonce), sig.lower()):
            logger.warning("wechat: request with a bad signature refused")
            return response.text("签名校验失败", status=403)
        try:
            age = abs(self.clock() - int(timestamp))
        except ValueError:
            age = float("inf")
        if age > self.max_skew:
            logger.warning("wechat: request with a stale timestamp refused")
            return response.text("请求已过期", status=403)
        return None

    def _spawn(self, coro: Coroutine[Any, Any, None]) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)  # held until done, so it is not garbage-collected mid-way
        task.add_done_callback(self._tasks.discard)

    async def drain(self, timeout: float | None = None) -> None:
        """Wait for the messages being handled in the background (tests; server shutdown)."""
        while self._tasks:
            done, _ = await asyncio.wait(set(self._tasks), timeout=timeout)
            if not done:
                return

    @contextlib.asynccontextmanager
    async def _turn(self, sender: str) -> AsyncIterator[None]:
        """One message of a sender at a time, so replies go out in order."""
        entry = self._turns.setdefault(sender, [asyncio.Lock(), 0])
        entry[1] += 1
        try:
            async with entry[0]:
                yield
        finally:
            entry[1] -= 1
            if entry[1] == 0:
                self._turns.pop(sender, None)

    async def _send(self, sender: str, openid: str, texts: list[str]) -> None:
        for number, text in enumerate(texts, 1):
            try:
                await self.client.send_text(openid, text)
            except WeChatApiError as exc:
                logger.error("wechat: sending reply %d/%d to %s failed: errcode %s", number, len(texts), sender, exc.errcode)
                return

    async def _handle_text(self, on_new_message: Callable[[UserMessage], Awaitable[Any]], openid: str, text: str) -> None:
        sender = self.sender_id(openid)
        try:
            async with self._turn(sender):
                redacted = redact(text)
                clean = redacted.text
                picked = choice(clean, await self._offers.get(sender))
                collector = WeChatCollector()
                metadata = birth_metadata(redacted, {"channel": "wechat"})
                message = UserMessage(picked if picked is not None else clean, collector, sender,
                                      input_channel=self.name(), metadata=metadata)  # fmt: skip
                try:
                    await on_new_message(message)
                except Exception as exc:  # Rasa failed: say so rather than leave the resident waiting
                    logger.error("wechat: handling a message from %s failed: %s", sender, type(exc).__name__)
                    logger.debug("wechat: failure details", exc_info=True)
                    if not collector.messages:
                        await self._send(sender, openid, [UNAVAILABLE])
                        return
                rendered = render_replies(collector.messages)
                try:
                    if rendered.offers:
                        await self._offers.put(sender, rendered.offers)
                    else:
                        await self._offers.pop(sender)
                except shared_state.StateUnavailable as exc:  # the turn is done: send it; a bare "2" then reads as text
                    logger.warning("wechat: the numbered replies for %s were not kept: %s", sender, exc)
                await self._send(sender, openid, rendered.texts)
        except shared_state.StateUnavailable as exc:
            logger.error("wechat: the shared state is down while handling %s: %s", sender, exc)
            await self._send(sender, openid, [UNAVAILABLE])
        except Exception as exc:  # never let a background task die noisily or take the server down
            logger.error("wechat: background handling for %s failed: %s", sender, type(exc).__name__)
            logger.debug("wechat: failure details", exc_info=True)

    async def _dispatch(self, on_new_message: Callable[[UserMessage], Awaitable[Any]], fields: dict[str, str]) -> None:
        """Start handling one verified message in the background (or drop it as a retry)."""
        openid = fields.get("FromUserName", "")
        if "Encrypt" in fields and not fields.get("MsgType"):
            logger.warning("wechat: encrypted (安全模式) message ignored; set the account to plain-text mode (明文模式)")
            return
        if not openid:
            return
        sender = self.sender_id(openid)
        key = fields.get("MsgId") or f"{sender}:{fields.get('CreateTime', '')}"
        try:
            first = await self._seen.add(key)
        except shared_state.StateUnavailable as exc:  # cannot tell a retry: ask the resident to send it again
            logger.error("wechat: the shared state is down: %s; the resident is asked to resend", exc)
            self._spawn(self._send(sender, openid, [UNAVAILABLE]))
            return
        if not first:
            logger.info("wechat: retry of a message from %s dropped", sender)
            return
        kind = fields.get("MsgType", "").strip().lower()
        if kind == "event":
            if fields.get("Event", "").strip().lower() == "subscribe":
                self._spawn(self._send(sender, openid, [WELCOME]))
            return
        if kind == "text":
            text = fields.get("Content", "")
        elif kind == "voice" and fields.get("Recognition", "").strip():
            text = fields["Recognition"]
        else:
            self._spawn(self._send(sender, openid, [TEXT_ONLY]))
            return
        if len(text) > MAX_MESSAGE_CHARS:  # bounded work: never read by NLU
            self._spawn(self._send(sender, openid, [TOO_LONG]))
            return
        if text.strip():
            self._spawn(self._handle_text(on_new_message, openid, text))

    # ----- Rasa -----

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint("wechat_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok", "configured": self.configured})

        @webhook.route("/webhook", methods=["GET"])
        async def check(request: Request) -> HTTPResponse:
            if not self.configured:
                return response.text(NOT_CONFIGURED, status=503)
            refused = self._refuse(request)
            if refused is not None:
                return refused
            echostr = request.args.get("echostr", "")
            if not echostr:
                return response.text("缺少 echostr", status=400)
            return response.text(echostr)

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if not self.configured:
                return response.text(NOT_CONFIGURED, status=503)
            refused = self._refuse(request)
            if refused is not None:
                return refused
            body = request.body or b""
            args = request.args
            key = f"{args.get('signature', '')}:{args.get('timestamp', '')}:{args.get('nonce', '')}"
            digest = hashlib.sha256(body).hexdigest()
            try:
                first = await self._nonces.put_first(key, digest)
            except shared_state.StateUnavailable as exc:
                logger.error("wechat: the shared state is down: %s", exc)
                first = None  # the message is not handled below: the resident only gets the apology
            if first is not None and first != digest:
                logger.warning("wechat: a signature already used came with another body: refused")
                return response.text("请求已使用过", status=403)
            if len(body) > MAX_BODY:
                return response.text("消息过大", status=413)
            try:
                fields = parse_message(body)
            except BadMessage as exc:
                logger.warning("wechat: message refused: %s", exc)
                return response.text("消息格式错误", status=400)
            if first is None:
                openid = fields.get("FromUserName", "")
                if openid and fields.get("MsgType", "").strip().lower() in ("text", "voice"):
                    self._spawn(self._send(self.sender_id(openid), openid, [UNAVAILABLE]))
                return response.text("success")
            await self._dispatch(on_new_message, fields)
            return response.text("success")

        @webhook.listener("before_server_stop")
        async def finish(app: Any, loop: Any) -> None:
            await self.drain(timeout=10)
            await self.client.close()

        return webhook
