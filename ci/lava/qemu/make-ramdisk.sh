#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Make the kernel and the ramdisk of the LAVA sample job
# (ci/lava/qemu/job.yaml; daxrace-ci(7)):
#   make-ramdisk.sh [-k KERNEL-PACKAGE] OUTDIR
# writes OUTDIR/vmlinuz and OUTDIR/rootfs.cpio.  The ramdisk is the
# initramfs daxrace-vm builds for that Debian kernel (busybox, the modules
# for nvdimm, dax, ext4, xfs and virtio, ndctl, mkfs, daxrace), followed
# by a second cpio archive with this directory's init.sh as /init, jq,
# which the LAVA wrapper reads result.json with, and daxrace's
# known-issues file as /etc/daxrace/known-issues (the kernel unpacks
# concatenated archives in order, so the later /init wins).
# DAXRACE_VM names the daxrace-vm to use (default: the one on PATH).
set -eu
ver=6.1
while getopts 'k:' o; do
	case $o in
	k) ver=$OPTARG ;;
	*) echo "usage: make-ramdisk.sh [-k KERNEL-PACKAGE] OUTDIR" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 1 ] || { echo "usage: make-ramdisk.sh [-k KERNEL-PACKAGE] OUTDIR" >&2; exit 2; }
out=$1
here=$(cd "$(dirname "$0")" && pwd)
vm=${DAXRACE_VM:-daxrace-vm}
jq=$(command -v jq) || { echo "make-ramdisk.sh: jq is not installed" >&2; exit 3; }

info=$("$vm" --kernel-package "$ver" --initramfs-only) || exit 3
kernel=$(printf '%s\n' "$info" | sed -n 's/^kernel: //p')
base=$(printf '%s\n' "$info" | sed -n 's/^initramfs: //p')
if [ ! -f "$kernel" ] || [ ! -f "$base" ]; then
	echo "make-ramdisk.sh: daxrace-vm gave no kernel or initramfs" >&2
	exit 3
fi

mkdir -p "$out"
stage=$(mktemp -d "${TMPDIR:-/tmp}/daxrace-lava-stage.XXXXXX")
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/usr/bin"
cp "$here/init.sh" "$stage/init"
chmod 755 "$stage/init"
cp "$jq" "$stage/usr/bin/jq"
# without it a known kernel issue would read as a new failure
mkdir -p "$stage/etc/daxrace"
cp "$here/../../../vm/known-issues" "$stage/etc/daxrace/known-issues"
for lib in $(ldd "$jq" | awk '/=> \// { print $3 } /^[ \t]*\// { print $1 }'); do
	mkdir -p "$stage$(dirname "$lib")"
	cp -L "$lib" "$stage$lib"
done
cp "$kernel" "$out/vmlinuz"
{
	cat "$base"
	(cd "$stage" && find . | LC_ALL=C sort | cpio -o -H newc --quiet)
} >"$out/rootfs.cpio"
printf 'kernel: %s\nramdisk: %s\n' "$out/vmlinuz" "$out/rootfs.cpio"
