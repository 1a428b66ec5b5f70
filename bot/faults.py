"""When the action server fails: a Chinese apology naming the hotlines at once, never silence, and the
resident's message kept so that its facts are read when the server is back (issue 11).

``install()`` (called by every input channel Rasa loads) wraps Rasa's ``RemoteAction.run``:

- a call that fails (refused, reset, an HTTP error, or slower than ``ACTION_TIMEOUT_SECONDS``, default
  1.5 s, instead of Rasa's 300 s) returns, for the first failure of a turn, the apology as a bot
  message and the message kept in the slot ``unread``; later remote actions of that turn return nothing
  at once, so the turn ends within about the timeout;
- after a failure the server counts as down for ``ACTION_RETRY_SECONDS`` (default 5 s): every other
  resident's remote action fails at once (the same apology) instead of waiting for the timeout, unless
  a quick GET /health (0.3 s, at most every 0.5 s) finds it back.

``action_read_facts`` reads the kept messages' entities before the new message's (``actions.read_facts``).

The tracker and lock stores: Rasa's ``FailSafeTrackerStore`` would answer a failed read with an empty
conversation and keep writes in memory, so a resident's facts would silently vanish mid-form. Its
errors now propagate: the turn fails and every channel answers ``UNAVAILABLE`` (the REST channel turns
Rasa's empty reply into it, the others catch the error). That message is not kept (the store that
would keep it is the part that is down), and the resident is told to send it again; the mini-program
page keeps it in its bubble with 重发. A store that reads but refuses the write (read-only, full) is
``bot.unsaved``: the apology instead of the unsaved turn's replies, and the message kept for the next turn.

``health(agent)`` reports each part for a load balancer (``GET /webhooks/rest/health``).
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
import urllib.request

from policies.vocabulary import HOTLINES

log = logging.getLogger(__name__)

APOLOGY = f"抱歉，系统暂时出了点问题。您刚才说的我已记下，请稍后再发一条消息，我会接着处理；着急的话，{HOTLINES}。"
# When the turn itself could not run (the tracker or lock store down): nothing was kept, so say so.
UNAVAILABLE = f"抱歉，系统暂时出了点问题，这条消息没能处理，请稍后再发一次；着急的话，{HOTLINES}。"
UNREAD_SLOT = "unread"
MAX_UNREAD = 5

_state = {"installed": False, "down_until": 0.0, "turns": {}}


def _seconds(name: str, default: float) -> float:
    try:
        value = float(os.environ.get(name, default))
    except ValueError:
        return default
    return value if value > 0 else default


def _turn_key(tracker) -> tuple:
    message = tracker.latest_message
    return tracker.sender_id, getattr(message, "message_id", None) or id(message)


def message_entry(message) -> dict:
    """What is kept of a user message: its text, intent and entities (already redacted by the channel)."""
    return {"text": message.text or "", "intent": (message.intent or {}).get("name"),
            "entities": [dict(e) for e in message.entities or []]}  # fmt: skip


def _kept(tracker) -> list[dict]:
    """The unread messages so far and this one: text, intent and entities (already redacted by the channel)."""
    kept = list(tracker.get_slot(UNREAD_SLOT) or [])
    entry = message_entry(tracker.latest_message)
    if entry["text"] and entry not in kept:
        kept.append(entry)
    return kept[-MAX_UNREAD:]


async def fault_events(output_channel, tracker, action_name: str, reason: str) -> list:
    """A failed remote action, once per turn: the apology sent straight to the resident's channel (a
    bot message inside Rasa's slot extraction would be dropped), the message kept in ``unread``, and
    the turn marked failed, so that the next prediction is to listen (no "我没有理解" after it)."""
    from rasa.shared.core.events import SlotSet

    turns = _state["turns"]
    key = _turn_key(tracker)
    if key in turns:
        return []
    if len(turns) > 10_000:
        turns.clear()
    turns[key] = time.monotonic()
    log.error("action server unavailable (%s, during %s): the resident was told and the message kept", reason, action_name)
    await output_channel.send_response(tracker.sender_id, {"text": APOLOGY, "custom": {"type": "fault", "part": "action_server"}})
    return [SlotSet(UNREAD_SLOT, _kept(tracker))]


def install() -> None:
    """Wrap RemoteAction.run once per process (idempotent)."""
    if _state["installed"]:
        return
    from rasa.core.actions import action as rasa_action
    from rasa.core.actions.action import ActionExecutionRejection

    rasa_action.DEFAULT_REQUEST_TIMEOUT = _seconds("ACTION_TIMEOUT_SECONDS", 1.5)
    retry = _seconds("ACTION_RETRY_SECONDS", 5.0)
    original = rasa_action.RemoteAction.run

    async def run(self, output_channel, nlg, tracker, domain):
        if _turn_key(tracker) in _state["turns"]:
            return []  # this turn already failed: end it quickly
        if time.monotonic() < _state["down_until"] and not await _probe(self.action_endpoint.url):
            return await fault_events(output_channel, tracker, self.name(), "marked down")
        try:
            return await original(self, output_channel, nlg, tracker, domain)
        except ActionExecutionRejection:
            raise  # the action server's own answer (a form rejecting a slot), not a fault
        except Exception as exc:  # noqa: BLE001 - refused, timed out, reset, HTTP error: all the same to the resident
            _state["down_until"] = time.monotonic() + retry
            return await fault_events(output_channel, tracker, self.name(), type(exc).__name__)

    rasa_action.RemoteAction.run = run
    from bot import action_response

    action_response.install()  # the reply check at a fraction of Rasa's cost (issue 10)
    _listen_after_a_fault()
    _no_silent_fallback()
    from bot import unsaved

    unsaved.install()  # a turn the tracker store refused to save: the apology, the message kept
    _state["installed"] = True


PROBE_SECONDS = 0.3


async def _probe(webhook_url: str) -> bool:
    """While marked down: is the server back? One quick GET /health per half second at most."""
    now = time.monotonic()
    if now - _state.get("probed_at", 0.0) < 0.5:
        return False
    _state["probed_at"] = now
    url = webhook_url.rsplit("/webhook", 1)[0] + "/health"
    try:
        await asyncio.get_running_loop().run_in_executor(None, lambda: urllib.request.urlopen(url, timeout=PROBE_SECONDS).close())
    except Exception:  # noqa: BLE001 - still down
        return False
    _state["down_until"] = 0.0
    return True


def _listen_after_a_fault() -> None:
    from rasa.core.actions.action import ActionListen
    from rasa.core.policies.policy import PolicyPrediction
    from rasa.core.processor import MessageProcessor
    from rasa.shared.core.constants import ACTION_LISTEN_NAME

    original = MessageProcessor.predict_next_with_tracker_if_should

    def predict(self, tracker):
        if _turn_key(tracker) in _state["turns"]:
            return ActionListen(), PolicyPrediction.for_action_name(self.domain, ACTION_LISTEN_NAME, "bot.faults")
        return original(self, tracker)

    MessageProcessor.predict_next_with_tracker_if_should = predict


def _no_silent_fallback() -> None:
    from rasa.core.tracker_store import FailSafeTrackerStore

    async def retrieve(self, sender_id):
        return await self._tracker_store.retrieve(sender_id)

    async def retrieve_full_tracker(self, sender_id):
        return await self._tracker_store.retrieve_full_tracker(sender_id)

    async def save(self, tracker):
        await self._tracker_store.save(tracker)

    FailSafeTrackerStore.retrieve = retrieve
    FailSafeTrackerStore.retrieve_full_tracker = retrieve_full_tracker
    FailSafeTrackerStore.save = save


# ------------------------------------------------------------------------------------------ health

CHECK_SECONDS = 1.5


def _get(url: str) -> None:
    with urllib.request.urlopen(url, timeout=CHECK_SECONDS):
        return None


def _ledger_ping() -> None:
    if "ledger" not in _state:
        from ledger.store import Ledger

        _state["ledger"] = Ledger()
    _state["ledger"].ping()


async def _check(name: str, probe) -> tuple[str, str]:
    try:
        await asyncio.wait_for(probe(), CHECK_SECONDS + 0.5)
        return name, "ok"
    except Exception as exc:  # noqa: BLE001 - any failure is "down", its kind for the operator
        return name, f"down: {type(exc).__name__}"


async def health(agent) -> dict:
    """{"status": "ok"|"degraded", "parts": {part: "ok" | "down: <error kind>"}}: the model, the action
    server, the tracker store, the lock store and the answer ledger, each checked within ~2 s."""
    loop = asyncio.get_running_loop()
    action_url = os.environ.get("ACTION_ENDPOINT_URL", "").rsplit("/webhook", 1)[0] + "/health"

    async def model():
        if agent is None or not agent.is_ready():
            raise RuntimeError("model not loaded")

    async def actions():
        await loop.run_in_executor(None, _get, action_url)

    async def trackers():
        store = getattr(agent.tracker_store, "_tracker_store", agent.tracker_store)
        await store.retrieve("__health__")

    async def locks():
        red = getattr(agent.lock_store, "red", None)
        if red is not None:  # Redis: one PING
            await loop.run_in_executor(None, red.ping)

    async def ledger():
        await loop.run_in_executor(None, _ledger_ping)

    parts = dict(await asyncio.gather(_check("model", model), _check("action_server", actions),
                                      _check("tracker_store", trackers), _check("lock_store", locks),
                                      _check("ledger", ledger)))  # fmt: skip
    return {"status": "ok" if all(v == "ok" for v in parts.values()) else "degraded", "parts": parts}
