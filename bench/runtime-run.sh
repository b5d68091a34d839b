#!/usr/bin/env bash
# Compares the cost of one complete container lifecycle, `RUNTIME run` of
# /bin/true (create namespaces and cgroups, set up the rootfs, exec, wait,
# delete), between berth-runtime and Debian's runc, on the same bundle.
#
# Usage: bench/runtime-run.sh            (as root)
#   RUNS=50            measured runs per runtime (after 5 warmup runs)
#   BERTH_RUNTIME=...  default: .build/release/berth-runtime
#   RUNC=...           default: /usr/sbin/runc
#   BUSYBOX_ROOTFS=... default: build/busybox-rootfs
#   OUT=file.json      keep hyperfine's JSON (default: a temp file, removed)
set -u
REPO_ROOT=$(cd "$(dirname "$0")/.." && pwd)
BERTH_RUNTIME=${BERTH_RUNTIME:-$REPO_ROOT/.build/release/berth-runtime}
RUNC=${RUNC:-/usr/sbin/runc}
BUSYBOX_ROOTFS=${BUSYBOX_ROOTFS:-$REPO_ROOT/build/busybox-rootfs}
RUNS=${RUNS:-50}

for b in "$BERTH_RUNTIME" "$RUNC"; do
    [ -x "$b" ] || { echo "no runtime at $b (build with: swift build -c release)" >&2; exit 1; }
done
[ -d "$BUSYBOX_ROOTFS" ] || { echo "no rootfs at $BUSYBOX_ROOTFS (scripts/make-busybox-rootfs.sh build/busybox-rootfs)" >&2; exit 1; }
for t in hyperfine jq; do command -v $t >/dev/null || { echo "$t is required" >&2; exit 1; }; done
[ "$(id -u)" = 0 ] || { echo "run as root" >&2; exit 1; }

prefix=berthbench$$                 # names the temp dir and the cgroups
work=$(mktemp -d "/tmp/$prefix.XXXXXX")
bundle=$work/bundle

# Leaves nothing behind even when interrupted: any container a killed run
# left in either state root, the cgroups, the temp dir.
cleanup() {
    local bin root id
    for bin in berth:"$BERTH_RUNTIME" runc:"$RUNC"; do
        root=$work/state-${bin%%:*}; bin=${bin#*:}
        [ -d "$root" ] || continue
        for id in $("$bin" --root "$root" list -q 2>/dev/null); do
            "$bin" --root "$root" delete -f "$id" >/dev/null 2>&1
        done
    done
    find /sys/fs/cgroup/*/ -depth -type d -path "*/$prefix*" -exec rmdir {} + 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The bundle: runc's default spec over the shared busybox tree (read-only, so
# nothing writes into it), running /bin/true without a terminal. One cgroup
# path for all runs is fine: each run deletes its container before the next.
mkdir -p "$bundle"
(cd "$bundle" && "$RUNC" spec) || exit 1
jq --arg root "$BUSYBOX_ROOTFS" --arg cg "/$prefix/bench" '
    .root.path = $root | .root.readonly = true
    | .process.args = ["/bin/true"] | .process.terminal = false
    | .linux.cgroupsPath = $cg' "$bundle/config.json" > "$bundle/config.tmp" &&
    mv "$bundle/config.tmp" "$bundle/config.json" || exit 1

# hyperfine runs each command through sh -c; a fresh sh per run, so $$ gives
# every run its own container id (a failed run can never collide with the next).
cmd() { echo "$1 --root $work/state-$2 run --bundle $bundle bench$2-\$\$"; }
json=${OUT:-$work/results.json}

# Sanity check outside the measurement: hyperfine would only say "non-zero exit".
for r in berth:"$BERTH_RUNTIME" runc:"$RUNC"; do
    sh -c "$(cmd "${r#*:}" "${r%%:*}")" </dev/null || { echo "${r#*:} run failed on the bench bundle" >&2; exit 1; }
done

hyperfine --warmup 5 --runs "$RUNS" --export-json "$json" \
    --command-name berth-runtime "$(cmd "$BERTH_RUNTIME" berth)" \
    --command-name runc "$(cmd "$RUNC" runc)" || exit 1

echo
echo "$RUNS runs per runtime, milliseconds:"
jq -r '.results[] | [.command, .median, .mean, .stddev, .min, .max] | @tsv' "$json" |
    awk -F'\t' 'BEGIN { printf "%-14s %8s %8s %8s %8s %8s\n", "runtime", "median", "mean", "stddev", "min", "max" }
                 { printf "%-14s %8.2f %8.2f %8.2f %8.2f %8.2f\n", $1, $2*1000, $3*1000, $4*1000, $5*1000, $6*1000 }'
jq -r '(.results | map({key: .command, value: .}) | from_entries) as $r
    | "berth/runc ratio: median \($r["berth-runtime"].median / $r.runc.median * 1000 | round / 1000), mean \($r["berth-runtime"].mean / $r.runc.mean * 1000 | round / 1000)"' "$json"
[ -n "${OUT:-}" ] && echo "JSON: $OUT"
exit 0
