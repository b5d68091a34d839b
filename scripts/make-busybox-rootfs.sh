#!/usr/bin/env bash
# Builds a minimal busybox root filesystem from Debian's busybox-static, offline.
# Usage: scripts/make-busybox-rootfs.sh OUTDIR
set -euo pipefail
out=$(realpath -m "${1:?usage: make-busybox-rootfs.sh OUTDIR}")
busybox=/bin/busybox
[ -x "$busybox" ] && file -L "$busybox" 2>/dev/null | grep -q 'static' || busybox=$(dpkg -L busybox-static 2>/dev/null | grep -m1 '/bin/busybox$' || true)
[ -x "${busybox:-}" ] || { echo "busybox-static is not installed (run scripts/install-deps.sh)" >&2; exit 1; }

tmp="$out.tmp.$$"
rm -rf "$tmp"; mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
mkdir -p bin sbin usr/bin usr/sbin etc root tmp proc sys dev home var/run
chmod 1777 tmp
cp "$busybox" bin/busybox
# One symlink per applet, where busybox itself would install it.
for applet in $(bin/busybox --list-full); do
    [ -e "$applet" ] || ln -s /bin/busybox "$applet"
done
cat > etc/passwd <<'P'
root:x:0:0:root:/root:/bin/sh
daemon:x:1:1:daemon:/usr/sbin:/bin/false
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
user:x:1000:1000:user:/home/user:/bin/sh
P
cat > etc/group <<'G'
root:x:0:
daemon:x:1:
tty:x:5:
users:x:100:
user:x:1000:
nogroup:x:65534:
G
echo busybox > etc/hostname
: > etc/hosts
: > etc/resolv.conf
cd /
rm -rf "$out"; mv "$tmp" "$out"
trap - EXIT
echo "busybox rootfs at $out"
