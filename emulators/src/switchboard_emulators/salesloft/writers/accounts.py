"""Accounts: create, update, upsert. ``domain`` is unique and kept lowercase; owner, stage and tier
are not checked.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from switchboard_emulators.salesloft.params import as_bool
from switchboard_emulators.salesloft.schema import ACCOUNT_FIELDS
from switchboard_emulators.salesloft.writers.base import (
    Ctx,
    Errors,
    Record,
    apply_fields,
    ensure_tags,
    find_upsert,
    fresh,
    raise_errors,
    touch,
)


def _write_account(ctx: Ctx, record: Record, params: Mapping[str, Any]) -> Record:
    errors: Errors = {}
    apply_fields(record, params, ACCOUNT_FIELDS, errors)
    if "archived" in params:
        try:
            archived = as_bool(params["archived"])
            if archived and not record.get("archived_at"):
                record["archived_at"] = ctx.now()
            elif not archived:
                record["archived_at"] = None
        except ValueError:
            errors.setdefault("archived", []).append("is invalid")
    if isinstance(record.get("domain"), str):
        record["domain"] = record["domain"].strip().lower()  # "Domains are unique and lowercase"
    for name in ("name", "domain"):
        if not record.get(name):
            errors.setdefault(name, []).append("is required")
    if record.get("domain"):
        other = ctx.store.lookup("accounts", "domain", record["domain"])
        if other is not None and other["id"] != record["id"]:
            errors.setdefault("domain", []).append("has already been taken")
    raise_errors(errors)
    ensure_tags(ctx, record.get("tags") or [])
    return ctx.store.put("accounts", record)


def create_account(ctx: Ctx, params: Mapping[str, Any]) -> Record:
    with ctx.store.lock:
        record = fresh(ctx, "accounts")
        record["creator"] = ctx.me()
        return _write_account(ctx, record, params)


def update_account(ctx: Ctx, current: Record, params: Mapping[str, Any]) -> Record:
    with ctx.store.lock:
        record = dict(current)
        touch(ctx, record)
        return _write_account(ctx, record, params)


def upsert_account(ctx: Ctx, params: Mapping[str, Any]) -> tuple[str, Record]:
    with ctx.store.lock:
        kind, found = find_upsert(ctx, "accounts", params, ("id", "crm_id", "domain"))
        if found is not None:
            return kind, update_account(ctx, found, params)
        return kind, create_account(ctx, params)
