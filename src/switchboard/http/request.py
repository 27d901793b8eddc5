"""An outbound HTTP request as a value: built purely, signed by an authenticator, sent by a transport."""

from __future__ import annotations

from dataclasses import dataclass, replace

IDEMPOTENT_VERBS = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS"})


@dataclass(frozen=True, slots=True)
class OutboundRequest:
    """An HTTP request to a third party, before authentication is added."""

    method: str
    url: str
    query: tuple[tuple[str, str], ...] = ()
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes | None = None
    # The connection properties its host was filled from (``https://{okta_domain}``): a caller chose the host,
    # so the transport sends it only to addresses its policy allows. Empty: a host the definition or operator set.
    host_properties: tuple[str, ...] = ()

    @property
    def idempotent(self) -> bool:
        return self.method in IDEMPOTENT_VERBS

    def with_query(self, updates: dict[str, str]) -> OutboundRequest:
        """A copy with these query parameters set (replacing any of the same name)."""
        kept = tuple((k, v) for k, v in self.query if k not in updates)
        return replace(self, query=kept + tuple(updates.items()))

    def with_header(self, name: str, value: str) -> OutboundRequest:
        kept = tuple((k, v) for k, v in self.headers if k.lower() != name.lower())
        return replace(self, headers=(*kept, (name, value)))

    def query_value(self, name: str) -> str | None:
        return next((v for k, v in self.query if k == name), None)
