"""A time limit on rendering one document: a template looping for ever is stopped with a clear
error. It uses SIGALRM, so it applies in the main thread of a process (the CLI, and each
worker process); elsewhere rendering runs without it."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from coopdocs.errors import CoopdocsError

RENDER_SECONDS = 60.0


class RenderTimeout(CoopdocsError):
    pass


@contextmanager
def time_limit(seconds: float, what: str) -> Iterator[None]:
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def expired(signum: int, frame: object) -> None:
        raise RenderTimeout(f"{what} : le rendu dépasse {seconds:g} s (boucle sans fin dans le modèle ?) ; arrêté")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
