"""``python -m switchboard.catalog FOLDER FILE...``: connector files compiled into FOLDER (``compile_apart``)."""

import sys
from contextlib import suppress
from pathlib import Path

from switchboard.catalog import compiled
from switchboard.errors import ConfigurationError


def main(folder: str, paths: list[str]) -> None:
    compiled.COMPILED_DIR = Path(folder)
    for path in paths:
        with suppress(ConfigurationError):  # the parent compiles what failed again, and reports it
            compiled.compile_file(Path(path))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
