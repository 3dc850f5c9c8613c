#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Workload files: a bad key or value is one line "FILE:LINE: ..." and exit
# 2; the shipped workloads parse.
. "$top_srcdir/tests/lib/tap.sh"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/cli-workload.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

# wl_bad DESCRIPTION EXPECTED-TEXT FILE-CONTENT
wl_bad() {
	printf '%s\n' "$3" >"$tmp/w.ini"
	tap_ok "$1" sh -c '
		err=$("$1" run --workload "$2" --dir "$3" --results "$3/res" 2>&1 >/dev/null)
		rc=$?
		[ "$rc" -eq 2 ] || { echo "exit $rc: $err"; exit 1; }
		[ "$(printf "%s\n" "$err" | grep -c .)" -eq 1 ] || { echo "$err"; exit 1; }
		printf "%s\n" "$err" | grep -qF -- "$4" || { echo "$err"; exit 1; }' \
		sh "$DAXRACE" "$tmp/w.ini" "$tmp" "$2"
}

# Thirteen checks, and one per shipped workload file.
tap_plan $((13 + $(ls "$top_srcdir"/workloads/*.ini | wc -l)))
wl_bad "unknown key names file:line" "$tmp/w.ini:3: unknown key 'foo'" \
	"[global]
duration = 1s
foo = bar"
wl_bad "bad value names file:line and option" "$tmp/w.ini:2: --jobs: '0'" \
	"[g]
jobs = 0"
wl_bad "format outside [global]" "$tmp/w.ini:2: --format: only allowed in [global]" \
	"[g]
format = tap"
wl_bad "key before any section" "$tmp/w.ini:1: --jobs: outside a section" \
	"jobs = 2"
wl_bad "unknown actor in a file" "$tmp/w.ini:2: --actor: 'nope'" \
	"[g]
actor = nope"
wl_bad "rounds and duration in one section" "$tmp/w.ini:3: --duration: cannot be combined" \
	"[g]
rounds = 3
duration = 1s"
# The shipped files must parse, all of them: read in full and checked,
# then nothing can run (the work directory cannot be made), so a bad key
# or value shows as its FILE:LINE error and exit 2 instead of exit 3.
for f in "$top_srcdir"/workloads/*.ini; do
	w=$(basename "$f" .ini)
	tap_ok "workloads/$w.ini parses and checks" sh -c '
		err=$("$1" run --workload "$2" --dir "$3/none/x" --results "$3/res-parse" 2>&1 >/dev/null)
		rc=$?
		[ "$rc" -eq 3 ] && printf "%s\n" "$err" | grep -q "cannot create a work directory" ||
		{ echo "exit $rc: $err"; exit 1; }' sh "$DAXRACE" "$f" "$tmp"
done
printf '[global]\npages = 256\n' >"$tmp/bad-pages.ini"
tap_ok "that check can fail: a bad value in a file is its FILE:LINE, exit 2" sh -c '
	err=$("$1" run --workload "$2" --dir "$3/none/x" --results "$3/res-parse" 2>&1 >/dev/null)
	[ $? -eq 2 ] && printf "%s\n" "$err" | grep -q "bad-pages.ini:2: --pages" || { echo "$err"; exit 1; }' \
	sh "$DAXRACE" "$tmp/bad-pages.ini" "$tmp"
tap_ok "--workload finds a shipped file by name" sh -c '
	err=$("$1" run --workload smoke --dir "$2" --jobs 0 2>&1 >/dev/null)
	printf "%s\n" "$err" | grep -q "^daxrace run: --jobs:" || { echo "$err"; exit 1; }' \
	sh "$DAXRACE" "$tmp"
# Without --workload the compiled-in smoke.ini applies: its 1 s duration
# (the bare default too), a held group "smoke" and a free-running group
# "smoke-free".
tap_ok "no --workload: the built-in smoke workload applies, both groups" sh -c '
	"$1" run --dir "$2" --actor dio-read --mutator punch --format json \
		--results "$2/res" >"$2/b.json" 2>/dev/null
	python3 - "$2/b.json" <<PY
import json, sys
d = json.load(open(sys.argv[1]))
assert d["workload"] == "built-in:smoke", d["workload"]
assert [g["name"] for g in d["groups"]] == ["smoke", "smoke-free"], d["groups"]
c = d["groups"][0]["config"]
assert c["duration_s"] == 1 and c["stall"] == "uffd", c
assert d["groups"][1]["config"]["stall"] == "none", d["groups"][1]["config"]
assert [s["id"] for s in d["scenarios"]] == ["smoke/dio-read.punch.uffd",
        "smoke-free/dio-read.punch.none"], [s["id"] for s in d["scenarios"]]
PY' sh "$DAXRACE" "$tmp"
tap_ok "--group smoke-free runs only that group" sh -c '
	"$1" run --dir "$2" --group smoke-free --actor dio-read --mutator punch+zap \
		--format json --results "$2/res-g" >"$2/g.json" 2>/dev/null
	python3 - "$2/g.json" <<PY
import json, sys
d = json.load(open(sys.argv[1]))
assert [g["name"] for g in d["groups"]] == ["smoke-free"], d["groups"]
assert [s["id"] for s in d["scenarios"]] == ["smoke-free/dio-read.punch+zap.none"], d["scenarios"]
PY' sh "$DAXRACE" "$tmp"
tap_ok "--group naming a group the workload lacks: one line naming it and the groups, exit 2" sh -c '
	err=$("$1" run --dir "$2" --group smoke,nope --actor dio-read 2>&1 >/dev/null); rc=$?
	[ "$rc" -eq 2 ] && [ "$(printf "%s\n" "$err" | wc -l)" -eq 1 ] &&
	printf "%s\n" "$err" | grep -qx "daxrace run: --group: built-in:smoke has no group .nope. (it has: smoke, smoke-free)" ||
	{ echo "rc=$rc: $err"; exit 1; }' sh "$DAXRACE" "$tmp"
tap_ok "--group in a workload file is refused with file and line" sh -c '
	printf "[global]\ngroup = smoke\n" >"$2/g.ini"
	err=$("$1" run --workload "$2/g.ini" --dir "$2" 2>&1 >/dev/null); rc=$?
	[ "$rc" -eq 2 ] && printf "%s\n" "$err" | grep -q "g.ini:2" || { echo "rc=$rc: $err"; exit 1; }' \
	sh "$DAXRACE" "$tmp"
# A farm tracks scenarios by id: built in or named, smoke is one test.
ids() { sed -n "s/^\(not \)\{0,1\}ok [0-9]* - \([^ ]*\).*/\2/p" "$1"/*/result.tap; }
"$DAXRACE" run --dir "$tmp" --actor dio-read,dio-write --mutator punch --rounds 3 \
	--results "$tmp/res1" >/dev/null 2>&1
"$DAXRACE" run --workload smoke --dir "$tmp" --actor dio-read,dio-write \
	--mutator punch --rounds 3 --results "$tmp/res2" >/dev/null 2>&1
tap_ok "built-in and --workload smoke give the same scenario ids" sh -c '
	[ -n "$1" ] && [ "$1" = "$2" ] || { echo "built-in: $1"; echo "named: $2"; exit 1; }' \
	sh "$(ids "$tmp/res1")" "$(ids "$tmp/res2")"
tap_done
