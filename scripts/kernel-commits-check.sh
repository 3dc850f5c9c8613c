#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# kernel-commits-check.sh GIT-DIR [TABLE]: hold tests/vm/kernel-commits.tsv
# (the commits vm/known-issues cites) to a Linux git tree: each id's
# subject must be the table's title, and the first release tag that
# contains it (git describe --contains, less its -rcN) the table's release.
# Prints one line per disagreement; exit 0 when there is none, 1 when there
# is, 2 on bad use.  Not part of "make check": it needs a kernel tree.
set -u
[ $# -ge 1 ] || { echo "usage: $0 GIT-DIR [TABLE]" >&2; exit 2; }
git=$1
table=${2:-$(dirname "$0")/../tests/vm/kernel-commits.tsv}
[ -r "$table" ] || { echo "$0: cannot read $table" >&2; exit 2; }
bad=0
tab=$(printf '\t')
while IFS="$tab" read -r id rel title _; do
	case $id in '#'* | '') continue ;; esac
	if ! subj=$(git --git-dir="$git" log -1 --format=%s "$id" 2>/dev/null); then
		echo "$id: not in $git"; bad=1; continue
	fi
	tag=$(git --git-dir="$git" describe --contains --match 'v[0-9]*' "$id" 2>/dev/null |
		sed 's/[~^].*//; s/-rc[0-9]*$//')
	[ "$subj" = "$title" ] || { echo "$id: title is \"$subj\", table says \"$title\""; bad=1; }
	[ "$tag" = "$rel" ] || { echo "$id: first release is ${tag:-none}, table says $rel"; bad=1; }
done <"$table"
exit "$bad"
