#!/usr/bin/env bash
# daemon.json registry settings. registry-mirrors: Docker Hub images come
# from the first mirror that has them (a dead mirror is skipped), the Hub
# itself serves what no mirror has, and other registries and pushes never
# touch a mirror. "Docker Hub" here is a local docker-registry
# (BERTH_HUB_ENDPOINT), so no packet leaves the machine.
# insecure-registries: on an address that is not loopback (an empty bridge),
# plain HTTP is used only for the registry named in the list.
set -u
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/berthd.sh"
source "$(dirname "${BASH_SOURCE[0]}")/registry.sh"

ARCHIVE=$TEST_TMP/bb.tar
# requests_for NAME PATH: how many requests registry NAME logged for PATH.
requests_for() { grep -c "\"[A-Z]* /v2/$2" "$TEST_TMP/registry-$1/log"; }

test_mirror_serves_hub_images() {
    local out
    out=$(bk pull busybox 2>&1) || fail "pull: $out"
    expect_contains "$out" "Status: Downloaded newer image for busybox:latest" "status"
    [ "$(requests_for MIRROR library/busybox/manifests/latest)" -ge 1 ] || fail "the mirror was not asked for the manifest"
    [ "$(requests_for MIRROR library/busybox/blobs/)" -ge 1 ] || fail "the mirror served no blob"
    expect_eq "$(requests_for HUB library/busybox/)" 0 "requests that reached the Hub"
    expect_eq "$(bk image inspect -f '{{json .RepoDigests}}' busybox)" \
        "[\"busybox@$(sk_digest "127.0.0.1:$MIRROR_PORT/library/busybox:latest")\"]" "RepoDigests name the Hub"
    bk run --rm busybox true || fail "run"
}

test_hub_serves_what_mirrors_lack() {
    local out
    out=$(bk pull "$TEST_PREFIX/only-on-hub:v1" 2>&1) || fail "pull: $out"
    expect_contains "$out" "Status: Downloaded newer image for $TEST_PREFIX/only-on-hub:v1" "status"
    [ "$(requests_for MIRROR "$TEST_PREFIX/only-on-hub/manifests/v1")" -ge 1 ] || fail "the mirror was not tried first"
    [ "$(requests_for HUB "$TEST_PREFIX/only-on-hub/manifests/v1")" -ge 1 ] || fail "the Hub did not serve it"
}

test_other_registries_and_pushes_skip_mirrors() {
    local before out
    before=$(wc -l < "$TEST_TMP/registry-MIRROR/log")
    out=$(bk pull "127.0.0.1:$HUB_PORT/$TEST_PREFIX/only-on-hub:v1" 2>&1) || fail "pull by host: $out"
    bk tag busybox "$TEST_PREFIX/pushed:v1" || fail "tag"
    out=$(bk push "$TEST_PREFIX/pushed:v1" 2>&1) || fail "push: $out"
    expect_contains "$out" "The push refers to repository [docker.io/$TEST_PREFIX/pushed]" "push header"
    [ "$(requests_for HUB "$TEST_PREFIX/pushed/manifests/v1")" -ge 1 ] || fail "the push did not reach the Hub"
    expect_eq "$(tail -n +"$((before + 1))" "$TEST_TMP/registry-MIRROR/log" | grep -c '"[A-Z]* /v2/')" 0 "requests to the mirror"
}

test_unknown_everywhere_is_a_clear_error() {
    local out
    out=$(bk pull "$TEST_PREFIX/nowhere:v1" 2>&1) && fail "pulled an image nobody has"
    expect_contains "$out" "manifest for $TEST_PREFIX/nowhere:v1 not found" "error"
}

test_insecure_registries_only_as_named() {
    local out
    out=$(bk pull "$BRIDGE_IP:$NAMED_PORT/$TEST_PREFIX/only-on-hub:v1" 2>&1) || fail "pull from the named registry: $out"
    expect_contains "$out" "Status: Downloaded newer image" "named registry"
    out=$(bk pull "$BRIDGE_IP:$UNNAMED_PORT/$TEST_PREFIX/only-on-hub:v1" 2>&1) && fail "plain HTTP used for a registry not named"
    expect_contains "$out" "https://$BRIDGE_IP:$UNNAMED_PORT/v2/" "only HTTPS was tried"
}

sk_digest() { skopeo inspect --tls-verify=false --format '{{.Digest}}' "docker://$1"; }

cleanup_all() {
    local rc=$?
    stop_registry "${HUB_PID:-}"
    stop_registry "${MIRROR_PID:-}"
    stop_registry "${NAMED_PID:-}"
    stop_registry "${UNNAMED_PID:-}"
    ip link del "$BRIDGE_LINK" 2>/dev/null
    berthd_cleanup
    rm -rf "$TEST_TMP"
    return $rc
}
trap cleanup_all EXIT
python3 "$REPO_ROOT/tests/tools/make-image-archive.py" "$ARCHIVE" --tag bb:v1 --layer-dir "$BUSYBOX_ROOTFS" --layer-random 1 >/dev/null \
    || { echo "not ok - image archive"; exit 1; }
# Access logs (info level) show which registry served what.
export REGISTRY_LOG_LEVEL=info
start_distribution HUB && start_distribution MIRROR || { echo "not ok - registries"; exit 1; }
unset REGISTRY_LOG_LEVEL
seed_image "$ARCHIVE" "127.0.0.1:$MIRROR_PORT/library/busybox:latest" && seed_image "$ARCHIVE" "127.0.0.1:$HUB_PORT/library/busybox:latest" \
    && seed_image "$ARCHIVE" "127.0.0.1:$HUB_PORT/$TEST_PREFIX/only-on-hub:v1" || { echo "not ok - seeding"; exit 1; }
: > "$TEST_TMP/registry-HUB/log"; : > "$TEST_TMP/registry-MIRROR/log"
# A registry address that is not loopback: an empty bridge of this test's own.
BRIDGE_LINK=berthtestd$RANDOM
BRIDGE_IP=10.213.$((RANDOM % 250 + 1)).$((RANDOM % 250 + 1))
ip link add "$BRIDGE_LINK" type bridge && ip addr add "$BRIDGE_IP/32" dev "$BRIDGE_LINK" && ip link set "$BRIDGE_LINK" up \
    || { echo "not ok - bridge"; exit 1; }
# A registry on the bridge address, holding only-on-hub.
start_named_registry() {
    REGISTRY_HOST=$BRIDGE_IP start_distribution "$1" || return 1
    local port_var=${1}_PORT
    seed_image "$ARCHIVE" "$BRIDGE_IP:${!port_var}/$TEST_PREFIX/only-on-hub:v1"
}
start_named_registry NAMED && start_named_registry UNNAMED || { echo "not ok - registries on the bridge"; exit 1; }
DEAD_PORT=$(free_port)
mkdir -p "$BERTHD_DIR"
cat > "$BERTHD_DIR/daemon.json" <<JSON
{"cgroup-parent": "/$TEST_PREFIX",
 "registry-mirrors": ["http://127.0.0.1:$DEAD_PORT", "http://127.0.0.1:$MIRROR_PORT"],
 "insecure-registries": ["$BRIDGE_IP:$NAMED_PORT"]}
JSON
export BERTH_HUB_ENDPOINT=http://127.0.0.1:$HUB_PORT
berthd_start || { echo "not ok - berthd setup"; exit 1; }
run_tests test_mirror_serves_hub_images test_hub_serves_what_mirrors_lack test_other_registries_and_pushes_skip_mirrors \
    test_unknown_everywhere_is_a_clear_error test_insecure_registries_only_as_named
