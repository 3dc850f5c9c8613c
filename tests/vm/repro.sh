#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The reproducers under tests/repro/ fail exactly on the kernels where
# vm/known-issues says their bug is, on ext4 and xfs DAX, through
# daxrace-vm --exec: dax-bio-lost-wakeup (bio-release-no-devmap-wake) on
# the old kernel (inside its range) and 6.12 (outside), dax-umount-busy-page
# (umount-busy-page) on the old kernel (inside) and the new one (outside).
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/vm/lib.sh"

vm_require
vm_tmpdir
tap_plan 12

# check REPRO SCENARIO ORACLE KERNEL [TEXT]: one boot, ext4 and xfs.  TEXT
# is the violation as daxrace words it for this bug (summary and stack on
# one line), for entries that also match on evidence.
check() {
	_r=${top_builddir:-.}/tests/repro/$1
	if [ ! -x "$_r" ] || ! "$DAXRACE_VM" --kernel-package "$4" --fetch-only >/dev/null 2>&1; then
		for _t in "daxrace-vm exit" "ext4 outcome" "xfs outcome"; do
			tap_skip "$1 on $4: $_t" "reproducer not built or Debian kernel $4 cannot be had"
		done
		return 0
	fi
	rm -rf "$VM_TMP/r"
	vm_run --kernel-package "$4" --fs ext4,xfs --exec "$_r"
	_ver=$(sed -n 's/^version: //p' "$VM_OUT/vm.txt" 2>/dev/null)
	if "$DAXRACE_VM" --match-known "${_ver:-none},ext4,$2,$3${5:+,$5}" >/dev/null; then
		_want=1 _word=BUG
	else
		_want=0 _word=ok:
	fi
	tap_ok "$1 on $4 ($_ver): daxrace-vm exit $_want, as vm/known-issues predicts" \
		test "$VM_RC" -eq "$_want"
	for _fs in ext4 xfs; do
		tap_ok "$1 on $4: $_fs: the reproducer says '$_word'" \
			grep -q "^$_word" "$VM_OUT/$_fs/exec.out"
		tap_diag "$(cat "$VM_OUT/$_fs/exec.out" 2>/dev/null)"
	done
}

# As recorded from a 6.1 guest's result.json (its newlines as spaces).
lost_wakeup='punch after the pins were released (tid 158) still blocked 5.000 s after its blocker was gone thread 158 == /proc/self/task/158/stack == [<0>] ext4_break_layouts+0x8f/0x120 [ext4]'
check dax-bio-lost-wakeup 'dio-read.punch.uffd' LIVE "${DAXRACE_VM_OLD_KERNEL:-6.1}" "$lost_wakeup"
check dax-bio-lost-wakeup 'dio-read.punch.uffd' LIVE "${DAXRACE_VM_FIXED_KERNEL:-6.12}" "$lost_wakeup"
check dax-umount-busy-page umount-busy-page TAG "${DAXRACE_VM_OLD_KERNEL:-6.1}"
check dax-umount-busy-page umount-busy-page TAG "${DAXRACE_VM_NEW_KERNEL:-7.3}"
tap_done
