#!/usr/bin/env bash
# Images move between berthd and a real Docker engine (Debian's dockerd 20.10)
# and OCI tools (skopeo) both ways, unchanged: same image IDs, same layer
# digests, same file trees.
set -u
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/berthd.sh"
source "$(dirname "${BASH_SOURCE[0]}")/dockerd.sh"
ML=$TEST_PREFIX-ml:v1

# tree_listing DIR: every path with its type, mode, owner, size and link
# target, sorted; what "the same file tree" means here. Timestamps of
# directories are left out (they change when children are added).
tree_listing() {
    (cd "$1" && find . -mindepth 1 \( -path ./proc -o -path ./sys -o -path ./dev -o -path ./.dockerenv \
        -o -path ./etc/hosts -o -path ./etc/hostname -o -path ./etc/resolv.conf -o -path ./etc/mtab \) -prune -o \
        -printf '%P %y %m %U:%G %s %l\n' | grep -v '^proc \|^sys \|^dev \|^\.dockerenv \|^etc/host\|^etc/resolv' | sort)
}

# berthd_tree IMAGE DIR: mounts IMAGE's layers from berthd's store read-only at DIR.
berthd_tree() {
    local lower upper
    lower=$(bk image inspect -f '{{.GraphDriver.Data.LowerDir}}' "$1")
    upper=$(bk image inspect -f '{{.GraphDriver.Data.UpperDir}}' "$1")
    mkdir -p "$2"
    mount -t overlay overlay -o "ro,lowerdir=$upper${lower:+:$lower}" "$2"
}

# The multi-layer image, built by dockerd itself: deletions, an opaque
# directory (removed and recreated in one step), a symlink, a hardlink, setuid.
build_multilayer() {
    DOCKER_BUILDKIT=0 dk build --network none -q -t "$ML" - >/dev/null <<'DOCKERFILE'
FROM busybox
RUN mkdir -p /d/sub && echo a > /d/a && echo s > /d/sub/s && echo x > /etc/xfile && echo y > /etc/yfile
RUN rm /etc/xfile && rm -rf /d && mkdir /d && echo b > /d/b
RUN ln -s /d/b /link && ln /d/b /d/hard && chmod 4755 /bin/busybox && chown 1234:5678 /d/b
DOCKERFILE
}

test_dockerd_save_loads_into_berthd() {
    build_multilayer || fail "docker build on dockerd"
    dk save -o "$TEST_TMP/dk.tar" "$ML" || fail "dockerd save"
    local out; out=$(bk load -i "$TEST_TMP/dk.tar" 2>&1) || fail "berthd load: $out"
    expect_eq "$out" "Loaded image: $ML" "load output"
    expect_eq "$(bk image inspect -f '{{.Id}}' "$ML")" "$(dk image inspect -f '{{.Id}}' "$ML")" "image ID"
    expect_eq "$(bk image inspect -f '{{json .RootFS.Layers}}' "$ML")" "$(dk image inspect -f '{{json .RootFS.Layers}}' "$ML")" "layer digests"
}

test_same_tree_in_both() {
    bk image inspect "$ML" >/dev/null 2>&1 || fail "needs the loaded image"
    local cid; cid=$(dk create --network none "$ML" true) || fail "dockerd create"
    defer "dk rm -f $cid"
    mkdir -p "$TEST_TMP/dk-tree"
    defer "rm -rf '$TEST_TMP/dk-tree'"
    dk export "$cid" | tar -C "$TEST_TMP/dk-tree" --numeric-owner -xpf - || fail "export"
    berthd_tree "$ML" "$TEST_TMP/berth-tree" || fail "mount berthd's layers"
    defer "umount '$TEST_TMP/berth-tree'"
    [ -e "$TEST_TMP/berth-tree/etc/xfile" ] && fail "deleted file visible in berthd's tree"
    [ -e "$TEST_TMP/berth-tree/d/a" ] && fail "opaque directory leaks its old content"
    local a b; a=$(tree_listing "$TEST_TMP/dk-tree"); b=$(tree_listing "$TEST_TMP/berth-tree")
    [ "$a" == "$b" ] || fail "trees differ: $(diff <(echo "$a") <(echo "$b") | head -n 10)"
}

test_berthd_save_loads_into_dockerd_and_runs() {
    bk save -o "$TEST_TMP/bk.tar" "$ML" || fail "berthd save"
    local id; id=$(dk image inspect -f '{{.Id}}' "$ML")
    dk rmi "$ML" >/dev/null || fail "dockerd rmi"
    local out; out=$(dk load -i "$TEST_TMP/bk.tar" 2>&1) || fail "dockerd load: $out"
    expect_eq "$(dk image inspect -f '{{.Id}}' "$ML")" "$id" "ID in dockerd after the round trip"
    out=$(dk run --rm --network none "$ML" cat /d/b 2>&1) || fail "run on dockerd: $out"
    expect_eq "$out" b "file from the last layer"
}

test_skopeo_reads_berthd_layout() {
    [ -f "$TEST_TMP/bk.tar" ] || bk save -o "$TEST_TMP/bk.tar" "$ML" || fail "berthd save"
    local out layers
    out=$(skopeo inspect --raw "oci-archive:$TEST_TMP/bk.tar" 2>&1) || fail "skopeo inspect: $out"
    layers=$(jq -r '.layers | length' <<<"$out")
    expect_eq "$layers" "$(bk image inspect -f '{{len .RootFS.Layers}}' "$ML")" "layer count seen by skopeo"
    out=$(skopeo inspect --config "oci-archive:$TEST_TMP/bk.tar" 2>&1) || fail "skopeo config: $out"
    expect_eq "$(jq -c .rootfs.diff_ids <<<"$out")" "$(bk image inspect -f '{{json .RootFS.Layers}}' "$ML")" "diff IDs seen by skopeo"
}

test_skopeo_oci_archive_loads_into_berthd() {
    [ -f "$TEST_TMP/dk.tar" ] || fail "needs dockerd's archive"
    rm -f "$TEST_TMP/sk.tar"
    skopeo copy -q "docker-archive:$TEST_TMP/dk.tar" "oci-archive:$TEST_TMP/sk.tar:$TEST_PREFIX-sk:v1" || fail "skopeo copy"
    local out; out=$(bk load -i "$TEST_TMP/sk.tar" 2>&1) || fail "berthd load of skopeo's archive: $out"
    expect_eq "$out" "Loaded image: $TEST_PREFIX-sk:v1" "load output"
    expect_eq "$(bk image inspect -f '{{json .RootFS.Layers}}' "$TEST_PREFIX-sk:v1")" \
        "$(dk image inspect -f '{{json .RootFS.Layers}}' "$ML")" "layer digests through skopeo"
}

cleanup_all() {
    local rc=$?
    berthd_cleanup
    engine_cleanup   # runs lib.sh's trap last
    return $rc
}
install_engine_traps
trap cleanup_all EXIT
berthd_start || { echo "not ok - berthd setup"; exit 1; }
engine_start || { echo "not ok - dockerd setup"; exit 1; }
run_tests test_dockerd_save_loads_into_berthd test_same_tree_in_both test_berthd_save_loads_into_dockerd_and_runs \
    test_skopeo_reads_berthd_layout test_skopeo_oci_archive_loads_into_berthd
