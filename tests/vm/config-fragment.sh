#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# vm/daxrace.config, the fragment for a kernel one builds oneself: in the
# format merge_config.sh takes, with the PVH entry, with an option for
# every module daxrace-vm loads and every filesystem guest-init.sh mounts,
# and naming only symbols that exist and are on in the Debian kernels
# daxrace-vm boots (6.1, 6.12).  With DAXRACE_KERNEL_SRC (kernel trees,
# space-separated) and python3-kconfiglib, the merge itself is checked:
# defconfig plus the fragment must give every option as asked.  No
# kernel is built.
. "$top_srcdir/tests/lib/tap.sh"
DAXRACE_VM=${DAXRACE_VM:-$top_builddir/daxrace-vm}
frag=$top_srcdir/vm/daxrace.config
tap_plan 8

tap_ok "vm/daxrace.config exists" test -f "$frag"
# merge_config.sh appends the lines as they are: CONFIG_X=y only, and
# comments on lines of their own.
fmt() {
	_bad=$(grep -vnE '^(#.*|CONFIG_[A-Z0-9_]+=y|)$' "$frag") || return 0
	echo "not merge_config.sh lines: $_bad"
	return 1
}
tap_ok "every line is CONFIG_X=y, a comment or empty" fmt
syms=$(sed -n 's/^CONFIG_\([A-Z0-9_]*\)=y$/\1/p' "$frag" 2>/dev/null)
has() { printf '%s\n' "$syms" | grep -qx "$1"; }
tap_ok "PVH, under HYPERVISOR_GUEST, for the uncompressed boot" sh -c \
	'printf "%s\n" "$1" | grep -qx PVH && printf "%s\n" "$1" | grep -qx HYPERVISOR_GUEST' sh "$syms"

# Each module daxrace-vm loads, by the option that builds it in ("-": a
# library the filesystems select).  A module added to daxrace-vm without
# a row here fails this test, which is the point.
modules_covered() {
	_mods=$(sed -n '/^want_modules=(/,/)/p' "$top_srcdir/vm/daxrace-vm.in" |
		sed 's/want_modules=(//; s/)//' | tr ' \t' '\n\n' | grep .)
	[ -n "$_mods" ] || { echo "no want_modules in vm/daxrace-vm.in"; return 1; }
	_rc=0
	for _m in $_mods; do
		case $_m in
		libnvdimm) _s=LIBNVDIMM ;; nfit) _s=ACPI_NFIT ;; nd_btt) _s=BTT ;;
		nd_pmem) _s=BLK_DEV_PMEM ;; nd_e820) _s=X86_PMEM_LEGACY ;;
		dax_pmem) _s=DEV_DAX_PMEM ;; device_dax) _s=DEV_DAX ;;
		ext4) _s=EXT4_FS ;; xfs) _s=XFS_FS ;; virtio_pci) _s=VIRTIO_PCI ;;
		virtio_blk) _s=VIRTIO_BLK ;; loop) _s=BLK_DEV_LOOP ;;
		null_blk) _s=BLK_DEV_NULL_BLK ;;
		9pnet) _s=NET_9P ;; 9pnet_virtio) _s=NET_9P_VIRTIO ;; 9p) _s=9P_FS ;;
		crc32c_intel | crc32c_generic | crc32c_cryptoapi | crc32c-cryptoapi | \
			jbd2 | mbcache | crc16 | libcrc32c | netfs) _s=- ;;
		*) echo "module $_m: no row in this test"; _rc=1; continue ;;
		esac
		[ "$_s" = - ] || has "$_s" || { echo "module $_m: CONFIG_$_s missing"; _rc=1; }
	done
	return $_rc
}
tap_ok "an option for every module daxrace-vm loads" modules_covered

mounts_covered() {
	_rc=0
	for _t in $(sed -n 's/.*mount -t \([a-z0-9]*\).*/\1/p' "$top_srcdir/vm/guest-init.sh" | sort -u); do
		case $_t in
		proc) _s=PROC_FS ;; sysfs) _s=SYSFS ;; devtmpfs) _s=DEVTMPFS ;;
		tmpfs) _s=TMPFS ;; devpts) _s=UNIX98_PTYS ;; 9p) _s=9P_FS ;;
		*) echo "mount -t $_t: no row in this test"; _rc=1; continue ;;
		esac
		has "$_s" || { echo "mount -t $_t: CONFIG_$_s missing"; _rc=1; }
	done
	# the per-fs mount takes its type from --fs
	for _s in EXT4_FS XFS_FS FS_DAX ZONE_DEVICE USERFAULTFD IO_URING; do
		has "$_s" || { echo "CONFIG_$_s missing"; _rc=1; }
	done
	return $_rc
}
tap_ok "an option for every filesystem guest-init.sh mounts, DAX, uffd, io_uring" mounts_covered

# The Debian kernels daxrace-vm boots list every option of their version
# (set, or "is not set"); the fragment's must be there, and on (y or m).
in_debian() { # VERSION
	_out=$("$DAXRACE_VM" --kernel-package "$1" --fetch-only 2>&1) || {
		echo "SKIP: Debian kernel $1 cannot be had: $(printf '%s\n' "$_out" | tail -n 1)"
		return 77
	}
	_k=$(printf '%s\n' "$_out" | sed -n 's/^kernel: //p')
	_rel=$(printf '%s\n' "$_out" | sed -n 's/^release: //p')
	_cfg=$(find "${_k%/root/*}/root" -name "config-$_rel" | head -n 1)
	[ -f "$_cfg" ] || { echo "SKIP: no config-$_rel in the package"; return 77; }
	_rc=0
	for _s in $syms; do
		grep -qE "^CONFIG_$_s=[ym]\$" "$_cfg" || {
			echo "CONFIG_$_s: $(grep -E "^(# )?CONFIG_$_s[= ]" "$_cfg" || echo 'no such option') in $_cfg"
			_rc=1
		}
	done
	return $_rc
}
for v in 6.1 6.12; do
	_o=$(in_debian "$v"); _r=$?
	if [ "$_r" -eq 77 ]; then
		tap_skip "every option exists and is on in Debian $v" "${_o#SKIP: }"
	else
		tap_ok "every option exists and is on in Debian $v" sh -c 'printf "%s\n" "$2"; exit "$1"' sh "$_r" "$_o"
	fi
done

# The merge itself, where kernel trees are at hand.
if [ -z "${DAXRACE_KERNEL_SRC:-}" ]; then
	tap_skip "defconfig + fragment gives every option" "set DAXRACE_KERNEL_SRC to kernel trees to check the merge"
elif ! python3 -c 'import kconfiglib' 2>/dev/null; then
	tap_skip "defconfig + fragment gives every option" "no python3 kconfiglib (Debian: python3-kconfiglib)"
else
	merge() {
		_rc=0
		for _t in $DAXRACE_KERNEL_SRC; do
			python3 "$top_srcdir/tests/vm/kconfig-merge.py" "$_t" "$frag" || _rc=1
		done
		return $_rc
	}
	tap_ok "defconfig + fragment gives every option ($DAXRACE_KERNEL_SRC)" merge
fi
tap_done
