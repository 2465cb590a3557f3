#!/usr/bin/env bash
# Measures `ozg serve` under load over loopback: publishing a generated
# 1,000-service bundle end to end, and state reads and application
# submissions per second with wrk. Installs wrk from the Debian packages
# when it is missing. Only 127.0.0.1 is contacted, and each wrk run stops
# after OZG_BENCH_SECONDS (default 10). See docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v wrk >/dev/null 2>&1; then
    echo "platform-load: installing wrk from the Debian packages" >&2
    apt-get update -qq
    apt-get install -y -qq wrk >/dev/null
fi

cargo bench --bench platform
