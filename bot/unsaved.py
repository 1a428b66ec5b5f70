"""A turn the tracker store refused to save (read-only, out of space, the connection lost between the
read and the write): the resident gets the Chinese apology, and what they said is kept.

Rasa sends the turn's replies before it saves the turn. Left alone, a failed save would show the
resident the next question of a conversation the store never recorded; they would answer it and be
asked the same question again. ``install()`` (from ``bot.faults.install``) wraps ``MessageProcessor``:

- ``save_tracker``: when the save fails, the resident's message (text, intent, entities — already
  redacted by the channel) is appended to the *pending* store and ``NotSaved`` raised;
- ``handle_message``: on ``NotSaved`` the turn's replies are dropped and the resident gets
  ``faults.APOLOGY`` ("您刚才说的我已记下…", 12393/12366) as soon as the save has failed; when the
  message could not be kept either, ``faults.UNAVAILABLE`` ("这条消息没能处理…") and the error goes on
  to the channel as before;
- ``fetch_tracker_and_update_session``: a conversation with pending messages gets them in the slot
  ``unread`` before its new message, which ``action_read_facts`` reads first (as for messages said
  while the action server was down); they leave the pending store once a turn holding them is saved.

The pending store is ``channels.shared_state``: Redis (``STATE_REDIS_URL``) shared by every Rasa
process — the next message may reach another one — or this process's memory. Nothing is logged but
the kind of error.
"""

from __future__ import annotations

import logging

log = logging.getLogger(__name__)

PENDING_SECONDS = 7 * 24 * 3600  # a resident may come back days later
_MARK = "_pending_unread"  # set on a tracker whose pending messages were put in `unread` this turn
_store: dict = {}


class NotSaved(RuntimeError):
    """The tracker store refused the turn; ``kept``: the resident's message is in the pending store."""

    def __init__(self, kept: bool):
        super().__init__("the tracker store did not save the turn")
        self.kept = kept


def _pending():
    if "cache" not in _store:
        from channels import shared_state

        _store["cache"] = shared_state.from_environment().cache("pending", PENDING_SECONDS, 100_000)
    return _store["cache"]


async def keep(tracker) -> bool:
    """Append the tracker's latest user message to its conversation's pending messages."""
    from bot.faults import MAX_UNREAD, message_entry

    entry = message_entry(tracker.latest_message)
    if not entry["text"]:
        return False
    try:
        kept = list(await _pending().get(tracker.sender_id) or [])
        if entry not in kept:
            kept.append(entry)
        await _pending().put(tracker.sender_id, kept[-MAX_UNREAD:])
    except Exception as exc:  # noqa: BLE001 - the pending store is down too: the message is not kept
        log.error("a turn could not be saved nor kept (%s)", type(exc).__name__)
        return False
    return True


async def restore(tracker) -> None:
    """Put the conversation's pending messages in ``unread`` (after what is there), before its new message."""
    from rasa.shared.core.events import SlotSet

    from bot.faults import MAX_UNREAD, UNREAD_SLOT

    try:
        pending = await _pending().get(tracker.sender_id)
    except Exception as exc:  # noqa: BLE001 - read them next time
        log.warning("pending messages could not be read (%s)", type(exc).__name__)
        return
    if not pending:
        return
    unread = list(tracker.get_slot(UNREAD_SLOT) or [])
    unread += [entry for entry in pending if entry not in unread]
    tracker.update(SlotSet(UNREAD_SLOT, unread[-MAX_UNREAD:]))
    setattr(tracker, _MARK, True)


async def forget(tracker) -> None:
    """The turn holding the pending messages is saved: drop them."""
    if getattr(tracker, _MARK, False):
        try:
            await _pending().pop(tracker.sender_id)
            setattr(tracker, _MARK, False)
        except Exception as exc:  # noqa: BLE001 - they are read once more next turn
            log.warning("pending messages could not be dropped (%s)", type(exc).__name__)


def install() -> None:
    """Wrap the three ``MessageProcessor`` methods once per process."""
    from rasa.core.channels.channel import CollectingOutputChannel
    from rasa.core.processor import MessageProcessor

    if getattr(MessageProcessor.save_tracker, "_unsaved", False):
        return
    from bot.faults import APOLOGY, UNAVAILABLE

    save_tracker = MessageProcessor.save_tracker
    fetch = MessageProcessor.fetch_tracker_and_update_session
    handle_message = MessageProcessor.handle_message

    async def save(self, tracker):
        try:
            await save_tracker(self, tracker)
        except Exception as exc:
            log.error("the tracker store did not save a turn (%s)", type(exc).__name__)
            raise NotSaved(await keep(tracker)) from exc
        await forget(tracker)

    async def fetch_and_restore(self, sender_id, output_channel=None, metadata=None):
        tracker = await fetch(self, sender_id, output_channel, metadata)
        await restore(tracker)
        return tracker

    async def handle(self, message):
        try:
            return await handle_message(self, message)
        except NotSaved as failure:
            channel = message.output_channel
            if isinstance(channel, CollectingOutputChannel):
                channel.messages.clear()  # replies of a turn the store does not have
            text = APOLOGY if failure.kept else UNAVAILABLE
            await channel.send_response(message.sender_id, {"text": text, "custom": {"type": "fault", "part": "tracker_store"}})
            if not failure.kept:
                raise
            return channel.messages if isinstance(channel, CollectingOutputChannel) else None

    save._unsaved = True
    MessageProcessor.save_tracker = save
    MessageProcessor.fetch_tracker_and_update_session = fetch_and_restore
    MessageProcessor.handle_message = handle
