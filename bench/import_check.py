"""An imported spec's requests against the spec itself: what ``import_coverage`` cannot see.

Each spec is imported with no overlay (the files its references name read as the CLI reads them).
Every method's request is then built from inputs generated for it (``tests/contract/imported_inputs``:
its required inputs, samples drawn from the spec's schemas) and sent through Switchboard's transport
to the spec-driven emulator serving that spec, which checks it with openapi-core and answers 400 with
the reason when the spec would refuse it. Printed per spec: methods, accepted, refused, not built (the
inputs refused before anything was sent), and with ``--reasons N`` the N commonest refusals.

    .venv/bin/python -m bench.import_check [--reasons 10] [--root DIR] SPEC [SPEC ...]

A refusal is not always Switchboard's: a spec may contradict itself (a ``readOnly`` property that is
also required, which openapi-core demands in requests too), and the generated samples do not satisfy
every format (an IPv6 address) or choice of shapes. The reasons tell which.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from switchboard.catalog.models import ConnectorDef
from switchboard.catalog.registry import Connector, Registry
from switchboard.engine.inputs.styles import InputsByName
from switchboard.engine.request.build import build_request
from switchboard.engine.request.templates import with_properties
from switchboard.errors import ConfigurationError, SwitchboardError
from switchboard.http import Budget, OutboundRequest
from switchboard.http.aiohttp_transport import AiohttpTransport
from switchboard.importer import import_connector
from switchboard.importer.files import read_spec
from switchboard.importer.limits import ImportLimits
from switchboard_emulators import EmulatorServer
from switchboard_emulators.spec import SpecEmulator
from tests.contract.imported_inputs import call_body, operation_of


@dataclass
class Checked:
    methods: int = 0
    accepted: int = 0
    refused: int = 0
    unbuilt: int = 0
    reasons: collections.Counter[str] = field(default_factory=collections.Counter)
    example: dict[str, str] = field(default_factory=dict)


def imported(spec: Path, root: Path | None = None) -> tuple[ConnectorDef, Connector]:
    """The spec imported with no overlay, the files its references name read as the CLI reads them (from
    ``root`` when given, as ``--root`` does)."""
    document, beside = read_spec(spec, ImportLimits(), root)
    definition = import_connector(document, "checked", source=spec.name, beside=beside).definition
    return definition, Registry([definition]).by_key["checked"]


async def check(spec: Path, definition: ConnectorDef, connector: Connector, emulator: SpecEmulator) -> Checked:
    # The connection's properties filled in as the engine fills them (base URL, headers, query).
    resolved = with_properties(definition, {p.name: "emulated" for p in definition.properties})
    out = Checked(methods=len(connector.methods))
    transport = AiohttpTransport(connect_timeout=5, read_timeout=30)
    try:
        with EmulatorServer(emulator) as server:
            for method in connector.methods:
                call = call_body(emulator, method, operation_of(emulator, method))
                try:
                    inputs = InputsByName(call.get("RequestBody"), call.get("Parameters"), None)
                    request = build_request(resolved, method, inputs.bind(method, definition), resolved.base_url)
                except (SwitchboardError, KeyError, ValueError) as exc:
                    out.unbuilt += 1
                    reason = f"not built: {exc}"[:200]
                    out.reasons[reason] += 1
                    out.example.setdefault(reason, str(method.definition.http))
                    continue
                path = urlsplit(request.url).path  # the emulator answers under the spec's server paths
                headers = (*request.headers, ("Authorization", "Bearer emulated"))
                sent = OutboundRequest(request.method, server.url + path, request.query, headers, request.body)
                try:
                    answer = await transport.send(sent, Budget(deadline=time.monotonic() + 30, max_bytes=1 << 30))
                except SwitchboardError as exc:  # no answer in time (a generator slow on nested choices): counted
                    out.refused += 1
                    reason = f"no answer: {exc}"[:200]
                    out.reasons[reason] += 1
                    out.example.setdefault(reason, str(method.definition.http))
                    continue
                if answer.ok:
                    out.accepted += 1
                    continue
                out.refused += 1
                reason = f"{answer.status}: {answer.body.decode(errors='replace')}"[:200]
                out.reasons[reason] += 1
                out.example.setdefault(reason, str(method.definition.http))
    finally:
        await transport.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("specs", nargs="+", type=Path)
    parser.add_argument("--reasons", type=int, default=0, help="print the N commonest refusals of each spec")
    parser.add_argument("--root", type=Path, help="a folder above the specs' from which references read files")
    args = parser.parse_args()
    print("| spec | methods | accepted | refused | not built |\n|---|---|---|---|---|")
    results: dict[Path, Checked] = {}
    for spec in args.specs:
        try:
            definition, connector = imported(spec, args.root)
        except ConfigurationError as exc:  # the import itself refused: said, and the other specs go on
            print(f"| {spec.name} | import failed: {exc.message[:300]} | | | |")
            continue
        results[spec] = asyncio.run(check(spec, definition, connector, SpecEmulator(spec, within=args.root)))
    for spec, r in results.items():
        share = r.accepted / max(r.methods, 1)
        print(f"| {spec.name} | {r.methods} | {r.accepted} ({share:.1%}) | {r.refused} | {r.unbuilt} |")
    for spec, r in results.items():
        for reason, count in r.reasons.most_common(args.reasons):
            print(f"{spec.name}: {count} x {reason} (e.g. {r.example.get(reason, '-')})")


if __name__ == "__main__":
    main()
