#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# A test thread blocked in read(2) on an empty pipe, registered as a
# watched call whose blocker is gone: LIVE fires with the stack captured,
# the results are still written and daxrace exits 1.
. "$top_srcdir/tests/integration/run-lib.sh"
run_fs_setup run-inject-live

tap_plan 3
"$DAXRACE" run --dir "$fsdir" --results "$tmp/res" --actor dio-write \
	--mutator zero --duration 2 --watchdog 0.5 --inject live-pipe \
	>"$tmp/out" 2>"$tmp/err"
rc=$?
tap_ok "exit 1 (exit $rc)" sh -c '[ "$1" -eq 1 ] || { cat "$2"; exit 1; }' \
	sh "$rc" "$tmp/err"
d=$(run_dir)
tap_ok "result.json written with LIVE FAIL" result_check "$d/result.json" '
s = d["scenarios"][0]
assert s["oracles"]["LIVE"]["verdict"] == "FAIL", s["oracles"]["LIVE"]
# Counts in words, not "violation(s)": "LIVE fired (1 violation recorded)".
assert "(s)" not in s["reason"] and "(s)" not in d["partner"], (s["reason"], d["partner"])
n = len(s["violations"])
assert s["reason"] == "LIVE fired (%d violation%s recorded)" % (n, "" if n == 1 else "s"), s["reason"]'
tap_ok "the violation carries the blocked thread's stack" result_check \
	"$d/result.json" '
v = [v for v in d["scenarios"][0]["violations"] if v["oracle"] == "LIVE"]
assert v, d["scenarios"][0]["violations"]
ev = v[0].get("evidence") or ""
assert "pipe" in v[0]["summary"], v[0]["summary"]
assert "pipe_read" in ev or "anon_pipe_read" in ev or "wchan" in ev, ev[:400]'
tap_done
