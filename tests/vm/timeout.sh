#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# A guest that hangs (here: a "daxrace" that never returns) is killed at
# --timeout: exit 3, the console's last lines, no qemu and no work
# directory left behind.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/vm/lib.sh"

vm_require
vm_kernel "${DAXRACE_VM_OLD_KERNEL:-6.1}"
vm_tmpdir
tap_plan 5
printf '#!/bin/sh\necho "fake daxrace: hanging" >/dev/console\nexec sleep 100000\n' >"$VM_TMP/hang"
chmod +x "$VM_TMP/hang"
# Long enough for a TCG guest on a loaded 2-core machine to reach the fake
# daxrace (seen: 21 s to load the modules while other builds ran), so the
# kill lands on the hang this test is about, not on a slow boot.
VM_TIMEOUT=60
DAXRACE=$VM_TMP/hang TMPDIR=$VM_TMP vm_run --kernel-package "${DAXRACE_VM_OLD_KERNEL:-6.1}" --fs ext4 --probe-only
# qemu's lifetime as daxrace-vm measured it (not the wait for the lock
# other VM tests hold, nor the image build)
el=$(sed -n 's/^elapsed: \([0-9]*\)s.*/\1/p' "$VM_OUT/vm.txt" 2>/dev/null)
tap_ok "exit 3" test "$VM_RC" -eq 3
tap_ok "qemu killed at the timeout (lived ${el:-?}s for a ${VM_TIMEOUT}s timeout)" \
	test "${el:-999}" -le $((VM_TIMEOUT + 5))
says_so() { grep -q timeout "$VM_LOG" && grep -q 'fake daxrace: hanging' "$VM_LOG"; }
tap_ok "says so, with the console's last lines" says_so
nothing_left() {
	for _w in "$VM_TMP"/daxrace-vm.*; do
		[ ! -e "$_w" ] || { echo "left behind: $_w"; return 1; }
	done
	! pgrep -f "qemu-system-x86_64.*$VM_TMP" || { echo "qemu still running"; return 1; }
}
tap_ok "no qemu and no work directory left behind" nothing_left
tap_ok "the guest had come up (the share was mounted)" test -f "$VM_OUT/up"
tap_done
