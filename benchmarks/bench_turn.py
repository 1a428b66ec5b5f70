"""What a turn costs, part by part (``make bench-turn``; issue 10, item 2): the figures behind the speed
changes, written to ``benchmarks/results/turn.json``.

- **Round trips**: the action server calls each message of the benchmark conversation makes (counted from
  Rasa's debug log of a real run of the assistant, ``bot.serve.Servers``).
- **The reply check**: Rasa 3.6 checks every action-server reply with ``jsonschema.validate`` against the
  whole events schema; ``bot.action_response`` checks each event against the one branch its name
  selects. Both timed on a reply of the size a form turn returns.
- **The tracker store's save**: the embedded SQLite store (SQLite's defaults), timed over saves of a
  growing conversation. (Write-ahead logging with ``synchronous=NORMAL`` was tried: 3.4 against 2.9 ms
  per save on this machine, no gain for a weaker promise after a power cut, so the defaults stay.)
- **Reading a message**: the fact extractor on a short message and on one at the 500-character cap.

Bounded: a fixed number of repetitions of each, one short conversation; it stops what it started.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import statistics
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

OUT = os.path.join(ROOT, "benchmarks", "results", "turn.json")
RASA_PORT, ACTION_PORT = 5398, 5399
TURNS = ("你好", "我在杭州，40岁，本地户口", "没有职工医保，不是困难户", "一档")
CALL = re.compile(r"Calling action endpoint to run action '([a-z_]+)'")


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 3)


def round_trips() -> dict:
    """Action-server calls per message of the benchmark conversation, from Rasa's debug log."""
    from bot.serve import Servers

    calls = []
    with tempfile.TemporaryDirectory() as folder:
        log_path = os.path.join(folder, "servers.log")
        os.environ.setdefault("ASSISTANT_TODAY", "2024-11-20")
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/ledger.db"
        with open(log_path, "w") as log, Servers(rasa_port=RASA_PORT, action_port=ACTION_PORT,
                                                 tracker_db=os.path.join(folder, "tracker.db"), log=log, debug=True):  # fmt: skip
            for text in TURNS:
                before = os.path.getsize(log_path)
                body = json.dumps({"sender": "bench-turn", "message": text}).encode()
                request = urllib.request.Request(f"http://127.0.0.1:{RASA_PORT}/webhooks/rest/webhook", body,
                                                 {"Content-Type": "application/json"})  # fmt: skip
                urllib.request.urlopen(request, timeout=60).read()
                time.sleep(0.2)
                with open(log_path, encoding="utf-8", errors="replace") as handle:
                    handle.seek(before)
                    calls.append(CALL.findall(handle.read()))
    return {"messages": list(TURNS), "calls_per_message": [len(c) for c in calls], "actions": calls,
            "calls_per_message_mean": round(statistics.mean(len(c) for c in calls), 2)}  # fmt: skip


def _reply() -> dict:
    """A reply the size of a form turn's: the facts read, the form's bookkeeping, the next question."""
    events = [{"event": "slot", "timestamp": None, "name": f"slot_{i}", "value": i} for i in range(30)]
    events += [{"event": "active_loop", "name": "quote_form"}, {"event": "slot", "name": "requested_slot", "value": "age"},
               {"event": "bot", "text": "您今年多大（周岁）？", "data": {"buttons": []}, "metadata": {}},
               {"event": "followup", "name": "action_listen"}]  # fmt: skip
    return {"events": events, "responses": [{"text": "您今年多大（周岁）？"}]}


def reply_check(repeat: int = 300) -> dict:
    from jsonschema import validate
    from rasa.core.actions.action import RemoteAction

    from bot import action_response

    spec, reply = RemoteAction.action_response_format_spec(), _reply()
    action_response.validate_reply(reply)  # validators built once per process, as in Rasa

    def timed(check) -> float:
        start = time.perf_counter()
        for _ in range(repeat):
            check()
        return (time.perf_counter() - start) / repeat

    rasa = timed(lambda: validate(reply, spec))
    ours = timed(lambda: action_response.validate_reply(reply))
    return {"events_in_reply": len(reply["events"]), "rasa_jsonschema_ms": _ms(rasa), "per_branch_ms": _ms(ours),
            "saved_ms_per_call": _ms(rasa - ours)}  # fmt: skip


def tracker_saves(saves: int = 40) -> dict:
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import SlotSet, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    domain = Domain.from_yaml("version: '3.1'\nslots:\n  age:\n    type: float\n    mappings: [{type: custom}]\n")

    def timed(store) -> float:
        tracker = DialogueStateTracker.from_events("bench", [])
        took = []
        for i in range(saves):
            tracker.update(UserUttered(f"我今年{i}岁"))
            tracker.update(SlotSet("age", i))
            start = time.perf_counter()
            asyncio.run(store.save(tracker))
            took.append(time.perf_counter() - start)
        return statistics.median(took)

    with tempfile.TemporaryDirectory(dir=os.path.join(ROOT, "var")) as folder:
        plain = timed(SQLTrackerStore(domain, dialect="sqlite", db=os.path.join(folder, "tracker.db")))
    return {"saves": saves, "sqlite_median_ms": _ms(plain)}


def reading(repeat: int = 50) -> dict:
    from bot.components.zh_facts import extract_entities

    extract_entities("预热")
    short = "我妈今年68岁，杭州户口，没有职工医保，不是低保"
    capped = ("我在杭州，今年40岁，本地户口，" * 40)[:500]
    out = {}
    for name, text in (("short_message_ms", short), ("message_at_500_chars_ms", capped)):
        start = time.perf_counter()
        for _ in range(repeat):
            extract_entities(text)
        out[name] = _ms((time.perf_counter() - start) / repeat)
    return out


def main() -> int:
    os.makedirs(os.path.join(ROOT, "var"), exist_ok=True)
    result = {"reply_check": reply_check(), "tracker_save": tracker_saves(), "reading": reading(),
              "round_trips": round_trips(), "when": time.strftime("%Y-%m-%d %H:%M:%S")}  # fmt: skip
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as handle:
        json.dump(result, handle, ensure_ascii=False, indent=1)
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
