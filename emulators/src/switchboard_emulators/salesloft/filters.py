"""List filters and sort keys, declared per resource as data rather than per endpoint.

Each ``Filter`` turns the parsed value of one query parameter into a record predicate; the
constructors below cover what the spec declares (membership with ``_is_null``, exact and
partial matches, booleans, ``[gt|gte|lt|lte]`` time ranges, tags, custom fields). Filters that
need other tables (owner guid, tag ids, cadence memberships) get the store when they are built,
so each request pays for a lookup once, not per record.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from switchboard_emulators.salesloft.clock import normalize_ts
from switchboard_emulators.salesloft.params import as_bool, as_int, as_list
from switchboard_emulators.salesloft.responses import unprocessable

if TYPE_CHECKING:
    from switchboard_emulators.salesloft.state import Store

Record = dict[str, Any]
Predicate = Callable[[Record], bool]
Getter = Callable[[Record], Any]
Builder = Callable[[Any, "Store"], Predicate | None]
SortKey = Callable[[Record, "Store"], Any]

IS_NULL = "_is_null"
_RANGE_OPS = ("gt", "gte", "lt", "lte")


def _echo(raw: Any) -> Any:
    return raw


@dataclass(frozen=True)
class Filter:
    """One query parameter: how to build its predicate and how to echo it in ``metadata.filtering``."""

    param: str
    build: Builder
    echo: Callable[[Any], Any] = field(default=_echo)
    # Filters whose outcome depends on the clock must not be served from the result cache.
    cacheable: bool = True


def path(spec: str) -> Getter:
    """A getter for ``field`` or ``ref.field`` (nested refs like ``account.id``)."""
    if "." not in spec:
        return lambda record: record.get(spec)
    outer, inner = spec.split(".", 1)

    def get(record: Record) -> Any:
        value = record.get(outer)
        return value.get(inner) if isinstance(value, dict) else None

    return get


def _cast_all(values: list[str], cast: Callable[[Any], Any]) -> set[Any]:
    out: set[Any] = set()
    for value in values:
        try:
            out.add(cast(value))
        except ValueError:
            continue  # an id that can't exist matches nothing, as in Salesloft
    return out


def member(
    param: str,
    spec: str,
    *,
    cast: Callable[[Any], Any] = str,
    nullable: bool = False,
    ci: bool = False,
    scalar: bool = False,
) -> Filter:
    """Record field is one of the given values (``_is_null`` selects empty fields if allowed)."""
    get = path(spec)

    def build(raw: Any, store: Store) -> Predicate | None:
        values = [str(raw)] if scalar and isinstance(raw, (str, int)) else as_list(raw)
        if not values:
            return None
        want_null = nullable and IS_NULL in values
        wanted = _cast_all([v for v in values if v != IS_NULL], cast)
        if ci:
            wanted = {str(v).lower() for v in wanted}

            def pred_ci(record: Record) -> bool:
                value = get(record)
                if value is None or value == "":
                    return want_null
                return str(value).lower() in wanted

            return pred_ci

        def pred(record: Record) -> bool:
            value = get(record)
            if value is None or value == "":
                return want_null
            return value in wanted

        return pred

    return Filter(param, build)


def ids(param: str = "ids", spec: str = "id") -> Filter:
    return member(param, spec, cast=as_int)


def contains(param: str, spec: str) -> Filter:
    """Case-insensitive partial match against any of the values ("exact match, supports partial")."""
    get = path(spec)

    def build(raw: Any, store: Store) -> Predicate | None:
        needles = [v.lower() for v in as_list(raw)]
        if not needles:
            return None

        def pred(record: Record) -> bool:
            value = get(record)
            if not isinstance(value, str):
                return False
            lowered = value.lower()
            return any(needle in lowered for needle in needles)

        return pred

    return Filter(param, build)


def _bool_value(param: str, raw: Any) -> bool:
    try:
        return as_bool(raw)
    except ValueError:
        raise unprocessable({param: ["must be true or false"]}) from None


def _echo_bool(raw: Any) -> Any:
    try:
        return as_bool(raw)
    except ValueError:
        return raw


def flag(param: str, test: Callable[[Record, Store], bool]) -> Filter:
    """A boolean filter: ``param=true`` keeps records passing ``test``, ``false`` the others."""

    def build(raw: Any, store: Store) -> Predicate | None:
        wanted = _bool_value(param, raw)
        return lambda record: test(record, store) is wanted

    return Filter(param, build, echo=_echo_bool)


def bool_field(param: str, spec: str | None = None) -> Filter:
    get = path(spec or param)
    return flag(param, lambda record, store: bool(get(record)))


def present(param: str, spec: str) -> Filter:
    """``param=true`` keeps records whose field is set, ``false`` those where it is null."""
    get = path(spec)
    return flag(param, lambda record, store: get(record) not in (None, "", [], {}))


def time_range(param: str, spec: str | None = None) -> Filter:
    """``param[gt|gte|lt|lte]=ISO8601``; a bare value means equality."""
    get = path(spec or param)

    def build(raw: Any, store: Store) -> Predicate | None:
        bounds: dict[str, str] = {}
        items = raw.items() if isinstance(raw, dict) else [("eq", raw)]
        for op, value in items:
            if op not in (*_RANGE_OPS, "eq"):
                continue
            normalized = normalize_ts(value)
            if normalized is None:
                raise unprocessable({param: ["is not a valid iso8601 timestamp"]})
            bounds[op] = normalized
        if not bounds:
            return None
        gt, gte, lt, lte, eq = (bounds.get(k) for k in ("gt", "gte", "lt", "lte", "eq"))

        def pred(record: Record) -> bool:
            value = get(record)
            if not isinstance(value, str):
                return False
            # Stored timestamps share one fixed-width UTC format, so string order is time order.
            return not (
                (gt is not None and value <= gt)
                or (gte is not None and value < gte)
                or (lt is not None and value >= lt)
                or (lte is not None and value > lte)
                or (eq is not None and value != eq)
            )

        return pred

    return Filter(param, build)


def tags(param: str = "tag") -> Filter:
    """Records carrying any of the named tags."""

    def build(raw: Any, store: Store) -> Predicate | None:
        wanted = {v.lower() for v in as_list(raw)}
        if not wanted:
            return None
        return lambda record: any(str(t).lower() in wanted for t in record.get("tags") or ())

    return Filter(param, build)


def tag_ids(param: str = "tag_id") -> Filter:
    """Records carrying any of the tags with these ids."""

    def build(raw: Any, store: Store) -> Predicate | None:
        if not as_list(raw):
            return None
        wanted_ids = _cast_all(as_list(raw), as_int)
        names = {str(t["name"]).lower() for t in store.all("tags") if t["id"] in wanted_ids}
        return lambda record: any(str(t).lower() in names for t in record.get("tags") or ())

    return Filter(param, build)


def custom_fields(param: str = "custom_fields") -> Filter:
    """``custom_fields[Name]=value``: names case-sensitive, values case-insensitive, all must match."""

    def build(raw: Any, store: Store) -> Predicate | None:
        if not isinstance(raw, dict) or not raw:
            return None
        wanted = {str(k): {v.lower() for v in as_list(val)} for k, val in raw.items()}

        def pred(record: Record) -> bool:
            have = record.get("custom_fields") or {}
            return all(str(have.get(name, "")).lower() in values for name, values in wanted.items())

        return pred

    return Filter(param, build)


def search(param: str, *specs: str) -> Filter:
    """Space-separated keywords; a record matches when any keyword is a substring of any field."""
    getters = [path(s) for s in specs]

    def build(raw: Any, store: Store) -> Predicate | None:
        words = [w.lower() for part in as_list(raw) for w in part.split() if w]
        if not words:
            return None

        def pred(record: Record) -> bool:
            texts = [str(g(record)).lower() for g in getters if g(record)]
            return any(word in text for word in words for text in texts)

        return pred

    return Filter(param, build)


def user_guid(param: str, spec: str) -> Filter:
    """Records whose user ref (``spec``, e.g. ``owner.id``) points at a user with one of these guids."""
    get = path(spec)

    def build(raw: Any, store: Store) -> Predicate | None:
        guids = set(as_list(raw))
        if not guids:
            return None
        user_ids = {u["id"] for u in store.all("users") if u.get("guid") in guids}
        return lambda record: get(record) in user_ids

    return Filter(param, build)


def accepted(param: str) -> Filter:
    """A boolean parameter that is echoed but changes nothing here (e.g. users' ``visible_only``)."""
    return Filter(param, lambda raw, store: None, echo=_echo_bool)


def custom(param: str, build: Builder, *, cacheable: bool = True) -> Filter:
    return Filter(param, build, cacheable=cacheable)


def sort_path(spec: str) -> SortKey:
    get = path(spec)
    return lambda record, store: get(record)
