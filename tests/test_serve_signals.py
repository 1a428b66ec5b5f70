"""bot.serve under a process manager: SIGTERM stops it and every process it started (issue 11)."""

import os
import signal
import socket
import subprocess
import sys
import time

import psutil

from .conftest import ROOT

PORT = 5388


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def test_sigterm_stops_bot_serve_and_the_action_server_it_started():
    env = {**os.environ, "ACTION_PORT": str(PORT), "PYTHONPATH": ROOT}
    serve = subprocess.Popen([sys.executable, "-m", "bot.serve", "actions", "--", "sleep", "300"], cwd=ROOT, env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        while not _listening(PORT) and time.monotonic() < deadline:
            time.sleep(0.5)
        assert _listening(PORT), "the action server did not start"
        children = psutil.Process(serve.pid).children(recursive=True)
        assert children
        serve.send_signal(signal.SIGTERM)
        assert serve.wait(timeout=30) == 130
        gone, alive = psutil.wait_procs(children, timeout=15)
        assert alive == [] and not _listening(PORT)
    finally:
        if serve.poll() is None:
            serve.kill()
