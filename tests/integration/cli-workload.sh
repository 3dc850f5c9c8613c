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

tap_plan 11
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
# The shipped files must parse: break them only on purpose, with a bad
# command-line value, so nothing runs.
for w in quick nightly; do
	tap_ok "workloads/$w.ini parses" sh -c '
		err=$("$1" run --workload "$2" --dir "$3" --jobs 0 2>&1 >/dev/null)
		printf "%s\n" "$err" | grep -q "^daxrace run: --jobs:" || { echo "$err"; exit 1; }' \
		sh "$DAXRACE" "$top_srcdir/workloads/$w.ini" "$tmp"
done
tap_ok "--workload finds a shipped file by name" sh -c '
	err=$("$1" run --workload quick --dir "$2" --jobs 0 2>&1 >/dev/null)
	printf "%s\n" "$err" | grep -q "^daxrace run: --jobs:" || { echo "$err"; exit 1; }' \
	sh "$DAXRACE" "$tmp"
# Without --workload the compiled-in quick.ini applies: its 3 s duration
# (the bare default too) and uffd stall, in group "quick".
tap_ok "no --workload: the built-in quick workload applies" sh -c '
	"$1" run --dir "$2" --actor dio-read --mutator punch --format json \
		--results "$2/res" >"$2/b.json" 2>/dev/null
	python3 - "$2/b.json" <<PY
import json, sys
d = json.load(open(sys.argv[1]))
assert d["workload"] == "built-in:quick", d["workload"]
c = d["groups"][0]["config"]
assert c["duration_s"] == 3 and c["stall"] == "uffd", c
assert [s["id"] for s in d["scenarios"]] == ["quick/dio-read.punch.uffd"], d["scenarios"]
assert d["groups"][0]["name"] == "quick", d["groups"][0]["name"]
PY' sh "$DAXRACE" "$tmp"
# A farm tracks scenarios by id: built in or named, quick is one test.
ids() { sed -n "s/^\(not \)\{0,1\}ok [0-9]* - \([^ ]*\).*/\2/p" "$1"/*/result.tap; }
"$DAXRACE" run --dir "$tmp" --actor dio-read,dio-write --mutator punch --rounds 3 \
	--results "$tmp/res1" >/dev/null 2>&1
"$DAXRACE" run --workload quick --dir "$tmp" --actor dio-read,dio-write \
	--mutator punch --rounds 3 --results "$tmp/res2" >/dev/null 2>&1
tap_ok "built-in and --workload quick give the same scenario ids" sh -c '
	[ -n "$1" ] && [ "$1" = "$2" ] || { echo "built-in: $1"; echo "named: $2"; exit 1; }' \
	sh "$(ids "$tmp/res1")" "$(ids "$tmp/res2")"
tap_done
