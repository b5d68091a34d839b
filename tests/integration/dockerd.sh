# A private Debian dockerd (20.10) + containerd for a test file: sockets,
# roots, state and exec dirs under $TEST_TMP/docker, a private daemon.json, a
# cgroup parent named after $TEST_PREFIX; `dk ARGS...` talks to it.
# Source after lib.sh. engine_start brings it up (registering $BERTH_RUNTIME
# as runtime "berth" when ENGINE_BERTH_RUNTIME=1), engine_cleanup tears down
# everything it made; install_engine_traps makes that the EXIT trap.
# Engine-specific environment: DOCKER_CLI (client to use), DOCKER_ENGINE_ARGV_LOG.

ENGINE_DIR=$TEST_TMP/docker            # everything the engine writes lives here
CTRD_DIR=$ENGINE_DIR/containerd
CTRD_SOCK=$CTRD_DIR/containerd.sock
DOCKER_SOCK=$ENGINE_DIR/docker.sock
CGROUP_PARENT=$TEST_PREFIX-docker      # container cgroups: /sys/fs/cgroup/*/$CGROUP_PARENT/<id>
# The client keeps its config (contexts, auth) here rather than in ~/.docker.
export DOCKER_CONFIG=$ENGINE_DIR/client
DOCKER_CLI=${DOCKER_CLI:-}
if [ -z "$DOCKER_CLI" ]; then
    if [ -x /usr/bin/docker ]; then DOCKER_CLI=/usr/bin/docker; else DOCKER_CLI=$(command -v docker || echo docker); fi
fi

CTRD_PID=""; DOCKERD_PID=""
RUN_CONTAINERD_EXISTED=0; [ -e /run/containerd ] && RUN_CONTAINERD_EXISTED=1
RUN_DOCKER_EXISTED=0; [ -e /run/docker ] && RUN_DOCKER_EXISTED=1

# dk ARGS...: the docker client talking to our private daemon. The timeout keeps
# a hung runtime from hanging the suite; 60 s is far above any step here.
# --foreground keeps the client in our process group, so that Ctrl-C reaches
# it and the run stops at once instead of waiting out a blocked client.
dk() { timeout --foreground -k 5 "${DK_TIMEOUT:-60}" "$DOCKER_CLI" -H "unix://$DOCKER_SOCK" "$@"; }

# now_ms: wall clock in milliseconds, from bash's own clock (no fork).
now_ms() { local t=${EPOCHREALTIME/./}; echo $((t / 1000)); }

# _gone PID: true when PID has exited. Our daemons are children of this shell,
# so after dying they stay zombies until reaped, and `kill -0` still succeeds
# on a zombie; is_running (lib.sh) looks at the process state instead.
_gone() { ! is_running "$1"; }

# _stop_pid PID NAME: TERM, up to 15 s to exit (dockerd stops its containers
# and containerd waits for shims), then KILL. Reaps it if it is our child.
_stop_pid() {
    local pid=$1
    [ -n "$pid" ] || return 0
    if ! _gone "$pid"; then
        kill -TERM "$pid" 2>/dev/null
        wait_until 15 _gone "$pid" || { echo "# $2 ignored TERM, killing" >&2; kill -KILL "$pid" 2>/dev/null; wait_until 5 _gone "$pid"; }
    fi
    wait "$pid" 2>/dev/null || true
}

# _pids_mentioning STRING: pids whose command line contains STRING, except this
# shell and its ancestors (a test runner may have the path in its arguments).
_pids_mentioning() {
    local keep=" " p=$BASHPID cmd d
    while [ -n "$p" ] && [ "$p" -gt 1 ]; do
        keep+="$p "
        p=$(awk '{print $4}' "/proc/$p/stat" 2>/dev/null)
    done
    for d in /proc/[0-9]*; do
        p=${d#/proc/}
        [[ "$keep" == *" $p "* ]] && continue
        cmd=$(tr '\0' ' ' 2>/dev/null < "$d/cmdline") || continue
        [[ "$cmd" == *"$1"* ]] && echo "$p"
    done
}

# _mounts_under DIR: mount points at or below DIR, deepest first. A child mount
# always has a longer path than its parent, so sorting by length is enough.
_mounts_under() {
    awk -v d="$1" '$5 == d || index($5, d "/") == 1 { print length($5), $5 }' /proc/self/mountinfo |
        sort -rn | cut -d' ' -f2- | while read -r m; do printf '%b\n' "$m"; done   # undo \040-style escapes
}

_unmount_all_under() {
    local pass m
    for pass in 1 2 3 4 5; do
        [ -n "$(_mounts_under "$1")" ] || return 0
        _mounts_under "$1" | while read -r m; do
            umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null
        done
    done
    [ -z "$(_mounts_under "$1")" ] || { echo "# still mounted under $1:" >&2; _mounts_under "$1" >&2; }
}

# _cgroup_dirs: every cgroup directory the engine made, children before parents.
_cgroup_dirs() { find /sys/fs/cgroup/*/ -depth -type d -path "*/$CGROUP_PARENT*" 2>/dev/null; }

_remove_cgroups() {
    local pass dir p
    for pass in $(seq 1 30); do
        [ -n "$(_cgroup_dirs)" ] || return 0
        while read -r dir; do
            # Anything still inside is an orphaned container process: a frozen
            # one cannot die until thawed, and a non-empty cgroup cannot go.
            [ -f "$dir/freezer.state" ] && echo THAWED > "$dir/freezer.state" 2>/dev/null
            for p in $(cat "$dir/cgroup.procs" 2>/dev/null); do kill -KILL "$p" 2>/dev/null; done
            rmdir "$dir" 2>/dev/null
        done < <(_cgroup_dirs)
        sleep 0.2
    done
    echo "# cgroups left:" >&2; _cgroup_dirs >&2
}

# Tears down everything this file created, in dependency order; every step
# tolerates the earlier ones having failed or never run.
engine_cleanup() {
    local rc=$? p
    trap - EXIT INT TERM
    if [ $rc -ne 0 ] && [ -d "$ENGINE_DIR" ]; then
        echo "# dockerd log (tail):" >&2; tail -n 25 "$ENGINE_DIR/dockerd.log" 2>/dev/null | sed 's/^/#   /' >&2
        echo "# containerd log (tail):" >&2; tail -n 10 "$CTRD_DIR/containerd.log" 2>/dev/null | sed 's/^/#   /' >&2
    fi
    [ -n "${TMUX_SOCK:-}" ] && tmux -S "$TMUX_SOCK" kill-server >/dev/null 2>&1
    # Containers first, while dockerd and the shims can still stop them cleanly.
    if [ -n "$DOCKERD_PID" ] && ! _gone "$DOCKERD_PID"; then
        local ids; ids=$(DK_TIMEOUT=20 dk ps -aq 2>/dev/null)
        [ -n "$ids" ] && DK_TIMEOUT=30 dk rm -f $ids >/dev/null 2>&1
    fi
    _stop_pid "$DOCKERD_PID" dockerd
    _stop_pid "$CTRD_PID" containerd
    # Shims outlive containerd by design (so containers survive a daemon
    # restart); ours name our containerd socket on their command line.
    for p in $(_pids_mentioning "$TEST_TMP/"); do
        grep -qa containerd-shim "/proc/$p/cmdline" 2>/dev/null && kill -TERM "$p" 2>/dev/null
    done
    sleep 0.5
    # Then anything else still naming our directory (a stray client, a tmux
    # server, a shim that ignored TERM).
    for p in $(_pids_mentioning "$TEST_TMP/"); do kill -KILL "$p" 2>/dev/null; done
    _remove_cgroups                      # also kills orphaned container processes
    _unmount_all_under "$TEST_TMP"
    # --one-file-system: never descend through a mount that refused to go.
    rm -rf --one-file-system "$ENGINE_DIR"
    rmdir "$TEST_TMP" 2>/dev/null        # only if no other test file is using it
    # containerd puts shim sockets in /run/containerd/s whatever its state dir;
    # dockerd likewise always creates /run/docker/plugins (plugin discovery).
    # Either tree, if it did not exist before us and is now empty, is ours.
    [ "$RUN_CONTAINERD_EXISTED" = 0 ] && [ -d /run/containerd ] && find /run/containerd -depth -type d -empty -delete 2>/dev/null
    [ "$RUN_DOCKER_EXISTED" = 0 ] && [ -d /run/docker ] && find /run/docker -depth -type d -empty -delete 2>/dev/null
    # Last, whatever lib.sh itself does at exit (it removes $TEST_TMP), unless
    # a mount refused to go: removing a tree through a live mount is unsafe.
    if [ -n "$LIB_EXIT_TRAP" ] && [ -z "$(_mounts_under "$TEST_TMP")" ]; then eval "$LIB_EXIT_TRAP"; fi
    return $rc
}

# Installs Debian's docker.io (dockerd, with containerd, its runc shim and runc
# as dependencies) when dockerd is missing. The package's postinst asks
# invoke-rc.d to start the docker service; a system dockerd is the last thing
# we want, so a policy-rc.d that forbids service starts is put in place for the
# install when the host has none. Success is judged by the binaries working,
# not by apt's exit status alone.
ensure_docker_installed() {
    local b missing=0
    for b in dockerd containerd containerd-shim-runc-v2 ctr; do command -v $b >/dev/null || missing=1; done
    [ $missing = 1 ] || return 0
    echo "# installing docker.io with apt-get"
    local policy=/usr/sbin/policy-rc.d made_policy=0 rc
    if [ ! -e $policy ]; then
        printf '#!/bin/sh\n# temporary, from Berth test_docker_engine.sh\nexit 101\n' > $policy && chmod +x $policy && made_policy=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends docker.io > "$TEST_TMP/apt.log" 2>&1
    rc=$?
    [ $made_policy = 1 ] && rm -f $policy
    [ $rc -eq 0 ] || { echo "# apt-get exited $rc:" >&2; tail -n 20 "$TEST_TMP/apt.log" >&2; }
    rm -f "$TEST_TMP/apt.log"
    for b in dockerd containerd containerd-shim-runc-v2 ctr; do
        command -v $b >/dev/null || { echo "# $b still missing after installing docker.io" >&2; return 1; }
    done
    dockerd --version >/dev/null && containerd --version >/dev/null || return 1
}

# The runtime path dockerd registers: $BERTH_RUNTIME itself, or the argv logger.
runtime_for_dockerd() {
    local real; real=$(realpath "$BERTH_RUNTIME")
    if [ -z "${DOCKER_ENGINE_ARGV_LOG:-}" ]; then echo "$real"; return; fi
    local log; log=$(realpath -m "$DOCKER_ENGINE_ARGV_LOG")
    mkdir -p "$log.d"
    cat > "$ENGINE_DIR/runtime-argv-logger" <<EOF
#!/bin/bash
# Logs how the shim invokes the runtime, then becomes the runtime. Writes only
# to the log, so the runtime's own stdio (which the shim reads) is untouched.
# The fds are read before any redirection here; 255 is bash's own script fd.
fds=""
for fd in /proc/\$\$/fd/*; do n=\${fd##*/}; [ "\$n" = 255 ] || fds+=" \$n->\$(readlink "\$fd")"; done
{
    printf '%s pid=%s ppid=%s cwd=%s\n  argv:' "\$(date +%T.%N)" "\$\$" "\$PPID" "\$PWD"
    printf ' %q' "\$0" "\$@"; echo
    echo "  fds:\$fds"
    printf '  env:'; env -0 | while IFS= read -r -d '' e; do printf ' %q' "\$e"; done; echo
} >> '$log'
prev=""
for a in "\$@"; do
    if [ "\$prev" = --bundle ] || [ "\$prev" = -b ]; then cp "\$a/config.json" '$log.d/'"\$(basename "\$a").config.json" 2>/dev/null; fi
    prev=\$a
done
exec '$real' "\$@"
EOF
    chmod +x "$ENGINE_DIR/runtime-argv-logger"
    echo "$ENGINE_DIR/runtime-argv-logger"
}

# True once the daemon answers; also true if it died, so that waiting stops
# at once (the caller then checks that it is still alive).
_containerd_answers() { _gone "$CTRD_PID" || timeout 5 ctr --address "$CTRD_SOCK" version; }
_dockerd_answers() { _gone "$DOCKERD_PID" || DK_TIMEOUT=5 dk version; }

engine_start() {
    if [ "${ENGINE_BERTH_RUNTIME:-0}" = 1 ]; then
        [ -x "$BERTH_RUNTIME" ] || { echo "# no runtime at $BERTH_RUNTIME (build it, or set BERTH_RUNTIME)" >&2; return 1; }
    fi
    [ -d "$BUSYBOX_ROOTFS" ] || { echo "# no busybox rootfs at $BUSYBOX_ROOTFS (scripts/make-busybox-rootfs.sh)" >&2; return 1; }
    ensure_docker_installed || return 1
    mkdir -p "$CTRD_DIR" "$DOCKER_CONFIG" || return 1

    # containerd: every path private. The CRI plugin is off (it would look for
    # CNI and pull a pause image); "opt" would otherwise create /opt/containerd.
    cat > "$CTRD_DIR/config.toml" <<EOF
version = 2
root = "$CTRD_DIR/root"
state = "$CTRD_DIR/state"
disabled_plugins = ["io.containerd.grpc.v1.cri"]
[grpc]
  address = "$CTRD_SOCK"
[ttrpc]
  address = "$CTRD_SOCK.ttrpc"
[debug]
  address = ""
[metrics]
  address = ""
[plugins."io.containerd.internal.v1.opt"]
  path = "$CTRD_DIR/opt"
EOF
    # Each daemon gets its own session (setsid), so a Ctrl-C aimed at the test
    # does not kill them under the cleanup that still needs them. setsid does
    # not fork here (a background job is no group leader), so $! is the daemon.
    setsid containerd --config "$CTRD_DIR/config.toml" </dev/null >"$CTRD_DIR/containerd.log" 2>&1 &
    CTRD_PID=$!
    wait_until 30 _containerd_answers && ! _gone "$CTRD_PID" || { echo "# containerd did not come up" >&2; return 1; }

    local runtime_flags=()
    if [ "${ENGINE_BERTH_RUNTIME:-0}" = 1 ]; then
        local runtime; runtime=$(runtime_for_dockerd) || return 1
        runtime_flags=(--add-runtime "berth=$runtime")
    fi
    # A private daemon.json, so the host's /etc/docker/daemon.json is never
    # read. The trust key would otherwise be created as /etc/docker/key.json
    # (20.10 accepts this setting only in the file, not as a flag).
    printf '{"deprecated-key-path": "%s"}\n' "$ENGINE_DIR/key.json" > "$ENGINE_DIR/daemon.json"
    # No bridge, iptables or masquerading: nothing touches the host network.
    # cgroupfs driver (there is no systemd) under a parent named after the run.
    setsid dockerd \
        --host "unix://$DOCKER_SOCK" \
        --containerd "$CTRD_SOCK" \
        --data-root "$ENGINE_DIR/data" \
        --exec-root "$ENGINE_DIR/exec" \
        --pidfile "$ENGINE_DIR/dockerd.pid" \
        --config-file "$ENGINE_DIR/daemon.json" \
        --storage-driver overlay2 \
        --iptables=false --ip-masq=false --bridge=none \
        --exec-opt native.cgroupdriver=cgroupfs \
        --cgroup-parent "/$CGROUP_PARENT" \
        "${runtime_flags[@]}" \
        </dev/null >"$ENGINE_DIR/dockerd.log" 2>&1 &
    DOCKERD_PID=$!
    wait_until 60 _dockerd_answers && ! _gone "$DOCKERD_PID" || { echo "# dockerd did not answer 'docker version'" >&2; return 1; }
    if [ "${ENGINE_BERTH_RUNTIME:-0}" = 1 ]; then
        dk info --format '{{json .Runtimes}}' | grep -q '"berth"' || { echo "# dockerd does not list runtime berth" >&2; return 1; }
    fi

    # The image is the same busybox tree the other tests use.
    tar -C "$BUSYBOX_ROOTFS" -c . | dk import - busybox >/dev/null || { echo "# docker import failed" >&2; return 1; }
}

# Replaces the EXIT trap with engine_cleanup, which runs the previous trap
# (lib.sh's) last. Not `defer`: each test's subshell inherits the _deferred
# list and runs it when the test ends, so a file-level defer would stop the
# engine after the first test.
install_engine_traps() {
    LIB_EXIT_TRAP=$(trap -p EXIT)
    LIB_EXIT_TRAP=${LIB_EXIT_TRAP#trap -- }; LIB_EXIT_TRAP=${LIB_EXIT_TRAP% EXIT}
    eval "LIB_EXIT_TRAP=$LIB_EXIT_TRAP"      # `trap -p` prints it shell-quoted
    trap engine_cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
}
