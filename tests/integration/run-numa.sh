#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# --numa spread and the placement record: every scenario says where each
# job's threads ran and where its buffers are (read back from the kernel,
# so on this machine's nodes), the free-running mode too; spread with
# --cpu-node is refused in one line, as is a bad value.  Crossing real
# nodes is checked in the VM (tests/vm/numa.sh, two guest nodes).
. "$top_srcdir/tests/integration/run-lib.sh"
run_fs_setup run-numa
command -v python3 >/dev/null || tap_skip_all "python3 is needed to check JSON"

tap_plan 6
"$DAXRACE" run --group smoke --dir "$fsdir" --results "$tmp/res" --numa spread --jobs 2 \
	--actor dio-read,dio-write --mutator punch --rounds 20 >"$tmp/out" 2>"$tmp/err"
rc=$?
tap_ok "--numa spread runs (exit $rc)" sh -c '[ "$1" -eq 0 ] || { cat "$2"; exit 1; }' \
	sh "$rc" "$tmp/err"
nodes=$(ls -d /sys/devices/system/node/node[0-9]* 2>/dev/null | wc -l)
[ "$nodes" -ge 1 ] || nodes=1
tap_ok "every job's threads and buffers placed, on nodes this machine has ($nodes)" \
	result_check "$(run_dir)/result.json" "
nodes = $nodes
assert d['groups'][0]['config']['numa'] == 'spread', d['groups'][0]['config']
for s in d['scenarios']:
    rows = {p['what']: p for p in s['placement']}
    for job in (0, 1):
        for what in ('holder', 'actor', 'mutator', 'victim', 'scratch', 'anon-page'):
            assert 'job%d.%s' % (job, what) in rows, (s['name'], sorted(rows))
        for what in ('holder', 'actor', 'mutator'):
            p = rows['job%d.%s' % (job, what)]
            assert p['kind'] == 'thread' and p['cpu'] is not None, p
            assert 0 <= p['node'] < nodes, p
        v = rows['job%d.victim' % job]
        assert v['kind'] == 'memory' and v['node'] is not None and v['node'] < nodes, v
        a = rows['job%d.anon-page' % job]
        assert a['node'] is not None or a['why'], a
"
tap_ok "result.json with placement validates against results/schema.json" \
	python3 "$top_srcdir/tests/integration/validate-result.py" \
	"$top_srcdir/results/schema.json" "$(run_dir)/result.json"
tap_ok "the numa field says what spread did" result_check "$(run_dir)/result.json" "
assert 'spread' in d['numa'], d['numa']"

rm -rf "$tmp/res2"
"$DAXRACE" run --group smoke --dir "$fsdir" --results "$tmp/res2" --stall none --numa spread \
	--actor dio-read --mutator punch --duration 0.5 >"$tmp/out2" 2>"$tmp/err2"
tap_ok "free-running: placed too" result_check "$(ls -d "$tmp"/res2/*/ | head -1)/result.json" "
s = d['scenarios'][0]
assert {'job0.actor', 'job0.mutator', 'job0.victim'} <= {p['what'] for p in s['placement']}, s['placement']"

"$DAXRACE" run --group smoke --dir "$fsdir" --results "$tmp/res3" --numa spread --cpu-node 0 \
	>"$tmp/out3" 2>"$tmp/err3"
rc=$?
tap_ok "--numa spread with --cpu-node: exit 2, one line naming both" sh -c '
	[ "$1" -eq 2 ] && [ "$(wc -l <"$2")" -eq 1 ] &&
	grep -q -- "--numa spread: cannot be combined with --cpu-node" "$2" &&
	[ ! -d "$3" ] || { cat "$2"; exit 1; }' sh "$rc" "$tmp/err3" "$tmp/res3"
tap_done
