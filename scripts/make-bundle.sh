#!/usr/bin/env bash
# An OCI bundle over a rootfs, with the config from `berth-runtime spec`,
# set to print a greeting without a terminal.
# Usage: scripts/make-bundle.sh BUNDLE_DIR ROOTFS_DIR
set -euo pipefail
bundle=$(realpath -m "${1:?usage: make-bundle.sh BUNDLE_DIR ROOTFS_DIR}")
rootfs=$(realpath "${2:?usage: make-bundle.sh BUNDLE_DIR ROOTFS_DIR}")
runtime=$(realpath "${BERTH_RUNTIME:-$(dirname "$0")/../.build/release/berth-runtime}")
rm -rf "$bundle"; mkdir -p "$bundle"
ln -s "$rootfs" "$bundle/rootfs"
(cd "$bundle" && "$runtime" spec)
jq '.process.terminal = false | .process.args = ["sh", "-c", "echo Hello from $(hostname), pid $$, as $(id -un)"]
    | .linux.cgroupsPath = "/berth-quickstart"' "$bundle/config.json" > "$bundle/config.json.tmp"
mv "$bundle/config.json.tmp" "$bundle/config.json"
echo "bundle at $bundle"
