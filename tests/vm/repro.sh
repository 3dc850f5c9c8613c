#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The reproducers under tests/repro/ fail exactly on the kernels where
# vm/known-issues says their bug is: boots the old kernel (inside the range
# of bio-release-no-devmap-wake) and 6.12 (outside it) and runs
# dax-bio-lost-wakeup on ext4 and xfs DAX through daxrace-vm --exec.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/vm/lib.sh"

vm_require
repro=${top_builddir:-.}/tests/repro/dax-bio-lost-wakeup
[ -x "$repro" ] || tap_skip_all "reproducer not built: $repro"
vm_tmpdir
kernels="${DAXRACE_VM_OLD_KERNEL:-6.1} ${DAXRACE_VM_FIXED_KERNEL:-6.12}"
tap_plan 6

for k in $kernels; do
	if ! "$DAXRACE_VM" --kernel-package "$k" --fetch-only >/dev/null 2>&1; then
		tap_skip "kernel $k: daxrace-vm exit as vm/known-issues predicts" "Debian kernel package $k cannot be had"
		tap_skip "kernel $k: ext4 outcome" "no kernel"
		tap_skip "kernel $k: xfs outcome" "no kernel"
		continue
	fi
	rm -rf "$VM_TMP/r"
	vm_run --kernel-package "$k" --fs ext4,xfs --exec "$repro"
	ver=$(sed -n 's/^version: //p' "$VM_OUT/vm.txt" 2>/dev/null)
	if "$DAXRACE_VM" --match-known "${ver:-none},ext4,dio-read.punch.uffd,LIVE" >/dev/null; then
		want=1 word=BUG
	else
		want=0 word=ok:
	fi
	tap_ok "kernel $k ($ver): daxrace-vm exit $want, as vm/known-issues predicts" test "$VM_RC" -eq "$want"
	for fs in ext4 xfs; do
		tap_ok "kernel $k: $fs: reproducer says '$word'" grep -q "^$word" "$VM_OUT/$fs/exec.out"
		tap_diag "$(cat "$VM_OUT/$fs/exec.out" 2>/dev/null)"
	done
done
tap_done
