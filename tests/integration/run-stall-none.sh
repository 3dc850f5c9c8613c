#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Free-running mode: actors and mutators loop concurrently, every phase
# ends with quiesce-and-probe; a correct kernel PASSes.
. "$top_srcdir/tests/integration/run-lib.sh"
run_fs_setup run-stall-none

tap_plan 2
"$DAXRACE" run --dir "$fsdir" --results "$tmp/res" --stall none \
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
tap_done
