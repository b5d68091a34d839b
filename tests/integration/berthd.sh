# Starts a private berthd for a test file: its own data root, exec root and
# socket under $TEST_TMP. Source after lib.sh; call berthd_start; the EXIT
# trap stops it. `bk ARGS...` is the docker CLI pointed at it.

BERTHD=${BERTHD:-$REPO_ROOT/.build/release/berthd}
# The docker CLI under test is the one on PATH (version 28), not Debian's 20.10.
DOCKER_CLI_28=${DOCKER_CLI_28:-$(command -v docker)}
BERTHD_DIR=$TEST_TMP/berthd
BERTHD_SOCK=$BERTHD_DIR/berth.sock
BERTHD_PID=""

bk() { DOCKER_CONFIG=$BERTHD_DIR/client timeout --foreground -k 5 "${BK_TIMEOUT:-120}" "$DOCKER_CLI_28" -H "unix://$BERTHD_SOCK" "$@"; }

_berthd_answers() { ! is_running "$BERTHD_PID" || curl -sf --unix-socket "$BERTHD_SOCK" http://berth/_ping; }

berthd_start() {
    [ -x "$BERTHD" ] || { echo "# no berthd at $BERTHD (bash scripts/build.sh)" >&2; return 1; }
    mkdir -p "$BERTHD_DIR/client"
    # Containers' cgroups go under the test's prefix, where cleanup finds them.
    [ -f "$BERTHD_DIR/daemon.json" ] || echo "{\"cgroup-parent\": \"/$TEST_PREFIX\"}" > "$BERTHD_DIR/daemon.json"
    "$BERTHD" -H "unix://$BERTHD_SOCK" --data-root "$BERTHD_DIR/data" --exec-root "$BERTHD_DIR/exec" \
        --config-file "$BERTHD_DIR/daemon.json" </dev/null >>"$BERTHD_DIR/berthd.log" 2>&1 &
    BERTHD_PID=$!
    # Also in a file: a test (a subshell) may restart the daemon, and the
    # file-level cleanup must stop that one.
    echo "$BERTHD_PID" > "$BERTHD_DIR/pid"
    wait_until 20 _berthd_answers && is_running "$BERTHD_PID" || {
        echo "# berthd did not come up:" >&2; tail -n 20 "$BERTHD_DIR/berthd.log" >&2; return 1; }
}

berthd_stop() {
    [ -f "$BERTHD_DIR/pid" ] && BERTHD_PID=$(cat "$BERTHD_DIR/pid")
    [ -n "$BERTHD_PID" ] || return 0
    kill -TERM "$BERTHD_PID" 2>/dev/null
    wait_until 10 bash -c "! kill -0 $BERTHD_PID 2>/dev/null" || kill -KILL "$BERTHD_PID" 2>/dev/null
    wait "$BERTHD_PID" 2>/dev/null
    BERTHD_PID=""
}

# berthd_kill9: the crash a test can inflict.
berthd_kill9() {
    [ -f "$BERTHD_DIR/pid" ] && BERTHD_PID=$(cat "$BERTHD_DIR/pid")
    kill -KILL "$BERTHD_PID" 2>/dev/null
    wait "$BERTHD_PID" 2>/dev/null
    BERTHD_PID=""
}

berthd_cleanup() {
    berthd_stop
    # Containers outlive the daemon by design: their processes (by cgroup) and
    # monitors (by the container directory on their command line) go here.
    local d p
    for d in $(find /sys/fs/cgroup/*/ -depth -type d -path "*/$TEST_PREFIX*" 2>/dev/null); do
        [ -f "$d/freezer.state" ] && echo THAWED > "$d/freezer.state" 2>/dev/null
        for p in $(cat "$d/cgroup.procs" 2>/dev/null); do kill -KILL "$p" 2>/dev/null; done
    done
    for p in $(pgrep -f "berth-monitor $BERTHD_DIR" 2>/dev/null); do kill -KILL "$p" 2>/dev/null; done
    sleep 0.2
    for d in $(find /sys/fs/cgroup/*/ -depth -type d -path "*/$TEST_PREFIX*" 2>/dev/null); do rmdir "$d" 2>/dev/null; done
    grep -o " $BERTHD_DIR[^ ]*" /proc/self/mounts | sort -r | while read -r m; do umount -l "$m"; done
    rm -rf "$BERTHD_DIR"
}

# busybox_image NAME: imports the test busybox tree as NAME into berthd.
busybox_image() {
    tar -C "$BUSYBOX_ROOTFS" -c . | bk import - "$1" >/dev/null
}
