# Shared helpers for the integration tests. Each test file sources this, defines
# test functions, and ends with `run_tests test_a test_b ...`.
#
# Every test runs in its own subshell with its own cleanup list: `defer CMD`
# registers CMD to run when the test ends, pass or fail, in reverse order.
# A failed check exits the subshell, so the test stops at the first failure.

set -u
REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BERTH_RUNTIME=${BERTH_RUNTIME:-$REPO_ROOT/.build/release/berth-runtime}
BUSYBOX_ROOTFS=${BUSYBOX_ROOTFS:-$REPO_ROOT/build/busybox-rootfs}
# A prefix that names everything this run creates, so cleanup and leftover
# checks can find it (container ids, cgroups, state dirs, dockerd roots).
TEST_PREFIX=${TEST_PREFIX:-berthtest$$}
TEST_TMP=${TEST_TMP:-/tmp/$TEST_PREFIX}
mkdir -p "$TEST_TMP"

_deferred=()
defer() { _deferred+=("$*"); }
_run_deferred() {
    local i
    for ((i = ${#_deferred[@]} - 1; i >= 0; i--)); do
        eval "${_deferred[$i]}" >/dev/null 2>&1 || true
    done
    _deferred=()
}

fail() { echo "    FAIL: $*" >&2; exit 1; }
# expect_eq ACTUAL EXPECTED WHAT
expect_eq() { [ "$1" == "$2" ] || fail "$3: expected [$2], got [$1]"; }
# expect_contains HAYSTACK NEEDLE WHAT
expect_contains() { [[ "$1" == *"$2"* ]] || fail "$3: [$2] not found in [$1]"; }
expect_not_contains() { [[ "$1" != *"$2"* ]] || fail "$3: [$2] unexpectedly found in [$1]"; }

# wait_until SECONDS CMD...: polls CMD every 0.1 s until it succeeds.
wait_until() {
    local deadline=$((SECONDS + $1)); shift
    until "$@" >/dev/null 2>&1; do
        [ $SECONDS -lt $deadline ] || return 1
        sleep 0.1
    done
}

# is_running PID: alive and not a zombie (an orphaned init may wait to be reaped).
is_running() {
    local state; state=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) || return 1
    [ -n "$state" ] && [ "$state" != Z ] && [ "$state" != X ]
}

# new_bundle NAME: a fresh OCI bundle over the busybox rootfs, with a spec from
# `berth-runtime spec` whose cgroupsPath carries the test prefix. Prints its path.
new_bundle() {
    local dir="$TEST_TMP/bundles/$1"
    rm -rf "$dir"; mkdir -p "$dir"
    ln -s "$BUSYBOX_ROOTFS" "$dir/rootfs"
    (cd "$dir" && "$BERTH_RUNTIME" spec) || fail "berth-runtime spec"
    set_spec "$dir" ".linux.cgroupsPath = \"/$TEST_PREFIX/$1\""
    echo "$dir"
}

# set_spec BUNDLE JQ-EXPRESSION: edits the bundle's config.json in place.
set_spec() {
    local tmp="$1/config.json.tmp"
    jq "$2" "$1/config.json" > "$tmp" && mv "$tmp" "$1/config.json" || fail "jq $2"
}

# rt ARGS...: berth-runtime with this run's private state root.
rt() { "$BERTH_RUNTIME" --root "$TEST_TMP/state" "$@"; }

_passed=0; _failed=0
run_tests() {
    local t
    for t in "$@"; do
        if ( trap _run_deferred EXIT; "$t" ); then
            echo "ok - $t"; _passed=$((_passed + 1))
        else
            echo "not ok - $t"; _failed=$((_failed + 1))
        fi
    done
    echo "# $(basename "$0"): $_passed passed, $_failed failed"
    [ "$_failed" -eq 0 ]
}

# Removes this run's cgroup parents (the runtime removes each container's own).
remove_test_cgroups() {
    local dir
    for dir in /sys/fs/cgroup/*/"$TEST_PREFIX" /sys/fs/cgroup/*/"$TEST_PREFIX"/*; do
        [ -d "$dir" ] && echo "$dir"
    done | sort -r | xargs -r rmdir 2>/dev/null
    return 0
}
trap 'remove_test_cgroups; rm -rf "$TEST_TMP"' EXIT
