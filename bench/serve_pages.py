"""`coopdocs serve`'s time-sheet and bilan pages on the large project (10 partners, 80 agents):
medians of the months' list, a month's grid, a grid save (the POST and the page it redirects
to), the bilan of a semester; then 20 clients at once on 127.0.0.1 asking for the grid (median
and 95th percentile). Goals on our 2 cores: a page under 150 ms, a save under 300 ms.

    .venv/bin/python bench/serve_pages.py [--repeat 9]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
import warnings
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from make_large_project import large_project  # noqa: E402
from run import median  # noqa: E402

GOALS = {"list": 0.150, "grid": 0.150, "save": 0.300, "bilan": 0.150, "20 clients": 0.150}
CLIENTS, ROUNDS = 20, 5


def measure(repeat: int) -> dict[str, float]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from starlette.testclient import TestClient

    from coopdocs.pipeline import BuildOptions, timesheets
    from coopdocs.project import load_project
    from coopdocs.web.app import create_app

    folder = Path(tempfile.mkdtemp(prefix="coopdocs-pages-bench-"))
    try:
        project = folder / "grand-projet.yaml"
        project.write_text(large_project(months=36), encoding="utf-8")
        agent = next(a for a in load_project(project).agents if a.allocation.mode == "hourly")
        month = f"{agent.start or load_project(project).project.start:%Y-%m}"
        timesheets(project, month, None, BuildOptions(out_dir=folder / "out", agents=(agent.id,)))
        app = create_app(project, folder / "out")
        client = TestClient(app, base_url="http://127.0.0.1:8765")
        client.get(f"/projet?token={app.state.workspace.keys.token}")
        grid = f"/feuilles/{agent.id}/{month}"
        found = {
            "list": median(lambda: client.get(f"/feuilles?agent={agent.id}"), repeat),
            "grid": median(lambda: client.get(grid), repeat),
        }
        csrf = app.state.workspace.keys.csrf
        day = f"h:{month}-02:wp1"
        saves = []
        for i in range(repeat):
            started = time.perf_counter()
            client.post(grid, data={"csrf": csrf, "action": "save", day: str(1 + i % 2)})
            saves.append(time.perf_counter() - started)
        found["save"] = statistics.median(saves)
        period = f"{month[:4]}-S{1 if int(month[5:]) <= 6 else 2}"
        found["bilan"] = median(lambda: client.get(f"/bilan?periode={period}"), max(3, repeat // 3))
        found["20 clients"], found["20 clients p95"] = _clients(project, folder / "out", grid)
        return found
    finally:
        shutil.rmtree(folder, ignore_errors=True)


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
