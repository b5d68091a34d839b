#!/usr/bin/env bash
# berthd pulling through a faulty registry: tests/tools/fault-proxy.py sits in
# front of Debian's docker-registry and drops a connection mid-layer, flips a
# byte of a layer, answers 500s, or sends slowly. Each pull must either
# succeed after retries or fail with a clear error, and never leave a corrupt
# or half image: checked on the CLI's output and on the store on disk
# (content/blobs, content/ingest, snapshots). Last, berthd is killed with
# SIGKILL mid-pull, and a second pull reuses the layers already verified.
set -u
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/berthd.sh"
source "$(dirname "${BASH_SOURCE[0]}")/registry.sh"

FAULT_PROXY=$REPO_ROOT/tests/tools/fault-proxy.py
DATA=$BERTHD_DIR/data
# Retries wait 1 s × attempt instead of 5 s; berthd inherits this.
export BERTH_REGISTRY_RETRY_SECONDS=1

# make_image NAME LAYER-ARGS...: builds an image archive and seeds it into the
# registry as $TEST_PREFIX/NAME:v1 (directly, not through a proxy).
make_image() {
    local name=$1; shift
    python3 "$REPO_ROOT/tests/tools/make-image-archive.py" "$TEST_TMP/$name.tar" --tag "$TEST_PREFIX/$name:v1" "$@" >/dev/null \
        || fail "image archive $name"
    seed_image "$TEST_TMP/$name.tar" "127.0.0.1:$DIST_PORT/$TEST_PREFIX/$name:v1" || fail "seeding $name"
}

# manifest NAME: the seeded image's manifest, read from the registry itself.
manifest() { skopeo inspect --tls-verify=false --raw "docker://127.0.0.1:$DIST_PORT/$TEST_PREFIX/$1:v1"; }
# layer_digests NAME: its layer digests, in order.
layer_digests() { manifest "$1" | jq -r '.layers[].digest'; }

# start_proxy NAME RULE...: a fault proxy in front of the registry; sets
# PROXY_PORT, PROXY_PID and PROXY_LOG. Its pid also goes in a file, for the
# file's cleanup.
start_proxy() {
    local name=$1 dir=$TEST_TMP/proxy-$1 rule args=(); shift
    mkdir -p "$dir"
    for rule in "$@"; do args+=(--rule "$rule"); done
    python3 "$FAULT_PROXY" --upstream "127.0.0.1:$DIST_PORT" --log "$dir/requests.log" "${args[@]}" >"$dir/out" 2>&1 &
    PROXY_PID=$!
    echo "$PROXY_PID" > "$dir/pid"
    PROXY_LOG=$dir/requests.log
    defer "stop_proxy $PROXY_PID"
    wait_until 10 grep -q '^listening on ' "$dir/out" || { cat "$dir/out" >&2; fail "fault proxy $name"; }
    PROXY_PORT=$(sed -n 's/^listening on 127\.0\.0\.1://p' "$dir/out")
}

stop_proxy() { kill -TERM "$1" 2>/dev/null; wait "$1" 2>/dev/null; return 0; }

# blob_requests DIGEST [RESULT]: how many GETs of the blob the proxy has
# logged (that ended with RESULT, if given).
blob_requests() {
    grep -c "^GET /v2/[^ ]*/blobs/$1 .* result=${2:-}" "$PROXY_LOG" 2>/dev/null
}

hex() { echo "${1#sha256:}"; }
short() { hex "$1" | cut -c1-12; }
snapshot_count() { find "$DATA/snapshots" -mindepth 1 -maxdepth 1 | wc -l; }
ingest_count() { find "$DATA/content/ingest" -mindepth 1 | wc -l; }
has_blob() { [ -e "$DATA/content/blobs/sha256/$(hex "$1")" ]; }
# listed REF: whether `images` lists REF (berthd must answer).
listed() {
    local images; images=$(bk images --format '{{.Repository}}:{{.Tag}}') || fail "images: $images"
    grep -qxF "$1" <<<"$images"
}

# expect_nothing_half REF SNAPSHOTS-BEFORE DIGEST...: after a failed pull, no
# image, none of the blobs, an empty ingest, no new or temporary snapshot.
expect_nothing_half() {
    local ref=$1 before=$2 digest; shift 2
    listed "$ref" && fail "$ref is listed after a failed pull"
    bk image inspect "$ref" >/dev/null 2>&1 && fail "$ref can be inspected after a failed pull"
    for digest in "$@"; do has_blob "$digest" && fail "blob $digest is in the store"; done
    expect_eq "$(ingest_count)" 0 "files in content/ingest"
    expect_eq "$(snapshot_count)" "$before" "snapshot directories"
}

# expect_server_error ACTUAL PREFIX WHAT: ACTUAL is PREFIX and the error of the
# proxy's 500, relayed from its body or worded as Docker words any 5xx.
expect_server_error() {
    [ "$1" == "${2}unknown: injected HTTP 500" ] || [ "$1" == "${2}received unexpected HTTP status: 500 Internal Server Error" ] ||
        fail "$3: expected the registry's 500, got [$1]"
}

# berthd_restart_with JSON: restarts berthd with JSON merged into daemon.json.
berthd_restart_with() {
    jq ". + $1" "$TEST_TMP/daemon.json" > "$BERTHD_DIR/daemon.json" || fail "daemon.json"
    berthd_stop
    berthd_start || fail "berthd restart"
}

test_dropped_connection_is_retried() {
    make_image drop --layer-dir "$BUSYBOX_ROOTFS" --layer-random 2
    local digests big out
    digests=($(layer_digests drop)); big=${digests[1]}
    start_proxy drop "GET /blobs/$big\$ drop-after=1048576 times=1"
    local ref=127.0.0.1:$PROXY_PORT/$TEST_PREFIX/drop:v1
    out=$(bk pull "$ref" 2>&1) || fail "pull: $out"
    expect_eq "$(blob_requests "$big")" 2 "GETs of the dropped blob"
    expect_eq "$(blob_requests "$big" dropped)" 1 "GETs dropped by the proxy"
    # The retry asks only for the rest of the blob (from what arrived before the drop).
    expect_eq "$(grep -c "/blobs/$big range=bytes=[1-9][0-9]*- status=206 " "$PROXY_LOG")" 1 "the retry's Range"
    expect_contains "$out" "$(short "$big"): Retrying in 1 second" "retry line"
    expect_contains "$out" "Status: Downloaded newer image for $ref" "status line"
    expect_eq "$(sha256sum "$DATA/content/blobs/sha256/$(hex "$big")" | cut -c1-64)" "$(hex "$big")" "stored blob digest"
    expect_eq "$(ingest_count)" 0 "files in content/ingest"
    expect_eq "$(bk run --rm "$ref" wc -c /random/1.bin)" "2097152 /random/1.bin" "the retried layer's file"
}

test_refused_resume_starts_the_layer_again() {
    make_image norange --layer-dir "$BUSYBOX_ROOTFS" --layer-random 2
    local digests big out
    digests=($(layer_digests norange)); big=${digests[1]}
    start_proxy norange "GET /blobs/$big\$ drop-after=1048576 times=1" "GET /blobs/$big\$ status=416 times=1"
    local ref=127.0.0.1:$PROXY_PORT/$TEST_PREFIX/norange:v1
    out=$(bk pull "$ref" 2>&1) || fail "pull: $out"
    expect_eq "$(blob_requests "$big")" 3 "GETs: dropped, refused resume, whole again"
    expect_eq "$(grep "/blobs/$big " "$PROXY_LOG" | tail -n 1 | grep -c " range=- status=200 .* result=ok")" 1 "the last GET asks for the whole blob"
    expect_eq "$(sha256sum "$DATA/content/blobs/sha256/$(hex "$big")" | cut -c1-64)" "$(hex "$big")" "stored blob digest"
    expect_eq "$(ingest_count)" 0 "files in content/ingest"
}

test_corrupt_blob_is_refused() {
    make_image corrupt --layer-random 1
    local digests big out code before
    digests=($(layer_digests corrupt)); big=${digests[0]}
    before=$(snapshot_count)
    start_proxy corrupt "GET /blobs/$big\$ corrupt-byte=4096 times=1"
    local ref=127.0.0.1:$PROXY_PORT/$TEST_PREFIX/corrupt:v1
    out=$(bk pull "$ref" 2>&1); code=$?
    expect_eq "$code" 1 "exit code of the pull"
    expect_contains "$out" "filesystem layer verification failed for digest $big" "error"
    expect_not_contains "$out" "Retrying" "retries of a corrupt blob"
    expect_not_contains "$out" "Pull complete" "layers completed"
    expect_eq "$(blob_requests "$big")" 1 "GETs of the corrupt blob"
    expect_eq "$(grep -c "/blobs/$big .* sent=$(manifest corrupt | jq -r '.layers[0].size') result=ok" "$PROXY_LOG")" 1 \
        "the whole (corrupt) blob was sent"
    expect_nothing_half "$ref" "$before" "$big"
    # The same registry without the fault: the failed pull left nothing in the way.
    out=$(bk pull "$ref" 2>&1) || fail "second pull: $out"
    expect_contains "$out" "Status: Downloaded newer image for $ref" "second pull"
    has_blob "$big" || fail "blob missing after the second pull"
}

test_server_errors_are_retried() {
    make_image flaky --layer-dir "$BUSYBOX_ROOTFS" --layer-random 1
    local digests big out
    digests=($(layer_digests flaky)); big=${digests[1]}
    start_proxy flaky "GET /blobs/$big\$ status=500 times=2"
    local ref=127.0.0.1:$PROXY_PORT/$TEST_PREFIX/flaky:v1
    out=$(bk pull "$ref" 2>&1) || fail "pull: $out"
    expect_eq "$(blob_requests "$big")" 3 "GETs of the blob"
    expect_contains "$out" "$(short "$big"): Retrying in 1 second" "first retry"
    expect_contains "$out" "$(short "$big"): Retrying in 2 seconds" "second retry (2 s × attempt)"
    expect_eq "$(grep -c "Retrying in" <<<"$out")" 3 "countdown lines (1, then 2 and 1)"
    expect_contains "$out" "Status: Downloaded newer image for $ref" "status line"
    expect_eq "$(bk run --rm "$ref" ls /random)" "1.bin" "run"
}

test_server_errors_exhaust_attempts() {
    defer berthd_restart_with '{}'
    berthd_restart_with '{"max-download-attempts": 2}'
    make_image broken --layer-random 1
    local digests big out code before
    digests=($(layer_digests broken)); big=${digests[0]}
    before=$(snapshot_count)
    start_proxy broken "GET /blobs/$big\$ status=500 times=1000"
    local ref=127.0.0.1:$PROXY_PORT/$TEST_PREFIX/broken:v1
    out=$(bk pull "$ref" 2>&1); code=$?
    expect_eq "$code" 1 "exit code of the pull"
    expect_eq "$(blob_requests "$big")" 2 "GETs of the blob (max-download-attempts 2)"
    expect_eq "$(grep -c "Retrying in" <<<"$out")" 1 "countdown lines"
    expect_server_error "$(tail -n 1 <<<"$out")" "" "the last line"
    expect_nothing_half "$ref" "$before" "$big"
}

test_manifest_error_is_reported() {
    make_image nomanifest --layer-random 1
    local out code before blobs
    before=$(snapshot_count); blobs=$(ls "$DATA/content/blobs/sha256" | wc -l)
    start_proxy nomanifest "GET /manifests/ status=500"
    local ref=127.0.0.1:$PROXY_PORT/$TEST_PREFIX/nomanifest:v1
    out=$(bk pull "$ref" 2>&1); code=$?
    expect_eq "$code" 1 "exit code of the pull"
    expect_server_error "$out" "Error response from daemon: " "the pull's output (an error before the stream)"
    expect_eq "$(grep -c "^GET [^ ]*/manifests/v1 " "$PROXY_LOG")" 1 "GETs of the manifest"
    expect_eq "$(grep -c "/blobs/" "$PROXY_LOG")" 0 "blob requests"
    expect_eq "$(ls "$DATA/content/blobs/sha256" | wc -l)" "$blobs" "blobs in the store"
    expect_nothing_half "$ref" "$before"
}

test_slow_registry_completes() {
    make_image slow --layer-dir "$BUSYBOX_ROOTFS" --layer-random 2
    local digests big out started elapsed
    digests=($(layer_digests slow)); big=${digests[1]}
    start_proxy slow "GET /blobs/$big\$ rate=524288"
    local ref=127.0.0.1:$PROXY_PORT/$TEST_PREFIX/slow:v1
    started=$SECONDS
    out=$(bk pull "$ref" 2>&1) || fail "pull: $out"
    elapsed=$((SECONDS - started))
    [ "$elapsed" -ge 3 ] || fail "a 2 MiB layer at 512 KiB/s took ${elapsed}s: not throttled"
    expect_eq "$(blob_requests "$big" ok)" 1 "GETs of the slow blob"
    expect_not_contains "$out" "Retrying" "retries"
    expect_contains "$out" "Status: Downloaded newer image for $ref" "status line"
    expect_eq "$(bk run --rm "$ref" wc -c /random/1.bin)" "2097152 /random/1.bin" "run"
}

test_kill9_mid_pull_resumes() {
    # Small layers of their own (not busybox's, which other tests pulled).
    local tree=$TEST_TMP/killtree
    cp -a "$BUSYBOX_ROOTFS" "$tree" && echo "$TEST_PREFIX" > "$tree/kill-marker" || fail "layer tree"
    make_image resume --layer-dir "$tree" --layer-random 1 --layer-random 8
    local digests config out before pull_pid
    digests=($(layer_digests resume))
    config=$(manifest resume | jq -r .config.digest)
    before=$(snapshot_count)
    start_proxy resume "GET /blobs/${digests[2]}\$ rate=1048576 times=1"
    local ref=127.0.0.1:$PROXY_PORT/$TEST_PREFIX/resume:v1
    DOCKER_CONFIG=$BERTHD_DIR/client timeout -k 5 60 "$DOCKER_CLI_28" -H "unix://$BERTHD_SOCK" pull "$ref" >"$TEST_TMP/first-pull" 2>&1 &
    pull_pid=$!
    defer "kill $pull_pid; wait $pull_pid"
    wait_until 20 grep -q "$(short "${digests[1]}"): Pull complete" "$TEST_TMP/first-pull" &&
        wait_until 5 grep -q "$(short "${digests[0]}"): Pull complete" "$TEST_TMP/first-pull" ||
        fail "the small layers did not complete: $(cat "$TEST_TMP/first-pull")"
    expect_eq "$(blob_requests "${digests[2]}")" 0 "the big blob had ended before the kill"
    berthd_kill9
    wait "$pull_pid" 2>/dev/null && fail "the first pull succeeded: $(cat "$TEST_TMP/first-pull")"
    # The crash left: the small layers verified and unpacked, the big one partial.
    expect_eq "$(snapshot_count)" "$((before + 2))" "snapshots after the kill"
    has_blob "${digests[0]}" && has_blob "${digests[1]}" || fail "small blobs missing after the kill"
    has_blob "${digests[2]}" && fail "the big blob is whole after the kill"
    [ "$(ingest_count)" -ge 1 ] || fail "no partial download in content/ingest after the kill"
    wait_until 5 grep -q "/blobs/${digests[2]} .* result=client-gone" "$PROXY_LOG" || fail "the proxy saw no broken download"

    berthd_start || fail "berthd restart"
    listed "$ref" && fail "image listed before it was pulled"
    expect_eq "$(ingest_count)" 0 "files in content/ingest after the restart"
    has_blob "${digests[0]}" && has_blob "${digests[1]}" || fail "the restart swept the verified blobs"
    expect_eq "$(snapshot_count)" "$((before + 2))" "snapshots after the restart"
    out=$(bk pull "$ref" 2>&1) || fail "second pull: $out"
    expect_contains "$out" "$(short "${digests[0]}"): Already exists" "first layer reused"
    expect_contains "$out" "$(short "${digests[1]}"): Already exists" "second layer reused"
    expect_contains "$out" "$(short "${digests[2]}"): Pull complete" "big layer pulled"
    expect_contains "$out" "Status: Downloaded newer image for $ref" "status line"
    expect_eq "$(blob_requests "${digests[0]}")" 1 "GETs of the first layer"
    expect_eq "$(blob_requests "${digests[1]}")" 1 "GETs of the second layer"
    expect_eq "$(blob_requests "$config")" 1 "GETs of the config"
    expect_eq "$(blob_requests "${digests[2]}")" 2 "GETs of the big layer"
    expect_eq "$(bk run --rm "$ref" sh -c 'cat /kill-marker; ls /random')" "$(printf '%s\n1.bin\n2.bin' "$TEST_PREFIX")" "run"
    expect_eq "$(ingest_count)" 0 "files in content/ingest"
    expect_eq "$(find "$DATA/snapshots" -mindepth 1 -maxdepth 1 -name 'tmp-*' | wc -l)" 0 "temporary snapshots"
    expect_eq "$(find "$DATA/tmp" -mindepth 1 | wc -l)" 0 "files in tmp"
}

cleanup_all() {
    local rc=$? pidfile
    for pidfile in "$TEST_TMP"/proxy-*/pid; do [ -f "$pidfile" ] && stop_proxy "$(cat "$pidfile")"; done
    stop_registry "${DIST_PID:-}"
    berthd_cleanup
    remove_test_cgroups
    rm -rf "$TEST_TMP"
    return $rc
}
trap cleanup_all EXIT
command -v docker-registry >/dev/null || { echo "not ok - docker-registry is not installed"; exit 1; }
start_distribution DIST || { echo "not ok - docker-registry setup"; exit 1; }
mkdir -p "$BERTHD_DIR"
echo "{\"cgroup-parent\": \"/$TEST_PREFIX\"}" > "$TEST_TMP/daemon.json"
cp "$TEST_TMP/daemon.json" "$BERTHD_DIR/daemon.json"
berthd_start || { echo "not ok - berthd setup"; exit 1; }
run_tests test_dropped_connection_is_retried test_refused_resume_starts_the_layer_again test_corrupt_blob_is_refused test_server_errors_are_retried \
    test_server_errors_exhaust_attempts test_manifest_error_is_reported test_slow_registry_completes test_kill9_mid_pull_resumes
