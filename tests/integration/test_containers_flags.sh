#!/usr/bin/env bash
# `docker run` / `create` flags through the real docker CLI (version 28)
# against berthd, checked where they take effect: inside the container
# (/proc, mounts, capabilities, environment), in its cgroup files, in its log
# files and in how the daemon stops it. Every expectation is Docker's.
#
# FLAGS_TEST_DAEMON=dockerd runs the same checks against a private Debian
# dockerd instead (tests/integration/dockerd.sh), to see what Docker does.
set -u
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/berthd.sh"

IMG=$TEST_PREFIX-bb:latest
DAEMON_SOCK=$BERTHD_SOCK
CLIENT_CONFIG=$BERTHD_DIR/client
CG_PARENT=$TEST_PREFIX                      # the daemon's cgroup parent
if [ "${FLAGS_TEST_DAEMON:-berthd}" = dockerd ]; then
    DOCKER_CLI=$DOCKER_CLI_28
    source "$(dirname "${BASH_SOURCE[0]}")/dockerd.sh"
    DAEMON_SOCK=$DOCKER_SOCK; CLIENT_CONFIG=$DOCKER_CONFIG; CG_PARENT=$CGROUP_PARENT
    bk() { DOCKER_CONFIG=$CLIENT_CONFIG timeout --foreground -k 5 "${BK_TIMEOUT:-120}" "$DOCKER_CLI_28" -H "unix://$DAEMON_SOCK" "$@"; }
fi
# The CLI as a plain command line, for tmux and for background clients that
# must receive signals themselves (timeout would not pass SIGUSR1 on).
DOCKER_CMD="env DOCKER_CONFIG=$CLIENT_CONFIG $DOCKER_CLI_28 -H unix://$DAEMON_SOCK"

ms() { local t=${EPOCHREALTIME/./}; echo $((t / 1000)); }
# crun CMD...: runs a shell command line in a throwaway container; extra flags
# go in RUN_FLAGS (an array), e.g. RUN_FLAGS=(--read-only) crun ...
crun() { bk run --rm "${RUN_FLAGS[@]}" "$IMG" sh -c "$*"; }
RUN_FLAGS=()
# mount_line PATH [FLAGS...]: "TYPE OPTIONS" of the mount at PATH in a container.
mount_line() {
    local p=$1; shift; RUN_FLAGS=("$@")
    crun "awk '\$2 == \"$p\" { print \$3, \$4 }' /proc/mounts" || echo "(docker run $* failed)"
}
# expect_opt "TYPE OPTIONS" OPT WHAT: OPT is one of the comma-separated options.
expect_opt() { [[ ",${1#* }," == *",$2,"* ]] || fail "$3: option [$2] not in [$1]"; }
# cgroup_file CONTROLLER ID FILE: a cgroup v1 file of a container.
cgroup_file() { cat "/sys/fs/cgroup/$1/$CG_PARENT/$2/$3" 2>/dev/null || echo "(no $1/$CG_PARENT/${2:0:12}/$3)"; }

test_log_rotation() {
    local name=$TEST_PREFIX-logrot log dir base files f out nums first
    local writer='i=1; while [ $i -le 300 ]; do echo "line $i 0123456789abcdef0123456789abcdef"; i=$((i+1)); done'
    bk run --name "$name" --log-opt max-size=1k --log-opt max-file=3 "$IMG" sh -c "$writer" >/dev/null || fail "run"
    defer bk rm -f "$name"
    log=$(bk inspect -f '{{.LogPath}}' "$name")
    [ -n "$log" ] && [ -f "$log" ] || fail "LogPath [$log] is not a file"
    dir=$(dirname "$log"); base=$(basename "$log")
    files=$(cd "$dir" && ls -d "$base"*)
    expect_eq "$(tr '\n' ' ' <<<"$files")" "$base $base.1 $base.2 " "three log files after ~30 KB of output"
    for f in $files; do
        [ "$(stat -c %s "$dir/$f")" -lt 2048 ] || fail "$f is $(stat -c %s "$dir/$f") bytes with max-size=1k"
    done
    out=$(bk logs "$name")
    expect_eq "$(tail -n 1 <<<"$out")" "line 300 0123456789abcdef0123456789abcdef" "logs ends with the newest line"
    nums=$(awk '{print $2}' <<<"$out"); first=$(head -n 1 <<<"$nums")
    expect_eq "$nums" "$(seq "$first" 300)" "logs is an unbroken tail"
    [ "$first" -gt 1 ] || fail "the oldest lines were not rotated away"
    expect_eq "$(bk logs --tail 2 "$name" | awk '{print $2}' | tr '\n' ' ')" "299 300 " "logs --tail 2"

    bk run --name "$name-gz" --log-opt max-size=1k --log-opt max-file=3 --log-opt compress=true "$IMG" sh -c "$writer" >/dev/null || fail "run compress"
    defer bk rm -f "$name-gz"
    log=$(bk inspect -f '{{.LogPath}}' "$name-gz")
    dir=$(dirname "$log"); base=$(basename "$log")
    # The newest rotated file is compressed in the background.
    wait_until 10 bash -c "cd '$dir' && [ \"\$(ls -d '$base'*)\" = \"\$(printf '%s\n' '$base' '$base.1.gz' '$base.2.gz')\" ]" \
        || fail "compressed rotation: $(cd "$dir" && ls -d "$base"* | tr '\n' ' '), expected $base $base.1.gz $base.2.gz"
    gzip -t "$log.1.gz" || fail "$base.1.gz is not gzip"
    expect_contains "$(gzip -dc "$log.1.gz" | head -n 1)" '"log":"line ' "a json-file record inside $base.1.gz"
    out=$(bk logs "$name-gz")
    expect_eq "$(tail -n 1 <<<"$out")" "line 300 0123456789abcdef0123456789abcdef" "compressed: logs ends with the newest line"
    nums=$(awk '{print $2}' <<<"$out"); first=$(head -n 1 <<<"$nums")
    expect_eq "$nums" "$(seq "$first" 300)" "compressed: logs reads through the .gz files without a gap"
}

test_tmpfs_read_only_shm() {
    local line out
    line=$(mount_line /scratch --tmpfs /scratch)
    expect_eq "${line%% *}" tmpfs "--tmpfs /scratch mount type"
    for o in rw nosuid nodev noexec; do expect_opt "$line" $o "--tmpfs /scratch"; done
    RUN_FLAGS=(--tmpfs /scratch)
    out=$(crun 'cp /bin/busybox /scratch/bb && { /scratch/bb true 2>/dev/null; echo exec=$?; }; stat -c %a /scratch')
    expect_eq "$out" $'exec=126\n1777' "tmpfs is writable, noexec, mode 1777"

    line=$(mount_line /scratch --tmpfs /scratch:size=1m,mode=1777)
    expect_eq "${line%% *}" tmpfs "--tmpfs with options: mount type"
    expect_opt "$line" size=1024k "--tmpfs /scratch:size=1m"
    RUN_FLAGS=(--tmpfs /scratch:size=1m,mode=1777 --tmpfs /private:mode=700)
    out=$(crun 'df -k /scratch | awk "NR == 2 { print \$2 }"; stat -c %a /scratch /private
              dd if=/dev/zero of=/scratch/big bs=1k count=2048 2>&1 | grep -o "No space left on device"')
    expect_eq "$out" $'1024\n1777\n700\nNo space left on device' "tmpfs size and mode honoured"

    RUN_FLAGS=(--read-only)
    out=$(crun '{ touch /x; touch /tmp/x; echo rc=$?; touch /dev/shm/x && echo shm-ok; } 2>&1')
    expect_eq "$out" $'touch: /x: Read-only file system\ntouch: /tmp/x: Read-only file system\nrc=1\nshm-ok' "--read-only"
    expect_eq "$(mount_line / --read-only | cut -d' ' -f2 | cut -d, -f1)" ro "--read-only: / mounted ro"
    RUN_FLAGS=(--read-only --tmpfs /tmp)
    out=$(crun '{ touch /x; touch /tmp/x && echo tmp-ok; } 2>&1')
    expect_eq "$out" $'touch: /x: Read-only file system\ntmp-ok' "--read-only --tmpfs /tmp"
    bk create --name "$TEST_PREFIX-ro" --read-only "$IMG" true >/dev/null || fail "create --read-only"
    defer bk rm -f "$TEST_PREFIX-ro"
    expect_eq "$(bk inspect -f '{{.HostConfig.ReadonlyRootfs}}' "$TEST_PREFIX-ro")" true "inspect ReadonlyRootfs"

    RUN_FLAGS=()
    expect_eq "$(crun 'df -k /dev/shm | awk "NR == 2 { print \$2 }"')" 65536 "default /dev/shm is 64 MB"
    RUN_FLAGS=(--shm-size 8m)
    expect_eq "$(crun 'df -k /dev/shm | awk "NR == 2 { print \$2 }"')" 8192 "--shm-size 8m"
    expect_opt "$(mount_line /dev/shm --shm-size 8m)" size=8192k "--shm-size 8m in /proc/mounts"
}

test_capabilities_and_privileges() {
    local caps='awk "/^(CapEff|CapBnd|NoNewPrivs):/ { printf \"%s \", \$2 }" /proc/self/status'
    RUN_FLAGS=();                       expect_eq "$(crun "$caps")" "00000000a80425fb 00000000a80425fb 0 " "default CapEff CapBnd NoNewPrivs"
    RUN_FLAGS=(--cap-drop ALL);         expect_eq "$(crun "$caps")" "0000000000000000 0000000000000000 0 " "--cap-drop ALL"
    RUN_FLAGS=(--cap-drop NET_RAW);     expect_eq "$(crun "$caps")" "00000000a80405fb 00000000a80405fb 0 " "--cap-drop NET_RAW"
    RUN_FLAGS=(--cap-add SYS_ADMIN);    expect_eq "$(crun "$caps")" "00000000a82425fb 00000000a82425fb 0 " "--cap-add SYS_ADMIN"
    RUN_FLAGS=(--cap-drop ALL --cap-add CHOWN); expect_eq "$(crun "$caps")" "0000000000000001 0000000000000001 0 " "--cap-drop ALL --cap-add CHOWN"
    RUN_FLAGS=(--security-opt no-new-privileges); expect_eq "$(crun "$caps")" "00000000a80425fb 00000000a80425fb 1 " "--security-opt no-new-privileges"
    RUN_FLAGS=(-u 65534);               expect_eq "$(crun "$caps")" "0000000000000000 00000000a80425fb 0 " "-u 65534: no effective capabilities"
    # The effect, not just the mask: without CAP_CHOWN root cannot chown.
    RUN_FLAGS=(--cap-drop CHOWN)
    expect_eq "$(crun 'touch /f; chown 65534 /f 2>&1')" "chown: /f: Operation not permitted" "--cap-drop CHOWN"

    # --privileged as root: every capability. A host whose bounding set lacks
    # some (a sandbox) cannot start that with Docker's runc either.
    local bnd full out
    bnd=$(awk '/^CapBnd:/ { print $2 }' /proc/self/status)
    full=$(printf '%016x' $(( (1 << ($(cat /proc/sys/kernel/cap_last_cap) + 1)) - 1 )))
    if [ "$bnd" = "$full" ]; then
        RUN_FLAGS=(--privileged); expect_eq "$(crun "$caps")" "$full $full 0 " "--privileged CapEff CapBnd"
    else
        echo "    # --privileged as root not run: this host's bounding set is $bnd, not $full"
    fi
    # As a non-root user --privileged gives no effective capabilities, but the
    # same host devices in /dev and writable /sys and /proc/sys.
    RUN_FLAGS=(--privileged -u 65534)
    expect_eq "$(crun 'awk "/^Cap(Prm|Eff):/ { printf \"%s \", \$2 }" /proc/self/status')" "0000000000000000 0000000000000000 " "--privileged -u 65534 CapPrm CapEff"
    local devs='[ -c /dev/loop-control ] && echo loop-control || echo none; ls /dev | wc -l'
    if [ -c /dev/loop-control ]; then
        RUN_FLAGS=(); out=$(crun "$devs")
        expect_eq "$(head -n 1 <<<"$out")" none "default /dev has no host devices"
        RUN_FLAGS=(--privileged -u 65534); out=$(crun "$devs")
        expect_eq "$(head -n 1 <<<"$out")" loop-control "--privileged /dev has the host's devices"
        [ "$(tail -n 1 <<<"$out")" -gt 30 ] || fail "--privileged /dev has only $(tail -n 1 <<<"$out") entries"
    fi
    expect_eq "$(mount_line /sys | cut -d' ' -f2 | cut -d, -f1)" ro "default /sys is read-only"
    expect_eq "$(mount_line /sys --privileged -u 65534 | cut -d' ' -f2 | cut -d, -f1)" rw "--privileged /sys is writable"
    expect_eq "$(mount_line /proc/sys | cut -d' ' -f2 | cut -d, -f1)" ro "default /proc/sys is read-only"
    expect_eq "$(mount_line /proc/sys --privileged -u 65534)" "" "--privileged /proc/sys is not remounted read-only"
}

test_stop_signal_and_timeout() {
    local name=$TEST_PREFIX-stop t0 elapsed
    bk run -d --name "$name-usr1" --stop-signal SIGUSR1 "$IMG" \
        sh -c 'trap "echo got-usr1; exit 0" USR1; echo ready; while true; do sleep 0.1; done' >/dev/null || fail "run --stop-signal"
    defer bk rm -f "$name-usr1" "$name-to"
    wait_until 10 bash -c "$DOCKER_CMD logs $name-usr1 | grep -q ready" || fail "not ready"
    expect_eq "$(bk inspect -f '{{.Config.StopSignal}}' "$name-usr1")" SIGUSR1 "inspect Config.StopSignal"
    bk stop "$name-usr1" >/dev/null || fail "stop"
    expect_eq "$(bk inspect -f '{{.State.ExitCode}}' "$name-usr1")" 0 "the USR1 trap ran and exited 0"
    expect_eq "$(bk logs "$name-usr1" | tail -n 1)" got-usr1 "the trap's marker"

    bk run -d --name "$name-to" --stop-timeout 1 "$IMG" sh -c 'trap "" TERM; echo ready; while true; do sleep 0.1; done' >/dev/null || fail "run --stop-timeout"
    wait_until 10 bash -c "$DOCKER_CMD logs $name-to | grep -q ready" || fail "not ready"
    expect_eq "$(bk inspect -f '{{.Config.StopTimeout}}' "$name-to")" 1 "inspect Config.StopTimeout"
    t0=$(ms)
    bk stop "$name-to" >/dev/null || fail "stop"
    elapsed=$(($(ms) - t0))
    expect_eq "$(bk inspect -f '{{.State.ExitCode}}' "$name-to")" 137 "TERM ignored: killed"
    [ "$elapsed" -ge 800 ] && [ "$elapsed" -lt 6000 ] || fail "stop with --stop-timeout 1 took ${elapsed} ms"
}

test_init() {
    if [ ! -e /usr/bin/tini-static ] && [ ! -e /usr/bin/docker-init ]; then
        echo "    # skipped: neither /usr/bin/tini-static nor /usr/bin/docker-init (apt install tini)"; return 0
    fi
    local name=$TEST_PREFIX-init t0
    RUN_FLAGS=()
    expect_eq "$(crun 'echo $$')" 1 "without --init the command is pid 1"
    RUN_FLAGS=(--init)
    expect_eq "$(crun 'cat /proc/1/comm; [ $$ != 1 ] && echo not-pid-1')" $'docker-init\nnot-pid-1' "--init is pid 1"
    expect_eq "$(crun 'tr "\0" "\n" < /proc/1/cmdline | head -n 2')" $'/sbin/docker-init\n--' "init's command line"
    # The init passes SIGTERM on: `sleep` dies of it at once (143), no 10 s wait.
    bk run -d --init --name "$name" "$IMG" sleep 300 >/dev/null || fail "run --init"
    defer bk rm -f "$name"
    expect_eq "$(bk inspect -f '{{.HostConfig.Init}}' "$name")" true "inspect HostConfig.Init"
    t0=$SECONDS
    bk stop "$name" >/dev/null || fail "stop"
    expect_eq "$(bk inspect -f '{{.State.ExitCode}}' "$name")" 143 "sleep under init died of TERM"
    [ $((SECONDS - t0)) -lt 5 ] || fail "stop took $((SECONDS - t0)) s"
}

test_cgroup_resources() {
    local name=$TEST_PREFIX-cg id
    bk run -d --name "$name" --memory 32m --memory-swap 64m --memory-reservation 16m \
        --cpu-shares 512 --cpuset-cpus 0 "$IMG" sleep 300 >/dev/null || fail "run with resources"
    bk run -d --name "$name-oom" --oom-kill-disable "$IMG" sleep 300 >/dev/null 2>&1 || fail "run --oom-kill-disable"
    defer bk rm -f "$name" "$name-oom"
    id=$(bk inspect -f '{{.Id}}' "$name")
    expect_eq "$(bk inspect -f '{{.HostConfig.Memory}} {{.HostConfig.MemorySwap}} {{.HostConfig.MemoryReservation}} {{.HostConfig.CpuShares}} {{.HostConfig.CpusetCpus}}' "$name")" \
        "33554432 67108864 16777216 512 0" "inspect HostConfig resources"
    expect_eq "$(cgroup_file memory "$id" memory.limit_in_bytes)" 33554432 "memory.limit_in_bytes"
    if [ -e /sys/fs/cgroup/memory/memory.memsw.limit_in_bytes ]; then
        expect_eq "$(cgroup_file memory "$id" memory.memsw.limit_in_bytes)" 67108864 "memory.memsw.limit_in_bytes"
    fi
    expect_eq "$(cgroup_file memory "$id" memory.soft_limit_in_bytes)" 16777216 "memory.soft_limit_in_bytes"
    expect_eq "$(cgroup_file cpu "$id" cpu.shares)" 512 "cpu.shares"
    expect_eq "$(cgroup_file cpuset "$id" cpuset.cpus)" 0 "cpuset.cpus"
    expect_eq "$(bk exec "$name" awk '/^Cpus_allowed_list:/ { print $2 }' /proc/self/status)" 0 "Cpus_allowed_list inside"
    id=$(bk inspect -f '{{.Id}}' "$name-oom")
    expect_eq "$(bk inspect -f '{{.HostConfig.OomKillDisable}}' "$name-oom")" true "inspect HostConfig.OomKillDisable"
    expect_eq "$(cgroup_file memory "$id" memory.oom_control | awk '$1 == "oom_kill_disable" { print $2 }')" 1 "memory.oom_control oom_kill_disable"
    id=$(bk inspect -f '{{.Id}}' "$name")
    expect_eq "$(cgroup_file memory "$id" memory.oom_control | awk '$1 == "oom_kill_disable" { print $2 }')" 0 "oom killer on by default"
}

test_sig_proxy_and_detach_keys() {
    local name=$TEST_PREFIX-sig pid session=$TEST_PREFIX-tmux
    local body='trap "echo got-usr1" USR1; echo ready; while true; do sleep 0.1; done'
    # Default --sig-proxy=true: the client passes SIGUSR1 to the container.
    $DOCKER_CMD run --name "$name" "$IMG" sh -c "$body" >"$TEST_TMP/sig.out" 2>&1 </dev/null &
    pid=$!
    defer "kill -9 $pid"
    defer bk rm -f "$name" "$name-off" "$name-tty"
    wait_until 10 grep -q ready "$TEST_TMP/sig.out" || fail "not ready: $(cat "$TEST_TMP/sig.out")"
    kill -USR1 "$pid"
    wait_until 5 grep -q got-usr1 "$TEST_TMP/sig.out" || fail "SIGUSR1 to the client did not reach the container"
    is_running "$pid" || fail "the client died of SIGUSR1"
    # --sig-proxy=false: the client keeps it; `docker kill -s USR1` still works.
    $DOCKER_CMD run --sig-proxy=false --name "$name-off" "$IMG" sh -c "$body" >"$TEST_TMP/sigoff.out" 2>&1 </dev/null &
    pid=$!
    defer "kill -9 $pid"
    wait_until 10 grep -q ready "$TEST_TMP/sigoff.out" || fail "not ready: $(cat "$TEST_TMP/sigoff.out")"
    kill -USR1 "$pid"
    sleep 1.5
    is_running "$pid" || fail "the client died of SIGUSR1"
    bk kill -s USR1 "$name-off" >/dev/null || fail "kill -s USR1"
    wait_until 5 grep -q got-usr1 "$TEST_TMP/sigoff.out" || fail "docker kill -s USR1 did not arrive"
    sleep 0.5
    expect_eq "$(grep -c got-usr1 "$TEST_TMP/sigoff.out")" 1 "--sig-proxy=false: only docker kill's USR1 arrived"

    # --detach-keys ctrl-x,x: Ctrl-P Ctrl-Q reach the shell, Ctrl-X x detaches.
    tmux new-session -d -s "$session" -x 100 -y 30 \
        "$DOCKER_CMD run -it --detach-keys ctrl-x,x --name $name-tty $IMG sh; echo DETACHED=\$? > $TEST_TMP/tty.out; sleep 60"
    defer tmux kill-session -t "$session"
    wait_until 10 bash -c "tmux capture-pane -t $session -p | grep -q '/ #'" || fail "no shell prompt"
    tmux send-keys -t "$session" C-p C-q
    sleep 1
    [ ! -e "$TEST_TMP/tty.out" ] || fail "Ctrl-P Ctrl-Q detached despite --detach-keys"
    tmux send-keys -t "$session" C-u 'echo still-$((6*7))' Enter
    wait_until 5 bash -c "tmux capture-pane -t $session -p | grep -q '^still-42'" || fail "shell not attached after Ctrl-P Ctrl-Q"
    tmux send-keys -t "$session" C-x x
    wait_until 5 test -s "$TEST_TMP/tty.out" || fail "Ctrl-X x did not detach"
    expect_eq "$(bk inspect -f '{{.State.Running}} {{.Config.AttachStdin}}' "$name-tty")" "true true" "still running after detach"
}

test_network_modes() {
    RUN_FLAGS=(--network none)
    expect_eq "$(crun 'ls /sys/class/net')" lo "--network none: only lo"
    expect_eq "$(crun 'awk "NR > 2 { sub(\":\", \"\", \$1); print \$1 }" /proc/net/dev')" lo "--network none: /proc/net/dev"
    RUN_FLAGS=(--network host)
    expect_eq "$(crun 'ls /sys/class/net' | tr '\n' ' ')" "$(ls /sys/class/net | tr '\n' ' ')" "--network host: the host's interfaces"
    expect_eq "$(crun 'awk "NR > 2 { sub(\":\", \"\", \$1); print \$1 }" /proc/net/dev' | sort | tr '\n' ' ')" \
        "$(awk 'NR > 2 { sub(":", "", $1); print $1 }' /proc/net/dev | sort | tr '\n' ' ')" "--network host: /proc/net/dev"
    expect_eq "$(crun hostname)" "$(hostname)" "--network host: the host's hostname"
    bk create --name "$TEST_PREFIX-net" --network none "$IMG" true >/dev/null || fail "create --network none"
    defer bk rm -f "$TEST_PREFIX-net"
    expect_eq "$(bk inspect -f '{{.HostConfig.NetworkMode}}' "$TEST_PREFIX-net")" none "inspect NetworkMode"
}

test_process_config() {
    local name=$TEST_PREFIX-cfg out
    printf 'FROM_FILE=yes\n# a comment\n\nSPACED=a b\nFOO=from-file\n' > "$TEST_TMP/env.list"
    RUN_FLAGS=(--env-file "$TEST_TMP/env.list" -e FOO=bar -e EMPTY= -e HOST_VAR)
    out=$(HOST_VAR=from-client crun 'echo "$FROM_FILE|$SPACED|$FOO|${EMPTY-unset}|$HOST_VAR|$PATH"')
    expect_eq "$out" "yes|a b|bar||from-client|/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" "-e, --env-file"
    RUN_FLAGS=(-w /work/new/dir)
    expect_eq "$(crun pwd)" /work/new/dir "-w creates and enters the directory"
    RUN_FLAGS=(-u 65534:65534)
    expect_eq "$(crun 'echo $(id -u):$(id -g); touch /f 2>&1')" $'65534:65534\ntouch: /f: Permission denied' "-u 65534:65534"
    RUN_FLAGS=(-u nobody)
    expect_eq "$(crun 'echo $(id -u):$(id -g)')" "65534:65534" "-u nobody"

    bk run --name "$name" --entrypoint /bin/echo --hostname flagged-host \
        -l "$TEST_PREFIX-a=one" --label "$TEST_PREFIX-b=two" "$IMG" hello world >"$TEST_TMP/ep.out" || fail "run --entrypoint"
    defer bk rm -f "$name" "$name-h"
    expect_eq "$(cat "$TEST_TMP/ep.out")" "hello world" "--entrypoint /bin/echo"
    expect_eq "$(bk inspect -f '{{json .Config.Entrypoint}} {{json .Config.Cmd}} {{.Path}}' "$name")" '["/bin/echo"] ["hello","world"] /bin/echo' "inspect entrypoint"
    expect_eq "$(bk inspect -f '{{.Config.Hostname}}' "$name")" flagged-host "inspect Config.Hostname"
    expect_eq "$(bk inspect -f "{{index .Config.Labels \"$TEST_PREFIX-a\"}} {{index .Config.Labels \"$TEST_PREFIX-b\"}}" "$name")" "one two" "inspect labels"
    expect_eq "$(bk ps -a --filter "label=$TEST_PREFIX-a=one" --format '{{.Names}}')" "$name" "ps --filter label=k=v"
    expect_eq "$(bk ps -a --filter "label=$TEST_PREFIX-b" --format '{{.Names}}')" "$name" "ps --filter label=k"
    expect_eq "$(bk ps -a --filter "label=$TEST_PREFIX-a=two" --format '{{.Names}}')" "" "ps --filter label, other value"
    bk run --name "$name-h" --hostname flagged-host "$IMG" sh -c 'hostname; cat /etc/hostname; echo $HOSTNAME' >"$TEST_TMP/h.out" || fail "run --hostname"
    expect_eq "$(cat "$TEST_TMP/h.out")" $'flagged-host\nflagged-host\nflagged-host' "--hostname inside"
}

if [ "${FLAGS_TEST_DAEMON:-berthd}" = dockerd ]; then
    install_engine_traps
    engine_start || { echo "not ok - private dockerd setup"; exit 1; }
else
    trap 'berthd_cleanup; rm -rf "$TEST_TMP"' EXIT
    berthd_start || { echo "not ok - berthd setup"; exit 1; }
fi
busybox_image "$IMG" || { echo "not ok - busybox image"; exit 1; }
run_tests test_log_rotation test_tmpfs_read_only_shm test_capabilities_and_privileges test_stop_signal_and_timeout \
    test_init test_cgroup_resources test_sig_proxy_and_detach_keys test_network_modes test_process_config
