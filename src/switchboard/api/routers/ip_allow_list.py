"""The partner's IP allow list: ``/v1.0/ipallowlist`` (who may call methods)."""

from __future__ import annotations

from fastapi import APIRouter

from switchboard.api.allow_list import normalize_cidrs
from switchboard.api.bodies import JsonRoute
from switchboard.api.deps import PartnerDep, ServicesDep
from switchboard.api.schemas import IpAllowList
from switchboard.store.partners import get_ip_allow_list, set_ip_allow_list

router = APIRouter(prefix="/v1.0/ipallowlist", tags=["IP allow list"], route_class=JsonRoute)


@router.get("", response_model=IpAllowList)
async def read_allow_list(svc: ServicesDep, partner: PartnerDep) -> IpAllowList:
    """The CIDRs method calls may come from; empty means any address."""
    async with svc.db.session() as session:
        return IpAllowList(cidrs=await get_ip_allow_list(session, partner))


@router.put("", response_model=IpAllowList)
async def write_allow_list(svc: ServicesDep, partner: PartnerDep, body: IpAllowList) -> IpAllowList:
    """Replace the allow list (``{"Cidrs": []}`` allows any address); an invalid CIDR is a 400."""
    cidrs = normalize_cidrs(body.cidrs)
    async with svc.db.session() as session:
        stored = await set_ip_allow_list(session, partner, cidrs)
    # The list rides on cached token lookups: this worker forgets them now, others within 10 s.
    svc.forget_tokens()
    return IpAllowList(cidrs=stored)
