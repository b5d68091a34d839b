#!/usr/bin/env bash
# Installs the Debian packages Berth builds and tests with. Idempotent: a
# machine that has them all makes no network call.
set -euo pipefail
packages=(
    busybox-static   # the test image's userland
    jq               # tests edit config.json with it
    iproute2         # ip netns, veth: namespace tests
    util-linux       # script(1): drives terminals in tests
    tmux             # drives interactive docker sessions in tests
    runc             # benchmark peer
    hyperfine        # benchmark harness
    make
    libarchive-dev   # layers: tar, gzip, zstd
    libsqlite3-dev   # the daemon's metadata database (GRDB)
    zlib1g-dev       # rotated container logs (.gz)
    skopeo           # interop tests: OCI layouts
    docker-registry  # the reference registry (distribution 2.8): interop and conformance tests
    apache2-utils    # htpasswd: registry logins in tests
    libcrypt-dev     # bcrypt checks of berth-registry's htpasswd logins
)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "installing: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    # Packages with services (docker-registry) must not start them: tests run
    # their own instances. A policy-rc.d forbids service starts during the install.
    policy=/usr/sbin/policy-rc.d made_policy=0
    if [ ! -e $policy ]; then
        printf '#!/bin/sh\n# temporary, from Berth scripts/install-deps.sh\nexit 101\n' > $policy && chmod +x $policy && made_policy=1
    fi
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null || { if [ $made_policy = 1 ]; then rm -f $policy; fi; exit 1; }
    if [ $made_policy = 1 ]; then rm -f $policy; fi
fi
command -v swift >/dev/null || { echo "swift is not on PATH (Berth needs Swift 6.3)" >&2; exit 1; }
# The Docker SDK for Python: compatibility tests drive berthd with it.
python3 -c 'import docker' 2>/dev/null || pip install -q docker
python3 -c 'import pytest' 2>/dev/null || pip install -q pytest
