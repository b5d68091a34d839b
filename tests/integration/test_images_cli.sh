#!/usr/bin/env bash
# berthd's image commands through the real docker CLI (version 28) and the
# Docker SDK for Python: version, info, import, images, inspect, history,
# tag, rmi, save, load.
set -u
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/berthd.sh"

test_version_and_info() {
    expect_eq "$(bk version --format '{{.Server.APIVersion}}')" "1.50" "server API version"
    expect_eq "$(bk version --format '{{.Client.APIVersion}}')" "1.50" "negotiated client version"
    expect_eq "$(bk info --format '{{.Driver}} {{.DockerRootDir}}')" "overlay2 $BERTHD_DIR/data" "docker info"
    # An out-of-range version is refused with Docker's wording.
    local out; out=$(curl -s --unix-socket "$BERTHD_SOCK" http://berth/v1.99/version)
    expect_contains "$out" "client version 1.99 is too new. Maximum supported API version is 1.50" "too-new version"
}

test_import_with_changes() {
    local id out
    id=$(tar -C "$BUSYBOX_ROOTFS" -c . | bk import -c 'CMD ["sh"]' -c 'ENV A=b' -m "made by test" - "$TEST_PREFIX-imp:v1") || fail "docker import"
    [[ "$id" == sha256:* ]] || fail "import printed [$id]"
    expect_eq "$(bk image inspect -f '{{json .Config.Cmd}} {{json .Config.Env}}' "$TEST_PREFIX-imp:v1")" '["sh"] ["A=b"]' "config from changes"
    expect_eq "$(bk image inspect -f '{{.Id}}' "$TEST_PREFIX-imp:v1")" "$id" "inspect Id"
    out=$(bk history --no-trunc --format '{{.Comment}}' "$TEST_PREFIX-imp:v1")
    expect_eq "$out" "made by test" "history comment"
    bk rmi "$TEST_PREFIX-imp:v1" >/dev/null || fail "rmi"
}

test_images_list_and_filters() {
    busybox_image "$TEST_PREFIX-list:a" || fail "import"
    local out
    out=$(bk images --format '{{.Repository}}:{{.Tag}}')
    expect_contains "$out" "$TEST_PREFIX-list:a" "docker images"
    out=$(bk images "$TEST_PREFIX-list")
    expect_contains "$(head -n1 <<<"$out")" "REPOSITORY" "table header"
    expect_contains "$out" "$TEST_PREFIX-list" "filtered table"
    expect_eq "$(bk images -q "$TEST_PREFIX-nothing*" | wc -l)" 0 "no match for another name"
    expect_eq "$(bk images -q "$TEST_PREFIX-list" | wc -l)" 1 "-q"
    bk rmi "$TEST_PREFIX-list:a" >/dev/null
}

test_tag_and_rmi_rules() {
    busybox_image "$TEST_PREFIX-tag:one" || fail "import"
    bk tag "$TEST_PREFIX-tag:one" "localhost:5000/$TEST_PREFIX/tag:two" || fail "docker tag"
    local id out; id=$(bk image inspect -f '{{.Id}}' "$TEST_PREFIX-tag:one")
    expect_eq "$(bk image inspect -f '{{.Id}}' "localhost:5000/$TEST_PREFIX/tag:two")" "$id" "both names, one image"
    # By ID with two names: Docker refuses without -f.
    out=$(bk rmi "${id#sha256:}" 2>&1) && fail "rmi by id of a twice-named image succeeded"
    expect_contains "$out" "must be forced" "conflict message"
    # By name: only untags while another name remains.
    out=$(bk rmi "localhost:5000/$TEST_PREFIX/tag:two") || fail "rmi by name"
    expect_eq "$out" "Untagged: localhost:5000/$TEST_PREFIX/tag:two" "untag only"
    out=$(bk rmi "$TEST_PREFIX-tag:one") || fail "rmi last name"
    expect_contains "$out" "Deleted: $id" "image deleted with its last name"
    out=$(bk image inspect "$TEST_PREFIX-tag:one" 2>&1) && fail "image still there"
    expect_contains "$out" "No such image" "inspect after rmi"
}

test_save_load_round_trip() {
    busybox_image "$TEST_PREFIX-save:v1" || fail "import"
    local id out; id=$(bk image inspect -f '{{.Id}}' "$TEST_PREFIX-save:v1")
    bk save -o "$TEST_TMP/save.tar" "$TEST_PREFIX-save:v1" || fail "docker save"
    tar -tf "$TEST_TMP/save.tar" | grep -qx manifest.json || fail "no manifest.json in the archive"
    bk rmi "$TEST_PREFIX-save:v1" >/dev/null || fail "rmi"
    out=$(bk load -i "$TEST_TMP/save.tar") || fail "docker load: $out"
    expect_eq "$out" "Loaded image: $TEST_PREFIX-save:v1" "load output"
    expect_eq "$(bk image inspect -f '{{.Id}}' "$TEST_PREFIX-save:v1")" "$id" "same ID after the round trip"
    bk rmi "$TEST_PREFIX-save:v1" >/dev/null
    rm -f "$TEST_TMP/save.tar"
}

test_python_sdk() {
    busybox_image "$TEST_PREFIX-py:v1" || fail "import"
    local out
    out=$(DOCKER_HOST="unix://$BERTHD_SOCK" PREFIX="$TEST_PREFIX" TMP="$TEST_TMP" python3 - <<'PY' 2>&1
import os, docker
prefix, tmp = os.environ["PREFIX"], os.environ["TMP"]
client = docker.from_env()
assert client.ping()
names = [t for i in client.images.list() for t in i.tags]
assert f"{prefix}-py:v1" in names, names
image = client.images.get(f"{prefix}-py:v1")
assert image.tag(f"{prefix}-py", "v2")
assert f"{prefix}-py:v2" in client.images.get(image.id).tags
with open(f"{tmp}/py.tar", "wb") as f:
    for chunk in image.save(named=True):
        f.write(chunk)
client.images.remove(f"{prefix}-py:v2")
client.images.remove(image.id, force=True)
with open(f"{tmp}/py.tar", "rb") as f:
    loaded = client.images.load(f.read())
assert [i.id for i in loaded] == [image.id], loaded
client.images.remove(image.id, force=True)
print("sdk ok")
PY
)
    expect_eq "$out" "sdk ok" "Python SDK session"
    rm -f "$TEST_TMP/py.tar"
}

trap 'berthd_cleanup; rm -rf "$TEST_TMP"' EXIT
berthd_start || { echo "not ok - berthd setup"; exit 1; }
run_tests test_version_and_info test_import_with_changes test_images_list_and_filters test_tag_and_rmi_rules \
    test_save_load_round_trip test_python_sdk
