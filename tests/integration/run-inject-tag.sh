#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# A test-only injection writes a foreign tag into a bystander file through
# another descriptor: TAG must FAIL with evidence and daxrace exit 1.  And
# into the victim, after every mutator's change: whatever the mutator says
# the block holds, TAG must FAIL there too, held and free-running.
. "$top_srcdir/tests/integration/run-lib.sh"
run_fs_setup run-inject-tag

tap_plan 5
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

muts=$("$DAXRACE" list | awk '$1 == "mutator" { printf "%s%s", sep, $2; sep = "," }')
"$DAXRACE" run --dir "$fsdir" --results "$tmp/res-v" --actor dio-read,dio-write \
	--mutator "$muts" --rounds 3 --inject victim-foreign >"$tmp/out" 2>"$tmp/err"
rc=$?
tap_ok "victim-foreign, every mutator held: TAG FAILs on the victim (exit $rc)" \
	result_check "$(ls -d "$tmp"/res-v/*/ | head -1)/result.json" "
assert $rc == 1, $rc
muts = '$muts'.split(',')
assert sorted(set(s['mutator'] for s in d['scenarios'])) == sorted(muts), muts
for s in d['scenarios']:
    if s['status'] == 'SKIP':
        assert 'the filesystem refuses it' in s['reason'], (s['name'], s['reason'])
        continue
    assert s['status'] == 'FAIL', (s['name'], s['status'], s['reason'])
    v = [v for v in s['violations'] if v['oracle'] == 'TAG']
    assert v and 'victim' in v[0]['summary'] and 'FOREIGN' in v[0]['summary'], (s['name'], v)"
"$DAXRACE" run --dir "$fsdir" --results "$tmp/res-n" --actor dio-read \
	--mutator "$muts" --stall none --duration 0.2 --inject victim-foreign \
	>"$tmp/out" 2>"$tmp/err"
rc=$?
tap_ok "victim-foreign, every mutator free-running: TAG FAILs after the quiet probe (exit $rc)" \
	result_check "$(ls -d "$tmp"/res-n/*/ | head -1)/result.json" "
assert $rc == 1, $rc
for s in d['scenarios']:
    if s['status'] == 'SKIP':
        assert 'the filesystem refuses it' in s['reason'], (s['name'], s['reason'])
        continue
    assert s['status'] == 'FAIL', (s['name'], s['status'], s['reason'])
    v = [v for v in s['violations'] if v['oracle'] == 'TAG']
    assert v and 'FOREIGN' in v[0]['summary'], (s['name'], v)"
tap_done
