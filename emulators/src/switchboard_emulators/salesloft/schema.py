"""The record shapes (from the spec's component schemas) and the writable fields of each resource."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

API_ORIGIN = "https://api.salesloft.com"

Record = dict[str, Any]


def ref(collection: str, record_id: Any) -> dict[str, Any] | None:
    """An embedded resource: ``{"_href": "https://api.salesloft.com/v2/users/1", "id": 1}``."""
    if record_id is None:
        return None
    return {"_href": f"{API_ORIGIN}/v2/{collection}/{record_id}", "id": record_id}


def bare_ref(record_id: Any) -> dict[str, Any] | None:
    """An embedded resource the API does not expose (actions' details, mailings): id only."""
    return None if record_id is None else {"id": record_id}


def new_record(template: Record, record_id: int, created_at: str, updated_at: str | None = None) -> Record:
    """A fresh record from ``template``; mutable defaults are copied so records never share them."""
    record: Record = {"id": record_id, "created_at": created_at, "updated_at": updated_at or created_at}
    record.update(template)
    for key in _mutable_keys(template):
        record[key] = record[key].copy()
    return record


_MUTABLE_KEYS: dict[int, tuple[str, ...]] = {}


def _mutable_keys(template: Record) -> tuple[str, ...]:
    keys = _MUTABLE_KEYS.get(id(template))
    if keys is None:
        keys = tuple(k for k, v in template.items() if isinstance(v, (list, dict)))
        _MUTABLE_KEYS[id(template)] = keys
    return keys


# ---------------------------------------------------------------------------------------------
# Templates: every field of the spec's schema with its default, in the order the API prints them.
# ``id``/``created_at``/``updated_at`` come from ``new_record``; keys starting with "_" are
# internal (filters need them) and are stripped before a record is sent.

ACCOUNT: Record = {
    "archived_at": None, "name": None, "domain": None, "conversational_name": None, "description": None,
    "phone": None, "website": None, "linkedin_url": None, "twitter_handle": None, "street": None,
    "city": None, "state": None, "postal_code": None, "country": None, "locale": None, "industry": None,
    "company_type": None, "founded": None, "revenue_range": None, "size": None, "crm_id": None,
    "crm_url": None, "crm_object_type": None, "owner_crm_id": None, "last_contacted_at": None,
    "last_contacted_type": None, "do_not_contact": False, "custom_fields": {}, "tags": [],
    "counts": {"people": 0}, "owner": None, "creator": None, "last_contacted_by": None,
    "last_contacted_person": None, "company_stage": None, "account_tier": None, "user_relationships": {},
}  # fmt: skip

PERSON: Record = {
    "last_contacted_at": None, "last_replied_at": None, "first_name": None, "last_name": None,
    "display_name": None, "email_address": None, "full_email_address": None,
    "secondary_email_address": None, "personal_email_address": None, "phone": None,
    "phone_extension": None, "home_phone": None, "mobile_phone": None, "linkedin_url": None,
    "title": None, "city": None, "state": None, "country": None, "work_city": None, "work_state": None,
    "work_country": None, "crm_url": None, "crm_id": None, "crm_object_type": None, "owner_crm_id": None,
    "person_company_name": None, "person_company_website": None, "person_company_industry": None,
    "do_not_contact": False, "bouncing": False, "locale": None, "locale_utc_offset": None,
    "eu_resident": False, "personal_website": None, "twitter_handle": None, "last_contacted_type": None,
    "job_seniority": None, "custom_fields": {}, "tags": [], "contact_restrictions": [],
    "success_count": 0, "starred": False, "untouched": True,
    "counts": {"emails_sent": 0, "emails_viewed": 0, "emails_clicked": 0, "emails_replied_to": 0,
               "emails_bounced": 0, "calls": 0},
    "account": None, "owner": None, "last_contacted_by": None, "import": None, "person_stage": None,
    "most_recent_cadence": None, "last_completed_step_cadence": None, "last_completed_step": None,
    "cadences": [],
}  # fmt: skip

STAGE: Record = {"name": None, "order": None}  # account stages, account tiers, person stages

ACTION: Record = {
    "due": False, "type": "email", "status": "pending", "due_on": None, "multitouch_group_id": None,
    "action_details": None, "user": None, "person": None, "cadence": None, "step": None,
}  # fmt: skip

CADENCE: Record = {
    "archived_at": None, "team_cadence": False, "shared": False, "remove_bounces_enabled": True,
    "remove_replies_enabled": True, "opt_out_link_included": True, "draft": False,
    "cadence_framework_id": None, "cadence_function": "outbound", "external_identifier": None,
    "name": None, "tags": [], "creator": None, "owner": None, "bounced_stage": None,
    "replied_stage": None, "added_stage": None, "finished_stage": None, "cadence_priority": None,
    "groups": [],
    "counts": {"cadence_people": 0, "people_acted_on_count": 0, "target_daily_people": 0,
               "opportunities_created": 0, "meetings_booked": 0},
}  # fmt: skip

CADENCE_MEMBERSHIP: Record = {
    "added_at": None, "person_deleted": False, "currently_on_cadence": True, "current_state": "active",
    "cadence": None, "person": None, "user": None, "latest_action": None,
    "counts": {"views": 0, "clicks": 0, "replies": 0, "calls": 0, "sent_emails": 0, "bounces": 0},
}  # fmt: skip

CALL: Record = {
    "to": None, "duration": None, "sentiment": None, "disposition": None, "recordings": [],
    "user": None, "action": None, "called_person": None, "crm_activity": None, "note": None,
    "cadence": None, "step": None,
}  # fmt: skip

CALL_DATA_RECORD: Record = {
    "to": None, "from": None, "duration": None, "direction": "outbound", "status": "completed",
    "call_type": "call", "call_uuid": None, "recording": None, "call": None, "user": None,
    "called_person": None,
}  # fmt: skip

NAMED: Record = {"name": None}  # call dispositions, call sentiments

CRM_ACTIVITY: Record = {
    "subject": None, "description": None, "crm_id": None, "activity_type": "phone",
    "custom_crm_fields": {}, "error": None, "person": None, "user": None,
}  # fmt: skip

CRM_ACTIVITY_FIELD: Record = {
    "title": None, "field": None, "field_type": "string", "crm_object_type": "Task",
    "salesforce_object_type": "Task", "source": "phone", "picklist_values": None, "value": None,
}  # fmt: skip

CUSTOM_FIELD: Record = {"name": None, "field_type": "person", "value_type": "text"}

EMAIL: Record = {
    "recipient_email_address": None, "status": "sent", "bounced": False, "send_after": None,
    "sent_at": None, "view_tracking": True, "click_tracking": True, "personalization": None,
    "subject": None, "error_message": None, "headers": {},
    "counts": {"clicks": 0, "views": 0, "replies": 0, "unique_devices": 0, "unique_locations": 0,
               "attachments": 0},
    "user": None, "recipient": None, "mailing": None, "action": None, "crm_activity": None,
    "cadence": None, "step": None, "email_template": None, "task": None,
}  # fmt: skip

GROUP: Record = {"name": None, "parent_id": None, "accessible_groups": []}

IMPORT: Record = {"name": None, "current_people_count": 0, "imported_people_count": 0, "_user_id": None}

NOTE: Record = {"content": None, "associated_type": None, "associated_with": None, "call": None, "user": None}

PHONE_NUMBER_ASSIGNMENT: Record = {"number": None, "user": None}

STEP: Record = {
    "disabled": False, "type": "email", "name": None, "display_name": None, "day": 1, "step_number": 1,
    "multitouch_enabled": False, "details": None, "cadence": None,
}  # fmt: skip

TAG: Record = {"name": None}

TASK: Record = {
    "due_date": None, "due_at": None, "subject": None, "description": None, "current_state": "scheduled",
    "task_type": "general", "remind_at": None, "completed_at": None, "person": None, "user": None,
    "created_by_user": None, "completed_by": None, "_idempotency_key": None,
}  # fmt: skip

USER: Record = {
    "guid": None, "name": None, "first_name": None, "last_name": None, "job_role": None, "active": True,
    "time_zone": "US/Eastern", "slack_username": None, "twitter_handle": None, "email": None,
    "email_client_email_address": None, "sending_email_address": None, "from_address": None,
    "full_email_address": None, "bcc_email_address": None, "email_signature": None,
    "email_signature_type": "html", "email_signature_click_tracking_disabled": False,
    "team_admin": False, "local_dial_enabled": False, "click_to_call_enabled": True,
    "email_client_configured": True, "crm_connected": False, "work_country": None,
    "external_feature_flags": {}, "_private_fields": {}, "phone_client": None,
    "phone_number_assignment": None, "group": None, "team": None, "role": None,
}  # fmt: skip

TEAM: Record = {
    "name": None, "license_limit": 100, "deactivated": False, "plan": "advanced", "plan_features": {},
    "email_daily_limit": 1000, "allow_automated_email_steps": True, "call_recording_disabled": False,
    "click_tracking_default": True, "custom_tracking_domain": None, "dispositions_required": False,
    "sentiments_required": False, "group_privacy_setting": "all_public", "local_dial_enabled": True,
    "record_by_default": False, "team_visibility_default": "public", "_private_fields": {},
}  # fmt: skip

BULK_JOB: Record = {
    "name": None, "type": None, "state": "open", "ready_to_execute": False, "scopes": [], "total": 0,
    "processed": 0, "errors": 0, "marked_ready_at": None, "started_at": None, "finished_at": None,
}  # fmt: skip

JOB_DATA: Record = {
    "bulk_job": None, "status": "pending", "record": None, "resource": None, "error": None,
    "started_at": None, "finished_at": None,
}  # fmt: skip

TEMPLATES: dict[str, Record] = {
    "accounts": ACCOUNT,
    "account_stages": STAGE,
    "account_tiers": STAGE,
    "actions": ACTION,
    "bulk_jobs": BULK_JOB,
    "bulk_job_data": JOB_DATA,
    "cadences": CADENCE,
    "cadence_memberships": CADENCE_MEMBERSHIP,
    "calls": CALL,
    "call_data_records": CALL_DATA_RECORD,
    "call_dispositions": NAMED,
    "call_sentiments": NAMED,
    "crm_activities": CRM_ACTIVITY,
    "crm_activity_fields": CRM_ACTIVITY_FIELD,
    "custom_fields": CUSTOM_FIELD,
    "emails": EMAIL,
    "groups": GROUP,
    "imports": IMPORT,
    "notes": NOTE,
    "people": PERSON,
    "person_stages": STAGE,
    "phone_number_assignments": PHONE_NUMBER_ASSIGNMENT,
    "steps": STEP,
    "tags": TAG,
    "tasks": TASK,
    "team": TEAM,
    "users": USER,
}

# Resources whose schema has no timestamps: new_record's created_at/updated_at are dropped.
UNTIMED = frozenset({"groups", "tags", "phone_number_assignments"})

# Where each resource lives under /v2 (also the path its refs point at).
HREFS: dict[str, str] = {name: name for name in TEMPLATES}
HREFS.update({"calls": "activities/calls", "emails": "activities/emails"})


# ---------------------------------------------------------------------------------------------
# Writable fields: request parameter -> how it is coerced and where it lands in the record.


@dataclass(frozen=True)
class Field:
    """A writable parameter. ``kind`` is str/int/bool/strlist/intlist/custom/object/ts/date/ref."""

    kind: str
    target: str | None = None
    collection: str | None = None
    choices: tuple[str, ...] = ()


def _strs(*names: str) -> dict[str, Field]:
    return {name: Field("str") for name in names}


JOB_SENIORITIES = ("director", "executive", "individual_contributor", "manager", "vice_president", "unknown")
CONTACT_RESTRICTIONS = ("call", "email", "message")

PERSON_FIELDS: dict[str, Field] = {
    **_strs(
        "email_address", "first_name", "last_name", "secondary_email_address", "personal_email_address",
        "phone", "phone_extension", "home_phone", "mobile_phone", "linkedin_url", "title", "city",
        "state", "country", "work_city", "work_state", "work_country", "person_company_name",
        "person_company_website", "person_company_industry", "locale", "personal_website",
        "twitter_handle", "crm_id",
    ),
    "job_seniority": Field("str", choices=JOB_SENIORITIES),
    "do_not_contact": Field("bool"),
    "tags": Field("strlist"),
    "contact_restrictions": Field("strlist", choices=CONTACT_RESTRICTIONS),
    "custom_fields": Field("custom"),
    "account_id": Field("ref", "account", "accounts"),
    "owner_id": Field("ref", "owner", "users"),
    "import_id": Field("ref", "import", "imports"),
    "person_stage_id": Field("ref", "person_stage", "person_stages"),
}  # fmt: skip

ACCOUNT_FIELDS: dict[str, Field] = {
    **_strs(
        "name", "domain", "conversational_name", "description", "phone", "website", "linkedin_url",
        "twitter_handle", "street", "city", "state", "postal_code", "country", "locale", "industry",
        "company_type", "founded", "revenue_range", "size", "crm_id",
    ),
    "do_not_contact": Field("bool"),
    "tags": Field("strlist"),
    "custom_fields": Field("custom"),
    "owner_id": Field("ref", "owner", "users"),
    "company_stage_id": Field("ref", "company_stage", "account_stages"),
    "account_tier_id": Field("ref", "account_tier", "account_tiers"),
}  # fmt: skip

CUSTOM_FIELD_TYPES = ("person", "company", "opportunity")
CUSTOM_FIELD_FIELDS: dict[str, Field] = {
    "name": Field("str"),
    "field_type": Field("str", choices=CUSTOM_FIELD_TYPES),
}

IMPORT_FIELDS: dict[str, Field] = {"name": Field("str"), "user_id": Field("int", "_user_id")}

STAGE_FIELDS: dict[str, Field] = {"name": Field("str")}

TASK_TYPES = ("call", "email", "general")
TASK_FIELDS: dict[str, Field] = {
    "subject": Field("str"),
    "description": Field("str"),
    "task_type": Field("str", choices=TASK_TYPES),
    "remind_at": Field("ts"),
    "due_at": Field("ts"),
    "person_id": Field("ref", "person", "people"),
    "user_id": Field("ref", "user", "users"),
    "idempotency_key": Field("str", "_idempotency_key"),
}

# Parameters each resource's ``seed`` accepts besides raw record fields.
SEED_ALIASES: dict[str, dict[str, Field]] = {
    "people": PERSON_FIELDS,
    "accounts": ACCOUNT_FIELDS,
    "custom_fields": CUSTOM_FIELD_FIELDS,
    "imports": IMPORT_FIELDS,
    "tasks": TASK_FIELDS,
    "cadence_memberships": {
        "person_id": Field("ref", "person", "people"),
        "cadence_id": Field("ref", "cadence", "cadences"),
        "user_id": Field("ref", "user", "users"),
    },
    "cadences": {"owner_id": Field("ref", "owner", "users"), "creator_id": Field("ref", "creator", "users")},
    "steps": {"cadence_id": Field("ref", "cadence", "cadences")},
    "actions": {
        "person_id": Field("ref", "person", "people"),
        "cadence_id": Field("ref", "cadence", "cadences"),
        "step_id": Field("ref", "step", "steps"),
        "user_id": Field("ref", "user", "users"),
    },
    "calls": {
        "person_id": Field("ref", "called_person", "people"),
        "user_id": Field("ref", "user", "users"),
    },
    "call_data_records": {
        "person_id": Field("ref", "called_person", "people"),
        "user_id": Field("ref", "user", "users"),
        "call_id": Field("ref", "call", "activities/calls"),
    },
    "emails": {
        "person_id": Field("ref", "recipient", "people"),
        "user_id": Field("ref", "user", "users"),
        "cadence_id": Field("ref", "cadence", "cadences"),
    },
    "notes": {"user_id": Field("ref", "user", "users")},
    "users": {"group_id": Field("ref", "group", "groups")},
    "crm_activities": {
        "person_id": Field("ref", "person", "people"),
        "user_id": Field("ref", "user", "users"),
    },
    "phone_number_assignments": {"user_id": Field("ref", "user", "users")},
}
