#!/usr/bin/env bash
# `run --rm busybox true` end to end, side by side in one run (interleaved):
#   berth → berthd, docker CLI 28 → berthd, docker CLI 28 → Debian's dockerd
#   20.10 (containerd + runc), and podman — all with --network none;
# then the daemons' idle memory, and the memory each adds per running
# container with 50 `sleep` containers (berthd + monitors against dockerd +
# containerd + shims; the containers' own processes are the same on both
# sides and not counted).
#
# Usage: bench/container-run.sh      (as root, after a release build)
#   RUNS=30   measured runs per side;  CONTAINERS=50
set -u
REPO_ROOT=$(cd "$(dirname "$0")/.." && pwd)
RUNS=${RUNS:-30}
CONTAINERS=${CONTAINERS:-50}
TEST_PREFIX=berthtestbench$$
source "$REPO_ROOT/tests/integration/lib.sh"
source "$REPO_ROOT/tests/integration/berthd.sh"
source "$REPO_ROOT/tests/integration/dockerd.sh"
for t in python3 jq; do command -v $t >/dev/null || { echo "$t is required" >&2; exit 1; }; done
command -v podman >/dev/null || apt-get install -y -qq --no-install-recommends podman >/dev/null 2>&1 || true

PODMAN_DIR=$TEST_TMP/podman
podman_cmd="env -u DOCKER_CONFIG podman --root $PODMAN_DIR/root --runroot $PODMAN_DIR/run --cgroup-manager cgroupfs --events-backend file --tmpdir $PODMAN_DIR/tmp"
cleanup_all() {
    command -v podman >/dev/null && $podman_cmd rm -af >/dev/null 2>&1
    [ -d "$PODMAN_DIR/root" ] && $podman_cmd system reset -f >/dev/null 2>&1
    berthd_cleanup; engine_cleanup
}
install_engine_traps
trap cleanup_all EXIT

berthd_start || exit 1
engine_start || exit 1
IMG=benchbusybox:latest
rootfs_tar=$TEST_TMP/busybox.tar
tar -C "$BUSYBOX_ROOTFS" -cf "$rootfs_tar" .
bk import "$rootfs_tar" "$IMG" >/dev/null || exit 1
dk import "$rootfs_tar" "$IMG" >/dev/null || exit 1

bk_cmd="DOCKER_CONFIG=$BERTHD_DIR/client $DOCKER_CLI_28 -H unix://$BERTHD_SOCK"
dk_cmd="DOCKER_CONFIG=$ENGINE_DIR/client $DOCKER_CLI_28 -H unix://$DOCKER_SOCK"
berth_cmd="$REPO_ROOT/.build/release/berth -H unix://$BERTHD_SOCK"
sides=()
if $berth_cmd run --help >/dev/null 2>&1; then
    sides+=(-n "berth → berthd" "$berth_cmd run --rm --network none $IMG true")
else
    echo "# berth run is not available in this build; skipping that side"
fi
sides+=(-n "docker → berthd" "$bk_cmd run --rm --network none $IMG true")
sides+=(-n "docker → dockerd" "$dk_cmd run --rm --network none $IMG true")
if command -v podman >/dev/null; then
    mkdir -p "$PODMAN_DIR/tmp"
    $podman_cmd import "$rootfs_tar" "$IMG" >/dev/null 2>&1 && sides+=(-n "podman" "$podman_cmd run --rm --network none --ulimit nofile=1024:1024 --ulimit nproc=4096:4096 $IMG true")
else
    echo "# podman is not installed; skipping that side"
fi

# Each side once, so that a failing side says why.
for ((i = 1; i < ${#sides[@]}; i += 3)); do
    out=$(eval "${sides[$((i + 1))]}" 2>&1) || { echo "# ${sides[$i]} failed: $out" >&2; exit 1; }
done
json=$TEST_TMP/run.json
# Round-robin, one run of each side per round, so that a slow spell of this
# shared machine falls on every side alike (bench/interleave.py).
interleave=()
for ((i = 1; i < ${#sides[@]}; i += 3)); do interleave+=("${sides[$i]}" "${sides[$((i + 1))]}"); done
python3 "$REPO_ROOT/bench/interleave.py" --warmup 3 --runs "$RUNS" --json "$json" "${interleave[@]}" || exit 1
echo "run --rm $IMG true, $RUNS runs each, interleaved:"
printf "%-18s %10s %10s %10s\n" side "median ms" "mean ms" "÷ dockerd"
dockerd_median=$(jq -r '.results[] | select(.command == "docker → dockerd") | .median' "$json")
jq -r '.results[] | [.command, .median, .mean] | @tsv' "$json" | while IFS=$'\t' read -r name median mean; do
    printf "%-18s %10.1f %10.1f %10.3f\n" "$name" "$(echo "$median * 1000" | bc -l)" "$(echo "$mean * 1000" | bc -l)" "$(echo "$median / $dockerd_median" | bc -l)"
done

# Memory, in kB: resident (RSS) and proportional (PSS, shared pages split).
rss() { local t=0 p; for p in "$@"; do t=$((t + $(awk '/^VmRSS/ {print $2}' /proc/$p/status 2>/dev/null || echo 0))); done; echo $t; }
pss() { local t=0 p; for p in "$@"; do t=$((t + $(awk '/^Pss:/ {print $2}' /proc/$p/smaps_rollup 2>/dev/null || echo 0))); done; echo $t; }
berth_pids() { echo "$BERTHD_PID $(pgrep -f "berth-monitor $BERTHD_DIR" | tr '\n' ' ')"; }
docker_pids() { echo "$DOCKERD_PID $CTRD_PID $(pgrep -f "containerd-shim.*$CTRD_DIR" | tr '\n' ' ') $(pgrep -f "containerd-shim-runc-v2 -namespace moby" | tr '\n' ' ')"; }
BERTHD_PID=$(cat "$BERTHD_DIR/pid")
sleep 2
berth_idle_rss=$(rss $BERTHD_PID); docker_idle_rss=$(rss $DOCKERD_PID $CTRD_PID)
berth_idle_pss=$(pss $BERTHD_PID); docker_idle_pss=$(pss $DOCKERD_PID $CTRD_PID)
echo
echo "idle daemon memory (kB):        RSS       PSS"
printf "  berthd                  %9d %9d\n" "$berth_idle_rss" "$berth_idle_pss"
printf "  dockerd + containerd    %9d %9d\n" "$docker_idle_rss" "$docker_idle_pss"
printf "  ratio                   %9.3f %9.3f\n" "$(echo "$berth_idle_rss / $docker_idle_rss" | bc -l)" "$(echo "$berth_idle_pss / $docker_idle_pss" | bc -l)"

for i in $(seq "$CONTAINERS"); do
    eval "$bk_cmd run -d --network none --name sleep$i $IMG sleep 3600" >/dev/null || exit 1
    eval "$dk_cmd run -d --network none --name sleep$i $IMG sleep 3600" >/dev/null || exit 1
done
sleep 3
berth_rss=$(rss $(berth_pids)); docker_rss=$(rss $(docker_pids))
berth_pss=$(pss $(berth_pids)); docker_pss=$(pss $(docker_pids))
b_rss=$(( (berth_rss - berth_idle_rss) / CONTAINERS )); d_rss=$(( (docker_rss - docker_idle_rss) / CONTAINERS ))
b_pss=$(( (berth_pss - berth_idle_pss) / CONTAINERS )); d_pss=$(( (docker_pss - docker_idle_pss) / CONTAINERS ))
echo
echo "with $CONTAINERS sleep containers, memory added per container (kB):   RSS       PSS"
printf "  berthd + monitors                                      %9d %9d\n" "$b_rss" "$b_pss"
printf "  dockerd + containerd + shims                           %9d %9d\n" "$d_rss" "$d_pss"
printf "  ratio                                                  %9.3f %9.3f\n" "$(echo "$b_rss / $d_rss" | bc -l)" "$(echo "$b_pss / $d_pss" | bc -l)"
eval "$bk_cmd rm -f \$($bk_cmd ps -aq)" >/dev/null
eval "$dk_cmd rm -f \$($dk_cmd ps -aq)" >/dev/null
