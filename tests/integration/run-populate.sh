#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The populate actor (MADV_POPULATE_READ/WRITE, mlock) keeps no page
# reference, so it races free-running only: there it PASSes with rounds
# against the layout changes and the page-table changers; a held group
# without --actor leaves it out; named with --stall uffd it is SKIP with
# the reason, never PASS; daxrace list --json says which stalls it takes.
. "$top_srcdir/tests/integration/run-lib.sh"
run_fs_setup run-populate

"$DAXRACE" list | grep -q '^actor  *populate ' ||
	tap_skip_all "no populate actor in daxrace list"

tap_plan 5
tap_ok "list --json: populate takes stall none only, dio-read both" sh -c '
	"$1" list --json | python3 -c "
import json, sys
st = {a[\"name\"]: a[\"stalls\"] for a in json.load(sys.stdin)[\"actors\"]}
assert st[\"populate\"] == [\"none\"], st
assert st[\"dio-read\"] == [\"uffd\", \"none\"], st"' sh "$DAXRACE"

"$DAXRACE" run --group smoke-free --dir "$fsdir" --results "$tmp/free" \
	--actor populate --duration 0.5 --seed 5 >"$tmp/free.out" 2>"$tmp/free.err"
rc=$?
tap_ok "free-running: exit 0, both combinations PASS with rounds (exit $rc)" result_check \
	"$(ls -d "$tmp"/free/*/ | head -1)/result.json" "
assert $rc == 0, $rc
assert len(d['scenarios']) == 2, d['scenarios']
for s in d['scenarios']:
    assert s['status'] == 'PASS' and s['rounds'] > 0, (s['name'], s['status'], s['reason'])"

"$DAXRACE" run --group smoke --dir "$fsdir" --results "$tmp/held" \
	--mutator punch --rounds 5 >"$tmp/held.out" 2>"$tmp/held.err"
tap_ok "a held group without --actor leaves populate out" result_check \
	"$(ls -d "$tmp"/held/*/ | head -1)/result.json" '
actors = [s["actor"] for s in d["scenarios"]]
assert actors and "populate" not in actors and "dio-read" in actors, actors'

tap_expect_exit 4 "named with --stall uffd: exit 4, nothing could run" \
	"$DAXRACE" run --group smoke --dir "$fsdir" --results "$tmp/named" \
	--actor populate --mutator punch --rounds 5
tap_ok "named with --stall uffd: SKIP naming why, no oracle PASS" result_check \
	"$(ls -d "$tmp"/named/*/ | head -1)/result.json" '
s = d["scenarios"][0]
assert s["status"] == "SKIP", s["status"]
assert "free-running only" in s["reason"], s["reason"]
for o, v in s["oracles"].items():
    assert v["verdict"] != "PASS", (o, v)'
tap_done
