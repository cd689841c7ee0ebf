"""`coopdocs serve`'s time-sheet and bilan pages on the large project (10 partners, 80 agents):
medians of the months' list, a month's grid, a grid save (the POST and the page it redirects
to), the bilan of a semester; then 20 clients at once on 127.0.0.1 asking for the grid (median
and 95th percentile). Goals on our 2 cores: a page under 150 ms, a save under 300 ms.

    .venv/bin/python bench/serve_pages.py [--repeat 9]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import threading
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from make_large_project import large_workspace  # noqa: E402
from run import median  # noqa: E402

GOALS = {"list": 0.150, "grid": 0.150, "save": 0.300, "bilan": 0.150, "20 clients": 0.150}
CLIENTS, ROUNDS = 20, 5


def measure(repeat: int) -> dict[str, float]:
    from coopdocs.pipeline import BuildOptions, timesheets
    from coopdocs.project import load_project

    chosen: list[tuple[str, str]] = []

    def first_sheet(project: Path) -> None:
        """The first hourly agent's first month, its blank sheet built."""
        loaded = load_project(project)
        agent = next(a for a in loaded.agents if a.allocation.mode == "hourly")
        month = f"{agent.start or loaded.project.start:%Y-%m}"
        timesheets(project, month, None, BuildOptions(out_dir=project.parent / "out", agents=(agent.id,)))
        chosen.append((agent.id, month))

    with large_workspace("coopdocs-pages-bench-", first_sheet) as (project, client):
        agent_id, month = chosen[0]
        grid = f"/feuilles/{agent_id}/{month}"
        found = {
            "list": median(lambda: client.get(f"/feuilles?agent={agent_id}"), repeat),
            "grid": median(lambda: client.get(grid), repeat),
        }
        day = f"h:{month}-02:wp1"
        saves = []
        for i in range(repeat):
            started = time.perf_counter()
            client.post(grid, data={"csrf": client.csrf, "action": "save", day: str(1 + i % 2)})
            saves.append(time.perf_counter() - started)
        found["save"] = statistics.median(saves)
        period = f"{month[:4]}-S{1 if int(month[5:]) <= 6 else 2}"
        found["bilan"] = median(lambda: client.get(f"/bilan?periode={period}"), max(3, repeat // 3))
        found["20 clients"], found["20 clients p95"] = _clients(project, project.parent / "out", grid)
        return found


def _clients(project: Path, out: Path, grid: str) -> tuple[float, float]:
    """CLIENTS threads, each asking ROUNDS times for the grid, on loopback only; bounded."""
    import uvicorn

    from coopdocs.web import free_port
    from coopdocs.web.app import create_app

    port = free_port(None)
    app = create_app(project, out, "fr", port)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    cookie = f"coopdocs_session={app.state.workspace.keys.session()}"
    times: list[float] = []
    lock = threading.Lock()

    def one() -> None:
        for _ in range(ROUNDS):
            request = urllib.request.Request(base + grid, headers={"Cookie": cookie})
            started = time.perf_counter()
            with urllib.request.urlopen(request, timeout=60) as answer:
                answer.read()
            with lock:
                times.append(time.perf_counter() - started)

    workers = [threading.Thread(target=one) for _ in range(CLIENTS)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
    server.should_exit = True
    thread.join(5)
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=9)
    for name, seconds in measure(parser.parse_args().repeat).items():
        goal = GOALS.get(name)
        held = "" if goal is None else f"   objectif ≤ {goal * 1000:.0f} ms : {'oui' if seconds <= goal else 'NON'}"
        print(f"serve {name:15} {seconds * 1000:7.1f} ms{held}")


if __name__ == "__main__":
    main()
