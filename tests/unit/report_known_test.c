// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The known-issues file: a good file parses into the fields; each kind of
 * bad input is one "FILE:LINE: field: ..." error on the right line; the
 * matcher's release ranges (boundaries, Debian release strings, 6.9 vs
 * 6.12), fs lists, globs and oracles; evidence regexes, per violation;
 * and what a known FAIL does to a group's exit status.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/exitcode.h"
#include "known/known.h"
#include "tap.h"

/* Parses text as "t.ini"; the error line (if any) lands in err. */
static int parse(struct dr_known_issues *ki, const char *text, char *err, size_t len)
{
	FILE *cap = tmpfile();
	int saved = dup(2), ret;
	size_t n;

	fflush(stderr);
	dup2(fileno(cap), 2);
	ret = dr_known_parse_buffer(ki, "t.ini", text, strlen(text));
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	rewind(cap);
	n = fread(err, 1, len - 1, cap);
	err[n] = '\0';
	if (n && err[n - 1] == '\n')
		err[n - 1] = '\0';
	fclose(cap);
	return ret;
}

#define ENTRY "fix = none\nexplanation = x\n"

static const struct {
	const char *text, *want;
} bad[] = {
	{ "oracle = TAG\n", "t.ini:1: oracle: outside a section" },
	{ "[a]\nkernel = 6.1\n", "t.ini:2: kernel: '6.1' is not LOW..HIGH" },
	{ "[a]\nkernel = v6.1..\n", "t.ini:2: kernel: 'v6.1..' is not LOW..HIGH" },
	{ "[a]\nkernel = 6.1...6.2\n", "t.ini:2: kernel:" },
	{ "[a]\n# c\nfs = ext4, xfs\n", "t.ini:3: fs: 'ext4, xfs' is not a comma list" },
	{ "[a]\nfs = ext5\n", "t.ini:2: fs: 'ext5'" },
	{ "[a]\nfs = ext4,*\n", "t.ini:2: fs: 'ext4,*'" },
	{ "[a]\nfs = ext4,ext4\n", "t.ini:2: fs:" },
	{ "[a]\nscenario = dio-[!r]*\n", "t.ini:2: scenario: 'dio-[!r]*'" },
	{ "[a]\nscenario = dio\\*\n", "t.ini:2: scenario:" },
	{ "[a]\nscenario = dio-[rw\n", "t.ini:2: scenario:" },
	{ "[a]\nscenario = dio.* # x\n", "t.ini:2: scenario:" },
	{ "[a]\nscenario = dio-*,\n", "t.ini:2: scenario: 'dio-*,'" },
	{ "[a]\nscenario = dio-*,,uring-*\n", "t.ini:2: scenario:" },
	{ "[a]\nscenario = dio-*, uring-*\n", "t.ini:2: scenario:" },
	{ "[a]\noracle = tag\n", "t.ini:2: oracle: 'tag' is not one of" },
	{ "[a]\nOracle = TAG\n", "t.ini:2: unknown key 'Oracle'" },
	{ "[a]\nexplaination = x\n", "t.ini:2: unknown key 'explaination'" },
	{ "[a]\noracle = TAG\noracle = LIVE\n", "t.ini:3: oracle: given twice in [a]" },
	{ "[a]\nreproducer = /tmp/r.c\n", "t.ini:2: reproducer: '/tmp/r.c'" },
	{ "[a]\nfix =\n", "t.ini:2: fix: empty value" },
	{ "[a]\noracle = TAG\n  more\n", "t.ini:3: line starts with whitespace" },
	{ "[a]\nscenario = *\n\t.uffd\n", "t.ini:3: line starts with whitespace" },
	{ "  text\n", "t.ini:1: line starts with whitespace" },
	{ "[a]\noracle TAG\n", "t.ini:2: expected KEY = VALUE" },
	{ "[a] \n", "t.ini:1: section header: must end with ']'" },
	{ "[a b]\n", "t.ini:1: section name 'a b'" },
	{ "[a]\r\n", "t.ini:1: carriage return" },
	{ "[a]\nkernel = ..\nfs = *\nscenario = *\noracle = TAG\n" ENTRY "[a]\n",
	  "t.ini:8: [a]: already defined at line 1" },
	{ "# x\n[a]\nkernel = ..\nfs = *\nscenario = *\noracle = TAG\nexplanation = x\n",
	  "t.ini:2: [a]: missing key 'fix'" },
	{ "[a]\nkernel = ..\nfs = *\nscenario = *\n" ENTRY "[b]\n",
	  "t.ini:1: [a]: missing key 'oracle'" },
	/* evidence: what regcomp refuses, and what awk would read otherwise */
	{ "[a]\n\nevidence = bio_(iov\n", "t.ini:3: evidence: 'bio_(iov': '(' without its ')'" },
	{ "[a]\nevidence = a)\n", "t.ini:2: evidence: 'a)': ')' without" },
	{ "[a]\nevidence =\n", "t.ini:2: evidence: empty value" },
	{ "[a]\nevidence = x{2}\n", "t.ini:2: evidence: 'x{2}': '{'" },
	{ "[a]\nevidence = a]\n", "t.ini:2: evidence:" },
	{ "[a]\nevidence = \\d+\n", "t.ini:2: evidence: '\\d+': '\\' may only quote" },
	{ "[a]\nevidence = \\bbio\n", "t.ini:2: evidence:" },
	{ "[a]\nevidence = x\\\n", "t.ini:2: evidence:" },
	{ "[a]\nevidence = [[:alpha:]]\n", "t.ini:2: evidence: '[[:alpha:]]': '\\' or '['" },
	{ "[a]\nevidence = [\\]]\n", "t.ini:2: evidence:" },
	{ "[a]\nevidence = []a]\n", "t.ini:2: evidence: '[]a]': an empty bracket" },
	{ "[a]\nevidence = [z-a]\n", "t.ini:2: evidence: '[z-a]': a range" },
	{ "[a]\nevidence = [a-Z]\n", "t.ini:2: evidence:" },
	{ "[a]\nevidence = [a-b-c]\n", "t.ini:2: evidence:" },
	{ "[a]\nevidence = [ab\n", "t.ini:2: evidence: '[ab': '[' without its ']'" },
	{ "[a]\nevidence = *x\n", "t.ini:2: evidence: '*x': '*', '+' or '?' after nothing" },
	{ "[a]\nevidence = x+*\n", "t.ini:2: evidence:" },
	{ "[a]\nevidence = ^?x\n", "t.ini:2: evidence:" },
	{ "[a]\nevidence = (|x)\n", "t.ini:2: evidence: '(|x)': an empty group or alternative" },
	{ "[a]\nevidence = x||y\n", "t.ini:2: evidence:" },
	{ "[a]\nevidence = x()\n", "t.ini:2: evidence:" },
	{ "[a]\nevidence = x|\n", "t.ini:2: evidence: 'x|': an empty alternative at the end" },
	{ "[a]\nevidence = caf\xc3\xa9\n", "t.ini:2: evidence:" },
	{ "[a]\nevidence = a\n  b\n", "t.ini:3: line starts with whitespace" },
	{ "[a]\nevidence = a\nevidence = b\n", "t.ini:3: evidence: given twice in [a]" },
};

static const char good[] =
	"# SPDX-License-Identifier: GPL-2.0-or-later\n"
	"\n"
	"[old-order]\n"
	"kernel = 6.1 .. 6.12\n"
	"fs = ext4,xfs\n"
	"scenario = dio-read.*\n"
	"oracle = ORDER\n"
	"fix = abcdef0 (\"fsdax: wait\"), in 6.12\n"
	"reproducer = tests/repro/old-order.c\n"
	"explanation = first line\n"
	"\tsecond line\n"
	"   # a comment, not text\n"
	"  third = line\n"
	"[mid-tag]\n"
	"kernel = 6.12..7.3\n"
	"fs = xfs-reflink\n"
	"scenario = dio-[rw]*.punch.?ffd\n"
	"oracle = TAG\n"
	"fix = none in 6.12.y,\n"
	"  see below\n"
	"introduced = 1234abc \"x: y\" (v6.12)\n"
	"\tand its backports\n"
	"explanation = x\n"
	"[new-live]\n"
	"kernel = 7.3..\n"
	"fs = *\n"
	"scenario = *.uffd,uring-*.none\n"
	"oracle = LIVE\n"
	"fix = none\n"
	"explanation = y\n"
	"[old-debian]\n"
	"kernel = ..6.1.0-56\n"
	"fs = ext4\n"
	"scenario = *\n"
	"oracle = SPACE\n"
	"fix = none\n"
	"explanation = z\n"
	"[numeric]\n"
	"kernel = ..6.9\n"
	"fs = ext4\n"
	"scenario = *\n"
	"oracle = KLOG\n"
	"fix = none\n"
	"explanation = z\n"
	"[ns]\n"
	"kernel = ..\n"
	"fs = *\n"
	"scenario = -\n"
	"oracle = NAMESPACE\n"
	"fix = none\n"
	"explanation = z\n"
	"[shadowed]\n"
	"kernel = ..\n"
	"fs = *\n"
	"scenario = *\n"
	"oracle = ORDER\n"
	"fix = none\n"
	"explanation = later entries lose to earlier ones\n";

static const struct {
	const char *release, *fs, *scenario, *oracle, *want; /* want NULL: none */
} cases[] = {
	/* [6.1, 6.12): LOW inclusive, HIGH exclusive, Debian strings */
	{ "6.1", "ext4", "dio-read.punch.uffd", "ORDER", "old-order" },
	{ "6.1.0-56-amd64", "ext4", "dio-read.punch.uffd", "ORDER", "old-order" },
	{ "6.11.99", "xfs", "dio-read.zero.none", "ORDER", "old-order" },
	{ "6.0.99", "ext4", "dio-read.punch.uffd", "ORDER", "shadowed" },
	{ "6.12", "ext4", "dio-read.punch.uffd", "ORDER", "shadowed" },
	{ "6.12.38+deb13-amd64", "ext4", "dio-read.punch.uffd", "ORDER", "shadowed" },
	/* fs list and glob of old-order */
	{ "6.1.0-56-amd64", "xfs-reflink", "dio-read.punch.uffd", "ORDER", "shadowed" },
	{ "6.1.0-56-amd64", "ext4", "dio-write.punch.uffd", "ORDER", "shadowed" },
	{ "6.1.0-56-amd64", "ext4", "xdio-read.punch.uffd", "ORDER", "shadowed" },
	/* [6.12, 7.3), xfs-reflink only, brackets and ? */
	{ "6.12.38+deb13-amd64", "xfs-reflink", "dio-write.punch.uffd", "TAG", "mid-tag" },
	{ "7.2.9", "xfs-reflink", "dio-read.punch.uffd", "TAG", "mid-tag" },
	{ "7.3", "xfs-reflink", "dio-read.punch.uffd", "TAG", NULL },
	{ "7.3.0-1-amd64", "xfs-reflink", "dio-read.punch.uffd", "TAG", NULL },
	{ "6.12.38+deb13-amd64", "xfs", "dio-read.punch.uffd", "TAG", NULL },
	{ "6.12.38+deb13-amd64", "xfs-reflink", "dio-read.punch.none", "TAG", NULL },
	{ "6.12.38+deb13-amd64", "xfs-reflink", "gup-pin.punch.uffd", "TAG", NULL },
	/* [7.3, open), any fs */
	{ "7.3", "tmpfs", "dio-read.punch.uffd", "LIVE", "new-live" },
	{ "7.3.4+deb13-amd64", "xfs", "splice.truncate.uffd", "LIVE", "new-live" },
	{ "10.0", "ext4", "x.y.uffd", "LIVE", "new-live" },
	{ "7.2.99", "ext4", "x.y.uffd", "LIVE", NULL },
	{ "7.3", "ext4", "x.y.none", "LIVE", NULL },
	/* a comma list of globs: any item may match */
	{ "7.3", "ext4", "uring-read.zero.none", "LIVE", "new-live" },
	{ "7.3", "ext4", "xuring-read.zero.none", "LIVE", NULL },
	/* (open, 6.1.0-56): the flavour's "64" is a fifth number, as in awk */
	{ "6.1.0-55-amd64", "ext4", "a.b.c", "SPACE", "old-debian" },
	{ "6.1.0-56", "ext4", "a.b.c", "SPACE", NULL },
	{ "6.1.0-56-amd64", "ext4", "a.b.c", "SPACE", NULL },
	{ "5.10.0-30-amd64", "ext4", "a.b.c", "SPACE", "old-debian" },
	/* numbers, not strings: 6.12 and 6.10 are after 6.9 */
	{ "6.8.12", "ext4", "a.b.c", "KLOG", "numeric" },
	{ "6.9", "ext4", "a.b.c", "KLOG", NULL },
	{ "6.10", "ext4", "a.b.c", "KLOG", NULL },
	{ "6.12.38+deb13-amd64", "ext4", "a.b.c", "KLOG", NULL },
	/* oracle is exact; "-" is the NAMESPACE check's scenario */
	{ "6.1", "ext4", "a.b.c", "klog", NULL },
	{ "6.1", "xfs", "-", "NAMESPACE", "ns" },
	{ "6.1", "xfs", "a.b.c", "NAMESPACE", NULL },
	{ "6.1", "xfs", "a.b.c", "GUPFAIL", NULL },
};

static void test_good(void)
{
	struct dr_known_issues ki;
	const struct dr_known_issue *e;
	char err[512];
	int ret = parse(&ki, good, err, sizeof(err));

	if (!tap_ok(ret == 0 && ki.nr == 7, "a good file parses into 7 entries")) {
		tap_diag("ret %d, %zu entries: %s", ret, ki.nr, err);
		exit(1);
	}
	e = &ki.issues[0];
	tap_ok(!strcmp(e->id, "old-order") && e->line == 3 &&
	       !strcmp(e->kernel_lo, "6.1") && !strcmp(e->kernel_hi, "6.12") &&
	       !e->any_fs && !strcmp(e->fs[0], "ext4") && !strcmp(e->fs[1], "xfs") &&
	       !e->fs[2] && !strcmp(e->scenario, "dio-read.*") &&
	       !strcmp(e->oracle, "ORDER") &&
	       !strcmp(e->reproducer, "tests/repro/old-order.c") &&
	       !strcmp(e->fix, "abcdef0 (\"fsdax: wait\"), in 6.12"),
	       "fields, spaces around '..' trimmed");
	tap_ok(!strcmp(e->explanation, "first line second line third = line"),
	       "explanation continues on indented lines, comments skipped: '%s'",
	       e->explanation);
	e = &ki.issues[1];
	tap_ok(!strcmp(e->fix, "none in 6.12.y, see below") &&
	       !strcmp(e->introduced, "1234abc \"x: y\" (v6.12) and its backports") &&
	       !ki.issues[0].introduced, "fix and introduced continue too");
	e = &ki.issues[2];
	tap_ok(e->any_fs && !strcmp(e->kernel_lo, "7.3") && !*e->kernel_hi &&
	       !e->reproducer, "fs *, open end, no reproducer");
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		e = dr_known_match(&ki, cases[i].release, cases[i].fs, cases[i].scenario,
				   cases[i].oracle, NULL);
		tap_ok(cases[i].want ? e && !strcmp(e->id, cases[i].want) : !e,
		       "%s,%s,%s,%s -> %s (got %s)", cases[i].release, cases[i].fs,
		       cases[i].scenario, cases[i].oracle,
		       cases[i].want ? cases[i].want : "none", e ? e->id : "none");
	}
	tap_ok(!dr_known_match(NULL, "6.1", "ext4", "a.b.c", "TAG", NULL),
	       "no file: nothing known");
	dr_known_free(&ki);
}

static void test_bad(void)
{
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct dr_known_issues ki;
		char err[512];
		int ret = parse(&ki, bad[i].text, err, sizeof(err));

		tap_ok(ret && !strchr(err, '\n') && strstr(err, bad[i].want) && !ki.nr,
		       "bad input %zu: one line '%s'", i, bad[i].want);
		if (!strstr(err, bad[i].want))
			tap_diag("got: %s", err);
	}
}

static void test_kernel(void)
{
	static const struct { const char *release, *version, *want; } k[] = {
		{ "6.1.0-56-amd64", "#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2 (2026-01-05)",
		  "6.1.192" },
		{ "6.12.38+deb13-amd64", "#1 SMP PREEMPT_DYNAMIC Debian 6.12.38-1 (2025-07-16)",
		  "6.12.38" },
		{ "6.12.12+bpo-amd64", "#1 SMP PREEMPT_DYNAMIC Debian 6.12.12-1~bpo12+1",
		  "6.12.12" },
		{ "6.18.44-fc-v595", "#1 SMP PREEMPT_DYNAMIC @0", "6.18.44-fc-v595" },
		{ "6.18.0", "#3 SMP Debian x Debian 7 Debian 7.3. (x)", "7.3" },
		{ "6.18.0", "#3 SMP Debian 7.3.4 Debian .5", "7.3.4" },
		{ "6.18.0", "", "6.18.0" },
	};
	char out[64];
	bool ok = true;

	for (size_t i = 0; i < sizeof(k) / sizeof(k[0]); i++) {
		dr_known_kernel(k[i].release, k[i].version, out, sizeof(out));
		if (strcmp(out, k[i].want)) {
			tap_diag("'%s' '%s' -> '%s', wanted '%s'", k[i].release,
				 k[i].version, out, k[i].want);
			ok = false;
		}
	}
	tap_ok(ok, "Debian kernels compare by the upstream version in uname -v");
}

static void test_vercmp(void)
{
	tap_ok(dr_known_vercmp("6.1.0-56-amd64", "6.1.0.56.64") == 0 &&
	       dr_known_vercmp("6.12", "6.9") > 0 &&
	       dr_known_vercmp("6.1", "6.1.0") == 0 &&
	       dr_known_vercmp("7.3", "6.18.44-fc-v595") > 0 &&
	       dr_known_vercmp("6.1e5", "6.1.5") == 0 &&
	       dr_known_vercmp("6.0x1f", "6.0.1") == 0 &&
	       dr_known_vercmp("v6.1", "0.6.1") == 0,
	       "release order: numbers only, five of them");
}

/* A FAIL with TAG and ORDER fired; which of them a file knows decides. */
static void test_exit(void)
{
	struct dr_scenario_result sc[2];
	struct dr_run_result res = { .scenarios = sc, .nr_scenarios = 2 };
	struct dr_known_issues ki;
	struct dr_known_verdict *kv;
	char err[512];
	static const char file[] =
		"[t]\nkernel = ..\nfs = ext4\nscenario = dio-read.*\noracle = TAG\n" ENTRY
		"[o]\nkernel = 6.1..\nfs = ext4\nscenario = *\noracle = ORDER\n" ENTRY;

	memset(sc, 0, sizeof(sc));
	strcpy(sc[0].name, "dio-read.punch.uffd");
	sc[0].status = DR_STATUS_FAIL;
	sc[0].oracles.verdict[DR_ORACLE_TAG] = DR_VERDICT_FAIL;
	sc[0].oracles.verdict[DR_ORACLE_ORDER] = DR_VERDICT_FAIL;
	strcpy(sc[1].name, "dio-write.punch.uffd");
	sc[1].status = DR_STATUS_PASS;
	if (parse(&ki, file, err, sizeof(err))) {
		tap_diag("%s", err);
		exit(1);
	}
	kv = dr_known_classify(&ki, &res, "6.12.1", "ext4");
	tap_ok(kv && kv[0].known && !strcmp(kv[0].issue[DR_ORACLE_TAG]->id, "t") &&
	       !strcmp(kv[0].issue[DR_ORACLE_ORDER]->id, "o") && !kv[1].known,
	       "both oracles known: the FAIL is known");
	tap_ok(dr_known_group_exit(&res, kv, DR_EXIT_BUG, false) == DR_EXIT_PASS &&
	       dr_known_group_exit(&res, kv, DR_EXIT_BUG, true) == DR_EXIT_BUG,
	       "known FAIL: exit 0, with --strict exit 1");
	free(kv);
	kv = dr_known_classify(&ki, &res, "6.0", "ext4");
	tap_ok(kv && !kv[0].known && kv[0].issue[DR_ORACLE_TAG] &&
	       !kv[0].issue[DR_ORACLE_ORDER] &&
	       dr_known_group_exit(&res, kv, DR_EXIT_BUG, false) == DR_EXIT_BUG,
	       "ORDER new on 6.0: the FAIL is new, exit 1");
	free(kv);
	sc[1].status = DR_STATUS_SKIP;
	kv = dr_known_classify(&ki, &res, "6.12.1", "ext4");
	tap_ok(dr_known_group_exit(&res, kv, DR_EXIT_BUG, false) == DR_EXIT_PASS,
	       "a known FAIL ran: exit 0, not 4");
	sc[1].status = DR_STATUS_ERROR;
	tap_ok(dr_known_group_exit(&res, kv, DR_EXIT_BUG, false) == DR_EXIT_ENV &&
	       dr_known_group_exit(&res, kv, DR_EXIT_SKIP, false) == DR_EXIT_SKIP,
	       "an ERROR beside a known FAIL: exit 3; non-BUG codes kept");
	free(kv);
	dr_known_free(&ki);
}

/*
 * Entries with evidence: matched per violation against "SUMMARY\nEVIDENCE".
 * The KLOG entry's regex needs the known warning in a violation; the LIVE
 * one needs the summary's wording and, past the newline, the stack.
 */
static const char evfile[] =
	"[warn]\nkernel = 6.17..7.0\nfs = *\nscenario = dio-*\noracle = KLOG\n" ENTRY
	"evidence = block/bio\\.c:1258 bio_iov_iter_get_pages\\+\n"
	"[wake]\nkernel = ..\nfs = *\nscenario = *\noracle = LIVE\n" ENTRY
	"evidence = ^[a-z]+ after the pins were released .*stack ==.\\[<0>\\] "
	"(ext4|xfs)_wait_dax_page\\+|^[a-z]+ completed only once\n"
	"[any-live]\nkernel = ..\nfs = xfs\nscenario = *\noracle = LIVE\n" ENTRY;

static void add(struct dr_scenario_result *sc, enum dr_oracle_id o,
		const char *summary, char *evidence)
{
	struct dr_verdict_sink *vs = &sc->oracles;
	struct dr_violation *v = &vs->violations[vs->nr_violations++];

	memset(v, 0, sizeof(*v));
	v->oracle = o;
	snprintf(v->summary, sizeof(v->summary), "%s", summary);
	v->evidence = evidence;
	vs->verdict[o] = DR_VERDICT_FAIL;
	sc->status = DR_STATUS_FAIL;
}

static void test_evidence(void)
{
	static char stack[] = "thread 9\n== /proc/self/task/9/stack ==\n"
		"[<0>] ext4_wait_dax_page+0x1f/0x30 [ext4]\n[<0>] dax_break_layout+0xf2\n";
	static char other[] = "thread 9\n== /proc/self/task/9/stack ==\n"
		"[<0>] rwsem_down_write_slowpath+0x1f/0x30\n[<0>] dax_break_layout+0xf2\n";
	struct dr_violation v[4][4];
	struct dr_scenario_result sc[4];
	struct dr_run_result res = { .scenarios = sc, .nr_scenarios = 4 };
	struct dr_known_issues ki;
	struct dr_known_verdict *kv;
	const struct dr_known_issue *e;
	char err[512];

	if (!tap_ok(!parse(&ki, evfile, err, sizeof(err)) && ki.nr == 3 &&
		    ki.issues[0].evidence && !ki.issues[2].evidence,
		    "entries with evidence parse")) {
		tap_diag("%s", err);
		exit(1);
	}
	e = dr_known_match(&ki, "6.18.15", "ext4", "dio-write.punch.none", "KLOG",
			   "kernel logged 2 failure line(s): x\n"
			   "[1.0] WARNING: CPU: 1 PID: 195 at block/bio.c:1258 "
			   "bio_iov_iter_get_pages+0x187/0x500\n");
	tap_ok(e && !strcmp(e->id, "warn"), "KLOG: evidence containing the warning matches");
	tap_ok(!dr_known_match(&ki, "6.18.15", "ext4", "dio-write.punch.none", "KLOG",
			       "kernel logged 2 failure line(s): x\n"
			       "WARNING: CPU: 1 PID: 195 at mm/gup.c:99 gup_x+0x1\n") &&
	       !dr_known_match(&ki, "6.18.15", "ext4", "dio-write.punch.none", "KLOG",
			       "at block/bio.c:1259 bio_iov_iter_get_pages+0") &&
	       !dr_known_match(&ki, "6.18.15", "ext4", "dio-write.punch.none", "KLOG", "") &&
	       !dr_known_match(&ki, "6.18.15", "ext4", "dio-write.punch.none", "KLOG", NULL),
	       "KLOG: another warning, another line, or no text: no match");

	memset(sc, 0, sizeof(sc));
	for (int i = 0; i < 4; i++) {
		snprintf(sc[i].name, sizeof(sc[i].name), "dio-read.punch.none");
		sc[i].oracles.violations = v[i];
	}
	/* 0: the known lost wake-up and its "completed only once" */
	add(&sc[0], DR_ORACLE_LIVE, "punch after the pins were released (tid 9) still "
	    "blocked 5.0 s after its blocker was gone", stack);
	add(&sc[0], DR_ORACLE_LIVE, "punch completed only once daxrace unmapped it", NULL);
	/* 1: the same wording, stuck somewhere else */
	add(&sc[1], DR_ORACLE_LIVE, "punch after the pins were released (tid 9) still "
	    "blocked 5.0 s after its blocker was gone", other);
	/* 2: the same stack, but the retry blocked again: a leak */
	add(&sc[2], DR_ORACLE_LIVE, "punch after the pins were released (tid 9) still "
	    "blocked 5.0 s after its blocker was gone", stack);
	add(&sc[2], DR_ORACLE_LIVE, "retry of punch blocked again with no pin held: "
	    "leaked page reference", stack);
	/* 3: known, but more violations than were kept */
	add(&sc[3], DR_ORACLE_LIVE, "punch completed only once daxrace unmapped it", NULL);
	sc[3].oracles.violations_dropped = 1;

	kv = dr_known_classify(&ki, &res, "7.3.4", "ext4");
	tap_ok(kv && kv[0].known && kv[0].viol[0] && kv[0].viol[1] &&
	       !strcmp(kv[0].issue[DR_ORACLE_LIVE]->id, "wake"),
	       "LIVE: wording and stack both match: known");
	tap_ok(kv && !kv[1].known && !kv[1].viol[0] && !kv[1].issue[DR_ORACLE_LIVE],
	       "LIVE: the wording in another stack: new");
	tap_ok(kv && !kv[2].known && kv[2].viol[0] && !kv[2].viol[1] &&
	       !kv[2].issue[DR_ORACLE_LIVE],
	       "LIVE: a second violation the entry does not describe makes it new");
	tap_ok(kv && !kv[3].known && kv[3].viol[0],
	       "LIVE: dropped violations are not vouched for by evidence");
	free(kv);
	kv = dr_known_classify(&ki, &res, "7.3.4", "xfs");
	tap_ok(kv && kv[1].known && kv[2].known && kv[3].known &&
	       !strcmp(kv[1].viol[0]->id, "any-live") &&
	       !strcmp(kv[2].viol[0]->id, "wake") && !strcmp(kv[2].viol[1]->id, "any-live"),
	       "an entry without evidence covers the rest, per violation");
	free(kv);
	dr_known_free(&ki);
}

int main(void)
{
	tap_plan(5 + (int)(sizeof(cases) / sizeof(cases[0])) + 1 +
		 (int)(sizeof(bad) / sizeof(bad[0])) + 2 + 5 + 8);
	test_good();
	test_bad();
	test_kernel();
	test_vercmp();
	test_exit();
	test_evidence();
	return tap_exit();
}
