#!/usr/bin/env bash
# berthd as a registry client, driven by the docker CLI 28: pulls from and
# pushes to Debian's docker-registry (anonymous, htpasswd, token auth) and
# berth-registry, mounting layers across repositories; what berthd pushes,
# skopeo and Debian's dockerd pull with the same digests and image IDs, and
# the other way round; htpasswd logins; `run` pulls a missing image; clear
# errors for unknown tags and unreachable registries.
set -u
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/berthd.sh"
source "$(dirname "${BASH_SOURCE[0]}")/dockerd.sh"
source "$(dirname "${BASH_SOURCE[0]}")/registry.sh"

ARCHIVE=$TEST_TMP/ml.tar
sk() { skopeo --insecure-policy "$@"; }
remote_digest() { sk inspect --tls-verify=false --format '{{.Digest}}' "docker://$1" "${@:2}"; }

test_pull_by_tag_and_by_digest() {
    local ref=127.0.0.1:$DIST_PORT/$TEST_PREFIX/ml:v1 out digest
    digest=$(remote_digest "$ref") || fail "skopeo inspect"
    out=$(bk pull "$ref" 2>&1) || fail "pull: $out"
    expect_contains "$out" "v1: Pulling from $TEST_PREFIX/ml" "first line"
    expect_eq "$(grep -c 'Pull complete' <<<"$out")" 3 "layers pulled"
    expect_contains "$out" "Digest: $digest" "digest line"
    expect_contains "$out" "Status: Downloaded newer image for $ref" "status line"
    expect_eq "$(bk image inspect -f '{{json .RepoDigests}}' "$ref")" "[\"127.0.0.1:$DIST_PORT/$TEST_PREFIX/ml@$digest\"]" "RepoDigests"
    local config; config=$(sk inspect --tls-verify=false --raw --config "docker://$ref" | sha256sum | cut -c1-64)
    expect_eq "$(bk image inspect -f '{{.Id}}' "$ref")" "sha256:$config" "image ID is the config digest"
    out=$(bk pull "$ref" 2>&1) || fail "second pull: $out"
    expect_contains "$out" "Already exists" "second pull reuses layers"
    expect_contains "$out" "Status: Image is up to date for $ref" "second pull status"
    expect_eq "$(bk run --rm "$ref" ls /random)" "$(printf '1.bin\n2.bin')" "files of the pulled layers"
    bk rmi "$ref" >/dev/null || fail "rmi"
    out=$(bk pull "127.0.0.1:$DIST_PORT/$TEST_PREFIX/ml@$digest" 2>&1) || fail "pull by digest: $out"
    expect_contains "$out" "Status: Downloaded newer image for 127.0.0.1:$DIST_PORT/$TEST_PREFIX/ml@$digest" "by-digest status"
    bk run --rm "127.0.0.1:$DIST_PORT/$TEST_PREFIX/ml@$digest" true || fail "run by digest"
}

test_push_is_pulled_by_skopeo_and_dockerd() {
    local src=127.0.0.1:$DIST_PORT/$TEST_PREFIX/ml:v1 ref=127.0.0.1:$DIST_PORT/$TEST_PREFIX/pushed:v1 out digest
    bk pull -q "$src" >/dev/null || fail "pull source"
    bk tag "$src" "$ref" || fail "tag"
    out=$(bk push "$ref" 2>&1) || fail "push: $out"
    expect_contains "$out" "The push refers to repository [127.0.0.1:$DIST_PORT/$TEST_PREFIX/pushed]" "first line"
    # The layers came from another repository of this registry: it links them.
    expect_eq "$(grep -c ": Mounted from $TEST_PREFIX/ml" <<<"$out")" 3 "layers mounted"
    digest=$(sed -n 's/^v1: digest: \(sha256:[0-9a-f]*\) size: [0-9]*$/\1/p' <<<"$out")
    [ -n "$digest" ] || fail "no digest line in: $out"
    expect_eq "$(remote_digest "$ref")" "$digest" "digest seen by skopeo"
    expect_eq "$digest" "$(remote_digest "$src")" "same manifest as pulled"
    dk pull -q "$ref" >/dev/null || fail "dockerd pull"
    expect_eq "$(dk image inspect -f '{{.Id}}' "$ref")" "$(bk image inspect -f '{{.Id}}' "$ref")" "image ID in dockerd"
    expect_eq "$(dk run --rm "$ref" ls /random | tr '\n' ' ')" "1.bin 2.bin " "dockerd runs it"
    out=$(bk push "$ref" 2>&1) || fail "second push: $out"
    expect_eq "$(grep -c 'Layer already exists' <<<"$out")" 3 "second push skips layers"
    expect_contains "$(bk image inspect -f '{{json .RepoDigests}}' "$ref")" "127.0.0.1:$DIST_PORT/$TEST_PREFIX/pushed@$digest" "RepoDigests after push"
}

test_dockerd_push_is_pulled_by_berthd() {
    local ref=127.0.0.1:$DIST_PORT/$TEST_PREFIX/fromdocker:v1 out
    dk tag busybox "$ref" && dk push "$ref" >/dev/null || fail "dockerd push"
    out=$(bk pull "$ref" 2>&1) || fail "pull: $out"
    expect_eq "$(bk image inspect -f '{{.Id}}' "$ref")" "$(dk image inspect -f '{{.Id}}' "$ref")" "image ID"
    expect_eq "$(bk image inspect -f '{{json .RootFS.Layers}}' "$ref")" "$(dk image inspect -f '{{json .RootFS.Layers}}' "$ref")" "diff IDs"
    expect_eq "$(bk run --rm "$ref" echo from-dockerd)" "from-dockerd" "run"
}

test_index_platforms_and_oci_manifests() {
    # Two OCI images (skopeo --format oci) under one OCI index: amd64 and
    # arm64 entries. The pull picks this machine's, --platform picks the
    # other, an absent platform is a clear error, and RepoDigests name the index.
    local repo=127.0.0.1:$DIST_PORT/$TEST_PREFIX/multi amd arm index out
    python3 "$REPO_ROOT/tests/tools/make-image-archive.py" "$TEST_TMP/arm.tar" --tag arm:v1 --layer-dir "$BUSYBOX_ROOTFS" \
        --layer-random 1 >/dev/null || fail "second archive"
    sk copy -q --dest-tls-verify=false --format oci "docker-archive:$ARCHIVE" "docker://$repo:amd" || fail "seed amd64"
    sk copy -q --dest-tls-verify=false --format oci "docker-archive:$TEST_TMP/arm.tar" "docker://$repo:arm" || fail "seed arm64"
    entry() {
        local raw; raw=$(sk inspect --tls-verify=false --raw "docker://$repo:$1")
        jq -c --arg d "sha256:$(printf '%s' "$raw" | sha256sum | cut -c1-64)" --arg a "$2" \
            '{mediaType: .mediaType, digest: $d, size: ('"${#raw}"'), platform: {architecture: $a, os: "linux"}}' <<<"$raw"
    }
    index=$(jq -cn --argjson a "$(entry amd amd64)" --argjson b "$(entry arm arm64)" \
        '{schemaVersion: 2, mediaType: "application/vnd.oci.image.index.v1+json", manifests: [$b, $a]}')
    curl -sf -X PUT -H 'Content-Type: application/vnd.oci.image.index.v1+json' --data-binary "$index" \
        "http://127.0.0.1:$DIST_PORT/v2/$TEST_PREFIX/multi/manifests/v1" || fail "PUT index"
    local index_digest="sha256:$(printf '%s' "$index" | sha256sum | cut -c1-64)"
    out=$(bk pull "$repo:v1" 2>&1) || fail "pull the index: $out"
    expect_eq "$(bk image inspect -f '{{.Id}}' "$repo:v1")" "$(bk image inspect -f '{{.Id}}' "$(bk pull -q "$repo:amd")")" "the amd64 entry"
    expect_contains "$(bk image inspect -f '{{json .RepoDigests}}' "$repo:v1")" "$TEST_PREFIX/multi@$index_digest" "RepoDigests name the index"
    out=$(bk pull --platform linux/arm64 "$repo:v1" 2>&1) || fail "pull --platform: $out"
    expect_eq "$(bk image inspect -f '{{.Id}}' "$repo:v1")" "$(bk image inspect -f '{{.Id}}' "$(bk pull -q "$repo:arm")")" "the arm64 entry"
    out=$(bk pull --platform linux/s390x "$repo:v1" 2>&1) && fail "pulled a platform the index lacks"
    expect_contains "$out" "no matching manifest for linux/s390x in the manifest list entries" "absent platform"
    out=$(curl -s --unix-socket "$BERTHD_SOCK" "http://b/v1.45/distribution/$repo:v1/json")
    expect_eq "$(jq -r .Descriptor.digest <<<"$out")" "$index_digest" "distribution inspect digest"
    expect_eq "$(jq -c '[.Platforms[].architecture] | sort' <<<"$out")" '["amd64","arm64"]' "distribution inspect platforms"
}

test_berth_registry_round_trip() {
    start_berth_registry OWN || fail "berth-registry"
    defer "stop_registry $OWN_PID"
    local src=127.0.0.1:$DIST_PORT/$TEST_PREFIX/ml:v1 ref=127.0.0.1:$OWN_PORT/$TEST_PREFIX/own:v1 out digest
    bk pull -q "$src" >/dev/null && bk tag "$src" "$ref" || fail "prepare"
    out=$(bk push "$ref" 2>&1) || fail "push: $out"
    digest=$(remote_digest "$ref") || fail "skopeo inspect"
    expect_contains "$out" "v1: digest: $digest" "push digest"
    bk rmi "$ref" "$src" >/dev/null || fail "rmi"
    out=$(bk pull "$ref" 2>&1) || fail "pull: $out"
    expect_contains "$out" "Status: Downloaded newer image for $ref" "pull status"
    expect_eq "$(bk run --rm "$ref" ls /random | tr '\n' ' ')" "1.bin 2.bin " "run"
}

test_large_layers_are_pushed_in_chunks() {
    # A 20 MiB layer goes up as two PATCH requests with Content-Range (16 MiB
    # each at most), then the PUT: seen through a logging proxy in front of
    # a second docker-registry, and checked against berth-registry too.
    python3 "$REPO_ROOT/tests/tools/make-image-archive.py" "$TEST_TMP/big.tar" --tag big:v1 --layer-dir "$BUSYBOX_ROOTFS" --layer-random 20 >/dev/null || fail "archive"
    seed_image "$TEST_TMP/big.tar" "127.0.0.1:$DIST_PORT/$TEST_PREFIX/big:v1" || fail "seed"
    start_distribution CHUNKS || fail "second docker-registry"
    defer "stop_registry $CHUNKS_PID"
    start_berth_registry CHUNKS_OWN || fail "berth-registry"
    defer "stop_registry $CHUNKS_OWN_PID"
    python3 "$REPO_ROOT/tests/tools/fault-proxy.py" --upstream "127.0.0.1:$CHUNKS_PORT" --log "$TEST_TMP/chunks.log" \
        >"$TEST_TMP/chunks.out" 2>&1 &
    local proxy=$!
    defer "kill $proxy 2>/dev/null; wait $proxy 2>/dev/null"
    wait_until 10 grep -q '^listening on ' "$TEST_TMP/chunks.out" || fail "proxy"
    local proxy_port; proxy_port=$(sed -n 's/^listening on 127\.0\.0\.1://p' "$TEST_TMP/chunks.out")
    local src=127.0.0.1:$DIST_PORT/$TEST_PREFIX/big:v1 digest out target
    digest=$(remote_digest "$src") || fail "inspect"
    bk pull -q "$src" >/dev/null || fail "pull"
    for target in "127.0.0.1:$proxy_port/$TEST_PREFIX/big:v1" "127.0.0.1:$CHUNKS_OWN_PORT/$TEST_PREFIX/big:v1"; do
        bk tag "$src" "$target" && out=$(bk push "$target" 2>&1) || fail "push to $target: $out"
        expect_eq "$(remote_digest "$target")" "$digest" "digest after a chunked push to $target"
    done
    expect_eq "$(grep -c '^PATCH .* status=202 ' "$TEST_TMP/chunks.log")" 2 "PATCH requests"
    bk rmi "127.0.0.1:$CHUNKS_OWN_PORT/$TEST_PREFIX/big:v1" "$src" "127.0.0.1:$proxy_port/$TEST_PREFIX/big:v1" >/dev/null || fail "rmi"
    bk run --rm "127.0.0.1:$CHUNKS_OWN_PORT/$TEST_PREFIX/big:v1" wc -c /random/1.bin >"$TEST_TMP/wc" 2>&1 || fail "run: $(cat "$TEST_TMP/wc")"
    expect_eq "$(tail -n 1 "$TEST_TMP/wc")" "20971520 /random/1.bin" "the layer's file after the round trip"
}

test_pull_and_push_over_tls() {
    # A loopback registry is insecure by default: HTTPS without checking the
    # certificate comes first, so this registry (TLS only) works as is.
    make_tls_cert "$TEST_TMP/tls" "$TEST_TMP/tls.key" || fail "openssl"
    start_berth_registry TLS --tls-cert "$TEST_TMP/tls/ca.crt" --tls-key "$TEST_TMP/tls.key" || fail "berth-registry with TLS"
    defer "stop_registry $TLS_PID"
    local ref=127.0.0.1:$TLS_PORT/$TEST_PREFIX/secure:v1 out
    expect_eq "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$TLS_PORT/v2/")" 000 "plain HTTP refused"
    sk copy -q --dest-tls-verify=false "docker-archive:$ARCHIVE" "docker://$ref" || fail "seed"
    out=$(bk pull "$ref" 2>&1) || fail "pull over TLS: $out"
    bk tag "$ref" "127.0.0.1:$TLS_PORT/$TEST_PREFIX/secure:v2" || fail "tag"
    out=$(bk push "127.0.0.1:$TLS_PORT/$TEST_PREFIX/secure:v2" 2>&1) || fail "push over TLS: $out"
    expect_eq "$(remote_digest "127.0.0.1:$TLS_PORT/$TEST_PREFIX/secure:v2")" "$(remote_digest "$ref")" "pushed digest"
}

test_login_with_htpasswd() {
    htpasswd -Bbc "$TEST_TMP/htpasswd" alice secret 2>/dev/null || fail "htpasswd"
    start_distribution AUTH "$TEST_TMP/htpasswd" || fail "registry with htpasswd"
    defer "stop_registry $AUTH_PID"
    local ref=127.0.0.1:$AUTH_PORT/$TEST_PREFIX/private:v1 out
    sk copy -q --dest-tls-verify=false --dest-creds alice:secret "docker-archive:$ARCHIVE" "docker://$ref" || fail "seed"
    out=$(bk pull "$ref" 2>&1) && fail "pull without login succeeded"
    expect_contains "$out" "no basic auth credentials" "pull without login"
    out=$(bk login -u alice -p wrong "127.0.0.1:$AUTH_PORT" 2>&1) && fail "login with a wrong password succeeded"
    expect_contains "$out" "401 Unauthorized" "bad login"
    out=$(bk login -u alice --password-stdin "127.0.0.1:$AUTH_PORT" <<<secret 2>&1) || fail "login: $out"
    expect_contains "$out" "Login Succeeded" "good login"
    expect_eq "$(jq -r ".auths[\"127.0.0.1:$AUTH_PORT\"].auth" "$BERTHD_DIR/client/config.json" | base64 -d)" "alice:secret" "stored login"
    out=$(bk pull "$ref" 2>&1) || fail "pull after login: $out"
    bk tag "$ref" "127.0.0.1:$AUTH_PORT/$TEST_PREFIX/private:v2" || fail "tag"
    out=$(bk push "127.0.0.1:$AUTH_PORT/$TEST_PREFIX/private:v2" 2>&1) || fail "push after login: $out"
    bk logout "127.0.0.1:$AUTH_PORT" >/dev/null || fail "logout"
    bk rmi "$ref" >/dev/null
    out=$(bk pull "$ref" 2>&1) && fail "pull after logout succeeded"
    expect_contains "$out" "no basic auth credentials" "pull after logout"
}

test_bearer_token_login_pull_and_push() {
    start_token_distribution TOKEN alice:secret || fail "registry with token auth"
    defer "stop_registry $TOKEN_PID; stop_registry $TOKEN_TOKEN_PID"
    local ref=127.0.0.1:$TOKEN_PORT/$TEST_PREFIX/tokened:v1 out
    sk copy -q --dest-tls-verify=false --dest-creds alice:secret "docker-archive:$ARCHIVE" "docker://$ref" || fail "seed"
    out=$(bk pull "$ref" 2>&1) && fail "pull without login succeeded"
    out=$(bk login -u alice -p wrong "127.0.0.1:$TOKEN_PORT" 2>&1) && fail "login with a wrong password succeeded"
    expect_contains "$out" "bad credentials" "bad login names the token server's reason"
    out=$(bk login -u alice --password-stdin "127.0.0.1:$TOKEN_PORT" <<<secret 2>&1) || fail "login: $out"
    expect_contains "$out" "Login Succeeded" "good login"
    out=$(bk pull "$ref" 2>&1) || fail "pull with a token: $out"
    bk tag "$ref" "127.0.0.1:$TOKEN_PORT/$TEST_PREFIX/tokened2:v1" || fail "tag"
    out=$(bk push "127.0.0.1:$TOKEN_PORT/$TEST_PREFIX/tokened2:v1" 2>&1) || fail "push with a token: $out"
    expect_eq "$(remote_digest "127.0.0.1:$TOKEN_PORT/$TEST_PREFIX/tokened2:v1" --creds alice:secret)" "$(remote_digest "$ref" --creds alice:secret)" "pushed digest"
    bk logout "127.0.0.1:$TOKEN_PORT" >/dev/null
    # An identity token (OAuth refresh token) in X-Registry-Auth: exchanged at the token server.
    bk rmi "$ref" >/dev/null
    identity() { printf '{"identitytoken":"%s","serveraddress":"127.0.0.1:%s"}' "$1" "$TOKEN_PORT" | base64 -w0 | tr '+/' '-_'; }
    local api="http://b/v1.45/images/create?fromImage=127.0.0.1:$TOKEN_PORT/$TEST_PREFIX/tokened&tag=v1"
    out=$(curl -s --unix-socket "$BERTHD_SOCK" -X POST -H "X-Registry-Auth: $(identity nope)" "$api")
    expect_contains "$out" "bad credentials" "a wrong identity token"
    out=$(curl -s --unix-socket "$BERTHD_SOCK" -X POST -H "X-Registry-Auth: $(identity berth-test-refresh)" "$api")
    expect_contains "$out" "Status: Downloaded newer image for 127.0.0.1:$TOKEN_PORT/$TEST_PREFIX/tokened:v1" "pull with an identity token"
}

test_search_lists_the_catalog() {
    local out
    out=$(bk search "127.0.0.1:$DIST_PORT/$TEST_PREFIX/m" 2>&1) || fail "search: $out"
    expect_eq "$(head -n 1 <<<"$out" | tr -s ' ')" "NAME DESCRIPTION STARS OFFICIAL" "header"
    expect_contains "$out" "127.0.0.1:$DIST_PORT/$TEST_PREFIX/ml " "a matching repository"
    expect_not_contains "$out" "fromdocker" "a repository that does not match"
    out=$("$REPO_ROOT/.build/release/berth" -H "unix://$BERTHD_SOCK" search --format '{{.Name}}' "127.0.0.1:$DIST_PORT/$TEST_PREFIX/ml" 2>&1) \
        || fail "berth search: $out"
    expect_eq "$out" "127.0.0.1:$DIST_PORT/$TEST_PREFIX/ml" "berth search --format"
}

test_run_pulls_a_missing_image() {
    local ref=127.0.0.1:$DIST_PORT/$TEST_PREFIX/ml:v1 out
    bk rmi -f "$ref" >/dev/null 2>&1
    out=$(bk run --rm "$ref" echo ran 2>&1) || fail "run: $out"
    expect_contains "$out" "Unable to find image '$ref' locally" "notice"
    expect_contains "$out" "Status: Downloaded newer image for $ref" "pull status"
    expect_eq "$(tail -n 1 <<<"$out")" "ran" "container output"
}

test_berth_cli_matches_docker_cli() {
    local berth="$REPO_ROOT/.build/release/berth -H unix://$BERTHD_SOCK" ref=127.0.0.1:$DIST_PORT/$TEST_PREFIX/ml:v1 a b
    bk pull -q "$ref" >/dev/null || fail "pull"
    a=$(bk pull "$ref" 2>&1) || fail "docker pull"
    b=$(DOCKER_CONFIG=$BERTHD_DIR/client $berth pull "$ref" 2>&1) || fail "berth pull: $b"
    expect_eq "$b" "$a" "pull output"
    expect_eq "$(DOCKER_CONFIG=$BERTHD_DIR/client $berth pull -q "$ref")" "$ref" "pull -q"
    a=$(bk push "127.0.0.1:$DIST_PORT/$TEST_PREFIX/pushed:v1" 2>&1) || fail "docker push"
    b=$(DOCKER_CONFIG=$BERTHD_DIR/client $berth push "127.0.0.1:$DIST_PORT/$TEST_PREFIX/pushed:v1" 2>&1) || fail "berth push: $b"
    # Layers are checked concurrently: the same lines, in any order.
    expect_eq "$(sort <<<"$b")" "$(sort <<<"$a")" "push output"
    bk rmi "$ref" >/dev/null
    b=$(DOCKER_CONFIG=$BERTHD_DIR/client $berth run --rm "$ref" echo via-berth 2>&1) || fail "berth run: $b"
    expect_contains "$b" "Unable to find image '$ref' locally" "berth run pulls"
    expect_eq "$(tail -n 1 <<<"$b")" "via-berth" "berth run output"
}

test_errors_are_clear_and_leave_nothing() {
    local blobs out code
    blobs=$(ls "$BERTHD_DIR/data/content/blobs/sha256" | wc -l)
    out=$(bk pull "127.0.0.1:$DIST_PORT/$TEST_PREFIX/ml:nope" 2>&1) && fail "unknown tag pulled"
    expect_contains "$out" "manifest for 127.0.0.1:$DIST_PORT/$TEST_PREFIX/ml:nope not found: manifest unknown" "unknown tag"
    code=$(curl -s -o /dev/null -w '%{http_code}' --unix-socket "$BERTHD_SOCK" -X POST \
        "http://b/v1.45/images/create?fromImage=127.0.0.1:$DIST_PORT/$TEST_PREFIX/ml&tag=nope")
    expect_eq "$code" 404 "status of an unknown tag"
    local closed; closed=$(free_port)
    out=$(bk pull "127.0.0.1:$closed/x:v1" 2>&1) && fail "pull from a closed port succeeded"
    expect_contains "$out" "dial tcp 127.0.0.1:$closed: connect: connection refused" "unreachable"
    out=$(bk pull "127.0.0.1:$DIST_PORT/$TEST_PREFIX/nothere:v1" 2>&1) && fail "unknown repository pulled"
    expect_contains "$out" "not found" "unknown repository"
    expect_eq "$(ls "$BERTHD_DIR/data/content/blobs/sha256" | wc -l)" "$blobs" "blobs after failed pulls"
    expect_eq "$(ls "$BERTHD_DIR/data/content/ingest" | wc -l)" 0 "ingest files left"
}

cleanup_all() {
    local rc=$?
    stop_registry "${DIST_PID:-}"
    berthd_cleanup
    engine_cleanup   # runs lib.sh's trap last
    return $rc
}
install_engine_traps
trap cleanup_all EXIT
[ -x "$BERTH_REGISTRY" ] || { echo "not ok - berth-registry is not built"; exit 1; }
python3 "$REPO_ROOT/tests/tools/make-image-archive.py" "$ARCHIVE" --tag "$TEST_PREFIX/ml:v1" --layer-dir "$BUSYBOX_ROOTFS" \
    --layer-random 1 --layer-random 2 >/dev/null || { echo "not ok - image archive"; exit 1; }
start_distribution DIST || { echo "not ok - docker-registry setup"; exit 1; }
seed_image "$ARCHIVE" "127.0.0.1:$DIST_PORT/$TEST_PREFIX/ml:v1" || { echo "not ok - seeding the registry"; exit 1; }
berthd_start || { echo "not ok - berthd setup"; exit 1; }
engine_start || { echo "not ok - dockerd setup"; exit 1; }
run_tests test_pull_by_tag_and_by_digest test_push_is_pulled_by_skopeo_and_dockerd test_dockerd_push_is_pulled_by_berthd \
    test_index_platforms_and_oci_manifests test_berth_registry_round_trip test_large_layers_are_pushed_in_chunks test_pull_and_push_over_tls test_login_with_htpasswd test_bearer_token_login_pull_and_push test_search_lists_the_catalog \
    test_run_pulls_a_missing_image test_berth_cli_matches_docker_cli test_errors_are_clear_and_leave_nothing
