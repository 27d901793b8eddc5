"""Connector definitions: models, YAML loading and the registry of stable numeric ids."""

from switchboard.catalog.loader import load_connector, load_connectors
from switchboard.catalog.models import ConnectorDef, MethodDef
from switchboard.catalog.registry import Connector, Method, Parameter, Registry, RequestField

__all__ = [
    "Connector",
    "ConnectorDef",
    "Method",
    "MethodDef",
    "Parameter",
    "Registry",
    "RequestField",
    "load_connector",
    "load_connectors",
]
