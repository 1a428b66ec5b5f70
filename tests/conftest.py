import datetime as dt
import os
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

TODAY = dt.date(2026, 11, 22)

RASA_PORT, ACTION_PORT = 5105, 5165
WECHAT = {"WECHAT_TOKEN": "e2e-wechat-token", "WECHAT_APPID": "wx-e2e", "WECHAT_SECRET": "e2e-secret"}


class FakeWeChatApi:
    """WeChat's token and customer-service send API on 127.0.0.1 (own thread and loop); records what is sent."""

    def __init__(self):
        import asyncio
        import threading

        from aiohttp import web

        self.sent: list = []

        async def token(request):
            return web.json_response({"access_token": "e2e-access-token", "expires_in": 7200})

        async def send(request):
            self.sent.append(await request.json())
            return web.json_response({"errcode": 0, "errmsg": "ok"})

        app = web.Application()
        app.router.add_get("/cgi-bin/token", token)
        app.router.add_post("/cgi-bin/message/custom/send", send)
        self.loop = asyncio.new_event_loop()
        self.runner = web.AppRunner(app)
        self.loop.run_until_complete(self.runner.setup())
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        self.loop.run_until_complete(site.start())
        self.base = f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}"
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()

    def close(self):
        import asyncio

        asyncio.run_coroutine_threadsafe(self.runner.cleanup(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)


@pytest.fixture(scope="session")
def assistant(tmp_path_factory):
    """The whole assistant, started the way `make run` starts it (bot.serve.Servers), on test ports,
    with its own SQLite tracker store and ledger, the date fixed, and debug logs in a file. Needs the
    trained model: `make test` trains it first."""
    from bot.serve import Servers

    if not os.path.exists(os.path.join(ROOT, "models", "assistant.tar.gz")):
        pytest.fail("models/assistant.tar.gz is missing: run `make model` (make test trains it first)")
    folder = tmp_path_factory.mktemp("assistant")
    files = {"tracker": str(folder / "tracker.db"), "ledger": str(folder / "ledger.db"), "log": str(folder / "servers.log"),
             "base": f"http://127.0.0.1:{RASA_PORT}"}  # fmt: skip
    wechat = FakeWeChatApi()
    files["wechat"] = wechat
    env = {"ASSISTANT_TODAY": "2024-11-20", "DATABASE_URL": f"sqlite:///{files['ledger']}", "AGENT_TOKEN": "e2e-agent-token-0001",
           "WECHAT_API_BASE": wechat.base, **WECHAT}  # fmt: skip
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        with open(files["log"], "w") as log, Servers(rasa_port=RASA_PORT, action_port=ACTION_PORT,
                                                     tracker_db=files["tracker"], log=log, debug=True):  # fmt: skip
            yield files
    finally:
        wechat.close()
        for key, value in saved.items():
            os.environ.pop(key, None) if value is None else os.environ.__setitem__(key, value)


CONSOLE_TOKEN, CONSOLE_TODAY = "agent-test-token-7Qx", "2024-11-20"


@pytest.fixture(scope="module")
def ledger_url(tmp_path_factory):
    """A fresh SQLite answer ledger for one test module."""
    return f"sqlite:///{tmp_path_factory.mktemp('ledger') / 'ledger.db'}"


@pytest.fixture(scope="module")
def server(ledger_url):
    """The agent console alone (no Rasa) on a loopback port, token CONSOLE_TOKEN, date CONSOLE_TODAY."""
    from channels.console_server import ConsoleServer

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ASSISTANT_TODAY", CONSOLE_TODAY)
        patch.delenv("AGENT_TOKEN", raising=False)
        with ConsoleServer({"token": CONSOLE_TOKEN, "ledger_url": ledger_url}) as running:
            yield running
