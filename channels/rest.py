"""The REST channel (POST /webhooks/rest/webhook {"sender", "message"}), with personal identifiers
(ID, mobile and bank card numbers) removed from the text before Rasa, the tracker store or a log
sees it. Rasa's own RestInput otherwise; the client cannot choose the input channel name. A body
that is not ``{"sender": str, "message": str}`` gets a 400 with a Chinese message (no shared "default"
conversation, no traceback); a message over ``base.limits.MAX_MESSAGE_CHARS`` (or a body over
``MAX_BODY_BYTES``) is answered at once with a Chinese reply and never reaches NLU. Each sender may send
``REST_RATE_LIMIT`` messages ("N/S": N per S seconds; default 60 per 60 s), counted where the
mini-program's limiter counts (``channels.shared_state``: Redis with ``STATE_REDIS_URL``, else this
process); more get a Chinese 429 with ``Retry-After``. REST is for the internal listener only (README,
"Scaling out"): the caller chooses the conversation id.

Rasa creates the channels after configuring its logging, so this is also where the Rasa process
installs the log filter that redacts the same numbers from every log record.
"""

from __future__ import annotations

import json

from rasa.core.channels.rest import RestInput
from sanic import response

from base.limits import MAX_BODY_BYTES, MAX_MESSAGE_CHARS, TOO_LONG
from base.privacy import birth_metadata, install_log_filter, redact, redact_payload
from bot import faults

REST_RATE_LIMIT_ENV = "REST_RATE_LIMIT"
DEFAULT_REST_RATE = "60/60"
RATE_LIMITED = "您发送得有点快，请稍等 {seconds} 秒再发，谢谢理解。"

MAX_PARSED_BYTES = 1024 * 1024  # a longer body is refused unread (its sender is not looked for)
MAX_SENDER_CHARS = 128
SHAPE = "请求体应为JSON对象：{\"sender\": \"会话标识\", \"message\": \"文字\"}。"


def _bad(reason: str):
    return response.json({"error": f"{reason}{SHAPE}"}, status=400)


def refuse(request):
    """The reply that ends a request before Rasa reads it, or None: a body that is not the channel's
    shape (400 with a Chinese message; without a ``sender`` residents would share one conversation),
    or a message over the cap (the Chinese reply, at once). Decided from the raw body."""
    body = request.body or b""
    if len(body) > MAX_PARSED_BYTES:
        return response.json([{"recipient_id": "default", "text": TOO_LONG}])
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        return _bad("请求体不是有效的JSON。")
    if not isinstance(data, dict):
        return _bad("请求体不是JSON对象。")
    sender, text = data.get("sender"), data.get("message")
    if not isinstance(sender, str) or not sender.strip() or len(sender) > MAX_SENDER_CHARS:
        return _bad(f"缺少 sender（会话标识，1到{MAX_SENDER_CHARS}个字符）：每位居民须有自己的会话。")
    if not isinstance(text, str):
        return _bad("message（消息文字）应为字符串。")
    if len(body) > MAX_BODY_BYTES or len(text) > MAX_MESSAGE_CHARS:
        return response.json([{"recipient_id": sender, "text": TOO_LONG}])
    return None


def _limiter(state: dict):
    """The per-sender limiter, made on the first message (no store is reached at import)."""
    if "limiter" not in state:
        import os

        from channels import shared_state
        from channels.miniprogram import parse_rate_limit

        limit, window = parse_rate_limit(os.environ.get(REST_RATE_LIMIT_ENV) or DEFAULT_REST_RATE)
        state["limiter"] = shared_state.from_environment().limiter("rest:rate", limit, window)
    return state["limiter"]


async def throttle(request, state: dict):
    """A 429 in Chinese for a sender over the limit, a 503 with the apology when the count's store is
    down, else None. Only for a body that ``refuse`` let through (a JSON object with a sender)."""
    from channels import shared_state
    from channels.miniprogram_auth import RateLimiter

    sender = json.loads(request.body)["sender"]
    try:
        wait = await _limiter(state).hit(sender)
    except shared_state.StateUnavailable:
        return response.json([{"recipient_id": sender, "text": faults.UNAVAILABLE}], status=503)
    if wait:
        seconds = RateLimiter.retry_after(wait)
        return response.json({"error": RATE_LIMITED.format(seconds=seconds)}, status=429,
                             headers={"Retry-After": str(seconds)})  # fmt: skip
    return None


class PrivateRestInput(RestInput):
    @classmethod
    def name(cls) -> str:
        return "rest"

    @classmethod
    def from_credentials(cls, credentials):
        install_log_filter()
        faults.install()
        return cls()

    def _extract_message(self, req):
        text = super()._extract_message(req)
        return redact(text).text if isinstance(text, str) else text

    def _extract_input_channel(self, req) -> str:
        return self.name()

    def blueprint(self, on_new_message):
        bp = super().blueprint(on_new_message)

        limits: dict = {}

        @bp.middleware("request")
        async def cap(request):
            if request.method == "POST" and request.path.rstrip("/").endswith("/webhook"):
                return refuse(request) or await throttle(request, limits)
            return None

        @bp.route("/health", methods=["GET"])
        async def health(request):
            """Each part the assistant needs, for a load balancer: 200 when all are up, else 503."""
            report = await faults.health(getattr(request.app.ctx, "agent", None))
            return response.json(report, status=200 if report["status"] == "ok" else 503)

        @bp.middleware("response")
        async def never_silent(request, reply):
            # Rasa's RestInput answers [] when the turn raised (tracker or lock store down) or said nothing
            if request.method == "POST" and request.path.rstrip("/").endswith("/webhook") and reply.body == b"[]":
                sender = (request.json or {}).get("sender") if isinstance(request.json, dict) else None
                return response.json([{"recipient_id": sender or "default", "text": faults.UNAVAILABLE}])
            return None

        return bp

    def get_metadata(self, request):
        metadata = super().get_metadata(request)
        metadata = redact_payload(metadata) if isinstance(metadata, dict) else {}
        body = request.json if isinstance(request.json, dict) else {}
        text = body.get("message")
        return birth_metadata(redact(text) if isinstance(text, str) else redact(""), metadata) or None
