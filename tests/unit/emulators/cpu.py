"""A block's own CPU time, for bounds that catch a quadratic loop and not a busy machine."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def own_cpu() -> Iterator[Callable[[], float]]:
    """This thread's CPU seconds in the block (call the yielded function after it), the collector paused.

    A full collection walks every object alive in the process, and in a test worker that is whatever
    earlier tests left, which is not the block's own cost: a 0.2 s seeding once measured 5.2 s of CPU
    in CI, most likely in such collections.
    """
    gc.collect()
    gc.disable()
    started, ended = time.thread_time(), 0.0
    try:
        yield lambda: ended - started
    finally:
        ended = time.thread_time()
        gc.enable()
