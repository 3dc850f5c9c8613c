#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# A short real run on a temporary directory (page-cache mode on the host)
# writes a new run directory with a result.json that validates against
# results/schema.json, a TAP file that matches it and dmesg.txt; stdout
# carries the same JSON; a second run with the same seed gets a new
# directory; the seed is recorded and names the directory.
. "$top_srcdir/tests/lib/tap.sh"

command -v python3 >/dev/null || tap_skip_all "python3 is needed to check JSON"
# Under the build tree, not /tmp: tmpfs has no O_DIRECT for the partner.
tmp=$(mktemp -d "$top_builddir/cli-run-results.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

run() {
	"$DAXRACE" run --group smoke --dir "$tmp" --results "$tmp/res" --rounds 20 --seed 4242 \
		--actor dio-read,dio-write --mutator punch --format json "$@"
}

tap_plan 13
run >"$tmp/out1.json" 2>"$tmp/err1"
rc=$?
# On any other exit, the evidence: stderr and every verdict that is not a
# pass (with --format json the verdicts are on stdout only).
tap_ok "run exits 0 or 4 (exit $rc)" sh -c '[ "$1" -eq 0 ] || [ "$1" -eq 4 ] ||
	{ cat "$2"; python3 "$4" "$3"; exit 1; }' sh "$rc" "$tmp/err1" "$tmp/out1.json" \
	"$top_srcdir/tests/integration/show-verdicts.py"
d=$(ls -d "$tmp"/res/*-s4242 2>/dev/null | head -1)
tap_ok "run directory named by time and seed" sh -c \
	'printf "%s\n" "$1" | grep -qE "/[0-9]{8}-[0-9]{6}-s4242$"' sh "$d"
tap_ok "result.json validates against results/schema.json" \
	python3 "$top_srcdir/tests/integration/validate-result.py" \
	"$top_srcdir/results/schema.json" "$d/result.json"
tap_ok "seed, exit status, numa and scenarios recorded" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["seed"] == 4242, d["seed"]
# The NUMA layout and the placement are separate clauses.
assert d["numa"] == "no placement" or d["numa"].endswith("; no placement"), d["numa"]
assert d["exit_status"] == int(sys.argv[2]), (d["exit_status"], sys.argv[2])
names = sorted(s["name"] for s in d["scenarios"])
assert names == ["dio-read.punch.uffd", "dio-write.punch.uffd"], names
for s in d["scenarios"]:
    assert set(s["oracles"]) == {"ORDER", "TAG", "LIVE", "SPACE", "KLOG", "GUPFAIL"}
    if not d["dax"]:
        assert s["oracles"]["ORDER"]["verdict"] in ("NA", "SKIP"), s["oracles"]["ORDER"]
' "$d/result.json" "$rc"
# What the racing cost daxrace: measured, so never zero for 20 held rounds
# (each sleeps in its uffd fault at least once), and the phases of the
# confirmed rounds.
tap_ok "each scenario's cost: CPU, context switches per round, the six phases" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
for s in d["scenarios"]:
    c = s["cost"]
    assert c["cpu_s"] > 0 and c["context_switches"] >= s["rounds"], (s["name"], c)
    assert abs(c["context_switches_per_round"] - c["context_switches"] / s["rounds"]) < 1e-6, c
    if s["confirmed_holds"]:
        p = c["phase_mean_us"]
        assert len(p) == 6 and p["call_to_fault"] > 0 and p["verify_refill"] > 0, p
' "$d/result.json"
tap_ok "stdout is the same JSON as result.json" python3 -c '
import json, sys
sys.exit(json.load(open(sys.argv[1])) != json.load(open(sys.argv[2])))' \
	"$d/result.json" "$tmp/out1.json"
tap_ok "result.tap: version, plan and a point per scenario" sh -c '
	head -1 "$1" | grep -qx "TAP version 13" && grep -qx "1..2" "$1" &&
	grep -qE "^(not )?ok 1 - smoke/dio-read.punch.uffd" "$1" &&
	grep -qE "^(not )?ok 2 - smoke/dio-write.punch.uffd" "$1"' sh "$d/result.tap"
tap_ok "dmesg.txt written" test -f "$d/dmesg.txt"
tap_ok "no temporary files left" sh -c '[ -z "$(ls -A "$1" | grep -v -e "^result.json$" \
	-e "^result.tap$" -e "^dmesg.txt$")" ]' sh "$d"
tap_ok "report re-renders the same TAP" sh -c \
	'"$1" report "$2" --format tap | cmp -s - "$2/result.tap"' sh "$DAXRACE" "$d"

run -q >/dev/null 2>&1
tap_ok "a second run with the same seed gets its own directory" sh -c \
	'[ "$(ls -d "$1"/res/*-s4242* | wc -l)" -eq 2 ]' sh "$tmp"
# One round, one hold: the words are singular in the reason and the result line.
"$DAXRACE" run --group smoke --dir "$tmp" --results "$tmp/one" --rounds 1 --actor dio-read \
	--mutator punch --seed 1 >"$tmp/one.out" 2>&1
tap_ok "counts of one are singular" sh -c '
	grep -q "^result .*: 1 scenario: " "$1/one.out" &&
	! grep -qE "(^| )1 (scenarios|rounds|confirmed holds|violations)" "$1/one.out" &&
	python3 -c "
import json, sys, glob
d = json.load(open(glob.glob(sys.argv[1] + \"/one/*/result.json\")[0]))
r = d[\"scenarios\"][0][\"reason\"]
assert d[\"scenarios\"][0][\"status\"] != \"PASS\" or r == \"1 confirmed hold in 1 round\", r
" "$1" || { cat "$1/one.out"; exit 1; }' sh "$tmp"
tap_ok "human format prints a table" sh -c \
	'"$@" --format human 2>/dev/null | grep -q "^SCENARIO "' sh \
	"$DAXRACE" run --group smoke --dir "$tmp" --results "$tmp/res" --rounds 5 --actor dio-read \
	--mutator zero --seed 1
tap_done
