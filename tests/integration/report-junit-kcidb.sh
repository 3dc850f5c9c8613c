#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# daxrace report --junit and --kcidb over a daxrace-vm-like tree of two
# results (ext4, xfs-reflink) holding every outcome: PASS, PASS with an
# INCONCLUSIVE oracle, FAIL with hostile evidence (markup, quotes, "]]>",
# control characters, bytes that are not UTF-8, 100 KiB of it), a known
# FAIL, ERROR and SKIP.  The JUnit file is read with a real XML parser
# (python3 xml.etree) and its structure and counts checked; the KCIDB file
# is validated against the vendored kcidb-io v5.3 schema (python3-jsonschema)
# and its statuses, paths and numbers checked.  Each checker is shown to
# fire on a broken file.
. "$top_srcdir/tests/lib/tap.sh"
command -v python3 >/dev/null || tap_skip_all "python3 is needed to read XML and JSON"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/report-junit-kcidb.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
schema=$top_srcdir/tests/kcidb/kcidb-io.schema.v5.3.json

# Two result.json files, written as raw bytes (one evidence byte is 0xff).
PYTHONPATH=$top_srcdir/tests/integration python3 - "$tmp" <<'PY' || exit 1
import copy, json, os, sys
from result_fixture import guest, scenario
top = sys.argv[1]
hist = {"unit": "ns", "count": 0, "min_ns": None, "max_ns": None, "mean_ns": None,
        "p50_ns": None, "p90_ns": None, "p99_ns": None, "buckets": []}
def sc(name, status, reason, **kw):
    kw.setdefault("latency", {"hold_to_mutator_return": hist,
                              "release_to_mutator_return": hist})
    return scenario(name, status, reason, **kw)
hostile = ('<b>&amp;</b> "quoted" \'single\' ]]> tab\there\x01\x1b[0m \ufffe end '
           'BADBYTE ' + "kernel: x" * 12000)
fail = sc("dio-read.punch.uffd", "FAIL", "TAG fired <1 & 2>")
fail["oracles"]["TAG"] = {"verdict": "FAIL", "reason": "TAG <fired>"}
fail["violations"] = [{"oracle": "TAG", "round": 7, "at_s": 1.0, "known": False,
                       "known_issue": None, "summary": "FOREIGN <tag> & \"more\"",
                       "evidence": hostile}]
inc = sc("dio-read.truncate.uffd", "PASS", "50 confirmed holds in 100 rounds")
inc["oracles"]["SPACE"] = {"verdict": "INCONCLUSIVE", "reason": "fs disturbed"}
inc["oracles"]["ORDER"] = {"verdict": "NA", "reason": "page-cache mode"}
known = sc("dio-write.punch.uffd", "FAIL", "LIVE fired", known=True, known_issue="k-1")
known["oracles"]["LIVE"] = {"verdict": "FAIL", "reason": "stuck"}
known["violations"] = [{"oracle": "LIVE", "round": 1, "at_s": 1.0, "known": True,
                        "known_issue": "k-1", "summary": "stuck in dax_layout_busy_page",
                        "evidence": "[<0>] dax_layout_busy_page+0x1/0x2"}]
root = guest(
    [sc("dio-write.truncate.uffd", "PASS", "50 confirmed holds in 100 rounds"),
     inc, fail, known,
     sc("aio-read.punch.uffd", "ERROR", "setup failed: EIO"),
     sc("uring-read.punch.uffd", "SKIP", "no io_uring <here>",
        rounds=0, confirmed_holds=0)],
    {"scenarios": 6, "pass": 2, "fail": 2, "known": 1, "skip": 1,
     "error": 1, "violations": 2, "rounds": 400, "confirmed_holds": 200},
    exit_status=0, explanation="pages stay pinned", duration_s=2.0)
for fs, word in (("ext4", "ext4"), ("xfs-reflink", "xfs-reflink")):
    r = copy.deepcopy(root)
    r["fs"] = fs.split("-")[0]
    r["vm"]["fs"] = word
    r["vm"]["command"] = "daxrace-vm --kernel-package 6.1 --fs " + word
    d = os.path.join(top, "vm", word, "results", "20261201-000000-s5")
    os.makedirs(d)
    raw = json.dumps(r, indent=1).encode().replace(b"BADBYTE", b"\xff\xfe")
    open(os.path.join(d, "result.json"), "wb").write(raw)
PY

have_jsonschema=
python3 -c 'import jsonschema' 2>/dev/null && have_jsonschema=1

tap_plan 15
"$DAXRACE" report "$tmp/vm" --junit "$tmp/out.xml" --kcidb "$tmp/out.json" \
	>"$tmp/stdout" 2>"$tmp/err"
rc=$?
tap_ok "writes both files (exit $rc)" sh -c '[ "$1" -eq 0 ] && [ -s "$2" ] && [ -s "$3" ] ||
	{ cat "$4"; exit 1; }' sh "$rc" "$tmp/out.xml" "$tmp/out.json" "$tmp/err"
tap_ok "and still prints the human report of both" sh -c \
	'[ "$(grep -c "^==> " "$1")" -eq 2 ]' sh "$tmp/stdout"

junit() { # PYTHON: with t, the root of out.xml
	python3 -c "
import sys, xml.etree.ElementTree as ET
t = ET.parse(sys.argv[1]).getroot()
$1" "${2:-$tmp/out.xml}"
}
tap_ok "JUnit: a real XML parser reads it; a testsuite per kernel/fs" junit '
assert t.tag == "testsuites", t.tag
names = [s.get("name") for s in t.findall("testsuite")]
assert names == ["6.1.0-56-amd64/ext4", "6.1.0-56-amd64/xfs-reflink"], names'
tap_ok "JUnit: a testcase per scenario; counts match the elements" junit '
for s in [t] + t.findall("testsuite"):
    cases = s.iter("testcase")
    cases = list(cases)
    n = {k: sum(1 for c in cases if c.find(k) is not None)
         for k in ("failure", "error", "skipped")}
    assert int(s.get("tests")) == len(cases), (s.get("tests"), len(cases))
    assert int(s.get("failures")) == n["failure"], s.attrib
    assert int(s.get("errors")) == n["error"], s.attrib
    assert int(s.get("skipped")) == n["skipped"], s.attrib
s = t.find("testsuite")
assert len(list(s.iter("testcase"))) == 6
assert (s.get("failures"), s.get("errors"), s.get("skipped")) == ("1", "1", "3"), s.attrib'
tap_ok "JUnit: FAIL, ERROR, SKIP, known and INCONCLUSIVE as failure, error, skipped" junit '
c = {e.get("name"): e for e in t.find("testsuite").iter("testcase")}
assert c["smoke/dio-read.punch.uffd"].find("failure") is not None
assert c["smoke/aio-read.punch.uffd"].find("error").get("message") == "setup failed: EIO"
assert c["smoke/uring-read.punch.uffd"].find("skipped").get("message") == "no io_uring <here>"
assert "known kernel issue k-1" in c["smoke/dio-write.punch.uffd"].find("skipped").get("message")
assert c["smoke/dio-read.truncate.uffd"].find("skipped").get("message").startswith("inconclusive: SPACE")
p = c["smoke/dio-write.truncate.uffd"]
assert [x.tag for x in p] == ["system-out"], [x.tag for x in p]'
tap_ok "JUnit: hostile evidence survives escaping, invalid characters stripped" junit '
f = [e for e in t.find("testsuite").iter("testcase")
     if e.get("name") == "smoke/dio-read.punch.uffd"][0].find("failure")
x = f.text
assert "<b>&amp;</b> \"quoted\" '"'"'single'"'"' ]]> tab\there" in x, x[:200]
assert "\x01" not in x and "\x1b" not in x and "\ufffe" not in x, repr(x[:200])
assert "[0m" in x and "\ufffd\ufffd" in x, repr(x[:200])
assert "FOREIGN <tag> & \"more\"" in x and "TAG round 7" in x
assert x.count("kernel: x") == 12000
assert f.get("message") == "TAG fired <1 & 2>" and f.get("type") == "TAG", f.attrib'
tap_ok "JUnit: system-out carries the reproduce command" junit '
c = {e.get("name"): e for e in t.find("testsuite").iter("testcase")}
o = c["smoke/dio-read.punch.uffd"].find("system-out").text
assert "reproduce: daxrace-vm --kernel-package 6.1 --fs ext4 -- --group smoke --actor dio-read --mutator punch --stall uffd --jobs 1 --pages 4 --seed 5 --rounds 100 --watchdog 30s\n" in o, o
assert "pages stay pinned" in c["smoke/dio-write.punch.uffd"].find("system-out").text'
# The checker fires: the same text written without escaping is refused.
printf '<testsuites><testsuite><testcase><failure>a < b & "c"</failure></testcase></testsuite></testsuites>' \
	>"$tmp/bad.xml"
fails() { ! "$@" >/dev/null 2>&1; }
tap_ok "JUnit checker: an unescaped file is refused" fails junit "pass" "$tmp/bad.xml"

kcidb() { # PYTHON: with d, the parsed out.json
	python3 -c "
import json, sys
d = json.load(open(sys.argv[1], encoding='utf-8'))
$1" "${2:-$tmp/out.json}"
}
validate() { # FILE: against the vendored kcidb-io v5.3 schema
	python3 -c '
import json, sys, jsonschema
s = json.load(open(sys.argv[2]))
v = jsonschema.Draft7Validator(s, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
errs = list(v.iter_errors(json.load(open(sys.argv[1], encoding="utf-8"))))
for e in errs[:5]:
    print("#", list(e.absolute_path), e.message[:200])
sys.exit(1 if errs else 0)' "$1" "$schema"
}
if [ -n "$have_jsonschema" ]; then
	tap_ok "KCIDB: valid against the kcidb-io v5.3 schema" validate "$tmp/out.json"
	kcidb 'd["tests"][0]["status"] = "BROKEN"; d["tests"][1]["path"] = "a..b"
json.dump(d, open(sys.argv[1] + ".bad", "w"))' && true
	tap_ok "KCIDB checker: a broken status and path are refused" \
		fails validate "$tmp/out.json.bad"
else
	tap_skip "KCIDB: valid against the kcidb-io v5.3 schema" "python3-jsonschema is not installed"
	tap_skip "KCIDB checker: a broken file is refused" "python3-jsonschema is not installed"
fi
tap_ok "KCIDB: dot paths, statuses mapped (INCONCLUSIVE ERROR, NA SKIP, known FAIL)" kcidb '
t = {x["path"]: x for x in d["tests"]}
assert d["version"] == {"major": 5, "minor": 3}
assert t["daxrace.ext4.dio-read.punch.uffd"]["status"] == "FAIL"
assert t["daxrace.xfs-reflink.dio-read.punch.uffd"]["status"] == "FAIL"
assert t["daxrace.ext4.dio-read.punch.uffd.TAG"]["status"] == "FAIL"
assert t["daxrace.ext4.dio-read.truncate.uffd"]["status"] == "ERROR"
assert t["daxrace.ext4.dio-read.truncate.uffd.SPACE"]["status"] == "ERROR"
assert t["daxrace.ext4.dio-read.truncate.uffd.ORDER"]["status"] == "SKIP"
assert t["daxrace.ext4.dio-read.truncate.uffd.TAG"]["status"] == "PASS"
assert t["daxrace.ext4.dio-write.punch.uffd"]["status"] == "FAIL"
assert t["daxrace.ext4.aio-read.punch.uffd"]["status"] == "ERROR"
assert t["daxrace.ext4.uring-read.punch.uffd"]["status"] == "SKIP"
assert t["daxrace.ext4.dio-write.truncate.uffd"]["status"] == "PASS"
assert len(d["tests"]) == 2 * 6 * 7, len(d["tests"])
assert len({x["id"] for x in d["tests"]}) == len(d["tests"]), "ids not unique"'
tap_ok "KCIDB: holds/s as a number with its unit; a cut, cleaned log excerpt" kcidb '
t = {x["path"]: x for x in d["tests"]}
p = t["daxrace.ext4.dio-write.truncate.uffd"]
assert p["number"] == {"value": 25.0, "unit": "holds/s"}, p.get("number")
assert "number" not in t["daxrace.ext4.uring-read.punch.uffd"]
f = t["daxrace.ext4.dio-read.punch.uffd"]["log_excerpt"]
assert 16000 < len(f) <= 16384 and f.endswith("..."), len(f)
assert f.startswith("reproduce: daxrace-vm --kernel-package 6.1 --fs ext4 -- --group smoke --actor dio-read"), f[:100]
assert "\ufffd\ufffd" in f and "<b>&amp;</b>" in f'
tap_ok "KCIDB: build, checkout, and the known issue as an issue and incident" kcidb '
assert [b["id"] for b in d["builds"]] == ["daxrace:6.1.0-56-amd64"], d["builds"]
assert d["builds"][0]["checkout_id"] == d["checkouts"][0]["id"]
assert [i["id"] for i in d["issues"]] == ["daxrace:k-1"], d["issues"]
inc = d["incidents"]
assert len(inc) == 2 and all(i["issue_id"] == "daxrace:k-1" for i in inc), inc
tests = {x["id"] for x in d["tests"]}
assert all(i["test_id"] in tests for i in inc)'
"$DAXRACE" report "$tmp/vm" --kcidb "$tmp/o2.json" --kcidb-origin lab_7 \
	--kcidb-build-id maestro:abc --kcidb-checkout-id maestro:c1 >/dev/null 2>&1
tap_ok "KCIDB: ids from the options; another origin's build is referred to only" kcidb '
assert all(x["origin"] == "lab_7" and x["build_id"] == "maestro:abc" and
           x["id"].startswith("lab_7:") for x in d["tests"])
assert d["builds"] == [] and d["checkouts"] == [], (d["builds"], d["checkouts"])' "$tmp/o2.json"
tap_ok "bad --kcidb-origin, a bad id, or --kcidb-origin without --kcidb: exit 2" sh -c '
"$1" report "$2" --kcidb "$3/o3.json" --kcidb-origin Lab >/dev/null 2>&1; a=$?
"$1" report "$2" --kcidb "$3/o3.json" --kcidb-build-id nocolon >/dev/null 2>&1; b=$?
"$1" report "$2" --kcidb-origin lab >/dev/null 2>&1; c=$?
[ "$a$b$c" = 222 ] && [ ! -e "$3/o3.json" ]' sh "$DAXRACE" "$tmp/vm" "$tmp"
tap_done
