"""The SDK's own httpx pool: small shards filled first to last, opened lazily, always released."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest

from paypro_async._shards import ShardedPool

OK = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"


class Counting:
    """A keep-alive loopback server that counts the connections it accepted."""

    def __init__(self) -> None:
        self.connections = 0
        self.gate = asyncio.Event()
        self.gate.set()
        self.url = ""
        self.held = 0  # requests read and waiting at the gate
        self.all_held = asyncio.Event()
        self.expect = 0

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        try:
            while True:
                await reader.readuntil(b"\r\n\r\n")
                self.held += 1
                if self.held == self.expect:
                    self.all_held.set()
                await self.gate.wait()
                writer.write(OK)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()


@pytest.fixture
async def counting() -> AsyncIterator[Counting]:
    state = Counting()
    server = await asyncio.start_server(state.handle, "127.0.0.1", 0)
    state.url = f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}/"
    yield state
    server.close()
    await server.wait_closed()


async def test_one_after_another_reuses_one_connection(counting: Counting) -> None:
    pool = ShardedPool(10, per_shard=2)
    async with httpx.AsyncClient(transport=pool) as http:
        for _ in range(5):
            assert (await http.post(counting.url, content=b"{}")).json() == {}
    assert counting.connections == 1 and len(pool._shards) == 1 and pool._busy == [0]


async def test_concurrent_requests_fill_a_shard_before_opening_the_next(counting: Counting) -> None:
    pool = ShardedPool(6, per_shard=2)
    counting.gate.clear()
    counting.expect = 5
    async with httpx.AsyncClient(transport=pool) as http:
        calls = [asyncio.create_task(http.post(counting.url, content=b"{}")) for _ in range(5)]
        await counting.all_held.wait()
        assert pool._busy == [2, 2, 1]  # five connections in three shards: none queues
        counting.gate.set()
        assert all(r.status_code == 200 for r in await asyncio.gather(*calls))
        assert pool._busy == [0, 0, 0]
    assert counting.connections == 5


async def test_more_requests_than_connections_share_and_still_finish(counting: Counting) -> None:
    pool = ShardedPool(2, per_shard=1)
    async with httpx.AsyncClient(transport=pool) as http:
        responses = await asyncio.gather(*(http.post(counting.url, content=b"{}") for _ in range(7)))
    assert [r.status_code for r in responses] == [200] * 7
    assert len(pool._shards) == 2 and pool._busy == [0, 0] and counting.connections == 2


async def test_a_failed_request_frees_its_connection() -> None:
    pool = ShardedPool(1)
    async with httpx.AsyncClient(transport=pool) as http:
        for _ in range(2):
            with pytest.raises(httpx.ConnectError):
                await http.post("http://127.0.0.1:9/", content=b"{}")  # discard port: refused
    assert pool._busy == [0]


async def test_a_streamed_body_frees_its_connection_when_closed(counting: Counting) -> None:
    pool = ShardedPool(1)
    async with httpx.AsyncClient(transport=pool) as http:
        async with http.stream("POST", counting.url, content=b"{}") as response:
            assert pool._busy == [1]
            assert await response.aread() == b"{}"
        assert pool._busy == [0]


def test_sizes_must_be_positive() -> None:
    with pytest.raises(ValueError, match="must be >= 1"):
        ShardedPool(0)
    with pytest.raises(ValueError, match="must be >= 1"):
        ShardedPool(5, per_shard=0)
