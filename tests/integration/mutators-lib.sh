# SPDX-License-Identifier: GPL-2.0-or-later
# Shared by run-mutators-ext4.sh and run-mutators-xfs.sh: every mutator
# beyond punch, zero and truncate (run-actors-mutators.sh has those),
# against both O_DIRECT actors, on a fresh loop-mounted filesystem of one
# type, in page-cache mode.  Held rounds must PASS with confirmed holds, or
# SKIP with the reason the filesystem refused the mutator (never PASS
# without holds, never FAIL); free-running must PASS with probes, or SKIP
# the same way.
. "$top_srcdir/tests/integration/run-lib.sh"

# mutators_test FSTYPE
mutators_test() {
	run_fs_setup "run-mutators-$1"
	run_fs_make "$1" || tap_skip_all "cannot make a loop-mounted $1"
	dir=$fsmade
	muts=$("$DAXRACE" list | awk '$1 == "mutator" && $2 != "punch" &&
		$2 != "zero" && $2 != "truncate" { printf "%s%s", sep, $2; sep = "," }')
	[ -n "$muts" ] || tap_skip_all "no mutator beyond punch, zero, truncate"
	tap_plan 4
	"$DAXRACE" run --group smoke --dir "$dir" --results "$tmp/res-uffd" --stall uffd \
		--actor dio-read,dio-write --mutator "$muts" --rounds 200 \
		--seed 9 >"$tmp/out" 2>"$tmp/err"
	rc=$?
	tap_ok "$1, held rounds: exit 0 (exit $rc)" sh -c \
		'[ "$1" -eq 0 ] || { cat "$2"; exit 1; }' sh "$rc" "$tmp/err"
	tap_ok "$1, held rounds: every mutator PASSes with confirmed holds or SKIPs with the refusal" \
		result_check "$(ls -d "$tmp"/res-uffd/*/ | head -1)/result.json" "
muts = '$muts'.split(',')
seen = set()
for s in d['scenarios']:
    seen.add(s['mutator'])
    if s['status'] == 'SKIP':
        assert 'the filesystem refuses it' in s['reason'], (s['name'], s['reason'])
        for o, v in s['oracles'].items():
            assert v['verdict'] in ('SKIP', 'NA'), (s['name'], o, v)
        continue
    assert s['status'] == 'PASS', (s['name'], s['status'], s['reason'])
    assert s['confirmed_holds'] > 0, (s['name'], s['confirmed_holds'])
    assert s['oracles']['ORDER']['verdict'] == 'NA', (s['name'], s['oracles']['ORDER'])
    assert s['oracles']['TAG']['verdict'] == 'PASS', (s['name'], s['oracles']['TAG'])
assert seen == set(muts), (seen, muts)
print('# ' + ', '.join('%s %s %s' % (s['name'], s['status'], s['confirmed_holds']) for s in d['scenarios']))"
	"$DAXRACE" run --group smoke --dir "$dir" --results "$tmp/res-none" --stall none \
		--actor dio-read,dio-write --mutator "$muts" --duration 0.3 \
		--seed 9 >"$tmp/out" 2>"$tmp/err"
	rc=$?
	tap_ok "$1, free-running: exit 0 (exit $rc)" sh -c \
		'[ "$1" -eq 0 ] || { cat "$2"; exit 1; }' sh "$rc" "$tmp/err"
	tap_ok "$1, free-running: every mutator PASSes with quiet probes or SKIPs with the refusal" \
		result_check "$(ls -d "$tmp"/res-none/*/ | head -1)/result.json" "
for s in d['scenarios']:
    if s['status'] == 'SKIP':
        assert 'the filesystem refuses it' in s['reason'], (s['name'], s['reason'])
        continue
    assert s['status'] == 'PASS', (s['name'], s['status'], s['reason'])
    assert s['rounds'] > 0 and 'probe' in s['reason'], (s['name'], s['reason'])"
	tap_done
}
