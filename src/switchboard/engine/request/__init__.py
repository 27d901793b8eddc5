"""Requests as values: a method's request built purely from its inputs, and the raw HTTP method's."""

from switchboard.engine.request.build import build_request
from switchboard.engine.request.raw_http import build_raw_request, raw_answer

__all__ = ["build_raw_request", "build_request", "raw_answer"]
