"""A spec-driven emulator: any API with an OpenAPI 2.0/3.x document, plus a small config.

``SpecEmulator(spec_path, load_config(config_path))`` serves every operation of the spec:
each request is validated with openapi-core (a request the spec would reject is a 400 with
the reason), answers are the spec's examples or generated from its schemas (seeded, so
deterministic), created records are kept for later gets and lists, lists page in the
configured style, and OAuth2 and rate limits run as the config says (``config.py``).
"""

from __future__ import annotations

from switchboard_emulators.spec.config import ConfigError, PaginationConfig, SpecConfig, config_from_dict, load_config
from switchboard_emulators.spec.emulator import SpecEmulator
from switchboard_emulators.spec.validation import CheckedRequest, CheckedResponse, SpecChecker

__all__ = [
    "CheckedRequest",
    "CheckedResponse",
    "ConfigError",
    "PaginationConfig",
    "SpecChecker",
    "SpecConfig",
    "SpecEmulator",
    "config_from_dict",
    "load_config",
]
