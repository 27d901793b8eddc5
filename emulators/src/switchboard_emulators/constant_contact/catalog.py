"""Contact lists, tags, custom fields, email campaigns and the account summary.

Each collection is one ``ResourceSpec`` with its hooks; ``SPECS`` is the table the app
registers. Lists are soft-deleted (``status=deleted`` still finds them); tags and custom
fields are removed outright, along with their memberships on contacts.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable

from aiohttp import web

from switchboard_emulators.constant_contact.activities import set_lists, start_activity
from switchboard_emulators.constant_contact.contact_shape import MAILABLE, permission
from switchboard_emulators.constant_contact.errors import (
    CONFLICT,
    Record,
    api_error,
    json_response,
)
from switchboard_emulators.constant_contact.resources import (
    Checker,
    Params,
    ResourceSpec,
    parse_bool,
    parse_csv,
    parse_enum,
    parse_time,
    query_params,
    require_scope,
)
from switchboard_emulators.constant_contact.state import State

CONTACT_SCOPE = "contact_data"


def _taken(records: Iterable[Record], field: str, value: str, except_id: str | None, id_field: str) -> bool:
    wanted = value.strip().lower()
    return any(str(r[field]).strip().lower() == wanted and r[id_field] != except_id for r in records)


# -- /contact_lists ----------------------------------------------------------------------


def _list_fields(state: State, body: Record, current: Record | None) -> Record:
    c = Checker(body)
    name = c.string("name", 255, required=True, min_len=1)
    favorite = c.boolean("favorite")
    description = c.string("description", 255)
    c.done()
    assert name is not None
    except_id = current["list_id"] if current else None
    if _taken(state.live_lists().values(), "name", name, except_id, "list_id"):
        raise api_error(409, CONFLICT, f"Validation failed: List name {name!r} already exists")
    fields: Record = {"name": name}
    if description is not None:
        fields["description"] = description
    fields["favorite"] = bool(favorite)
    return fields


def create_list(state: State, body: Record) -> Record:
    fields = _list_fields(state, body, None)
    now = state.now()
    record = {"list_id": state.new_id(), **fields, "created_at": now, "updated_at": now}
    state.tables["contact_lists"].insert(record)
    return dict(record)


def update_list(state: State, current: Record, body: Record) -> Record:
    fields = _list_fields(state, body, current)
    record = {"list_id": current["list_id"], **fields, "created_at": current["created_at"], "updated_at": state.now()}
    state.tables["contact_lists"].replace(record)
    return dict(record)


def delete_list(state: State, current: Record) -> web.Response:
    list_id = current["list_id"]
    now = state.now()
    members = [c for c in state.tables["contacts"].values() if list_id in c["list_memberships"]]
    for contact in members:
        set_lists(contact, [x for x in contact["list_memberships"] if x != list_id], now)
    current["deleted_at"] = now
    current["updated_at"] = now
    body = start_activity(state, {}, {"items_total_count": len(members), "items_completed_count": len(members)})
    body.pop("status")  # ActivityDeleteListResponse has no status object
    return json_response(body, 202, {"Location": body["_links"]["self"]["href"]})


def _membership_counts(state: State, mode: str) -> Counter[str]:
    counts: Counter[str] = Counter()
    for contact in state.tables["contacts"].values():
        if "deleted_at" in contact or (mode == "active" and permission(contact) not in MAILABLE):
            continue
        counts.update(contact["list_memberships"])
    return counts


def render_lists(state: State, records: list[Record], params: Params) -> list[Record]:
    mode = parse_enum(params, "include_membership_count", ("all", "active"))
    counts = _membership_counts(state, mode) if mode else None
    return [dict(r, membership_count=counts[r["list_id"]]) if counts is not None else dict(r) for r in records]


def render_list(state: State, record: Record, params: Params) -> Record:
    return render_lists(state, [record], params)[0]


def match_lists(state: State, params: Params) -> Callable[[Record], bool]:
    parse_enum(params, "include_membership_count", ("all", "active"))
    parse_bool(params, "include_sms_membership_count")
    status = parse_enum(params, "status", ("all", "active", "deleted")) or "active"
    channel = parse_enum(params, "channel_type", ("email", "sms")) or "email"
    name = (params.get("name") or "").strip().lower()

    def match(record: Record) -> bool:
        deleted = "deleted_at" in record
        if (status == "active" and deleted) or (status == "deleted" and not deleted):
            return False
        # Every emulated list is an email list.
        return channel == "email" and (not name or str(record["name"]).lower() == name)

    return match


LISTS = ResourceSpec(
    resource="contact_lists",
    path="/v3/contact_lists",
    id_param="list_id",
    envelope="lists",
    count_key="lists_count",
    scope=CONTACT_SCOPE,
    what="contact list",
    max_limit=1000,
    matcher=match_lists,
    render_page=render_lists,
    render_one=render_list,
    visible=lambda r: "deleted_at" not in r,
    create=create_list,
    update=update_list,
    delete=delete_list,
)


# -- /contact_tags -----------------------------------------------------------------------


def _tag_name(body: Record) -> tuple[str, Checker]:
    c = Checker(body)
    name = c.string("name", 255, required=True, min_len=1)
    return name or "", c


def _check_tag_unique(state: State, name: str, except_id: str | None) -> None:
    if _taken(state.tables["contact_tags"].values(), "name", name, except_id, "tag_id"):
        raise api_error(409, CONFLICT, f"Validation failed: Tag name {name!r} already exists")


def create_tag(state: State, body: Record) -> Record:
    name, c = _tag_name(body)
    source = c.string("tag_source", 255)
    c.done()
    _check_tag_unique(state, name, None)
    now = state.now()
    record: Record = {"tag_id": state.new_id(), "name": name, "created_at": now, "updated_at": now}
    if source is not None:
        record["tag_source"] = source
    state.tables["contact_tags"].insert(record)
    return dict(record)


def update_tag(state: State, current: Record, body: Record) -> Record:
    name, c = _tag_name(body)
    c.done()
    _check_tag_unique(state, name, current["tag_id"])
    record = {**current, "name": name, "updated_at": state.now()}
    state.tables["contact_tags"].replace(record)
    return dict(record)


def delete_tag(state: State, current: Record) -> web.Response:
    tag_id = current["tag_id"]
    now = state.now()
    tagged = [c for c in state.tables["contacts"].values() if tag_id in c["taggings"]]
    for contact in tagged:
        contact["taggings"] = [t for t in contact["taggings"] if t != tag_id]
        contact["updated_at"] = now
    state.tables["contact_tags"].remove(tag_id)
    done = {"items_total_count": 1, "items_completed_count": 1}
    body = start_activity(state, {"items_total_count": 1, "items_completed_count": 0}, done)
    return json_response(body, 202)


def render_tags(state: State, records: list[Record], params: Params) -> list[Record]:
    if not parse_bool(params, "include_count"):
        return [dict(r) for r in records]
    counts: Counter[str] = Counter()
    for contact in state.tables["contacts"].values():
        if "deleted_at" not in contact:
            counts.update(contact["taggings"])
    return [dict(r, contacts_count=counts[r["tag_id"]]) for r in records]


def render_tag(state: State, record: Record, params: Params) -> Record:
    return render_tags(state, [record], params)[0]


def match_tags(state: State, params: Params) -> Callable[[Record], bool]:
    parse_bool(params, "include_count")
    return lambda r: True


TAGS = ResourceSpec(
    resource="contact_tags",
    path="/v3/contact_tags",
    id_param="tag_id",
    envelope="tags",
    scope=CONTACT_SCOPE,
    what="tag",
    matcher=match_tags,
    render_page=render_tags,
    render_one=render_tag,
    create=create_tag,
    update=update_tag,
    delete=delete_tag,
)


# -- /contact_custom_fields --------------------------------------------------------------

FIELD_TYPES = ("string", "date", "number", "currency", "boolean", "single_select", "multi_select")
MAX_CUSTOM_FIELDS = 100


def field_name(label: str) -> str:
    """The read-only ``name`` the API derives from a label (``Vehicle make`` -> ``Vehicle_make``)."""
    return re.sub(r"\W+", "_", label.strip()).strip("_")[:50]


def _choices(c: Checker, field_id: str, now: str) -> list[Record] | None:
    value = c.body.get("choices")
    if value is None:
        return None
    if not isinstance(value, list) or len(value) > 100:
        c.fail("#/choices: must be an array of at most 100 items")
        return None
    out: list[Record] = []
    for i, item in enumerate(value):
        label = item.get("choice_label") if isinstance(item, dict) else None
        if not isinstance(label, str) or not label or len(label) > 255:
            c.fail(f"#/choices/{i}/choice_label: choice_label is required")
            continue
        order = item.get("display_order", i + 1)
        out.append(
            {
                "custom_field_id": field_id,
                "choice_id": i + 1,
                "choice_label": label,
                "display_order": order,
                "created_at": now,
                "updated_at": now,
            }
        )
    return out


def create_field(state: State, body: Record) -> Record:
    c = Checker(body)
    label = c.string("label", 50, required=True, min_len=1)
    kind = c.string("type", 20, required=True)
    if kind is not None and kind not in FIELD_TYPES:
        c.fail(f"#/type: must be one of {', '.join(FIELD_TYPES)}")
    version = c.integer("version", 1, 2)
    metadata = body.get("metadata")
    if metadata is not None and not isinstance(metadata, dict):
        c.fail("#/metadata: must be an object")
    field_id = state.new_id()
    now = state.now()
    choices = _choices(c, field_id, now)
    table = state.tables["contact_custom_fields"]
    if len(table) >= MAX_CUSTOM_FIELDS:
        c.fail(f"#: an account can have at most {MAX_CUSTOM_FIELDS} custom fields")
    c.done()
    assert label is not None and kind is not None
    name = field_name(label)
    if _taken(table.values(), "name", name, None, "custom_field_id"):
        raise api_error(409, CONFLICT, f"Validation failed: Custom field name {name!r} already exists")
    record: Record = {"custom_field_id": field_id, "label": label, "name": name, "type": kind, "version": version or 1}
    if metadata is not None:
        record["metadata"] = metadata
    if choices is not None:
        record["choices"] = choices
    record.update({"updated_at": now, "created_at": now})
    table.insert(record)
    return dict(record)


def update_field(state: State, current: Record, body: Record) -> Record:
    c = Checker(body)
    label = c.string("label", 50, required=True, min_len=1)
    now = state.now()
    choices = _choices(c, current["custom_field_id"], now)
    c.done()
    record = {**current, "label": label, "updated_at": now}
    if choices is not None:
        record["choices"] = choices
    else:
        record.pop("choices", None)  # PUT overwrites what it leaves out
    state.tables["contact_custom_fields"].replace(record)
    return dict(record)


def delete_field(state: State, current: Record) -> web.Response:
    field_id = current["custom_field_id"]
    now = state.now()
    for contact in state.tables["contacts"].values():
        if any(f["custom_field_id"] == field_id for f in contact["custom_fields"]):
            contact["custom_fields"] = [f for f in contact["custom_fields"] if f["custom_field_id"] != field_id]
            contact["updated_at"] = now
    state.tables["contact_custom_fields"].remove(field_id)
    return web.Response(status=204)


FIELDS = ResourceSpec(
    resource="contact_custom_fields",
    path="/v3/contact_custom_fields",
    id_param="custom_field_id",
    envelope="custom_fields",
    scope=CONTACT_SCOPE,
    what="custom field",
    max_limit=100,
    create=create_field,
    update=update_field,
    delete=delete_field,
)


# -- /emails (read-only) -----------------------------------------------------------------


def match_emails(state: State, params: Params) -> Callable[[Record], bool]:
    before = parse_time(params, "before_date")
    after = parse_time(params, "after_date")

    def match(record: Record) -> bool:
        updated = str(record["updated_at"])
        return not ((before and updated >= before) or (after and updated <= after))

    return match


def render_campaigns(state: State, records: list[Record], params: Params) -> list[Record]:
    # The collection shows campaigns without their activities (EmailCampaigns schema).
    return [{k: v for k, v in r.items() if k != "campaign_activities"} for r in records]


EMAILS = ResourceSpec(
    resource="emails",
    path="/v3/emails",
    id_param="campaign_id",
    envelope="campaigns",
    scope="campaign_data",
    what="email campaign",
    matcher=match_emails,
    render_page=render_campaigns,
    not_found_key="emails.api.not_found",
)

SPECS = (LISTS, TAGS, FIELDS, EMAILS)


# -- /account/summary --------------------------------------------------------------------


def account_routes(state: State) -> list[web.RouteDef]:
    async def summary(request: web.Request) -> web.StreamResponse:
        require_scope(request, "account_read")
        extra = parse_csv(query_params(request), "extra_fields", ("physical_address", "company_logo"))
        with state.lock:
            body = dict(state.account)
            if "physical_address" in extra:
                body["physical_address"] = dict(state.physical_address)
            # No logo is uploaded, and the API leaves company_logo out when there is none.
            return json_response(body)

    return [web.get("/v3/account/summary", summary, allow_head=False)]
