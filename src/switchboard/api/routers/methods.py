"""``GET /v1.0/methods/{id}``: a method by its numeric Id alone (ids are unique across connectors)."""

from __future__ import annotations

from fastapi import APIRouter

from switchboard.api.bodies import JsonRoute
from switchboard.api.catalog_schemas import MethodOut
from switchboard.api.deps import AnyTokenDep, ServicesDep
from switchboard.api.presenters import method_out
from switchboard.api.schemas import Id

router = APIRouter(prefix="/v1.0/methods", tags=["Connectors"], route_class=JsonRoute)


@router.get("/{method_id}", response_model=MethodOut)
async def get_method_by_id(svc: ServicesDep, _partner: AnyTokenDep, method_id: Id) -> MethodOut:
    connector, method = svc.registry.method(method_id)
    return method_out(method, connector)
