#!/usr/bin/env bash
# berth-runtime against the real kernel: identity and isolation seen from
# inside, exit codes, signals, create/start/exec/delete, terminals.
source "$(dirname "$0")/lib.sh"

# run_in NAME ARGS-JSON: a foreground `run` of a fresh bundle; prints its output.
run_in() {
    local bundle; bundle=$(new_bundle "$1")
    set_spec "$bundle" ".process.terminal = false | .process.args = $2"
    rt run --bundle "$bundle" "$TEST_PREFIX-$1"
}

test_identity_and_isolation() {
    defer rt delete --force "$TEST_PREFIX-identity"
    local bundle; bundle=$(new_bundle identity)
    set_spec "$bundle" '.hostname = "berth-test-host" | .process.terminal = false
        | .process.args = ["sh", "-c", "id -u; hostname; echo pid=$$; ls -d /proc/[0-9]* | wc -l; ls /sys/class/net; grep -E \"^Cap(Inh|Prm|Eff|Bnd|Amb)\" /proc/self/status"]'
    local out; out=$(rt run --bundle "$bundle" "$TEST_PREFIX-identity") || fail "run failed: $out"
    local lines; mapfile -t lines <<<"$out"
    expect_eq "${lines[0]}" "0" "uid"
    expect_eq "${lines[1]}" "berth-test-host" "hostname"
    expect_eq "${lines[2]}" "pid=1" "own pid"
    # Only sh, the subshell and ls: no host process is visible.
    [ "$(echo "${lines[3]}" | tr -d ' ')" -le 3 ] || fail "host processes visible: ${lines[3]} pids in /proc"
    expect_eq "${lines[4]}" "lo" "network interfaces"
    expect_contains "$out" $'CapInh:\t0000000000000000' "inheritable caps"
    expect_contains "$out" $'CapPrm:\t00000000a80425fb' "permitted caps"
    expect_contains "$out" $'CapEff:\t00000000a80425fb' "effective caps"
    expect_contains "$out" $'CapBnd:\t00000000a80425fb' "bounding caps"
    expect_contains "$out" $'CapAmb:\t0000000000000000' "ambient caps"
}

test_non_root_user_has_no_effective_caps() {
    local bundle; bundle=$(new_bundle user)
    set_spec "$bundle" '.process.terminal = false | .process.user = {uid: 1000, gid: 1000, additionalGids: [100]}
        | .process.args = ["sh", "-c", "id; grep CapEff /proc/self/status"]'
    local out; out=$(rt run --bundle "$bundle" "$TEST_PREFIX-user") || fail "run failed: $out"
    expect_contains "$out" "uid=1000(user) gid=1000(user) groups=100(users)" "identity"
    expect_contains "$out" $'CapEff:\t0000000000000000' "effective caps"
}

test_exit_codes_propagate() {
    run_in exit42 '["sh", "-c", "exit 42"]'; expect_eq "$?" "42" "exit 42"
    # The init of a pid namespace ignores SIGTERM without a handler, so this
    # one runs in the host's pid namespace, where SIGTERM kills it.
    local bundle; bundle=$(new_bundle sigterm)
    set_spec "$bundle" '.process.terminal = false | .process.args = ["sh", "-c", "kill -TERM $$; sleep 5"]
        | .linux.namespaces = [.linux.namespaces[] | select(.type != "pid")]'
    rt run --bundle "$bundle" "$TEST_PREFIX-sigterm"; expect_eq "$?" "143" "killed by SIGTERM"
    run_in missing '["/no/such/binary"]' 2>/dev/null; local rc=$?
    [ $rc -ne 0 ] || fail "a missing executable must fail"
}

test_create_start_kill_delete() {
    local id="$TEST_PREFIX-lifecycle"
    defer rt delete --force "$id"
    local bundle; bundle=$(new_bundle lifecycle)
    set_spec "$bundle" '.process.terminal = false | .process.args = ["sh", "-c", "trap \"echo got-usr1\" USR1; while true; do sleep 0.1; done"]'
    rt create --bundle "$bundle" --pid-file "$TEST_TMP/lifecycle.pid" "$id" > "$TEST_TMP/lifecycle.out" 2>&1 || fail "create"
    expect_eq "$(rt state "$id" | jq -r .status)" "created" "status after create"
    local pid; pid=$(cat "$TEST_TMP/lifecycle.pid")
    expect_eq "$(rt state "$id" | jq -r .pid)" "$pid" "pid file matches state"
    rt start "$id" || fail "start"
    expect_eq "$(rt state "$id" | jq -r .status)" "running" "status after start"
    expect_eq "$(rt list -q | grep -c "^$id$")" "1" "list shows the container"
    rt exec "$id" true || fail "exec true"
    expect_eq "$(rt exec "$id" sh -c 'echo $((6*7))')" "42" "exec output"
    rt exec "$id" sh -c 'exit 7'; expect_eq "$?" "7" "exec exit code"
    expect_eq "$(rt ps --format json "$id" | jq length)" "2" "ps lists sh and sleep"
    rt kill "$id" USR1 || fail "kill USR1"
    wait_until 5 grep -q got-usr1 "$TEST_TMP/lifecycle.out" || fail "USR1 not delivered"
    rt delete "$id" 2>/dev/null && fail "delete of a running container must fail"
    rt delete --force "$id" || fail "delete --force"
    rt state "$id" 2>/dev/null && fail "state after delete"
    is_running "$pid" && fail "init $pid survived delete --force"
    [ ! -d "$TEST_TMP/state/$id" ] || fail "state directory left behind"
}

test_pause_resume() {
    local id="$TEST_PREFIX-pause"
    defer rt delete --force "$id"
    local bundle; bundle=$(new_bundle pause)
    set_spec "$bundle" '.process.terminal = false | .process.args = ["sleep", "100"]'
    rt run -d --bundle "$bundle" "$id" || fail "run -d"
    rt pause "$id" || fail "pause"
    expect_eq "$(rt state "$id" | jq -r .status)" "paused" "status after pause"
    rt resume "$id" || fail "resume"
    expect_eq "$(rt state "$id" | jq -r .status)" "running" "status after resume"
}

test_terminal_in_foreground_run() {
    # A foreground run with a terminal proxies the pty: the process sees a tty.
    local bundle; bundle=$(new_bundle tty)
    set_spec "$bundle" '.process.terminal = true | .process.args = ["sh", "-c", "tty; stty size"] | .process.consoleSize = {height: 30, width: 100}'
    local out; out=$(script -qec "$BERTH_RUNTIME --root $TEST_TMP/state run --bundle $bundle $TEST_PREFIX-tty" /dev/null </dev/null) || fail "run -t: $out"
    expect_contains "$out" "/dev/pts/0" "tty name"
    expect_contains "$out" "30 100" "console size"
}

test_no_descriptors_leak() {
    local bundle; bundle=$(new_bundle fds)
    set_spec "$bundle" '.process.terminal = false | .process.args = ["ls", "/proc/self/fd"]'
    local out; out=$(rt run --bundle "$bundle" "$TEST_PREFIX-fds" 7</etc/hostname 8</dev/null) || fail "run: $out"
    # 0, 1, 2 and the directory ls itself opened.
    expect_eq "$(echo $out)" "0 1 2 3" "open descriptors"
}

test_cwd_through_leaked_fd_is_refused() {
    local bundle; bundle=$(new_bundle cwd)
    local n
    for n in 3 4 5 6 7 8; do
        set_spec "$bundle" ".process.terminal = false | .process.cwd = \"/proc/self/fd/$n\" | .process.args = [\"pwd\"]"
        local out; out=$(rt run --bundle "$bundle" "$TEST_PREFIX-cwd" 2>&1)
        [[ "$out" != /* ]] || [[ "$out" == /proc/* ]] || fail "cwd /proc/self/fd/$n escaped: $out"
        rt delete --force "$TEST_PREFIX-cwd" 2>/dev/null
    done
    return 0
}

run_tests test_identity_and_isolation test_non_root_user_has_no_effective_caps test_exit_codes_propagate \
    test_create_start_kill_delete test_pause_resume test_terminal_in_foreground_run test_no_descriptors_leak \
    test_cwd_through_leaked_fd_is_refused
