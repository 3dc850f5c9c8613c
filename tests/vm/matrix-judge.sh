#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# daxrace-vm --matrix without a boot: a stand-in for each guest's
# daxrace-vm (DAXRACE_VM_MATRIX_GUEST) lays out its results directory as a
# guest leaves it, from one real 1 s "daxrace run" on the host (--inject
# foreign-tag makes TAG fire; a fixture known-issues file knows it), and
# has it judged by daxrace-vm's own code (--judge), as a real guest's
# daxrace-vm would.  Checked: -j (guests one after the other, or at once),
# the exit status over the guests (a new failure 1, an ERROR guest 3,
# known failures 0), the ERROR cell and its reason for a guest that did
# not come up, the table's known/new marks, matrix.json against
# results/matrix.schema.json (and the schema check firing), --judge on
# the matrix directory, daxrace report on it, the live view on a terminal
# and plain lines off one, and the options in --help and the man page.
. "$top_srcdir/tests/integration/run-lib.sh"
DAXRACE_VM=${DAXRACE_VM:-$top_builddir/daxrace-vm}
[ -x "$DAXRACE_VM" ] || tap_skip_all "no daxrace-vm at $DAXRACE_VM"
command -v bash >/dev/null || tap_skip_all "daxrace-vm needs bash"
command -v jq >/dev/null || tap_skip_all "daxrace-vm reads result.json with jq"
command -v python3 >/dev/null || tap_skip_all "python3 is needed to check matrix.json"
run_fs_setup matrix-judge
export DAXRACE DAXRACE_VM fsdir

cat >"$tmp/known.ini" <<'KI'
[injected-tag]
kernel = ..
fs = *
scenario = dio-read.punch.*
oracle = TAG
fix = none: constructed by the test
explanation = --inject foreign-tag writes another file's tag into a
  bystander's block
KI
export DAXRACE_KNOWN_ISSUES="$tmp/known.ini"

# The stand-in guest: what to do comes from the --kernel-package word.
#   known  a TAG FAIL daxrace marks known    new  one it does not know
#   pass   no failure                         noboot  the guest never up
cat >"$tmp/guest" <<'GUEST'
#!/bin/sh
res='' kp=''
while [ $# -gt 0 ]; do
	case $1 in
	--results) res=$2; shift ;;
	--kernel-package) kp=$2; shift ;;
	--) break ;;
	esac
	shift
done
date +%s.%N >"$res/t-start"
note() { echo "daxrace-vm: $*" >&2; }
note "booting the uncompressed vmlinux through its PVH entry"
if [ "$kp" = noboot ]; then
	note "the guest did not come up (after 3s)"
	echo "the guest did not come up (after 3s): Kernel panic - not syncing: stand-in" \
		>"$DAXRACE_VM_REASON_FILE"
	date +%s.%N >"$res/t-end"
	exit 3
fi
g=$res/vm-6.1.0-56-amd64-20260101T000000Z-$$
mkdir -p "$g/ext4/results"
: >"$g/up"
echo done >"$g/status"
echo 'DRV_RELEASE=6.1.0-56-amd64' >"$g/vm.conf"
echo '[    0.000000] Linux version 6.1.0-56-amd64 (debian-kernel@lists.debian.org) (gcc-12) #1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2 (2026-03-01)' \
	>"$g/console.log"
echo PASS >"$g/ext4/namespace"
case $kp in
known) set -- --inject foreign-tag --known-issues "$DAXRACE_KNOWN_ISSUES" ;;
new) set -- --inject foreign-tag --known-issues none ;;
*) set -- ;;
esac
note "[   2s] guest: kernel 6.1.0-56-amd64 up after 2s"
note "[   3s] ext4: scenario dio-read.punch.uffd"
"$DAXRACE" run --group smoke --dir "$fsdir" --results "$g/ext4/results" --actor dio-read \
	--mutator punch --stall uffd --duration 1 "$@" >"$g/ext4/run.out" 2>"$g/ext4/run.err"
echo $? >"$g/ext4/rc"
note "[   5s] ext4: scenario dio-read.punch.uffd: done"
sleep 1
date +%s.%N >"$res/t-end"
"$DAXRACE_VM" --judge "$g" --fs ext4
GUEST
chmod +x "$tmp/guest"

tap_plan 20

# matrix NAME ARGS...: daxrace-vm --matrix with the stand-in; sets $mrc,
# $mdir (the matrix directory), $mout (stdout) and $merr (stderr).
matrix() {
	_n=$1
	shift
	DAXRACE_VM_MATRIX_GUEST=$tmp/guest "$DAXRACE_VM" --matrix --fs ext4 \
		--results "$tmp/$_n" "$@" >"$tmp/$_n.out" 2>"$tmp/$_n.err" </dev/null
	mrc=$?
	mdir=$(find "$tmp/$_n" -mindepth 1 -maxdepth 1 -type d -name 'matrix-*' | head -n 1)
	mout=$(cat "$tmp/$_n.out") merr=$(cat "$tmp/$_n.err")
	tap_diag "daxrace-vm --matrix $* -> exit $mrc" "$merr" "$mout"
}
valid() { python3 "$top_srcdir/tests/integration/validate-result.py" \
	"$top_srcdir/results/matrix.schema.json" "$1"; }
is() { [ "$2" = "$3" ] || { echo "$1: '$2', not '$3'"; return 1; }; }
has() { printf '%s\n' "$2" | grep -Eq -- "$3" || { echo "$1 lacks /$3/"; return 1; }; }
cell() { # KERNEL SCENARIO: "STATUS known new ids" of that ext4 cell
	jq -r --arg k "$1" --arg s "$2" '.cells[] | select(.kernel == $k and .scenario == $s) |
		"\(.status) \(.known) \(.new) \(.known_issues | join(","))"' "$mdir/matrix.json"
}
# overlap A B: did the two guests run at the same time?
overlap() {
	awk -v a0="$(cat "$mdir/$1/t-start")" -v a1="$(cat "$mdir/$1/t-end")" \
		-v b0="$(cat "$mdir/$2/t-start")" -v b1="$(cat "$mdir/$2/t-end")" \
		'BEGIN { exit !(a0 < b1 && b0 < a1) }'
}

# Known failures and a pass, two at a time: exit 0.
matrix one -j 2 --kernel-package known,pass -- --duration 1
tap_ok "known FAIL and PASS: exit 0" is exit "$mrc" 0
tap_ok "known FAIL and PASS: matrix.json is valid against results/matrix.schema.json" \
	valid "$mdir/matrix.json"
tap_ok "the known FAIL's cell is known, with the id daxrace marked" \
	is cell "$(cell known smoke/dio-read.punch.uffd)" "FAIL true false injected-tag"
tap_ok "the table marks it known and the other kernel PASS" \
	has table "$mout" '^smoke/dio-read\.punch\.uffd +known +PASS$'
tap_ok "-j 2: the two guests ran at once" overlap known pass
tap_ok "off a terminal: each guest's lines, whole, under its label" \
	has stderr "$merr" '^daxrace-vm: \[known\] \[   3s\] ext4: scenario dio-read\.punch\.uffd$'

# A new failure, a guest that never came up, one at a time: exit 1.
matrix two -j 1 --kernel-package known,new,noboot -- --duration 1
tap_ok "a new FAIL among them: exit 1" is exit "$mrc" 1
tap_ok "new FAIL, known FAIL, ERROR: matrix.json is valid" valid "$mdir/matrix.json"
tap_ok "the new FAIL's cell is new, with no id" \
	is cell "$(cell new smoke/dio-read.punch.uffd)" "FAIL false true "
tap_ok "the guest that never came up is an ERROR cell with its reason" \
	is error "$(jq -r '.cells[] | select(.kernel == "noboot") | "\(.status) \(.reason)"' "$mdir/matrix.json")" \
	"ERROR the guest did not come up (after 3s): Kernel panic - not syncing: stand-in"
tap_ok "the table: FAIL, known, ERROR; a NEW FAIL line; the exit" sh -c '
	printf "%s\n" "$1" | grep -Eq "^smoke/dio-read\.punch\.uffd +known +FAIL +\.$" &&
	printf "%s\n" "$1" | grep -Eq "^-  +\. +\. +ERROR$" &&
	printf "%s\n" "$1" | grep -q "^NEW FAIL new/ext4 smoke/dio-read.punch.uffd: " &&
	printf "%s\n" "$1" | grep -q "^matrix: FAIL (exit 1): 3 kernel(s)"' sh "$mout"
tap_ok "-j 1: one guest after the other" sh -c '! overlap known new && ! overlap new noboot'
tap_ok "matrix.txt holds the table" is matrix.txt "$(cat "$mdir/matrix.txt")" "$mout"

# --judge on the matrix directory: judged again, the same cells.
cp "$mdir/matrix.json" "$tmp/two.json"
DAXRACE_VM_MATRIX_GUEST= "$DAXRACE_VM" --judge "$mdir" >"$tmp/judge.out" 2>"$tmp/judge.err"
jrc=$?
tap_ok "--judge MATRIX-DIR: exit 1 and the same cells" sh -c '
	[ "$1" = 1 ] && [ "$(jq -c .cells "$2")" = "$(jq -c .cells "$3")" ]' sh "$jrc" "$mdir/matrix.json" "$tmp/two.json"

tap_ok "daxrace report on the matrix directory renders each guest's run" sh -c '
	"$DAXRACE" report "$1" >"$1.report" && [ "$(grep -c "^==> .*/result.json <==" "$1.report")" = 2 ]' sh "$mdir"

# The schema check fires: a cell with a status no writer uses.
jq '.cells[0].status = "MAYBE"' "$mdir/matrix.json" >"$tmp/bad.json"
tap_ok "the schema check fires on a bad cell" sh -c '! valid "$1"' sh "$tmp/bad.json"

# Only a guest that could not run, and a pass: exit 3.
matrix three --kernel-package pass,noboot -- --duration 1
tap_ok "an ERROR guest and a PASS: exit 3" is exit "$mrc" 3

# On a terminal: a live view redrawn in place, then the table.
if command -v script >/dev/null 2>&1; then
	TERM=xterm DAXRACE_VM_MATRIX_GUEST=$tmp/guest script -qec \
		"\"$DAXRACE_VM\" --matrix --fs ext4 --results \"$tmp/tty\" --kernel-package pass -- --duration 1" \
		/dev/null </dev/null >"$tmp/tty.log" 2>&1
	tap_ok "on a terminal: a view redrawn in place, with kernel, fs, scenario and times" sh -c '
		grep -q "$(printf "\033")\[[0-9]*A" "$1" &&
		grep -Eq "KERNEL +FS +SCENARIO" "$1" &&
		grep -Eq "pass +ext4 +dio-read\.punch\.uffd +[0-9]+s/1 +[0-9]+s/600s" "$1"' sh "$tmp/tty.log"
else
	tap_skip "on a terminal: a live view" "no script(1) to give it a terminal"
fi

# Options: one-line usage errors, and every option of --help in the page.
one_line_exit2() {
	_e=$("$DAXRACE_VM" "$@" 2>&1 >/dev/null)
	_rc=$?
	[ "$_rc" -eq 2 ] && [ "$(printf '%s\n' "$_e" | wc -l)" -eq 1 ] || { echo "exit $_rc: $_e"; return 1; }
}
tap_ok "several kernels without --matrix, -j without it, -j 0: exit 2, one line" sh -c '
	for a in "--kernel-package 6.1,6.12" "-j 2" "--matrix -j 0" "--matrix --shell"; do
		"$1" $a >/dev/null 2>"$2" && exit 1
		[ $? = 2 ] && [ "$(wc -l <"$2")" = 1 ] || { echo "$a: $(cat "$2")"; exit 1; }
	done' sh "$DAXRACE_VM" "$tmp/usage.err"
man_has_help() {
	_text=$(sed 's/\\-/-/g' "$top_srcdir/man/daxrace-vm.1")
	for _o in $("$DAXRACE_VM" --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
		printf '%s\n' "$_text" | grep -Eq -- "(^|[^a-z-])$_o([^a-z-]|\$)" || { echo "not in the page: $_o"; return 1; }
	done
}
tap_ok "every option of daxrace-vm --help is in daxrace-vm.1" man_has_help
tap_done
