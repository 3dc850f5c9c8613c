#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Every file the build makes (programs, scripts, generated sources, test
# programs, CLEANFILES; the list comes from the Makefile) is ignored by
# git, so "git status" after make, make check and make distcheck shows
# only real changes.
. "$top_srcdir/tests/lib/tap.sh"

command -v git >/dev/null || tap_skip_all "git is not installed"
git -C "$top_srcdir" rev-parse --git-dir >/dev/null 2>&1 ||
	tap_skip_all "not a git checkout (a release tarball)"
[ -n "$DR_BUILT_FILES" ] || tap_skip_all "DR_BUILT_FILES not set (run through make check)"

tap_plan 2
unignored() {
	for f in $DR_BUILT_FILES "$@"; do
		git -C "$top_srcdir" check-ignore -q --no-index "$f" || echo "$f"
	done
}
tap_ok "every built file is in .gitignore" sh -c '[ -z "$1" ] || { echo "not ignored: $1"; exit 1; }' \
	sh "$(unignored | tr '\n' ' ')"
# What make check and make distcheck leave behind besides those.
tap_ok "test logs, artefacts, the suite log and the release tarball are ignored" sh -c \
	'[ -z "$1" ] || { echo "not ignored: $1"; exit 1; }' sh "$(DR_BUILT_FILES= unignored \
	test-suite.log tests/unit/x.log tests/unit/x.trs daxrace-0.1.tar.gz \
	daxrace-0.1/ results/20261201-000000-1/ tests/artefacts/report-html/report.png \
	tests/repro/.dirstamp tests/repro/.deps/x.Po | tr '\n' ' ')"
tap_done
