"""The live channel to the seats: a server-sent event "something changed" to every page.

The hub sends no exercise content: each page, told that the exercise changed, asks for its own
fragment again, and that request goes through the audience filter like any other. So the one
place that decides what a seat may see stays the page's route, and a slow seat that misses
three updates in a row asks once (each connection holds at most one pending update).

Everything runs on the console's event loop: `publish` is called from the console's own
handlers, never from another thread.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator

KEEPALIVE = 15.0
"""Seconds between comments that keep proxies from closing an idle stream."""
RETRY_MS = 1000
"""How soon a browser tries again after the stream drops (a killed console, a lost Wi-Fi)."""


class Hub:
    """Who is connected, and a way to tell them all that the exercise changed."""

    def __init__(self) -> None:
        self.version = 0
        self._queues: dict[asyncio.Queue[int], str] = {}

    def connected(self) -> Counter[str]:
        """How many pages each seat has open now."""
        return Counter(self._queues.values())

    def publish(self) -> None:
        """Tell every open page that the exercise changed."""
        self.version += 1
        for queue in self._queues:
            if queue.full():
                queue.get_nowait()  # the page will fetch the latest state anyway
            queue.put_nowait(self.version)

    def close_seat(self, seat: str) -> None:
        """End the streams of a seat whose link was reissued."""
        for queue, owner in self._queues.items():
            if owner == seat:
                if queue.full():
                    queue.get_nowait()
                queue.put_nowait(-1)

    async def stream(self, seat: str, keepalive: float = KEEPALIVE) -> AsyncIterator[str]:
        """The text/event-stream of one page: a first update, then one per change."""
        queue: asyncio.Queue[int] = asyncio.Queue(maxsize=1)
        self._queues[queue] = seat
        try:
            yield f"retry: {RETRY_MS}\nevent: update\ndata: {self.version}\n\n"
            while True:
                try:
                    version = await asyncio.wait_for(queue.get(), keepalive)
                except TimeoutError:
                    yield ": keepalive\n\n"
                    continue
                if version < 0:
                    yield "event: revoked\ndata: \n\n"
                    return
                yield f"event: update\ndata: {version}\n\n"
        finally:
            del self._queues[queue]
