"""The agent console on its own Sanic server, without Rasa: for development and for the tests.

``python -m channels.console_server [--host 127.0.0.1] [--port 5006]`` serves the console at
``http://HOST:PORT/webhooks/agent/`` (token from ``AGENT_TOKEN``, ledger from ``DATABASE_URL`` or var/ledger.db).

``with ConsoleServer(config) as server: server.url`` runs it in a background thread on a free loopback port
(the socket is bound before the thread starts, so there is no race for the port) and stops it on exit.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import socket
import sys
import threading

from sanic import Sanic

from channels.console_app import DEFAULT_PREFIX, console_blueprint

_NAMES = itertools.count(1)


class _ThreadedSanic(Sanic):
    """Sanic 21.12 rewrites its protocol's methods when the first app of a process starts (TouchUp) and fails
    when a second one starts; in test mode it keeps the originals, so any number of servers can start."""

    test_mode = True


def make_app(config=None, name: str | None = None, app_class: type[Sanic] = Sanic) -> Sanic:
    """A Sanic app with the console blueprint mounted (each app needs a process-unique name)."""
    app = app_class(name or f"agent_console_{next(_NAMES)}")
    app.config.REQUEST_MAX_SIZE = 1024 * 1024
    app.blueprint(console_blueprint(config))
    return app


class ConsoleServer:
    """The console served from a background thread; a context manager. ``url`` is the page's address."""

    def __init__(self, config=None, host: str = "127.0.0.1", port: int = 0):
        self.config = dict(config or {})
        self.host, self.port = host, port
        self.prefix = "/" + (self.config.get("url_prefix") or DEFAULT_PREFIX).strip("/")
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None

    @property
    def base(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def url(self) -> str:
        return f"{self.base}{self.prefix}/"

    def __enter__(self) -> ConsoleServer:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self.host, self.port))
        self.port = sock.getsockname()[1]
        app = make_app(self.config, app_class=_ThreadedSanic)
        app.config.MOTD = False
        ready = threading.Event()
        self._loop = loop = asyncio.new_event_loop()

        async def start():
            # create_server awaits the AsyncioServer, so the socket listens from here on; requests come
            # only after ``ready`` is set, i.e. after the router is finalised by startup().
            server = await app.create_server(sock=sock, return_asyncio_server=True, access_log=False)
            await server.startup()
            await server.before_start()
            await server.after_start()
            return server

        async def stop(server):
            # As sanic's own runner does: stop listening, close idle keep-alive connections, abort the rest.
            await server.before_stop()
            closing = server.close()
            if closing is not None:
                await closing
            for connection in list(server.connections):
                connection.close_if_idle()
            for _ in range(10):
                if not server.connections:
                    break
                await asyncio.sleep(0.05)
            for connection in list(server.connections):
                connection.abort()
            await server.after_stop()
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

        def run():
            asyncio.set_event_loop(loop)
            try:
                server = loop.run_until_complete(start())
            except BaseException as exc:  # reported to the thread that waits in __enter__
                self._error = exc
                ready.set()
                return
            ready.set()
            try:
                loop.run_forever()
            finally:
                loop.run_until_complete(stop(server))
                loop.run_until_complete(loop.shutdown_asyncgens())
                loop.close()
                sock.close()

        self._thread = threading.Thread(target=run, name="agent-console", daemon=True)
        self._thread.start()
        if not ready.wait(30) or self._error is not None:
            raise RuntimeError(f"the agent console did not start on {self.base}: {self._error!r}")
        return self

    def __exit__(self, *exc) -> bool:
        if self._loop is not None and self._thread is not None and self._thread.is_alive():
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(20)
        return False


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m channels.console_server", description="坐席控制台（不启动 Rasa）")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5006)
    args = parser.parse_args(argv)
    app = make_app(name="agent_console")
    print(f">> 坐席控制台: http://{args.host}:{args.port}{DEFAULT_PREFIX}/  (Ctrl-C stops)", flush=True)
    app.run(host=args.host, port=args.port, access_log=False, workers=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
