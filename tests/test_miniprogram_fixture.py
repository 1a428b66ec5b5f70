"""The replies the mini-program components' Node tests render (miniprogram/tests/fixtures/replies.json) are
what the assistant sends today: the actions' messages, split as Rasa's collecting channel splits them,
through the mini-program channel's ``reply_items``. A change to the card or the channel that the
components would see fails here until the fixture is written again:

    UPDATE_FIXTURES=1 .venv/bin/python -m pytest tests/test_miniprogram_fixture.py
"""

import json
import os
import re

from channels.miniprogram import reply_items
from tests.test_actions import ActionAnswer, ActionGreet, ActionHandoff, fixed_day_and_ledger, run, tracker  # noqa: F401

FIXTURE = os.path.join(os.path.dirname(os.path.dirname(__file__)), "miniprogram", "tests", "fixtures", "replies.json")
CODE = "K7QF-M3XW"  # every random reference code is written as this one
CHILD = {"region": "hangzhou", "age": 8, "hukou": "local", "student": "primary_secondary", "special": [],
         "subject": "child"}  # fmt: skip


def _collected(messages):
    """A dispatcher's messages as Rasa's CollectingOutputChannel gives them: text with buttons, then custom."""
    out = []
    for m in messages:
        if m.get("text"):
            out.append({"text": m["text"], **({"buttons": m["buttons"]} if m.get("buttons") else {})})
        if m.get("custom"):
            out.append({"custom": m["custom"]})
    return out


def _replies(action, t):
    _, messages = run(action, t)
    return messages, reply_items(_collected(messages))


def current() -> dict:
    greet = _replies(ActionGreet(), tracker())[1]
    said, answer = _replies(ActionAnswer(), tracker(CHILD))
    t = tracker(CHILD, intent="human_handoff")
    t.events = [{"event": "bot", "text": said[0]["text"], "data": {"custom": said[0]["custom"]}}]
    handoff = _replies(ActionHandoff(), t)[1]
    text = json.dumps({"greet": greet, "answer": answer, "handoff": handoff}, ensure_ascii=False, indent=1)
    code = said[0]["custom"]["reference"]
    return json.loads(re.sub(re.escape(code), CODE, text))


def test_the_components_fixture_is_what_the_assistant_sends():  # on 2024-11-20 (fixed_day_and_ledger)
    now = current()
    if os.environ.get("UPDATE_FIXTURES"):
        with open(FIXTURE, "w", encoding="utf-8") as f:
            json.dump(now, f, ensure_ascii=False, indent=1)
            f.write("\n")
    with open(FIXTURE, encoding="utf-8") as f:
        assert json.load(f) == now, "run UPDATE_FIXTURES=1 .venv/bin/python -m pytest tests/test_miniprogram_fixture.py"
    card = next(i for i in now["answer"] if i["type"] == "card")
    assert card["fields"]["sections"]["fee"] == "个人330元" and card["reference"] == CODE
    assert now["handoff"][-1]["type"] == "handoff" and now["handoff"][-1]["reference"] == CODE
