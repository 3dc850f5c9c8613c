#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Every actor that can be held x the first three mutators (punch, zero,
# truncate) with stall uffd runs a second in page-cache mode and PASSes
# with confirmed holds (uring-fixed: or is SKIP with the kernel's refusal
# of fixed buffers over ext4); ORDER and GUPFAIL are NA there.  run-mutators-*.sh race the others.
. "$top_srcdir/tests/integration/run-lib.sh"
run_fs_setup run-actors-mutators

tap_plan 4
"$DAXRACE" run --group smoke --dir "$fsdir" --results "$tmp/res" --stall uffd \
	--mutator punch,zero,truncate --duration 1 --seed 11 >"$tmp/out" 2>"$tmp/err"
rc=$?
tap_ok "exit 0 (exit $rc)" sh -c '[ "$1" -eq 0 ] || { cat "$2"; exit 1; }' \
	sh "$rc" "$tmp/err"
d=$(run_dir)
# The actors a held group runs: those whose scenarios can use the uffd stall.
nactors=$("$DAXRACE" list --json | python3 -c '
import json, sys
print(sum("uffd" in a["stalls"] for a in json.load(sys.stdin)["actors"]))')
# uring-fixed only: the kernel refuses its registration over an ext4 page
# (6.5+), and it says so; run-uring-fixed.sh races it on tmpfs.
tap_ok "every actor x three mutators, all PASS with confirmed holds" result_check \
	"$d/result.json" '
names = sorted(s["name"] for s in d["scenarios"])
assert len(names) == 3 * '"$nactors"' and '"$nactors"' >= 4, names
for s in d["scenarios"]:
    if s["actor"] == "uring-fixed" and s["status"] == "SKIP":
        assert "writable_file_mapping_allowed" in s["reason"], s["reason"]
        continue
    assert s["status"] == "PASS", (s["name"], s["status"], s["reason"])
    assert s["confirmed_holds"] > 0, (s["name"], s["confirmed_holds"])'
tap_ok "ORDER and GUPFAIL are NA in page-cache mode, never PASS" result_check \
	"$d/result.json" '
assert not d["dax"]
for s in d["scenarios"]:
    if s["actor"] == "uring-fixed" and s["status"] == "SKIP":
        continue
    for o in ("ORDER", "GUPFAIL"):
        assert s["oracles"][o]["verdict"] == "NA", (s["name"], o, s["oracles"][o])'
tap_ok "work directory removed" sh -c \
	'! ls -d "$1"/daxrace.* >/dev/null 2>&1' sh "$fsdir"
tap_done
