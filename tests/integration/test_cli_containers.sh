#!/usr/bin/env bash
# The berth CLI's container commands, side by side with Docker's CLI.
#
# Both clients talk to the same daemon; every check runs the same command
# through each and compares stdout, stderr and the exit status (stderr with
# "docker" read as "berth"). Commands that make or change containers run on a
# container of each client's own: `@1` in a command stands for
# $TEST_PREFIX-d1 when docker runs it and $TEST_PREFIX-b1 when berth does,
# and both names read as `@1` again in the output. Container and image IDs,
# which differ between the two by nature, are compared as <ID> where a check
# asks for it. The requests themselves are compared too: a recording proxy
# sits in front of the daemon, and `create` must send the same body as
# Docker's client does, field for field.
#
# Environment:
#   BERTH_CLI=/path/to/berth       client under test (default .build/debug/berth,
#                                  else .build/release/berth)
#   TEST_DOCKER_HOST=unix:///sock  daemon to test against. Unset: this file
#                                  starts a private berthd (or, with
#                                  CLI_TEST_DAEMON=dockerd, a private Debian
#                                  dockerd) under $TEST_TMP and removes it at
#                                  the end. Set: everything this file makes is
#                                  named $TEST_PREFIX…, and only that is removed.
#   DOCKER_CLI=/path/to/docker     reference client (default /usr/local/bin/docker,
#                                  Docker 28, else docker on PATH)
#   CLI_CONTAINERS_TEST=skip       skip this file
#   CLI_CONTAINERS_TESTS="test_a …" run only these tests
set -u

if [ "${CLI_CONTAINERS_TEST:-}" = skip ]; then
    echo "# $(basename "$0"): skipped (CLI_CONTAINERS_TEST=skip)"
    exit 0
fi

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/cli_compare.sh"

P=$TEST_PREFIX
IMAGE=$P/bb:latest
FIXTURE=$P-fixture          # a long-running container both clients look at
TTY_FIXTURE=$P-ttyfixture   # the same with a TTY
RECORDER_PID=""
TMUX_SOCK=$TEST_TMP/tmux.sock

# The daemon's socket as the clients see it: through the recording proxy
# once it runs (set in start_recorder).
CLIENT_HOST=""
dk() { timeout --foreground -k 5 60 "$DOCKER_CLI" -H "$CLIENT_HOST" "$@"; }
bt() { timeout --foreground -k 5 60 "$BERTH_CLI" -H "$CLIENT_HOST" "$@"; }

# expand CLIENT ARG...: the arguments with @N replaced by CLIENT's container
# name, NUL-separated (for mapfile).
expand() {
    local client=$1 a n; shift
    for a in "$@"; do
        for n in 1 2 3 4 5; do a=${a//@$n/$P-$client$n}; done
        printf '%s\0' "$a"
    done
}

# Normalisation of an output file: both clients' names back to @N (a list
# may show the other client's containers too), and with NORMALIZE_IDS=1 the
# IDs that necessarily differ.
normalize() {
    local file=$1
    sed -i "s/$P-[db]\([0-9]\)/@\1/g" "$file"
    if [ "${NORMALIZE_IDS:-0}" = 1 ]; then
        sed -i 's/sha256:[0-9a-f]\{64\}/<ID>/g; s/[0-9a-f]\{64\}/<ID>/g; s/\b[0-9a-f]\{12\}\b/<SHORTID>/g' "$file"
    fi
}

# run_both ARGS...: as in test_cli_images.sh, with @N names; stdin from
# $STDIN_FILE when set (each client reads it afresh), else /dev/null.
run_both() {
    local -a dargs bargs
    mapfile -d '' dargs < <(expand d "$@")
    mapfile -d '' bargs < <(expand b "$@")
    local input=${STDIN_FILE:-/dev/null}
    dk "${dargs[@]}" <"$input" >"$TEST_TMP/docker.out" 2>"$TEST_TMP/docker.err"; echo $? >"$TEST_TMP/docker.rc"
    bt "${bargs[@]}" <"$input" >"$TEST_TMP/berth.out" 2>"$TEST_TMP/berth.err"; echo $? >"$TEST_TMP/berth.rc"
    sed -i 's/docker/berth/g; s/Docker/Berth/g; s/^SRun /Run /' "$TEST_TMP/docker.err"
    # Docker's cp logs (with a timestamp) the tar writer it abandons after a
    # refused destination; that log is no part of the command's answer.
    sed -i '/^time=".*" level=error msg="Can.t \(add file\|close tar writer\)/d' "$TEST_TMP/docker.err"
    normalize "$TEST_TMP/docker.out" d; normalize "$TEST_TMP/docker.err" d
    normalize "$TEST_TMP/berth.out" b; normalize "$TEST_TMP/berth.err" b
    # SORT_OUTPUT=1: lines the daemon sends in no fixed order (dockerd's changes).
    if [ "${SORT_OUTPUT:-0}" = 1 ]; then
        sort -o "$TEST_TMP/docker.out" "$TEST_TMP/docker.out"
        sort -o "$TEST_TMP/berth.out" "$TEST_TMP/berth.out"
    fi
}

# pair N ARGS...: a container named @N for each client, made by docker
# (`run -d ARGS`), for commands that act on their own container.
pair() {
    local n=$1 client; shift
    for client in d b; do
        dk run -d --name "$P-$client$n" "$@" >/dev/null || fail "docker run -d --name $P-$client$n $*"
    done
}

# remove_containers: the containers of the tests (@N), not the fixtures;
# with ALL=1, every container this run made.
remove_containers() {
    local ids
    if [ "${ALL:-0}" = 1 ]; then
        ids=$(dk ps -aq --filter "name=$P" 2>/dev/null)
    else
        ids=$(dk ps -aq --filter "name=$P-d" --filter "name=$P-b" 2>/dev/null)
    fi
    [ -n "$ids" ] && dk rm -f $ids >/dev/null 2>&1
    return 0
}

remove_images() {
    local refs
    refs=$(dk images --format '{{.Repository}}:{{.Tag}}' 2>/dev/null | grep "^$P/" | grep -v "^$IMAGE$")
    [ -n "$refs" ] && dk rmi -f $refs >/dev/null 2>&1
    return 0
}

# The recording proxy: every request either client makes is kept, so that
# tests can compare what was sent.
start_recorder() {
    python3 "$REPO_ROOT/tests/tools/api-recorder.py" serve "$TEST_TMP/recorder.sock" "${DAEMON_HOST#unix://}" \
        "$TEST_TMP/requests" >"$TEST_TMP/recorder.log" 2>&1 &
    RECORDER_PID=$!
    wait_until 10 test -S "$TEST_TMP/recorder.sock" || return 1
    CLIENT_HOST=unix://$TEST_TMP/recorder.sock
}

# requests_since N: the requests recorded on connections N and later.
recorded_count() { python3 "$REPO_ROOT/tests/tools/api-recorder.py" count "$TEST_TMP/requests"; }
requests_since() { python3 "$REPO_ROOT/tests/tools/api-recorder.py" dump "$TEST_TMP/requests" --since "$1"; }

prepare() {
    local rootfs=$BUSYBOX_ROOTFS
    if [ ! -d "$rootfs" ]; then
        rootfs=$TEST_TMP/busybox-rootfs
        bash "$REPO_ROOT/scripts/make-busybox-rootfs.sh" "$rootfs" >/dev/null || return 1
    fi
    tar -C "$rootfs" -c . | dk import -c 'CMD ["sh"]' - "$IMAGE" >/dev/null || { echo "# import failed" >&2; return 1; }
    dk run -d --name "$FIXTURE" -l "$P.role=fixture" "$IMAGE" \
        sh -c 'echo out1; echo err1 >&2; echo out2; mkdir -p /data/dir/inner; echo x > /data/dir/f; echo y > /data/dir/inner/g; ln -s f /data/dir/lnk; echo top > /data/file; rm /etc/group; exec sleep 100000' \
        >/dev/null || return 1
    dk run -d -t --name "$TTY_FIXTURE" "$IMAGE" sh -c 'echo tty-out; echo tty-err >&2; exec sleep 100000' >/dev/null || return 1
    wait_until 10 sh -c "'$DOCKER_CLI' -H '$CLIENT_HOST' exec '$FIXTURE' test -f /data/file"
}

# --- tests ---------------------------------------------------------------

test_run_exit_codes() {
    defer remove_containers
    same_status 0 run --rm "$IMAGE" echo hello
    same_status 42 run --rm "$IMAGE" sh -c 'echo out; echo err >&2; exit 42'
    same_status 127 run --rm "$IMAGE" nosuchcommand
    same_status 126 run --rm "$IMAGE" /etc
    same_status 125 run --rm --memory abc "$IMAGE" true
    same_status 125 run --rm --restart always "$IMAGE" true
    same_status 125 run --restart on-failure:x "$IMAGE" true
    same_status 125 run --ulimit nofile=x "$IMAGE" true
    same_status 125 run --cpus 1/3 "$IMAGE" true
    same_status 125 run -p 80:80:80:x "$IMAGE" true
    same_status 125 run --pull sometimes "$IMAGE" true
    same_status 125 run --nosuchflag "$IMAGE" true
    same_status 125 run --rm 127.0.0.1:9/nosuch:v1 true
    same_status 125 run --rm UPPERCASE
    same_status 1 run
    same_status 0 run --rm -e A=b -w /tmp -u 1000:1000 --hostname hh "$IMAGE" sh -c 'echo $A; pwd; id; hostname'
    same_status 0 run --rm --entrypoint echo "$IMAGE" -n from-entrypoint
    same_status 0 run --rm "$IMAGE" sh -c 'echo -n args: "$@"' sh -l --x
    same_status 1 run -it "$IMAGE" true
    same_status 0 run --rm -t "$IMAGE" echo with-a-tty
    STDIN_FILE=$REPO_ROOT/README.md same_status 3 run --rm -i "$IMAGE" sh -c 'wc -l; exit 3'
}

test_run_remove_and_detach() {
    defer remove_containers
    ONCE=1 same_status 0 run --rm --name @1 "$IMAGE" true
    [ -z "$(dk ps -aq --filter "name=$P-b1")" ] || fail "run --rm left its container"
    NORMALIZE_IDS=1 ONCE=1 same_status 0 run -d --name @2 -l "$P.x=y" "$IMAGE" sleep 1000
    expect_eq "$(dk inspect -f '{{.State.Running}} {{index .Config.Labels "'$P'.x"}}' "$P-b2")" "true y" "the detached container"
    NORMALIZE_IDS=1 same_status 125 run -d --name @2 "$IMAGE" true
    # The ID is printed even when the start fails.
    NORMALIZE_IDS=1 ONCE=1 same_status 127 run -d --name @3 "$IMAGE" nosuchcommand
    local cid=$TEST_TMP/cidfile
    bt run --rm --cidfile "$cid" "$IMAGE" true || fail "run --cidfile"
    [[ "$(cat "$cid")" =~ ^[0-9a-f]{64}$ ]] || fail "--cidfile holds [$(cat "$cid")]"
    same_status 125 run --rm --cidfile "$cid" "$IMAGE" true
    NORMALIZE_IDS=1 ONCE=1 same_status 0 create --name @4 "$IMAGE" true
    NORMALIZE_IDS=1 ONCE=1 same_status 0 create --name @5 "$IMAGE" true
    NORMALIZE_IDS=1 same_status 1 create --name @5 "$IMAGE" true
    same_status 125 create --restart no:x "$IMAGE"
}

# The create body, compared field for field with Docker's client's.
test_create_body() {
    defer remove_containers
    local mark flags=(
        --name @1 -e A=b --env-file "$TEST_TMP/env" -l x=y --label-file "$TEST_TMP/labels" -w /tmp -u 1000 --hostname h
        --entrypoint sh --restart on-failure:3 --stop-signal TERM --stop-timeout 5 --init --read-only --tmpfs /run:size=1m
        --cap-add net_admin --cap-drop chown --security-opt no-new-privileges --ulimit nofile=10:20 --ulimit core=0
        --memory 32m --memory-swap 64m --memory-reservation 16m --cpus 0.5 --cpu-shares 512 --cpuset-cpus 0 --pids-limit 10
        --oom-kill-disable --shm-size 1m --log-driver json-file --log-opt max-size=1m -p 127.0.0.1:8080:80 -p 9000-9001:9000-9001/udp
        --expose 7000 -v /tmp:/data:ro -v /anonymous --network none --dns 8.8.8.8 --add-host h1:10.0.0.1 -i -t
        --health-cmd 'true' --health-interval 5s --mount type=tmpfs,target=/scratch,tmpfs-size=1m --device-cgroup-rule 'c 1:3 rwm'
        --cidfile "$TEST_TMP/@1.cid" --sysctl net.ipv4.ip_forward=1 --group-add 100 --privileged
    )
    printf 'FROMFILE=1\n# comment\n' > "$TEST_TMP/env"
    printf 'filelabel=1\n' > "$TEST_TMP/labels"
    _body() { # CLIENT: the create requests that client sent since $mark, names read as @N
        requests_since "$mark" | grep -A1 '^POST /v[0-9.]*/containers/create' | grep -v '^--$' | sed "s/$P-$1\([0-9]\)/@\1/g"
    }
    mark=$(( $(recorded_count) + 1 ))
    dk create "${flags[@]//@1/$P-d1}" "$IMAGE" sh -c 'sleep 1' >/dev/null 2>&1 || fail "docker create"
    local docker_body; docker_body=$(_body d)
    mark=$(( $(recorded_count) + 1 ))
    bt create "${flags[@]//@1/$P-b1}" "$IMAGE" sh -c 'sleep 1' >/dev/null 2>&1 || fail "berth create"
    local berth_body; berth_body=$(_body b)
    [ -n "$docker_body" ] || fail "no create request recorded from docker"
    expect_eq "$berth_body" "$docker_body" "create request"
    # The run -it body (console size 0x0 without a terminal), and run -d's.
    for extra in "-d" "--rm"; do
        mark=$(( $(recorded_count) + 1 ))
        dk run $extra --name "$P-d2" "$IMAGE" true >/dev/null 2>&1
        docker_body=$(_body d)
        mark=$(( $(recorded_count) + 1 ))
        bt run $extra --name "$P-b2" "$IMAGE" true >/dev/null 2>&1
        berth_body=$(_body b)
        expect_eq "$berth_body" "$docker_body" "run $extra create request"
        dk rm -f "$P-d2" "$P-b2" >/dev/null 2>&1
    done
}

test_interactive_tty_detach_and_attach() {
    command -v tmux >/dev/null || { echo "    (no tmux; skipped)"; return 0; }
    defer remove_containers
    defer "tmux -S '$TMUX_SOCK' kill-server"
    local client cli rc screen
    for client in d b; do
        [ $client = d ] && cli=$DOCKER_CLI || cli=$BERTH_CLI
        # A 30x100 terminal: the container sees that size (resize after start).
        tmux -S "$TMUX_SOCK" new-session -d -s "run$client" -x 100 -y 30 \
            "'$cli' -H '$CLIENT_HOST' run -it --name $P-${client}1 '$IMAGE' sh; echo rc=\$? > '$TEST_TMP/run$client.rc'; sleep 60"
        wait_until 10 sh -c "tmux -S '$TMUX_SOCK' capture-pane -p -t run$client | grep -q '/ #'" || fail "no prompt in run -it ($client)"
        tmux -S "$TMUX_SOCK" send-keys -t "run$client" 'echo hello-$((6*7)); stty size' Enter
        wait_until 10 sh -c "tmux -S '$TMUX_SOCK' capture-pane -p -t run$client | grep -q '^30 100'" || fail "no answer in run -it ($client)"
        tmux -S "$TMUX_SOCK" send-keys -t "run$client" C-p C-q
        wait_until 10 test -s "$TEST_TMP/run$client.rc" || fail "run -it did not end on Ctrl-P Ctrl-Q ($client)"
        tmux -S "$TMUX_SOCK" capture-pane -p -t "run$client" | sed '/^$/d' > "$TEST_TMP/run$client.screen"
        expect_eq "$(dk inspect -f '{{.State.Running}}' "$P-${client}1")" true "container still running after detach ($client)"
    done
    expect_eq "$(cat "$TEST_TMP/runb.rc")" "$(cat "$TEST_TMP/rund.rc")" "exit status of run -it after detach"
    expect_eq "$(cat "$TEST_TMP/runb.screen")" "$(cat "$TEST_TMP/rund.screen")" "run -it screen"
    expect_contains "$(cat "$TEST_TMP/runb.screen")" "hello-42" "run -it screen"

    # attach, detach with custom keys (Docker says "read escape sequence"), attach again and exit 3.
    for client in d b; do
        [ $client = d ] && cli=$DOCKER_CLI || cli=$BERTH_CLI
        tmux -S "$TMUX_SOCK" new-session -d -s "attach$client" -x 80 -y 20 \
            "'$cli' -H '$CLIENT_HOST' attach --detach-keys ctrl-a,x $P-${client}1; echo rc=\$? > '$TEST_TMP/attach$client.rc'; sleep 60"
        sleep 1
        tmux -S "$TMUX_SOCK" send-keys -t "attach$client" 'stty size' Enter
        wait_until 10 sh -c "tmux -S '$TMUX_SOCK' capture-pane -p -t attach$client | grep -q '^20 80'" || fail "attach: no resize ($client)"
        tmux -S "$TMUX_SOCK" send-keys -t "attach$client" C-a x
        wait_until 10 test -s "$TEST_TMP/attach$client.rc" || fail "attach did not detach ($client)"
        tmux -S "$TMUX_SOCK" capture-pane -p -t "attach$client" | sed '/^$/d' > "$TEST_TMP/attach$client.screen"
        tmux -S "$TMUX_SOCK" new-session -d -s "exit$client" -x 80 -y 20 \
            "'$cli' -H '$CLIENT_HOST' attach $P-${client}1; echo rc=\$? > '$TEST_TMP/exit$client.rc'; sleep 60"
        sleep 1
        tmux -S "$TMUX_SOCK" send-keys -t "exit$client" 'exit 3' Enter
        wait_until 10 test -s "$TEST_TMP/exit$client.rc" || fail "attach did not end when the shell exited ($client)"
    done
    sed -i 's/docker/berth/g' "$TEST_TMP/attachd.screen"
    expect_eq "$(cat "$TEST_TMP/attachb.rc")" "$(cat "$TEST_TMP/attachd.rc")" "exit status of attach after detach"
    expect_eq "$(cat "$TEST_TMP/attachb.screen")" "$(cat "$TEST_TMP/attachd.screen")" "attach screen"
    expect_eq "$(cat "$TEST_TMP/exitb.rc")" "rc=3" "exit status of attach when the container exits"
    expect_eq "$(cat "$TEST_TMP/exitd.rc")" "rc=3" "exit status of docker attach when the container exits"
}

# exec -it in a terminal: the size, the exit status, and the detach keys.
test_exec_tty() {
    command -v tmux >/dev/null || { echo "    (no tmux; skipped)"; return 0; }
    defer "tmux -S '$TMUX_SOCK' kill-server"
    local client cli
    for client in d b; do
        [ $client = d ] && cli=$DOCKER_CLI || cli=$BERTH_CLI
        tmux -S "$TMUX_SOCK" new-session -d -s "exec$client" -x 70 -y 15 \
            "'$cli' -H '$CLIENT_HOST' exec -it '$FIXTURE' sh; echo rc=\$? > '$TEST_TMP/exec$client.rc'; sleep 60"
        wait_until 10 sh -c "tmux -S '$TMUX_SOCK' capture-pane -p -t exec$client | grep -q '/ #'" || fail "no prompt in exec -it ($client)"
        tmux -S "$TMUX_SOCK" send-keys -t "exec$client" 'stty size; exit 5' Enter
        wait_until 10 test -s "$TEST_TMP/exec$client.rc" || fail "exec -it did not end ($client)"
        tmux -S "$TMUX_SOCK" capture-pane -p -t "exec$client" | sed '/^$/d' > "$TEST_TMP/exec$client.screen"
        tmux -S "$TMUX_SOCK" new-session -d -s "execdetach$client" -x 70 -y 15 \
            "'$cli' -H '$CLIENT_HOST' exec -it '$FIXTURE' sh; echo rc=\$? > '$TEST_TMP/execdetach$client.rc'; sleep 60"
        wait_until 10 sh -c "tmux -S '$TMUX_SOCK' capture-pane -p -t execdetach$client | grep -q '/ #'" || fail "no prompt ($client)"
        tmux -S "$TMUX_SOCK" send-keys -t "execdetach$client" C-p C-q
        wait_until 10 test -s "$TEST_TMP/execdetach$client.rc" || fail "exec -it did not detach ($client)"
        tmux -S "$TMUX_SOCK" capture-pane -p -t "execdetach$client" | sed '/^$/d' > "$TEST_TMP/execdetach$client.screen"
    done
    sed -i 's/docker/berth/g' "$TEST_TMP/execdetachd.screen"
    expect_eq "$(cat "$TEST_TMP/execb.rc")" "rc=5" "exit status of exec -it"
    expect_eq "$(cat "$TEST_TMP/execb.screen")" "$(cat "$TEST_TMP/execd.screen")" "exec -it screen"
    expect_contains "$(cat "$TEST_TMP/execb.screen")" "15 70" "exec -it terminal size"
    expect_eq "$(cat "$TEST_TMP/execdetachb.rc")" "$(cat "$TEST_TMP/execdetachd.rc")" "exit status of exec -it after detach"
    expect_eq "$(cat "$TEST_TMP/execdetachb.screen")" "$(cat "$TEST_TMP/execdetachd.screen")" "exec -it detach screen"
}

# A signal to the attached client reaches the container (--sig-proxy, the
# default), which may handle it; with --sig-proxy=false it ends the client.
test_signal_proxy() {
    defer remove_containers
    local client cli pid
    for client in d b; do
        [ $client = d ] && cli=$DOCKER_CLI || cli=$BERTH_CLI
        "$cli" -H "$CLIENT_HOST" run --rm --name "$P-${client}1" "$IMAGE" \
            sh -c 'trap "echo got TERM; exit 9" TERM; echo ready; while :; do sleep 0.1; done' \
            > "$TEST_TMP/signal$client.out" 2>&1 &
        pid=$!
        wait_until 10 grep -q ready "$TEST_TMP/signal$client.out" || { kill -KILL $pid; fail "container not ready ($client)"; }
        kill -TERM $pid
        wait $pid; echo "rc=$?" >> "$TEST_TMP/signal$client.out"
    done
    expect_eq "$(cat "$TEST_TMP/signalb.out")" "$(cat "$TEST_TMP/signald.out")" "output and status after SIGTERM"
    expect_eq "$(cat "$TEST_TMP/signalb.out")" "ready
got TERM
rc=9" "output and status after SIGTERM"
}

test_logs() {
    same_status 0 logs "$FIXTURE"
    same_status 0 logs --tail 1 "$FIXTURE"
    same_status 0 logs -n 2 -t "$FIXTURE"
    same_status 0 logs --since 2000-01-01T00:00:00Z --details "$FIXTURE"
    same_status 0 logs "$TTY_FIXTURE"
    same_status 1 logs "$P-nosuch"
    same_status 1 logs --since 10x "$FIXTURE"
    same_status 1 logs
    same_status 1 logs a b
    defer remove_containers
    pair 1 "$IMAGE" sh -c 'echo one; echo two >&2'
    dk wait "$P-d1" "$P-b1" >/dev/null
    same_status 0 logs -f @1
}

test_exec() {
    same_status 0 exec "$FIXTURE" echo hi
    same_status 7 exec "$FIXTURE" sh -c 'echo a; echo b >&2; exit 7'
    same_status 126 exec "$FIXTURE" nosuchcommand
    same_status 1 exec "$P-nosuch" true
    same_status 1 exec "$FIXTURE"
    same_status 0 exec -e A=b -w /tmp -u 1000 "$FIXTURE" sh -c 'echo $A; pwd; id -u'
    same_status 0 exec -d "$FIXTURE" sleep 1
    same_status 0 exec -t "$FIXTURE" echo with-a-tty
    same_status 1 exec -it "$FIXTURE" true
    STDIN_FILE=$REPO_ROOT/README.md same_status 0 exec -i "$FIXTURE" sh -c 'wc -c'
    defer remove_containers
    pair 1 "$IMAGE" true
    dk wait "$P-d1" "$P-b1" >/dev/null
    NORMALIZE_IDS=1 same_status 1 exec @1 true
}

test_ps() {
    defer remove_containers
    pair 1 -l "$P.ps=1" "$IMAGE" sleep 1000
    pair 2 -l "$P.ps=1" "$IMAGE" sh -c 'exit 3'
    dk wait "$P-d2" "$P-b2" >/dev/null
    local f="label=$P.ps=1"
    same_status 0 ps --filter "$f"
    same_status 0 ps -a --filter "$f"
    same_status 0 ps -a --no-trunc --filter "$f"
    same_status 0 ps -a -s --filter "$f"
    same_status 0 ps -aq --filter "$f"
    same_status 0 ps -a --filter "$f" --filter status=exited
    same_status 0 container ls -a --filter "$f" --format '{{.Names}} {{.Status}} {{.Command}} {{.Label "'$P'.ps"}}'
    same_status 0 container list -a --filter "$f" --format 'table {{.ID}}\t{{.Image}}\t{{.Label "'$P'.ps"}}'
    same_status 0 container ps -a --filter "$f" --format json
    same_status 0 ps -a --filter "$f" --format '{{json .}}'
    same_status 0 ps -a --filter "$f" --format raw
    same_status 0 ps -a -q --format '{{.Names}}' --filter "$f"
    same_status 0 ps -n 1 --filter "$f"
    same_status 0 ps -l --filter "$f"
    same_status 125 ps -x
    same_status 125 ps --filter nonsense
    same_status 1 ps foo
    same_status 1 ps --format '{{.Nope}}'
    same_status 1 ps --format '{{.ID'
    same_status 1 ps --filter bad=1
}

test_inspect() {
    same_status 0 inspect "$FIXTURE"
    same_status 0 container inspect "$FIXTURE" "$TTY_FIXTURE"
    same_status 0 inspect -f '{{.State.Status}} {{.Config.Cmd}} {{.HostConfig.RestartPolicy.Name}} {{.HostConfig.RestartPolicy.MaximumRetryCount}} {{.Name}}' "$FIXTURE"
    same_status 0 container inspect -s -f '{{.SizeRw}} {{.Config.Tty}}' "$TTY_FIXTURE"
    same_status 0 inspect --type image -f '{{.Id}}' "$IMAGE"
    same_status 0 inspect -f '{{.Id}}' "$IMAGE" "$FIXTURE"
    same_status 1 inspect "$P-nosuch"
    same_status 1 container inspect "$IMAGE"
    same_status 1 inspect -f '{{.Nope}}' "$FIXTURE"
    same_status 64 inspect -f '{{.Id' "$FIXTURE"
    same_status 1 inspect --type nonsense "$FIXTURE"
}

test_wait() {
    defer remove_containers
    pair 1 "$IMAGE" sh -c 'exit 3'
    pair 2 "$IMAGE" sh -c 'sleep 1; exit 5'
    same_status 0 wait @1
    ONCE=1 same_status 0 wait @2 @1
    same_status 1 wait "$P-nosuch"
    same_status 1 wait
}

test_lifecycle() {
    defer remove_containers
    pair 1 "$IMAGE" sleep 1000
    ONCE=1 same_status 0 pause @1
    NORMALIZE_IDS=1 same_status 1 pause @1
    ONCE=1 same_status 0 unpause @1
    ONCE=1 same_status 0 stop -t 1 @1
    expect_eq "$(dk inspect -f '{{.State.Status}}' "$P-b1")" exited "state after berth stop"
    ONCE=1 same_status 0 start @1
    ONCE=1 same_status 0 restart -t 0 @1
    ONCE=1 same_status 0 kill -s USR1 @1
    ONCE=1 same_status 0 kill @1
    NORMALIZE_IDS=1 same_status 1 kill @1
    same_status 1 stop "$P-nosuch"
    same_status 1 start "$P-nosuch"
    same_status 1 stop --time 1 --timeout 1 @1
    same_status 125 stop -t x @1
    ONCE=1 same_status 0 rename @1 @2
    same_status 1 rename @2 "$FIXTURE"
    same_status 1 rename "$P-nosuch" x
    same_status 1 rename "" x
    pair 3 "$IMAGE" sleep 1000
    NORMALIZE_IDS=1 same_status 1 rm @3
    ONCE=1 same_status 0 rm -f @3 @2
    same_status 0 rm -f "$P-nosuch"
    same_status 1 rm "$P-nosuch"
    same_status 1 rm
    dk create --name "$P-d4" "$IMAGE" sh -c 'echo started; exit 4' >/dev/null
    dk create --name "$P-b4" "$IMAGE" sh -c 'echo started; exit 4' >/dev/null
    ONCE=1 same_status 4 start -a @4
    same_status 1 start -a @4 "$FIXTURE"
    same_status 1 attach @4
    same_status 1 attach "$P-nosuch"
}

test_top_port_diff() {
    same_status 0 top "$FIXTURE"
    same_status 0 top "$FIXTURE" -o pid,comm
    same_status 1 top "$P-nosuch"
    same_status 0 port "$FIXTURE"
    same_status 1 port "$FIXTURE" 80
    same_status 1 port "$FIXTURE" abc
    same_status 1 port "$FIXTURE" 1 2
    SORT_OUTPUT=1 same_status 0 diff "$FIXTURE"
    same_status 1 diff "$P-nosuch"
}

test_stats() {
    local format='{{.Container}} {{.Name}} {{.ID}} {{.PIDs}}'
    same_status 0 stats --no-stream --format "$format" "$FIXTURE"
    same_status 0 stats --no-stream --format "table $format" "$FIXTURE" "$TTY_FIXTURE"
    same_status 0 stats --no-stream --no-trunc --format '{{.ID}}' "$FIXTURE"
    same_status 1 stats --no-stream "$P-nosuch" "$FIXTURE"
    local out
    out=$(bt stats --no-stream "$FIXTURE") || fail "berth stats --no-stream"
    expect_contains "$out" "CONTAINER ID   NAME" "stats table"
    expect_contains "$out" "MEM USAGE / LIMIT" "stats table"
}

test_update() {
    defer remove_containers
    pair 1 "$IMAGE" sleep 1000
    ONCE=1 same_status 0 update --memory 64m --memory-swap 128m --restart on-failure:2 @1
    expect_eq "$(dk inspect -f '{{.HostConfig.Memory}} {{.HostConfig.RestartPolicy.Name}}' "$P-b1")" "67108864 on-failure" "update"
    same_status 1 update @1
    same_status 1 update --cpus 0.5 "$P-nosuch"
    same_status 125 update --memory x @1
}

test_copy() {
    defer remove_containers
    defer "rm -rf '$TEST_TMP/cp'"
    local d=$TEST_TMP/cp spec src dst client
    mkdir -p "$d/src/sub"
    echo hello > "$d/src/a.txt"; echo deep > "$d/src/sub/b.txt"; ln -s a.txt "$d/src/link"; chmod 640 "$d/src/a.txt"
    _tree() { (cd "$1" && find . -printf '%p %y %m %s %l\n' | sort); }
    # From the container.
    for spec in "/data/dir|out" "/data/dir/|out" "/data/dir/.|out" "/data/file|out" "/data/file|." "/data/dir|." \
                "/data/dir/lnk|lnk" "/data/file|exists" "/data/dir|exists" "/data/file|missing/" "/data/nosuch|x"; do
        src=${spec%%|*} dst=${spec##*|}
        for client in docker berth; do
            rm -rf "$d/$client"; mkdir -p "$d/$client"; echo old > "$d/$client/exists"
            ( cd "$d/$client" && if [ $client = docker ]; then dk cp "$FIXTURE:$src" "$dst"; else bt cp "$FIXTURE:$src" "$dst"; fi \
                > "$d/$client.out" 2>&1; echo "rc=$?" >> "$d/$client.out" )
        done
        sed -i 's/docker/berth/g' "$d/docker.out"
        expect_eq "$(cat "$d/berth.out")" "$(cat "$d/docker.out")" "cp $FIXTURE:$src $dst output"
        expect_eq "$(_tree "$d/berth")" "$(_tree "$d/docker")" "cp $FIXTURE:$src $dst result"
    done
    ( cd "$d/berth" && bt cp -L "$FIXTURE:/data/dir/lnk" followed ) || fail "cp -L"
    expect_eq "$(cat "$d/berth/followed")" x "cp -L copies the link's target"
    expect_eq "$(bt cp "$FIXTURE:/data/dir" - | tar -tvf - | sort)" "$(dk cp "$FIXTURE:/data/dir" - | tar -tvf - | sort)" "cp to stdout"
    # Into the container.
    pair 1 "$IMAGE" sleep 1000
    _ctree() { dk exec "$1" sh -c 'cd /tmp && find . | sort | xargs ls -ld 2>/dev/null' | awk '{print $1, $3, $4, $5, $NF}'; }
    for spec in "src|/tmp/t" "src/|/tmp/t/" "src/.|/tmp/t" "src/.|/tmp" "src/a.txt|/tmp/" "src/a.txt|/tmp/renamed" \
                "src/link|/tmp/lk" "src/a.txt|/nosuchdir/" "nosuch|/tmp/" "src|/etc/hostname"; do
        src=${spec%%|*} dst=${spec##*|}
        ONCE=1 same cp "$d/$src" "@1:$dst"
        expect_eq "$(_ctree "$P-b1")" "$(_ctree "$P-d1")" "cp $src @1:$dst result"
    done
    ONCE=1 same_status 0 cp -a "$d/src/a.txt" "@1:/tmp/archived"
    tar -C "$d/src" -cf "$d/src.tar" .
    STDIN_FILE=$d/src.tar ONCE=1 same_status 0 cp - "@1:/root"
    expect_eq "$(_ctree "$P-b1")" "$(_ctree "$P-d1")" "cp - result"
    STDIN_FILE=$d/src.tar same_status 1 cp - "@1:/etc/hostname"
    same_status 1 cp "$d/src" "$d/other"
    same_status 1 cp "@1:/tmp" "$FIXTURE:/tmp"
    same_status 1 cp "" "@1:/tmp"
}

test_commit_export() {
    defer remove_containers
    defer remove_images
    pair 1 "$IMAGE" sh -c 'echo made > /made'
    dk wait "$P-d1" "$P-b1" >/dev/null
    NORMALIZE_IDS=1 ONCE=1 same_status 0 commit -c 'CMD ["cat", "/made"]' -m msg -a me @1 "$P/committed:@1"
    expect_eq "$(bt run --rm "$P/committed:$P-b1")" made "a container of the committed image"
    expect_eq "$(dk image inspect -f '{{.Comment}} {{.Author}}' "$P/committed:$P-b1")" "msg me" "committed image"
    same_status 1 commit @1 "$P/UPPER"
    same_status 1 commit "$P-nosuch"
    expect_eq "$(bt export "$FIXTURE" | tar -tf - | sort)" "$(dk export "$FIXTURE" | tar -tf - | sort)" "export"
    bt export -o "$TEST_TMP/exported.tar" "$FIXTURE" || fail "export -o"
    expect_eq "$(stat -c %a "$TEST_TMP/exported.tar")" 600 "mode of the exported file"
    tar -tf "$TEST_TMP/exported.tar" | grep -q '^data/file$' || fail "data/file not in the exported tar"
    same_status 1 export -o "$TEST_TMP/no/such/dir.tar" "$FIXTURE"
    same_status 1 export "$P-nosuch"
}

test_container_prune() {
    defer remove_containers
    # Each client prunes only its own container, through a label naming it.
    dk run --name "$P-d1" -l "$P.prune=$P-d1" "$IMAGE" true >/dev/null || fail "docker run"
    dk run --name "$P-b1" -l "$P.prune=$P-b1" "$IMAGE" true >/dev/null || fail "docker run"
    NORMALIZE_IDS=1 ONCE=1 same_status 0 container prune -f --filter "label=$P.prune=@1"
    expect_contains "$(cat "$TEST_TMP/berth.out")" "Deleted Containers:" "prune output"
    [ -z "$(dk ps -aq --filter "name=$P-b1")" ] || fail "prune left the container"
    same_status 0 container prune -f --filter "label=$P.prune=@1"
    STDIN_FILE=/dev/null same_status 0 container prune
    same_status 125 container prune --filter nonsense
}

test_events() {
    local since=$EVENTS_SINCE until
    until=$(date +%s)
    same_status 0 events --since "$since" --until "$until" --filter "container=$FIXTURE"
    same_status 0 events --since "$since" --until "$until" --filter "container=$FIXTURE" --format '{{json .}}'
    same_status 0 events --since "$since" --until "$until" --filter type=container --filter event=start --filter "container=$FIXTURE" \
        --format '{{.Type}} {{.Action}} {{.Actor.Attributes.name}} {{.Status}}'
    same_status 0 events --since 10m --until 1s --filter "container=$P-nosuch"
    same_status 64 events --format '{{.Nope}}'
    same_status 1 events --since nonsense
    same_status 1 events --since 2020-13-01 --until 0s
}

test_usage_errors() {
    local c
    for c in start stop kill restart pause unpause rm wait logs attach top port rename diff commit export exec update cp; do
        same_status 1 "$c"
    done
    same_status 1 container nosuch
    same_status 0 container
    same_status 125 container ls --nope
}

cleanup_all() {
    local rc=$?
    CLIENT_HOST=${DAEMON_HOST:-${TEST_DOCKER_HOST:-}}
    ALL=1 remove_containers
    remove_images
    [ -n "$RECORDER_PID" ] && kill "$RECORDER_PID" 2>/dev/null && wait "$RECORDER_PID" 2>/dev/null
    tmux -S "$TMUX_SOCK" kill-server >/dev/null 2>&1
    berthd_cleanup
    engine_cleanup
    return $rc
}
install_engine_traps
trap cleanup_all EXIT

[ -x "$BERTH_CLI" ] || { echo "not ok - no berth CLI at $BERTH_CLI (swift build --product berth, or set BERTH_CLI)"; exit 1; }
if ! "$DOCKER_CLI" --version 2>/dev/null | grep -q 'version 2[89]\.'; then
    echo "# $(basename "$0"): skipped (needs Docker's CLI 28 as DOCKER_CLI; found: $("$DOCKER_CLI" --version 2>&1 | head -n 1))"
    exit 0
fi
command -v python3 >/dev/null || { echo "not ok - python3 is needed for the request recorder"; exit 1; }
if [ -z "${TEST_DOCKER_HOST:-}" ]; then
    if [ "${CLI_TEST_DAEMON:-berthd}" = dockerd ]; then
        TEST_DOCKER_HOST=unix://$DOCKER_SOCK
        CLIENT_HOST=$TEST_DOCKER_HOST    # engine_start imports through dk
        engine_start || { echo "not ok - private dockerd setup"; exit 1; }
    else
        berthd_start || { echo "not ok - private berthd setup"; exit 1; }
        TEST_DOCKER_HOST=unix://$BERTHD_SOCK
    fi
fi
DAEMON_HOST=$TEST_DOCKER_HOST
CLIENT_HOST=$DAEMON_HOST
start_recorder || { echo "not ok - request recorder"; exit 1; }
EVENTS_SINCE=$(date +%s)
prepare || { echo "not ok - test image and containers"; exit 1; }
echo "# prefix $P; daemon $DAEMON_HOST; $("$DOCKER_CLI" --version)"
ALL_TESTS="test_run_exit_codes test_run_remove_and_detach test_create_body test_interactive_tty_detach_and_attach
    test_exec_tty test_signal_proxy test_logs test_exec test_ps test_inspect test_wait test_lifecycle test_top_port_diff
    test_stats test_update test_copy test_commit_export test_container_prune test_events test_usage_errors"
run_tests ${CLI_CONTAINERS_TESTS:-$ALL_TESTS}
status=$?
echo "# $(wc -l < "$TEST_TMP/comparisons" 2>/dev/null || echo 0) commands compared with docker's"
exit $status
