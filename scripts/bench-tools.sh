#!/bin/sh
# The benchmarks' outside tools from Debian: wrk (the load generator) and nginx (a static upstream).
# Idempotent: installs only what is missing.
set -e
missing=""
command -v wrk >/dev/null 2>&1 || missing="$missing wrk"
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing="$missing nginx-light"
if [ -n "$missing" ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing
fi
