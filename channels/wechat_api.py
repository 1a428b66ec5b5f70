"""The outbound half of the WeChat channel: access token and the customer-service send API (客服消息).

``GET {base}/cgi-bin/token`` gives an access token, cached until shortly before ``expires_in``; an answer with errcode
40001/40014/42001 (token invalid or expired) drops it, fetches a new one and retries once. ``POST
{base}/cgi-bin/message/custom/send`` sends a text. The base URL is configurable (tests use a fake server on loopback).
Errors are raised as ``WeChatApiError`` carrying the errcode only: no message contents, openids, secrets or tokens.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Callable
from typing import Any

import aiohttp

logger = logging.getLogger(__name__)

DEFAULT_API_BASE = "https://api.weixin.qq.com"
TOKEN_ERRORS = {40001, 40014, 42001}  # invalid credential / invalid token / token expired
REFRESH_MARGIN = 300.0  # seconds before expires_in at which a cached token is renewed


class WeChatApiError(Exception):
    """A call to the WeChat API failed: ``errcode`` from WeChat, or -1 for transport / HTTP errors."""

    def __init__(self, what: str, errcode: int = -1) -> None:
        super().__init__(f"{what}: errcode {errcode}")
        self.errcode = errcode


def _errcode(data: dict[str, Any], default: int) -> int:
    try:
        return int(data.get("errcode") or default)
    except (TypeError, ValueError):
        return -1


class WeChatClient:
    def __init__(self, appid: str, secret: str, api_base: str = DEFAULT_API_BASE, timeout: float = 10.0,
                 clock: Callable[[], float] = time.monotonic) -> None:  # fmt: skip
        self.appid, self.secret = appid, secret
        self.api_base = api_base.rstrip("/")
        self.timeout = aiohttp.ClientTimeout(total=timeout)
        self.clock = clock
        self._token: str | None = None
        self._expires = 0.0
        self._lock: asyncio.Lock | None = None
        self._session: aiohttp.ClientSession | None = None

    def _client(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(timeout=self.timeout)
        return self._session

    async def close(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None

    async def _json(self, method: str, path: str, params: dict[str, str], body: bytes | None = None) -> dict[str, Any]:
        headers = {"Content-Type": "application/json; charset=utf-8"} if body is not None else None
        try:
            async with self._client().request(method, self.api_base + path, params=params, data=body, headers=headers) as resp:
                if resp.status != 200:
                    raise WeChatApiError(f"{path} HTTP {resp.status}")
                data = json.loads(await resp.read())
        except WeChatApiError:
            raise
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as exc:
            raise WeChatApiError(f"{path} {type(exc).__name__}") from None
        if not isinstance(data, dict):
            raise WeChatApiError(f"{path} unexpected answer")
        return data

    async def access_token(self) -> str:
        """The cached access token, fetched when missing or about to expire (one fetch at a time)."""
        if self._lock is None:
            self._lock = asyncio.Lock()
        async with self._lock:
            if self._token and self.clock() < self._expires:
                return self._token
            data = await self._json("GET", "/cgi-bin/token",
                                    {"grant_type": "client_credential", "appid": self.appid, "secret": self.secret})  # fmt: skip
            token = data.get("access_token")
            if not isinstance(token, str) or not token:
                raise WeChatApiError("/cgi-bin/token", _errcode(data, -1))
            try:
                lifetime = float(data.get("expires_in", 7200))
            except (TypeError, ValueError):
                lifetime = 7200.0
            self._token = token
            self._expires = self.clock() + max(lifetime - min(REFRESH_MARGIN, lifetime / 2), 0.0)
            return token

    def _drop(self, token: str) -> None:
        if self._token == token:
            self._token, self._expires = None, 0.0

    async def send_text(self, openid: str, content: str) -> None:
        """Send one text message (customer-service API); refresh the token once if WeChat says it is invalid."""
        body = json.dumps({"touser": openid, "msgtype": "text", "text": {"content": content}}, ensure_ascii=False).encode("utf-8")
        for attempt in (1, 2):
            token = await self.access_token()
            data = await self._json("POST", "/cgi-bin/message/custom/send", {"access_token": token}, body)
            errcode = _errcode(data, 0)
            if errcode == 0:
                return
            if errcode in TOKEN_ERRORS and attempt == 1:
                logger.info("wechat: access token refused (errcode %s), fetching a new one", errcode)
                self._drop(token)
                continue
            raise WeChatApiError("/cgi-bin/message/custom/send", errcode)
