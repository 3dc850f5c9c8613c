#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# daxrace report --html OUT over a tree of three results: a short real run
# in page-cache mode (when root can run one here), a DAX ext4 guest on 6.1
# with every outcome (a new FAIL whose evidence is hostile markup, a known
# FAIL, ERROR, SKIP, an INCONCLUSIVE PASS) and an xfs-reflink guest written
# before rounds_over_time existed that lacks a scenario (an NA cell).
# python3's html.parser checks the page: well-formed, no script and no
# external reference, the grid's cells and anchors, the evidence escaped,
# a reproduce line per failure, each known issue explained once, the
# charts.  Then Debian's chromium loads it headless: no console message,
# the grid in the DOM it built, and a screenshot kept for people to look
# at in tests/artefacts/report-html/ of the build tree.  Each checker is
# shown to fire on a broken page.
. "$top_srcdir/tests/lib/tap.sh"
command -v python3 >/dev/null || tap_skip_all "python3 is needed to read the page"
tmp=$(mktemp -d "$top_builddir/report-html.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
art=$top_builddir/tests/artefacts/report-html
rm -rf "$art" && mkdir -p "$art" || exit 1
tree=$tmp/tree
mkdir -p "$tree" "$tmp/d" || exit 1

# The real run: root (kernel-mode userfaultfd, the loop partner) only.
real=
if [ "$(id -u)" = 0 ] && "$DAXRACE" run --help >/dev/null 2>&1 &&
   "$DAXRACE" run --group smoke --dir "$tmp/d" --results "$tree/real" --actor dio-read \
	--mutator punch,truncate --duration 1s >"$tmp/run.out" 2>&1; then
	real=1
fi

PYTHONPATH=$top_srcdir/tests/integration python3 - "$tree" <<'PY' || exit 1
import copy, json, os, sys
from result_fixture import guest, scenario
top = sys.argv[1]
def hist(*buckets):
    n = sum(c for _, c in buckets)
    return {"unit": "ns", "count": n, "min_ns": buckets[0][0] if n else None,
            "max_ns": 2 * buckets[-1][0] - 1 if n else None,
            "mean_ns": buckets[0][0] if n else None,
            "p50_ns": buckets[0][0] * 2 if n else None,
            "p90_ns": buckets[-1][0] * 2 if n else None,
            "p99_ns": buckets[-1][0] * 2 if n else None,
            "buckets": [{"ge_ns": g, "lt_ns": 2 * g, "count": c} for g, c in buckets]}
pace = {"start_s": 0.05, "step_s": 0.1, "span_s": 1.03,
        "rounds": [40, 52, 50, 48, 10, 0, 45, 50, 51, 49, 2]}
def sc(name, status, reason, **kw):
    d = {"rounds": 397, "confirmed_holds": 397, "duration_s": 1.1,
         "latency": {"hold_to_mutator_return": hist((8192, 300), (16384, 90), (131072, 7)),
                     "release_to_mutator_return": hist((4096, 200), (8192, 10))},
         "rounds_over_time": pace}
    d.update(kw)
    return scenario(name, status, reason, **d)
hostile = ('[  12.5] kernel: <script>alert("evidence")</script> & <img src=x onerror=alert(1)>'
           ' "quoted" </pre></details></section> <!-- comment --> end')
fail = sc("dio-read.punch.uffd", "FAIL", "TAG fired <b>1 & 2</b>")
fail["oracles"]["TAG"] = {"verdict": "FAIL", "reason": "TAG <fired>"}
fail["violations"] = [{"oracle": "TAG", "round": 7, "at_s": 0.47, "known": False,
                       "known_issue": None, "summary": "FOREIGN <tag> & \"more\"",
                       "evidence": hostile}]
fail["violations_dropped"] = 3
inc = sc("dio-read.truncate.uffd", "PASS", "50 confirmed holds in 100 rounds")
inc["oracles"]["SPACE"] = {"verdict": "INCONCLUSIVE", "reason": "fs disturbed"}
inc["oracles"]["ORDER"] = {"verdict": "NA", "reason": "page-cache mode"}
def known(name):
    k = sc(name, "FAIL", "LIVE fired", known=True, known_issue="k-1")
    k["oracles"]["LIVE"] = {"verdict": "FAIL", "reason": "stuck"}
    k["violations"] = [{"oracle": "LIVE", "round": 1, "at_s": 0.9, "known": True,
                        "known_issue": "k-1", "summary": "stuck in dax_layout_busy_page",
                        "evidence": "[<0>] dax_layout_busy_page+0x1/0x2"}]
    return k
root = guest(
    [sc("dio-write.truncate.uffd", "PASS", "397 confirmed holds in 397 rounds"),
     inc, fail, known("dio-write.punch.uffd"), known("aio-write.punch.uffd"),
     sc("aio-read.punch.uffd", "ERROR", "setup failed: EIO", rounds_over_time=None),
     sc("uring-read.punch.uffd", "SKIP", "no io_uring <here>",
        rounds=0, confirmed_holds=0, rounds_over_time=None,
        latency={"hold_to_mutator_return": hist(),
                 "release_to_mutator_return": hist()})],
    {"scenarios": 7, "pass": 2, "fail": 3, "known": 2, "skip": 1,
     "error": 1, "violations": 3, "rounds": 2000, "confirmed_holds": 2000},
    exit_status=1, explanation="EXPLAINED-ONCE pages stay pinned", duration_s=1.0)
def write(r, word):
    d = os.path.join(top, "vm", word, "results", "20261201-000000-s5")
    os.makedirs(d)
    json.dump(r, open(os.path.join(d, "result.json"), "w"), indent=1)
write(root, "ext4")
# An older xfs-reflink guest: all pass, no rounds_over_time, one scenario fewer.
x = copy.deepcopy(root)
x["fs"], x["vm"]["fs"] = "xfs", "xfs-reflink"
x["vm"]["command"] = "daxrace-vm --kernel-package 6.1 --fs xfs-reflink"
x["exit_status"], x["result"] = 0, "PASS"
x["known_issues"]["matched"] = {}
x["scenarios"] = [sc(n, "PASS", "397 confirmed holds in 397 rounds")
                  for n in ("dio-write.truncate.uffd", "dio-read.truncate.uffd",
                            "dio-read.punch.uffd", "dio-write.punch.uffd",
                            "aio-write.punch.uffd", "aio-read.punch.uffd")]
for s in x["scenarios"]:
    del s["rounds_over_time"]
write(x, "xfs-reflink")
PY

# check.py PAGE [REAL]: the page's structure (prints why it is refused).
cat >"$tmp/check.py" <<'PY'
import sys
from html.parser import HTMLParser
VOID = {"meta", "br", "hr", "img", "input", "link", "wbr", "col", "source"}
SVG_EMPTY = {"path", "rect", "line", "circle"}
class Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.ids, self.hrefs, self.bad = [], {}, [], []
        self.tags, self.cells, self.text = [], [], {}
        self.cur_cell = None
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag in ("script", "link", "iframe", "object", "embed", "img", "base"):
            self.bad.append("element <%s>" % tag)
        for k, v in attrs:
            if k.startswith("on") or k in ("src", "srcset", "action", "xlink:href"):
                self.bad.append("attribute %s=%r" % (k, v))
        if "id" in a:
            if a["id"] in self.ids:
                self.bad.append("duplicate id %r" % a["id"])
            self.ids[a["id"]] = tag
        if "href" in a:
            self.hrefs.append(a["href"])
        if tag == "td" and (a.get("class") or "").startswith("v-"): # the grid's
            self.cur_cell = [a.get("class"), None, ""]
            self.cells.append(self.cur_cell)
        if tag == "a" and self.cur_cell is not None:
            self.cur_cell[1] = a.get("href")
        if tag not in VOID:
            self.stack.append((tag, a))
    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()
    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1][0] != tag:
            self.bad.append("</%s> closes %r" % (tag, self.stack[-1][0] if self.stack else None))
            return
        self.stack.pop()
        if tag == "td":
            self.cur_cell = None
    def handle_data(self, data):
        if self.cur_cell is not None:
            self.cur_cell[2] += data
        for t, a in self.stack:
            k = (t, a.get("class"))
            self.text[k] = self.text.get(k, "") + data
raw = open(sys.argv[1], "rb").read().decode("utf-8")
p = Page()
p.feed(raw)
p.close()
if p.stack:
    p.bad.append("never closed: %r" % [t for t, _ in p.stack])
if not raw.startswith("<!DOCTYPE html>"):
    p.bad.append("no doctype")
# Nothing the browser would fetch: no URL, no CSS import or url().
for pat in ("http://", "https://", "url(", "@import", "<script"):
    if pat in raw.lower():
        p.bad.append("%s in the page" % pat)
for h in p.hrefs:
    if not h.startswith("#") or h[1:] not in p.ids:
        p.bad.append("href %r is not an anchor of the page" % h)
for b in p.bad[:10]:
    print("#", b)
sys.exit(1 if p.bad else 0)
PY
page() { python3 "$tmp/check.py" "$1"; }
# on PYTHON: runs PYTHON with p, the parsed page, and raw, its text.
on() {
	python3 -c "
import sys
sys.argv = ['check.py', sys.argv[1]]
src = open('$tmp/check.py').read().replace('sys.exit(1 if p.bad else 0)', '')
exec(src)
$1" "$art/index.html"
}
fails() { ! "$@" >/dev/null 2>&1; }

tap_plan 19
"$DAXRACE" report "$tree" --html "$art" --junit "$tmp/j.xml" >"$tmp/stdout" 2>"$tmp/err"
rc=$?
tap_ok "writes OUT/index.html (exit $rc)" sh -c '[ "$1" -eq 0 ] && [ -s "$2/index.html" ] &&
	[ -z "$(ls -A "$2" | grep -v "^index.html$")" ] || { cat "$3"; exit 1; }' \
	sh "$rc" "$art" "$tmp/err"
tap_ok "well-formed; no script, no external reference, every link an anchor of the page" \
	page "$art/index.html"
# (src= in the escaped evidence is text: no "<" before it.)
tap_ok "no URL at all: no http://, https://, src= or external href=" sh -c '
! grep -Eq "https?://|<[^>]*[[:space:]]src=|href=\"[^#]" "$1"' sh "$art/index.html"
nrows=2
[ -n "$real" ] && nrows=3
tap_ok "the grid: a row per kernel/fs/mode, a column per scenario id" on "
rows = [a for t, a in p.tags if t == 'th' and a.get('class') == 'row']
cols = [a for t, a in p.tags if t == 'th' and a.get('class') == 'col']
assert len(rows) == $nrows, len(rows)
ncols = 7 # the real run's scenarios are among the guests'
assert len(cols) == ncols, len(cols)
assert len(p.cells) == $nrows * ncols, len(p.cells)
g = p.text[('th', 'row')]
assert '6.1.0-56-amd64 / ext4 / DAX' in g and '6.1.0-56-amd64 / xfs-reflink / DAX' in g, g
assert not '$real' or ' / page cache' in g, g"
tap_ok "cells coloured PASS, FAIL new, FAIL known, ERROR, SKIP, INCONCLUSIVE, NA" on "
c = {}
for cls, href, text in p.cells:
    c.setdefault(cls, []).append((href, text.strip()))
want = {'v-pass': 1 + 6, 'v-fail': 1, 'v-known': 2, 'v-error': 1, 'v-skip': 1,
        'v-inconclusive': 1, 'v-na': 1}
got = {k: len(v) for k, v in c.items()}
assert got['v-na'] == 1 + (5 if '$real' else 0), got
for k, n in want.items():
    assert got.get(k, 0) >= n, (k, got)
assert got['v-fail'] == 1 and got['v-known'] == 2, got
assert [t for h, t in c['v-fail']] == ['NEW'] and {t for h, t in c['v-known']} == {'known'}
assert all(h is None for h, t in c['v-na']) and all(h for k in c if k != 'v-na' for h, t in c[k])"
tap_ok "each cell links to its scenario's section, which names it" on "
for cls, href, text in p.cells:
    if href:
        assert p.ids[href[1:]] == 'section', href
ids = [a['id'] for t, a in p.tags if t == 'section' and 'sc' in a.get('class', '').split()]
assert len(ids) == 7 + 6 + (2 if '$real' else 0), len(ids)
assert '<section class=\"sc v-fail\" id=\"r%d-s2\">' % (1 if '$real' else 0) in raw"
tap_ok "hostile evidence is text: no element from it, every character kept" on "
ev = p.text[('pre', 'evidence')]
assert '<script>alert(\"evidence\")</script> & <img src=x onerror=alert(1)>' in ev, ev[:300]
assert '</pre></details></section> <!-- comment -->' in ev
assert '&lt;script&gt;alert(' in raw and '<script' not in raw
assert 'TAG fired <b>1 & 2</b>' in p.text[('p', 'reason')]"
tap_ok "violations one click away: a <details> per violation, evidence inside" on "
d = raw.count('<details class=\"viol\"><summary>')
assert d == 3, d
assert 'FOREIGN &lt;tag&gt; &amp; &quot;more&quot;' in raw
assert '3 more violations were counted but not kept' in raw
assert raw.count('class=\"badge v-fail\">new</span>') == 1"
tap_ok "a reproduce line for every failure, the one result.json's facts give" on "
r = p.text[('p', 'repro')]
assert 'reproduce: daxrace-vm --kernel-package 6.1 --fs ext4 -- --group smoke --actor dio-read --mutator punch --stall uffd --jobs 1 --pages 4 --seed 5 --rounds 397 --watchdog 30s' in r, r[:400]
assert 'daxrace-vm --kernel-package 6.1 --fs ext4 -- --group smoke --actor aio-read --mutator punch' in r
assert 'daxrace-vm --kernel-package 6.1 --fs ext4 -- --group smoke --actor aio-write --mutator punch' in r"
tap_ok "a known issue is explained once per run; its FAILs link to it" on "
assert raw.count('EXPLAINED-ONCE pages stay pinned') == 1, raw.count('EXPLAINED-ONCE')
assert 'abc123 &lt;fix&gt; &amp; co' in raw
n = sum(1 for h in p.hrefs if h == '#r%d-k0' % (1 if '$real' else 0))
assert n == 4, n"
tap_ok "latency histograms and rounds over time as inline SVG" on "
svgs = [a for t, a in p.tags if t == 'svg']
titles = p.text.get(('svg', 'chart'), '')
assert 'hold to return: 397 samples' in titles and 'release to return: 210 samples' in titles
assert 'rounds over time: 397 rounds in 1.03 s, steps of 0.1 s' in titles, titles[:300]
assert sum(1 for t, a in p.tags if t == 'rect' and a.get('class') == 'bar') >= 5 * 12
assert any(t == 'path' and a.get('class') == 'viol' for t, a in p.tags)
assert 'uring-read.punch.uffd' in raw and 'hold to return: no samples' in raw"
tap_ok "a result without rounds over time says so" on "
assert raw.count('rounds over time: not recorded by this run (written before daxrace recorded it)') == 6
assert raw.count('rounds over time: not recorded by this run (its jobs never started)') == 2"
if [ -n "$real" ]; then
	tap_ok "the real run: its row, histogram and rounds over time drawn" on "
assert p.ids.get('r0-s0') == 'section' and p.ids.get('r0-s1') == 'section'
sec = raw[raw.index('id=\"r0-s0\"'):raw.index('id=\"r0-s1\"')]
assert 'smoke/dio-read.punch.uffd' in sec
assert 'hold to return: ' in sec and ' samples, p50 ' in sec, sec[:2000]
assert 'rounds over time: ' in sec and 'class=\"bar\" d=\"M' in sec, sec[:2000]"
else
	tap_skip "the real run: its row, histogram and rounds over time drawn" \
		"no real run here (needs root and daxrace run): $(head -1 "$tmp/run.out" 2>/dev/null)"
fi

# The checker fires: unescaped evidence, an external image, a broken link.
sed 's/&lt;script&gt;/<script>/' "$art/index.html" >"$tmp/bad1.html"
sed 's|</h1>|</h1><img src="https://example.com/x.png">|' "$art/index.html" >"$tmp/bad2.html"
sed 's|href="#grid"|href="#nowhere"|' "$art/index.html" >"$tmp/bad3.html"
tap_ok "page checker: unescaped markup, an external image, a dangling link are refused" \
	sh -c 'for f; do ! python3 "$0" "$f" >/dev/null || exit 1; done' \
	"$tmp/check.py" "$tmp/bad1.html" "$tmp/bad2.html" "$tmp/bad3.html"

printf 'x\n' >"$tmp/file"
tap_ok "--html onto a file, under a missing parent, or with --compare: exit 2" sh -c '
"$1" report "$2" --html "$3/file" >/dev/null 2>&1; a=$?
"$1" report "$2" --html "$3/no/such" >/dev/null 2>&1; b=$?
"$1" report --compare "$2" "$2" --html "$3/h" >/dev/null 2>&1; c=$?
[ "$a$b$c" = 222 ] && [ "$(cat "$3/file")" = x ] && [ ! -e "$3/h" ]' \
	sh "$DAXRACE" "$tree" "$tmp"

# Under --strict a known FAIL fails the run, but is still not new.
mkdir -p "$tmp/strict" && python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
d["strict"] = True
json.dump(d, open(sys.argv[2], "w"))' "$(ls "$tree"/vm/ext4/results/*/result.json)" \
	"$tmp/strict/result.json"
"$DAXRACE" report "$tmp/strict" --html "$tmp/strict-html" >/dev/null 2>&1
tap_ok "--strict: a known FAIL is still known, and said to fail the run" sh -c '
[ "$(grep -o "<td class=\"v-known\">" "$1")" = "$(printf "%s\n%s" "<td class=\"v-known\">" "<td class=\"v-known\">")" ] &&
[ "$(grep -c "(it fails the run: --strict)" "$1")" -eq 2 ] &&
[ "$(grep -o "<td class=\"v-fail\">" "$1" | wc -l)" -eq 1 ]' sh "$tmp/strict-html/index.html"

# The browser: Debian's chromium, headless, as root only without its sandbox.
chromium=$(command -v chromium || true)
[ -x /usr/bin/chromium ] && chromium=/usr/bin/chromium
browse() { # URL ARGS...: chromium's DOM on stdout, its log in $tmp/browser.log
	_u=$1; shift
	timeout 120 "$chromium" --headless=new --no-sandbox --disable-gpu \
		--user-data-dir="$tmp/profile" --no-first-run --disable-extensions \
		--enable-logging=stderr --v=0 "$@" "$_u" 2>"$tmp/browser.log"
}
# clean: the log holds no console message (the page has no script, so
# any is an error) and no failed load.
clean() {
	! grep -E ':CONSOLE|Uncaught|Failed to load|ERR_' "$tmp/browser.log"
}
if [ -n "$chromium" ]; then
	browse "file://$art/index.html" --dump-dom >"$art/dom.html" &&
		cp "$tmp/browser.log" "$art/chromium-dom.log"
	tap_ok "chromium loads the page without a console error, and builds the grid" sh -c '
	clean_log=$(grep -E ":CONSOLE|Uncaught|Failed to load|ERR_" "$1") && { echo "$clean_log"; exit 1; }
	grep -q "<table class=\"grid\">" "$2" &&
	[ "$(grep -o "<td class=\"v-" "$2" | wc -l)" -eq "$3" ] ||
		{ echo "no grid of $3 cells in the DOM"; head -c 600 "$2"; echo; exit 1; }' \
		sh "$tmp/browser.log" "$art/dom.html" "$(on 'print(len(p.cells))' 2>/dev/null)"
	printf '<!DOCTYPE html><p>x</p><script>nosuchfn();</script>\n' >"$tmp/bad.html"
	browse "file://$tmp/bad.html" --dump-dom >/dev/null
	tap_ok "browser checker: a page with a script error is caught" fails clean
	browse "file://$art/index.html" --hide-scrollbars --window-size=1280,2000 \
		--screenshot="$art/report.png" >/dev/null
	cp "$tmp/browser.log" "$art/chromium-screenshot.log"
	tap_ok "a screenshot of the page: $art/report.png" python3 -c '
import sys
b = open(sys.argv[1], "rb").read()
assert b[:8] == b"\x89PNG\r\n\x1a\n", b[:8]
w, h = int.from_bytes(b[16:20], "big"), int.from_bytes(b[20:24], "big")
assert (w, h) == (1280, 2000), (w, h)
assert len(b) > 20000, len(b)' "$art/report.png"
else
	for t in "chromium loads the page without a console error" \
		 "browser checker: a page with a script error is caught" \
		 "a screenshot of the page"; do
		tap_skip "$t" "chromium is not installed (scripts/install-deps.sh installs it)"
	done
fi
tap_done
