"""The OpenAPI importer: an OpenAPI 2.0/3.0/3.1 document and an overlay in, a connector definition out.

Pure: no network or database I/O (the CLI reads and writes the files). ``import_connector``
maps one method per operation and reports, never silently, what it could not map and why.
"""

from switchboard.importer.assemble import Report
from switchboard.importer.build import ImportResult, import_connector
from switchboard.importer.overlay import MethodOverlay, Overlay, parse_overlay
from switchboard.importer.spec import parse_document

__all__ = ["ImportResult", "MethodOverlay", "Overlay", "Report", "import_connector", "parse_document", "parse_overlay"]
