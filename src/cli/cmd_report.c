// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * daxrace report DIR [--format human|tap|json]: renders a result.json
 * again, e.g. for a harness that wants TAP after the fact.  The renderers
 * are the ones "daxrace run" used, so the output is the same.  DIR may be
 * any directory daxrace or daxrace-vm wrote: the result.json files below
 * it are found and rendered in turn, each under a header naming it.
 * daxrace report --compare BASE NEW: what changed from BASE to NEW
 * (results/compare.c); exit 1 on a new failure.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/commands.h"
#include "common/exitcode.h"
#include "common/log.h"
#include "common/opts.h"
#include "results/compare.h"
#include "results/report.h"
#include "results/result_load.h"
#include "cli/run_opts.h"

enum { OPT_FORMAT = 0x3000, OPT_COMPARE, OPT_NOISE, OPT_MIN_ROUNDS };

#define USAGE "DIR [--format human|tap|json]\n" \
	"       daxrace report --compare BASE NEW [--format human|tap|json] [--noise FACTOR] [--min-rounds N]"

static const struct dr_option report_opts[] = {
	{ "format", OPT_FORMAT, "human|tap|json", "what to print (default human)" },
	{ "compare", OPT_COMPARE, "BASE", "compare the results in BASE with those in NEW" },
	{ "noise", OPT_NOISE, "FACTOR",
	  "--compare: rate ratios within x1/F..xF are noise (default 2)" },
	{ "min-rounds", OPT_MIN_ROUNDS, "N",
	  "--compare: judge rates only with N rounds on both sides (default 100)" },
	DR_OPT_END,
};

struct report_args {
	int fmt;
	const char *base;          /* --compare */
	struct dr_compare_opts cmp;
	bool cmp_opts;             /* --noise or --min-rounds given */
};

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

/* Renders one result.json, under a "==> PATH <==" header if asked. */
static int render(const char *path, int fmt, int header)
{
	struct json_object *root = NULL;
	int ret;

	ret = dr_result_load(path, &root);
	if (ret)
		return ret;
	if (fmt == DR_FORMAT_HUMAN && relocate(root, path)) {
		json_object_put(root);
		dr_err("'%s': out of memory", path);
		return DR_EXIT_ENV;
	}
	if (header)
		printf("==> %s <==\n", path);
	ret = dr_report_render(stdout, root, fmt);
	json_object_put(root);
	if (ret || fflush(stdout)) {
		dr_err("cannot write the report: %s", strerror(ret ? -ret : errno));
		return DR_EXIT_ENV;
	}
	return 0;
}

/*
 * DIR is a run directory, a directory of runs, or a result.json itself.
 * Only the human rendering takes several results (with headers): several
 * TAP streams or JSON documents in a row would be neither TAP nor JSON.
 */
static int report(const char *arg, int fmt)
{
	struct dr_found found;
	int ret, walked, worst = 0;

	ret = dr_result_collect(arg, &found, &walked);
	if (ret)
		return ret;
	if (found.n > 1 && fmt != DR_FORMAT_HUMAN) {
		dr_err("'%s': holds %zu results (%s, ...): --format %s renders one; name its directory",
		       arg, found.n, found.paths[0], dr_format_names[fmt]);
		dr_found_free(&found);
		return DR_EXIT_USAGE;
	}
	for (size_t i = 0; i < found.n; i++) {
		if (i)
			putchar('\n');
		ret = render(found.paths[i], fmt, walked && fmt == DR_FORMAT_HUMAN);
		/* a bad one is named and the others still shown */
		if (ret && !worst)
			worst = ret;
	}
	dr_found_free(&found);
	return worst;
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
		       "missing DIR: the run directory holding result.json");
		fprintf(stderr, "Try 'daxrace report --help'.\n");
		return DR_EXIT_USAGE;
	}
	if (a.base)
		return compare(a.base, argv[first], a.fmt, &a.cmp);
	if (a.cmp_opts) {
		dr_err("--noise and --min-rounds go with --compare BASE NEW");
		return DR_EXIT_USAGE;
	}
	return report(argv[first], a.fmt);
}
