"""The qasync harness itself: socket I/O and timers run while Qt spins; teardown is clean."""

from __future__ import annotations

import asyncio
from typing import Any


async def _echo_roundtrip(payload: bytes) -> bytes:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(await reader.readexactly(len(payload)))
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(payload)
    await writer.drain()
    data = await reader.readexactly(len(payload))
    writer.close()
    await writer.wait_closed()
    server.close()
    await server.wait_closed()
    return data


def test_socket_io_runs_on_qt_loop(aio: Any) -> None:
    assert aio.run(_echo_roundtrip(b"hello qasync")) == b"hello qasync"


def test_pending_call_later_is_cleaned_up(aio: Any) -> None:
    fired: list[int] = []
    aio.loop.call_later(30, fired.append, 1)  # would fire long after this test
    aio.spawn(asyncio.sleep(30))  # left pending on purpose: teardown cancels it
    assert aio.run(asyncio.sleep(0.01, result="ok")) == "ok"
    assert fired == []


def test_qt_still_spins_after_previous_teardowns(aio: Any, qtbot: Any) -> None:
    # Trap 1 in STACK-NOTES: a stop() at teardown would make later waits return at once.
    task = aio.spawn(asyncio.sleep(0.05, result=42))
    qtbot.waitUntil(task.done, timeout=2000)
    assert task.result() == 42
