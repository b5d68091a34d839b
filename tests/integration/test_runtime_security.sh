#!/usr/bin/env bash
# Security properties of berth-runtime: the sealed binary, masked and
# read-only paths, user namespaces, hooks and their state.
source "$(dirname "$0")/lib.sh"

test_runtime_binary_cannot_be_overwritten() {
    local id="$TEST_PREFIX-exe" racer="$TEST_PREFIX-exerace"
    defer rt delete --force "$id"
    defer rt delete --force "$racer"
    local before; before=$(sha256sum < "$BERTH_RUNTIME")
    local bundle; bundle=$(new_bundle exe)
    set_spec "$bundle" '.process.terminal = false | .process.args = ["sleep", "100"]'
    rt create --bundle "$bundle" "$id" || fail "create"
    # The waiting init is the runtime itself inside the container. The attack:
    # hold its /proc/PID/exe, let it exit, then reopen that for writing.
    local pid; pid=$(rt state "$id" | jq -r .pid)
    local outcome; outcome=$(python3 -c '
import os, signal, sys, time
pid = int(sys.argv[1])
held = os.open("/proc/%d/exe" % pid, os.O_PATH)
os.kill(pid, signal.SIGKILL)
time.sleep(0.3)
try:
    os.open("/proc/self/fd/%d" % held, os.O_WRONLY | os.O_APPEND)
    print("writable")
except OSError as error:
    print("refused:", error.strerror)' "$pid")
    expect_contains "$outcome" "refused" "reopening the runtime's exe for writing"
    # From inside: keep writing through every /proc/PID/exe while the host execs 50 times.
    local racing; racing=$(new_bundle exerace)
    set_spec "$racing" '.process.terminal = false
        | .process.args = ["sh", "-c", "while true; do for p in /proc/[0-9]*; do echo pwned >> $p/exe; done 2>/dev/null; done"]'
    rt run -d --bundle "$racing" "$racer" || fail "run -d"
    local i
    for i in $(seq 1 50); do rt exec "$racer" true || fail "exec $i"; done
    expect_eq "$(sha256sum < "$BERTH_RUNTIME")" "$before" "runtime binary hash"
}

test_masked_and_readonly_paths() {
    local bundle; bundle=$(new_bundle masked)
    set_spec "$bundle" '.process.terminal = false | .process.args = ["sh", "-c",
        "stat -c %t:%T /proc/interrupts; ls /sys/firmware | wc -l; echo x > /proc/sys/kernel/domainname 2>&1; touch /sys/x 2>&1; touch /x 2>&1; true"]'
    local out; out=$(rt run --bundle "$bundle" "$TEST_PREFIX-masked" 2>&1) || fail "run: $out"
    local lines; mapfile -t lines <<<"$out"
    expect_eq "${lines[0]}" "1:3" "/proc/interrupts masked by /dev/null"
    expect_eq "${lines[1]}" "0" "/sys/firmware masked by an empty tmpfs"
    expect_contains "${lines[2]}" "Read-only file system" "/proc/sys"
    expect_contains "${lines[3]}" "Read-only file system" "/sys"
    expect_contains "${lines[4]}" "Read-only file system" "read-only root"
}

test_user_namespace_maps_ids() {
    local bundle; bundle=$(new_bundle userns)
    set_spec "$bundle" '.process.terminal = false
        | .linux.namespaces += [{type: "user"}]
        | .linux.uidMappings = [{containerID: 0, hostID: 100000, size: 65536}]
        | .linux.gidMappings = [{containerID: 0, hostID: 100000, size: 65536}]
        | .process.args = ["sh", "-c", "id -u; cat /proc/self/uid_map; echo x > /dev/null && echo devnull-ok"]'
    local out; out=$(rt run --bundle "$bundle" "$TEST_PREFIX-userns" 2>&1) || fail "run: $out"
    local lines; mapfile -t lines <<<"$out"
    expect_eq "${lines[0]}" "0" "uid inside"
    expect_eq "$(echo ${lines[1]})" "0 100000 65536" "uid_map"
    expect_eq "${lines[2]}" "devnull-ok" "bound /dev/null"
}

test_joining_a_network_namespace_by_path() {
    local ns="$TEST_PREFIX-ns"
    ip netns add "$ns" || fail "ip netns add"
    defer ip netns delete "$ns"
    ip -n "$ns" link add berthtestv0 type veth peer name berthtestv1 || fail "veth pair"
    local bundle; bundle=$(new_bundle joinnet)
    set_spec "$bundle" ".process.terminal = false | .process.args = [\"ls\", \"/sys/class/net\"]
        | .linux.namespaces = [.linux.namespaces[] | if .type == \"network\" then .path = \"/run/netns/$ns\" else . end]"
    local out; out=$(rt run --bundle "$bundle" "$TEST_PREFIX-joinnet" 2>&1) || fail "run: $out"
    expect_contains "$out" "berthtestv0" "interface of the joined namespace"
}

test_hooks_run_with_state() {
    local bundle; bundle=$(new_bundle hooks)
    local dir="$TEST_TMP/hooks"; mkdir -p "$dir"
    set_spec "$bundle" ".process.terminal = false | .process.args = [\"sh\", \"-c\", \"echo main\"]
        | .hooks = {
            prestart: [{path: \"/bin/sh\", args: [\"sh\", \"-c\", \"cat > $dir/prestart.json\"]}],
            createRuntime: [{path: \"/bin/sh\", args: [\"sh\", \"-c\", \"cat > $dir/createRuntime.json\"]}],
            createContainer: [{path: \"/bin/sh\", args: [\"sh\", \"-c\", \"cat > $dir/createContainer.json\"]}],
            startContainer: [{path: \"/bin/sh\", args: [\"sh\", \"-c\", \"echo start-hook-in-container\"]}],
            poststart: [{path: \"/bin/sh\", args: [\"sh\", \"-c\", \"cat > $dir/poststart.json\"]}],
            poststop: [{path: \"/bin/sh\", args: [\"sh\", \"-c\", \"cat > $dir/poststop.json\"]}]
        }"
    local out; out=$(rt run --bundle "$bundle" "$TEST_PREFIX-hooks" 2>&1) || fail "run: $out"
    expect_contains "$out" "start-hook-in-container" "startContainer hook output"
    expect_contains "$out" "main" "process output"
    local hook
    for hook in prestart createRuntime createContainer poststart poststop; do
        [ -s "$dir/$hook.json" ] || fail "$hook hook did not run"
        expect_eq "$(jq -r .id "$dir/$hook.json")" "$TEST_PREFIX-hooks" "$hook state id"
    done
    [ "$(jq -r .pid "$dir/prestart.json")" -gt 1 ] || fail "prestart state has no host pid"
    local failing; failing=$(new_bundle failhook)
    set_spec "$failing" '.process.terminal = false | .process.args = ["true"] | .hooks.prestart = [{path: "/bin/false"}]'
    rt run --bundle "$failing" "$TEST_PREFIX-failhook" 2>/dev/null && fail "a failing prestart hook must fail the run"
    [ ! -d "$TEST_TMP/state/$TEST_PREFIX-failhook" ] || fail "failed create left its state behind"
}

run_tests test_runtime_binary_cannot_be_overwritten test_masked_and_readonly_paths test_user_namespace_maps_ids \
    test_joining_a_network_namespace_by_path test_hooks_run_with_state
