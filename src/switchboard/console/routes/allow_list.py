"""The partner's IP allow list: the addresses method calls may come from."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from switchboard.console.routes.common import handle, show, to
from switchboard.console.session import ConsoleSession, current, services, to_sign_in
from switchboard.store.partners import get_ip_allow_list, normalize_cidrs, set_ip_allow_list

router = APIRouter()
PAGE = "/console/allowlist"


@router.get(PAGE)
async def allow_list(request: Request) -> Response:
    who = await current(request)
    if who is None:
        return to_sign_in(request)
    async with services(request).db.session() as session:
        cidrs = await get_ip_allow_list(session, who.partner_id)
    return show(request, who, "allowlist.html", title="IP allow list", cidrs=cidrs)


@router.post(PAGE)
async def save(request: Request) -> Response:
    async def act(who: ConsoleSession, form: dict[str, str]) -> str:
        cidrs = normalize_cidrs(line for line in form.get("cidrs", "").splitlines() if line.strip())
        svc = services(request)
        async with svc.db.session() as session:
            await set_ip_allow_list(session, who.partner_id, cidrs)
        svc.forget_tokens()  # the list rides on cached token lookups
        return to(
            PAGE, notice=f"Saved: {len(cidrs)} entries." if cidrs else "Saved: calls are accepted from any address."
        )

    return await handle(request, act, PAGE)
