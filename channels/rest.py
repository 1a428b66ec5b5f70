"""The REST channel (POST /webhooks/rest/webhook {"sender", "message"}), with personal identifiers
(ID, mobile and bank card numbers) removed from the text before Rasa, the tracker store or a log
sees it. Rasa's own RestInput otherwise; the client cannot choose the input channel name.

Rasa creates the channels after configuring its logging, so this is also where the Rasa process
installs the log filter that redacts the same numbers from every log record.
"""

from __future__ import annotations

from rasa.core.channels.rest import RestInput

from base.privacy import birth_metadata, install_log_filter, redact, redact_payload


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

    def get_metadata(self, request):
        metadata = super().get_metadata(request)
        metadata = redact_payload(metadata) if isinstance(metadata, dict) else {}
        body = request.json if isinstance(request.json, dict) else {}
        text = body.get("message")
        return birth_metadata(redact(text) if isinstance(text, str) else redact(""), metadata) or None
