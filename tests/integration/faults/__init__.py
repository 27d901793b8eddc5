"""Upstream faults and per-call limits: every call ends in bounded time with a clear error or a correct retry.

The server here runs with small limits so that each fault plays out in a few seconds; the
emulators are this module's own, so armed faults and rate-limit budgets touch no other test.
Set ``SWITCHBOARD_FAULT_REPORT=<path>`` to have the observed outcomes written there as JSON
(``docs/faults.md`` is made from such a run).
"""
