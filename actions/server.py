"""The action server as ``bot.serve`` starts it: rasa_sdk's app with this package's actions, listening on
loopback (``ACTION_INTERFACE``, default 127.0.0.1) and answering ``/webhook`` only for Rasa, which sends
``ACTION_TOKEN`` with every call (bot/endpoints*.yml ``token``). ``/health`` stays open for probes.

What a first turn would load (the place table, the rule book) is loaded before the server answers
(``warm``), so that no resident's first turn runs past the action timeout.

``python -m actions.server --port 5055 [--debug]``.
"""

from __future__ import annotations

import argparse
import hmac
import logging
import os
import sys


def warm() -> None:
    """Load what a first turn would otherwise load (the place table, about 1.3 s; the rule book; the
    questions) before the server answers /health: a first resident's turn must not run past the action
    timeout (bot.faults, 1.5 s) and get the apology. Run at start, never at import."""
    from actions.question_data import questions
    from bot.components import places
    from policies.rulebook import default_rulebook

    places.table()
    default_rulebook()
    questions()


def app(token: str | None):
    from rasa_sdk.endpoint import create_app
    from sanic import response

    server = create_app("actions", cors_origins=None)

    @server.listener("before_server_start")
    async def load_before_answering(*_):
        warm()

    @server.middleware("request")
    async def only_rasa(request):
        if request.path.rstrip("/") == "/webhook" and token and not hmac.compare_digest(
                request.args.get("token", ""), token):  # fmt: skip
            return response.json({"error": "动作服务器只接受助手（Rasa）的调用。"}, status=403)
        return None

    return server


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m actions.server")
    parser.add_argument("--port", type=int, default=5055)
    parser.add_argument("--debug", action="store_true")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.debug else logging.INFO,
                        format="%(asctime)s %(levelname)-8s %(name)s  - %(message)s")  # fmt: skip
    token = os.environ.get("ACTION_TOKEN") or None
    if token is None:
        logging.getLogger(__name__).warning("ACTION_TOKEN is not set: the action server accepts any caller")
    app(token).run(os.environ.get("ACTION_INTERFACE", "127.0.0.1"), args.port, workers=1, access_log=args.debug)
    return 0


if __name__ == "__main__":
    sys.exit(main())
