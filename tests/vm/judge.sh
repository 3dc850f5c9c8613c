#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# daxrace-vm's verdict comes from daxrace, without a boot: real "daxrace
# run"s (--inject foreign-tag makes TAG fire) on the host, against a
# fixture known-issues file that knows the failure, are laid out as a
# guest leaves them in the share and judged by daxrace-vm's own code
# (--judge DIR).  daxrace-vm's exit status must be daxrace's (--strict
# too), its summary names the ids daxrace marked, a failure daxrace left
# unmarked is never matched again by daxrace-vm, and its own NAMESPACE
# check is matched by asking the daxrace binary (a stub shows it).
. "$top_srcdir/tests/integration/run-lib.sh"
DAXRACE_VM=${DAXRACE_VM:-$top_builddir/daxrace-vm}
[ -x "$DAXRACE_VM" ] || tap_skip_all "no daxrace-vm at $DAXRACE_VM"
command -v bash >/dev/null || tap_skip_all "daxrace-vm needs bash"
command -v jq >/dev/null || tap_skip_all "daxrace-vm reads result.json with jq"
run_fs_setup judge

cat >"$tmp/known.ini" <<'KI'
# matches what --inject foreign-tag makes on any kernel and fs, and a
# NAMESPACE failure on the fixture's kernel (Debian 6.1.192)
[injected-tag]
kernel = ..
fs = *
scenario = dio-read.punch.*
oracle = TAG
fix = none: constructed by the test
explanation = --inject foreign-tag writes another file's tag into a
  bystander's block
[fixture-ns]
kernel = 6.1..6.2
fs = *
scenario = -
oracle = NAMESPACE
fix = none: constructed by the test
explanation = a NAMESPACE failure the fixture writes
KI

tap_plan 15

# guest NAME NAMESPACE DAXRACE-RUN-ARGS...: a results directory $tmp/NAME
# as guest-init.sh leaves it for --fs ext4 on Debian 6.1.192, from one
# 1 s dio-read x punch run of the real daxrace with the injection.
guest() {
	_g=$tmp/$1 _ns=$2
	shift 2
	mkdir -p "$_g/ext4/results"
	echo 'DRV_RELEASE=6.1.0-56-amd64' >"$_g/vm.conf"
	echo '[    0.000000] Linux version 6.1.0-56-amd64 (debian-kernel@lists.debian.org) (gcc-12) #1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2 (2026-03-01)' \
		>"$_g/console.log"
	printf '%s\n' "$@" >"$_g/run-args"
	echo "$_ns" >"$_g/ext4/namespace"
	"$DAXRACE" run --group smoke --dir "$fsdir" --results "$_g/ext4/results" --actor dio-read \
		--mutator punch --duration 1 "$@" >"$_g/ext4/run.out" 2>"$_g/ext4/run.err"
	echo $? >"$_g/ext4/rc"
}
# judge NAME [KNOWN-ISSUES]: daxrace-vm --judge on it; sets $jrc, $jline.
judge() {
	DAXRACE_KNOWN_ISSUES=${2:-$tmp/known.ini} "$DAXRACE_VM" --judge "$tmp/$1" --fs ext4 \
		>"$tmp/$1.out" 2>"$tmp/$1.err"
	jrc=$?
	jline=$(grep '^daxrace-vm: ext4: ' "$tmp/$1.err")
	tap_diag "daxrace-vm --judge $1 -> exit $jrc" "$(cat "$tmp/$1.err")"
}
rc_of() { cat "$tmp/$1/ext4/rc"; }
is() { # WHAT GOT WANT
	[ "$2" = "$3" ] || { echo "$1: '$2', not '$3'"; return 1; }
}
has() { # WHAT TEXT PATTERN (grep -E)
	printf '%s\n' "$2" | grep -Eq -- "$3" || { echo "$1: '$2' lacks /$3/"; return 1; }
}

# Known: daxrace marks the FAIL known and exits 0.
guest known PASS --inject foreign-tag --known-issues "$tmp/known.ini"
judge known
tap_ok "known FAIL: daxrace exit 0, daxrace-vm exit 0" \
	sh -c '[ "$1" = 0 ] && [ "$2" = 0 ]' sh "$(rc_of known)" "$jrc"
tap_ok "known FAIL: the summary names the id daxrace marked" \
	is summary "$jline" 'daxrace-vm: ext4: daxrace run PASS, with FAILs of known kernel issue(s): injected-tag; NAMESPACE PASS'
tap_ok "known FAIL: FS/known holds that id" is known "$(cat "$tmp/known/ext4/known" 2>/dev/null)" injected-tag

# --strict: daxrace marks it known and still exits 1; so must daxrace-vm.
guest strict PASS --inject foreign-tag --known-issues "$tmp/known.ini" --strict
judge strict
tap_ok "--strict: daxrace exit 1" is "daxrace exit" "$(rc_of strict)" 1
tap_ok "--strict: daxrace-vm exit 1, daxrace's" is "daxrace-vm exit" "$jrc" 1
tap_ok "--strict: the summary names the known issue's id, not 'daxrace'" \
	is summary "$jline" 'daxrace-vm: ext4: daxrace run FAIL (--strict) of known kernel issue(s): injected-tag; NAMESPACE PASS'

# A FAIL daxrace did not mark (it ran without the file) stays a bug, even
# where daxrace-vm's own file has an entry without evidence that fits it.
guest new PASS --inject foreign-tag --known-issues none
judge new
tap_ok "unmarked FAIL: daxrace exit 1, daxrace-vm exit 1 (not matched again)" \
	sh -c '[ "$1" = 1 ] && [ "$2" = 1 ]' sh "$(rc_of new)" "$jrc"
tap_ok "unmarked FAIL: the summary says kernel bug and names no issue" \
	is summary "$jline" 'daxrace-vm: ext4: daxrace run FAIL (kernel bug); NAMESPACE PASS'

# NAMESPACE, daxrace-vm's own check: a known failure, matched by daxrace.
guest ns 'FAIL: umount did not finish in 15s' --known-issues "$tmp/known.ini"
judge ns
tap_ok "known NAMESPACE FAIL: daxrace-vm exit 0" is "daxrace-vm exit" "$jrc" 0
tap_ok "known NAMESPACE FAIL: the summary names the entry" \
	has summary "$jline" '; NAMESPACE FAIL: umount did not finish in 15s \[known issue fixture-ns\]$'
: >"$tmp/empty.ini"
judge ns "$tmp/empty.ini"
tap_ok "unknown NAMESPACE FAIL (an empty file): daxrace-vm exit 1" is "daxrace-vm exit" "$jrc" 1
guest ns-strict 'FAIL: umount did not finish in 15s' --known-issues "$tmp/known.ini" --strict
judge ns-strict
tap_ok "known NAMESPACE FAIL under --strict: daxrace-vm exit 1" is "daxrace-vm exit" "$jrc" 1

# The matcher daxrace-vm asks is the daxrace binary: a stub shows the
# questions (the kernel is the console's Debian version) and its answer.
cat >"$tmp/stub" <<'STUB'
#!/bin/sh
printf '%s\n' "$*" >>"$STUB_LOG"
case $* in
*"--match-known 0,none,none,none") exit 1 ;;
*--match-known*) echo stub-answer ;;
*) exit 3 ;;
esac
STUB
chmod +x "$tmp/stub"
stubbed() { STUB_LOG=$tmp/stub.log DAXRACE=$tmp/stub "$@"; }
stubbed judge ns
tap_ok "NAMESPACE: daxrace-vm takes daxrace's answer" \
	has summary "$jline" '\[known issue stub-answer\]$'
tap_ok "NAMESPACE: asked as 'daxrace run --known-issues FILE --match-known 6.1.192,ext4,-,NAMESPACE'" \
	grep -qx "run --known-issues $tmp/known.ini --match-known 6.1.192,ext4,-,NAMESPACE" "$tmp/stub.log"

# A known-issues file daxrace refuses: exit 2 at once, daxrace's one line.
printf '[broken]\nkernel = 6.1\n' >"$tmp/bad.ini"
judge known "$tmp/bad.ini"
tap_ok "a known-issues file daxrace refuses: exit 2 with one line naming it" \
	sh -c '[ "$1" = 2 ] && [ "$(wc -l <"$2")" = 1 ] && grep -q "bad.ini" "$2"' \
	sh "$jrc" "$tmp/known.err"
tap_done
