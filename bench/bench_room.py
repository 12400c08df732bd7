"""The room under load: 40 seats connected to the console's server, on the flagship.

The console (headless, Textual's Pilot) and the room's server share one loop, as with
`wargame run --serve`. Forty seats (the projector and the cells, in turn) connect from another
process, each following its server-sent events and fetching its page's live part on every
update, as the browser does. Then the facilitator's `+` key is pressed 20 times, 0.5 s apart.

`run()` returns, over those presses:
- `room 40 seats notified (all) median ms`: from the key's action until the last of the 40
  has its "update" event;
- `room 40 seats refreshed (all) median ms`: until the last of the 40 has fetched its new page
  part (what a person sees);
- `room console key-to-update median ms` (and p95): the console's own redraw after the key,
  with the 40 seats connected and refreshing.
The clocks are CLOCK_MONOTONIC in both processes, comparable across processes on Linux.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEATS = 40
PRESSES = 20

_CLIENTS = """
import asyncio, json, sys, time
import httpx

async def seat(base, path, token):
    cookies = {"wargame_seat": token}
    async with httpx.AsyncClient(base_url=base, cookies=cookies, timeout=None) as client:
        async with client.stream("GET", path + "/events") as stream:
            event = None
            async for line in stream.aiter_lines():
                if line.startswith("event: "):
                    event = line[7:]
                elif line.startswith("data: ") and event == "update":
                    notified = time.monotonic()
                    version = int(line[6:])
                    response = await client.get(path + "/live")
                    response.raise_for_status()
                    print(json.dumps([version, notified, time.monotonic()]), flush=True)

async def main():
    base, seats = sys.argv[1], json.loads(sys.argv[2])
    await asyncio.gather(*(seat(base, path, token) for path, token in seats))

asyncio.run(main())
"""


async def measure(folder: Path) -> dict[str, float]:
    """Run the console, the server and the 40 seats; return the figures."""
    from players.console.app import ConsoleApp
    from players.console.launch import open_new
    from players.console.screens.main import MainScreen
    from players.web.desk import ExerciseDesk
    from players.web.hub import Hub
    from players.web.serve import OpenRoom, base_url, bind, follow, server_for
    from players.web.tokens import SeatBook, seat_path

    opened = open_new(None, 1, folder / "room.jsonl")
    desk = ExerciseDesk(opened.exercise)
    scenario = desk.session.compiled.scenario
    seats = SeatBook.open(opened.exercise.journal.path, scenario)
    hub = Hub()
    sock = bind("127.0.0.1", 0)
    base = base_url(sock, "127.0.0.1")
    app = ConsoleApp(desk, clock=lambda: 0.0, room=OpenRoom(seats, hub, base))
    follow(app, desk, hub)
    server = server_for(desk, seats, hub)
    serving = asyncio.create_task(server.serve(sockets=[sock]))
    players = [seat for seat in seats.seats() if seat != "control"]
    chosen = [players[n % len(players)] for n in range(SEATS)]
    plan = json.dumps([[seat_path(seat), seats.token(seat)] for seat in chosen])
    clients = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        _CLIENTS,
        base,
        plan,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    pressed: dict[int, float] = {}
    keys: list[float] = []
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("enter")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, MainScreen)
            while sum(hub.connected().values()) < SEATS:
                await asyncio.sleep(0.05)
            await asyncio.sleep(1.0)  # let every seat fetch its first page
            for _ in range(PRESSES):
                started = time.monotonic()
                pressed[hub.version + 1] = started  # the update this press will send
                screen.action_advance_clock()  # what `+` runs: execute (fsync), then redraw
                await pilot.pause(0)
                keys.append(time.monotonic() - started)
                await asyncio.sleep(0.5)
    finally:
        if clients.returncode is None:
            clients.terminate()
        output, errors = await clients.communicate()
        if clients.returncode not in (0, -15):
            print(errors.decode()[-2000:], file=sys.stderr)
        server.should_exit = True
        await serving
        sock.close()
        opened.exercise.close()
    notified: dict[int, list[float]] = {}
    refreshed: dict[int, list[float]] = {}
    for line in output.decode().splitlines():
        version, seen, fetched = json.loads(line)
        if version in pressed:
            notified.setdefault(version, []).append(seen - pressed[version])
            refreshed.setdefault(version, []).append(fetched - pressed[version])
    complete = [v for v in pressed if len(notified.get(v, ())) == SEATS]
    assert complete, "no press reached all 40 seats"
    return {
        "room 40 seats notified (all) median ms": statistics.median(
            max(notified[v]) for v in complete
        )
        * 1000,
        "room 40 seats refreshed (all) median ms": statistics.median(
            max(refreshed[v]) for v in complete
        )
        * 1000,
        "room presses reaching all 40 seats": float(len(complete)),
        "room console key-to-update median ms": statistics.median(keys) * 1000,
        "room console key-to-update p95 ms": sorted(keys)[int(len(keys) * 0.95) - 1] * 1000,
    }


def run() -> dict[str, float]:
    """Measure; print nothing (bench/__main__ prints the table)."""
    with tempfile.TemporaryDirectory() as name:
        return asyncio.run(measure(Path(name)))
