"""Issue 23 point 3: each vendor spec under specs/ imported with no overlay, and what it reached.

Each spec is imported in a child process of its own, so its time and peak resident memory
(from ``wait4``) are its alone. Printed per spec: size, operations, methods written, the share of
operations mapped, skipped operations and how long and how much memory the import took; then,
with ``--reasons``, every skip reason with its count. ``--synthetic-mb N`` adds a spec of about N MB
made of copies of the largest spec's paths (under new prefixes), for the time and memory of a
spec as large as GitHub's or Chargebee's.

    .venv/bin/python -m bench.import_coverage [--reasons] [--synthetic-mb 12] [SPEC ...]
"""

from __future__ import annotations

import argparse
import collections
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import orjson

ROOT = Path(__file__).resolve().parent.parent
SPECS = ROOT / "specs"
_SUFFIXES = {".json", ".yaml", ".yml"}


def one(path: Path) -> dict[str, Any]:
    """Import ``path`` with no overlay, in this process; what it reached."""
    from switchboard.errors import ConfigurationError
    from switchboard.importer import import_connector, parse_document
    from switchboard.importer.files import files_in
    from switchboard.importer.limits import ImportLimits

    limits = ImportLimits()
    started = time.perf_counter()
    try:
        limits.check_size(path.stat().st_size, str(path))
        document = parse_document(path.read_text(encoding="utf-8"), str(path))
        parsed = time.perf_counter()
        beside = files_in(path.parent, limits)  # the files its references name, as the CLI reads them
        result = import_connector(document, "coverage", source=path.name, limits=limits, beside=beside)
    except ConfigurationError as exc:
        return {"error": exc.message[:300], "seconds": time.perf_counter() - started}
    report = result.report
    return {
        "operations": report.operations,
        "mapped": len(report.mapped),
        "methods": len(result.definition.methods),
        "skipped": report.skipped,
        "parse_seconds": parsed - started,
        "seconds": time.perf_counter() - started,
    }


def measured(path: Path) -> dict[str, Any]:
    """``one(path)`` in a child process, with the child's peak RSS."""
    child = subprocess.Popen(
        [sys.executable, "-m", "bench.import_coverage", "--one", str(path)], cwd=ROOT, stdout=subprocess.PIPE
    )
    assert child.stdout is not None
    output = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        return {"error": f"the import process failed ({child.returncode})", "peak_mb": usage.ru_maxrss / 1024}
    return dict(orjson.loads(output)) | {"peak_mb": usage.ru_maxrss / 1024}


def synthetic(folder: Path, megabytes: float, operations: int = 1_100) -> Path:
    """A spec of about ``megabytes`` with about ``operations`` (GitHub's: 11 MB, 1,100): the largest JSON
    spec's paths copied under /copyN prefixes, then its schemas copied under new names up to the size."""
    source = max((p for p in SPECS.glob("*.json")), key=lambda p: p.stat().st_size)
    document = orjson.loads(source.read_bytes())
    paths = document["paths"]
    per_copy = sum(1 for item in paths.values() for verb in item if verb in {"get", "put", "post", "patch", "delete"})
    copies = max(1, operations // per_copy)
    document["paths"] = {f"/copy{n}{path}": item for n in range(copies) for path, item in paths.items()}
    for n, item in enumerate(document["paths"].values()):  # operationIds stay unique
        for verb, operation in item.items():
            if isinstance(operation, dict) and "operationId" in operation:
                item[verb] = dict(operation, operationId=f"{operation['operationId']}_{n}")
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    originals = dict(schemas)
    padding = 0
    while len(orjson.dumps(document)) < megabytes * 1024 * 1024 and originals:
        padding += 1
        schemas.update({f"{name}_pad{padding}": schema for name, schema in originals.items()})
    target = folder / f"synthetic-{source.stem}-x{copies}-pad{padding}.json"
    target.write_bytes(orjson.dumps(document))
    return target


def reason_kind(reason: str) -> str:
    """A skip reason with the operation's own names taken out, so alike reasons count together."""
    return re.sub(r"'[^']*'|\"[^\"]*\"|\d+", "…", reason)[:140]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("specs", nargs="*", type=Path, help="specs to import (default: every spec under specs/)")
    parser.add_argument("--reasons", action="store_true", help="list the skip reasons with their counts")
    parser.add_argument("--synthetic-mb", type=float, default=0, help="also a synthetic spec of about this size")
    parser.add_argument("--one", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one is not None:
        sys.stdout.buffer.write(orjson.dumps(one(args.one)))
        return
    specs = args.specs or sorted(p for p in SPECS.iterdir() if p.suffix in _SUFFIXES)
    with tempfile.TemporaryDirectory() as tmp:
        if args.synthetic_mb:
            specs.append(synthetic(Path(tmp), args.synthetic_mb))
        rows = [(spec, spec.stat().st_size / 1024 / 1024, measured(spec)) for spec in specs]
    print("| spec | MB | operations | methods | mapped | skipped | parse s | import s | peak RSS MB |")
    print("|---|---|---|---|---|---|---|---|---|")
    total = mapped = 0
    for spec, size, row in rows:
        if "error" in row:
            print(f"| {spec.name} | {size:.1f} | refused: {row['error']} | | | | | | {row['peak_mb']:.0f} |")
            continue
        total, mapped = total + row["operations"], mapped + row["mapped"]
        share = row["mapped"] / row["operations"] if row["operations"] else 1.0
        print(
            f"| {spec.name} | {size:.1f} | {row['operations']} | {row['methods']} | {share:.1%} | "
            f"{len(row['skipped'])} | {row['parse_seconds']:.1f} | {row['seconds']:.1f} | {row['peak_mb']:.0f} |"
        )
    print(f"\n{mapped} of {total} operations mapped ({mapped / max(total, 1):.1%})")
    if args.reasons:
        for spec, _, row in rows:
            counts = collections.Counter(reason_kind(why) for _, why in row.get("skipped", []))
            for reason, count in counts.most_common():
                print(f"{spec.name}: {count} x {reason}")


if __name__ == "__main__":
    main()
