#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Every upstream commit that vm/known-issues, a tests/repro/*.c header or
# a workloads/bug-*.ini file cites (a 12-hex-digit id) is written ID "TITLE" (RELEASE..., with the
# title and first release that tests/vm/kernel-commits.tsv records for it.
# People decide from these entries whether to report a bug: a wrong title
# or release sends them to the wrong commit.  No network: the table is
# checked in (see its header for where each row was read).
. "$top_srcdir/tests/lib/tap.sh"
table=$top_srcdir/tests/vm/kernel-commits.tsv
tmp=$(mktemp -d "${TMPDIR:-/tmp}/citations.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
tap_plan 5

# flat FILE: the file's prose on one line, whitespace collapsed.  INI
# continuation lines and C comment lines (less their " * ") join up.
flat() {
	case $1 in
	*.c) sed -n 's|^[ \t]*/\?\*\+/\?[ \t]\?||p' "$1" ;;
	*) sed 's/^[ \t]*//; s/^#[ \t]*//' "$1" ;;
	esac | tr '\n\t' '  ' | tr -s ' '
}
# check FILE: one line per citation that disagrees with the table (or an
# id it lacks), then "cited N".
check() {
	flat "$1" | awk -v table="$table" -v file="$1" '
	BEGIN {
		FS = "\t"
		while ((getline l < table) > 0) {
			if (l ~ /^#/ || l == "") continue
			split(l, f, "\t")
			rel[f[1]] = f[2]; title[f[1]] = f[3]
		}
		FS = " "
	}
	{
		s = $0
		while (match(s, /(^|[^0-9a-zA-Z_])[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]([^0-9a-zA-Z_]|$)/)) {
			t = substr(s, RSTART, RLENGTH)
			sub(/^[^0-9a-f]/, "", t)
			id = substr(t, 1, 12)
			rest = substr(s, RSTART + index(substr(s, RSTART), id) + 11)
			s = rest
			n++
			if (!(id in rel)) {
				print file ": " id ": not in " table; continue
			}
			want = " \"" title[id] "\" (" rel[id]
			if (substr(rest, 1, length(want)) != want ||
			    substr(rest, length(want) + 1, 1) ~ /[0-9.]/)
				print file ": " id ": wants" want "..., has " substr(rest, 1, length(want) + 10)
		}
	}
	END { print "cited " n + 0 }'
}

# agree OUT: no disagreement in OUT, and some citation checked
agree() {
	_n=$(sed -n 's/^cited //p' "$1" | awk '{ n += $1 } END { print n + 0 }')
	[ "$_n" -gt 0 ] || { echo "no citation found"; return 1; }
	! grep -v '^cited ' "$1"
}
check "$top_srcdir/vm/known-issues" >"$tmp/ki"
tap_ok "vm/known-issues: each of its $(sed -n 's/^cited //p' "$tmp/ki") citations has the table's title and first release" \
	agree "$tmp/ki"
for f in "$top_srcdir"/tests/repro/*.c; do check "$f"; done >"$tmp/repro"
tap_ok "tests/repro/*.c: each citation in their comments has the table's title and first release" \
	agree "$tmp/repro"
for f in "$top_srcdir"/workloads/bug-*.ini; do check "$f"; done >"$tmp/wl"
tap_ok "workloads/bug-*.ini: each guarded commit has the table's title and first release" \
	agree "$tmp/wl"

# The check can fail: a title off by one word, a release off by one.
sed 's/(v6\.8)/(v6.6)/' "$top_srcdir/vm/known-issues" >"$tmp/bad-release"
sed 's/"block: remove BIO_PAGE_REFFED"/"block: Add BIO_PAGE_PINNED and associated infrastructure"/' \
	"$top_srcdir/vm/known-issues" >"$tmp/bad-title"
fails() { check "$1" | grep -q "^$1: $2: "; }
tap_ok "a wrong release is caught (1b151e2435fc as v6.6)" fails "$tmp/bad-release" 1b151e2435fc
tap_ok "a wrong title is caught (e4cc64657bec)" fails "$tmp/bad-title" e4cc64657bec
tap_done
