"""What the imported connectors' contract test knows of each connector: ``cases/<key>.yaml``, read once."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

CASES = Path(__file__).with_name("cases")


@dataclass(frozen=True)
class Case:
    """What the test needs to know of one connector (``cases/<key>.yaml``).

    ``paged``: a list to page through (its method's http line, its concrete request path at the
    emulator for seeding, path parameters, where the records are in the answer: "" for the answer
    itself, a bare array); ``also_paged``: more such lists, for an API whose lists page in ways of
    their own (Figma's next-page URL), each paged through the same way. An API with no paged list
    (Google Sheets) says why in ``unpaged`` and
    names the method its token refresh is tested with in ``refresh`` (``http``, ``parameters``);
    ``path`` is then None. ``refresh`` beside ``paged``: the paged list's operation is not one the
    spec secures (Notion's search), so the refresh is tested with this method instead.
    ``properties``: the connection properties the sign-in reads after consent, as the emulators tell
    them; ``install``: those an OAuth connection is installed with (Amazon's selling region), which no
    consent tells. ``partner``: property values set once, for every install, in the connector settings'
    ``Properties`` (Apideck's app id); ``installs``: each connection's own values (Apideck's consumer id),
    one connection per entry, whose paged list is read through each (the values reach the vendor as its
    headers).
    ``oauth`` (default true): it signs in with OAuth, so its token refresh is tested; false: it is
    installed with the emulator's key (Basic ``user:password`` or the key) and ``properties`` as given;
    ``client_credentials``: that key is the emulator's ``client_id:client_secret``, and the token they
    fetch is tested (fetched again after expiry or a 401, one fetch for parallel calls, a refusal at
    install); ``rotates``: refresh tokens rotate. ``known``: methods that cannot pass for a reason in the
    vendor's spec itself, with what the refusal must say (kept exact: a listed method that starts
    passing, or fails for another reason, fails the test). ``timeout``: seconds its every-method test
    may take, where a large spec's requests validate too slowly for the suite's default (Microsoft
    Graph Files: 1,137 methods against a 3 MB spec).
    """

    key: str
    http: str
    path: str | None
    parameters: dict[str, str]
    records: str | None
    properties: dict[str, str]
    oauth: bool
    rotates: bool
    known: dict[str, tuple[str, str]]
    client_credentials: bool = False
    timeout: int | None = None
    install: dict[str, str] = field(default_factory=dict)
    refreshed_by: tuple[str, dict[str, str]] | None = None
    also_paged: tuple[Listed, ...] = ()
    partner: dict[str, str] = field(default_factory=dict)
    installs: tuple[dict[str, str], ...] = ({},)

    @classmethod
    def load(cls, file: Path) -> Case:
        raw: dict[str, Any] = yaml.safe_load(file.read_text(encoding="utf-8"))
        if "paged" not in raw:
            assert raw.get("unpaged") and raw.get("refresh"), f"{file.name}: paged, or unpaged (why) and refresh"
        paged = raw.get("paged") or {**raw["refresh"], "path": None, "records": None}
        known = {name: (entry["why"], entry["says"]) for name, entry in (raw.get("known") or {}).items()}
        return cls(file.stem, paged["http"], paged["path"], paged.get("parameters") or {}, paged["records"],
                   raw.get("properties") or {}, raw.get("oauth", True), bool(raw.get("rotates")), known,
                   bool(raw.get("client_credentials")), raw.get("timeout"), raw.get("install") or {},
                   (raw["refresh"]["http"], raw["refresh"].get("parameters") or {}) if raw.get("paged") and
                   raw.get("refresh") else None,
                   tuple(Listed(e["http"], e["path"], e.get("parameters") or {}, e["records"])
                         for e in raw.get("also_paged") or ()),
                   raw.get("partner") or {}, tuple(raw.get("installs") or ({},)))  # fmt: skip

    def lists(self) -> list[Listed]:
        """The lists the paging test pages through: ``paged``, then ``also_paged``."""
        if self.path is None or self.records is None:
            return list(self.also_paged)
        return [Listed(self.http, self.path, self.parameters, self.records), *self.also_paged]


@dataclass(frozen=True)
class Listed:
    """A list to page through: its method's http line, its path at the emulator, path parameters, its records."""

    http: str
    path: str
    parameters: dict[str, str]
    records: str


CASE = {file.stem: Case.load(file) for file in sorted(CASES.glob("*.yaml"))}
KEYS = sorted(CASE)
PAGED = [key for key in KEYS if CASE[key].path is not None]
# Each list a case pages through, as (key, list); the first of a connector's is named by its key alone.
LISTS = [pytest.param(key, listed, id=key if n == 0 else f"{key}-{listed.path}")
         for key in PAGED for n, listed in enumerate(CASE[key].lists())]  # fmt: skip
OAUTH = [key for key in KEYS if CASE[key].oauth]
CLIENT = [key for key in KEYS if CASE[key].client_credentials]
EVERY = [pytest.param(key, marks=pytest.mark.timeout(t)) if (t := CASE[key].timeout) else key for key in KEYS]
