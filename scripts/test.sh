#!/usr/bin/env bash
# Every test: unit tests (swift test), then the integration tests as root
# against the real kernel. Installs and builds what they need first.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh || exit 1
bash scripts/build.sh || exit 1
bash scripts/make-busybox-rootfs.sh build/busybox-rootfs >/dev/null || exit 1
echo "== unit tests"
swift test 2>&1 | tail -n 40
unit=${PIPESTATUS[0]}
echo "== integration tests"
bash tests/run.sh
integration=$?
[ "$unit" -eq 0 ] || echo "unit tests failed"
[ "$unit" -eq 0 ] && [ "$integration" -eq 0 ]
