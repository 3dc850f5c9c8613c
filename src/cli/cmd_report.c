// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * daxrace report DIR [--format human|tap|json]: renders a result.json
 * again, e.g. for a harness that wants TAP after the fact.  The renderers
 * are the ones "daxrace run" used, so the output is the same.  DIR may be
 * any directory daxrace or daxrace-vm wrote: the result.json files below
 * it are found and rendered in turn, each under a header naming it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/commands.h"
#include "common/exitcode.h"
#include "common/log.h"
#include "common/opts.h"
#include "results/report.h"
#include "results/result_load.h"
#include "cli/run_opts.h"

enum { OPT_FORMAT = 0x3000 };

static const struct dr_option report_opts[] = {
	{ "format", OPT_FORMAT, "human|tap|json", "what to print (default human)" },
	DR_OPT_END,
};

static int handle(void *ctx, int key, const char *arg)
{
	int *fmt = ctx;

	if (key == OPT_FORMAT)
		return dr_parse_choice("format", arg, dr_format_names, fmt);
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

int cmd_report(int argc, char **argv)
{
	int fmt = DR_FORMAT_HUMAN, first, ret;

	ret = dr_parse_options("report", "DIR [--format human|tap|json]", report_opts,
			       argc, argv, handle, &fmt, &first);
	if (ret)
		return ret;
	/* Options may follow DIR as the synopsis shows. */
	if (first < argc && first + 1 < argc) {
		int more;

		ret = dr_parse_options("report", "DIR [--format human|tap|json]",
				       report_opts, argc - first, argv + first,
				       handle, &fmt, &more);
		if (ret)
			return ret;
		if (more < argc - first) {
			dr_err("unexpected argument '%s'", argv[first + more]);
			fprintf(stderr, "Try 'daxrace report --help'.\n");
			return DR_EXIT_USAGE;
		}
	}
	if (first >= argc) {
		dr_err("missing DIR: the run directory holding result.json");
		fprintf(stderr, "Try 'daxrace report --help'.\n");
		return DR_EXIT_USAGE;
	}
	return report(argv[first], fmt);
}
