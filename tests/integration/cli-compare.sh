#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# daxrace report --compare BASE NEW on constructed pairs: copies of the
# result.json of one short real run, edited with python3 into a new
# failure, a fix, a known issue in both, a rate change within and beyond
# the noise rule, too few rounds to judge, scenarios on one side only, a
# matrix of kernels and filesystems in daxrace-vm's layout; and bad input,
# which exits 2 naming the file.  The JSON rendering validates against
# results/compare-schema.json.
. "$top_srcdir/tests/lib/tap.sh"

command -v python3 >/dev/null || tap_skip_all "python3 is needed to edit JSON"
# Under the build tree, not /tmp: tmpfs has no O_DIRECT for the partner.
tmp=$(mktemp -d "$top_builddir/cli-compare.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

# 150 rounds: above --min-rounds' default of 100, so rates are judged.
"$DAXRACE" run --dir "$tmp" --results "$tmp/res" --rounds 150 --seed 77 \
	--actor dio-read,dio-write --mutator punch -q >"$tmp/run.out" 2>&1
real=$(ls "$tmp"/res/*/result.json 2>/dev/null | head -1)
[ -n "$real" ] || tap_skip_all "the short run wrote no result.json: $(head -c 300 "$tmp/run.out")"
python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
ok = [s for s in d["scenarios"] if s["status"] == "PASS" and s["rounds"] >= 150]
sys.exit(len(ok) != 2)' "$real" ||
	tap_skip_all "the short run could not race here: $(head -c 300 "$tmp/run.out")"

# mk DIR [PYTHON]: DIR/result.json, the real one edited by PYTHON, which
# sees d (the document), sc(NAME) (a scenario by name) and fail(...).
mk() {
	mkdir -p "$1" && python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
def sc(name):
    return next(s for s in d["scenarios"] if s["name"] == name)
def fail(s, oracle, known=None):
    s["status"] = "FAIL"
    s["reason"] = oracle + " failed"
    s["oracles"][oracle] = {"verdict": "FAIL", "reason": "constructed"}
    s["violations"].append({"oracle": oracle, "round": 3, "at_s": 0.1,
        "summary": "constructed " + oracle + " violation", "evidence": None,
        "known": known is not None, "known_issue": known})
    s["known"] = known is not None
    s["known_issue"] = known
    d["result"] = "PASS" if known else "FAIL"
    d["exit_status"] = 0 if known else 1
def pass_space():
    for s in d["scenarios"]:
        s["oracles"]["SPACE"] = {"verdict": "PASS", "reason": "constructed"}
pass_space()
exec(sys.argv[3])
json.dump(d, open(sys.argv[2] + "/result.json", "w"), indent=1)' "$real" "$1" "${2:-pass}"
}

# q FILE PYTHON: PYTHON asserts on j, the comparison document in FILE.
q() {
	python3 -c '
import json, sys
j = json.load(open(sys.argv[1]))
def item(name):
    return next(i for i in j["scenarios"] if i["id"].endswith("/" + name))
def rate(name, figure):
    return next(r for r in item(name)["rates"] if r["figure"] == figure)
def kinds(name):
    return sorted((c["kind"], c["oracle"]) for c in item(name)["changes"])
exec(sys.argv[2])' "$@"
}

cmp_json() { "$DAXRACE" report --compare "$1" "$2" --format json >"$3" 2>"$3.err"; }

R=dio-read.punch.uffd
W=dio-write.punch.uffd
tap_plan 43

mk "$tmp/same"
tap_expect_exit 0 "identical results: exit 0" "$DAXRACE" report --compare "$tmp/same" "$tmp/same"
tap_ok "... no change, both scenarios paired" sh -c \
	'printf "%s\n" "$1" | grep -q "^result PASS (exit 0): 0 new failures, 0 fixed.*; 2 paired, 0 only in BASE, 0 only in NEW$" &&
	 printf "%s\n" "$1" | grep -qE "^ext4 +nodax +quick/dio-read.punch.uffd +PASS +PASS .* -$"' \
	sh "$TAP_LAST_OUTPUT"

# A new failure: TAG fails in NEW, no known issue matches it.
mk "$tmp/tagfail" "fail(sc('$R'), 'TAG')"
tap_expect_exit 1 "new failure: exit 1" "$DAXRACE" report --compare "$tmp/same" "$tmp/tagfail"
tap_ok "... listed with the oracle and the violation" sh -c \
	'printf "%s\n" "$1" | grep -qx "new failure   ext4 nodax quick/dio-read.punch.uffd: TAG PASS -> FAIL: constructed TAG violation" &&
	 printf "%s\n" "$1" | grep -q "^result FAIL (exit 1): 1 new failure,"' sh "$TAP_LAST_OUTPUT"
cmp_json "$tmp/same" "$tmp/tagfail" "$tmp/tagfail.json"
tap_ok "... JSON: new_failure TAG, exit_status 1, schema-valid" sh -c '
	python3 "$1/tests/integration/validate-result.py" "$1/results/compare-schema.json" "$2" &&
	python3 -c "
import json, sys
j = json.load(open(sys.argv[1]))
assert j[\"exit_status\"] == 1 and j[\"result\"] == \"FAIL\", j[\"result\"]
assert j[\"summary\"][\"new_failure\"] == 1, j[\"summary\"]
c = [c for i in j[\"scenarios\"] for c in i[\"changes\"]]
assert [(x[\"kind\"], x[\"oracle\"]) for x in c] == [(\"new_failure\", \"TAG\")], c" "$2"' \
	sh "$top_srcdir" "$tmp/tagfail.json"
"$DAXRACE" report --compare "$tmp/same" "$tmp/tagfail" --format tap >"$tmp/tagfail.tap" 2>&1
tap_ok "... TAP: a plain not ok for it, ok for the other" sh -c '
	head -2 "$1" | tr "\n" " " | grep -qx "TAP version 13 1..2 " &&
	grep -qx "not ok 1 - ext4 nodax quick/dio-read.punch.uffd" "$1" &&
	grep -qx "ok 2 - ext4 nodax quick/dio-write.punch.uffd" "$1"' sh "$tmp/tagfail.tap"

# Fixed: the other way round.
tap_expect_exit 0 "fixed: exit 0" "$DAXRACE" report --compare "$tmp/tagfail" "$tmp/same"
tap_ok "... listed as fixed" sh -c \
	'printf "%s\n" "$1" | grep -q "^fixed         ext4 nodax quick/dio-read.punch.uffd: TAG FAIL -> PASS: " &&
	 printf "%s\n" "$1" | grep -q "^result PASS (exit 0): 0 new failures, 1 fixed,"' sh "$TAP_LAST_OUTPUT"

# Unexplained in both: still failing, not new.
tap_expect_exit 0 "the same failure in both: exit 0" \
	"$DAXRACE" report --compare "$tmp/tagfail" "$tmp/tagfail"
tap_ok "... still failing" sh -c \
	'printf "%s\n" "$1" | grep -q "^still failing ext4 nodax quick/dio-read.punch.uffd: TAG FAIL -> FAIL"' \
	sh "$TAP_LAST_OUTPUT"

# A known issue in both: still known, never new; TAP marks it TODO.
mk "$tmp/known" "fail(sc('$R'), 'LIVE', 'bio-release-no-devmap-wake')"
tap_expect_exit 0 "a known failure in both: exit 0" \
	"$DAXRACE" report --compare "$tmp/known" "$tmp/known"
tap_ok "... still known, with the issue, no new failure" sh -c \
	'printf "%s\n" "$1" | grep -q "^still known   ext4 nodax quick/dio-read.punch.uffd: LIVE FAIL -> FAIL (known: bio-release-no-devmap-wake)" &&
	 printf "%s\n" "$1" | grep -q "^result PASS (exit 0): 0 new failures, 0 fixed, 0 still failing, 1 still known,"' \
	sh "$TAP_LAST_OUTPUT"
tap_ok "... TAP: not ok, marked TODO with the issue" sh -c \
	'"$1" report --compare "$2" "$2" --format tap |
	 grep -qx "not ok 1 - ext4 nodax quick/dio-read.punch.uffd # TODO known kernel issue bio-release-no-devmap-wake"' \
	sh "$DAXRACE" "$tmp/known"
tap_expect_exit 0 "a known failure only in NEW: not new" \
	"$DAXRACE" report --compare "$tmp/same" "$tmp/known"
tap_ok "... newly known, with the issue" sh -c \
	'printf "%s\n" "$1" | grep -q "^newly known   ext4 nodax quick/dio-read.punch.uffd: LIVE PASS -> FAIL (known: bio-release-no-devmap-wake)"' \
	sh "$TAP_LAST_OUTPUT"
# Known in BASE, but in NEW no known issue explains it: new.
mk "$tmp/live" "fail(sc('$R'), 'LIVE')"
tap_expect_exit 1 "known in BASE, unexplained in NEW: a new failure" \
	"$DAXRACE" report --compare "$tmp/known" "$tmp/live"

# Rates.  holds/s x0.67 is within the default x2; x0.33 is beyond.
mk "$tmp/slow15" "sc('$R')['duration_s'] *= 1.5"
mk "$tmp/slow3" "sc('$R')['duration_s'] *= 3"
cmp_json "$tmp/same" "$tmp/slow15" "$tmp/slow15.json"
tap_ok "holds/s x0.67: judged, within noise, not flagged" q "$tmp/slow15.json" '
r = rate("'$R'", "holds_per_s")
assert r["judged"] and not r["flagged"] and abs(r["ratio"] - 1 / 1.5) < 1e-6, r
assert j["summary"]["rate_changes"] == 0, j["summary"]'
tap_expect_exit 0 "holds/s x0.33: exit 0 (a rate is not a failure)" \
	"$DAXRACE" report --compare "$tmp/same" "$tmp/slow3"
tap_ok "... flagged beyond noise" sh -c \
	'printf "%s\n" "$1" | grep -q "^rate          ext4 nodax quick/dio-read.punch.uffd: holds_per_s .* (x0.333, beyond x2)$" &&
	 printf "%s\n" "$1" | grep -q " 1 rate change beyond noise;" &&
	 printf "%s\n" "$1" | grep -qE "^ext4 +nodax +quick/dio-read.punch.uffd .* holds_per_s x0.33$"' \
	sh "$TAP_LAST_OUTPUT"
tap_ok "... --noise 4 takes it as noise" sh -c \
	'"$1" report --compare "$2" "$3" --noise 4 | grep -q " 0 rate changes beyond noise;"' \
	sh "$DAXRACE" "$tmp/same" "$tmp/slow3"
# Latency: the percentiles are power-of-two bucket bounds, so x4 (two
# buckets) is within the default rule and x16 beyond it.
mk "$tmp/lat4" "sc('$R')['latency']['hold_to_mutator_return']['p50_ns'] *= 4"
mk "$tmp/lat16" "sc('$R')['latency']['hold_to_mutator_return']['p50_ns'] *= 16"
cmp_json "$tmp/same" "$tmp/lat4" "$tmp/lat4.json"
cmp_json "$tmp/same" "$tmp/lat16" "$tmp/lat16.json"
tap_ok "p50 x4: within noise; x16: flagged" sh -c '
	python3 -c "
import json, sys
f = \"hold_to_mutator_return.p50_ns\"
a = [r for i in json.load(open(sys.argv[1]))[\"scenarios\"] for r in i[\"rates\"] if r[\"figure\"] == f]
b = [r for i in json.load(open(sys.argv[2]))[\"scenarios\"] for r in i[\"rates\"] if r[\"figure\"] == f]
assert [r[\"flagged\"] for r in a] == [False, False], a
assert [r[\"flagged\"] for r in b] == [True, False] and b[0][\"ratio\"] == 16, b" "$1" "$2"' \
	sh "$tmp/lat4.json" "$tmp/lat16.json"
tap_ok "p99 of 150 samples: not judged (5 samples above it need 500)" q "$tmp/lat16.json" '
r = rate("'$R'", "hold_to_mutator_return.p99_ns")
assert not r["judged"] and not r["flagged"] and "5 above" in r["why_not"], r'
# Too few rounds: the same x0.33 with 50 rounds a side is not judged.
mk "$tmp/few" "sc('$R')['rounds'] = 50"
mk "$tmp/fewslow" "sc('$R')['rounds'] = 50; sc('$R')['duration_s'] *= 3"
cmp_json "$tmp/few" "$tmp/fewslow" "$tmp/few.json"
tap_ok "holds/s x0.33 in 50 rounds: not judged, not flagged" q "$tmp/few.json" '
r = rate("'$R'", "holds_per_s")
assert not r["judged"] and not r["flagged"] and "--min-rounds" in r["why_not"], r
assert j["summary"]["rate_changes"] == 0, j["summary"]'
tap_ok "... but judged with --min-rounds 50" sh -c \
	'"$1" report --compare "$2" "$3" --min-rounds 50 | grep -q " 1 rate change beyond noise;"' \
	sh "$DAXRACE" "$tmp/few" "$tmp/fewslow"

# Not judged: an oracle INCONCLUSIVE, a scenario SKIP; neither fails.
mk "$tmp/inconc" "sc('$W')['oracles']['SPACE'] = {'verdict': 'INCONCLUSIVE', 'reason': 'fs disturbed'}"
tap_expect_exit 0 "SPACE PASS -> INCONCLUSIVE: exit 0" \
	"$DAXRACE" report --compare "$tmp/same" "$tmp/inconc"
tap_ok "... shown as not judged" sh -c \
	'printf "%s\n" "$1" | grep -qx "not judged    ext4 nodax quick/dio-write.punch.uffd: SPACE PASS -> INCONCLUSIVE: fs disturbed"' \
	sh "$TAP_LAST_OUTPUT"
mk "$tmp/skip" "
s = sc('$W'); s['status'] = 'SKIP'; s['reason'] = 'no userfaultfd'; s['rounds'] = 0
s['confirmed_holds'] = 0
for o in s['oracles'].values(): o['verdict'] = 'SKIP'; o['reason'] = 'not run'"
cmp_json "$tmp/tagfail" "$tmp/skip" "$tmp/skip.json"
tap_ok "a scenario PASS -> SKIP: one not_judged change, no rate judged" q "$tmp/skip.json" '
assert kinds("'$W'") == [("not_judged", None)], kinds("'$W'")
assert kinds("'$R'") == [("fixed", "TAG")], kinds("'$R'")
assert not any(r["judged"] for r in item("'$W'")["rates"]), item("'$W'")["rates"]
assert j["exit_status"] == 0'

# Scenarios on one side only; one only in NEW that fails is new.
mk "$tmp/renamed" "
s = sc('$W'); s['name'] = 'dio-write.zero.uffd'; s['id'] = 'quick/dio-write.zero.uffd'
s['mutator'] = 'zero'; fail(s, 'TAG')"
tap_expect_exit 1 "unpaired: a failing scenario only in NEW is a new failure" \
	"$DAXRACE" report --compare "$tmp/same" "$tmp/renamed"
tap_ok "... both unpaired ones named, with their files" sh -c \
	'printf "%s\n" "$1" | grep -qx "only in BASE  ext4 nodax quick/dio-write.punch.uffd: $2/same/result.json" &&
	 printf "%s\n" "$1" | grep -qx "only in NEW   ext4 nodax quick/dio-write.zero.uffd: $2/renamed/result.json" &&
	 printf "%s\n" "$1" | grep -q "; 1 paired, 1 only in BASE, 1 only in NEW$"' \
	sh "$TAP_LAST_OUTPUT" "$tmp"
"$DAXRACE" report --compare "$tmp/same" "$tmp/renamed" --format tap >"$tmp/renamed.tap" 2>&1
tap_ok "... TAP: SKIP for the one only in BASE" sh -c \
	'grep -qx "ok 2 - ext4 nodax quick/dio-write.punch.uffd # SKIP only in BASE" "$1" &&
	 grep -qx "not ok 3 - ext4 nodax quick/dio-write.zero.uffd" "$1"' sh "$tmp/renamed.tap"

# A matrix in daxrace-vm's layout: two kernels x ext4, xfs, xfs-reflink
# (whose results record the type "xfs"); the release is then in the key.
matrix() { # matrix DIR STAMP PYTHON-FOR-6.12-xfs-reflink
	for k in 6.1.0-57-amd64 6.12.0-1-amd64; do
		for fs in ext4 xfs xfs-reflink; do
			edit="d['kernel']['release'] = '$k'; d['fs'] = '${fs%-reflink}'
for g in d['groups']: g['environment']['fs'] = '${fs%-reflink}'"
			[ "$k$fs" = 6.12.0-1-amd64xfs-reflink ] && edit="$edit
$3"
			mk "$1/vm-$k-$2/$fs/results/$2-s1" "$edit"
		done
	done
}
matrix "$tmp/night1" 20261201T000000Z pass
matrix "$tmp/night2" 20261202T000000Z "fail(sc('$R'), 'TAG')"
tap_expect_exit 1 "matrix: a new failure in one cell exits 1" \
	"$DAXRACE" report --compare "$tmp/night1" "$tmp/night2"
tap_ok "... all 12 cells paired, the cell named by kernel and fs" sh -c \
	'printf "%s\n" "$1" | grep -q "; 12 paired, 0 only in BASE, 0 only in NEW$" &&
	 printf "%s\n" "$1" | grep -qx "new failure   6.12.0-1-amd64 xfs-reflink nodax quick/dio-read.punch.uffd: TAG PASS -> FAIL: constructed TAG violation" &&
	 printf "%s\n" "$1" | grep -q "^KERNEL  *FS  *MODE" &&
	 printf "%s\n" "$1" | grep -q "several: the release is part of the key"' sh "$TAP_LAST_OUTPUT"
# One kernel a side: the kernels are what is compared.
tap_expect_exit 1 "6.1 against 6.12: paired by fs and scenario" \
	"$DAXRACE" report --compare "$tmp/night1/vm-6.1.0-57-amd64-20261201T000000Z" \
	"$tmp/night2/vm-6.12.0-1-amd64-20261202T000000Z"
tap_ok "... 6 paired, the kernels in the header" sh -c \
	'printf "%s\n" "$1" | grep -q "; 6 paired, 0 only in BASE, 0 only in NEW$" &&
	 printf "%s\n" "$1" | grep -qx "kernel  6.1.0-57-amd64 -> 6.12.0-1-amd64  (one on each side: compared with each other, not part of the key)"' \
	sh "$TAP_LAST_OUTPUT"
r1=$tmp/night1/vm-6.12.0-1-amd64-20261201T000000Z/xfs-reflink/results/20261201T000000Z-s1
r2=$tmp/night2/vm-6.12.0-1-amd64-20261202T000000Z/xfs-reflink/results/20261202T000000Z-s1
cmp_json "$r1/" "$r2" "$tmp/slash.json"
tap_ok "one guest's run directory, given as DIR/: still xfs-reflink, paired" q "$tmp/slash.json" '
assert j["summary"]["paired"] == 2 and j["summary"]["new_failure"] == 1, j["summary"]
assert {i["fs"] for i in j["scenarios"]} == {"xfs-reflink"}, j["scenarios"]'
# Two nights in one tree: each key twice on a side; the later is used.
mkdir -p "$tmp/both" && cp -r "$tmp/night1/." "$tmp/night2/." "$tmp/both/"
cmp_json "$tmp/night1" "$tmp/both" "$tmp/both.json"
tap_ok "duplicates: listed, the later night compared (new failure found)" q "$tmp/both.json" '
assert j["summary"]["duplicates"] == 12 and j["summary"]["paired"] == 12, j["summary"]
assert all("20261202T" in d["used"] and "20261201T" in d["ignored"] for d in j["duplicates"])
assert j["summary"]["new_failure"] == 1 and j["exit_status"] == 1'
tap_ok "... named by their key in the human rendering" sh -c \
	'"$1" report --compare "$2" "$3" |
	 grep -q "^duplicate     6.1.0-57-amd64 ext4 nodax quick/dio-read.punch.uffd in NEW: compared .*/vm-6.1.0-57-amd64-20261202T000000Z/.*, not .*/vm-6.1.0-57-amd64-20261201T000000Z/"' \
	sh "$DAXRACE" "$tmp/night1" "$tmp/both"
tap_ok "the matrix comparison validates against results/compare-schema.json" sh -c \
	'"$1" report --compare "$2" "$3" --format json >"$4" 2>/dev/null; [ $? -eq 1 ] &&
	 python3 "$5/tests/integration/validate-result.py" "$5/results/compare-schema.json" "$4"' \
	sh "$DAXRACE" "$tmp/night1" "$tmp/both" "$tmp/matrix.json" "$top_srcdir"

# Bad input: exit 2, one line naming what was wrong.
mkdir -p "$tmp/empty/a" "$tmp/broken/r"
echo '{"schema_version": 1' >"$tmp/broken/r/result.json"
bad() { # bad DESCRIPTION NEEDLE ARGS...
	d=$1 needle=$2; shift 2
	tap_ok "$d: exit 2, one line naming it" sh -c '
		needle=$1; shift
		"$@" >/dev/null 2>"$TMPDIR_ERR"; rc=$?
		[ "$rc" -eq 2 ] && [ "$(wc -l <"$TMPDIR_ERR")" -eq 1 ] && grep -qF -- "$needle" "$TMPDIR_ERR" ||
			{ echo "exit $rc"; cat "$TMPDIR_ERR"; exit 1; }' sh "$needle" "$@"
}
TMPDIR_ERR=$tmp/bad.err; export TMPDIR_ERR
bad "missing NEW directory" "'$tmp/nonexistent': No such file" \
	"$DAXRACE" report --compare "$tmp/same" "$tmp/nonexistent"
bad "BASE with no result.json below it" "'$tmp/empty': no result.json" \
	"$DAXRACE" report --compare "$tmp/empty" "$tmp/same"
bad "an invalid result.json in NEW" "'$tmp/broken/r/result.json': not valid JSON" \
	"$DAXRACE" report --compare "$tmp/same" "$tmp/broken"
mk "$tmp/v99" "d['schema_version'] = 99"
bad "an unknown schema_version" "'$tmp/v99/result.json': schema_version 99" \
	"$DAXRACE" report --compare "$tmp/same" "$tmp/v99"
tap_ok "usage: --noise 1, --noise without --compare, no NEW: exit 2" sh -c '
	"$1" report --compare "$2" "$2" --noise 1 2>/dev/null; a=$?
	"$1" report "$2" --noise 3 2>/dev/null; b=$?
	"$1" report --compare "$2" 2>/dev/null; c=$?
	[ "$a$b$c" = 222 ] || { echo "exits $a $b $c"; exit 1; }' sh "$DAXRACE" "$tmp/same"
tap_done
