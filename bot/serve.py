"""Start the assistant: the action server, then Rasa with the REST channel, the way `make run` does.

``python -m bot.serve`` runs both in the foreground until Ctrl-C; ``python -m bot.serve actions -- CMD``
runs CMD (e.g. the conversation tests) while the action server is up. The tests use ``Servers``.
Embedded defaults: SQLite tracker store under var/, ports 5005 (Rasa) and 5055 (actions);
``ENDPOINTS=bot/endpoints.production.yml`` selects the PostgreSQL + Redis profile.

The action server (``actions.server``) listens on 127.0.0.1 and answers only calls carrying
``ACTION_TOKEN``, which this sets for Rasa and it (a fresh random one unless given). It is supervised:
when it exits (a crash, an out-of-memory kill) it is started again within about a second, and Rasa's
calls meanwhile get the Chinese apology of ``bot.faults``.

SIGTERM (what a process manager sends) stops it like Ctrl-C: every child's process group gets SIGTERM,
and SIGKILL after ``STOP_SECONDS`` (a Rasa busy with a long turn may not stop by itself). Rasa listens
on ``RASA_INTERFACE`` (default 127.0.0.1: put a reverse proxy in front, or set 0.0.0.0 in a container)
and sends no CORS headers: every page it serves is same-origin.
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import threading
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.dirname(sys.executable)


def environment(rasa_port: int, action_port: int, tracker_db: str) -> dict:
    env = dict(os.environ)
    env.setdefault("PYTHONPATH", ROOT)
    env.setdefault("RASA_TELEMETRY_ENABLED", "false")
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    env.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")
    env["ACTION_ENDPOINT_URL"] = f"http://127.0.0.1:{action_port}/webhook"
    # Rasa sends this with every action call and the action server refuses calls without it
    env.setdefault("ACTION_TOKEN", secrets.token_urlsafe(24))
    env.setdefault("TRACKER_DIALECT", "sqlite")
    env.setdefault("TRACKER_DB", tracker_db)
    return env


def wait_for(url: str, process: subprocess.Popen, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url}: the server exited with status {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"{url} did not answer within {seconds:.0f} s")


STOP_SECONDS = 10


def _stop_on_sigterm() -> None:
    def stop(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)


class Servers:
    """The action server and (optionally) Rasa, as child processes; a context manager."""

    def __init__(self, rasa_port=5005, action_port=5055, tracker_db="var/tracker.db", rasa=True, log=None, debug=False,
                 supervise=False):  # fmt: skip
        self.rasa_port, self.action_port, self.with_rasa = rasa_port, action_port, rasa
        self.debug = ["--debug"] if debug else []
        self.env = environment(rasa_port, action_port, tracker_db)
        self.log = log
        self.processes: list[subprocess.Popen] = []
        self.actions: subprocess.Popen | None = None
        self.restarts = 0
        self.supervise = supervise
        self._stopping = threading.Event()

    def _start(self, args):
        out = self.log if self.log is not None else None
        process = subprocess.Popen(args, cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT if out else None,
                                   start_new_session=True)  # fmt: skip
        self.processes.append(process)
        return process

    def __enter__(self):
        try:
            return self._start_all()
        except BaseException:  # a failed start, or SIGTERM/Ctrl-C during it: stop what was started
            self.__exit__(None, None, None)
            raise

    def _start_actions(self) -> subprocess.Popen:
        self.actions = self._start([sys.executable, "-m", "actions.server", "--port", str(self.action_port),
                                    *self.debug])  # fmt: skip
        return self.actions

    def _watch(self) -> None:
        """Start the action server again whenever it exits, until stopped."""
        while not self._stopping.wait(0.5):
            if self.actions is not None and self.actions.poll() is not None and not self._stopping.is_set():
                print(f">> the action server exited ({self.actions.returncode}); starting it again", flush=True)
                self.processes.remove(self.actions)
                self.restarts += 1
                try:
                    wait_for(f"http://127.0.0.1:{self.action_port}/health", self._start_actions(), 120)
                except RuntimeError as exc:
                    print(f">> the action server did not come back: {exc}", flush=True)

    def _start_all(self):
        os.makedirs(os.path.join(ROOT, "var"), exist_ok=True)
        actions = self._start_actions()
        wait_for(f"http://127.0.0.1:{self.action_port}/health", actions, 120)
        if self.with_rasa:
            rasa = self._start([
                os.path.join(BIN, "rasa"), "run", "--model", "models/assistant.tar.gz",
                "--endpoints", self.env.get("ENDPOINTS", "bot/endpoints.yml"), "--credentials", "bot/credentials.yml",
                "--port", str(self.rasa_port), "--interface", os.environ.get("RASA_INTERFACE", "127.0.0.1"),
                *self.debug,
            ])  # fmt: skip
            wait_for(f"http://127.0.0.1:{self.rasa_port}/", rasa, 300)
        if self.supervise:
            threading.Thread(target=self._watch, name="supervise-actions", daemon=True).start()
        return self

    def __exit__(self, *exc):
        self._stopping.set()
        for process in reversed(self.processes):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=STOP_SECONDS)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        return False


def main(argv) -> int:
    _stop_on_sigterm()
    if len(argv) > 1 and argv[1] == "actions":
        command = argv[argv.index("--") + 1 :]
        try:
            with Servers(action_port=int(os.environ.get("ACTION_PORT", "5155")), rasa=False) as servers:
                return subprocess.call(command, cwd=ROOT, env=servers.env)
        except KeyboardInterrupt:
            return 130
    rasa_port = int(os.environ.get("RASA_PORT", "5005"))
    if not os.environ.get("AGENT_TOKEN"):  # never a default password: a fresh one for this run
        os.environ["AGENT_TOKEN"] = secrets.token_urlsafe(12)
        print(f">> AGENT_TOKEN not set: the agent console's token for this run is {os.environ['AGENT_TOKEN']}", flush=True)
    with Servers(rasa_port=rasa_port, action_port=int(os.environ.get("ACTION_PORT", "5055")), supervise=True):
        base = f"http://localhost:{rasa_port}/webhooks"
        print(f">> 医保参保助手 is up (Ctrl-C stops):\n"
              f"   REST           POST {base}/rest/webhook  {{\"sender\": \"me\", \"message\": \"你好\"}}\n"
              f"   mini-program   {base}/miniprogram/client/  (reference chat page; API: login, webhook)\n"
              f"   WeChat 客服    {base}/wechat/webhook  (needs WECHAT_TOKEN, WECHAT_APPID, WECHAT_SECRET)\n"
              f"   agent console  {base}/agent/\n"
              f"   health         GET {base}/rest/health  (model, action server, stores, ledger)", flush=True)  # fmt: skip
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            print("\n>> stopping", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
