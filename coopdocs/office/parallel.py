"""Run independent pieces of work on every core: rendering workbooks and documents, reading
filled sheets. Work items are picklable callables (functools.partial of module functions with
plain data); results come back in order. With one job, or little work, nothing is forked."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

T = TypeVar("T")
MIN_PER_JOB = 8  # below this, a process pool costs more than it saves


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def _die_with_parent() -> None:
    """A worker whose coopdocs process is killed must not live on (Linux: PR_SET_PDEATHSIG)."""
    import ctypes
    import signal

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() == 1:  # the parent died before the line above
        os._exit(1)


def _call(work: Callable[[], T]) -> T:
    return work()


def run_all(work: Sequence[Callable[[], T]], jobs: int) -> Iterator[T]:
    if jobs <= 1 or len(work) < MIN_PER_JOB * 2:
        for item in work:
            yield item()
        return
    chunk = max(1, min(16, len(work) // (jobs * 4)))
    context = multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_die_with_parent) as pool:
        try:
            yield from pool.map(_call, work, chunksize=chunk)
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise
