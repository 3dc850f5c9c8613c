#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# daxrace probe --json: parses, has every field daxrace-probe(1) documents
# (and nothing it does not), types match the documentation, every yes/no
# has a reason, on a non-DAX directory dax is false with a reason, and
# probe leaves nothing behind in DIR.
. "$top_srcdir/tests/lib/tap.sh"

command -v python3 >/dev/null 2>&1 || tap_skip_all "python3 is needed to read JSON"
grep -q '^#define HAVE_JSONC 1' "$top_builddir/config.h" ||
	tap_skip_all "built without json-c: --json is not available"

work=$(mktemp -d "${TMPDIR:-/tmp}/daxrace-probe-json.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
mkdir "$work/dir"
man="$top_srcdir/man/daxrace-probe.1"

tap_plan 8

tap_expect_exit 0 "probe --json exits 0" \
	"$DAXRACE" probe --dir "$work/dir" --json
"$DAXRACE" probe --dir "$work/dir" --json >"$work/out.json" 2>"$work/err"

tap_ok "the output is one JSON object" python3 -c '
import json, sys
o = json.load(open(sys.argv[1]))
assert isinstance(o, dict), type(o)
' "$work/out.json"

# One checker, several questions; each prints what is wrong.
cat >"$work/check.py" <<'PY'
import json, os, re, sys

what, man, out, d = sys.argv[1:5]
o = json.load(open(out))
text = open(man).read()
sec = text.split(".SH JSON FIELDS", 1)[1].split("\n.SH ", 1)[0]
lines = sec.split("\n")

# Documented fields: ".B a.b.c" right after .TP/.TQ; "yes/no" in the
# paragraph that follows marks a yes/no field.
doc = {}
for i, l in enumerate(lines):
    m = re.match(r"^\.B ([a-z_0-9]+(?:\.[A-Za-z_0-9]+(?:\[\])?)+)$", l)
    if not m or lines[i - 1] not in (".TP", ".TQ"):
        continue
    para = []
    for l2 in lines[i + 1:]:
        if l2 in (".TP", ".SS") or l2.startswith(".SS "):
            break
        para.append(l2)
    doc[m.group(1)] = "yes/no" in " ".join(para)
# A .TQ group shares the paragraph after its last line, which the scan
# above reaches because it only stops at .TP and .SS.
bad = []

def values(obj, path):
    """All values at a documented path ("a.b[].c"); None when missing."""
    cur = [obj]
    for part in path.split("."):
        arr = part.endswith("[]")
        key = part[:-2] if arr else part
        nxt = []
        for c in cur:
            if not isinstance(c, dict) or key not in c:
                return None
            v = c[key]
            if arr:
                if not isinstance(v, list):
                    return None
                nxt.extend(v)
            else:
                nxt.append(v)
        cur = nxt
    return cur

def parents(obj, path):
    head, _, leaf = path.rpartition(".")
    return values(obj, head), leaf

def leaves(obj, prefix=""):
    for k, v in obj.items():
        if k.endswith("_reason"):
            continue
        p = prefix + "." + k if prefix else k
        if isinstance(v, dict):
            yield p, True
            yield from leaves(v, p)
        elif isinstance(v, list) and v and all(isinstance(e, dict) for e in v):
            yield p, True
            for e in v:
                yield from leaves(e, p + "[]")
        else:
            yield p, False

if what == "documented":
    if len(doc) < 50:
        bad.append("only %d fields parsed from the man page" % len(doc))
    for f in doc:
        if values(o, f) is None:
            bad.append("documented but missing: " + f)
elif what == "undocumented":
    for p, container in leaves(o):
        if p not in doc and not (container and p.count(".") == 0):
            bad.append("in the output but not in daxrace-probe(1): " + p)
elif what == "reasons":
    for f, yesno in doc.items():
        if not yesno:
            continue
        ps, leaf = parents(o, f)
        for p in ps or []:
            v = p.get(leaf, "missing")
            if isinstance(v, dict):
                continue  # "one yes/no per ...": checked member by member
            if v is not None and not isinstance(v, bool):
                bad.append("%s is documented yes/no but is %r" % (f, v))
            r = p.get(leaf + "_reason")
            if not isinstance(r, str) or not r.strip():
                bad.append("%s has no %s_reason" % (f, leaf))
    def orphans(obj, prefix):
        for k, v in obj.items():
            if k.endswith("_reason") and k[:-7] not in obj:
                bad.append("%s%s has no field %s" % (prefix, k, k[:-7]))
            if isinstance(v, dict):
                orphans(v, prefix + k + ".")
    orphans(o, "")
elif what == "nondax":
    real = os.path.realpath(d)
    best, opts, fstype = "", "", ""
    for l in open("/proc/self/mountinfo"):
        f = l.split()
        mp = f[4].encode().decode("unicode_escape")
        dash = f.index("-")
        if (real == mp or real.startswith(mp.rstrip("/") + "/")) and len(mp) >= len(best):
            best, opts, fstype = mp, f[5] + "," + f[dash + 3], f[dash + 1]
    if re.search(r"(^|,)dax(=always|=inode)?(,|$)", opts) or fstype == "xfs":
        print("SKIP %s on %s may be DAX (%s)" % (fstype, best, opts))
        sys.exit(0)
    dd = o["dir"]
    if dd["dax"] is not False:
        bad.append("dir.dax is %r on a non-DAX mount" % dd["dax"])
    if not dd.get("dax_reason"):
        bad.append("dir.dax has no reason")
    if dd["path"] != real:
        bad.append("dir.path %r is not %r" % (dd["path"], real))
    if dd["mountpoint"] != best:
        bad.append("dir.mountpoint %r is not %r" % (dd["mountpoint"], best))
    if dd["fstype"] != fstype:
        bad.append("dir.fstype %r is not %r" % (dd["fstype"], fstype))
    v = o["verdict"]
    if v["mode"] != "page-cache":
        bad.append("verdict.mode is %r" % v["mode"])
    for orc in ("ORDER", "GUPFAIL"):
        if v["oracles"][orc] is not False:
            bad.append("verdict.oracles.%s applies without DAX" % orc)
    if o["pmem2"]["store_granularity"] not in (None, "PAGE"):
        bad.append("pmem2 says %r on a non-DAX file" % o["pmem2"]["store_granularity"])
    if o["namespace"]["found"] is True and fstype not in ("ext4", "xfs", "ext2"):
        bad.append("a namespace found under %s" % fstype)
for b in bad:
    print(b)
sys.exit(1 if bad else 0)
PY

tap_ok "every field in daxrace-probe(1) is in the output" \
	python3 "$work/check.py" documented "$man" "$work/out.json" "$work/dir"
tap_ok "every field in the output is in daxrace-probe(1)" \
	python3 "$work/check.py" undocumented "$man" "$work/out.json" "$work/dir"
tap_ok "every yes/no is a boolean or null with a KEY_reason" \
	python3 "$work/check.py" reasons "$man" "$work/out.json" "$work/dir"
tap_ok "a non-DAX directory reports dax=false with a reason, page-cache mode" \
	python3 "$work/check.py" nondax "$man" "$work/out.json" "$work/dir"

# The verdict counts what daxrace list shows: its actors (no io_uring one,
# so no io_uring family) and its oracles (NAMESPACE is daxrace-vm's).
"$DAXRACE" list --json >"$work/list.json" 2>/dev/null
tap_ok "verdict: families and oracle count agree with daxrace list" python3 -c '
import json, re, sys
v = json.load(open(sys.argv[1]))["verdict"]
l = json.load(open(sys.argv[2]))
actors = [a["name"] for a in l["actors"]]
oracles = [o["name"] for o in l["oracles"]]
if not any("uring" in a for a in actors):
    assert "io_uring" not in v["families"], v["families"]
m = re.search(r"(\d+) of (\d+) race families can run, (\d+) of daxrace run.s (\d+) oracles apply", v["summary"])
assert m, v["summary"]
fams = [k for k in v["families"] if not k.endswith("_reason")]
assert int(m.group(2)) == len(fams), (m.group(2), fams)
assert int(m.group(4)) == len(oracles), (m.group(4), oracles)
yes = [k for k in oracles if v["oracles"][k] is True]
assert int(m.group(3)) == len(yes), (m.group(3), yes)
keys = {k for k in v["oracles"] if not k.endswith("_reason")}
assert keys - set(oracles) == {"NAMESPACE"}, keys
assert "daxrace-vm" in v["oracles"]["NAMESPACE_reason"], v["oracles"]["NAMESPACE_reason"]
' "$work/out.json" "$work/list.json"

# The temp file is unlinked as soon as it exists: nothing may remain.
tap_ok "probe leaves DIR empty" sh -c '[ -z "$(ls -A "$1")" ]' sh "$work/dir"
tap_done
