"""An item id the emulator never handed out, answered 404 as the vendor would (the config's ``unknown_ids_404``).

Only where the emulator keeps the collection (a list it seeds or a create it keeps records from): there it
knows every id it handed out. Elsewhere ids come from the spec's examples, and any id is answered as found.
"""

from __future__ import annotations

from typing import Any, Protocol

from switchboard_emulators.spec.config import SpecConfig
from switchboard_emulators.spec.document import Operation, Router
from switchboard_emulators.spec.schemas import Generator


class Answers(Protocol):
    """What of ``answers.Answers`` this reads (a protocol: answers.py imports this module)."""

    config: SpecConfig
    router: Router
    gen: Generator

    def kind(self, op: Operation) -> str: ...


class NotFound(Exception):
    """The operation's 404 answer, ``body`` as the spec declares it."""

    def __init__(self, body: Any) -> None:
        super().__init__("not found")
        self.body = body


def kept(answers: Answers, op: Operation) -> bool:
    """Whether the emulator keeps the records of the collection item operation ``op`` works on."""
    collection = op.template.rstrip("/").rsplit("/", 1)[0]
    return any(
        other.template.rstrip("/") == collection and answers.kind(other) in {"list", "create"}
        for verb in ("GET", "POST")
        for other in answers.router.by_method.get(verb, [])
    )


def not_found(answers: Answers, op: Operation, record_id: str) -> NotFound | None:
    """The 404 ``op`` declares for ``record_id``: its example, else a body from its schema, else a plain JSON
    error; None where the config says not to, the emulator keeps no such records, or the operation declares no
    404 (the vendor's answer unknown: answered as found)."""
    responses = op.spec.get("responses") or {}
    declared = responses.get("404", responses.get(404))
    if declared is None or not answers.config.unknown_ids_404 or not kept(answers, op):
        return None
    response = answers.gen.resolver.resolve(declared)
    content = (response.get("content") if isinstance(response, dict) else None) or {}
    media = next((m for m in content if "json" in m), None)
    entry = content.get(media) if media is not None else None
    if isinstance(entry, dict):
        examples = [e.get("value") for e in (entry.get("examples") or {}).values() if isinstance(e, dict)]
        example = entry.get("example", examples[0] if examples else None)
        if example is not None:
            return NotFound(example)
        if entry.get("schema"):
            return NotFound(answers.gen.value(entry["schema"], f"{op.operation_id}:404"))
    return NotFound({"error": "not_found", "message": f"no record has the id {record_id!r}"})
