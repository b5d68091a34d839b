#!/usr/bin/env bash
# The berth CLI's image commands, side by side with Docker's CLI.
#
# Both clients talk to the same daemon; every check runs the same command
# through each and compares stdout, stderr and the exit status (stderr with
# "docker" read as "berth", since messages name their program). That holds
# berth to Docker 28's columns, number and date formats, JSON layout, error
# texts and exit codes, whatever daemon serves them.
#
# Environment:
#   BERTH_CLI=/path/to/berth       client under test (default .build/debug/berth,
#                                  else .build/release/berth)
#   TEST_DOCKER_HOST=unix:///sock  daemon to test against. Unset: this file
#                                  starts a private berthd (or, with
#                                  CLI_TEST_DAEMON=dockerd, a private Debian
#                                  dockerd) under $TEST_TMP and removes it
#                                  at the end. Set: the images
#                                  this file makes are named $TEST_PREFIX/…,
#                                  but `image prune` removes every dangling one.
#   DOCKER_CLI=/path/to/docker     reference client (default /usr/local/bin/docker,
#                                  Docker 28, else docker on PATH)
#   CLI_IMAGES_TEST=skip           skip this file
set -u

if [ "${CLI_IMAGES_TEST:-}" = skip ]; then
    echo "# $(basename "$0"): skipped (CLI_IMAGES_TEST=skip)"
    exit 0
fi

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/cli_compare.sh"

# Every name this run creates starts with this, so it never touches other images.
REPO=$TEST_PREFIX
BASE_IMAGE=$REPO/bb:latest

dk() { timeout --foreground -k 5 60 "$DOCKER_CLI" -H "$TEST_DOCKER_HOST" "$@"; }
bt() { timeout --foreground -k 5 60 "$BERTH_CLI" -H "$TEST_DOCKER_HOST" "$@"; }

# run_both ARGS...: runs ARGS through both clients; leaves their stdout,
# stderr and status in $TEST_TMP/{docker,berth}.{out,err,rc}.
run_both() {
    dk "$@" >"$TEST_TMP/docker.out" 2>"$TEST_TMP/docker.err"; echo $? >"$TEST_TMP/docker.rc"
    bt "$@" >"$TEST_TMP/berth.out" 2>"$TEST_TMP/berth.err"; echo $? >"$TEST_TMP/berth.rc"
    # Docker's messages name docker; one of its usage errors says "SRun" (a typo).
    sed -i 's/docker/berth/g; s/Docker/Berth/g; s/^SRun /Run /' "$TEST_TMP/docker.err"
}

prepare_images() {
    local rootfs=$BUSYBOX_ROOTFS
    if [ ! -d "$rootfs" ]; then
        rootfs=$TEST_TMP/busybox-rootfs
        bash "$REPO_ROOT/scripts/make-busybox-rootfs.sh" "$rootfs" >/dev/null || return 1
    fi
    ROOTFS_TAR=$TEST_TMP/rootfs.tar
    tar -C "$rootfs" -c . > "$ROOTFS_TAR" || return 1
    dk import "$ROOTFS_TAR" "$BASE_IMAGE" >/dev/null || { echo "# docker import failed" >&2; return 1; }
    # A second image, not a second tag: Docker's CLI orders the rows of one
    # image's repositories by Go map iteration, which varies from run to run.
    # A second later, too: the daemon's order among equal creation times varies.
    sleep 1.1
    dk import -c 'CMD ["sh"]' "$ROOTFS_TAR" "$REPO/other:v2" >/dev/null || { echo "# docker import failed" >&2; return 1; }
}

# remove_repos NAME...: removes every tag of $REPO/NAME (all of $REPO with no NAME).
remove_repos() {
    local refs pattern="^$REPO/"
    [ $# -gt 0 ] && pattern="^$REPO/($(IFS='|'; echo "$*")):"
    refs=$(dk images --format '{{.Repository}}:{{.Tag}}' 2>/dev/null | grep -E "$pattern")
    [ -n "$refs" ] && dk rmi -f $refs >/dev/null 2>&1
    return 0
}

# --- tests ---------------------------------------------------------------

test_images_table() {
    same_status 0 images "$REPO/*"
    same_status 0 images -a "$REPO/*"
    same_status 0 images --no-trunc "$REPO/*"
    same_status 0 images --digests "$REPO/*"
    same_status 0 image ls --filter "reference=$REPO/*"
    same_status 0 image list -f "reference=$REPO/bb"
    same_status 0 images "$REPO/nothing"
}

test_images_quiet_and_format() {
    same_status 0 images -q "$REPO/*"
    same_status 0 images -q --no-trunc "$REPO/*"
    same_status 0 images --format '{{.Repository}}:{{.Tag}} {{.ID}} {{.Size}} {{.VirtualSize}} {{.Containers}}' "$REPO/*"
    same_status 0 images --format '{{json .}}' "$REPO/*"
    same_status 0 images --format json "$REPO/*"
    same_status 0 images --format 'table {{.Repository}}\t{{.Tag}}\t{{.CreatedAt}}' "$REPO/*"
    same_status 0 images --format 'table {{.ID}}\t{{.Size}}' --digests "$REPO/*"
    same_status 0 images --format raw "$REPO/*"
    same_status 0 images --format '{{if eq .Tag "v2"}}{{upper .Repository}}{{else}}{{.Tag | printf "%s!"}}{{end}}' "$REPO/*"
}

test_images_errors() {
    same_status 125 images --nope
    same_status 125 images -x
    same_status 125 images --format
    same_status 125 images -f
    same_status 125 images -f nonsense
    same_status 1 images a b
    same_status 1 images -f bad=1
    same_status 1 images --format '{{.Nope}}'
    same_status 1 images --format '{{.Repository'
    same_status 1 image nosuchcommand
    same_status 1 nosuchcommand
}

test_inspect() {
    same_status 0 image inspect "$BASE_IMAGE"
    same_status 0 image inspect "$BASE_IMAGE" "$REPO/other:v2"
    same_status 0 image inspect -f json "$BASE_IMAGE"
    same_status 0 image inspect -f '{{.Id}} {{.Os}}/{{.Architecture}} {{.Size}} {{json .RepoTags}}' "$BASE_IMAGE"
    same_status 0 image inspect --format '{{json .Config}} {{.Config.Cmd}} {{index .RepoTags 0}} {{len .RootFS.Layers}}' "$BASE_IMAGE"
    same_status 0 image inspect -f '{{range .RepoTags}}[{{.}}]{{end}}' "$BASE_IMAGE"
    same_status 1 image inspect "$REPO/nosuch"
    same_status 1 image inspect -f '{{.Id}}' "$BASE_IMAGE" "$REPO/nosuch"
    same_status 1 image inspect -f '{{.Nope}}' "$BASE_IMAGE"
    same_status 64 image inspect -f '{{.Id' "$BASE_IMAGE"
    # The same document, whatever the key order (jq -S sorts).
    diff <(bt image inspect "$BASE_IMAGE" | jq -S .) <(dk image inspect "$BASE_IMAGE" | jq -S .) >/dev/null ||
        fail "inspect documents differ"
}

test_history() {
    same_status 0 history "$BASE_IMAGE"
    same_status 0 image history "$BASE_IMAGE"
    same_status 0 history --no-trunc "$BASE_IMAGE"
    same_status 0 history -H=false "$BASE_IMAGE"
    same_status 0 history --human=false "$BASE_IMAGE"
    same_status 0 history -q "$BASE_IMAGE"
    same_status 0 history --format '{{.ID}}|{{.CreatedBy}}|{{.Size}}|{{.Comment}}' "$BASE_IMAGE"
    same_status 0 history --format json "$BASE_IMAGE"
    same_status 1 history "$REPO/nosuch"
    same_status 1 history
}

test_tag_and_rmi() {
    defer remove_repos tagged gone doomed
    local out
    out=$(bt tag "$BASE_IMAGE" "$REPO/tagged:one" 2>&1) || fail "berth tag: $out"
    expect_eq "$out" "" "berth tag output"
    expect_eq "$(dk images -q "$REPO/tagged:one")" "$(dk images -q "$BASE_IMAGE")" "image of the new tag"
    bt tag "$BASE_IMAGE" "$REPO/tagged" || fail "berth tag without a tag"
    expect_eq "$(dk images --format '{{.Tag}}' "$REPO/tagged:latest")" "latest" "default tag"
    same_status 1 tag "$BASE_IMAGE" "$REPO/UPPER:x"
    same_status 1 tag "$REPO/nosuch" "$REPO/x"
    same_status 1 tag "$BASE_IMAGE"
    # rmi of an equivalent tag through each client prints the same.
    dk tag "$BASE_IMAGE" "$REPO/gone:d"; bt tag "$BASE_IMAGE" "$REPO/gone:b"
    dk rmi "$REPO/gone:d" > "$TEST_TMP/rmi.docker" 2>&1
    bt rmi "$REPO/gone:b" > "$TEST_TMP/rmi.berth" 2>&1 || fail "berth rmi: $(cat "$TEST_TMP/rmi.berth")"
    expect_eq "$(sed "s#$REPO/gone:b#X#" "$TEST_TMP/rmi.berth")" "$(sed "s#$REPO/gone:d#X#" "$TEST_TMP/rmi.docker")" "rmi output"
    expect_eq "$(dk images -q "$REPO/gone")" "" "removed tags"
    same_status 1 rmi "$REPO/nosuch"
    same_status 0 rmi -f "$REPO/nosuch"
    same_status 1 rmi "$REPO/nosuch" "$REPO/nosuch:two"
    same_status 1 rmi
    # An image removed for good lists what went: untagged, then deleted.
    out=$(bt import "$ROOTFS_TAR" "$REPO/doomed:x") || fail "berth import"
    out=$(bt image rm "$REPO/doomed:x") || fail "berth image rm: $out"
    expect_contains "$out" "Untagged: $REPO/doomed:x" "image rm output"
    expect_contains "$out" "Deleted: sha256:" "image rm output"
}

test_save_load_roundtrip() {
    defer remove_repos saved
    local id out
    bt tag "$BASE_IMAGE" "$REPO/saved:v1" || fail "berth tag"
    id=$(dk images -q --no-trunc "$REPO/saved:v1")
    bt save -o "$TEST_TMP/berth.tar" "$REPO/saved:v1" || fail "berth save -o"
    expect_eq "$(stat -c %a "$TEST_TMP/berth.tar")" 600 "mode of the saved file"
    bt save "$REPO/saved:v1" > "$TEST_TMP/berth-stdout.tar" || fail "berth save to stdout"
    dk save "$REPO/saved:v1" > "$TEST_TMP/docker.tar" || fail "docker save"
    cmp -s "$TEST_TMP/berth.tar" "$TEST_TMP/docker.tar" || fail "berth save -o differs from docker save"
    cmp -s "$TEST_TMP/berth-stdout.tar" "$TEST_TMP/docker.tar" || fail "berth save > file differs from docker save"
    tar -tf "$TEST_TMP/berth.tar" | grep -q '^manifest.json$' || fail "no manifest.json in the saved archive"

    bt rmi "$REPO/saved:v1" >/dev/null || fail "berth rmi"
    out=$(bt load -i "$TEST_TMP/berth.tar" 2>&1) || fail "berth load -i: $out"
    expect_eq "$out" "Loaded image: $REPO/saved:v1" "berth load -i output"
    expect_eq "$(dk images -q --no-trunc "$REPO/saved:v1")" "$id" "image ID after the round trip"
    bt rmi "$REPO/saved:v1" >/dev/null || fail "berth rmi"
    out=$(bt load < "$TEST_TMP/berth.tar" 2>&1) || fail "berth load from stdin: $out"
    expect_eq "$out" "Loaded image: $REPO/saved:v1" "berth load (stdin) output"
    same_status 0 load -q -i "$TEST_TMP/berth.tar"
    same_status 1 load -i "$TEST_TMP/nonexistent.tar"
    same_status 1 save -o "$TEST_TMP/no/such/dir.tar" "$REPO/saved:v1"
    same_status 1 save "$REPO/nosuch"
}

test_save_load_refuse_terminal() {
    command -v script >/dev/null || { echo "    (no script(1); skipped)"; return 0; }
    local out
    out=$(script -qec "'$BERTH_CLI' -H '$TEST_DOCKER_HOST' save '$BASE_IMAGE'; echo status=\$?" /dev/null 2>&1)
    expect_contains "$out" "cowardly refusing to save to a terminal. Use the -o flag or redirect" "save to a terminal"
    expect_contains "$out" "status=1" "save to a terminal"
    out=$(script -qec "'$BERTH_CLI' -H '$TEST_DOCKER_HOST' load; echo status=\$?" /dev/null 2>&1)
    expect_contains "$out" "requested load from stdin, but stdin is empty" "load from a terminal"
    expect_contains "$out" "status=1" "load from a terminal"
}

test_import_with_changes() {
    defer remove_repos imported
    local out id
    out=$(bt import -c 'CMD ["sh"]' -c 'ENV A=b' -m "made by berth" "$ROOTFS_TAR" "$REPO/imported:v1" 2>&1) ||
        fail "berth import: $out"
    [[ "$out" =~ ^sha256:[0-9a-f]{64}$ ]] || fail "berth import printed [$out], not an image ID"
    id=$out
    expect_eq "$(dk image inspect -f '{{.Id}}' "$REPO/imported:v1")" "$id" "ID of the imported image"
    expect_eq "$(dk image inspect -f '{{json .Config.Cmd}} {{.Comment}}' "$REPO/imported:v1")" '["sh"] made by berth' \
        "Cmd and comment of the imported image"
    expect_contains "$(dk image inspect -f '{{json .Config.Env}}' "$REPO/imported:v1")" '"A=b"' "Env of the imported image"
    out=$(bt import - "$REPO/imported:stdin" < "$ROOTFS_TAR" 2>&1) || fail "berth import -: $out"
    [[ "$out" =~ ^sha256:[0-9a-f]{64}$ ]] || fail "berth import - printed [$out]"
    same_status 0 history "$REPO/imported:v1"
    same_status 0 image inspect "$REPO/imported:v1"
    same_status 1 import "$TEST_TMP/nonexistent.tar"
    same_status 1 import - "$REPO/UPPER"
    same_status 1 import -c 'BOGUS x' "$ROOTFS_TAR" "$REPO/imported:bad"
    same_status 1 import
}

test_image_prune() {
    local out id
    # An untagged image is dangling.
    id=$(bt import "$ROOTFS_TAR") || fail "berth import without a name"
    out=$(bt image prune -f 2>&1) || fail "berth image prune -f: $out"
    expect_contains "$out" "Deleted Images:" "prune output"
    expect_contains "$out" "deleted: $id" "prune output"
    expect_contains "$out" "Total reclaimed space: " "prune output"
    expect_eq "$(dk images -q --no-trunc | grep -c "$id")" 0 "pruned image still listed"
    same_status 0 image prune -f
    out=$(echo n | bt image prune 2>&1) || fail "berth image prune answered n"
    expect_eq "$out" "WARNING! This will remove all dangling images.
Are you sure you want to continue? [y/N] " "prune prompt"
    same_status 125 image prune --filter nonsense
}

test_version_and_info() {
    bt version > "$TEST_TMP/version.berth" || fail "berth version"
    dk version > "$TEST_TMP/version.docker" || fail "docker version"
    # The server half is the daemon's, printed by the same template.
    expect_eq "$(sed -n '/^Server:/,$p' "$TEST_TMP/version.berth")" "$(sed -n '/^Server:/,$p' "$TEST_TMP/version.docker")" \
        "server part of version"
    expect_contains "$(cat "$TEST_TMP/version.berth")" "Version:" "client part of version"
    same_status 0 version --format '{{.Server.Version}} {{.Server.APIVersion}} {{.Server.Os}}'
    same_status 64 version --format '{{.Server.Version'
    # Docker lists runtimes in Go map order; compare them sorted.
    _sorted_runtimes() {
        local line
        sed -n '/^Server:/,$p' "$1" | while IFS= read -r line; do
            if [[ "$line" == " Runtimes:"* ]]; then
                echo " Runtimes: $(echo "${line# Runtimes:}" | tr ' ' '\n' | sed '/^$/d' | sort | tr '\n' ' ')"
            else
                printf '%s\n' "$line"
            fi
        done
    }
    bt info > "$TEST_TMP/info.berth" 2>/dev/null || fail "berth info"
    dk info > "$TEST_TMP/info.docker" 2>/dev/null || fail "docker info"
    expect_eq "$(_sorted_runtimes "$TEST_TMP/info.berth")" "$(_sorted_runtimes "$TEST_TMP/info.docker")" "server part of info"
    same_status 0 info --format '{{.Images}} {{.Driver}} {{.OSType}}'
    same_status 0 info --format '{{.Name}} {{.NCPU}} {{json .Plugins.Volume}}'
}

test_daemon_unreachable() {
    local out rc
    out=$("$BERTH_CLI" -H "unix://$TEST_TMP/no-daemon.sock" images 2>&1); rc=$?
    expect_eq "$rc" 1 "exit status without a daemon"
    expect_eq "$out" "Cannot connect to the Berth daemon at unix://$TEST_TMP/no-daemon.sock. Is the berth daemon running?" \
        "message without a daemon"
    out=$(BERTH_HOST="unix://$TEST_TMP/env.sock" DOCKER_HOST=unix:///elsewhere.sock "$BERTH_CLI" images 2>&1)
    expect_contains "$out" "unix://$TEST_TMP/env.sock" "BERTH_HOST is used before DOCKER_HOST"
    out=$(env -u BERTH_HOST DOCKER_HOST="$TEST_DOCKER_HOST" "$BERTH_CLI" images -q "$BASE_IMAGE" 2>&1) ||
        fail "DOCKER_HOST is not used: $out"
    expect_eq "$out" "$(dk images -q "$BASE_IMAGE")" "images through DOCKER_HOST"
}

cleanup_all() {
    local rc=$?
    berthd_cleanup
    engine_cleanup   # runs lib.sh's trap last
    return $rc
}
install_engine_traps
trap cleanup_all EXIT

[ -x "$BERTH_CLI" ] || { echo "not ok - no berth CLI at $BERTH_CLI (swift build --product berth, or set BERTH_CLI)"; exit 1; }
# The reference is Docker 28's client: older ones word and lay out things differently.
if ! "$DOCKER_CLI" --version 2>/dev/null | grep -q 'version 2[89]\.'; then
    echo "# $(basename "$0"): skipped (needs Docker's CLI 28 as DOCKER_CLI; found: $("$DOCKER_CLI" --version 2>&1 | head -n 1))"
    exit 0
fi
if [ -z "${TEST_DOCKER_HOST:-}" ]; then
    if [ "${CLI_TEST_DAEMON:-berthd}" = dockerd ]; then
        TEST_DOCKER_HOST=unix://$DOCKER_SOCK
        engine_start || { echo "not ok - private dockerd setup"; exit 1; }
    else
        berthd_start || { echo "not ok - private berthd setup"; exit 1; }
        TEST_DOCKER_HOST=unix://$BERTHD_SOCK
    fi
fi
prepare_images || { echo "not ok - test images"; exit 1; }
echo "# prefix $TEST_PREFIX; daemon $TEST_DOCKER_HOST; $("$DOCKER_CLI" --version)"
run_tests test_images_table test_images_quiet_and_format test_images_errors test_inspect test_history \
    test_tag_and_rmi test_save_load_roundtrip test_save_load_refuse_terminal test_import_with_changes \
    test_image_prune test_version_and_info test_daemon_unreachable
status=$?
remove_repos
exit $status
