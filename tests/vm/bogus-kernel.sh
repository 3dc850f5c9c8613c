#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# A kernel that cannot boot gives exit 3, the console's last lines, within
# the timeout, and leaves no qemu and no work directory behind; one that
# panics in its own boot under TCG is booted once more first, and no more.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/vm/lib.sh"

vm_require
vm_tmpdir
tap_plan 12
# Random bytes: qemu refuses them at once.
head -c 1048576 /dev/urandom >"$VM_TMP/bogus"
t0=$(date +%s)
VM_TIMEOUT=40
TMPDIR=$VM_TMP vm_run --kernel "$VM_TMP/bogus" --fs ext4
t1=$(date +%s)
tap_ok "bogus --kernel: exit 3" test "$VM_RC" -eq 3
tap_ok "the console's last lines are printed" grep -q 'last lines of the guest console' "$VM_LOG"
# The guest's own lifetime, as daxrace-vm measured it from qemu's start: the
# wall time before it also holds the initramfs build and the wait for the
# one-guest-at-a-time lock, which depend on what else runs.
guest_s=$(sed -n -e 's/.*did not come up (after \([0-9]*\)s).*/\1/p' \
	-e 's/.*did not come up (killed at the \([0-9]*\)s timeout).*/\1/p' "$VM_LOG" | head -1)
tap_ok "the guest ended within the timeout (${guest_s:-?}s <= ${VM_TIMEOUT}s; $((t1 - t0))s in all)" \
	test "${guest_s:-999}" -le "$VM_TIMEOUT"
nothing_left() {
	for _w in "$VM_TMP"/daxrace-vm.*; do
		[ ! -e "$_w" ] || { echo "left behind: $_w"; return 1; }
	done
	! pgrep -f "qemu-system-x86_64.*$VM_TMP" || { echo "qemu still running"; return 1; }
}
tap_ok "no work directory or qemu left behind" nothing_left

# A real kernel without its modules boots, but cannot reach the nvdimm or
# the 9p share: the guest never comes up as far as daxrace-vm is concerned.
if k=$("$DAXRACE_VM" --kernel-package "${DAXRACE_VM_OLD_KERNEL:-6.1}" --fetch-only 2>/dev/null |
	sed -n 's/^kernel: //p') && [ -n "$k" ]; then
	VM_TIMEOUT=90
	rm -rf "$VM_TMP/r"
	TMPDIR=$VM_TMP vm_run --kernel "$k" --modules none --fs ext4
	tap_ok "kernel without its modules: exit 3" test "$VM_RC" -eq 3
	tap_ok "the console tail shows why (the guest's own error line)" grep -q 'DAXRACE-VM: ERROR' "$VM_LOG"
	tap_ok "... and points to the config fragment" grep -q 'needs the options of .*/daxrace.config' "$VM_LOG"

	# No init to run and no root to mount: the kernel panics in its boot,
	# before daxrace-vm's init could print a line, every time.
	rm -rf "$VM_TMP/r"
	TMPDIR=$VM_TMP vm_run --kernel-package "${DAXRACE_VM_OLD_KERNEL:-6.1}" --fs ext4 \
		--accel tcg --append rdinit=/nonexistent
	tap_ok "boot panic twice under TCG: exit 3" test "$VM_RC" -eq 3
	tap_ok "... booted once more, and said so" grep -q 'panicked in its boot.*booting it once more' "$VM_LOG"
	tap_ok "... the first console kept, with its panic" grep -q 'Kernel panic' "$VM_OUT/console.first.log"
	twice() {
		[ "$(grep -c '^boot-attempts: 2 (the first panicked' "$VM_OUT/vm.txt")" -eq 1 ] &&
			[ "$(grep -c '^elapsed: ' "$VM_OUT/vm.txt")" -eq 1 ] &&
			grep -q 'Kernel panic' "$VM_OUT/console.log"
	}
	tap_ok "... two boots, not three, and the second panic stands" twice
	tap_ok "... --append is last on the guest's command line" \
		grep -q '^cmdline: .* rdinit=/nonexistent$' "$VM_OUT/vm.txt"
else
	for _t in "kernel without its modules: exit 3" "the console tail shows why" \
		"... and points to the config fragment" "boot panic twice under TCG: exit 3" \
		"... booted once more" "... the first console kept" "... two boots, not three" \
		"... --append is last"; do
		tap_skip "$_t" "no Debian kernel package to boot"
	done
fi
tap_done
