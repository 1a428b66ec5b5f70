"""The lock store of the production profile (bot/lock_store.py) on the Redis at 127.0.0.1:6379, db 8:
several store objects (several Rasa processes' connections) taking one conversation's lock at the same
time never share a ticket, and never let two turns of it run at once."""

from __future__ import annotations

import asyncio
import threading
import time
import uuid

from rasa.core.lock_store import LockStore
from rasa.utils.endpoints import EndpointConfig

from bot.lock_store import AtomicRedisLockStore
from tests.services import needs_redis

pytestmark = needs_redis


def store() -> AtomicRedisLockStore:
    return AtomicRedisLockStore(host="127.0.0.1", port=6379, db=8)


def test_the_production_endpoints_select_it():
    config = EndpointConfig(url="127.0.0.1", type="bot.lock_store.AtomicRedisLockStore", port="6379", db="8")
    created = LockStore.create(config)
    assert isinstance(created, AtomicRedisLockStore) and created.red.connection_pool.connection_kwargs["db"] == 8


def test_tickets_taken_at_once_by_several_processes_are_all_different():
    conversation = f"tickets-{uuid.uuid4().hex}"
    stores = [store() for _ in range(4)]
    issued: list[int] = []
    start = threading.Barrier(len(stores))

    def take(lock_store):
        start.wait()
        numbers = [lock_store.issue_ticket(conversation, 60) for _ in range(40)]
        issued.extend(numbers)

    threads = [threading.Thread(target=take, args=(s,)) for s in stores]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert len(issued) == 160 and len(set(issued)) == 160
    assert sorted(issued) == list(range(160))
    stores[0].delete_lock(conversation)


def test_turns_of_one_conversation_on_several_processes_run_one_at_a_time():
    conversation = f"turns-{uuid.uuid4().hex}"
    inside, most, done = [0], [0], []
    guard = threading.Lock()

    async def turns(lock_store, name):
        for number in range(8):
            async with lock_store.lock(conversation, 60):
                with guard:
                    inside[0] += 1
                    most[0] = max(most[0], inside[0])
                await asyncio.sleep(0.003)  # a turn
                with guard:
                    inside[0] -= 1
                    done.append((name, number))

    threads = [threading.Thread(target=asyncio.run, args=(turns(store(), n),)) for n in range(3)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert len(done) == 24 and most[0] == 1
    assert time.monotonic() - started < 20
    assert store().get_lock(conversation) is None  # the last one out removed it


def test_a_ticket_of_a_killed_process_expires():
    conversation = f"killed-{uuid.uuid4().hex}"
    lock_store = store()
    lock_store.issue_ticket(conversation, 0.3)  # taken by a process that then died mid-turn

    async def next_turn():
        async with lock_store.lock(conversation, 60):
            return time.monotonic()

    started = time.monotonic()
    served = asyncio.run(next_turn())
    assert 0.25 < served - started < 2
