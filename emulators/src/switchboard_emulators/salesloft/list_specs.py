"""How each collection lists: the sort keys its spec allows, its default order, its filters, its paging.

The generic filter builders are in ``filters``; the few that read other collections (people on a
cadence, tasks by their person's fields, steps with due actions) are here, beside their list.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import orjson

from switchboard_emulators.salesloft import filters as f
from switchboard_emulators.salesloft.clock import parse_ts
from switchboard_emulators.salesloft.filters import Filter, Predicate, Record, SortKey
from switchboard_emulators.salesloft.params import as_int, as_list, ints
from switchboard_emulators.salesloft.responses import unprocessable
from switchboard_emulators.salesloft.state import Store


@dataclass(frozen=True)
class ListSpec:
    """How one collection lists: sort keys the spec allows, its defaults, and its filters.

    ``paging`` is "pages" (page/per_page), "all" (no paging params in the spec, e.g. groups) or
    "optional" (users: paged only when ``page`` is given, otherwise every record).
    """

    sorts: dict[str, SortKey]
    default_sort: str
    default_direction: str = "DESC"
    filters: tuple[Filter, ...] = ()
    paging: str = "pages"


def _sorts(*names: str, **aliases: str) -> dict[str, SortKey]:
    out = {name: f.sort_path(name) for name in names}
    out.update({name: f.sort_path(spec) for name, spec in aliases.items()})
    return out


def _user_active(store: Store, user_ref: Any) -> bool:
    user = store.get("users", user_ref["id"]) if isinstance(user_ref, dict) else None
    return bool(user and user.get("active"))


def _people_on_cadence(raw: Any, store: Store) -> Predicate | None:
    values = as_list(raw)
    if not values:
        return None
    want_none = f.IS_NULL in values
    wanted = set(ints(v for v in values if v != f.IS_NULL))
    on_any: set[Any] = set()
    on_wanted: set[Any] = set()
    for membership in store.all("cadence_memberships"):
        if membership.get("currently_on_cadence") and membership.get("person"):
            person_id = membership["person"]["id"]
            on_any.add(person_id)
            if (membership.get("cadence") or {}).get("id") in wanted:
                on_wanted.add(person_id)
    return lambda r: r["id"] in on_wanted or (want_none and r["id"] not in on_any)


def _via_person(get_value: Callable[[Record], Any], cast: Callable[[Any], Any]) -> f.Builder:
    """Tasks filtered by a field of their person (account, locale)."""

    def build(raw: Any, store: Store) -> Predicate | None:
        values = as_list(raw)
        if not values:
            return None
        wanted: set[Any] = set()
        for value in values:
            try:
                wanted.add(cast(value))
            except ValueError:
                continue
        people = {p["id"] for p in store.all("people") if get_value(p) in wanted}
        return lambda r: (r.get("person") or {}).get("id") in people

    return build


def _task_interval(raw: Any, store: Store) -> Predicate | None:
    interval = str(raw)
    today = datetime.now(UTC).date()
    week_start = today - timedelta(days=today.weekday())
    windows = {
        "today": (today, today),
        "tomorrow": (today + timedelta(days=1), today + timedelta(days=1)),
        "this_week": (week_start, week_start + timedelta(days=6)),
        "next_week": (week_start + timedelta(days=7), week_start + timedelta(days=13)),
    }
    if interval == "overdue":
        now = datetime.now(UTC)

        def overdue(record: Record) -> bool:
            due = parse_ts(record.get("due_at") or record.get("due_date"))
            return record.get("current_state") != "completed" and due is not None and due < now

        return overdue
    if interval not in windows:
        raise unprocessable({"time_interval_filter": [f"must be one of: overdue, {', '.join(windows)}"]})
    first, last = windows[interval]

    def within(record: Record) -> bool:
        due = parse_ts(record.get("due_date") or record.get("due_at"))
        return due is not None and first <= due.date() <= last

    return within


def _step_has_due_actions(record: Record, store: Store) -> bool:
    return any((a.get("step") or {}).get("id") == record["id"] and a.get("due") for a in store.all("actions"))


def _group_ids(raw: Any, store: Store) -> Predicate | None:
    if isinstance(raw, str) and raw.strip().startswith("["):
        try:
            raw = orjson.loads(raw)  # "Also supports group ids passed in as a JSON array string"
        except orjson.JSONDecodeError:
            raise unprocessable({"group_ids": ["is invalid"]}) from None
    if not as_list(raw):
        return None
    wanted = {v for v in as_list(raw) if v.lstrip("-").isdigit()}
    return lambda r: any(str(g.get("id")) in wanted for g in r.get("groups") or ())


def _newest(*extra: Filter) -> tuple[Filter, ...]:
    return (f.ids(), f.time_range("updated_at"), *extra)


TIMESTAMPS = _sorts("created_at", "updated_at")

# fmt: off
LIST_SPECS: dict[str, ListSpec] = {
    "account_stages": ListSpec(_sorts("created_at", "updated_at", "order"), "updated_at", filters=_newest()),
    "account_tiers": ListSpec(
        _sorts("created_at", "updated_at", "order"),
        "updated_at",
        filters=(f.ids(), f.member("name", "name")),
    ),
    "accounts": ListSpec(
        _sorts(
            "created_at", "updated_at", "last_contacted_at", "name",
            account_stage="company_stage.id", account_stage_name="company_stage.id",
            account_tier="account_tier.id", account_tier_name="account_tier.id",
            counts_people="counts.people",
        ),
        "updated_at",
        filters=(
            f.ids(), f.member("crm_id", "crm_id"), f.tags("tag"), f.tag_ids("tag_id"),
            f.time_range("created_at"), f.time_range("updated_at"),
            f.member("domain", "domain", ci=True, scalar=True),
            f.member("website", "website", nullable=True), f.present("archived", "archived_at"),
            f.member("name", "name"),
            f.member("account_stage_id", "company_stage.id", cast=as_int, nullable=True),
            f.member("account_tier_id", "account_tier.id", cast=as_int, nullable=True),
            f.member("owner_id", "owner.id", cast=as_int, nullable=True),
            f.flag("owner_is_active", lambda r, s: _user_active(s, r.get("owner"))),
            f.time_range("last_contacted", "last_contacted_at"), f.custom_fields(),
            f.contains("industry", "industry"), f.contains("country", "country"),
            f.contains("state", "state"), f.contains("city", "city"),
            f.member("owner_crm_id", "owner_crm_id", nullable=True), f.member("locales", "locale"),
        ),
    ),
    "actions": ListSpec(
        TIMESTAMPS,
        "updated_at",
        filters=(
            f.ids(), f.member("step_id", "step.id", cast=as_int, scalar=True),
            f.member("type", "type", scalar=True), f.time_range("due_on"),
            f.user_guid("user_guid", "user.id"), f.member("person_id", "person.id", cast=as_int),
            f.member("cadence_id", "cadence.id", cast=as_int),
            f.member("multitouch_group_id", "multitouch_group_id", cast=as_int),
            f.time_range("updated_at"),
        ),
    ),
    "cadence_memberships": ListSpec(
        _sorts("added_at", "updated_at"),
        "updated_at",
        filters=(
            f.ids(), f.member("person_id", "person.id", cast=as_int, scalar=True),
            f.member("cadence_id", "cadence.id", cast=as_int, scalar=True), f.time_range("updated_at"),
            f.bool_field("currently_on_cadence"),
        ),
    ),
    "cadences": ListSpec(
        _sorts("created_at", "updated_at", "name"),
        "updated_at",
        filters=(
            f.ids(), f.time_range("updated_at"), f.bool_field("team_cadence"), f.bool_field("shared"),
            f.user_guid("owned_by_guid", "owner.id"),
            f.flag("people_addable", lambda r, s: not r.get("archived_at") and not r.get("draft")),
            f.member("name", "name"), f.custom("group_ids", _group_ids), f.present("archived", "archived_at"),
        ),
    ),
    "calls": ListSpec(
        TIMESTAMPS,
        "updated_at",
        filters=(
            f.ids(), f.time_range("created_at"), f.time_range("updated_at"),
            f.user_guid("user_guid", "user.id"), f.member("person_id", "called_person.id", cast=as_int),
            f.member("sentiment", "sentiment"), f.member("disposition", "disposition"),
        ),
    ),
    "call_data_records": ListSpec(
        TIMESTAMPS,
        "updated_at",
        filters=(
            f.ids(), f.present("has_call", "call"), f.time_range("created_at"), f.time_range("updated_at"),
            f.user_guid("user_guid", "user.id"), f.member("person_id", "called_person.id", cast=as_int),
        ),
    ),
    "call_dispositions": ListSpec(_sorts("name", "updated_at"), "name", "ASC"),
    "call_sentiments": ListSpec(
        _sorts("name", "updated_at"), "name", "ASC", filters=(f.member("name", "name", scalar=True),)
    ),
    "crm_activities": ListSpec(TIMESTAMPS, "updated_at", filters=_newest()),
    "crm_activity_fields": ListSpec(
        _sorts("title", "updated_at"), "title", "ASC", filters=(f.member("source", "source", scalar=True),)
    ),
    "custom_fields": ListSpec(
        _sorts("created_at", "updated_at", "name"),
        "updated_at",
        filters=(f.ids(), f.member("field_type", "field_type", scalar=True)),
    ),
    "emails": ListSpec(
        _sorts("updated_at", send_time="send_after"),
        "updated_at",
        filters=(
            f.ids(), f.time_range("updated_at"), f.bool_field("bounced"),
            f.member("crm_activity_id", "crm_activity.id", cast=as_int),
            f.member("action_id", "action.id", cast=as_int), f.member("user_id", "user.id", cast=as_int),
            f.member("status", "status"), f.member("cadence_id", "cadence.id", cast=as_int),
            f.member("step_id", "step.id", cast=as_int),
            f.flag("one_off", lambda r, s: r.get("cadence") is None),
            f.member("person_id", "recipient.id", cast=as_int),
            f.member("email_addresses", "recipient_email_address", ci=True),
            f.member("personalization", "personalization"), f.time_range("sent_at"),
        ),
    ),
    "groups": ListSpec(TIMESTAMPS, "updated_at", filters=(f.ids(),), paging="all"),
    "imports": ListSpec(
        TIMESTAMPS, "created_at", filters=(f.ids(), f.member("user_ids", "_user_id", cast=as_int))
    ),
    "notes": ListSpec(
        TIMESTAMPS,
        "updated_at",
        filters=(
            f.member("associated_with_type", "associated_type", ci=True, scalar=True),
            f.member("associated_with_id", "associated_with.id", cast=as_int, scalar=True),
            f.time_range("updated_at"), f.ids(),
        ),
    ),
    "people": ListSpec(
        _sorts(
            "created_at", "updated_at", "last_contacted_at", "title", "job_seniority",
            name="display_name", call_count="counts.calls", sent_emails="counts.emails_sent",
            clicked_emails="counts.emails_clicked", replied_emails="counts.emails_replied_to",
            viewed_emails="counts.emails_viewed", account="account.id", cadence_stage_name="_none",
        ),
        "updated_at",
        filters=(
            f.ids(), f.time_range("updated_at"),
            f.member("email_addresses", "email_address", ci=True, nullable=True),
            f.user_guid("owned_by_guid", "owner.id"),
            f.member("person_stage_id", "person_stage.id", cast=as_int, nullable=True),
            f.member("crm_id", "crm_id"), f.member("owner_crm_id", "owner_crm_id", nullable=True),
            f.bool_field("do_not_contact"),
            f.flag("can_email", lambda r, s: _reachable(r, "email")),
            f.flag("can_call", lambda r, s: _reachable(r, "call")),
            f.flag("can_text", lambda r, s: _reachable(r, "message")),
            f.member("account_id", "account.id", cast=as_int), f.custom_fields(),
            f.member("import_id", "import.id", cast=as_int, nullable=True),
            f.member("job_seniority", "job_seniority", nullable=True), f.tag_ids("tag_id"),
            f.flag("owner_is_active", lambda r, s: _user_active(s, r.get("owner"))),
            f.custom("cadence_id", _people_on_cadence), f.present("replied", "last_replied_at"),
            f.bool_field("bounced", "bouncing"),
            f.flag("success", lambda r, s: bool(r.get("success_count"))), f.bool_field("eu_resident"),
            f.contains("title", "title"), f.contains("country", "country"), f.contains("state", "state"),
            f.contains("city", "city"), f.time_range("last_contacted", "last_contacted_at"),
            f.time_range("created_at"),
            f.flag("new", lambda r, s: r.get("last_contacted_at") is None
                   and s.ref_count("cadence_memberships", "person", r["id"]) == 0),
            f.flag("phone_number", lambda r, s: bool(r.get("phone") or r.get("mobile_phone")
                                                     or r.get("home_phone"))),
            f.member("locales", "locale", nullable=True), f.member("owner_id", "owner.id", cast=as_int),
        ),
    ),
    "person_stages": ListSpec(TIMESTAMPS, "updated_at", filters=(f.ids(),)),
    "phone_number_assignments": ListSpec(TIMESTAMPS, "updated_at", filters=(f.ids(),)),
    "steps": ListSpec(
        TIMESTAMPS,
        "updated_at",
        filters=(
            f.ids(), f.member("cadence_id", "cadence.id", cast=as_int, scalar=True),
            f.member("type", "type", scalar=True), f.flag("has_due_actions", _step_has_due_actions),
        ),
    ),
    "tags": ListSpec(_sorts("name"), "name", filters=(f.contains("search", "name"), f.ids())),
    "tasks": ListSpec(
        _sorts("due_date", "due_at"),
        "due_date",
        "ASC",
        filters=(
            f.ids(), f.member("user_id", "user.id", cast=as_int),
            f.member("person_id", "person.id", cast=as_int),
            f.custom("account_id", _via_person(f.path("account.id"), as_int)),
            f.member("current_state", "current_state"), f.member("task_type", "task_type"),
            f.custom("time_interval_filter", _task_interval, cacheable=False),
            f.member("idempotency_key", "_idempotency_key", scalar=True),
            f.custom("locale", _via_person(f.path("locale"), str)),
        ),
    ),
    "users": ListSpec(
        _sorts("id", "email", "name", group="group.id", role="role.id"),
        "id",
        filters=(
            f.ids(), f.member("guid", "guid"),
            f.member("group_id", "group.id", cast=as_int, nullable=True), f.member("role_id", "role.id"),
            f.search("search", "first_name", "last_name", "email", "name"), f.bool_field("active"),
            f.accepted("visible_only"), f.bool_field("has_crm_user", "crm_connected"),
            f.member("work_country", "work_country"),
        ),
        paging="optional",
    ),
}
# fmt: on


def _reachable(record: Record, channel: str) -> bool:
    return not record.get("do_not_contact") and channel not in (record.get("contact_restrictions") or ())
