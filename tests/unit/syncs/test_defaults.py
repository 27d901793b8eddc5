"""The default syncs connectors ship: each reads a paged GET list of its connector."""

from __future__ import annotations

from switchboard.catalog.registry import Registry
from switchboard.syncs.definitions import check

WANTED = {"salesloft", "constant_contact", "hubspot", "pipedrive", "asana", "intercom", "jira"}


def test_every_default_sync_reads_a_paged_list_method_of_its_connector() -> None:
    registry = Registry.load([])
    shipped = {key for key, c in registry.by_key.items() if c.definition.syncs}
    assert shipped >= WANTED
    for key in shipped:
        connector = registry.by_key[key]
        for spec in connector.definition.syncs:
            method = check(connector, spec)
            assert method.definition.verb == "GET" and method.pagination is not None, (key, spec.name)
