#!/usr/bin/env bash
# A real Docker engine drives berth-runtime.
#
# The unit of truth for "drop-in runtime" is an unmodified engine using it, so
# this file starts a private containerd and a private dockerd (Debian's
# docker.io), registers $BERTH_RUNTIME as runtime "berth", and drives ordinary
# docker commands through it: run, run -it on a pseudo-terminal, exec, top,
# pause/unpause, stop with the KILL fallback, memory OOM and pids limits.
# Everything that reaches berth-runtime goes through containerd's runc shim,
# which is exactly how it will be used in production.
#
# Isolation: both daemons get private sockets, roots, state and exec dirs under
# $TEST_TMP, a private daemon.json, and a cgroup parent named after
# $TEST_PREFIX, so this never shares anything with a system containerd/dockerd
# and the leftover check can find anything that escapes cleanup.
#
# The engine is started once for the whole file (starting it per test would
# cost seconds each) and torn down by an EXIT trap, pass or fail.
#
# Environment:
#   DOCKER_ENGINE_TEST=skip     skip this file (prints a line, exits 0)
#   DOCKER_CLI=/path/to/docker  client to use (default: Debian's /usr/bin/docker,
#                               the same version as the daemon; any client
#                               that negotiates the API version works)
#   DOCKER_ENGINE_ARGV_LOG=F    register a wrapper instead of $BERTH_RUNTIME
#                               that appends every runtime invocation (argv,
#                               cwd, open fds) to F and saves each bundle's
#                               config.json under F.d/, then execs the runtime
set -u

# Decided before lib.sh is sourced, because sourcing it creates $TEST_TMP and a
# skipped file must leave nothing behind.
if [ "${DOCKER_ENGINE_TEST:-}" = skip ]; then
    echo "# $(basename "$0"): skipped (DOCKER_ENGINE_TEST=skip)"
    exit 0
fi

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ENGINE_BERTH_RUNTIME=1
source "$(dirname "${BASH_SOURCE[0]}")/dockerd.sh"
TMUX_SOCK=$ENGINE_DIR/tmux.sock
# Every container runs on the runtime under test; the daemon has no bridge, so
# every container also needs an explicit network.
RUN=(run --runtime berth --network none)

# --- tests ---------------------------------------------------------------

test_run_echo() {
    local out
    out=$(dk "${RUN[@]}" --rm --name "$TEST_PREFIX-echo" busybox echo hi 2>&1) || fail "docker run: $out"
    expect_eq "$out" "hi" "output of docker run busybox echo hi"
}

# _pane: what the tmux window shows now.
_pane() { tmux -S "$TMUX_SOCK" capture-pane -p -t "$1" 2>/dev/null; }
_pane_has() { _pane "$1" | grep -qE "$2"; }

test_run_interactive_tty() {
    local name=$TEST_PREFIX-tty s=tty
    # The pane runs the client on a real pty; afterwards it prints the client's
    # exit status and lingers so the status can be read.
    local cmd="'$DOCKER_CLI' -H 'unix://$DOCKER_SOCK' ${RUN[*]} -it --rm --name $name busybox sh; echo client-exit=\$?; sleep 60"
    tmux -S "$TMUX_SOCK" new-session -d -s $s -x 120 -y 30 "$cmd" </dev/null >/dev/null 2>&1 || fail "tmux new-session"
    defer "tmux -S '$TMUX_SOCK' kill-session -t $s"
    defer "dk rm -f $name"
    # Wait for the prompt, or for the client to have given up already.
    wait_until 30 _pane_has $s '/ #\s*$|^client-exit=' && _pane_has $s '/ #\s*$' ||
        fail "no shell prompt; pane: [$(_pane $s)]"
    tmux -S "$TMUX_SOCK" send-keys -t $s 'echo $((6*7))' Enter
    wait_until 10 _pane_has $s '^42\s*$' || fail "no 42 from the shell; pane: [$(_pane $s)]"
    tmux -S "$TMUX_SOCK" send-keys -t $s 'exit' Enter
    wait_until 20 _pane_has $s '^client-exit=' || fail "client did not exit; pane: [$(_pane $s)]"
    _pane_has $s '^client-exit=0' || fail "client exit status; pane: [$(_pane $s)]"
    wait_until 10 test -z "$(dk ps -aq --filter name=$name)" || fail "--rm container $name still exists"
}

test_exec() {
    local name=$TEST_PREFIX-exec out
    defer "dk rm -f $name"
    dk "${RUN[@]}" -d --name $name --hostname berthhost busybox sleep 1000 >/dev/null || fail "docker run -d"
    out=$(dk exec $name cat /etc/hostname 2>&1) || fail "docker exec cat: $out"
    expect_eq "$out" "berthhost" "hostname seen by docker exec"
    out=$(dk exec $name sh -c 'echo from-exec; exit 3' 2>&1); local rc=$?
    expect_eq "$out" "from-exec" "docker exec output"
    expect_eq "$rc" 3 "docker exec exit status"
}

test_top() {
    local name=$TEST_PREFIX-top out
    defer "dk rm -f $name"
    dk "${RUN[@]}" -d --name $name busybox sleep 1001 >/dev/null || fail "docker run -d"
    # docker top asks the runtime for the container's pids (`ps`), then reads them.
    out=$(dk top $name 2>&1) || fail "docker top: $out"
    expect_contains "$out" "sleep 1001" "docker top"
}

test_stats() {
    local name=$TEST_PREFIX-stats out
    defer "dk rm -f $name"
    dk "${RUN[@]}" -d --name $name --memory 64m busybox sleep 1003 >/dev/null || fail "docker run -d"
    out=$(dk stats --no-stream --format '{{.MemUsage}} {{.PIDs}}' $name 2>&1) || fail "docker stats: $out"
    # The limit comes from the container's cgroup, so it shows the cgroup is ours.
    expect_contains "$out" "/ 64MiB 1" "docker stats memory limit and pids"
}

test_pause_unpause() {
    local name=$TEST_PREFIX-pause out
    defer "dk rm -f $name"
    dk "${RUN[@]}" -d --name $name busybox sleep 1002 >/dev/null || fail "docker run -d"
    dk pause $name >/dev/null || fail "docker pause"
    expect_eq "$(dk inspect -f '{{.State.Paused}}' $name)" true "State.Paused after pause"
    dk unpause $name >/dev/null || fail "docker unpause"
    expect_eq "$(dk inspect -f '{{.State.Paused}}' $name)" false "State.Paused after unpause"
    out=$(dk exec $name echo awake 2>&1) || fail "docker exec after unpause: $out"
    expect_eq "$out" awake "exec after unpause"
}

test_stop_kills_after_timeout() {
    local name=$TEST_PREFIX-stop t0 ms
    defer "dk rm -f $name"
    dk "${RUN[@]}" -d --name $name busybox sh -c 'trap "" TERM; while true; do sleep 1; done' >/dev/null || fail "docker run -d"
    # TERM is ignored, so stop must wait out its 2 s and then KILL.
    t0=$(now_ms)
    dk stop -t 2 $name >/dev/null || fail "docker stop"
    ms=$(( $(now_ms) - t0 ))
    echo "    docker stop -t 2 took ${ms} ms"
    [ $ms -ge 1900 ] || fail "docker stop returned after ${ms} ms, before its 2 s grace period"
    [ $ms -lt 15000 ] || fail "docker stop took ${ms} ms"
    expect_eq "$(dk inspect -f '{{.State.ExitCode}}' $name)" 137 "exit code after stop"
}

test_memory_limit_oom() {
    local name=$TEST_PREFIX-oom out rc
    defer "dk rm -f $name"
    # dd's 100 MB buffer cannot fit in 32 MB, and without swap the kernel kills it.
    out=$(dk "${RUN[@]}" --name $name --memory 32m busybox sh -c 'dd if=/dev/zero of=/dev/null bs=100M count=1' 2>&1); rc=$?
    expect_eq "$rc" 137 "exit status of the OOM container (output: $out)"
    expect_eq "$(dk inspect -f '{{.State.OOMKilled}}' $name)" true "State.OOMKilled"
}

test_pids_limit() {
    local name=$TEST_PREFIX-pids out
    defer "dk rm -f $name"
    out=$(dk "${RUN[@]}" --name $name --pids-limit 10 busybox sh -c 'i=0; while [ $i -lt 50 ]; do sleep 5 & i=$((i+1)); done 2>&1; echo done' 2>&1)
    [[ "$out" == *"can't fork"* || "$out" == *"Resource temporarily unavailable"* ]] || fail "no fork failure in [$out]"
    expect_eq "$(dk inspect -f '{{.State.Running}}' $name)" false "container still running"
    dk rm $name >/dev/null || fail "docker rm of the exited container"
}

install_engine_traps

t0=$(now_ms)
engine_start || { echo "not ok - docker engine setup"; exit 1; }
echo "# prefix $TEST_PREFIX; engine up in $(( $(now_ms) - t0 )) ms ($("$DOCKER_CLI" --version), $(dockerd --version), $(containerd --version | cut -d' ' -f1,3))"
run_tests test_run_echo test_run_interactive_tty test_exec test_top test_stats test_pause_unpause \
    test_stop_kills_after_timeout test_memory_limit_oom test_pids_limit
