"""The mini-program channel: the HTTPS backend a WeChat (wx.request) or Alipay (my.request) mini-program calls.

Listed in bot/credentials.yml as ``channels.miniprogram.MiniProgramInput:``; Rasa then serves, under
``/webhooks/miniprogram``:

- ``GET  /``         health: ``{"status": "ok"}``
- ``POST /login``    ``{"platform": "wechat"|"alipay", "code": "..."}`` -> ``{"token", "token_type", "expires_in"}``
- ``POST /webhook``  header ``Authorization: Bearer <token>``, body ``{"message": "..."}`` -> ``{"messages": [...]}``
- ``GET  /client/``  the reference chat page (web/miniprogram/), which calls the two endpoints above

The session is a server-issued HMAC-signed token (channels/miniprogram_auth.py); the Rasa conversation id is
derived from it on the server. Each message is redacted (base.privacy) before Rasa sees it, and a
message starting with "/" (a button payload) must name one of the bot's intents (bot/domain/intents.yml).
Errors are ``{"error": {"code", "message"}}`` with a Chinese message and the HTTP status that fits.

Configuration: each key of the credentials entry, else its environment variable, else the default.

=================  ============================  =======================================================
key                environment variable          meaning
=================  ============================  =======================================================
secret             MINIPROGRAM_SECRET            signs the tokens (at least 32 characters). Unset: development
                                                 mode with a random per-process secret (tokens die on restart)
token_ttl          MINIPROGRAM_TOKEN_TTL         token lifetime in seconds (default 7200)
rate_limit         MINIPROGRAM_RATE_LIMIT        messages per sender: "N/S" (N per S seconds) or "N" (per 60 s);
                                                 default "20/60"
code2session_url   MINIPROGRAM_CODE2SESSION_URL  where to exchange a login code for the openid (GET with
                                                 js_code, grant_type=authorization_code and platform added to
                                                 the query; the answer's openid / open_id / user_id is used).
                                                 Unset: development mode, the code itself stands for the user
—                  STATE_REDIS_URL               where the rate limiter counts (channels/shared_state.py):
                                                 Redis shared by every Rasa process; unset, this process only
=================  ============================  =======================================================

For WeChat, code2session_url can be ``https://api.weixin.qq.com/sns/jscode2session?appid=APPID&secret=APPSECRET``;
Alipay's code exchange (alipay.system.oauth.token) needs a signed request, so point the URL at a small
internal service that does it (and WeChat's) and answers ``{"openid": ...}`` or ``{"errcode": ..., "errmsg": ...}``.
"""

from __future__ import annotations

import asyncio
import functools
import json
import logging
import os
import re
import secrets
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import yaml
from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from base.limits import MAX_BODY_BYTES, MAX_MESSAGE_CHARS
from base.privacy import birth_metadata, redact
from bot import faults
from channels import shared_state
from channels.miniprogram_auth import PLATFORMS, RateLimiter, TokenError, TokenSigner

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent
INTENTS_FILE = ROOT / "bot" / "domain" / "intents.yml"
WEB_ROOT = ROOT / "web" / "miniprogram"

MAX_CODE_CHARS = 128
MIN_SECRET_CHARS = 32
CODE2SESSION_TIMEOUT = 5.0  # seconds

DEFAULT_TOKEN_TTL = 7200
DEFAULT_RATE_LIMIT = 20
DEFAULT_RATE_WINDOW = 60

# The reference client: the only files served, with their types (no directory listing, no path from the URL).
CLIENT_FILES = {
    "index.html": "text/html; charset=utf-8",
    "app.js": "text/javascript; charset=utf-8",
    "app.css": "text/css; charset=utf-8",
}
CLIENT_HEADERS = {
    "Cache-Control": "no-cache",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'",
}
API_HEADERS = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}

_dumps = functools.partial(json.dumps, ensure_ascii=False, separators=(",", ":"))

# (HTTP status, Chinese message) of every error the channel answers with, by code.
ERRORS = {
    "bad_json": (400, "请求格式不正确：请以 JSON 发送。"),
    "bad_request": (400, "请求格式不正确：需要 JSON 对象，消息放在 message 字段（文字）。"),
    "bad_platform": (400, "不支持的平台，请从微信或支付宝小程序进入。"),
    "code_missing": (400, "缺少登录凭证 code，请重新进入小程序。"),
    "code_invalid": (400, "登录凭证格式不正确，请重新进入小程序。"),
    "code_rejected": (401, "登录凭证无效或已过期，请重新进入小程序。"),
    "login_unavailable": (502, "登录服务暂时不可用，请稍后再试。"),
    "token_missing": (401, "请先登录后再发送消息。"),
    "token_invalid": (401, "登录状态无效，请重新登录。"),
    "token_expired": (401, "登录已过期，请重新登录。"),
    "empty_message": (400, "消息不能为空"),
    "message_too_long": (413, f"消息不能超过{MAX_MESSAGE_CHARS}个字，请分几次发送"),
    "payload_not_allowed": (400, "这个快捷回复无效，请点选助手给出的按钮，或直接输入文字提问。"),
    "rate_limited": (429, "您发送得有点快，请稍等 {seconds} 秒再发，谢谢理解。"),
    "internal": (500, faults.UNAVAILABLE),
    "unavailable": (503, faults.UNAVAILABLE),
}


def error(code: str, headers: Mapping[str, str] | None = None, **values: Any) -> HTTPResponse:
    status, message = ERRORS[code]
    body = {"error": {"code": code, "message": message.format(**values) if values else message}}
    return _json(body, status, headers)


def _json(body: Any, status: int = 200, headers: Mapping[str, str] | None = None) -> HTTPResponse:
    return response.json(body, status, {**API_HEADERS, **(headers or {})}, "application/json; charset=utf-8", _dumps)


# ---------------------------------------------------------------------------------------------- configuration


@dataclass(frozen=True)
class Config:
    secret: str | None
    token_ttl: int
    rate_limit: int
    rate_window: float
    code2session_url: str | None


def _setting(credentials: Mapping[str, Any], key: str, environ: Mapping[str, str], variable: str) -> Any:
    value = credentials.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        value = environ.get(variable)
    if isinstance(value, str):
        value = value.strip() or None
    return value


def _positive_int(value: Any, name: str) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = 0
    if isinstance(value, bool) or number < 1 or (isinstance(value, float) and value != number):
        raise ValueError(f"miniprogram channel: {name} must be a positive whole number, not {value!r}")
    return number


def parse_rate_limit(value: Any) -> tuple[int, int]:
    """``"20/60"`` -> (20, 60); ``"20"`` or 20 -> (20, 60 s)."""
    if value is None:
        return DEFAULT_RATE_LIMIT, DEFAULT_RATE_WINDOW
    count, _, window = str(value).partition("/")
    return (
        _positive_int(count.strip(), "rate_limit (N or N/seconds)"),
        _positive_int(window.strip(), "rate_limit (N or N/seconds)") if window else DEFAULT_RATE_WINDOW,
    )


def load_config(credentials: Mapping[str, Any] | None, environ: Mapping[str, str] = os.environ) -> Config:
    credentials = credentials or {}
    secret = _setting(credentials, "secret", environ, "MINIPROGRAM_SECRET")
    if secret is not None and len(str(secret)) < MIN_SECRET_CHARS:
        raise ValueError(
            f"miniprogram channel: the secret (MINIPROGRAM_SECRET) must be at least {MIN_SECRET_CHARS} characters; "
            "make one with: python -c 'import secrets; print(secrets.token_hex(32))'"
        )
    ttl = _setting(credentials, "token_ttl", environ, "MINIPROGRAM_TOKEN_TTL")
    limit, window = parse_rate_limit(_setting(credentials, "rate_limit", environ, "MINIPROGRAM_RATE_LIMIT"))
    url = _setting(credentials, "code2session_url", environ, "MINIPROGRAM_CODE2SESSION_URL")
    if url is not None and not str(url).startswith(("https://", "http://")):
        raise ValueError(f"miniprogram channel: code2session_url must be an http(s) URL, not {url!r}")
    return Config(
        secret=None if secret is None else str(secret),
        token_ttl=DEFAULT_TOKEN_TTL if ttl is None else _positive_int(ttl, "token_ttl"),
        rate_limit=limit,
        rate_window=window,
        code2session_url=None if url is None else str(url),
    )


# ------------------------------------------------------------------------------------------- button payloads

_PAYLOAD = re.compile(r"/([A-Za-z0-9_]+)(\{.*\})?", re.DOTALL)


@functools.cache
def domain_names(intents_file: str) -> tuple[frozenset[str], frozenset[str] | None]:
    """The intents and entities of a domain file, read once. Entities None: the file lists none."""
    try:
        with open(intents_file, encoding="utf-8") as handle:
            domain = yaml.safe_load(handle) or {}
    except (OSError, yaml.YAMLError):
        logger.exception("miniprogram channel: cannot read %s; every button payload will be refused", intents_file)
        return frozenset(), frozenset()

    def names(entries: Any) -> frozenset[str]:
        found = set()
        for entry in entries or []:
            if isinstance(entry, str):
                found.add(entry)
            elif isinstance(entry, dict):  # `- name: {options}`
                found.update(str(key) for key in entry)
        return frozenset(found)

    entities = domain.get("entities")
    return names(domain.get("intents")), None if entities is None else names(entities)


def payload_allowed(text: str, intents: frozenset[str], entities: frozenset[str] | None) -> bool:
    """Whether a message starting with "/" is a payload of the bot's own: ``/intent`` or ``/intent{json}``
    with a known intent and, when the domain lists entities, only known entity names."""
    match = _PAYLOAD.fullmatch(text)
    if not match or match.group(1) not in intents:
        return False
    if match.group(2) is None:
        return True
    try:
        values = json.loads(match.group(2))
    except ValueError:
        return False
    return isinstance(values, dict) and (entities is None or all(key in entities for key in values))


# ------------------------------------------------------------------------------------------------- replies


def reply_items(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The collected bot messages as items the mini-program renders, in order.

    text -> {"type": "text"}; custom answer_card -> {"type": "card", "plain_text", "fields", "reference",
    "wechat"?} (the card's words are not repeated in the text before it: only what leads into it is);
    custom handoff -> {"type": "handoff", "reference", "phones": [{"label", "number"}]}; any other custom ->
    {"type": "custom", "data"}; buttons -> {"type": "buttons", "buttons": [{"title", "payload"}]} (after the text
    and card they came with); image -> {"type": "image", "url"}; attachment -> {"type": "attachment"}.
    """
    items: list[dict[str, Any]] = []
    for message in messages:
        if message.get("text"):
            items.append({"type": "text", "text": str(message["text"])})
        buttons = [
            {"title": str(b.get("title", b.get("payload", ""))), "payload": str(b.get("payload", b.get("title", "")))}
            for b in message.get("buttons") or []
            if isinstance(b, dict) and (b.get("title") or b.get("payload"))
        ]
        if buttons:
            items.append({"type": "buttons", "buttons": buttons})
        custom = message.get("custom")
        if isinstance(custom, dict) and custom.get("type") == "answer_card":
            _card_once(items, custom)
        elif isinstance(custom, dict) and custom.get("type") == "handoff":
            items.append({"type": "handoff", "reference": custom.get("reference"),
                          "phones": [p for p in custom.get("phones") or [] if isinstance(p, dict)]})  # fmt: skip
        elif isinstance(custom, dict) and custom.get("type") in ("fault", "household_card"):
            pass  # the text already shown is the apology (bot.faults) or the household's card
        elif custom is not None:
            items.append({"type": "custom", "data": custom})
        if message.get("image"):
            items.append({"type": "image", "url": str(message["image"])})
        if message.get("attachment"):
            items.append({"type": "attachment", "data": message["attachment"]})
    return items


def _card_once(items: list[dict[str, Any]], custom: dict[str, Any]) -> None:
    """Add an answer card. Rasa sends the answer's text (and its quick replies) as one message and the card
    as the next: the card's own lines are cut from that text, and the quick replies move under the card."""
    plain = custom.get("plain_text", "")
    follow = items.pop() if items and items[-1]["type"] == "buttons" else None
    if plain and items and items[-1]["type"] == "text" and items[-1]["text"].endswith(plain):
        lead = items[-1]["text"][: -len(plain)].rstrip()
        if lead:
            items[-1]["text"] = lead
        else:
            items.pop()
    item = {"type": "card", "plain_text": plain, "fields": custom.get("fields", {}), "reference": custom.get("reference")}
    if custom.get("wechat"):
        item["wechat"] = custom["wechat"]
    items.append(item)
    if follow:
        items.append(follow)


# ------------------------------------------------------------------------------------------------- channel


class CodeRejected(Exception):
    """The platform said the login code is not valid (used, expired or made up)."""


class LoginUnavailable(Exception):
    """The code exchange service could not be reached or answered nonsense."""


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def _json_object(request: Request, max_bytes: int, too_big: str) -> dict[str, Any] | HTTPResponse:
    """The request body as a JSON object, or the error response to answer with."""
    body = request.body or b""
    if len(body) > max_bytes:
        return error(too_big)
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return error("bad_json")
    if not isinstance(data, dict):
        return error("bad_request")
    return data


class MiniProgramInput(InputChannel):
    """The WeChat / Alipay mini-program channel (see the module docstring)."""

    @classmethod
    def name(cls) -> str:
        return "miniprogram"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> MiniProgramInput:
        faults.install()  # the action server's failures answered in Chinese (bot/faults.py)
        config = load_config(credentials)
        return cls(
            secret=config.secret,
            token_ttl=config.token_ttl,
            rate_limit=config.rate_limit,
            rate_window=config.rate_window,
            code2session_url=config.code2session_url,
            state=shared_state.from_environment(),
        )

    def __init__(
        self,
        secret: str | None = None,
        token_ttl: int = DEFAULT_TOKEN_TTL,
        rate_limit: int = DEFAULT_RATE_LIMIT,
        rate_window: float = DEFAULT_RATE_WINDOW,
        code2session_url: str | None = None,
        clock: Callable[[], float] = time.time,
        intents_file: str | os.PathLike = INTENTS_FILE,
        web_root: str | os.PathLike = WEB_ROOT,
        state: shared_state.MemoryState | shared_state.RedisState | None = None,
    ) -> None:
        if secret is None:
            secret = secrets.token_hex(32)
            logger.warning(
                "miniprogram channel: MINIPROGRAM_SECRET is not set; development mode with a random per-process "
                "secret (tokens stop working on restart and are not shared between processes)"
            )
        if code2session_url is None:
            logger.warning(
                "miniprogram channel: MINIPROGRAM_CODE2SESSION_URL is not set; development login, where the code "
                "itself stands for the user. Do not expose this to the public"
            )
        self.signer = TokenSigner(secret, token_ttl, clock)
        self.limiter = (state or shared_state.MemoryState()).limiter("miniprogram:rate", rate_limit, rate_window, clock)
        self.code2session_url = code2session_url
        self.intents_file = os.fspath(intents_file)
        self.web_root = Path(web_root)

    # -- login

    async def exchange_code(self, platform: str, code: str) -> str:
        """The user's openid for a mini-program login code (development mode: ``platform:code``)."""
        if self.code2session_url is None:
            return f"{platform}:{code}"
        params = {"js_code": code, "grant_type": "authorization_code", "platform": platform}
        try:
            timeout = aiohttp.ClientTimeout(total=CODE2SESSION_TIMEOUT)
            async with aiohttp.ClientSession(timeout=timeout) as session:
                async with session.get(self.code2session_url, params=params) as answer:
                    status, body = answer.status, await answer.text()
        except (aiohttp.ClientError, asyncio.TimeoutError) as failure:
            logger.warning("miniprogram channel: code exchange failed: %s", type(failure).__name__)
            raise LoginUnavailable from failure
        try:
            data = json.loads(body)
        except ValueError:
            data = None
        if not isinstance(data, dict):
            logger.warning("miniprogram channel: code exchange answered HTTP %s without a JSON object", status)
            raise LoginUnavailable
        openid = data.get("openid") or data.get("open_id") or data.get("user_id")
        if data.get("errcode") not in (None, 0, "0") or not isinstance(openid, str) or not openid:
            logger.info("miniprogram channel: code refused (HTTP %s, errcode %s)", status, data.get("errcode"))
            if status >= 500:
                raise LoginUnavailable
            raise CodeRejected
        return openid

    async def login(self, request: Request) -> HTTPResponse:
        data = _json_object(request, 4096, "bad_request")
        if isinstance(data, HTTPResponse):
            return data
        platform, code = data.get("platform"), data.get("code")
        if platform not in PLATFORMS:
            return error("bad_platform")
        if code is None or (isinstance(code, str) and not code.strip()):
            return error("code_missing")
        if not isinstance(code, str) or len(code.strip()) > MAX_CODE_CHARS or not code.strip().isprintable():
            return error("code_invalid")
        try:
            openid = await self.exchange_code(platform, code.strip())
        except CodeRejected:
            return error("code_rejected")
        except LoginUnavailable:
            return error("login_unavailable")
        token = self.signer.issue(platform, openid)
        return _json({"token": token, "token_type": "Bearer", "expires_in": self.signer.ttl})

    # -- messages

    async def receive(self, request: Request, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> HTTPResponse:
        token = _bearer(request)
        if token is None:
            return error("token_missing", {"WWW-Authenticate": "Bearer"})
        try:
            session = self.signer.verify(token)
        except TokenError as failure:
            return error(failure.code, {"WWW-Authenticate": 'Bearer error="invalid_token"'})
        sender_id = self.signer.sender_id(session)

        try:
            wait = await self.limiter.hit(sender_id)
        except shared_state.StateUnavailable as failure:
            logger.error("miniprogram channel: the rate limiter's store is down (%s)", failure)
            return error("unavailable")
        if wait:
            seconds = RateLimiter.retry_after(wait)
            return error("rate_limited", {"Retry-After": str(seconds)}, seconds=seconds)

        data = _json_object(request, MAX_BODY_BYTES, "message_too_long")
        if isinstance(data, HTTPResponse):
            return data
        message = data.get("message")
        if not isinstance(message, str):
            return error("bad_request") if message is not None else error("empty_message")
        text = message.strip()
        if not text:
            return error("empty_message")
        if len(text) > MAX_MESSAGE_CHARS:
            return error("message_too_long")

        redacted = redact(text)
        text = redacted.text.strip()
        if text.startswith("/") and not payload_allowed(text, *domain_names(self.intents_file)):
            return error("payload_not_allowed")

        collector = CollectingOutputChannel()
        metadata = birth_metadata(redacted, {"channel": self.name(), "platform": session.platform})
        try:
            await on_new_message(UserMessage(text, collector, sender_id, input_channel=self.name(), metadata=metadata))
        except asyncio.CancelledError:
            logger.error("miniprogram channel: the message timed out (sender %s)", sender_id)
            return error("internal")
        except Exception:
            logger.exception("miniprogram channel: handling a message failed (sender %s)", sender_id)
            return error("internal")
        return _json({"messages": reply_items(collector.messages)})

    # -- reference client

    def client_file(self, name: str) -> HTTPResponse:
        if name not in CLIENT_FILES:
            return response.text("Not Found", status=404)
        try:
            body = (self.web_root / name).read_bytes()
        except OSError:
            return response.text("Not Found", status=404)
        return response.raw(body, headers=dict(CLIENT_HEADERS), content_type=CLIENT_FILES[name])

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint("miniprogram_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return _json({"status": "ok"})

        @webhook.route("/login", methods=["POST"])
        async def login(request: Request) -> HTTPResponse:
            return await self.login(request)

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            return await self.receive(request, on_new_message)

        @webhook.route("/client", methods=["GET"], strict_slashes=True)
        async def client_redirect(request: Request) -> HTTPResponse:
            return response.redirect(request.path + "/")

        @webhook.route("/client/", methods=["GET"], strict_slashes=True)
        async def client_index(request: Request) -> HTTPResponse:
            return self.client_file("index.html")

        @webhook.route("/client/<name:str>", methods=["GET"])
        async def client_asset(request: Request, name: str) -> HTTPResponse:
            return self.client_file(name)

        return webhook
