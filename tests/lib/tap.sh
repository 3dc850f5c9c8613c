# SPDX-License-Identifier: GPL-2.0-or-later
# Minimal TAP for shell tests: plan, ok/not ok with the failing evidence as
# diagnostics, skip_all with a reason.  Source it, then call the functions.
: "${DAXRACE:?DAXRACE must name the daxrace binary (make check sets it)}"
: "${top_srcdir:=.}"
_tap_n=0
_tap_failed=0

tap_plan() { echo "1..$1"; }
tap_skip_all() { echo "1..0 # SKIP $*"; exit 0; }
tap_diag() { printf '%s\n' "$@" | sed 's/^/# /'; }

# tap_ok DESCRIPTION COMMAND...: runs COMMAND, ok if it succeeds.
tap_ok() {
	_d=$1; shift
	_tap_n=$((_tap_n + 1))
	if "$@" >"${TMPDIR:-/tmp}/tap.$$.out" 2>&1; then
		echo "ok $_tap_n - $_d"
	else
		echo "not ok $_tap_n - $_d"
		tap_diag "command: $*"
		sed 's/^/#   /' "${TMPDIR:-/tmp}/tap.$$.out" | head -40
		_tap_failed=$((_tap_failed + 1))
	fi
	rm -f "${TMPDIR:-/tmp}/tap.$$.out"
}

# tap_skip DESCRIPTION REASON
tap_skip() {
	_tap_n=$((_tap_n + 1))
	echo "ok $_tap_n - $1 # SKIP $2"
}

# tap_expect_exit CODE DESCRIPTION COMMAND...: ok if COMMAND exits CODE.
tap_expect_exit() {
	_want=$1; _d=$2; shift 2
	_tap_n=$((_tap_n + 1))
	"$@" >"${TMPDIR:-/tmp}/tap.$$.out" 2>&1
	_got=$?
	if [ "$_got" -eq "$_want" ]; then
		echo "ok $_tap_n - $_d"
	else
		echo "not ok $_tap_n - $_d (exit $_got, wanted $_want)"
		sed 's/^/#   /' "${TMPDIR:-/tmp}/tap.$$.out" | head -40
		_tap_failed=$((_tap_failed + 1))
	fi
	TAP_LAST_OUTPUT=$(cat "${TMPDIR:-/tmp}/tap.$$.out")
	rm -f "${TMPDIR:-/tmp}/tap.$$.out"
}

tap_done() { exit 0; }
