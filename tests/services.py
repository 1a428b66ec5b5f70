"""The machine's own services the tests use (Redis at 127.0.0.1:6379): whether they answer."""

import socket

import pytest


def redis_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
        return True
    except OSError:
        return False


needs_redis = pytest.mark.skipif(not redis_up(), reason="no Redis at 127.0.0.1:6379")
