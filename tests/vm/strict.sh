#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# daxrace-vm's exit status is daxrace's, --strict too: on the old kernel
# (Debian 6.1, inside bio-release-no-devmap-wake's range) "daxrace run
# --strict" in the guest marks its LIVE failures known and still exits 1;
# daxrace-vm must exit 1 and name the issue by its id.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/vm/lib.sh"

KVER=${DAXRACE_VM_OLD_KERNEL:-6.1}
vm_require
vm_kernel "$KVER"
vm_tmpdir
tap_plan 4

# One held scenario: bio-release-no-devmap-wake fails every held dio-read
# round there, and the rest of the default would only lengthen the boot.
vm_run --kernel-package "$KVER" --fs ext4 -- --strict \
	--group smoke --actor dio-read --mutator punch --duration "${DAXRACE_VM_TEST_DURATION:-2s}" --watchdog 3s --seed 1
j=$(vm_result_json ext4)
tap_ok "daxrace run --strict in the guest exited 1" \
	test "$(cat "$VM_OUT/ext4/rc" 2>/dev/null)" = 1
tap_ok "its result.json: strict, with failures marked known as bio-release-no-devmap-wake" \
	jq -e '.strict == true and
		([.scenarios[].violations[]? | select(.known == true) | .known_issue] |
		 index("bio-release-no-devmap-wake") != null)' "${j:-$VM_OUT/no-result.json}"
tap_ok "daxrace-vm exit 1, daxrace's (exit $VM_RC)" test "$VM_RC" -eq 1
tap_ok "the summary line names bio-release-no-devmap-wake" \
	grep -q '^daxrace-vm: ext4: daxrace run FAIL.* known kernel issue(s): bio-release-no-devmap-wake[;,]' "$VM_LOG"
tap_done
