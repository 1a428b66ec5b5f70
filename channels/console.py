"""The hotline agent console (坐席控制台) as a Rasa input channel named ``agent``.

Listed in bot/credentials.yml as ``channels.console.AgentConsoleInput:``, Rasa serves the console under
``/webhooks/agent/``: the page at ``GET /webhooks/agent/`` and its JSON API under ``/webhooks/agent/api/``
(routes, configuration and error format: :mod:`channels.console_app`). The console does not talk to the
dialog: it calls the policy engine directly and reads the answer ledger, so the agent sees exactly the
card the resident was given (by reference code) or a fresh one for the facts the caller states.

Credentials entry (every key optional)::

    channels.console.AgentConsoleInput:
      # token: ...       # else the AGENT_TOKEN environment variable; none set: the API answers 503
      # ledger_url: ...  # else the ledger's default (DATABASE_URL, or sqlite var/ledger.db)

``console_blueprint(config)`` is the same blueprint for any Sanic app (tests, ``python -m channels.console_server``).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint

from channels.console_app import console_blueprint

__all__ = ["AgentConsoleInput", "console_blueprint"]


class AgentConsoleInput(InputChannel):
    """The agent console; ``on_new_message`` is not used (the console never writes to a conversation)."""

    @classmethod
    def name(cls) -> str:
        return "agent"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> AgentConsoleInput:
        return cls(credentials)

    def __init__(self, config: dict[str, Any] | None = None) -> None:
        self.config = dict(config or {})

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        return console_blueprint(self.config)
