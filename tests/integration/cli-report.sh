#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# daxrace report: renders a result.json (written by the same writer code
# from a hand-built run) as human, TAP and JSON; the file validates
# against results/schema.json; bad input exits 2 naming the problem.
# Any directory daxrace or daxrace-vm wrote is accepted: the result.json
# files below it are found and rendered in turn under a header each.
. "$top_srcdir/tests/lib/tap.sh"

command -v python3 >/dev/null || tap_skip_all "python3 is needed to check JSON"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cli-report.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
"$top_builddir/tests/unit/report_json_test" "$tmp" ||
	tap_skip_all "cannot build the fixture (tests/unit/report_json_test)"

tap_plan 22
tap_ok "result.json validates against results/schema.json" \
	python3 "$top_srcdir/tests/integration/validate-result.py" \
	"$top_srcdir/results/schema.json" "$tmp/result.json"

tap_expect_exit 0 "human rendering" "$DAXRACE" report "$tmp"
tap_ok "human names result and scenarios" sh -c \
	'printf "%s\n" "$1" | grep -q "^result FAIL (exit 1)" &&
	 printf "%s\n" "$1" | grep -q "^dio-write.punch.uffd  *FAIL"' sh "$TAP_LAST_OUTPUT"

"$DAXRACE" report --format tap "$tmp" >"$tmp/out.tap" 2>&1
tap_ok "TAP: version, plan, points" sh -c \
	'head -1 "$1" | grep -qx "TAP version 13" && grep -qx "1..3" "$1" &&
	 [ "$(grep -cE "^(not )?ok [0-9]+ - " "$1")" -eq 3 ] &&
	 grep -q "^not ok 2 - dio-write.punch.uffd$" "$1"' sh "$tmp/out.tap"

"$DAXRACE" report "$tmp" --format json >"$tmp/out.json" 2>&1
tap_ok "JSON after DIR, same content as the file" python3 -c '
import json, sys
a = json.load(open(sys.argv[1])); b = json.load(open(sys.argv[2]))
sys.exit(a != b)' "$tmp/result.json" "$tmp/out.json"

tap_expect_exit 0 "a result.json path is accepted too" \
	"$DAXRACE" report "$tmp/result.json" --format tap

python3 -c '
import json, sys
d = json.load(open(sys.argv[1])); d["schema_version"] = 99
json.dump(d, open(sys.argv[2], "w"))' "$tmp/result.json" "$tmp/v99.json"
tap_expect_exit 2 "unknown schema_version refused" "$DAXRACE" report "$tmp/v99.json"
tap_ok "message names schema_version" sh -c \
	'printf "%s\n" "$1" | grep -q "schema_version 99"' sh "$TAP_LAST_OUTPUT"

echo '{"schema_version": 1' >"$tmp/broken.json"
tap_expect_exit 2 "truncated JSON refused" "$DAXRACE" report "$tmp/broken.json"
tap_expect_exit 2 "missing DIR refused" "$DAXRACE" report "$tmp/nonexistent"
tap_expect_exit 2 "no DIR at all" "$DAXRACE" report
tap_expect_exit 2 "bad --format names the option" sh -c \
	'"$1" report "$2" --format xml 2>&1 | grep -q -- "--format"; exit $((2 * ! $?))' \
	sh "$DAXRACE" "$tmp"

# A daxrace-vm guest directory: FS/results/RUN/result.json, one per fs;
# a link back up must not be followed (or the walk would never end).
vm=$tmp/r/vm-6.12.0-test-20261201T000000Z-1
mkdir -p "$vm/ext4/results/20261201-000001-s1" "$vm/xfs/results/20261201-000002-s1" \
	"$tmp/empty/a/b"
# as the guest wrote it: its results_dir is the guest's path
python3 -c '
import json, sys
d = json.load(open(sys.argv[1])); d["results_dir"] = "/share/ext4/results/20261201-000001-s1"
json.dump(d, open(sys.argv[2], "w"))' "$tmp/result.json" "$vm/ext4/results/20261201-000001-s1/result.json"
cp "$tmp/result.json" "$vm/xfs/results/20261201-000002-s1/"
ln -s .. "$vm/ext4/up"
tap_expect_exit 0 "a daxrace-vm guest directory" "$DAXRACE" report "$vm"
tap_ok "each result under a header naming it, in order" sh -c \
	'printf "%s\n" "$1" | grep "^==> " >"$3/headers" &&
	 printf "==> %s <==\n" "$2/ext4/results/20261201-000001-s1/result.json" \
		"$2/xfs/results/20261201-000002-s1/result.json" | cmp -s - "$3/headers" &&
	 [ "$(printf "%s\n" "$1" | grep -c "^result FAIL (exit 1)")" -eq 2 ]' \
	sh "$TAP_LAST_OUTPUT" "$vm" "$tmp"
tap_ok "the human view names the run's directory here, not the guest's" sh -c \
	'printf "%s\n" "$1" | grep -qxF "results $2 (written as /share/ext4/results/20261201-000001-s1)"' \
	sh "$TAP_LAST_OUTPUT" "$vm/ext4/results/20261201-000001-s1"
tap_expect_exit 0 "the results directory above it" "$DAXRACE" report "$tmp/r"
tap_ok "... finds both" sh -c \
	'[ "$(printf "%s\n" "$1" | grep -c "^==> .*/result.json <==")" -eq 2 ]' sh "$TAP_LAST_OUTPUT"
"$DAXRACE" report "$vm/ext4" --format tap >"$tmp/one.tap" 2>&1
tap_ok "one filesystem's directory, as TAP (no header in the stream)" sh -c \
	'head -1 "$1" | grep -qx "TAP version 13" && grep -qx "1..3" "$1"' sh "$tmp/one.tap"
tap_expect_exit 2 "several results as JSON: refused, not two documents" \
	"$DAXRACE" report "$vm" --format json
tap_ok "... the message names the count and the option" sh -c \
	'printf "%s\n" "$1" | grep -q "holds 2 results.*--format json"' sh "$TAP_LAST_OUTPUT"
tap_expect_exit 2 "a directory with no result.json below it" "$DAXRACE" report "$tmp/empty"
echo '{"schema_version": 1' >"$vm/xfs/results/20261201-000002-s1/result.json"
tap_ok "a broken one is named with exit 2, the good one still shown" sh -c \
	'"$1" report "$2" >"$3/mixed.out" 2>"$3/mixed.err"; rc=$?
	 [ "$rc" -eq 2 ] && grep -q "xfs/results/20261201-000002-s1/result.json" "$3/mixed.err" &&
	 grep -q "^result FAIL (exit 1)" "$3/mixed.out"' sh "$DAXRACE" "$vm" "$tmp"
tap_done
