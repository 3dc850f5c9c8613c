#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# A mutator the filesystem refuses is SKIP with the reason, never PASS and
# never FAIL: tmpfs has no COLLAPSE_RANGE or INSERT_RANGE (shmem_fallocate
# takes PUNCH_HOLE and KEEP_SIZE only).
. "$top_srcdir/tests/integration/run-lib.sh"
run_fs_setup run-mutators-refused
mkdir -p "$tmp/tmpfs" && mount -t tmpfs -o size=64m tmpfs "$tmp/tmpfs" ||
	tap_skip_all "cannot mount a tmpfs"
trap 'umount "$tmp/tmpfs" 2>/dev/null; run_fs_cleanup' EXIT

tap_plan 2
for st in uffd none; do
	"$DAXRACE" run --group smoke --dir "$tmp/tmpfs" --results "$tmp/res-$st" --actor dio-read \
		--mutator collapse,insert --stall "$st" --rounds 20 \
		>"$tmp/out" 2>"$tmp/err"
	rc=$?
	tap_ok "stall $st: exit 4, both SKIP with the refusal (exit $rc)" \
		result_check "$(ls -d "$tmp"/res-$st/*/ | head -1)/result.json" "
assert $rc == 4, $rc
assert len(d['scenarios']) == 2, d['scenarios']
for s in d['scenarios']:
    assert s['status'] == 'SKIP', (s['name'], s['status'])
    assert 'the filesystem refuses it' in s['reason'] and 'not supported' in s['reason'], s['reason']
    assert s['rounds'] == 0, s['rounds']
    for o, v in s['oracles'].items():
        assert v['verdict'] == 'SKIP', (o, v)"
done
tap_done
