#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck disable=SC2016 # the sh -c scripts get their files as $1, $2
# The LAVA wrapper (ci/lava/daxrace/daxrace.sh) turns result.json into the
# right lava-test-set / lava-test-case calls: stubs of both on PATH record
# every call, against the result.json of a real short daxrace run on this
# host (page-cache mode) and edited copies of it (a new FAIL, a known FAIL,
# an ERROR and an INCONCLUSIVE, a newer schema), and the skips with the
# reason where there is no pmem or ndctl cannot make a namespace.
. "$top_srcdir/tests/lib/tap.sh"

command -v jq >/dev/null 2>&1 || tap_skip_all "jq is not installed"
WRAP=$top_srcdir/ci/lava/daxrace/daxrace.sh
T=$(mktemp -d "${TMPDIR:-/tmp}/daxrace-lava.XXXXXX")
trap 'rm -rf "$T"' EXIT
mkdir "$T/bin" "$T/run"
CALLS=$T/calls
for s in lava-test-case lava-test-set; do
	printf '#!/bin/sh\necho "%s $*" >>"%s"\n' "$s" "$CALLS" >"$T/bin/$s"
	chmod +x "$T/bin/$s"
done

# A real run: two scenarios, a few rounds each, in page-cache mode.
"$DAXRACE" run --group smoke --dir "$T/run" --results "$T/r" --seed 11 --rounds 20 \
	--actor dio-read --mutator punch,truncate >"$T/run.out" 2>&1
rc=$?
J=$(find "$T/r" -name result.json | head -n 1)
[ -n "$J" ] || { cat "$T/run.out"; tap_skip_all "daxrace run wrote no result.json (exit $rc)"; }

# wrap ARGS...: the wrapper with the stubs first on PATH; output in $T/out
wrap() { : >"$CALLS"; PATH=$T/bin:$PATH sh "$WRAP" -o "$T/o" "$@" >"$T/out" 2>&1; }
# has LINE: the calls include exactly this line
has() { grep -qxF "$1" "$CALLS" || { echo "no call: $1"; cat "$CALLS"; return 1; }; }
# edit JQ-FILTER NAME: a copy of the real result.json changed by the filter
edit() { jq "$1" "$J" >"$T/$2.json"; }

tap_plan 22

wrap -c "ext4:$J"
tap_ok "a passing run: the test set ext4 opens first and closes last" \
	sh -c 'head -n 1 "$1" | grep -qx "lava-test-set start ext4" &&
		tail -n 1 "$1" | grep -qx "lava-test-set stop"' sh "$CALLS"
tap_ok "the run case passes" has "lava-test-case run --result pass"
m=$(jq -r '.scenarios[0] | (.confirmed_holds / .duration_s * 100 | round) / 100' "$J")
tap_ok "a scenario is a case, '/' made '_', with its holds/s as the measurement" \
	has "lava-test-case smoke_dio-read.punch.uffd --result pass --measurement $m --units holds/s"
tap_ok "TAG, a judged oracle, is a passing case of its own" \
	has "lava-test-case smoke_dio-read.truncate.uffd.TAG --result pass"
tap_ok "ORDER, NA in page-cache mode, is a skip, not a pass" \
	has "lava-test-case smoke_dio-read.punch.uffd.ORDER --result skip"
want=$(jq '[.scenarios[] | 1 + (.oracles | length)] | add + 1' "$J")
tap_ok "one case per scenario and per oracle, plus run ($want)" \
	test "$(grep -c '^lava-test-case ' "$CALLS")" -eq "$want"
tap_ok "result.txt has the same results in send-to-lava.sh's format" \
	grep -qx "smoke_dio-read.punch.uffd.ORDER skip" "$T/o/result.txt"

edit '.result = "FAIL" | .exit_status = 1 | .scenarios[0].status = "FAIL" |
	.scenarios[0].oracles.TAG = {verdict: "FAIL", reason: "block holds another file"}' fail
wrap -c "xfs:$T/fail.json"
tap_ok "a new FAIL: the scenario case fails" \
	has "lava-test-case smoke_dio-read.punch.uffd --result fail --measurement $m --units holds/s"
tap_ok "a new FAIL: the oracle that fired fails" \
	has "lava-test-case smoke_dio-read.punch.uffd.TAG --result fail"
tap_ok "a new FAIL: the run case fails, in the set xfs" \
	sh -c 'grep -qx "lava-test-set start xfs" "$1" && grep -qx "lava-test-case run --result fail" "$1"' sh "$CALLS"
tap_ok "the other scenario still passes" \
	has "lava-test-case smoke_dio-read.truncate.uffd --result pass --measurement $(jq -r '.scenarios[1] | (.confirmed_holds / .duration_s * 100 | round) / 100' "$J") --units holds/s"

edit '.scenarios[0].status = "FAIL" | .scenarios[0].known = true |
	.scenarios[0].known_issue = "dax-bio-lost-wakeup" |
	.scenarios[0].oracles.LIVE = {verdict: "FAIL", reason: "stuck"}' known
wrap -c "ext4:$T/known.json"
tap_ok "a known FAIL: the scenario case still fails" \
	has "lava-test-case smoke_dio-read.punch.uffd.LIVE --result fail"
tap_ok "a known FAIL: the run case passes, as daxrace's exit status does" \
	has "lava-test-case run --result pass"
tap_ok "a known FAIL: the log names the known issue" \
	grep -q 'smoke/dio-read.punch.uffd: FAIL (known kernel issue dax-bio-lost-wakeup)' "$T/out"

edit '.result = "ERROR" | .scenarios[0].status = "ERROR" |
	.scenarios[1].oracles.SPACE = {verdict: "INCONCLUSIVE", reason: "other writers"}' error
wrap -c "ext4:$T/error.json"
tap_ok "a scenario ERROR is unknown, never pass or fail" \
	has "lava-test-case smoke_dio-read.punch.uffd --result unknown --measurement $m --units holds/s"
tap_ok "an INCONCLUSIVE oracle is unknown" \
	has "lava-test-case smoke_dio-read.truncate.uffd.SPACE --result unknown"
tap_ok "a run ERROR fails the run case" has "lava-test-case run --result fail"

edit '.schema_version = 2' v2
wrap -c "ext4:$T/v2.json"
tap_ok "a result.json of an unknown schema_version: run fails, no scenario is read" \
	sh -c 'grep -qx "lava-test-case run --result fail" "$1" && test "$(grep -c "^lava-test-case" "$1")" -eq 1' sh "$CALLS"

: >"$CALLS"
sh "$WRAP" -o "$T/o" -c "ext4:$J" >"$T/out" 2>&1
tap_ok "without lava-test-case on PATH: LAVA's signals on stdout" \
	sh -c 'grep -qxF "<LAVA_SIGNAL_TESTSET START ext4>" "$1" &&
		grep -qxF "<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=run RESULT=pass>" "$1" &&
		grep -qxF "<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=smoke_dio-read.punch.uffd.ORDER RESULT=skip>" "$1"' sh "$T/out"

wrap -d "$DAXRACE" -p "$T/no-such-pmem"
tap_ok "no pmem: one skipped case with the reason, no pass" \
	sh -c 'grep -qx "lava-test-case daxrace --result skip" "$1" && ! grep -q "result pass" "$1" &&
		grep -q "SKIP: .*" "$2"' sh "$CALLS" "$T/out"

if [ "$(id -u)" -eq 0 ]; then
	printf '#!/bin/sh\necho "ndctl $*" >>"%s"\necho "{\\"dev\\":\\"namespace0.0\\",\\"mode\\":\\"fsdax\\",\\"blockdev\\":\\"pmem77\\"}"\n' \
		"$CALLS" >"$T/bin/ndctl"
	chmod +x "$T/bin/ndctl"
	wrap -d "$DAXRACE" -n namespace0.0
	tap_ok "NDCTL_NAMESPACE: ndctl makes it fsdax, the wrapper takes its blockdev" \
		sh -c 'grep -qx "ndctl create-namespace -f -e namespace0.0 -m fsdax" "$1" &&
			grep -qx "lava-test-case ndctl-create-namespace --result pass" "$1" &&
			grep -q "/dev/pmem77 is not a block device" "$2"' sh "$CALLS" "$T/out"
	printf '#!/bin/sh\necho "ndctl $*" >>"%s"\necho "error creating namespace" >&2; exit 1\n' \
		"$CALLS" >"$T/bin/ndctl"
	wrap -d "$DAXRACE" -n namespace0.0
	tap_ok "ndctl failing: its case fails and the run is skipped with the reason" \
		sh -c 'grep -qx "lava-test-case ndctl-create-namespace --result fail" "$1" &&
			grep -qx "lava-test-case daxrace --result skip" "$1" &&
			grep -q "ndctl could not make namespace0.0" "$2"' sh "$CALLS" "$T/out"
else
	tap_skip "NDCTL_NAMESPACE: ndctl makes it fsdax" "not root: the wrapper skips before ndctl"
	tap_skip "ndctl failing: its case fails" "not root"
fi
tap_done
