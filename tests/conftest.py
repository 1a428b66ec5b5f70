import datetime as dt
import os
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

TODAY = dt.date(2026, 11, 22)

RASA_PORT, ACTION_PORT = 5105, 5165


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
    env = {"ASSISTANT_TODAY": "2024-11-20", "DATABASE_URL": f"sqlite:///{files['ledger']}", "AGENT_TOKEN": "e2e-agent-token"}
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        with open(files["log"], "w") as log, Servers(rasa_port=RASA_PORT, action_port=ACTION_PORT,
                                                     tracker_db=files["tracker"], log=log, debug=True):  # fmt: skip
            yield files
    finally:
        for key, value in saved.items():
            os.environ.pop(key, None) if value is None else os.environ.__setitem__(key, value)
