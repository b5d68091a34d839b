#!/usr/bin/env bash
# Containers through the real docker CLI (version 28) against berthd: the
# lifecycle tour, resource limits, containers outliving a daemon crash, and
# bad input answered with clear 4xx errors.
set -u
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/berthd.sh"

IMG=$TEST_PREFIX-bb:latest

test_run_and_exit_codes() {
    expect_eq "$(bk run --rm "$IMG" echo hi)" "hi" "run --rm echo"
    bk run --rm "$IMG" sh -c 'exit 42'; expect_eq $? 42 "exit code 42"
    bk run --rm "$IMG" nosuch-command 2>/dev/null; expect_eq $? 127 "command not found"
    bk run --rm "$IMG" /etc/passwd 2>/dev/null; expect_eq $? 126 "not executable"
    bk run --rm --memory 1k "$IMG" true 2>/dev/null; expect_eq $? 125 "daemon refusal"
    bk run -d --name "$TEST_PREFIX-k" "$IMG" sleep 300 >/dev/null || fail "run -d"
    bk kill "$TEST_PREFIX-k" >/dev/null || fail "kill"
    expect_eq "$(bk wait "$TEST_PREFIX-k")" 137 "killed by SIGKILL"
    bk rm "$TEST_PREFIX-k" >/dev/null || fail "rm"
    # --rm left nothing behind.
    expect_eq "$(bk ps -aq --filter "ancestor=$IMG" | wc -l)" 0 "no containers left by --rm"
}

test_detached_logs_exec_stop() {
    local name=$TEST_PREFIX-tick id out
    id=$(bk run -d --name "$name" "$IMG" sh -c 'i=0; while true; do echo line $i; i=$((i+1)); sleep 0.2; done') || fail "run -d"
    defer bk rm -f "$name"
    expect_eq "${#id}" 64 "run -d prints the full ID"
    out=$(BK_TIMEOUT=5 bk logs -f "$name" | head -n 3)
    expect_eq "$out" $'line 0\nline 1\nline 2' "logs -f"
    expect_eq "$(bk exec "$name" sh -c 'echo in-exec; exit 3')" "in-exec" "exec output"
    bk exec "$name" sh -c 'exit 3'; expect_eq $? 3 "exec exit code"
    bk exec -d "$name" sh -c 'echo detached > /tmp/d' || fail "exec -d"
    wait_until 5 bash -c "[ \"\$(DOCKER_CONFIG=$BERTHD_DIR/client $DOCKER_CLI_28 -H unix://$BERTHD_SOCK exec $name cat /tmp/d)\" = detached ]" || fail "exec -d ran"
    bk exec -e X=y -w /tmp -u 65534 "$name" sh -c 'echo $X $(pwd) $(id -u)' > "$TEST_TMP/exec.out"
    expect_eq "$(cat "$TEST_TMP/exec.out")" "y /tmp 65534" "exec env, workdir, user"
    local start=$SECONDS
    bk stop -t 2 "$name" >/dev/null || fail "stop"
    expect_eq "$(bk inspect -f '{{.State.ExitCode}}' "$name")" 137 "sh as pid 1 ignores TERM: killed after the timeout"
    [ $((SECONDS - start)) -lt 6 ] || fail "stop took $((SECONDS - start)) s"
    expect_eq "$(bk wait "$name")" 137 "wait on a stopped container"
}

test_interactive_tty_detach_attach() {
    local name=$TEST_PREFIX-tty session=$TEST_PREFIX-tmux out
    tmux new-session -d -s "$session" -x 100 -y 30 \
        "DOCKER_CONFIG=$BERTHD_DIR/client $DOCKER_CLI_28 -H unix://$BERTHD_SOCK run -it --name $name $IMG sh; echo DETACHED=\$? > $TEST_TMP/tty.out; sleep 60"
    defer tmux kill-session -t "$session"
    defer bk rm -f "$name"
    wait_until 10 bash -c "tmux capture-pane -t $session -p | grep -q '/ #'" || fail "no shell prompt"
    tmux send-keys -t "$session" 'echo $((6*7)); stty size' Enter
    wait_until 5 bash -c "tmux capture-pane -t $session -p | grep -q '^30 100'" || fail "terminal size 30x100 not seen"
    tmux capture-pane -t "$session" -p | grep -q '^42' || fail "no 42"
    tmux resize-window -t "$session" -x 120 -y 40
    sleep 0.5
    tmux send-keys -t "$session" 'stty size' Enter
    wait_until 5 bash -c "tmux capture-pane -t $session -p | grep -q '^40 120'" || fail "resize not seen"
    tmux send-keys -t "$session" C-p C-q
    wait_until 5 test -s "$TEST_TMP/tty.out" || fail "Ctrl-P Ctrl-Q did not detach"
    expect_eq "$(bk inspect -f '{{.State.Running}}' "$name")" true "still running after detach"
    tmux kill-session -t "$session"
    tmux new-session -d -s "$session" -x 100 -y 30 \
        "DOCKER_CONFIG=$BERTHD_DIR/client $DOCKER_CLI_28 -H unix://$BERTHD_SOCK attach $name; echo ATTACH=\$? > $TEST_TMP/attach.out; sleep 60"
    sleep 1
    tmux send-keys -t "$session" 'exit 5' Enter
    wait_until 5 test -s "$TEST_TMP/attach.out" || fail "attach did not end"
    expect_eq "$(cat "$TEST_TMP/attach.out")" "ATTACH=5" "attach exit code"
}

test_ps_inspect_top_stats_pause_rename() {
    local name=$TEST_PREFIX-ps out
    bk run -d --name "$name" -l "$TEST_PREFIX=yes" "$IMG" sleep 300 >/dev/null || fail "run -d"
    defer bk rm -f "$name" "$name-2"
    bk run --name "$name-x" "$IMG" sh -c 'exit 7'
    defer bk rm -f "$name-x"
    out=$(bk ps -a --filter status=exited --filter "name=$name-x" --format '{{.Names}}')
    expect_eq "$out" "$name-x" "ps -a --filter status=exited"
    expect_eq "$(bk inspect -f '{{.State.ExitCode}}' "$name-x")" 7 "inspect exit code"
    expect_eq "$(bk ps -q --filter "label=$TEST_PREFIX=yes" | wc -l)" 1 "label filter"
    out=$(bk ps --filter "name=$name" --format 'table {{.Names}}\t{{.Status}}')
    expect_contains "$out" "NAMES" "table header"
    expect_contains "$out" "Up " "status column"
    out=$(bk top "$name")
    expect_contains "$out" "sleep 300" "top"
    out=$(bk stats --no-stream --format '{{.Name}} {{.PIDs}}' "$name")
    expect_eq "$out" "$name 1" "stats --no-stream"
    bk pause "$name" >/dev/null || fail "pause"
    expect_eq "$(bk inspect -f '{{.State.Status}}' "$name")" paused "paused"
    bk unpause "$name" >/dev/null || fail "unpause"
    bk rename "$name" "$name-2" || fail "rename"
    expect_eq "$(bk inspect -f '{{.Name}}' "$name-2")" "/$name-2" "renamed"
}

test_cp_diff_commit_export() {
    local name=$TEST_PREFIX-files out
    bk run --name "$name" "$IMG" sh -c 'echo hello > /newfile; rm /bin/zcat' || fail "run"
    defer bk rm -f "$name"
    defer bk rmi -f "$TEST_PREFIX-committed:v1"
    out=$(bk diff "$name")
    expect_contains "$out" "A /newfile" "diff add"
    expect_contains "$out" "D /bin/zcat" "diff delete"
    expect_contains "$out" "C /bin" "diff change"
    echo "from host" > "$TEST_TMP/hostfile"
    bk cp "$TEST_TMP/hostfile" "$name:/tmp/" || fail "cp into the container"
    bk cp "$name:/newfile" "$TEST_TMP/fromcontainer" || fail "cp out of the container"
    expect_eq "$(cat "$TEST_TMP/fromcontainer")" "hello" "copied out"
    bk commit -c 'CMD ["cat", "/tmp/hostfile"]' -m "test commit" "$name" "$TEST_PREFIX-committed:v1" >/dev/null || fail "commit"
    expect_eq "$(bk run --rm "$TEST_PREFIX-committed:v1")" "from host" "run the committed image"
    bk export "$name" | tar -t > "$TEST_TMP/export.list" || fail "export"
    grep -qx 'newfile' "$TEST_TMP/export.list" || grep -qx './newfile' "$TEST_TMP/export.list" || fail "export lacks newfile"
    # A symlink pointing out of the container is followed inside it.
    bk run --name "$name-link" "$IMG" ln -s / /escape || fail "run ln"
    defer bk rm -f "$name-link"
    bk cp "$TEST_TMP/hostfile" "$name-link:/escape/tmp/" || fail "cp through an in-container link"
    [ ! -e /tmp/hostfile-escaped ] || fail "wrote on the host"
}

test_events_and_prune() {
    local since name=$TEST_PREFIX-ev out
    since=$(date +%s)
    bk run --name "$name" "$IMG" true || fail "run"
    bk rm "$name" >/dev/null || fail "rm"
    out=$(bk events --since "$since" --until "$(($(date +%s) + 1))" --filter "container=$name" --format '{{.Action}}')
    expect_eq "$(tr '\n' ' ' <<<"$out")" "create attach start die destroy " "event sequence"
    bk run --name "$name-p" "$IMG" true
    out=$(bk container prune -f)
    expect_contains "$out" "Total reclaimed space" "container prune output"
    expect_eq "$(bk ps -aq --filter "name=$name-p" | wc -l)" 0 "pruned"
}

test_limits() {
    local name=$TEST_PREFIX-lim out
    bk run --name "$name-oom" --memory 32m --memory-swap 32m "$IMG" sh -c 'x=a; while true; do x=$x$x; done'
    expect_eq $? 137 "memory hog killed"
    defer bk rm -f "$name-oom" "$name-cpu"
    expect_eq "$(bk inspect -f '{{.State.OOMKilled}}' "$name-oom")" true "OOMKilled"
    out=$(bk run --rm --pids-limit 10 "$IMG" sh -c 'for i in $(seq 20); do sleep 5 & done 2>&1; echo done' 2>&1)
    expect_contains "$out" "can't fork" "pids limit"
    bk run -d --name "$name-cpu" --cpus 0.5 "$IMG" sleep 30 >/dev/null || fail "run --cpus"
    local id; id=$(bk inspect -f '{{.Id}}' "$name-cpu")
    expect_eq "$(cat /sys/fs/cgroup/cpu,cpuacct/$TEST_PREFIX/$id/cpu.cfs_quota_us 2>/dev/null || cat /sys/fs/cgroup/cpu/$TEST_PREFIX/$id/cpu.cfs_quota_us)" 50000 "cpu quota"
    expect_eq "$(cat /sys/fs/cgroup/cpu,cpuacct/$TEST_PREFIX/$id/cpu.cfs_period_us 2>/dev/null || cat /sys/fs/cgroup/cpu/$TEST_PREFIX/$id/cpu.cfs_period_us)" 100000 "cpu period"
    expect_eq "$(bk run --rm --ulimit nofile=10:20 "$IMG" sh -c 'echo $(ulimit -n) $(ulimit -Hn)')" "10 20" "ulimit"
}

test_daemon_crash_survival() {
    local name=$TEST_PREFIX-live
    bk run -d --name "$name-log" "$IMG" sh -c 'i=0; while true; do echo tick $i; i=$((i+1)); sleep 1; done' >/dev/null || fail "run log"
    bk run -d --name "$name-a" "$IMG" sleep 300 >/dev/null || fail "run a"
    bk run -d --name "$name-b" "$IMG" sh -c 'sleep 2; exit 9' >/dev/null || fail "run b"
    defer bk rm -f "$name-log" "$name-a" "$name-b"
    sleep 1
    berthd_kill9
    sleep 3
    berthd_start || fail "restart"
    expect_eq "$(bk inspect -f '{{.State.Running}}' "$name-log")" true "logging container survived"
    expect_eq "$(bk inspect -f '{{.State.Running}}' "$name-a")" true "sleeper survived"
    expect_eq "$(bk inspect -f '{{.State.Status}} {{.State.ExitCode}}' "$name-b")" "exited 9" "exit while the daemon was down"
    local lines; lines=$(bk logs "$name-log" | awk '{print $2}')
    local expected; expected=$(seq 0 "$(tail -n1 <<<"$lines")")
    expect_eq "$lines" "$expected" "no gap in the log"
    expect_eq "$(bk exec "$name-a" echo ok)" ok "exec after restart"
    bk stop -t 1 "$name-a" >/dev/null || fail "stop after restart"
    bk rm "$name-a" >/dev/null || fail "rm after restart"
}

test_restart_policy() {
    local name=$TEST_PREFIX-always pid
    bk run -d --name "$name" --restart always "$IMG" sleep 300 >/dev/null || fail "run"
    defer bk rm -f "$name"
    pid=$(bk inspect -f '{{.State.Pid}}' "$name")
    kill -9 "$pid"
    wait_until 10 bash -c "[ \"\$(DOCKER_CONFIG=$BERTHD_DIR/client $DOCKER_CLI_28 -H unix://$BERTHD_SOCK inspect -f '{{.RestartCount}} {{.State.Running}}' $name)\" = '1 true' ]" \
        || fail "not restarted after a host kill: $(bk inspect -f '{{.RestartCount}} {{.State.Status}}' "$name")"
    bk stop -t 1 "$name" >/dev/null
    sleep 1
    expect_eq "$(bk inspect -f '{{.State.Running}}' "$name")" false "a stopped container stays stopped"
    bk run --name "$name-f" --restart on-failure:2 "$IMG" sh -c 'exit 3'
    defer bk rm -f "$name-f"
    wait_until 10 bash -c "[ \"\$(DOCKER_CONFIG=$BERTHD_DIR/client $DOCKER_CLI_28 -H unix://$BERTHD_SOCK inspect -f '{{.RestartCount}} {{.State.Status}}' $name-f)\" = '2 exited' ]" \
        || fail "on-failure:2: $(bk inspect -f '{{.RestartCount}} {{.State.Status}}' "$name-f")"
}

test_bad_input() {
    local out code
    api() { curl -s -o "$TEST_TMP/api.out" -w '%{http_code}' --unix-socket "$BERTHD_SOCK" "$@"; }
    code=$(api -X POST -H 'Content-Type: application/json' -d '{"Image":' http://berth/v1.50/containers/create)
    expect_eq "$code" 400 "malformed JSON"
    expect_contains "$(cat "$TEST_TMP/api.out")" '"message"' "JSON error body"
    code=$(api -X POST -H 'Content-Type: application/json' -d '{"Image":"nosuch-image"}' http://berth/v1.50/containers/create)
    expect_eq "$code" 404 "unknown image"
    code=$(api -X POST -H 'Content-Type: application/json' -d "{\"Image\":\"$IMG\",\"Cmd\":[\"true\"]}" "http://berth/v1.50/containers/create?name=bad%20name")
    expect_eq "$code" 400 "bad name"
    bk create --name "$TEST_PREFIX-dup" "$IMG" true >/dev/null || fail "create"
    defer bk rm -f "$TEST_PREFIX-dup"
    code=$(api -X POST -H 'Content-Type: application/json' -d "{\"Image\":\"$IMG\",\"Cmd\":[\"true\"]}" "http://berth/v1.50/containers/create?name=$TEST_PREFIX-dup")
    expect_eq "$code" 409 "conflicting name"
    code=$(api -X POST -H 'Content-Type: application/json' -d "{\"Image\":\"$IMG\",\"HostConfig\":{\"RestartPolicy\":{\"Name\":\"sometimes\"}}}" http://berth/v1.50/containers/create)
    expect_eq "$code" 400 "bad restart policy"
    head -c 10485760 /dev/zero | tr '\0' 'a' > "$TEST_TMP/big"
    code=$(api -X POST -H 'Content-Type: application/json' --data-binary @"$TEST_TMP/big" http://berth/v1.50/containers/create)
    expect_eq "$code" 400 "10 MB body"
    out=$(bk run --rm --restart sometimes "$IMG" true 2>&1); expect_eq $? 125 "bad flag value exits 125"
    expect_eq "$(bk run --rm "$IMG" echo still-serving)" "still-serving" "daemon keeps serving"
}

trap 'berthd_cleanup; rm -rf "$TEST_TMP"' EXIT
berthd_start || { echo "not ok - berthd setup"; exit 1; }
busybox_image "$IMG" || { echo "not ok - busybox image"; exit 1; }
run_tests test_run_and_exit_codes test_detached_logs_exec_stop test_interactive_tty_detach_attach \
    test_ps_inspect_top_stats_pause_rename test_cp_diff_commit_export test_events_and_prune test_limits \
    test_daemon_crash_survival test_restart_policy test_bad_input
