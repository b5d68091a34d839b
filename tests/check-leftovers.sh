#!/usr/bin/env bash
# Fails (and says what it found) if the tests left anything on the host: every
# test names what it creates after TEST_PREFIX, whose stem is "berthtest", so
# anything still carrying the stem after all tests have ended is a leak.
# Usage: tests/check-leftovers.sh [STEM]
set -u
stem=${1:-berthtest}
found=0
report() { echo "leftover $1: $2"; found=1; }

# Mounts (the mount point is field 5 of mountinfo).
while read -r m; do report mount "$m"; done < <(awk -v s="$stem" 'index($5, s) { print $5 }' /proc/self/mountinfo)

# Cgroups, in every hierarchy; a leaked directory hides its children, so stop there.
while read -r d; do report cgroup "$d"; done < <(find /sys/fs/cgroup/*/ -type d -name "*$stem*" -prune 2>/dev/null)

# Processes. This script, its subshells and its ancestors may carry the stem in
# their command lines (e.g. a path argument); they are not leaks.
skip=" "; p=$$
while [ -n "$p" ] && [ "$p" -gt 0 ]; do skip+="$p "; p=$(awk '{print $4}' "/proc/$p/stat" 2>/dev/null); done
for d in /proc/[0-9]*; do
    p=${d#/proc/}
    [[ "$skip" == *" $p "* ]] && continue
    cmd=$(tr '\0' ' ' 2>/dev/null < "$d/cmdline") || continue
    [ -n "$cmd" ] || continue                      # kernel threads, or already gone
    [ "$(awk '{print $4}' "$d/stat" 2>/dev/null)" = $$ ] && continue   # our own subshells
    # A berth-runtime process is a leak whatever its arguments; matched on the
    # executable, not the arguments, so that e.g. a compiler working on
    # Sources/berth-runtime does not count.
    exe=$(readlink "$d/exe" 2>/dev/null)
    if [[ "$cmd" == *"$stem"* || "$(cat "$d/comm" 2>/dev/null)" == berth-runtime* || "$exe" == *berth-runtime* || "$exe" == */berthd ]]; then
        report process "$p $cmd"
    fi
done

# Temporary directories.
for d in /tmp/"$stem"*; do [ -e "$d" ] && report directory "$d"; done

exit $found
