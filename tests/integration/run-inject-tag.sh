#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# A test-only injection writes a foreign tag into a bystander file through
# another descriptor: TAG must FAIL with evidence and daxrace exit 1.
. "$top_srcdir/tests/integration/run-lib.sh"
run_fs_setup run-inject-tag

tap_plan 3
"$DAXRACE" run --dir "$fsdir" --results "$tmp/res" --actor dio-read \
	--mutator punch --duration 1 --inject foreign-tag >"$tmp/out" 2>"$tmp/err"
rc=$?
tap_ok "exit 1 (exit $rc)" sh -c '[ "$1" -eq 1 ] || { cat "$2"; exit 1; }' \
	sh "$rc" "$tmp/err"
d=$(run_dir)
tap_ok "TAG FAILs with a FOREIGN violation and its hex dump" result_check \
	"$d/result.json" '
s = d["scenarios"][0]
assert s["status"] == "FAIL", s["status"]
assert s["oracles"]["TAG"]["verdict"] == "FAIL", s["oracles"]["TAG"]
v = [v for v in s["violations"] if v["oracle"] == "TAG"]
assert v and "FOREIGN" in v[0]["summary"], v
assert "0000:" in (v[0].get("evidence") or ""), v[0]'
tap_ok "other oracles did not fire" result_check "$d/result.json" '
s = d["scenarios"][0]
for o in ("LIVE", "KLOG"):
    assert s["oracles"][o]["verdict"] != "FAIL", (o, s["oracles"][o])'
tap_done
