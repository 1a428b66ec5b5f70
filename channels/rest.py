"""The REST channel (POST /webhooks/rest/webhook {"sender", "message"}), with personal identifiers
(ID, mobile and bank card numbers) removed from the text before Rasa, the tracker store or a log
sees it. Rasa's own RestInput otherwise; the client cannot choose the input channel name. A message
over ``base.limits.MAX_MESSAGE_CHARS`` (or a body over ``MAX_BODY_BYTES``) is answered at once with a
Chinese reply and never reaches NLU.

Rasa creates the channels after configuring its logging, so this is also where the Rasa process
installs the log filter that redacts the same numbers from every log record.
"""

from __future__ import annotations

import json

from rasa.core.channels.rest import RestInput
from sanic import response

from base.limits import MAX_BODY_BYTES, MAX_MESSAGE_CHARS, TOO_LONG
from base.privacy import birth_metadata, install_log_filter, redact, redact_payload

MAX_PARSED_BYTES = 1024 * 1024  # a longer body is refused unread (its sender is not looked for)


def too_long(request):
    """The reply to a message over the cap, or None: decided from the raw body before anything reads it."""
    body = request.body or b""
    sender = None
    if len(body) <= MAX_PARSED_BYTES:
        try:
            data = json.loads(body)
        except (ValueError, RecursionError):
            return None if len(body) <= MAX_BODY_BYTES else response.json([{"recipient_id": "default", "text": TOO_LONG}])
        text = data.get("message") if isinstance(data, dict) else None
        if len(body) <= MAX_BODY_BYTES and (not isinstance(text, str) or len(text) <= MAX_MESSAGE_CHARS):
            return None  # Rasa's own handling, malformed bodies included
        sender = data.get("sender") if isinstance(data, dict) else None
    recipient = sender if isinstance(sender, str) and len(sender) <= 128 else "default"
    return response.json([{"recipient_id": recipient, "text": TOO_LONG}])


class PrivateRestInput(RestInput):
    @classmethod
    def name(cls) -> str:
        return "rest"

    @classmethod
    def from_credentials(cls, credentials):
        install_log_filter()
        return cls()

    def _extract_message(self, req):
        text = super()._extract_message(req)
        return redact(text).text if isinstance(text, str) else text

    def _extract_input_channel(self, req) -> str:
        return self.name()

    def blueprint(self, on_new_message):
        bp = super().blueprint(on_new_message)

        @bp.middleware("request")
        async def cap(request):
            if request.method == "POST" and request.path.rstrip("/").endswith("/webhook"):
                return too_long(request)
            return None

        return bp

    def get_metadata(self, request):
        metadata = super().get_metadata(request)
        metadata = redact_payload(metadata) if isinstance(metadata, dict) else {}
        body = request.json if isinstance(request.json, dict) else {}
        text = body.get("message")
        return birth_metadata(redact(text) if isinstance(text, str) else redact(""), metadata) or None
