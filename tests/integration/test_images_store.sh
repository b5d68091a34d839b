#!/usr/bin/env bash
# The image store under hostile input and crashes: crafted layers are refused
# or confined and change nothing; a berthd killed with SIGKILL in the middle
# of a large load leaves no half image, blob or snapshot after a restart.
set -u
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/berthd.sh"
MAKE_ARCHIVE="$REPO_ROOT/tests/tools/make-image-archive.py"

# store_state: what the store holds on disk, to compare before and after.
store_state() {
    (cd "$BERTHD_DIR/data" && find content/blobs snapshots -mindepth 1 -maxdepth 2 2>/dev/null | sort)
    bk images -q --no-trunc | sort
}

# crafted_layer NAME PYTHON: a layer tar written by a Python tarfile snippet
# that gets `tar` (an open TarFile) and `add(name, data=b"", **attrs)`.
crafted_layer() {
    python3 - "$TEST_TMP/$1.tar" "$2" <<'PY'
import io, sys, tarfile
out, body = sys.argv[1], sys.argv[2]
with tarfile.open(out, "w", format=tarfile.PAX_FORMAT) as tar:
    def add(name, data=b"", **attrs):
        info = tarfile.TarInfo(name)
        info.size = len(data)
        info.mode = 0o644
        for key, value in attrs.items():
            setattr(info, key, value)
        tar.addfile(info, io.BytesIO(data) if info.isfile() else None)
    exec(body)
PY
    echo "$TEST_TMP/$1.tar"
}

CANARY_DIR=$TEST_TMP/outside
# expect_refused NAME PYTHON: loading an image with that layer fails, the
# canary outside the data root is untouched and the store is unchanged.
expect_refused() {
    mkdir -p "$CANARY_DIR"; echo original > "$CANARY_DIR/canary"
    local layer archive before after out
    layer=$(crafted_layer "$1" "$2")
    archive=$TEST_TMP/$1-image.tar
    python3 "$MAKE_ARCHIVE" "$archive" --tag "$TEST_PREFIX-evil:$1" --layer-tar "$layer" >/dev/null || fail "make archive"
    before=$(store_state)
    out=$(bk load -i "$archive" 2>&1) && fail "$1: load succeeded: $out"
    expect_contains "$out" "layer" "$1: error names the layer"
    after=$(store_state)
    expect_eq "$after" "$before" "$1: store unchanged"
    expect_eq "$(cat "$CANARY_DIR/canary")" original "$1: canary"
    expect_eq "$(ls "$CANARY_DIR")" canary "$1: nothing new outside"
    expect_eq "$(ls -A "$BERTHD_DIR/data/content/ingest" "$BERTHD_DIR/data/tmp" 2>/dev/null | grep -v ':$' | grep -c .)" 0 "$1: scratch files"
    rm -f "$layer" "$archive"
}

test_absolute_name_is_confined_or_refused() {
    # An absolute name may be confined (made relative) instead of refused;
    # either way nothing lands outside.
    mkdir -p "$CANARY_DIR"; echo original > "$CANARY_DIR/canary"
    local layer archive out
    layer=$(crafted_layer abs "add('$CANARY_DIR/canary', b'pwned')")
    archive=$TEST_TMP/abs-image.tar
    python3 "$MAKE_ARCHIVE" "$archive" --tag "$TEST_PREFIX-abs:v1" --layer-tar "$layer" >/dev/null || fail "make archive"
    out=$(bk load -i "$archive" 2>&1)
    expect_eq "$(cat "$CANARY_DIR/canary")" original "canary"
    bk rmi -f "$TEST_PREFIX-abs:v1" >/dev/null 2>&1
    true
}

test_dotdot_name_is_refused() {
    expect_refused dotdot "add('../../../../../../../../$CANARY_DIR/canary', b'pwned')"
}

test_write_through_planted_symlink_is_refused() {
    expect_refused symlink "add('link', type=tarfile.SYMTYPE, linkname='$CANARY_DIR'); add('link/canary', b'pwned')"
}

test_relative_symlink_escape_is_refused() {
    expect_refused relsym "add('a', type=tarfile.SYMTYPE, linkname='../../../../../../../../../..$CANARY_DIR'); add('a/new', b'pwned')"
}

test_hardlink_to_outside_is_refused() {
    expect_refused hardlink "add('h', type=tarfile.LNKTYPE, linkname='../../../../../../../../..$CANARY_DIR/canary')"
}

test_bad_whiteout_is_refused() {
    expect_refused whiteout "add('.wh...'); add('x/.wh.', b'')"
}

test_kill9_during_load_leaves_nothing() {
    local archive=$TEST_TMP/big.tar before after out
    python3 "$MAKE_ARCHIVE" "$archive" --tag "$TEST_PREFIX-big:v1" --layer-random 120 --layer-random 120 --layer-random 120 >/dev/null || fail "make archive"
    before=$(store_state)
    bk load -i "$archive" >/dev/null 2>&1 &
    local client=$!
    # Kill once the daemon is well into the upload or the unpacking.
    wait_until 60 bash -c "[ \$(du -sm '$BERTHD_DIR/data' | cut -f1) -gt 150 ]" || fail "the load never got going"
    berthd_kill9
    wait $client 2>/dev/null
    berthd_start || fail "berthd did not restart"
    after=$(store_state)
    expect_eq "$after" "$before" "store after the crash and restart"
    expect_eq "$(ls -A "$BERTHD_DIR/data/content/ingest" "$BERTHD_DIR/data/tmp" | grep -v ':$' | grep -c .)" 0 "scratch files after restart"
    out=$(bk load -i "$archive" 2>&1) || fail "the same load after restart: $out"
    expect_eq "$out" "Loaded image: $TEST_PREFIX-big:v1" "load output"
    bk rmi "$TEST_PREFIX-big:v1" >/dev/null || fail "rmi"
    expect_eq "$(store_state)" "$before" "store after rmi"
    rm -f "$archive"
}

trap 'berthd_cleanup; rm -rf "$TEST_TMP"' EXIT
berthd_start || { echo "not ok - berthd setup"; exit 1; }
run_tests test_absolute_name_is_confined_or_refused test_dotdot_name_is_refused \
    test_write_through_planted_symlink_is_refused test_relative_symlink_escape_is_refused \
    test_hardlink_to_outside_is_refused test_bad_whiteout_is_refused test_kill9_during_load_leaves_nothing
