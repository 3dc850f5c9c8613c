#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The engine's test-only injection vmsplice-hold keeps the victim's DAX
# pages referenced from a pipe nobody drains: the punch must block in the
# filesystem's layout-break wait and LIVE must fire, with that stack, in
# the guest -- and daxrace-vm must report it (exit 1, not a known issue),
# with a reproduce line that is the daxrace-vm command for that fs.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/vm/lib.sh"

vm_require
vm_has run || tap_skip_all "daxrace run is not built yet: nothing to inject into"
vm_kernel "${DAXRACE_VM_NEW_KERNEL:-7.3}"
vm_tmpdir
tap_plan 7

vm_run --kernel-package "${DAXRACE_VM_NEW_KERNEL:-7.3}" --fs ext4,xfs -- \
	--group smoke --inject vmsplice-hold --actor dio-read --mutator punch \
	--duration "${DAXRACE_VM_TEST_DURATION:-2s}" --watchdog 2s --seed 1
tap_ok "daxrace-vm exit 1 (a new kernel bug as far as it knows)" test "$VM_RC" -eq 1
for fs in ext4 xfs; do
	j=$(vm_result_json "$fs")
	tap_ok "$fs: LIVE fired on DAX" \
		jq -e '.dax == true and any(.scenarios[]; .oracles.LIVE.verdict == "FAIL")' \
		"${j:-$VM_OUT/$fs/no-result.json}"
	tap_ok "$fs: its evidence has the stack of the layout-break wait" \
		jq -e '[.scenarios[].violations[] | select(.oracle == "LIVE") | .evidence // ""] |
			any(test("break_layout|dax_layout_busy_page|dax_break_layout"))' \
		"${j:-$VM_OUT/$fs/no-result.json}"
	tap_ok "$fs: the reproduce line boots this guest again" \
		jq -e --arg k "${DAXRACE_VM_NEW_KERNEL:-7.3}" --arg fs "$fs" '[.scenarios[] |
			select(.status == "FAIL") | .reproduce // ""] | length > 0 and all(
			startswith("daxrace-vm --kernel-package \($k) ") and
			contains(" --fs \($fs) -- --group smoke --actor dio-read --mutator punch ") and
			contains(" --seed 1 ") and contains(" --inject vmsplice-hold") and
			(contains("--dir") | not))' "${j:-$VM_OUT/$fs/no-result.json}"
done
tap_done
