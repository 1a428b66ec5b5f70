"""The production profile (bot/endpoints.production.yml): Rasa on the PostgreSQL tracker store and
the Redis lock store at 127.0.0.1, started the way `make run` starts it, holding a conversation."""

import json
import os
import urllib.request
import uuid

import pytest
import sqlalchemy

from bot.serve import ROOT, Servers

RASA_PORT, ACTION_PORT = 5106, 5166
PG = "postgresql+psycopg2://postgres@127.0.0.1:5432/test"


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    if not os.path.exists(os.path.join(ROOT, "models", "assistant.tar.gz")):
        pytest.fail("models/assistant.tar.gz is missing: run `make model` (make test trains it first)")
    env = {"ENDPOINTS": "bot/endpoints.production.yml", "TRACKER_DB_HOST": "127.0.0.1", "TRACKER_DB_PORT": "5432",
           "TRACKER_DB": "test", "TRACKER_DB_USER": "postgres", "TRACKER_DB_PASSWORD": "", "REDIS_HOST": "127.0.0.1",
           "REDIS_PORT": "6379", "REDIS_DB": "3", "ASSISTANT_TODAY": "2024-11-20",
           "DATABASE_URL": f"sqlite:///{tmp_path_factory.mktemp('prod') / 'ledger.db'}"}  # fmt: skip
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    log_path = os.path.join(ROOT, "var", "production-profile.log")
    try:
        with open(log_path, "w") as log, Servers(rasa_port=RASA_PORT, action_port=ACTION_PORT, log=log):
            yield
    finally:
        for key, value in saved.items():
            os.environ.pop(key, None) if value is None else os.environ.__setitem__(key, value)


def say(sender, text):
    body = json.dumps({"sender": sender, "message": text}).encode()
    request = urllib.request.Request(f"http://127.0.0.1:{RASA_PORT}/webhooks/rest/webhook", body,
                                     {"Content-Type": "application/json"})  # fmt: skip
    with urllib.request.urlopen(request, timeout=60) as response:
        return "\n".join(m.get("text", "") for m in json.loads(response.read()))


def test_a_conversation_is_kept_in_postgresql(servers):
    sender = f"prod-{uuid.uuid4().hex[:8]}"
    assert "孩子是否属于以下可减免个人缴费的群体" in say(sender, "杨凌本地户口，孩子10岁")  # 杨凌: one scheme, no school question
    assert "交多少：个人400元。" in say(sender, "不是困难户")
    engine = sqlalchemy.create_engine(PG)
    with engine.connect() as db:
        count = db.execute(sqlalchemy.text("select count(*) from events where sender_id = :s"), {"s": sender}).scalar()
    engine.dispose()
    assert count >= 6
