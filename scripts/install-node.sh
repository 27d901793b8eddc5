#!/bin/sh
# Node.js for the TypeScript client's tests: the machine's own `node` and `npm` when present (this
# project's machines have Node 20 installed), else Debian's nodejs and npm packages. Then the client's
# locked dependencies (npm ci, from package-lock.json), and the browser tests' axe-core. Idempotent.
set -eu
cd "$(dirname "$0")/.."
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    echo "node or npm is missing: installing Debian's nodejs and npm" >&2
    SUDO=""
    if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
    $SUDO apt-get -o DPkg::Lock::Timeout=600 update
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends nodejs npm
fi
echo "node $(node --version) from $(command -v node)" >&2
for package in clients/typescript tests/browser; do
    if [ ! -f "$package/node_modules/.package-lock.json" ] || [ "$package/package-lock.json" -nt "$package/node_modules/.package-lock.json" ]; then
        (cd "$package" && npm ci --no-audit --no-fund --loglevel=error)
    fi
done
