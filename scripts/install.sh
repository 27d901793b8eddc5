#!/bin/sh
# The one install, for `make` (and so CI) and for the container image: a virtualenv from the
# hashed lock file (requirements/<kind>.lock, made by `make lock`), then the project without
# resolving anything again.
#   scripts/install.sh .venv dev                 the project editable, the dev tools, the emulators, the client
#   scripts/install.sh /opt/switchboard runtime  the project and the scale-out extra, nothing else
set -eu
VENV=${1:-.venv}
KIND=${2:-dev}
PYTHON=${PYTHON:-python3}
cd "$(dirname "$0")/.."
"$PYTHON" -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --require-hashes --no-deps -r "requirements/$KIND.lock"
if [ "$KIND" = dev ]; then
    "$VENV/bin/python" -m pip install --quiet --no-deps -e . -e ./emulators -e ./clients/python
else
    "$VENV/bin/python" -m pip install --quiet --no-deps .
fi
"$VENV/bin/python" -m pip check
