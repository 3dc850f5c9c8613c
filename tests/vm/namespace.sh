#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The NAMESPACE oracle fires on a constructed violation: ns-hold leaves a
# page of a DAX file referenced from a pipe nobody drains, after the file
# is closed and unmapped.  On a kernel with the 6.15 refcount rework the
# umount then waits for the page (dax_break_layout_final) and never
# finishes; daxrace-vm must report NAMESPACE FAIL with that stack, exit 1,
# and still power the guest off well before --timeout.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/vm/lib.sh"

vm_require
hold=${top_builddir:-.}/tests/vm/ns-hold
[ -x "$hold" ] || tap_skip_all "helper not built: $hold"
vm_kernel "${DAXRACE_VM_NEW_KERNEL:-7.3}"
vm_tmpdir
tap_plan 4
VM_TIMEOUT=150
vm_run --kernel-package "${DAXRACE_VM_NEW_KERNEL:-7.3}" --fs ext4 --exec "$hold"
el=$(sed -n 's/^elapsed: \([0-9]*\)s.*/\1/p' "$VM_OUT/vm.txt" 2>/dev/null)
tap_ok "daxrace-vm exit 1" test "$VM_RC" -eq 1
tap_ok "NAMESPACE FAIL recorded" grep -q '^FAIL' "$VM_OUT/ext4/namespace"
tap_ok "with the stuck task's kernel stack (the final layout break)" \
	grep -q 'dax_break_layout\|memunmap_pages\|wait_for_completion' "$VM_OUT/ext4/namespace"
tap_ok "the guest still powered off long before the timeout (${el:-?}s of ${VM_TIMEOUT}s)" \
	test "${el:-999}" -lt 100
tap_done
