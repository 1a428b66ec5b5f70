"""Rasa's Redis lock store, made safe for several Rasa processes (bot/endpoints.production.yml).

Rasa 3.6's ``RedisLockStore`` keeps a conversation's ticket lock as one JSON value and changes it by
GET, change, SET. Two processes taking a message of the same conversation at the same moment can both
read the lock before either writes it: both get the same ticket, and the two messages are handled at
once (one turn's events then overwrite the other's in the tracker store); a release racing a new ticket
can delete that ticket, and its message fails. Here every change is one Redis transaction (WATCH, MULTI,
EXEC; done again when another process changed the lock meanwhile):

- ``issue_ticket``: the next number, appended;
- ``update_lock``: expired tickets dropped (a process killed mid-turn holds its ticket until it expires:
  ``TICKET_LOCK_LIFETIME`` seconds, deploy/env.example);
- ``cleanup``: this ticket removed, and the lock deleted only if nobody is waiting — in the same step.

A waiting message looks again every ``WAIT_SECONDS`` (Rasa: 1 s). Errors reaching Redis are Rasa's
``LockError``, so the channels answer as for any lock store failure (bot/faults.py).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore

WAIT_SECONDS = 0.05
MAX_ATTEMPTS = 50


class AtomicRedisLockStore(RedisLockStore):
    def __init__(self, endpoint_config=None, **kwargs: Any) -> None:
        """From the endpoints file (``type: bot.lock_store.AtomicRedisLockStore`` with RedisLockStore's keys:
        ``url`` is the host) or from keyword arguments."""
        if endpoint_config is not None:
            kwargs = {"host": endpoint_config.url, **endpoint_config.kwargs, **kwargs}
        super().__init__(**kwargs)

    def _change(self, conversation_id: str, change: Callable[[TicketLock | None], tuple[TicketLock | None, Any]]) -> Any:
        """Apply ``change`` (lock or None → new lock or None to delete it, result) as one transaction."""
        from redis.exceptions import WatchError

        key = self.key_prefix + conversation_id
        with self.red.pipeline() as pipe:
            for _ in range(MAX_ATTEMPTS):
                try:
                    pipe.watch(key)
                    raw = pipe.get(key)
                    lock, result = change(TicketLock.from_dict(json.loads(raw)) if raw else None)
                    pipe.multi()
                    if lock is None:
                        pipe.delete(key)
                    else:
                        pipe.set(key, lock.dumps())
                    pipe.execute()
                    return result
                except WatchError:
                    continue
        raise LockError(f"the lock of a conversation changed {MAX_ATTEMPTS} times while it was being taken")

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        def change(lock):
            lock = lock or TicketLock(conversation_id)
            return lock, lock.issue_ticket(lock_lifetime)

        try:
            return self._change(conversation_id, change)
        except LockError:
            raise
        except Exception as exc:  # as Rasa's own: the channels answer a LockError (bot/faults.py)
            raise LockError(f"Error while acquiring lock. Error:\n{exc}") from exc

    def update_lock(self, conversation_id: str) -> None:
        def change(lock):
            if lock is not None:
                lock.remove_expired_tickets()
            return lock, None

        self._change(conversation_id, change)

    def finish_serving(self, conversation_id: str, ticket_number: int) -> None:
        def change(lock):
            if lock is not None:
                lock.remove_ticket_for(ticket_number)
            return lock, None

        self._change(conversation_id, change)

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        def change(lock):
            if lock is None:
                return None, None
            lock.remove_ticket_for(ticket_number)
            return (lock if lock.is_someone_waiting() else None), None

        self._change(conversation_id, change)

    def lock(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME, wait_time_in_seconds: float = WAIT_SECONDS):
        return super().lock(conversation_id, lock_lifetime, wait_time_in_seconds)
