#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Free-running mode: actors and mutators loop concurrently, every phase
# ends with quiesce-and-probe; a correct kernel PASSes.  Several mutators
# combined (NAME+NAME) race one actor in one scenario; held rounds refuse
# a combination.
. "$top_srcdir/tests/integration/run-lib.sh"
run_fs_setup run-stall-none

tap_plan 6
"$DAXRACE" run --group smoke --dir "$fsdir" --results "$tmp/res" --stall none \
	--actor dio-read,dio-write --mutator punch --duration 1 \
	--probe-every 0.3 --jobs 2 >"$tmp/out" 2>"$tmp/err"
rc=$?
tap_ok "exit 0 (exit $rc)" sh -c '[ "$1" -eq 0 ] || { cat "$2"; exit 1; }' \
	sh "$rc" "$tmp/err"
tap_ok "each scenario ran I/O and probes" result_check \
	"$(run_dir)/result.json" '
for s in d["scenarios"]:
    assert s["status"] == "PASS", (s["name"], s["reason"])
    assert s["rounds"] > 0 and "probe" in s["reason"], s'

"$DAXRACE" run --group smoke --dir "$fsdir" --results "$tmp/res-combo" --stall none \
	--actor dio-read,dio-write --mutator punch+zap+fork,write+remap \
	--duration 1 --probe-every 0.3 --seed 3 >"$tmp/out" 2>"$tmp/err"
rc=$?
tap_ok "combined mutators: exit 0 (exit $rc)" sh -c \
	'[ "$1" -eq 0 ] || { cat "$2"; exit 1; }' sh "$rc" "$tmp/err"
d=$(ls -d "$tmp"/res-combo/*/ | head -1)
tap_ok "one scenario per actor and combination, each PASS with probes" \
	result_check "$d/result.json" '
names = sorted(s["name"] for s in d["scenarios"])
assert names == ["dio-read.punch+zap+fork.none", "dio-read.write+remap.none",
                 "dio-write.punch+zap+fork.none", "dio-write.write+remap.none"], names
for s in d["scenarios"]:
    assert s["status"] == "PASS", (s["name"], s["reason"])
    assert s["mutator"] in ("punch+zap+fork", "write+remap"), s["mutator"]
    assert s["rounds"] > 0 and "probe" in s["reason"], s
# ORDER is NA free-running, whichever mutators run.
o = {s["mutator"]: s["oracles"]["ORDER"]["verdict"] for s in d["scenarios"]}
assert set(o.values()) == {"NA"}, o'
tap_ok "result.json with a combination matches the schema" python3 \
	"$top_srcdir/tests/integration/validate-result.py" \
	"$top_srcdir/results/schema.json" "$d/result.json"
tap_expect_exit 2 "a combination with held rounds is refused" \
	"$DAXRACE" run --group smoke --dir "$fsdir" --results "$tmp/res-bad" --stall uffd \
	--mutator punch+zap --duration 1
tap_done
