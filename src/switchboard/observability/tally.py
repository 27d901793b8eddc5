"""A call's metrics as plain numbers on the call path, folded into the Prometheus children when /metrics renders.

prometheus-client's ``inc`` and ``observe`` take a lock and check their arguments on every update,
and ``observe`` walks the buckets in order: 2-3 us each, four or more per call. Here an update is a
dictionary look-up and an addition (a bisection for a histogram's bucket); ``metrics.render`` folds
what piled up into the same children first, so a scrape reads exactly what it read before.

Under several workers (``PROMETHEUS_MULTIPROC_DIR``) another worker may render: every update then
goes to its child at once, as before.
"""

from __future__ import annotations

import os
import weakref
from bisect import bisect_left
from typing import Any

from prometheus_client import Counter, Histogram

# Every live tally, folded by ``metrics.render`` (weakly: an app's services may come and go in one process).
TALLIES: weakref.WeakSet[Tally] = weakref.WeakSet()


class _Sums:
    """A histogram child's pending observations: a count per bucket (Prometheus's ``le``) and their sum."""

    __slots__ = ("bounds", "counts", "total")

    def __init__(self, bounds: list[float]) -> None:
        self.bounds = bounds
        self.counts = [0] * len(bounds)
        self.total = 0.0

    def observe(self, amount: float) -> None:
        # The first bound >= amount, as Histogram.observe's ``amount <= bound`` (the last bound is +Inf).
        self.counts[min(bisect_left(self.bounds, amount), len(self.counts) - 1)] += 1
        self.total += amount


class Tally:
    """Counters and histograms by label values, pending until ``fold``."""

    def __init__(self, *, direct: bool | None = None) -> None:
        self.direct = bool(os.environ.get("PROMETHEUS_MULTIPROC_DIR")) if direct is None else direct
        self._counts: dict[tuple[Counter, tuple[str, ...]], float] = {}
        self._sums: dict[tuple[Histogram, tuple[str, ...]], _Sums] = {}
        self._children: dict[tuple[Any, tuple[str, ...]], Any] = {}  # .labels() validates and locks: once
        TALLIES.add(self)

    def inc(self, counter: Counter, labels: tuple[str, ...], amount: float = 1.0) -> None:
        if self.direct:
            self.child(counter, labels).inc(amount)
            return
        key = (counter, labels)
        self._counts[key] = self._counts.get(key, 0.0) + amount

    def observe(self, histogram: Histogram, labels: tuple[str, ...], amount: float) -> None:
        if self.direct:
            self.child(histogram, labels).observe(amount)
            return
        key = (histogram, labels)
        sums = self._sums.get(key)
        if sums is None:
            sums = self._sums[key] = _Sums(histogram._upper_bounds)
        sums.observe(amount)

    def child(self, metric: Any, labels: tuple[str, ...]) -> Any:
        key = (metric, labels)
        found = self._children.get(key)
        if found is None:
            found = self._children[key] = metric.labels(*labels)
        return found

    def fold(self) -> None:
        """Everything pending into the Prometheus children (the serving loop's thread: no update runs meanwhile)."""
        counts, self._counts = self._counts, {}
        for (counter, labels), amount in counts.items():
            self.child(counter, labels).inc(amount)
        sums, self._sums = self._sums, {}
        for (histogram, labels), pending in sums.items():
            child = self.child(histogram, labels)
            child._sum.inc(pending.total)
            for bucket, count in zip(child._buckets, pending.counts, strict=True):
                if count:
                    bucket.inc(count)


def fold_all() -> None:
    for tally in list(TALLIES):
        tally.fold()
