"""The connector definition around the imported methods: its base URL, auth, properties and headers; the report."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from switchboard.catalog.models import ConnectorDef
from switchboard.errors import ConfigurationError
from switchboard.importer.headers import connection_headers
from switchboard.importer.keys import key_format
from switchboard.importer.overlay import Overlay
from switchboard.importer.schemas import plain_summary
from switchboard.importer.security import auth_from, base_url_from, oauth_on_server
from switchboard.importer.spec import Spec


@dataclass
class Report:
    """What the import did: operations mapped, operations skipped and notes, each with the reason."""

    operations: int = 0
    mapped: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)  # the spec's reading: a key written twice

    @property
    def accounted(self) -> bool:
        """Every operation is either a method or skipped with a reason."""
        return len(self.mapped) + len(self.skipped) == self.operations


def _properties(from_spec: list[dict[str, Any]], overlay: Overlay) -> list[dict[str, Any]]:
    """The spec's server variables as properties, then the overlay's: the overlay's win on a name,
    and a variable the overlay's ``base_url`` no longer names is dropped (it would be asked for, unused)."""
    own = {p.name for p in overlay.properties}
    kept = [
        p
        for p in from_spec
        if p["name"] not in own and (overlay.base_url is None or "{" + p["name"] + "}" in overlay.base_url)
    ]
    return kept + [p.model_dump(mode="json", exclude_defaults=True) for p in overlay.properties]


def connector_of(
    spec: Spec,
    key: str,
    overlay: Overlay,
    query_style: str,
    pagination: dict[str, Any] | None,
    methods: list[dict[str, Any]],
    generated: list[dict[str, Any]],
    report: Report,
    source: str,
    syncs: list[dict[str, Any]],
) -> ConnectorDef:
    """The connector definition around ``methods`` (``generated``: those made from the spec's operations)."""
    info = spec.document.get("info") or {}
    base_url, properties = base_url_from(spec, report.notes, overlay.base_url)
    beside: dict[str, tuple[str, str]] = {}  # API keys asked for beside the auth: scheme -> (header, description)
    if overlay.auth is not None:
        auth: list[Any] = [
            a.model_dump(mode="json", by_alias=True, exclude_defaults=True) | {"type": a.type} for a in overlay.auth
        ]
    else:
        auth = auth_from(spec, report.notes, beside)
        key_format(auth, overlay.api_key_format, report.notes)
    properties = _properties(properties, overlay)
    headers, wanted = connection_headers(beside, generated, auth, overlay.headers, report.notes)
    properties += [p for p in wanted if p["name"] not in {q["name"] for q in properties}]
    if overlay.auth is None:
        oauth_on_server(auth, overlay.base_url or base_url, properties, report.notes)
    described = overlay.description if overlay.description is not None else plain_summary(info.get("description"))
    raw: dict[str, Any] = {
        "key": key,
        "name": overlay.name or str(info.get("title") or key),
        "version": overlay.version or str(info.get("version") or "1"),
        "description": described,
        "base_url": overlay.base_url or base_url,
        "body_format": overlay.body_format or "json",
        "query_style": query_style,
        "headers": headers | dict(overlay.headers),
        "query": dict(overlay.query),
        "auth": auth,
        "properties": properties,
        "rate_limits": [r.model_dump(mode="json", exclude_defaults=True) for r in overlay.rate_limits],
        "pagination": pagination,
        "methods": methods,
    }
    if overlay.status:
        raw["status"] = overlay.status
    if overlay.categories:
        raw["categories"] = list(overlay.categories)
    if syncs:
        raw["syncs"] = syncs
    if overlay.retry is not None:
        raw["retry"] = overlay.retry.model_dump(mode="json", exclude_defaults=True)
    if overlay.success is not None:
        raw["success"] = overlay.success.model_dump(mode="json", exclude_defaults=True)
    if overlay.webhooks is not None:
        raw["webhooks"] = overlay.webhooks.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    if overlay.verify is not None:
        raw["verify"] = overlay.verify.model_dump(mode="json", exclude_defaults=True)
    try:
        return ConnectorDef.model_validate(raw)
    except ValidationError as exc:
        lines = [f"  {'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()[:20]]
        raise ConfigurationError(f"{source or key}: the imported connector is not valid:\n" + "\n".join(lines)) from exc
