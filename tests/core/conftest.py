"""
Fixtures for the core tests.

    own_redis       a running redis-server of this test's own on a free port (tests/redis_server.py);
                    the test may stop and start it, and it is stopped when the test ends
"""

import pytest

from tests.redis_server import OwnRedis


@pytest.fixture
def own_redis(tmp_path):
    server = OwnRedis(tmp_path)
    server.start()
    try:
        yield server
    finally:
        server.stop()
