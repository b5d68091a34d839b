#!/usr/bin/env bash
# Release binaries, with the Swift runtime linked in statically: every
# container start runs berth-runtime, and a static binary starts faster.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --static-swift-stdlib "$@"
