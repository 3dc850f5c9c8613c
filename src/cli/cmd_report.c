// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * daxrace report DIR [--format human|tap|json]: renders a result.json
 * again, e.g. for a harness that wants TAP after the fact.  The renderers
 * are the ones "daxrace run" used, so the output is the same.  DIR may be
 * any directory daxrace or daxrace-vm wrote: the result.json files below
 * it are found and rendered in turn, each under a header naming it.
 * daxrace report --compare BASE NEW: what changed from BASE to NEW
 * (results/compare.c); exit 1 on a new failure.
 * --junit FILE and --kcidb FILE also write one file over every result
 * DIR holds, for CI systems (results/junit_writer.c, kcidb_writer.c);
 * --html OUT writes OUT/index.html, a page for people (html_writer.c).
 * daxrace report --bundle DIR RESULT: a bug report upstream about RESULT's
 * first failure, in DIR and DIR.tar.gz (results/bundle.c).
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/commands.h"
#include "common/exitcode.h"
#include "common/log.h"
#include "common/opts.h"
#include "results/compare.h"
#include "results/output.h"
#include "results/report.h"
#include "results/result_load.h"
#include "cli/run_opts.h"

enum {
	OPT_FORMAT = 0x3000, OPT_COMPARE, OPT_NOISE, OPT_MIN_ROUNDS, OPT_JUNIT,
	OPT_KCIDB, OPT_KCIDB_ORIGIN, OPT_KCIDB_BUILD, OPT_KCIDB_CHECKOUT, OPT_HTML,
	OPT_BUNDLE,
};

#define USAGE "DIR [--format human|tap|json] [--junit FILE] [--kcidb FILE] [--html OUT]\n" \
	"       daxrace report --compare BASE NEW [--format human|tap|json] [--noise FACTOR] [--min-rounds N]\n" \
	"       daxrace report --bundle DIR RESULT"

static const struct dr_option report_opts[] = {
	{ "format", OPT_FORMAT, "human|tap|json", "what to print (default human)" },
	{ "compare", OPT_COMPARE, "BASE", "compare the results in BASE with those in NEW" },
	{ "noise", OPT_NOISE, "FACTOR",
	  "--compare: rate ratios within x1/F..xF are noise (default 2)" },
	{ "min-rounds", OPT_MIN_ROUNDS, "N",
	  "--compare: judge rates only with N rounds on both sides (default 100)" },
	{ "junit", OPT_JUNIT, "FILE", "also write JUnit XML of every result to FILE" },
	{ "kcidb", OPT_KCIDB, "FILE", "also write KCIDB JSON (v5.3) of every result to FILE" },
	{ "html", OPT_HTML, "OUT",
	  "also write OUT/index.html: a page of every result (matrix, charts, evidence)" },
	{ "bundle", OPT_BUNDLE, "DIR",
	  "write DIR and DIR.tar.gz: a bug report upstream about RESULT's first failure" },
	{ "kcidb-origin", OPT_KCIDB_ORIGIN, "NAME",
	  "KCIDB origin, [a-z0-9_]+ (default daxrace)" },
	{ "kcidb-build-id", OPT_KCIDB_BUILD, "ID",
	  "KCIDB build the tests ran on (default ORIGIN:KERNEL-RELEASE)" },
	{ "kcidb-checkout-id", OPT_KCIDB_CHECKOUT, "ID",
	  "KCIDB checkout of that build (default ORIGIN:KERNEL-RELEASE)" },
	DR_OPT_END,
};

struct report_args {
	int fmt;
	const char *base;          /* --compare */
	struct dr_compare_opts cmp;
	bool cmp_opts;             /* --noise or --min-rounds given */
	const char *junit, *kcidb; /* --junit, --kcidb FILE */
	const char *html;          /* --html OUT (a directory) */
	const char *bundle;        /* --bundle DIR */
	struct dr_kcidb_ids ids;
	bool kcidb_opts;           /* a --kcidb-* option given */
};

/* KCIDB's patterns: an origin is [a-z0-9_]+, an id "ORIGIN:anything". */
static bool kcidb_name(const char *s, size_t n)
{
	return n && strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_") >= n;
}

static int kcidb_id(const char *opt, const char *arg)
{
	const char *colon = strchr(arg, ':');

	if (colon && kcidb_name(arg, (size_t)(colon - arg)))
		return 0;
	dr_err("--%s: '%s' is not a KCIDB id (ORIGIN:REST, ORIGIN of a-z, 0-9 and _)",
	       opt, arg);
	return DR_EXIT_USAGE;
}

/* DIGITS[.DIGITS], above 1: a ratio, not a percentage. */
static int parse_noise(const char *arg, double *out)
{
	size_t whole = strspn(arg, "0123456789"), frac = 0;
	double v;

	if (arg[whole] == '.')
		frac = strspn(arg + whole + 1, "0123456789");
	v = strtod(arg, NULL);
	if (!whole || (whole > 1 && arg[0] == '0') ||
	    (arg[whole] && (arg[whole] != '.' || !frac || arg[whole + 1 + frac])) ||
	    !(v > DR_CMP_NOISE_MIN) || v > DR_CMP_NOISE_MAX) {
		dr_err("--noise: '%s' is not a ratio above %g and at most %g (such as 1.5 or 2)",
		       arg, DR_CMP_NOISE_MIN, DR_CMP_NOISE_MAX);
		return DR_EXIT_USAGE;
	}
	*out = v;
	return 0;
}

static int handle(void *ctx, int key, const char *arg)
{
	struct report_args *a = ctx;

	switch (key) {
	case OPT_FORMAT:
		return dr_parse_choice("format", arg, dr_format_names, &a->fmt);
	case OPT_COMPARE:
		if (a->base) {
			dr_err("--compare given twice");
			return DR_EXIT_USAGE;
		}
		a->base = arg;
		return 0;
	case OPT_NOISE:
		a->cmp_opts = true;
		return parse_noise(arg, &a->cmp.noise);
	case OPT_MIN_ROUNDS:
		a->cmp_opts = true;
		return dr_parse_u64("min-rounds", arg, 1, 1000000000, &a->cmp.min_rounds);
	case OPT_JUNIT:
		a->junit = arg;
		return 0;
	case OPT_KCIDB:
		a->kcidb = arg;
		return 0;
	case OPT_HTML:
		a->html = arg;
		return 0;
	case OPT_BUNDLE:
		if (a->bundle) {
			dr_err("--bundle given twice");
			return DR_EXIT_USAGE;
		}
		a->bundle = arg;
		return 0;
	case OPT_KCIDB_ORIGIN:
		a->kcidb_opts = true;
		a->ids.origin = arg;
		if (kcidb_name(arg, strlen(arg)))
			return 0;
		dr_err("--kcidb-origin: '%s' is not a KCIDB origin (a-z, 0-9 and _ only)", arg);
		return DR_EXIT_USAGE;
	case OPT_KCIDB_BUILD:
		a->kcidb_opts = true;
		a->ids.build_id = arg;
		return kcidb_id("kcidb-build-id", arg);
	case OPT_KCIDB_CHECKOUT:
		a->kcidb_opts = true;
		a->ids.checkout_id = arg;
		return kcidb_id("kcidb-checkout-id", arg);
	}
	return 0;
}

/*
 * The human view names where the run's files are now, the directory
 * result.json was read from: a run daxrace-vm brought back was written as
 * /share/FS/results/RUN in the guest, a path that means nothing here.
 * The JSON and TAP renderings stay what the run wrote.
 */
static int relocate(struct json_object *root, const char *path)
{
	const char *was = NULL, *slash = strrchr(path, '/');
	struct json_object *v;
	char here[4096];

	if (!json_object_object_get_ex(root, "results_dir", &v) ||
	    !json_object_is_type(v, json_type_string))
		return 0;
	was = json_object_get_string(v);
	if (!slash)
		snprintf(here, sizeof(here), ".");
	else
		snprintf(here, sizeof(here), "%.*s", (int)(slash - path), path);
	if (!strcmp(here, was))
		return 0;
	if (strlen(here) + strlen(was) + 16 < sizeof(here))
		snprintf(here + strlen(here), sizeof(here) - strlen(here),
			 " (written as %s)", was);
	return json_object_object_add(root, "results_dir", json_object_new_string(here));
}

/* Prints one loaded result.json, under a "==> PATH <==" header if asked. */
static int render(const char *path, struct json_object *root, int fmt, int header)
{
	int ret;

	if (fmt == DR_FORMAT_HUMAN && relocate(root, path)) {
		dr_err("'%s': out of memory", path);
		return DR_EXIT_ENV;
	}
	if (header)
		printf("==> %s <==\n", path);
	ret = dr_report_render(stdout, root, fmt);
	if (ret || fflush(stdout)) {
		dr_err("cannot write the report: %s", strerror(ret ? -ret : errno));
		return DR_EXIT_ENV;
	}
	return 0;
}

/* The results one command reports on: those that loaded, and their paths. */
struct results {
	const char **paths;
	struct json_object **roots;
	size_t n;
};

struct file_ctx {
	const struct results *r;
	const struct report_args *a;
	bool kcidb;
};

static int fill(FILE *f, void *ctx)
{
	const struct file_ctx *fc = ctx;

	if (fc->kcidb)
		return dr_report_write_kcidb(f, fc->r->roots, fc->r->paths, fc->r->n,
					     &fc->a->ids);
	return dr_report_write_junit(f, fc->r->roots, fc->r->paths, fc->r->n);
}

/* --junit / --kcidb FILE: whole or not at all (a temporary name, then
 * rename(2)), as the run's own files. */
static int write_file(const char *opt, const char *file, const struct results *r,
		      const struct report_args *a)
{
	struct file_ctx fc = { r, a, !strcmp(opt, "kcidb") };
	const char *slash = strrchr(file, '/'), *base = slash ? slash + 1 : file;
	char dir[4096];
	int dirfd, ret;

	if (!*base) {
		dr_err("--%s: '%s' names a directory, not a file", opt, file);
		return DR_EXIT_USAGE;
	}
	snprintf(dir, sizeof(dir), "%.*s", slash ? (int)(slash - file) + 1 : 1,
		 slash ? file : ".");
	dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dirfd < 0) {
		ret = errno;
		dr_err("--%s: '%s': %s", opt, dir, strerror(ret));
		return ret == ENOENT || ret == ENOTDIR ? DR_EXIT_USAGE : DR_EXIT_ENV;
	}
	ret = dr_save_file(dirfd, base, fill, &fc);
	close(dirfd);
	if (ret) {
		dr_err("--%s: cannot write '%s': %s", opt, file, strerror(-ret));
		return DR_EXIT_ENV;
	}
	return 0;
}

static int fill_html(FILE *f, void *ctx)
{
	const struct results *r = ctx;

	return dr_report_write_html(f, r->roots, r->paths, r->n);
}

/*
 * --html OUT: OUT is made if missing (not its parents) and index.html
 * written in it whole or not at all; whatever else OUT holds is left
 * alone, so the page can go into a directory a web server already serves.
 */
static int write_html(const char *out, struct results *r)
{
	int dirfd, ret;

	ret = dr_out_dir_open("html", out, false, &dirfd);
	if (ret)
		return ret;
	ret = dr_save_file(dirfd, "index.html", fill_html, r);
	close(dirfd);
	if (ret) {
		dr_err("--html: cannot write '%s/index.html': %s", out, strerror(-ret));
		return DR_EXIT_ENV;
	}
	return 0;
}

/*
 * DIR is a run directory, a directory of runs, or a result.json itself.
 * Only the human rendering takes several results (with headers): several
 * TAP streams or JSON documents in a row would be neither TAP nor JSON.
 * A bad one is named and the others still shown (and written); the exit
 * status is that of the first refused.
 */
static int report(const char *arg, const struct report_args *a)
{
	struct results r = { NULL, NULL, 0 };
	struct dr_found found;
	int ret, walked, worst = 0;

	ret = dr_result_collect(arg, &found, &walked);
	if (ret)
		return ret;
	if (found.n > 1 && a->fmt != DR_FORMAT_HUMAN) {
		dr_err("'%s': holds %zu results (%s, ...): --format %s renders one; name its directory",
		       arg, found.n, found.paths[0], dr_format_names[a->fmt]);
		dr_found_free(&found);
		return DR_EXIT_USAGE;
	}
	r.roots = calloc(found.n, sizeof(*r.roots));
	r.paths = calloc(found.n, sizeof(*r.paths));
	if (!r.roots || !r.paths) {
		dr_err("out of memory");
		worst = DR_EXIT_ENV;
		goto out;
	}
	for (size_t i = 0; i < found.n; i++) {
		ret = dr_result_load(found.paths[i], &r.roots[r.n]);
		if (ret) {
			if (!worst)
				worst = ret;
			continue;
		}
		r.paths[r.n++] = found.paths[i];
	}
	/* The files first: the human rendering relocates results_dir. */
	if (a->junit && r.n && (ret = write_file("junit", a->junit, &r, a)) && !worst)
		worst = ret;
	if (a->kcidb && r.n && (ret = write_file("kcidb", a->kcidb, &r, a)) && !worst)
		worst = ret;
	if (a->html && r.n && (ret = write_html(a->html, &r)) && !worst)
		worst = ret;
	for (size_t i = 0; i < r.n; i++) {
		if (i)
			putchar('\n');
		ret = render(r.paths[i], r.roots[i], a->fmt, walked && a->fmt == DR_FORMAT_HUMAN);
		if (ret && !worst)
			worst = ret;
	}
out:
	for (size_t i = 0; i < r.n; i++)
		json_object_put(r.roots[i]);
	free(r.roots);
	free(r.paths);
	dr_found_free(&found);
	return worst;
}

/* --bundle DIR RESULT: RESULT names exactly one run. */
static int bundle(const char *dir, const char *arg)
{
	struct json_object *root;
	struct dr_found found;
	int ret, walked;

	ret = dr_result_collect(arg, &found, &walked);
	if (ret)
		return ret;
	if (found.n > 1) {
		dr_err("'%s': holds %zu results (%s, ...): --bundle takes one run; name its directory or result.json",
		       arg, found.n, found.paths[0]);
		dr_found_free(&found);
		return DR_EXIT_USAGE;
	}
	ret = dr_result_load(found.paths[0], &root);
	if (!ret) {
		ret = dr_report_bundle(dir, found.paths[0], root);
		json_object_put(root);
	}
	dr_found_free(&found);
	return ret;
}

static int compare(const char *base, const char *new, int fmt,
		   const struct dr_compare_opts *o)
{
	struct json_object *doc;
	int ret = dr_compare(base, new, o, &doc);

	if (ret)
		return ret;
	if (fmt == DR_FORMAT_JSON)
		ret = dr_report_write_json(stdout, doc);
	else if (fmt == DR_FORMAT_TAP)
		ret = dr_compare_write_tap(stdout, doc);
	else
		ret = dr_compare_write_human(stdout, doc);
	if (ret || fflush(stdout)) {
		dr_err("cannot write the comparison: %s", strerror(ret ? -ret : errno));
		json_object_put(doc);
		return DR_EXIT_ENV;
	}
	ret = (int)dr_json_int(doc, "exit_status", DR_EXIT_ENV);
	json_object_put(doc);
	return ret;
}

int cmd_report(int argc, char **argv)
{
	struct report_args a = {
		.fmt = DR_FORMAT_HUMAN,
		.cmp = { DR_CMP_NOISE_DEFAULT, DR_CMP_MIN_ROUNDS_DEFAULT },
		.ids = { .origin = "daxrace" },
	};
	int first, ret;

	ret = dr_parse_options("report", USAGE, report_opts, argc, argv, handle, &a, &first);
	if (ret)
		return ret;
	/* Options may follow DIR (or NEW) as the synopsis shows. */
	if (first < argc && first + 1 < argc) {
		int more;

		ret = dr_parse_options("report", USAGE, report_opts, argc - first, argv + first,
				       handle, &a, &more);
		if (ret)
			return ret;
		if (more < argc - first) {
			dr_err("unexpected argument '%s'", argv[first + more]);
			fprintf(stderr, "Try 'daxrace report --help'.\n");
			return DR_EXIT_USAGE;
		}
	}
	if (first >= argc) {
		dr_err(a.base ? "missing NEW: --compare BASE NEW compares NEW with BASE" :
		       a.bundle ? "missing RESULT: --bundle DIR RESULT bundles the run in RESULT" :
		       "missing DIR: the run directory holding result.json");
		fprintf(stderr, "Try 'daxrace report --help'.\n");
		return DR_EXIT_USAGE;
	}
	if (a.kcidb_opts && !a.kcidb) {
		dr_err("--kcidb-origin, --kcidb-build-id and --kcidb-checkout-id go with --kcidb FILE");
		return DR_EXIT_USAGE;
	}
	if (a.base && (a.junit || a.kcidb || a.html)) {
		dr_err("--junit, --kcidb and --html write the results of DIR, not a --compare");
		return DR_EXIT_USAGE;
	}
	if (a.bundle && (a.base || a.junit || a.kcidb || a.html)) {
		dr_err("--bundle DIR RESULT writes one bundle: not with --compare, --junit, --kcidb or --html");
		return DR_EXIT_USAGE;
	}
	if (a.bundle && !a.cmp_opts)
		return bundle(a.bundle, argv[first]);
	if (a.base)
		return compare(a.base, argv[first], a.fmt, &a.cmp);
	if (a.cmp_opts) {
		dr_err("--noise and --min-rounds go with --compare BASE NEW");
		return DR_EXIT_USAGE;
	}
	return report(argv[first], &a);
}
