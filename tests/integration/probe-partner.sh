#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# daxrace probe --partner: a file holding written data is usable (when its
# filesystem does O_DIRECT and it is not DAX); a sparse one is not, since
# reads of holes issue no bio; without --partner it says "not given".
# probe must not change the partner.
. "$top_srcdir/tests/lib/tap.sh"

command -v python3 >/dev/null 2>&1 || tap_skip_all "python3 is needed to read JSON"
grep -q '^#define HAVE_JSONC 1' "$top_builddir/config.h" ||
	tap_skip_all "built without json-c: --json is not available"

work=$(mktemp -d "${TMPDIR:-/tmp}/daxrace-probe-partner.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
dd if=/dev/urandom of="$work/data" bs=64k count=1 2>/dev/null
truncate -s 1M "$work/sparse"
sum_before=$(cksum <"$work/data")

tap_plan 4

# field FILE EXPR: python expression over o (the JSON) must be true;
# prints the partner section when it is not.
field() {
	python3 -c '
import json, sys
o = json.load(open(sys.argv[1]))
p = o["partner"]
if not eval("(" + sys.argv[2] + ")"):
    print(json.dumps(p, indent=1))
    sys.exit(1)
' "$@"
}

"$DAXRACE" probe --dir "$work" --json --partner "$work/data" >"$work/data.json"
# A filesystem without O_DIRECT (tmpfs before 6.6) or a DAX one cannot be
# a partner at all; then only the reason is checked.
tap_ok "a non-DAX file with data: usable, or a reason why not" field "$work/data.json" '
p["given"] is True and p["type"] == "file" and p["written_data"] is True and
(p["usable"] is True and p["dax"] is False and p["o_direct"] is True or
 p["usable"] is False and (p["dax"] is True or p["o_direct"] is False) and
 p["usable_reason"])'

"$DAXRACE" probe --dir "$work" --json --partner "$work/sparse" >"$work/sparse.json"
tap_ok "a sparse file: no written data, not usable" field "$work/sparse.json" '
p["written_data"] is False and p["usable"] is False and
"bio" in p["written_data_reason"]'

"$DAXRACE" probe --dir "$work" --json >"$work/none.json"
tap_ok "no --partner: given=false, path null, usable says what run would do" \
	field "$work/none.json" '
p["given"] is False and p["path"] is None and isinstance(p["usable"], bool) and
"loop device" in p["usable_reason"]'

tap_ok "probe did not change the partner" \
	test "$(cksum <"$work/data")" = "$sum_before"
tap_done
