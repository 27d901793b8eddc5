#!/bin/sh
# The one install, for `make` (and so CI) and for the container image: a virtualenv from the
# hashed lock file (requirements/<kind>.lock, made by `make lock`), then the project without
# resolving anything again. uv makes the venv and installs the lock in seconds; pip installs the
# same lock, with the same hashes, where uv cannot be had.
#   scripts/install.sh .venv dev                 the project editable, the dev tools, the emulators, the client
#   scripts/install.sh /opt/switchboard runtime  the project and the scale-out extra, nothing else
set -eu
VENV=${1:-.venv}
KIND=${2:-dev}
PYTHON=${PYTHON:-python3}
cd "$(dirname "$0")/.."

# uv: the one on PATH, else the version the dev lock pins, checked against its hashes, into a
# throwaway folder (never part of what gets installed).
find_uv() {
    if command -v uv >/dev/null 2>&1; then command -v uv; return 0; fi
    tools=$(mktemp -d)
    awk '/^uv==/ {on=1} on {print} on && !/\\$/ {exit}' requirements/dev.lock > "$tools/uv.txt"
    "$PYTHON" -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps \
        --target "$tools/pkg" -r "$tools/uv.txt" >/dev/null 2>&1 && echo "$tools/pkg/bin/uv"
}

# The image runs with PYTHONDONTWRITEBYTECODE=1, so a module not compiled here is compiled again at
# every start (about 40% of a server's start-up CPU). pip compiles at install by default; uv when asked.
# A dev venv too: CI and developers' machines set PYTHONDONTWRITEBYTECODE as well, and the tests start a
# few hundred interpreters (servers, their helper processes, the CLI), each compiling the libraries again.
export UV_COMPILE_BYTECODE=1
UV=$(find_uv || true)
if [ -n "$UV" ]; then
    export UV_NATIVE_TLS=1  # the system's certificates, as pip uses them
    "$UV" venv --quiet --allow-existing --python "$PYTHON" "$VENV"
    install() { "$UV" pip install --quiet --python "$VENV/bin/python" "$@"; }
    check() { "$UV" pip check --quiet --python "$VENV/bin/python"; }
else
    echo "uv is not available: installing with pip (slower)" >&2
    "$PYTHON" -m venv "$VENV"
    install() { "$VENV/bin/python" -m pip install --quiet "$@"; }
    check() { "$VENV/bin/python" -m pip check; }
fi
install --require-hashes --no-deps -r "requirements/$KIND.lock"
if [ "$KIND" = dev ]; then
    install --no-deps -e . -e ./emulators -e ./clients/python
else
    install --no-deps .
fi
check
