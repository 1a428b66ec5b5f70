"""Session tokens and the per-sender rate limiter of the mini-program channel (channels/miniprogram.py).

A token is ``base64url(payload) "." base64url(HMAC-SHA256(key, payload))`` where the payload is compact JSON
``{"v": 1, "p": platform, "u": user hash, "iat": issued, "exp": expires}``. The user hash is a keyed hash of
the platform's openid, so the token (readable by the client) never carries the openid itself, and the Rasa
sender id is another keyed hash of (platform, user hash): stable per user, not guessable without the secret,
never taken from the client. Each use of the secret has its own derived key (domain separation).

Pure Python, no Sanic or Rasa import; every clock is injected.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import math
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

PLATFORMS = ("wechat", "alipay")
TOKEN_VERSION = 1
MAX_TOKEN_LENGTH = 1024  # a real token is about 200 characters; refuse to decode anything much larger
CLOCK_SKEW = 60  # seconds a token's issued-at may lie in the future (several processes, slightly different clocks)


class TokenError(Exception):
    """A token that cannot be used. ``code`` is ``token_invalid`` or ``token_expired``."""

    def __init__(self, code: str, reason: str):
        super().__init__(reason)
        self.code = code


@dataclass(frozen=True)
class Session:
    platform: str
    user: str  # the keyed hash of the openid
    issued_at: int
    expires_at: int


def _b64encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _b64decode(text: str) -> bytes:
    if not text or any(c not in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_" for c in text):
        raise ValueError("not base64url")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class TokenSigner:
    """Issues and verifies session tokens, and derives the user hash and sender id, from one secret."""

    def __init__(self, secret: str | bytes, ttl: int, clock: Callable[[], float] = time.time):
        master = secret.encode("utf-8") if isinstance(secret, str) else bytes(secret)
        if not master:
            raise ValueError("the token secret must not be empty")
        self._token_key = hmac.new(master, b"miniprogram/token", hashlib.sha256).digest()
        self._user_key = hmac.new(master, b"miniprogram/user", hashlib.sha256).digest()
        self._sender_key = hmac.new(master, b"miniprogram/sender", hashlib.sha256).digest()
        self.ttl = int(ttl)
        self.clock = clock

    def user_hash(self, platform: str, openid: str) -> str:
        """The keyed hash of an openid that the token carries instead of the openid."""
        return hmac.new(self._user_key, f"{platform}\x00{openid}".encode(), hashlib.sha256).hexdigest()[:32]

    def sender_id(self, session: Session) -> str:
        """The Rasa conversation id of a session's user: ``mp_`` + 32 hex digits."""
        digest = hmac.new(self._sender_key, f"{session.platform}\x00{session.user}".encode(), hashlib.sha256)
        return "mp_" + digest.hexdigest()[:32]

    def issue(self, platform: str, openid: str) -> str:
        if platform not in PLATFORMS:
            raise ValueError(f"unknown platform {platform!r}")
        now = int(self.clock())
        payload = {"v": TOKEN_VERSION, "p": platform, "u": self.user_hash(platform, openid), "iat": now, "exp": now + self.ttl}
        raw = json.dumps(payload, separators=(",", ":"), sort_keys=True).encode("ascii")
        return _b64encode(raw) + "." + _b64encode(self._sign(raw))

    def verify(self, token: str) -> Session:
        """The session a token stands for; raises TokenError when it is malformed, forged or expired."""
        if not isinstance(token, str) or not token or len(token) > MAX_TOKEN_LENGTH or token.count(".") != 1:
            raise TokenError("token_invalid", "malformed token")
        encoded_payload, encoded_signature = token.split(".")
        try:
            raw = _b64decode(encoded_payload)
            signature = _b64decode(encoded_signature)
        except (ValueError, binascii.Error) as error:
            raise TokenError("token_invalid", "token is not base64url") from error
        if not hmac.compare_digest(signature, self._sign(raw)):
            raise TokenError("token_invalid", "bad signature")
        try:
            payload = json.loads(raw)
        except ValueError as error:  # signed by us, so this means a bug or a leaked key: refuse anyway
            raise TokenError("token_invalid", "payload is not JSON") from error
        if not (
            isinstance(payload, dict)
            and payload.get("v") == TOKEN_VERSION
            and payload.get("p") in PLATFORMS
            and isinstance(payload.get("u"), str)
            and all(isinstance(payload.get(k), int) and not isinstance(payload.get(k), bool) for k in ("iat", "exp"))
        ):
            raise TokenError("token_invalid", "unexpected payload")
        now = self.clock()
        if payload["iat"] > now + CLOCK_SKEW:
            raise TokenError("token_invalid", "issued in the future")
        if now >= payload["exp"]:
            raise TokenError("token_expired", "expired")
        return Session(payload["p"], payload["u"], payload["iat"], payload["exp"])

    def _sign(self, raw: bytes) -> bytes:
        return hmac.new(self._token_key, raw, hashlib.sha256).digest()


class RateLimiter:
    """At most ``limit`` events per ``window`` seconds per key: an in-memory sliding window.

    In-memory means per process: with several Rasa processes behind a load balancer each one would count
    on its own, so a sender could get up to N times the limit. ``channels.shared_state`` has the same
    sliding window in Redis (``STATE_REDIS_URL``), one for every process.
    """

    def __init__(self, limit: int, window: float, clock: Callable[[], float] = time.time, max_keys: int = 100_000):
        if limit < 1 or window <= 0:
            raise ValueError("the rate limit needs a positive count and window")
        self.limit, self.window, self.clock, self.max_keys = int(limit), float(window), clock, max_keys
        self._events: dict[str, deque[float]] = {}

    def hit(self, key: str) -> float:
        """Counts one event for ``key``; returns 0 if allowed, else the seconds until one is allowed again."""
        now = self.clock()
        events = self._events.get(key)
        if events is None:
            if len(self._events) >= self.max_keys:
                self._prune(now)
            events = self._events[key] = deque()
        while events and events[0] <= now - self.window:
            events.popleft()
        if len(events) >= self.limit:
            return max(events[0] + self.window - now, 0.001)
        events.append(now)
        return 0.0

    @staticmethod
    def retry_after(seconds: float) -> int:
        """Whole seconds for a Retry-After header (at least 1)."""
        return max(1, math.ceil(seconds))

    def _prune(self, now: float) -> None:
        """Forgets keys with no event in the window, so idle senders don't pile up in memory."""
        for key in [k for k, ev in self._events.items() if not ev or ev[-1] <= now - self.window]:
            del self._events[key]
