#!/usr/bin/env bash
# The Docker SDK for Python against berthd: the pytest suite in tests/python.
set -u
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/berthd.sh"

IMG=$TEST_PREFIX-bb:latest

test_python_sdk_containers() {
    DOCKER_HOST="unix://$BERTHD_SOCK" BERTH_TEST_PREFIX="$TEST_PREFIX" BERTH_TEST_IMAGE="$IMG" \
        timeout 300 python3 -m pytest -q -p no:cacheprovider "$REPO_ROOT/tests/python/test_containers_sdk.py" >"$TEST_TMP/pytest.out" 2>&1
    local status=$?
    tail -n 15 "$TEST_TMP/pytest.out" | sed 's/^/    /'
    [ "$status" -eq 0 ] || fail "pytest exited $status"
}

trap 'berthd_cleanup; rm -rf "$TEST_TMP"' EXIT
berthd_start || { echo "not ok - berthd setup"; exit 1; }
busybox_image "$IMG" || { echo "not ok - busybox image"; exit 1; }
run_tests test_python_sdk_containers
