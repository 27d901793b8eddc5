"""What an operation answers: lists paged from the store, creates kept, gets and updates of kept records.

An operation's kind comes from its shape: ``GET /things`` with an array of records is a list,
``POST /things`` a create, ``GET|PUT|PATCH|DELETE /things/{id}`` an item; anything else gets a
generated answer. An item the store does not hold is answered as generated, with the id asked
for, so every operation can be called without setting records up first (``missing.py``: or 404).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from typing import Any

from switchboard_emulators.spec.config import PaginationConfig, SpecConfig
from switchboard_emulators.spec.document import Operation, Router
from switchboard_emulators.spec.guessed_paging import guess_paging
from switchboard_emulators.spec.missing import not_found
from switchboard_emulators.spec.paging import LINK_HEADER, from_start, page, put_path
from switchboard_emulators.spec.schemas import Generator, merged, property_of, readable_pattern, type_of
from switchboard_emulators.spec.store import Records

_RECORD_NAMES = ("data", "results", "items", "records", "entries", "values", "elements", "members")


class Answers:
    """Builds answer bodies for matched operations; the store and generator are shared."""

    def __init__(self, config: SpecConfig, router: Router, generator: Generator, records: Records) -> None:
        self.config = config
        self.router = router
        self.gen = generator
        self.records = records
        self._records_paths: dict[str, str | None] = {}
        self._example_ok: dict[str, bool] = {}
        self._guessed: dict[str, PaginationConfig | None] = {}

    # -- shapes -------------------------------------------------------------------------------

    def schema_at(self, schema: Any, path: str) -> Any:
        node = schema
        for part in path.split(".") if path else []:
            node = self._member(node, part)
            if node is None:
                return None
        return node

    def _member(self, schema: Any, name: str) -> Any:
        """The schema of member ``name``; of a choice of shapes (Zoho's answers, ``oneOf:
        [Response_Wrapper, API_Exception]``), the first alternative's that declares it."""
        node = merged(schema, self.gen.resolver)
        found = (node.get("properties") or {}).get(name)
        if found is not None:
            return found
        for branch in node.get("oneOf") or node.get("anyOf") or []:
            found = (merged(branch, self.gen.resolver).get("properties") or {}).get(name)
            if found is not None:
                return found
        return None

    def records_path(self, op: Operation) -> str | None:
        """Where a list operation's answer holds its records; None if it is not a list."""
        if op.operation_id in self._records_paths:
            return self._records_paths[op.operation_id]
        found: str | None = None
        schema = self._first_choice(merged(op.success_schema, self.gen.resolver) if op.success_schema else {})
        # The configured path, or the first of several that is an array in this answer (Amazon's
        # payload.Orders and payload.OrderItems).
        paths = self.config.records_path
        candidates = (paths,) if isinstance(paths, str) else paths or ()
        configured = next((c for c in candidates if type_of(self._at(schema, c)) == "array"), None)
        # Notion's partial spec declares its lists as a bare ``type: object``: an operation the config
        # names in ``list_operations`` then answers its records at ``records_path`` all the same.
        undescribed = not schema.get("properties") and op.operation_id in self.config.list_operations
        at_configured: Any = {}
        if configured is None and undescribed and candidates and not self._at(schema, candidates[0]):
            configured = candidates[0]
        elif configured is not None:
            at_configured = self._at(schema, configured)
        if configured is not None:
            found = configured
            if undescribed and not at_configured:
                self._records_paths[op.operation_id] = found
                return found  # records of no declared shape: generated as objects
        elif type_of(schema) == "array":
            found = ""
        else:
            arrays = [n for n, p in (schema.get("properties") or {}).items()
                      if type_of(merged(p, self.gen.resolver)) == "array"]  # fmt: skip
            named = op.template.rstrip("/").rsplit("/", 1)[-1].lower()  # Xero: GET /Contacts -> Contacts
            found = next((n for n in arrays if n.lower() == named), None)
            # Dropbox Sign: GET /signature_request/list -> signature_requests (beside warnings).
            segments = [s.lower() for s in reversed(op.template.strip("/").split("/")) if not s.startswith("{")]
            found = found or next((n for s in segments for n in arrays if n.lower() in (s, s + "s")), None)
            found = found or next((n for n in _RECORD_NAMES if n in arrays), arrays[0] if len(arrays) == 1 else None)
        if found is not None and not self._holds_objects(self.schema_at(schema, found) if found else schema):
            found = None  # a list of ids or names: answered as generated, nothing to keep
        self._records_paths[op.operation_id] = found
        return found

    def _at(self, schema: Any, path: str) -> Any:
        return merged(self.schema_at(schema, path) or {}, self.gen.resolver) if path else {}

    def _first_choice(self, schema: dict[str, Any]) -> dict[str, Any]:
        """An answer that is a choice of shapes (Zoho's ``oneOf: [Response_Wrapper, API_Exception]``): its
        first alternative that holds an array; any other answer as it is."""
        if schema.get("properties") or type_of(schema) == "array":
            return schema
        for branch in schema.get("oneOf") or schema.get("anyOf") or []:
            shape = merged(branch, self.gen.resolver)
            if any(type_of(merged(p, self.gen.resolver)) == "array" for p in (shape.get("properties") or {}).values()):
                return shape
        return schema

    def _holds_objects(self, array: Any) -> bool:
        raw = merged(array or {}, self.gen.resolver).get("items")
        if not isinstance(raw, dict):  # no items, or Slack's tuple-typed ``items: [...]``
            return False
        items = merged(raw, self.gen.resolver)
        return type_of(items) == "object" or bool(items.get("oneOf") or items.get("anyOf"))

    def kind(self, op: Operation) -> str:
        last = op.template.rstrip("/").rsplit("/", 1)[-1]
        param_last = last.startswith("{") and last.endswith("}") and op.operation_id not in self.config.list_operations
        if op.method == "GET" and not param_last and op.success_schema and self.records_path(op) is not None:
            return "list"
        if op.method == "POST" and op.operation_id in self.config.list_operations and self.records_path(op) is not None:
            return "list"  # a list searched by POST, its cursor in the body (Notion's search and queries)
        if op.method == "POST" and not param_last:
            return "create"
        if param_last and op.method in ("GET", "PUT", "PATCH", "DELETE"):
            return "item"
        return "other"

    def item_schema(self, op: Operation) -> Any:
        """The schema of one record of the collection ``op`` works on."""
        template = op.template.rstrip("/")
        if self.kind(op) == "item":
            template = template.rsplit("/", 1)[0]
        lister = next((o for o in self.router.by_method.get("GET", []) if o.template.rstrip("/") == template), None)
        if lister is not None and self.kind(lister) == "list":
            path = self.records_path(lister) or ""
            array = merged(self.schema_at(lister.success_schema, path) or {}, self.gen.resolver)
            return array.get("items") or {}
        return self.schema_at(op.success_schema, self.record_at(op)) or op.success_schema or {}

    def record_at(self, op: Operation) -> str:
        """Where ``op``'s answer holds its one record: the configured path, else an answer's only member, an object
        (Hetzner's ``{ssh_key: {...}}``), else the body."""
        if self.config.record_path:
            return self.config.record_path
        members = merged(op.success_schema or {}, self.gen.resolver).get("properties") or {}
        only = [str(name) for name, s in members.items() if type_of(merged(s, self.gen.resolver)) == "object"]
        return only[0] if len(members) == 1 and only else ""

    def base(self, op: Operation, key: str) -> Any:
        """The spec's example when it fits its schema, else a generated body."""
        if op.example is not None:
            if op.operation_id not in self._example_ok:  # vendors' examples are often invalid: check once
                self._example_ok[op.operation_id] = self.gen.fits(op.example, op.success_schema)
            if self._example_ok[op.operation_id]:
                return copy.deepcopy(op.example)
        return self.gen.value(op.success_schema, f"{op.operation_id}:{key}")

    def answer(
        self,
        op: Operation,
        path: str,
        href: str,
        query: Mapping[str, str],
        sent: dict[str, Any],
        headers: dict[str, str] | None = None,
        origin: str = "",
    ) -> Any:
        """The body for ``op``; ``path`` is stripped of the base path, ``href`` is not. PageError for bad paging.

        ``headers`` receives the answer's headers beyond its content type (a ``Link`` to the next
        page, its URL on ``origin``).
        """
        kind = self.kind(op)
        key = path.rstrip("/") or "/"
        if kind == "list":
            paging = self._paging(op)
            if op.method == "POST" and paging is not None:  # the cursor and size are body members there
                named = (paging.cursor_param, paging.size_param)
                query = {**query, **{k: str(sent[k]) for k in named if sent.get(k) is not None}}
            return self._list(op, key, href, query, {} if headers is None else headers, origin)
        if kind == "create":
            record = self._new_record(op, key, sent)
            return self._wrap(op, record, "create")
        if kind == "item":
            collection, _, record_id = key.rpartition("/")
            return self._one_page(op, self._item(op, collection, record_id, sent))
        return self._one_page(op, self.base(op, "other"))

    def _one_page(self, op: Operation, body: Any) -> Any:
        """A paged operation answered as one generated body (no collection): its last page.

        Slack's ``files.info`` takes a cursor but is no list here; a generated next cursor would
        come back the same on every call, a loop to any client that follows it.
        """
        paging = self._paging(op)
        if paging is None or not isinstance(body, dict) or not self._paged(op):
            return body
        empty = "" if paging.style == "cursor" else None
        pointer = {"cursor": paging.next_path or "next_cursor", "cursor_link": paging.link_path}.get(paging.style)
        if paging.cursor_field:
            pointer = None  # the cursor is a record's field: only more_path says this is the last page
        for path in [pointer] if pointer else [paging.next_path, paging.more_path]:
            if path:
                self._end(body, path, op.success_schema, False if path == paging.more_path else empty)
        if paging.end_path:
            self._end(body, paging.end_path, op.success_schema, True)
        return body

    def _new_record(
        self, op: Operation, collection: str, sent: dict[str, Any], *, announce: bool = True
    ) -> dict[str, Any]:
        schema = self.item_schema(op)
        count = len(self.records.collection(collection))
        record = self.gen.value(schema, f"{collection}:{count}")
        if not isinstance(record, dict):
            record = {}
        record = dict(self.gen.conform(record, sent, schema))
        self._give_id(record, schema, self.id_field(op))
        self.records.add(collection, record, announce=announce)
        return record

    def id_field(self, op: Operation) -> str:
        """The record property ids live in: the configured one, else the item route's parameter.

        Constant Contact's lists answer at ``/contact_lists/{list_id}`` with a ``list_id``
        property; Asana's at ``/projects/{project_gid}`` with ``gid``.
        """
        props = merged(self.item_schema(op), self.gen.resolver).get("properties") or {}
        if self.config.id_field in props:
            return self.config.id_field
        collection = op.template.rstrip("/")
        if self.kind(op) == "item":
            collection = collection.rsplit("/", 1)[0]
        for other in self.router.by_method.get("GET", []):
            head, _, last = other.template.rstrip("/").rpartition("/")
            if head == collection and last.startswith("{"):
                name = last.strip("{}")
                for candidate in (name, name.rsplit("_", 1)[-1]):
                    if candidate in props:
                        return candidate
        return self.config.id_field

    def _give_id(self, record: dict[str, Any], schema: Any, field: str) -> None:
        prop = property_of(schema, field, self.gen.resolver)
        kind = type_of(prop) or ("integer" if isinstance(record.get(field), int) else None)  # oneOf records
        if kind in ("object", "array") or not (prop or field in record):
            return  # Jira's WorkflowId is an object: such records are listed, not found by id
        new_id = self.records.next_id(kind, prop.get("format"))
        pattern = readable_pattern(prop.get("pattern"))
        if isinstance(new_id, str) and pattern and not re.search(pattern, new_id):
            # Slack's ids look like C0123ABCD: the pattern's first string, made unique by the number
            new_id = self.gen.value({"type": "string", "pattern": pattern}, "id") + new_id
        record[field] = new_id

    def seed(self, op: Operation, collection: str, count: int | None = None) -> None:
        """The collection's first records (once), or ``count`` more when given."""
        if self.records.seeded(collection) and count is None:
            return
        self.records.collection(collection)
        for _ in range(self.config.seed_records if count is None else count):
            self._new_record(op, collection, {}, announce=False)

    def _wrap(self, op: Operation, record: dict[str, Any], key: str) -> Any:
        body = self.base(op, key)
        where = self.record_at(op)
        overlay: Any = record
        if where and self.schema_at(op.success_schema, where) is not None:
            overlay = {}
            put_path(overlay, where, record)
        if isinstance(body, dict):
            return self.gen.conform(body, overlay, op.success_schema)
        return body

    def _item(self, op: Operation, collection: str, record_id: str, sent: dict[str, Any]) -> Any:
        lister = next((o for o in self.router.by_method.get("GET", [])
                       if o.template.rstrip("/") == op.template.rstrip("/").rsplit("/", 1)[0]), None)  # fmt: skip
        if lister is not None and self.kind(lister) == "list":
            self.seed(lister, collection)
        field = self.id_field(op)
        record = self.records.find(collection, record_id, field)
        if op.method == "DELETE" and record is not None:
            self.records.remove(collection, record_id, field)
        elif op.method in ("PUT", "PATCH") and record is not None:
            record.update(self.gen.conform(record, sent, self.item_schema(op)))
            self.records.changed(collection, record, "propertyChange")
        if record is None and (missing := not_found(self, op, record_id)) is not None:
            raise missing
        if record is None:
            record = {field: int(record_id) if record_id.isdigit() else record_id}
        return self._wrap(op, record, f"item:{record_id}")

    def _list(
        self, op: Operation, collection: str, href: str, query: Mapping[str, str], headers: dict[str, str], origin: str
    ) -> Any:
        self.seed(op, collection)
        records = list(self.records.collection(collection))
        body = self.base(op, "list")
        where = self.records_path(op) or ""
        pointers: dict[str, Any] = {}
        paging = self._paging(op)
        if paging is not None and self._paged(op):
            linked = paging.style == "link_header"
            records, pointers = page(paging, records, from_start(op, paging, query), origin + href if linked else href)
            link = pointers.pop(LINK_HEADER, ...)
            if link is not ...:
                headers["Link"] = link
        array = merged(self.schema_at(op.success_schema, where) or op.success_schema or {}, self.gen.resolver)
        if "maxItems" in array:  # Box: a "list" of at most one
            records = records[: int(array["maxItems"])]
        if not where:
            return records
        if not isinstance(body, dict):
            body = {}
        put_path(body, where, records)
        empty = "" if paging is not None and paging.style == "cursor" else None
        for pointer, value in pointers.items():
            # A key with dots in its name (OData's @odata.nextLink) where the answer declares one: set or dropped whole.
            whole = self._member(op.success_schema, pointer) if "." in pointer else None
            if whole is not None and value is ...:
                body.pop(pointer, None)
            elif whole is not None:
                body[pointer] = self._typed(value, whole)
            elif value is ...:
                self._end(body, pointer, op.success_schema, empty, where)
            elif self._declares(op.success_schema, pointer):
                put_path(body, pointer, self._typed(value, self.schema_at(op.success_schema, pointer)))
        return body

    def _declares(self, schema: Any, pointer: str) -> bool:
        """Whether an answer may carry ``pointer`` (Jira's closed schemas have no ``total``)."""
        node = merged(schema or {}, self.gen.resolver)
        for part in pointer.split("."):
            props = node.get("properties") or {}
            if part not in props:
                return node.get("additionalProperties") is not False
            node = merged(props[part], self.gen.resolver)
        return True

    def _typed(self, value: Any, schema: Any) -> Any:
        """A paging pointer as its schema types it (Asana's offsets are strings)."""
        kind = type_of(merged(schema or {}, self.gen.resolver))
        if kind == "string" and not isinstance(value, str):
            return str(value).lower() if isinstance(value, bool) else str(value)
        return value

    def _end(self, body: dict[str, Any], pointer: str, schema: Any, empty: Any, records: str = "") -> None:
        """Mark the last page: drop the outermost optional key on the pointer's path, else ``empty``;
        never a key that also holds the records (Amazon's ``payload`` of ``payload.NextToken``)."""
        parts, kept = pointer.split("."), records.split(".") if records else []
        node: Any = body
        for depth, part in enumerate(parts):
            whole = merged(schema or {}, self.gen.resolver)
            holds_records = depth < len(parts) - 1 and parts[: depth + 1] == kept[: depth + 1]
            if (part not in (whole.get("required") or []) and not holds_records) or not isinstance(node, dict):
                if isinstance(node, dict):
                    node.pop(part, None)
                return
            if depth == len(parts) - 1:  # required all the way: an empty value, null where allowed
                prop = merged((whole.get("properties") or {}).get(part) or {}, self.gen.resolver)
                if empty is None and not prop.get("nullable") and type_of(prop) == "string":
                    empty = ""
                node[part] = empty
                return
            schema = (whole.get("properties") or {}).get(part)
            node = node.setdefault(part, {})

    def _paging(self, op: Operation) -> PaginationConfig | None:
        """The config's paging for ``op``, else (no config pages it) the cursor paging its spec reads as."""
        found = self.config.own_pagination.get(op.operation_id, self.config.pagination)
        if found is None and op.operation_id not in self._guessed:
            self._guessed[op.operation_id] = guess_paging(op, self.gen.resolver, self.records_path(op))
        return found or self._guessed.get(op.operation_id)

    def _paged(self, op: Operation) -> bool:
        paging = self._paging(op)
        assert paging is not None
        if op.operation_id in self.config.own_pagination:
            return True
        names = {paging.size_param, {"page_number": paging.page_param, "cursor_link": paging.cursor_param,
                 "link_header": paging.page_param if paging.link_pages else paging.cursor_param,
                 "cursor": paging.cursor_param, "offset": paging.offset_param}[paging.style]}  # fmt: skip
        searched = op.method == "POST"  # a list searched by POST pages by its body's members
        return searched or op.operation_id in paging.operations or any(op.declares(n) for n in names)
