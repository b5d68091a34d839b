#!/usr/bin/env bash
# Fresh Debian 12, as root: install what Berth needs, build it, run a container.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
bash scripts/make-busybox-rootfs.sh build/busybox-rootfs
bash scripts/make-bundle.sh build/busybox-bundle build/busybox-rootfs
echo "--- berth-runtime run (busybox) ---"
.build/release/berth-runtime --root /run/berth-runtime run --bundle build/busybox-bundle "quickstart-$$"
