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
RENDER_MEMORY = 512 << 20  # bytes of address space one rendering may add (a real document needs a few MB;
# a 2-core laptop runs two renderings at once)


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


class RenderMemory(CoopdocsError):
    pass


@contextmanager
def memory_limit(extra: int, what: str) -> Iterator[None]:
    """Cap the process's address space at its current size plus `extra` while rendering: a
    template building a gigabyte value (`[s] * 999999`, doubling a string in a loop…) fails
    with MemoryError, whatever the construct, instead of exhausting the machine."""
    try:
        import resource

        with open("/proc/self/statm", encoding="ascii") as statm:
            current = int(statm.read().split()[0]) * resource.getpagesize()
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    except (ImportError, OSError, ValueError):
        yield  # not Linux: the time limit still applies
        return
    ceiling = current + extra if hard == resource.RLIM_INFINITY else min(hard, current + extra)
    resource.setrlimit(resource.RLIMIT_AS, (ceiling, hard))
    try:
        yield
    except MemoryError:
        raise RenderMemory(
            f"{what} : mémoire dépassée, le modèle construit une valeur trop grande (plus de {extra >> 20} Mo) ; arrêté"
        ) from None
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
