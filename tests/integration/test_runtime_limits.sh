#!/usr/bin/env bash
# cgroup limits from linux.resources, seen by the kernel and by the workload.
source "$(dirname "$0")/lib.sh"

cgroup_dir() { echo "/sys/fs/cgroup/$1/$TEST_PREFIX/$2"; }

test_memory_limit_oom_kills() {
    local bundle; bundle=$(new_bundle oom)
    # 32 MiB with no swap allowance; dd needs a 100 MiB buffer.
    set_spec "$bundle" '.process.terminal = false | .linux.resources.memory = {limit: 33554432, swap: 33554432}
        | .process.args = ["dd", "if=/dev/zero", "of=/dev/null", "bs=100M", "count=1"]'
    rt run --bundle "$bundle" "$TEST_PREFIX-oom" 2>/dev/null
    expect_eq "$?" "137" "exit code of the OOM-killed process"
}

test_memory_files_hold_the_spec() {
    local id="$TEST_PREFIX-memfiles"
    defer rt delete --force "$id"
    local bundle; bundle=$(new_bundle memfiles)
    set_spec "$bundle" '.process.terminal = false | .process.args = ["sleep", "100"]
        | .linux.resources.memory = {limit: 67108864, reservation: 33554432, swap: 134217728}'
    rt run -d --bundle "$bundle" "$id" || fail "run -d"
    local dir; dir=$(cgroup_dir memory memfiles)
    expect_eq "$(cat "$dir/memory.limit_in_bytes")" "67108864" "memory.limit_in_bytes"
    expect_eq "$(cat "$dir/memory.soft_limit_in_bytes")" "33554432" "memory.soft_limit_in_bytes"
    expect_eq "$(cat "$dir/memory.memsw.limit_in_bytes")" "134217728" "memory.memsw.limit_in_bytes"
    # update lowers both; the two files must be written in a valid order.
    rt update --memory 32m --memory-swap 32m "$id" || fail "update"
    expect_eq "$(cat "$dir/memory.limit_in_bytes")" "33554432" "limit after update"
    expect_eq "$(cat "$dir/memory.memsw.limit_in_bytes")" "33554432" "memsw after update"
}

test_pids_limit_contains_fork_loop() {
    local id="$TEST_PREFIX-pids"
    defer rt delete --force "$id"
    local bundle; bundle=$(new_bundle pids)
    set_spec "$bundle" '.process.terminal = false | .linux.resources.pids = {limit: 10}
        | .process.args = ["sh", "-c", "(i=0; while [ $i -lt 40 ]; do sleep 30 & i=$((i+1)); done); echo loop-done; exec sleep 30"]'
    rt run -d --bundle "$bundle" "$id" > "$TEST_TMP/pids.out" 2>&1 || fail "run -d"
    wait_until 10 grep -q loop-done "$TEST_TMP/pids.out" || fail "fork loop did not finish: $(cat "$TEST_TMP/pids.out")"
    expect_contains "$(cat "$TEST_TMP/pids.out")" "can't fork: Resource temporarily unavailable" "fork failure (EAGAIN)"
    expect_eq "$(cat "$(cgroup_dir pids pids)/pids.max")" "10" "pids.max"
    [ "$(cat "$(cgroup_dir pids pids)/pids.current")" -le 10 ] || fail "pids.current above the limit"
    # Still killable at the limit.
    rt kill --all "$id" KILL || fail "kill --all"
    wait_until 5 sh -c "[ \"\$($BERTH_RUNTIME --root $TEST_TMP/state state $id | jq -r .status)\" = stopped ]" || fail "not stopped after SIGKILL"
    rt delete "$id" || fail "delete"
}

test_cpu_files_hold_the_spec() {
    local id="$TEST_PREFIX-cpu"
    defer rt delete --force "$id"
    local bundle; bundle=$(new_bundle cpu)
    set_spec "$bundle" '.process.terminal = false | .process.args = ["sleep", "100"]
        | .linux.resources.cpu = {shares: 512, quota: 50000, period: 100000, cpus: "0", mems: "0"}'
    rt run -d --bundle "$bundle" "$id" || fail "run -d"
    expect_eq "$(cat "$(cgroup_dir cpu cpu)/cpu.cfs_quota_us")" "50000" "cpu.cfs_quota_us"
    expect_eq "$(cat "$(cgroup_dir cpu cpu)/cpu.cfs_period_us")" "100000" "cpu.cfs_period_us"
    expect_eq "$(cat "$(cgroup_dir cpu cpu)/cpu.shares")" "512" "cpu.shares"
    expect_eq "$(cat "$(cgroup_dir cpuset cpu)/cpuset.cpus")" "0" "cpuset.cpus"
    rt update --cpu-quota 150000 "$id" || fail "update"
    expect_eq "$(cat "$(cgroup_dir cpu cpu)/cpu.cfs_quota_us")" "150000" "quota after update"
    expect_eq "$(rt events --stats "$id" | jq -r .type)" "stats" "events --stats"
}

test_device_rules() {
    local bundle; bundle=$(new_bundle devices)
    set_spec "$bundle" '.process.terminal = false
        | .process.args = ["sh", "-c", "cat /sys/fs/cgroup/devices/devices.list; echo x > /dev/null && echo null-ok; mknod /tmp/sda b 8 0 2>&1; head -c1 /tmp/sda 2>&1 || true"]
        | .root.readonly = false'
    local out; out=$(rt run --bundle "$bundle" "$TEST_PREFIX-devices" 2>&1)
    expect_contains "$out" "c 1:3 rwm" "null allowed"
    expect_not_contains "$out" "a *:* rwm" "everything allowed"
    expect_contains "$out" "null-ok" "writing /dev/null"
    expect_contains "$out" "Operation not permitted" "block device access refused"
    rm -f "$BUSYBOX_ROOTFS/tmp/sda"
}

run_tests test_memory_limit_oom_kills test_memory_files_hold_the_spec test_pids_limit_contains_fork_loop \
    test_cpu_files_hold_the_spec test_device_rules
