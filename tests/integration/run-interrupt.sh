#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# An interrupted run says so: SIGINT (or SIGTERM) in the first of two
# scenarios gives exit 5 (99 with --exit-codes=automake), the result line
# "result INTERRUPTED (exit 5)", result.json result INTERRUPTED with
# exit_status 5 and interrupted true (valid against results/schema.json),
# and result.tap ends with "Bail out!"; the scenarios that ran keep their
# verdicts.
. "$top_srcdir/tests/integration/run-lib.sh"

run_fs_setup run-interrupt
[ -n "$run_mounted" ] || tap_skip_all "needs a loop-mounted ext4 (mkfs.ext4, mount -o loop)"

# interrupt TAG SIGNAL ARGS...: a run of two 5 s scenarios, SIGNAL after 1 s.
interrupt() {
	tag=$1 sig=$2; shift 2
	"$DAXRACE" run --dir "$fsdir" --results "$tmp/res.$tag" --seed 21 --actor dio-read \
		--mutator punch,zero --duration 5s "$@" >"$tmp/out.$tag" 2>"$tmp/err.$tag" &
	pid=$!
	sleep 1
	kill -"$sig" $pid
	wait $pid
	echo $? >"$tmp/rc.$tag"
}

tap_plan 9
interrupt int INT
tap_ok "SIGINT: exit 5 (got $(cat "$tmp/rc.int"))" test "$(cat "$tmp/rc.int")" -eq 5
tap_ok "SIGINT: the result line says INTERRUPTED" \
	grep -q "^result INTERRUPTED (exit 5): 2 scenarios: 1 pass, 0 fail, 1 skip" "$tmp/out.int"
d=$(ls -d "$tmp"/res.int/*/ 2>/dev/null | head -1)
tap_ok "SIGINT: result.json says INTERRUPTED, exit_status 5, interrupted" result_check "$d/result.json" '
assert d["result"] == "INTERRUPTED" and d["exit_status"] == 5 and d["interrupted"], \
    (d["result"], d["exit_status"], d["interrupted"])
assert d["groups"][0]["exit_status"] == 5, d["groups"][0]["exit_status"]
assert d["scenarios"][0]["status"] == "PASS", d["scenarios"][0]["status"]
assert d["scenarios"][1]["reason"] == "not run: interrupted", d["scenarios"][1]["reason"]
'
tap_ok "SIGINT: result.json validates against results/schema.json" \
	python3 "$top_srcdir/tests/integration/validate-result.py" \
	"$top_srcdir/results/schema.json" "$d/result.json"
tap_ok "SIGINT: result.tap ends with Bail out, naming the interruption" sh -c \
	'tail -1 "$1" | grep -q "^Bail out! interrupted: 1 of 2 scenarios did not run"' \
	sh "$d/result.tap"
tap_ok "daxrace report renders the same result line" sh -c \
	'"$1" report "$2" | grep -q "^result INTERRUPTED (exit 5)"' sh "$DAXRACE" "$d"

interrupt term TERM
tap_ok "SIGTERM: exit 5 (got $(cat "$tmp/rc.term"))" test "$(cat "$tmp/rc.term")" -eq 5
interrupt automake INT --exit-codes=automake
tap_ok "SIGINT with --exit-codes=automake: exit 99 (got $(cat "$tmp/rc.automake"))" \
	test "$(cat "$tmp/rc.automake")" -eq 99
interrupt json INT --format json
tap_ok "SIGINT with --format json: stdout says INTERRUPTED too" sh -c \
	'python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert d[\"result\"] == \"INTERRUPTED\", d[\"result\"]" "$1"' \
	sh "$tmp/out.json"
tap_done
