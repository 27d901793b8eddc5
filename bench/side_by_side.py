"""Two or more builds of the call path, taking turns in one run: the A/B that survives a machine whose speed moves.

    git archive 0eb10c6 src | tar -x -C /tmp/before          # the other build: a commit's src folder
    .venv/bin/python -m bench.side_by_side before=/tmp/before/src now=src [--rounds 8] [--seconds 3]
    .venv/bin/python -m bench.side_by_side pyenv=src debian=src:/tmp/debian-venv/bin/python floor=floor

Each side is ``NAME=SOURCE[:PYTHON]``: a Switchboard serving from ``SOURCE`` (put first on PYTHONPATH),
or the Python floor when ``SOURCE`` is ``floor``, on this interpreter or ``PYTHON`` (a venv with the same
lock installed). All sides start at once on one nginx, as in ``bench.floor``; wrk then gives each side
``--seconds`` in turn, for ``--rounds`` rounds, in alternating order, at concurrency 32 and then 1, so a
minute in which the machine slows falls on every side alike. Printed per side: the medians of the
server's CPU per call (its helper processes included), p50 and req/s, and every round's CPU figure.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path

from bench.common import machine, method_uid, switchboard
from bench.floor import floor, nginx, post_script, wrk


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("sides", nargs="+", help="NAME=SOURCE[:PYTHON]; SOURCE a src folder, or floor")
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--seconds", type=int, default=3)
    args = parser.parse_args()
    targets: dict[str, tuple[str, Path | None, int]] = {}
    interpreter, path = sys.executable, os.environ.get("PYTHONPATH")
    with ExitStack() as stack:
        upstream, _ = stack.enter_context(nginx())
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        for side in args.sides:
            name, _, spec = side.partition("=")
            source, _, python = spec.partition(":")
            # bench.common and bench.floor start their servers with sys.executable and this environment.
            sys.executable = python or interpreter
            if source == "floor":
                url, pid = stack.enter_context(floor(f"{upstream}/v2/people/1"))
                targets[name] = (f"{url}/", None, pid)
                continue
            os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(Path(source).resolve()), path]))
            sb = stack.enter_context(switchboard(upstream, "bench-key", server="uvicorn"))
            script = post_script(tmp / name, sb.headers(), '{"Mergefields":{"person_id":1}}')
            call = f"{sb.url}/v1.0/account/connectors/{sb.connection}/methods/{method_uid(sb, 'Get person')}/body"
            targets[name] = (call, script, sb.process.pid)
        sys.executable = interpreter
        print(f"machine: {machine()}; {args.rounds} rounds of {args.seconds} s a side, wrk -t1")
        for connections in (32, 1):
            figures: dict[str, list[dict[str, float]]] = {name: [] for name in targets}
            for url, script, _ in targets.values():
                wrk(url, connections, 1, script)  # warm up
            order = list(targets.items())
            for turn in range(args.rounds):
                for name, (url, script, pid) in order if turn % 2 == 0 else order[::-1]:
                    figures[name].append(wrk(url, connections, args.seconds, script, pid))
            for name, runs in figures.items():
                cpu = [r["cpu_ms"] for r in runs]
                p50 = statistics.median(r["p50_ms"] for r in runs)
                rps = statistics.median(r["rps"] for r in runs)
                print(
                    f"c{connections:<3} {name:>12}: CPU {statistics.median(cpu):.4f} ms/call, p50 {p50:.3f} ms, "
                    f"{rps:.0f} req/s; rounds {' '.join(f'{c:.3f}' for c in cpu)}"
                )


if __name__ == "__main__":
    main()
