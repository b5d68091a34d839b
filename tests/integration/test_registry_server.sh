#!/usr/bin/env bash
# berth-registry serve: skopeo pushes and pulls through it with identical
# digests (Docker and OCI formats), content survives a restart, a unix
# socket works, a connection dropped mid-upload leaves no blob behind,
# htpasswd logins are checked, and 100 clients pushing and pulling at once
# lose and corrupt nothing.
set -u
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/registry.sh"

REGISTRY=$BERTH_REGISTRY
ARCHIVE=$TEST_TMP/bb.tar

# start_registry ROOT ADDR: serves in the background; sets REG_PID. The
# server prints its bound address once it accepts connections.
start_registry() {
    local log=$TEST_TMP/registry-$RANDOM.log root=$1 addr=$2; shift 2
    "$REGISTRY" serve --root "$root" --addr "$addr" "$@" >"$log" 2>&1 &
    REG_PID=$!
    wait_until 10 grep -q '^listening on' "$log" || { cat "$log" >&2; fail "berth-registry did not start"; }
}

sk() { skopeo --insecure-policy "$@"; }

test_skopeo_round_trip_keeps_digests() {
    local port root; port=$(free_port); root=$TEST_TMP/rt
    start_registry "$root" "127.0.0.1:$port"; defer "stop_registry $REG_PID; rm -rf $root"
    local ref=docker://127.0.0.1:$port/$TEST_PREFIX/bb
    for format in v2s2 oci; do
        sk copy -q --dest-tls-verify=false --format "$format" "docker-archive:$ARCHIVE" "$ref:$format" \
            || fail "skopeo push ($format)"
        local pushed pulled
        pushed=$(sk inspect --tls-verify=false --format '{{.Digest}}' "$ref:$format") || fail "skopeo inspect ($format)"
        # dir: keeps the manifest's bytes as served (oci: would convert them).
        rm -rf "$TEST_TMP/out-$format"
        sk copy -q --src-tls-verify=false "$ref:$format" "dir:$TEST_TMP/out-$format" || fail "skopeo pull ($format)"
        pulled=sha256:$(sha256sum "$TEST_TMP/out-$format/manifest.json" | cut -c1-64)
        expect_eq "$pulled" "$pushed" "manifest digest after a round trip ($format)"
    done
    local tags; tags=$(sk list-tags --tls-verify=false "$ref" | jq -r '.Tags | join(",")')
    expect_eq "$tags" "oci,v2s2" "tag list"
    sk delete --tls-verify=false "$ref:oci" || fail "skopeo delete"
    sk inspect --tls-verify=false "$ref:oci" >/dev/null 2>&1 && fail "a deleted manifest is still served"
    sk inspect --tls-verify=false "$ref:v2s2" >/dev/null || fail "deleting one manifest removed another"
}

test_content_survives_a_restart() {
    local port root; port=$(free_port); root=$TEST_TMP/restart
    start_registry "$root" "127.0.0.1:$port"; local first=$REG_PID
    defer "rm -rf $root"
    sk copy -q --dest-tls-verify=false "docker-archive:$ARCHIVE" "docker://127.0.0.1:$port/keep/bb:v1" || fail "push"
    local before; before=$(sk inspect --tls-verify=false --format '{{.Digest}}' "docker://127.0.0.1:$port/keep/bb:v1")
    kill -9 "$first"; wait "$first" 2>/dev/null
    start_registry "$root" "127.0.0.1:$port"; defer "stop_registry $REG_PID"
    local after; after=$(sk inspect --tls-verify=false --format '{{.Digest}}' "docker://127.0.0.1:$port/keep/bb:v1") || fail "inspect after restart"
    expect_eq "$after" "$before" "digest after a restart"
    local catalog; catalog=$(curl -sf "http://127.0.0.1:$port/v2/_catalog")
    expect_eq "$(jq -c .repositories <<<"$catalog")" '["keep/bb"]' "catalog after a restart"
}

test_unix_socket() {
    local root=$TEST_TMP/unix sock=$TEST_TMP/registry.sock
    start_registry "$root" "unix://$sock"; defer "stop_registry $REG_PID; rm -rf $root $sock"
    local headers; headers=$(curl -sf -D - -o /dev/null --unix-socket "$sock" http://localhost/v2/) || fail "GET /v2/ over the socket"
    expect_contains "$headers" "Docker-Distribution-Api-Version: registry/2.0" "version header"
}

test_dropped_upload_leaves_no_blob() {
    local port root; port=$(free_port); root=$TEST_TMP/drop
    start_registry "$root" "127.0.0.1:$port"; defer "stop_registry $REG_PID; rm -rf $root"
    local location
    location=$(curl -sf -D - -o /dev/null -X POST "http://127.0.0.1:$port/v2/drop/me/blobs/uploads/" | tr -d '\r' | awk -F': ' 'tolower($1)=="location" {print $2}')
    [ -n "$location" ] || fail "no upload location"
    # Announce 4 MiB, send 1 MiB, hang up.
    python3 - "$port" "$location" <<'PY'
import socket, sys
port, location = int(sys.argv[1]), sys.argv[2]
s = socket.create_connection(("127.0.0.1", port))
s.sendall(f"PATCH {location} HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\nContent-Length: {4 << 20}\r\n\r\n".encode())
s.sendall(b"x" * (1 << 20))
s.close()
PY
    sleep 0.5
    local blobs; blobs=$(find "$root/blobs/sha256" -type f | wc -l)
    expect_eq "$blobs" 0 "blobs after a dropped upload"
    curl -sf "http://127.0.0.1:$port/v2/" >/dev/null || fail "the registry stopped serving"
    local status; status=$(curl -s -o /dev/null -w '%{http_code}' -X DELETE "http://127.0.0.1:$port$location")
    expect_eq "$status" 204 "cancelling the dropped upload"
}

test_htpasswd_basic_auth() {
    local port root; port=$(free_port); root=$TEST_TMP/auth
    mkdir -p "$root"
    htpasswd -Bbn alice secret >"$root/htpasswd" 2>/dev/null || fail "htpasswd"
    "$REGISTRY" serve --root "$root/data" --addr "127.0.0.1:$port" --htpasswd "$root/htpasswd" >"$root/log" 2>&1 &
    REG_PID=$!; defer "stop_registry $REG_PID; rm -rf $root"
    wait_until 10 grep -q '^listening on' "$root/log" || fail "berth-registry did not start"
    local url=http://127.0.0.1:$port/v2/ headers
    headers=$(curl -s -D - -o "$root/body" "$url" | tr -d '\r')
    expect_contains "$headers" "HTTP/1.1 401" "anonymous request"
    expect_contains "$headers" 'WWW-Authenticate: Basic realm="berth-registry"' "challenge"
    expect_eq "$(jq -r '.errors[0].code' "$root/body")" UNAUTHORIZED "error code"
    expect_eq "$(curl -s -o /dev/null -w '%{http_code}' -u alice:wrong "$url")" 401 "wrong password"
    expect_eq "$(curl -s -o /dev/null -w '%{http_code}' -u bob:secret "$url")" 401 "unknown user"
    expect_eq "$(curl -s -o /dev/null -w '%{http_code}' -u alice:secret "$url")" 200 "right password"
    sk copy -q --dest-tls-verify=false "docker-archive:$ARCHIVE" "docker://127.0.0.1:$port/auth/bb:v1" >/dev/null 2>&1 \
        && fail "an anonymous push was accepted"
    sk copy -q --dest-tls-verify=false --dest-creds alice:secret "docker-archive:$ARCHIVE" "docker://127.0.0.1:$port/auth/bb:v1" \
        || fail "push with credentials"
    # A changed file takes effect at once: remembered logins are forgotten.
    htpasswd -Bb "$root/htpasswd" alice changed 2>/dev/null || fail "htpasswd change"
    expect_eq "$(curl -s -o /dev/null -w '%{http_code}' -u alice:secret "$url")" 401 "old password after a change"
    expect_eq "$(curl -s -o /dev/null -w '%{http_code}' -u alice:changed "$url")" 200 "new password after a change"
}

test_tls_with_a_given_certificate() {
    local port root; port=$(free_port); root=$TEST_TMP/tls
    make_tls_cert "$root/certs" "$TEST_TMP/tls.key" || fail "openssl"
    start_registry "$root" "127.0.0.1:$port" --tls-cert "$root/certs/ca.crt" --tls-key "$TEST_TMP/tls.key"
    defer "stop_registry $REG_PID; rm -rf $root"
    expect_eq "$(curl -s -o /dev/null -w '%{http_code}' --cacert "$root/certs/ca.crt" "https://127.0.0.1:$port/v2/")" 200 "verified HTTPS"
    curl -s -o /dev/null "https://127.0.0.1:$port/v2/" && fail "an unknown certificate was accepted"
    expect_eq "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/v2/")" 000 "plain HTTP on the TLS port"
    # skopeo verifies the certificate through --cert-dir; no --tls-verify=false.
    sk copy -q --dest-cert-dir "$root/certs" "docker-archive:$ARCHIVE" "docker://127.0.0.1:$port/tls/bb:v1" || fail "push over TLS"
    sk inspect --cert-dir "$root/certs" --format '{{.Digest}}' "docker://127.0.0.1:$port/tls/bb:v1" >/dev/null || fail "inspect over TLS"
}

test_garbage_collect_keeps_what_manifests_need() {
    local port root; port=$(free_port); root=$TEST_TMP/gc
    local gc="$REGISTRY garbage-collect --root $root"
    start_registry "$root" "127.0.0.1:$port"; defer "stop_registry $REG_PID; rm -rf $root"
    python3 "$REPO_ROOT/tests/tools/make-image-archive.py" "$TEST_TMP/gc2.tar" --tag gc/two:v1 --layer-dir "$BUSYBOX_ROOTFS" \
        --layer-random 1 >/dev/null || fail "second image"
    sk copy -q --dest-tls-verify=false "docker-archive:$ARCHIVE" "docker://127.0.0.1:$port/gc/one:v1" || fail "push one"
    sk copy -q --dest-tls-verify=false "docker-archive:$TEST_TMP/gc2.tar" "docker://127.0.0.1:$port/gc/two:v1" || fail "push two"
    local two_digest two_layers
    two_digest=$(sk inspect --tls-verify=false --format '{{.Digest}}' "docker://127.0.0.1:$port/gc/two:v1") || fail "inspect two"
    two_layers=$(sk inspect --tls-verify=false --raw "docker://127.0.0.1:$port/gc/two:v1" | jq -r '.layers[1].digest')
    local out; out=$($gc --dry-run 2>&1) && fail "garbage-collect ran while the registry was serving"
    expect_contains "$out" "in use by another berth-registry" "refusal while serving"
    sk delete --tls-verify=false "docker://127.0.0.1:$port/gc/two@$two_digest" || fail "delete two"
    stop_registry "$REG_PID"
    local before; before=$(ls "$root/blobs/sha256" | wc -l)
    out=$($gc --dry-run) || fail "dry run: $out"
    expect_contains "$out" "blob eligible for deletion: $two_layers" "two's own layer is garbage"
    expect_contains "$out" "blob eligible for deletion: $two_digest" "two's manifest is garbage"
    expect_eq "$(ls "$root/blobs/sha256" | wc -l)" "$before" "a dry run deletes nothing"
    out=$($gc) || fail "collect: $out"
    expect_contains "$out" "3 blobs marked, 3 blobs and 0 manifests deleted" "two's manifest, config and own layer go"
    [ -e "$root/blobs/sha256/${two_layers#sha256:}" ] && fail "the unreferenced layer is still there"
    start_registry "$root" "127.0.0.1:$port"; defer "stop_registry $REG_PID"
    # What one needs is intact: it can be pulled, and every blob matches its name.
    sk copy -q --src-tls-verify=false "docker://127.0.0.1:$port/gc/one:v1" "dir:$TEST_TMP/gc-one" || fail "pull one after collection"
    local bad; bad=$(cd "$root/blobs/sha256" && sha256sum -- * | awk '$1 != $2' | wc -l)
    expect_eq "$bad" 0 "blobs whose content does not match their name"
}

test_hundred_concurrent_clients() {
    local port root; port=$(free_port); root=$TEST_TMP/stress
    start_registry "$root" "127.0.0.1:$port"; defer "stop_registry $REG_PID; rm -rf $root"
    local fds_before; fds_before=$(ls /proc/$REG_PID/fd | wc -l)
    timeout 240 python3 "$REPO_ROOT/tests/tools/registry-stress.py" "http://127.0.0.1:$port" --clients 100 \
        --prefix "$TEST_PREFIX" >"$TEST_TMP/stress.out" 2>&1 || { sed 's/^/    /' "$TEST_TMP/stress.out" >&2; fail "stress run"; }
    sed 's/^/    /' "$TEST_TMP/stress.out"
    expect_eq "$(find "$root/uploads" -mindepth 1 | wc -l)" 0 "upload sessions left behind"
    # Every blob is intact on disk: its name is its digest.
    local bad; bad=$(cd "$root/blobs/sha256" && sha256sum -- * | awk '$1 != $2' | wc -l)
    expect_eq "$bad" 0 "blobs whose content does not match their name"
    wait_until 10 test "$(ls /proc/$REG_PID/fd | wc -l)" -le "$((fds_before + 2))" || fail "descriptors not released"
}

trap 'rm -rf "$TEST_TMP"' EXIT
[ -x "$REGISTRY" ] || { echo "not ok - berth-registry is not built ($REGISTRY)"; exit 1; }
python3 "$REPO_ROOT/tests/tools/make-image-archive.py" "$ARCHIVE" --tag "$TEST_PREFIX/bb:v1" --layer-dir "$BUSYBOX_ROOTFS" >/dev/null \
    || { echo "not ok - image archive"; exit 1; }
run_tests test_skopeo_round_trip_keeps_digests test_content_survives_a_restart test_unix_socket test_dropped_upload_leaves_no_blob \
    test_htpasswd_basic_auth test_tls_with_a_given_certificate test_garbage_collect_keeps_what_manifests_need \
    test_hundred_concurrent_clients
