#!/usr/bin/env bash
# The OCI distribution-spec conformance suite (tests/python/test_registry_conformance.py)
# against Debian's docker-registry 2.8, whose known gaps are strict xfails, and
# against berth-registry, which must pass all of it. Each test runs its own
# server on a free 127.0.0.1 port with its root under $TEST_TMP.
set -u
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/registry.sh"

DOCKER_REGISTRY=${DOCKER_REGISTRY:-/usr/bin/docker-registry}
SUITE=$REPO_ROOT/tests/python/test_registry_conformance.py

# _answers PID URL: GET /v2/ answers, or the server has died (which ends the
# wait at once; wait_ready then tells the two apart).
_answers() { ! is_running "$1" || curl -sf -m 2 -o /dev/null "$2/v2/"; }

# wait_ready PID URL LOG NAME
wait_ready() {
    wait_until 20 _answers "$1" "$2" && is_running "$1" && return 0
    tail -n 20 "$3" | sed 's/^/    /' >&2
    fail "$4 did not answer GET $2/v2/"
}

# _gone PID: exited. The server is our child and stays a zombie until reaped,
# which `kill -0` would still count as alive.
_gone() { ! is_running "$1"; }

# stop_server PID: TERM, a bounded wait, then KILL; reaps it.
stop_server() {
    kill -TERM "$1" 2>/dev/null
    wait_until 10 _gone "$1" || kill -KILL "$1" 2>/dev/null
    wait "$1" 2>/dev/null
}

# run_suite FLAVOR URL
run_suite() {
    local out=$TEST_TMP/pytest-$1.out
    REGISTRY_URL=$2 REGISTRY_FLAVOR=$1 REGISTRY_PREFIX=$TEST_PREFIX \
        timeout 300 python3 -m pytest -q -p no:cacheprovider -rfExX "$SUITE" >"$out" 2>&1
    local status=$?
    tail -n 20 "$out" | sed 's/^/    /'
    [ "$status" -eq 0 ] || fail "pytest against $1 exited $status"
}

test_conformance_suite_against_distribution() {
    [ -x "$DOCKER_REGISTRY" ] || fail "no docker-registry at $DOCKER_REGISTRY (apt-get install docker-registry)"
    local dir=$TEST_TMP/distribution port; port=$(free_port)
    mkdir -p "$dir/root"
    # Deletion is off by default in 2.8; the suite deletes blobs and manifests.
    cat >"$dir/config.yml" <<EOF
version: 0.1
log: {level: warn}
storage: {filesystem: {rootdirectory: $dir/root}, delete: {enabled: true}}
http: {addr: 127.0.0.1:$port}
EOF
    "$DOCKER_REGISTRY" serve "$dir/config.yml" </dev/null >"$dir/registry.log" 2>&1 &
    local pid=$!
    defer "stop_server $pid; rm -rf $dir"
    wait_ready "$pid" "http://127.0.0.1:$port" "$dir/registry.log" docker-registry
    run_suite distribution "http://127.0.0.1:$port"
}

test_conformance_suite_against_berth_registry() {
    # We ship the binary, so its absence is a failure, not a skip.
    [ -x "$BERTH_REGISTRY" ] || fail "no berth-registry at $BERTH_REGISTRY (build it: bash scripts/build.sh)"
    local dir=$TEST_TMP/berth-root port; port=$(free_port)
    "$BERTH_REGISTRY" serve --addr "127.0.0.1:$port" --root "$dir" </dev/null >"$TEST_TMP/berth-registry.log" 2>&1 &
    local pid=$!
    defer "stop_server $pid; rm -rf $dir"
    wait_ready "$pid" "http://127.0.0.1:$port" "$TEST_TMP/berth-registry.log" berth-registry
    run_suite berth "http://127.0.0.1:$port"
}

run_tests test_conformance_suite_against_distribution test_conformance_suite_against_berth_registry
