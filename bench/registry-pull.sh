#!/usr/bin/env bash
# Pulling one multi-layer image from the same local registry into berthd and
# into Debian's dockerd 20.10, side by side in one run: a cold pull each
# time (the image and its layers removed before every run), timed by
# hyperfine. The registry is Debian's docker-registry on 127.0.0.1, neutral
# to both. The image: the test busybox tree plus four 50 MiB layers, two of
# random bytes and two of base64 text, gzip-compressed by skopeo as it
# seeds the registry: 5 layers, 212 MB of blobs (the script prints the
# figure; random and base64 data hardly shrink, so decompression is cheap
# and the pull is bound by transfer, verification and unpacking).
#
# Usage: bench/registry-pull.sh      (as root, after a release build)
#   RUNS=5   measured runs per side;  LAYER_MB=50
set -u
REPO_ROOT=$(cd "$(dirname "$0")/.." && pwd)
RUNS=${RUNS:-5}
LAYER_MB=${LAYER_MB:-50}
TEST_PREFIX=berthtestbench$$
source "$REPO_ROOT/tests/integration/lib.sh"
source "$REPO_ROOT/tests/integration/berthd.sh"
source "$REPO_ROOT/tests/integration/dockerd.sh"
source "$REPO_ROOT/tests/integration/registry.sh"
for t in hyperfine jq skopeo docker-registry; do command -v $t >/dev/null || { echo "$t is required" >&2; exit 1; }; done

cleanup_all() {
    stop_registry "${BENCH_PID:-}"
    berthd_cleanup; engine_cleanup
}
install_engine_traps
trap cleanup_all EXIT

archive=$TEST_TMP/image.tar
mkdir -p "$TEST_TMP/text1" "$TEST_TMP/text2"
head -c $((LAYER_MB * 786432)) /dev/urandom | base64 > "$TEST_TMP/text1/a.txt"
head -c $((LAYER_MB * 786432)) /dev/urandom | base64 > "$TEST_TMP/text2/b.txt"
python3 "$REPO_ROOT/tests/tools/make-image-archive.py" "$archive" --tag bench/pull:v1 --layer-dir "$BUSYBOX_ROOTFS" \
    --layer-random "$LAYER_MB" --layer-dir "$TEST_TMP/text1" --layer-random "$LAYER_MB" --layer-dir "$TEST_TMP/text2" >/dev/null || exit 1
start_distribution BENCH || exit 1
REF=127.0.0.1:$BENCH_PORT/bench/pull:v1
seed_image "$archive" "$REF" || exit 1
rm -rf "$archive" "$TEST_TMP/text1" "$TEST_TMP/text2"
manifest=$(skopeo inspect --tls-verify=false --raw "docker://$REF")
echo "# image: $(jq '.layers | length' <<<"$manifest") layers, $(jq '[.layers[].size] | add' <<<"$manifest") bytes compressed"

berthd_start || exit 1
engine_start || exit 1

bk_cmd="env DOCKER_CONFIG=$BERTHD_DIR/client $DOCKER_CLI_28 -H unix://$BERTHD_SOCK"
dk_cmd="env DOCKER_CONFIG=$ENGINE_DIR/client $DOCKER_CLI_28 -H unix://$DOCKER_SOCK"
berth_cmd="$REPO_ROOT/.build/release/berth -H unix://$BERTHD_SOCK"
# Each side once, so that a failing side says why.
$bk_cmd pull -q "$REF" >/dev/null || { echo "docker → berthd pull failed" >&2; exit 1; }
$dk_cmd pull -q "$REF" >/dev/null || { echo "docker → dockerd pull failed" >&2; exit 1; }
bk_id=$($bk_cmd image inspect -f '{{.Id}}' "$REF"); dk_id=$($dk_cmd image inspect -f '{{.Id}}' "$REF")
[ "$bk_id" = "$dk_id" ] || { echo "image IDs differ: $bk_id vs $dk_id" >&2; exit 1; }
echo "# both daemons pulled image $bk_id"

hyperfine -N -w 0 -r "$RUNS" --export-json "$TEST_TMP/pull.json" \
    -n "berth → berthd" --prepare "$bk_cmd rmi -f $REF" "$berth_cmd pull -q $REF" \
    -n "docker → berthd" --prepare "$bk_cmd rmi -f $REF" "$bk_cmd pull -q $REF" \
    -n "docker → dockerd" --prepare "$dk_cmd rmi -f $REF" "$dk_cmd pull -q $REF" >&2 || exit 1
median() { jq -r --arg n "$1" '.results[] | select(.command == $n) | .median' "$TEST_TMP/pull.json"; }
b=$(median "berth → berthd"); k=$(median "docker → berthd"); d=$(median "docker → dockerd")
printf '| side | median pull |\n|---|---|\n| berth → berthd | %.2f s |\n| docker → berthd | %.2f s |\n| docker → dockerd | %.2f s |\n' "$b" "$k" "$d"
printf 'berthd ÷ dockerd (docker CLI both sides): %.3f\n' "$(echo "$k / $d" | bc -l)"
