#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# A real FAIL (--inject foreign-tag makes TAG fire) against a temporary
# known-issues file that knows it: exit 0, "# TODO known kernel issue" in
# the TAP (automake's tap-driver: XFAIL), known in result.json and the
# human report.  Without the file, or with --strict, the same FAIL exits 1.
# A missing or malformed file is a one-line usage error before any race.
. "$top_srcdir/tests/integration/run-lib.sh"
run_fs_setup cli-known

cat >"$tmp/known.ini" <<'KI'
# matches what --inject foreign-tag makes on any kernel and fs
[injected-tag]
kernel = ..
fs = *
scenario = dio-read.punch.*
oracle = TAG
fix = none: constructed by the test
explanation = --inject foreign-tag writes another file's tag into a
  bystander's block
KI

tap_plan 14
# known_run NAME ARGS...: one 1 s dio-read x punch run with the injection.
known_run() {
	_n=$1; shift
	"$DAXRACE" run --group smoke --dir "$fsdir" --results "$tmp/$_n" --actor dio-read \
		--mutator punch --duration 1 --inject foreign-tag "$@" \
		>"$tmp/$_n.out" 2>"$tmp/$_n.err"
	echo $? >"$tmp/$_n.rc"
}
rc_is() { # NAME WANT
	[ "$(cat "$tmp/$1.rc")" = "$2" ] ||
		{ echo "exit $(cat "$tmp/$1.rc")"; cat "$tmp/$1.err"; return 1; }
}
dir_of() { ls -d "$tmp/$1"/*/ 2>/dev/null | head -1; }

known_run known --known-issues "$tmp/known.ini"
tap_ok "known FAIL: exit 0" rc_is known 0
d=$(dir_of known)
tap_ok "known FAIL: the TAP line is not ok with a TODO directive" \
	grep -qx 'not ok 1 - smoke/dio-read.punch.uffd # TODO known kernel issue injected-tag' \
	"$d/result.tap"
tap_ok "known FAIL: the explanation is in the YAML block" grep -qF \
	'explanation: "--inject foreign-tag writes another file'"'"'s tag into a bystander'"'"'s block"' \
	"$d/result.tap"
xfail() {
	sh "$top_srcdir/build-aux/tap-driver.sh" --test-name known --log-file "$tmp/td.log" \
		--trs-file "$tmp/td.trs" -- cat "$1" >/dev/null &&
	grep -q '^:test-result: XFAIL' "$tmp/td.trs" &&
	! grep -q '^:test-result: FAIL' "$tmp/td.trs"
}
tap_ok "known FAIL: automake's tap-driver counts it as XFAIL" xfail "$d/result.tap"
tap_ok "known FAIL: result.json marks scenario and violation known" result_check \
	"$d/result.json" '
assert d["exit_status"] == 0 and d["result"] == "PASS", (d["exit_status"], d["result"])
s = d["scenarios"][0]
assert s["status"] == "FAIL" and s["known"] is True, s["status"]
assert s["known_issue"] == "injected-tag", s["known_issue"]
v = [v for v in s["violations"] if v["oracle"] == "TAG"]
assert v and all(x["known"] and x["known_issue"] == "injected-tag" for x in v), v
assert d["summary"]["known"] == 1 and d["summary"]["fail"] == 1, d["summary"]
assert d["groups"][0]["exit_status"] == 0, d["groups"][0]["exit_status"]
assert d["groups"][0]["environment"]["known_fs"] == d["fs"], d["groups"][0]
k = d["known_issues"]
assert k["file"].endswith("/known.ini") and k["entries"] == 1, k
assert "bystander" in k["matched"]["injected-tag"]["explanation"], k'
tap_ok "known FAIL: result.json is valid" python3 \
	"$top_srcdir/tests/integration/validate-result.py" \
	"$top_srcdir/results/schema.json" "$d/result.json"
tap_ok "known FAIL: the human report says FAIL (known: ID)" \
	grep -q '^smoke/dio-read.punch.uffd  *FAIL (known: injected-tag) ' "$tmp/known.out"
tap_ok "known FAIL: daxrace report renders the TODO again" sh -c \
	'"$1" report "$2" --format tap | grep -q "# TODO known kernel issue injected-tag"' \
	sh "$DAXRACE" "$d"

known_run none --known-issues none
tap_ok "--known-issues none: the same FAIL exits 1" rc_is none 1
d=$(dir_of none)
tap_ok "--known-issues none: no TODO, known false" sh -c '
	grep -qx "not ok 1 - smoke/dio-read.punch.uffd" "$1/result.tap" &&
	python3 -c "
import json, sys
d = json.load(open(sys.argv[1]))
s = d[\"scenarios\"][0]
assert not s[\"known\"] and s[\"known_issue\"] is None and d[\"known_issues\"][\"file\"] is None
" "$1/result.json"' sh "$d"

known_run strict --known-issues "$tmp/known.ini" --strict
tap_ok "--strict: a known FAIL exits 1" rc_is strict 1
d=$(dir_of strict)
tap_ok "--strict: still marked known, but no TODO" sh -c '
	grep -qx "not ok 1 - smoke/dio-read.punch.uffd" "$1/result.tap" &&
	grep -q "known_issue: \"injected-tag\"" "$1/result.tap"' sh "$d"

# one_line_usage ARGS...: exit 2, one line on stderr matching $want, no run dir
one_line_usage() {
	rm -rf "$tmp/bad"
	"$DAXRACE" run --group smoke --dir "$fsdir" --results "$tmp/bad" --duration 1 "$@" \
		>/dev/null 2>"$tmp/bad.err"
	_rc=$?
	[ "$_rc" -eq 2 ] && [ "$(wc -l <"$tmp/bad.err")" -eq 1 ] &&
		grep -qF -- "$want" "$tmp/bad.err" && [ ! -e "$tmp/bad" ] ||
		{ echo "exit $_rc, wanted 2 and '$want'"; cat "$tmp/bad.err"; return 1; }
}
want="$tmp/missing"
tap_ok "a missing --known-issues FILE: exit 2 naming it" \
	one_line_usage --known-issues "$tmp/missing"
printf '[x]\nkernel = ..\nfs = ext4, xfs\n' >"$tmp/bad.ini"
want="$tmp/bad.ini:3: fs: 'ext4, xfs'"
tap_ok "a malformed file: exit 2 with FILE:LINE: field" \
	one_line_usage --known-issues "$tmp/bad.ini"
tap_done
