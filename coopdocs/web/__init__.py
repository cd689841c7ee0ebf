"""The local workspace (`coopdocs serve`): the project's pages in a browser, for people who will
never edit YAML. It calls the same library functions as the command line; no rule of the
project lives here. Starlette routes, Jinja2 pages, htmx vendored in static/ (no build step).
"""

from __future__ import annotations

import socket
from collections.abc import Callable
from pathlib import Path

DEFAULT_PORT = 8765


def find_project(target: Path) -> Path:
    """The project file itself, or the one YAML project file of a folder (`projet.yaml` first)."""
    return find_or_create_project(target, create=False)[0]


def find_or_create_project(target: Path, create: bool = True) -> tuple[Path, bool]:
    """The project file, and whether it was just written: a folder without any YAML file gets
    `coopdocs init`'s project (its defaults, which validate), so a person starts in the browser;
    a folder named that does not exist yet is made first, with its parents, as a person expects."""
    import datetime as dt

    from coopdocs.errors import CoopdocsError
    from coopdocs.messages import Phrase
    from coopdocs.project.init import Answers, write_new_project

    if create and not target.exists() and target.suffix not in (".yaml", ".yml"):
        target.mkdir(parents=True)
    if not target.is_dir():
        return target, False
    preferred = target / "projet.yaml"
    if preferred.is_file():
        return preferred, False
    found = sorted(p for p in target.glob("*.y*ml") if p.is_file())
    if not found and create:
        return write_new_project(target, Answers(), dt.date.today()), True
    if len(found) != 1:
        names = ", ".join(p.name for p in found) or Phrase("nothing")
        raise CoopdocsError.of("project-file-ambiguous", target=str(target), count=len(found), names=names)
    return found[0], False


def listening_socket(wanted: int | None) -> socket.socket:
    """A socket listening on 127.0.0.1, on `wanted` when it is free, else on 8765 or any free
    port (the URL printed says which). SO_REUSEADDR, as uvicorn does: the port of a workspace
    that just stopped or crashed (its connections left in TIME_WAIT) is taken again at once,
    while a port another program listens on is still refused."""
    for port in ([wanted] if wanted else []) + [DEFAULT_PORT, 0]:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
            sock.listen(128)
        except OSError:
            sock.close()
            if port == wanted:
                from coopdocs.errors import CoopdocsError

                raise CoopdocsError.of("port-in-use", port=wanted) from None
            continue
        return sock
    raise OSError("no free port")  # pragma: no cover - the system always has one


def free_port(wanted: int | None) -> int:
    """`wanted` when it is free on 127.0.0.1, else any free port."""
    with listening_socket(wanted) as sock:
        chosen: int = sock.getsockname()[1]
        return chosen


def serve(
    project_file: Path,
    out_dir: Path | None,
    port: int | None,
    lang: str,
    announce: Callable[[str], None],
    browser: bool,
    created: bool = False,
) -> None:
    """Run the workspace on 127.0.0.1 until interrupted; `announce` prints its URL (with the token)."""
    import threading
    import webbrowser

    import uvicorn

    from coopdocs.project.source import read_text
    from coopdocs.web.app import create_app

    read_text(project_file)  # a missing or unreadable file is said now, in French, not in the page
    sock = listening_socket(port)  # bound once, here, and given to uvicorn: no gap for another program
    chosen = sock.getsockname()[1]
    app = create_app(project_file, out_dir, lang, chosen, created)
    url = f"http://127.0.0.1:{chosen}/projet?token={app.state.workspace.keys.token}"
    announce(url)
    if browser:
        threading.Timer(0.8, webbrowser.open, args=(url,)).start()
    config = uvicorn.Config(app, host="127.0.0.1", port=chosen, log_level="warning", access_log=False)
    with sock:
        uvicorn.Server(config).run(sockets=[sock])
