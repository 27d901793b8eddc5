"""An outbound HTTP request as a value: built purely, signed by an authenticator, sent by a transport."""

from __future__ import annotations

from dataclasses import dataclass

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
        return self._copy(self.headers, kept + tuple(updates.items()))

    def with_header(self, name: str, value: str) -> OutboundRequest:
        lowered = name.lower()
        kept = tuple((k, v) for k, v in self.headers if k.lower() != lowered)
        return self._copy((*kept, (name, value)), self.query)

    def _copy(self, headers: tuple[tuple[str, str], ...], query: tuple[tuple[str, str], ...]) -> OutboundRequest:
        # Every call signs a request this way: the constructor, not dataclasses.replace, which reads the
        # fields' list again for each copy (a few microseconds a call).
        return OutboundRequest(self.method, self.url, query, headers, self.body, self.host_properties)

    def query_value(self, name: str) -> str | None:
        return next((v for k, v in self.query if k == name), None)
