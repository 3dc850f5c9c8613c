#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# --numa spread in a guest with two NUMA nodes (daxrace-vm --numa 2: one
# CPU on each, the emulated pmem on node 1): on DAX, each job's actor and
# mutator run on different nodes, and result.json's placement says so,
# read back from the guest kernel.  The held group only: free-running on
# 7.3 meets dax-break-layout-refault (vm/known-issues), which is not what
# this test is about, and confirms no holds.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/vm/lib.sh"

vm_require
command -v python3 >/dev/null || tap_skip_all "python3 is needed to check JSON"
vm_kernel "${DAXRACE_VM_NEW_KERNEL:-7.3}"
vm_tmpdir
tap_plan 4
vm_run --kernel-package "${DAXRACE_VM_NEW_KERNEL:-7.3}" --fs ext4 --numa 2 -- \
	--group smoke --numa spread --jobs 2 --actor dio-read,dio-write --mutator punch --duration 2s
json=$(vm_result_json ext4)
tap_ok "daxrace-vm exit 0 (exit $VM_RC)" test "$VM_RC" -eq 0
tap_ok "the guest had two nodes and the run spread over them" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["dax"], "not DAX"
assert "spread: threads on nodes 0-1" in d["numa"], d["numa"]' "$json"
tap_ok "each job's actor and mutator ran on different nodes, on DAX pages of node 1" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
for s in d["scenarios"]:
    rows = {p["what"]: p for p in s["placement"]}
    for job in (0, 1):
        a, m = rows["job%d.actor" % job], rows["job%d.mutator" % job]
        assert a["node"] is not None and m["node"] is not None, (a, m)
        assert a["node"] != m["node"], (s["name"], a, m)
    assert s["confirmed_holds"] > 0, (s["name"], s["reason"])
    v = rows["job0.victim"]
    assert v["node"] == 1 and "pmem device" in v["from"], v' "$json"
tap_ok "every buffer's node is told, or why not" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
for s in d["scenarios"]:
    for p in s["placement"]:
        assert p["node"] is not None or p.get("why"), p
' "$json"
tap_diag "$(python3 -c '
import json, sys
for s in json.load(open(sys.argv[1]))["scenarios"]:
    for p in s["placement"]:
        print(s["name"], p["what"], p["node"], p.get("cpu", ""), p.get("why", ""))' "$json")"
tap_done
