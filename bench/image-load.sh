#!/usr/bin/env bash
# Loads the same large multi-layer image into berthd and into Debian's dockerd
# (20.10) side by side, and unpacks its layers with plain `tar -x` as the floor.
#
# The image: a `docker save`-style archive made by tests/tools/make-image-archive.py
# from real trees (/usr/bin, /usr/lib/gcc, /usr/lib/python3.11, /usr/libexec and
# /usr/share/perl — many small and large files), several hundred MB in 5 layers.
# Each measured run starts from a store without the image (removed in a
# hyperfine --prepare step, not timed).
#
# Usage: bench/image-load.sh        (as root, after a release build)
#   RUNS=5  measured runs per side
set -u
REPO_ROOT=$(cd "$(dirname "$0")/.." && pwd)
RUNS=${RUNS:-5}
TEST_PREFIX=berthtestbench$$
source "$REPO_ROOT/tests/integration/lib.sh"
source "$REPO_ROOT/tests/integration/berthd.sh"
source "$REPO_ROOT/tests/integration/dockerd.sh"
for t in hyperfine jq; do command -v $t >/dev/null || { echo "$t is required" >&2; exit 1; }; done

cleanup_all() { berthd_cleanup; engine_cleanup; }
install_engine_traps
trap cleanup_all EXIT

archive=$TEST_TMP/image.tar
layers=(/usr/bin /usr/lib/gcc /usr/lib/python3.11 /usr/libexec /usr/share/perl)
args=(); for l in "${layers[@]}"; do [ -d "$l" ] && args+=(--layer-dir "$l"); done
echo "# making the image from ${layers[*]}"
python3 "$REPO_ROOT/tests/tools/make-image-archive.py" "$archive" --tag benchimage:v1 "${args[@]}" >/dev/null || exit 1
bytes=$(stat -c %s "$archive")
echo "# archive: $((bytes / 1000000)) MB, $((${#args[@]} / 2)) layers"

berthd_start || exit 1
engine_start || exit 1
export DOCKER_CONFIG=$ENGINE_DIR/client

bk_cmd="DOCKER_CONFIG=$BERTHD_DIR/client $DOCKER_CLI_28 -H unix://$BERTHD_SOCK"
dk_cmd="$DOCKER_CLI -H unix://$DOCKER_SOCK"
mkdir -p "$TEST_TMP/layers" "$TEST_TMP/x"
tar -C "$TEST_TMP/layers" -xf "$archive"
# Each layer into its own directory, as both daemons unpack them.
tar_cmd="for f in $TEST_TMP/layers/*/layer.tar; do d=$TEST_TMP/x/\$(basename \$(dirname \$f)); mkdir -p \$d; tar -C \$d -xf \$f || exit 1; done"

json=$TEST_TMP/result.json
hyperfine --warmup 1 --runs "$RUNS" --export-json "$json" \
    --prepare "$bk_cmd rmi -f benchimage:v1 >/dev/null 2>&1; sync" -n berthd "$bk_cmd load -q -i $archive" \
    --prepare "$dk_cmd rmi -f benchimage:v1 >/dev/null 2>&1; sync" -n dockerd "$dk_cmd load -q -i $archive" \
    --prepare "rm -rf $TEST_TMP/x; mkdir $TEST_TMP/x; sync" -n "tar -x" "sh -c '$tar_cmd'"

echo
echo "$RUNS runs each; archive $((bytes / 1000000)) MB:"
printf "%-10s %10s %10s %10s\n" side "median s" "mean s" "MB/s"
jq -r --argjson b "$bytes" '.results[] | [.command, .median, .mean, ($b / 1000000 / .median)] | @tsv' "$json" |
    while IFS=$'\t' read -r name median mean rate; do printf "%-10s %10.3f %10.3f %10.1f\n" "$name" "$median" "$mean" "$rate"; done
jq -r '.results as $r | "berthd/dockerd median ratio: \($r[0].median / $r[1].median | . * 1000 | round / 1000)"' "$json"
