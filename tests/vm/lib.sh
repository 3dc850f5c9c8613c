# SPDX-License-Identifier: GPL-2.0-or-later
# Sourced by the tests/vm/*.sh tests after tests/lib/tap.sh: what a VM test
# needs, and a SKIP with the reason when the machine cannot give it.
DAXRACE_VM=${DAXRACE_VM:-${top_builddir:-.}/daxrace-vm}
VM_TIMEOUT=${DAXRACE_VM_TEST_TIMEOUT:-420}
VM_LOCK=${TMPDIR:-/tmp}/daxrace-vm-test.lock

# vm_require: skip the whole test unless qemu and the guest tools are here.
vm_require() {
	_miss=''
	[ -z "${DAXRACE_SKIP_VM:-}" ] || tap_skip_all "DAXRACE_SKIP_VM is set: $DAXRACE_SKIP_VM"
	[ -x "$DAXRACE_VM" ] || tap_skip_all "no daxrace-vm at $DAXRACE_VM"
	for _t in flock qemu-system-x86_64 cpio dpkg-deb depmod modprobe ndctl mkfs.ext4 mkfs.xfs xfs_io jq; do
		command -v "$_t" >/dev/null 2>&1 || _miss="$_miss $_t"
	done
	if ! { [ -x /bin/busybox ] && ! ldd /bin/busybox >/dev/null 2>&1; }; then
		_miss="$_miss busybox-static"
	fi
	[ -z "$_miss" ] || tap_skip_all "missing:$_miss (scripts/install-deps.sh installs them)"
}

# vm_kernel VER: fetch the Debian kernel package VER, or skip the test.
# sets VM_RELEASE (used by the tests that source this)
vm_kernel() {
	if ! _out=$("$DAXRACE_VM" --kernel-package "$1" --fetch-only 2>&1); then
		tap_skip_all "Debian kernel package $1 cannot be had: $(printf '%s\n' "$_out" | tail -n 1)"
	fi
	VM_RELEASE=$(printf '%s\n' "$_out" | sed -n 's/^release: //p')
}

# vm_tmpdir: a results directory removed when the test ends.
vm_tmpdir() {
	VM_TMP=$(mktemp -d "${TMPDIR:-/tmp}/daxrace-vm-test.XXXXXX")
	trap 'rm -rf "$VM_TMP"' EXIT
}

# vm_has COMMAND: does this daxrace have the subcommand yet?
vm_has() { "$DAXRACE" "$1" --help >/dev/null 2>&1; }

# vm_run ARGS...: daxrace-vm with a results dir; sets VM_RC, VM_OUT (the
# run's directory) and VM_LOG (its stderr).
vm_run() {
	VM_LOG=$VM_TMP/vm-run.log
	VM_RC=0
	# one guest at a time, also under make -j: 2 cores, TCG
	flock "$VM_LOCK" \
		"$DAXRACE_VM" --results "$VM_TMP/r" --timeout "$VM_TIMEOUT" "$@" >"$VM_LOG" 2>&1 || VM_RC=$?
	VM_OUT=$(find "$VM_TMP/r" -mindepth 1 -maxdepth 1 -type d -name 'vm-*' 2>/dev/null | head -n 1)
	[ -n "$VM_OUT" ] || VM_OUT=$VM_TMP/r/none
	tap_diag "daxrace-vm $* -> exit $VM_RC" "$(cat "$VM_LOG")"
}

# vm_result_json FS: the result.json daxrace run wrote in the guest for FS.
vm_result_json() {
	find "$VM_OUT/$1/results" -name result.json 2>/dev/null | head -n 1
}
