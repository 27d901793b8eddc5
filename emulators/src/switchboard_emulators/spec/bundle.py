"""A spec split across files made one document, as the importer reads it (DigitalOcean's: paths whose
operations are ``resources/droplets/droplets_list.yml``, schemas in ``models/droplet.yml#/droplet``).

Every ``$ref`` to another file is replaced by what it names, read relative to the file that holds the
reference; inside that file its own ``#/...`` references name that file's parts. Nothing is fetched: a
URL, a file outside the spec's folder (or the wider one given as ``within``: OpenSearch's namespace
files name ``../schemas/``), or one that is not there stays a reference to nothing (the
resolver's "any value"). What
refers back to itself (a tree of schemas) is placed once under ``x-bundled`` and referenced there.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from switchboard_emulators.spec.pointer import follow

BUNDLED = "x-bundled"
# A reference whose value, on the same line, names a file: in JSON or YAML, quoted or not. Not a property
# named $ref (its value an object or on the next lines: Okta's, GitHub's), a folded one (Stripe's `$ref: >-`),
# a URL (never read) or one quoted in a description (Smartsheet's): those big one-file specs keep their cache.
_EXTERNAL = re.compile(rb"""(?:^|[{,\s])["']?\$ref["']?[ \t]*:[ \t]*["']?(?!#|https?:)[^\s"'>|{\[]""")

Key = tuple[Path, str]


def refers_outside(raw: bytes) -> bool:
    """Whether a spec's text names another file (a cheap look before anything is parsed)."""
    return _EXTERNAL.search(raw) is not None


def digest(path: Path) -> str | None:
    """The hash of a file's bytes; None when it cannot be read (not there)."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def unchanged(files: dict[str, str | None]) -> bool:
    """Whether every file (path: ``digest``) holds what it held, a missing one still missing."""
    return all(digest(Path(path)) == held for path, held in files.items())


class Bundler:
    """Inlines the other files the spec at ``source`` refers to; ``parse`` reads one file's bytes into a
    document, no file outside ``within`` (by default the source's folder) read. ``read`` names each other
    file it looked at, with the hash of what it held (``digest``)."""

    def __init__(self, parse: Callable[[bytes], Any], source: Path, within: Path | None = None) -> None:
        self._parse = parse
        self._root = source.resolve()
        self._within = (within or source.parent).resolve()
        self.read: dict[str, str | None] = {}
        self._files: dict[Path, Any] = {}
        self._done: dict[Key, Any] = {}
        self._open: list[Key] = []
        self._names: dict[Key, str] = {}
        self._placed: dict[str, Any] = {}

    def bundle(self, doc: dict[str, Any]) -> dict[str, Any]:
        """``doc`` (the source's own document) with the other files' parts inlined."""
        self._files[self._root] = doc
        out: dict[str, Any] = self._walk(doc, self._root)
        if self._placed:
            out[BUNDLED] = self._placed
        return out

    def _walk(self, node: Any, file: Path) -> Any:
        if isinstance(node, list):
            return [self._walk(item, file) for item in node]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref")
        if isinstance(ref, str):
            key = self._key(ref, file)
            if key is not None:
                return self._inline(key, node)
        out = {name: self._walk(value, file) for name, value in node.items()}
        mapping = out.get("mapping") if "propertyName" in out else None
        if isinstance(mapping, dict):  # a discriminator's mapping names schemas by reference, as strings
            out["mapping"] = {value: self._placed_ref(ref, file) for value, ref in mapping.items()}
        return out

    def _placed_ref(self, ref: Any, file: Path) -> Any:
        """``ref`` as a reference into this document: another file's schema is placed under ``x-bundled``."""
        key = self._key(ref, file) if isinstance(ref, str) else None
        if key is None:
            return ref
        inlined = self._inline(key, {"$ref": ref})
        if isinstance(inlined, dict) and set(inlined) == {"$ref"}:
            return inlined["$ref"]  # placed already, or a reference to nothing
        name = self._names.setdefault(key, f"{len(self._names)}")
        self._placed[name] = inlined
        return f"#/{BUNDLED}/{name}"

    def _key(self, ref: str, file: Path) -> Key | None:
        """The file and pointer ``ref`` names; None for the root's own parts and for URLs (left as they are)."""
        if ref.startswith("#"):
            return None if file == self._root else (file, ref[1:])
        if "://" in ref:
            return None
        path, _, pointer = ref.partition("#")
        target = (file.parent / path).resolve()
        # As the importer reads them: nothing outside the folder, nor through a link out of it.
        return (target, pointer) if target.is_relative_to(self._within) else None

    def _inline(self, key: Key, node: dict[str, Any]) -> Any:
        if key in self._done:
            return self._done[key]
        if key in self._open:  # back to itself: one copy, placed apart and referenced
            name = self._names.setdefault(key, f"{len(self._names)}")
            return {"$ref": f"#/{BUNDLED}/{name}"}
        target = self._target(key)
        if target is None:
            return node  # a reference to nothing, as in a one-file spec
        self._open.append(key)
        try:
            result = self._walk(target, key[0])
        finally:
            self._open.pop()
        if key in self._names:
            self._placed[self._names[key]] = result
            result = {"$ref": f"#/{BUNDLED}/{self._names[key]}"}
        self._done[key] = result
        return result

    def _target(self, key: Key) -> Any:
        file, pointer = key
        if file not in self._files:
            try:
                data = file.read_bytes()
            except OSError:  # not there: a reference to nothing
                self.read[str(file)] = None
                self._files[file] = None
            else:
                self.read[str(file)] = hashlib.sha256(data).hexdigest()
                try:
                    self._files[file] = self._parse(data)
                except (ValueError, yaml.YAMLError):  # no JSON or YAML
                    self._files[file] = None
        try:
            return follow(self._files[file], pointer)
        except LookupError:
            return None
