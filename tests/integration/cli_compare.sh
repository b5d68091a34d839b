# Shared by the tests that compare the berth CLI with Docker's: picks both
# clients, loads the daemon libraries, and compares a command's stdout,
# stderr and exit status as run through each. Source after lib.sh; the test
# file defines dk, bt and run_both (which leaves each client's stdout, stderr
# and status in $TEST_TMP/{docker,berth}.{out,err,rc}).

if [ -z "${BERTH_CLI:-}" ]; then
    # The more recently built of the two.
    BERTH_CLI=$REPO_ROOT/.build/debug/berth
    release=$REPO_ROOT/.build/release/berth
    if [ -x "$release" ] && { [ ! -x "$BERTH_CLI" ] || [ "$release" -nt "$BERTH_CLI" ]; }; then BERTH_CLI=$release; fi
fi
DOCKER_CLI=${DOCKER_CLI:-}
if [ -z "$DOCKER_CLI" ]; then
    if [ -x /usr/local/bin/docker ]; then DOCKER_CLI=/usr/local/bin/docker; else DOCKER_CLI=$(command -v docker || echo docker); fi
fi

# The daemon: TEST_DOCKER_HOST if set; else a private berthd, or with
# CLI_TEST_DAEMON=dockerd a private Debian dockerd (to check the tests
# themselves against Docker's own daemon).
source "$(dirname "${BASH_SOURCE[0]}")/berthd.sh"
DOCKER_CLI_FOR_ENGINE=$DOCKER_CLI
source "$(dirname "${BASH_SOURCE[0]}")/dockerd.sh"
DOCKER_CLI=$DOCKER_CLI_FOR_ENGINE
# The client keeps its config (contexts, auth) here rather than in ~/.docker.
export DOCKER_CONFIG=$TEST_TMP/docker-client
mkdir -p "$DOCKER_CONFIG"
# Local time must be the same for both clients (CreatedAt columns).
export TZ=${TZ:-UTC}

_same_output() {
    cmp -s "$TEST_TMP/docker.out" "$TEST_TMP/berth.out" && cmp -s "$TEST_TMP/docker.err" "$TEST_TMP/berth.err" &&
        cmp -s "$TEST_TMP/docker.rc" "$TEST_TMP/berth.rc"
}

_show_difference() {
    echo "    docker exit $(cat "$TEST_TMP/docker.rc"), berth exit $(cat "$TEST_TMP/berth.rc")" >&2
    diff -u --label docker.out --label berth.out "$TEST_TMP/docker.out" "$TEST_TMP/berth.out" | head -n 30 | sed 's/^/    /' >&2
    diff -u --label docker.err --label berth.err "$TEST_TMP/docker.err" "$TEST_TMP/berth.err" | head -n 30 | sed 's/^/    /' >&2
}

# same ARGS...: both clients print the same and exit the same. Output with
# relative times ("2 seconds ago") can straddle a second between the two
# runs, so a difference is retried (set ONCE=1 for commands that change
# state and cannot be repeated).
same() {
    local try tries=3
    [ "${ONCE:-0}" = 1 ] && tries=1
    echo "$*" >> "$TEST_TMP/comparisons"
    for try in $(seq 1 $tries); do
        run_both "$@"
        _same_output && return 0
        sleep 0.5
    done
    _show_difference
    fail "berth $* differs from docker $*"
}

# same_status STATUS ARGS...: as `same`, and berth's status must be STATUS.
same_status() {
    local status=$1; shift
    same "$@"
    expect_eq "$(cat "$TEST_TMP/berth.rc")" "$status" "exit status of berth $*"
}
