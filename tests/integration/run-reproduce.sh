#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# A failure's reproduce line (daxrace report, human and TAP) is a command
# that, pasted into sh, runs that scenario alone and makes the choices it
# made in the run (the -vv choice log) and fails the same way.  Its --dir
# has a blank and a quote, so the line must be quoted for sh.  Inside
# daxrace-vm (DAXRACE_VM_COMMAND) the line is the daxrace-vm command.
. "$top_srcdir/tests/integration/run-lib.sh"
run_fs_setup run-reproduce
dir="$fsdir/it's a dir"
mkdir -p "$dir" || exit 1

tap_plan 7
"$DAXRACE" run --group smoke --dir "$dir" --results "$tmp/res" --actor dio-read \
	--mutator punch,truncate --rounds 20 --jobs 2 --inject foreign-tag -vv \
	>/dev/null 2>"$tmp/err1"
rc=$?
tap_ok "the run fails (exit $rc)" test "$rc" -eq 1
d=$(run_dir)
"$DAXRACE" report "$d" >"$tmp/human"
"$DAXRACE" report "$d" --format tap >"$tmp/tap"
line=$(sed -n 's/^  reproduce: \(.*--mutator truncate.*\)$/\1/p' "$tmp/human")
printf '# %s\n' "$line"
tap_ok "a reproduce line per failure" sh -c \
	'[ "$(grep -c "^  reproduce: daxrace run " "$1")" -eq 2 ] &&
	 [ "$(grep -c "^  reproduce: \"daxrace run " "$2")" -eq 2 ]' sh "$tmp/human" "$tmp/tap"
tap_ok "result.json holds the same line" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["scenarios"][1]["reproduce"] == sys.argv[2], d["scenarios"][1]' \
	"$d/result.json" "$line"

# The line as a user pastes it, with daxrace the binary under test.
rm -rf "$tmp/res2"
eval "\"\$DAXRACE\"${line#daxrace} --results \"\$tmp/res2\" -vv" >/dev/null 2>"$tmp/err2"
rc=$?
tap_ok "pasted, it fails again (exit $rc)" test "$rc" -eq 1
grep -o 'choice dio-read.truncate.*' "$tmp/err1" | sort >"$tmp/c1"
grep -o 'choice .*' "$tmp/err2" | sort >"$tmp/c2"
tap_ok "it ran that scenario alone, with its choices" sh -c \
	'[ -s "$1" ] && cmp "$1" "$2"' sh "$tmp/c1" "$tmp/c2"
tap_ok "the same oracle fired" result_check "$(ls -d "$tmp"/res2/*/)result.json" '
s = d["scenarios"]
assert len(s) == 1 and s[0]["name"] == "dio-read.truncate.uffd", s
assert s[0]["oracles"]["TAG"]["verdict"] == "FAIL", s[0]["oracles"]["TAG"]'

rm -rf "$tmp/res"
DAXRACE_VM_COMMAND="daxrace-vm --kernel-package 6.1 --fs ext4" "$DAXRACE" run \
	--group smoke --dir "$dir" --results "$tmp/res" --actor dio-read --mutator punch \
	--rounds 2 --inject foreign-tag >/dev/null 2>&1
"$DAXRACE" report "$(run_dir)" >"$tmp/human"
tap_ok "inside daxrace-vm: the daxrace-vm command, without --dir" sh -c \
	'grep -q "^  reproduce: daxrace-vm --kernel-package 6.1 --fs ext4 -- --group smoke --actor dio-read --mutator punch " "$1" &&
	 ! grep "^  reproduce: " "$1" | grep -q -- --dir' sh "$tmp/human"
tap_done
