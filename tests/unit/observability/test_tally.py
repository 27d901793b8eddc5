"""The calls' tallies: folded into Prometheus, they read exactly as updates made one by one."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest

from switchboard.observability import metrics
from switchboard.observability.tally import TALLIES, Tally

BUCKETS = metrics.LATENCY_BUCKETS
AMOUNTS = [0.0, 0.001, 0.005, 0.0050001, 0.01, 0.3, 1.0, 59.9, 60.0, 61.0, 1e9]  # edges, between, past the last


def _pair() -> tuple[CollectorRegistry, Counter, Histogram]:
    registry = CollectorRegistry()
    counter = Counter("t_calls", "calls", ["connector", "outcome"], registry=registry)
    histogram = Histogram("t_seconds", "seconds", ["connector"], buckets=BUCKETS, registry=registry)
    return registry, counter, histogram


def _text(registry: CollectorRegistry) -> list[str]:
    return [line for line in generate_latest(registry).decode().splitlines() if "_created" not in line]


def test_a_folded_tally_reads_as_updates_made_one_by_one() -> None:
    one_by_one, counter, histogram = _pair()
    for amount in AMOUNTS:
        counter.labels("a", "ok").inc()
        histogram.labels("a").observe(amount)
    counter.labels("b", "error").inc(3)
    histogram.labels("b").observe(0.02)

    tallied, t_counter, t_histogram = _pair()
    tally = Tally(direct=False)
    for amount in AMOUNTS:
        tally.inc(t_counter, ("a", "ok"))
        tally.observe(t_histogram, ("a",), amount)
    tally.inc(t_counter, ("b", "error"), 3)
    tally.observe(t_histogram, ("b",), 0.02)
    # Nothing reaches Prometheus before the fold.
    assert tallied.get_sample_value("t_calls_total", {"connector": "a", "outcome": "ok"}) is None
    tally.fold()
    assert _text(tallied) == _text(one_by_one)
    tally.fold()  # folding twice adds nothing
    assert _text(tallied) == _text(one_by_one)


def test_render_folds_every_tally_and_direct_mode_updates_at_once() -> None:
    registry, counter, histogram = _pair()
    tally = Tally(direct=False)
    assert tally in TALLIES
    tally.inc(counter, ("a", "ok"), 2)
    tally.observe(histogram, ("a",), 0.2)
    metrics.render()  # /metrics: folds first
    assert registry.get_sample_value("t_calls_total", {"connector": "a", "outcome": "ok"}) == 2
    assert registry.get_sample_value("t_seconds_bucket", {"connector": "a", "le": "0.25"}) == 1
    assert registry.get_sample_value("t_seconds_bucket", {"connector": "a", "le": "0.1"}) == 0

    direct = Tally(direct=True)  # several workers: another worker may render, so nothing waits
    direct.inc(counter, ("a", "ok"))
    direct.observe(histogram, ("a",), 0.2)
    assert registry.get_sample_value("t_calls_total", {"connector": "a", "outcome": "ok"}) == 3
    assert registry.get_sample_value("t_seconds_count", {"connector": "a"}) == 2
