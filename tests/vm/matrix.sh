#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# daxrace-vm --matrix on two real kernels, the ones dax-old.sh and
# dax-new.sh boot (their cached packages: nothing new is fetched when they
# ran), one guest after the other (-j 1), ext4 only and one scenario of
# 1 s, to stay within the VM time budget.  Checked: each guest came up
# and ran, the exit status is 0 (PASS or known issues only), matrix.json
# is valid and has a cell per kernel, the table a column per kernel, and
# daxrace report on the matrix directory finds both runs.  Then a kernel
# that cannot boot (random bytes, refused by qemu at once): an ERROR cell
# with the reason, exit 3, within the timeout.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/vm/lib.sh"

OLD=${DAXRACE_VM_OLD_KERNEL:-6.1}
NEW=${DAXRACE_VM_NEW_KERNEL:-7.3}
vm_require
command -v python3 >/dev/null || tap_skip_all "python3 is needed to check matrix.json"
vm_has run || tap_skip_all "daxrace run is not built yet"
vm_kernel "$OLD"
old_release=$VM_RELEASE
vm_kernel "$NEW"
new_release=$VM_RELEASE
vm_tmpdir
tap_plan 8

log=$VM_TMP/matrix.log
rc=0
# one guest at a time, also under make -j: 2 cores, TCG
flock "$VM_LOCK" "$DAXRACE_VM" --matrix -j 1 --kernel-package "$OLD,$NEW" --fs ext4 \
	--results "$VM_TMP/r" --timeout "$VM_TIMEOUT" -- \
	--actor dio-read --mutator punch --stall uffd --duration 1s --watchdog 3s --seed 1 \
	>"$log" 2>&1 </dev/null || rc=$?
mdir=$(find "$VM_TMP/r" -mindepth 1 -maxdepth 1 -type d -name 'matrix-*' | head -n 1)
tap_diag "daxrace-vm --matrix -> exit $rc" "$(cat "$log")"

tap_ok "kernels $old_release and $new_release: exit 0 (PASS or known issues only)" test "$rc" -eq 0
tap_ok "matrix.json is valid against results/matrix.schema.json" \
	python3 "$top_srcdir/tests/integration/validate-result.py" \
	"$top_srcdir/results/matrix.schema.json" "${mdir:-/nonexistent}/matrix.json"
tap_ok "both guests came up, with their releases" jq -e --arg o "$old_release" --arg n "$new_release" '
	[.guests[] | .release] == [$o, $n] and all(.guests[]; .exit_status == 0 and .dir != null)' \
	"${mdir:-/nonexistent}/matrix.json"
tap_ok "a dio-read.punch.uffd cell per kernel, PASS or known, and a NAMESPACE cell" jq -e --arg o "$OLD" --arg n "$NEW" '
	[.cells[] | select(.scenario == "smoke/dio-read.punch.uffd") |
	 select(.status == "PASS" or (.status == "FAIL" and .known)) | .kernel] == [$o, $n] and
	([.cells[] | select(.scenario == "NAMESPACE")] | length) == 2' "${mdir:-/nonexistent}/matrix.json"
tap_ok "the table has a column per kernel" \
	grep -Eq "^SCENARIO +$OLD/ext4 +$NEW/ext4\$" "${mdir:-/nonexistent}/matrix.txt"
tap_ok "daxrace report on the matrix directory finds both runs" sh -c '
	"$DAXRACE" report "$1" >"$1.report" && [ "$(grep -c "^==> .*/result.json <==" "$1.report")" = 2 ]' \
	sh "${mdir:-/nonexistent}"

head -c 1048576 /dev/urandom >"$VM_TMP/bogus"
rc=0
flock "$VM_LOCK" "$DAXRACE_VM" --matrix --kernel "$VM_TMP/bogus" --fs ext4 \
	--results "$VM_TMP/b" --timeout 40 >"$log" 2>&1 </dev/null || rc=$?
bdir=$(find "$VM_TMP/b" -mindepth 1 -maxdepth 1 -type d -name 'matrix-*' | head -n 1)
tap_diag "daxrace-vm --matrix --kernel bogus -> exit $rc" "$(cat "$log")"
tap_ok "a kernel that cannot boot: exit 3" test "$rc" -eq 3
tap_ok "... an ERROR cell that says the guest did not come up" jq -e '
	.cells == [.cells[0]] and .cells[0].kernel == "bogus" and .cells[0].status == "ERROR" and
	(.cells[0].reason | startswith("the guest did not come up")) and
	.guests[0].exit_status == 3' "${bdir:-/nonexistent}/matrix.json"
tap_done
