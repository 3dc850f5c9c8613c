#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The actors that keep no page reference past their call (populate:
# MADV_POPULATE_READ/WRITE and mlock; procmem, procmem-write: /proc/self/mem,
# one page at a time) race free-running only: there each PASSes with rounds against the
# layout changes and the page-table changers; a held group without --actor
# leaves them out; named with --stall uffd they are SKIP with the reason,
# never PASS; daxrace list --json says which stalls each takes.
. "$top_srcdir/tests/integration/run-lib.sh"
run_fs_setup run-free-only

actors="populate procmem procmem-write"
for a in $actors; do
	"$DAXRACE" list | grep -q "^actor  *$a " ||
		tap_skip_all "no $a actor in daxrace list"
done

tap_plan 11
tap_ok "list --json: populate, procmem and procmem-write take stall none only, dio-read both" sh -c '
	"$1" list --json | python3 -c "
import json, sys
st = {a[\"name\"]: a[\"stalls\"] for a in json.load(sys.stdin)[\"actors\"]}
assert st[\"populate\"] == st[\"procmem\"] == st[\"procmem-write\"] == [\"none\"], st
assert st[\"dio-read\"] == [\"uffd\", \"none\"], st"' sh "$DAXRACE"

"$DAXRACE" run --group smoke --dir "$fsdir" --results "$tmp/held" \
	--mutator punch --rounds 5 >"$tmp/held.out" 2>"$tmp/held.err"
tap_ok "a held group without --actor leaves them out" result_check \
	"$(ls -d "$tmp"/held/*/ | head -1)/result.json" '
actors = [s["actor"] for s in d["scenarios"]]
assert actors and "dio-read" in actors, actors
assert not {"populate", "procmem", "procmem-write"} & set(actors), actors'

for a in $actors; do
	"$DAXRACE" run --group smoke-free --dir "$fsdir" --results "$tmp/free-$a" \
		--actor "$a" --duration 0.5 --seed 5 >"$tmp/free.out" 2>"$tmp/free.err"
	rc=$?
	tap_ok "$a, free-running: exit 0, both combinations PASS with rounds (exit $rc)" \
		result_check "$(ls -d "$tmp"/free-$a/*/ | head -1)/result.json" "
assert $rc == 0, $rc
assert len(d['scenarios']) == 2, d['scenarios']
for s in d['scenarios']:
    assert s['status'] == 'PASS' and s['rounds'] > 0, (s['name'], s['status'], s['reason'])"

	tap_expect_exit 4 "$a named with --stall uffd: exit 4, nothing could run" \
		"$DAXRACE" run --group smoke --dir "$fsdir" --results "$tmp/named-$a" \
		--actor "$a" --mutator punch --rounds 5
	tap_ok "$a named with --stall uffd: SKIP naming why, no oracle PASS" result_check \
		"$(ls -d "$tmp"/named-$a/*/ | head -1)/result.json" '
s = d["scenarios"][0]
assert s["status"] == "SKIP", s["status"]
assert "free-running only" in s["reason"], s["reason"]
for o, v in s["oracles"].items():
    assert v["verdict"] != "PASS", (o, v)'
done
tap_done
