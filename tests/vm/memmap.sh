#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The TuxRun path (daxrace-ci(7), TUXRUN): no NVDIMM, only a legacy pmem
# region carved out of RAM with the kernel's memmap= option, as an engine
# that runs qemu with fixed arguments can give.  daxrace-vm
# --namespace-mode memmap boots so; the region must come up as a pmem disk
# with no ndctl step, ext4 on it must be DAX, and a short run must judge
# ORDER there (which only DAX can).  One group, the held one: free-running
# has no pin interval and reports ORDER NA.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/vm/lib.sh"

vm_require
KVER=${DAXRACE_VM_OLD_KERNEL:-6.1}
vm_kernel "$KVER"
vm_tmpdir
tap_plan 7
VM_TIMEOUT=240
vm_run --kernel-package "$KVER" --namespace-mode memmap --mem 1280M --pmem-size 512M \
	--fs ext4 -- --group smoke --duration 1s --watchdog 3s --seed 3 --actor dio-read --mutator punch,truncate
j=$(vm_result_json ext4)
tap_ok "kernel $VM_RELEASE booted with memmap=: daxrace-vm exit 0" test "$VM_RC" -eq 0
tap_ok "the kernel command line carried memmap=512M!1024M" \
	grep -q 'ommand line:.* memmap=512M!1024M' "$VM_OUT/dmesg.txt" "$VM_OUT/console.log"
tap_ok "no NVDIMM and no ndctl create-namespace: the legacy region is the pmem disk" \
	sh -c '! grep -q "nvdimm" "$1/vm.txt" 2>/dev/null && [ ! -e "$1/ndctl-create.json" ] &&
		grep -q "namespace: /dev/pmem[0-9]* (memmap)" "$2"' sh "$VM_OUT" "$VM_LOG"
tap_ok "vm.txt records the namespace mode" grep -qx 'namespace-mode: memmap' "$VM_OUT/vm.txt"
tap_ok "ext4 on it: a new file has STATX_ATTR_DAX" grep -q '^STATX_ATTR_DAX set' "$VM_OUT/ext4/dax"
tap_ok "result.json says DAX and ORDER was judged in every scenario that ran" \
	jq -e '.dax == true and
		([.scenarios[] | select(.status == "PASS" or .status == "FAIL")] | length) == 2 and
		all(.scenarios[] | select(.status == "PASS" or .status == "FAIL");
		    .oracles.ORDER.verdict == "PASS" or .oracles.ORDER.verdict == "FAIL")' \
	"${j:-$VM_OUT/no-result.json}"
tap_ok "the namespace (the e820 region) was disabled after umount" \
	grep -q '^PASS' "$VM_OUT/ext4/namespace"
tap_done
