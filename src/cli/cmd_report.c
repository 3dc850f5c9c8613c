// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * daxrace report DIR [--format human|tap|json]: renders a result.json
 * again, e.g. for a harness that wants TAP after the fact.  The renderers
 * are the ones "daxrace run" used, so the output is the same.  DIR may be
 * any directory daxrace or daxrace-vm wrote: the result.json files below
 * it are found and rendered in turn, each under a header naming it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/commands.h"
#include "common/exitcode.h"
#include "common/input.h"
#include "common/log.h"
#include "common/opts.h"
#include "results/find_results.h"
#include "results/report.h"
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

/* Reads and checks one result.json; prints why not, returns an exit code. */
static int load(const char *path, struct json_object **root)
{
	char why[256], *buf;
	size_t len;
	int ret;

	/* Bounded, and regular files only: a result.json that is a FIFO or a
	 * link to /dev/zero must not block or fill memory. */
	ret = dr_input_read(path, DR_INPUT_MAX_JSON, &buf, &len);
	if (ret) {
		dr_err("'%s': %s", path, dr_input_strerror(ret, DR_INPUT_MAX_JSON, why,
							     sizeof(why)));
		return ret == -ENOENT || ret == -EISDIR || ret == -ENXIO || ret == -EFBIG ?
		       DR_EXIT_USAGE : DR_EXIT_ENV;
	}
	ret = dr_report_parse_buffer(buf, len, root, why, sizeof(why));
	free(buf);
	if (ret) {
		dr_err("'%s': %s", path, why);
		return ret == -ENOMEM ? DR_EXIT_ENV : DR_EXIT_USAGE;
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

	ret = load(path, &root);
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
 * DIR holds no result.json of its own: render every one below it.  Only
 * the human rendering takes several (with headers): several TAP streams
 * or JSON documents in a row would be neither TAP nor JSON.
 */
static int render_below(const char *dir, int fmt)
{
	struct dr_found found;
	int ret, worst = 0;

	ret = dr_find_results(dir, &found);
	if (ret == -E2BIG) {
		dr_err("'%s': more than %d result.json files below it: name one run",
		       dir, DR_FIND_MAX_RESULTS);
		return DR_EXIT_USAGE;
	}
	if (ret) {
		dr_err("'%s': %s", dir, strerror(-ret));
		return ret == -ENOMEM ? DR_EXIT_ENV : DR_EXIT_USAGE;
	}
	if (!found.n) {
		dr_err("'%s': no result.json in it or below it (%d levels, links not followed)",
		       dir, DR_FIND_MAX_DEPTH);
		return DR_EXIT_USAGE;
	}
	if (found.n > 1 && fmt != DR_FORMAT_HUMAN) {
		dr_err("'%s': holds %zu results (%s, ...): --format %s renders one; name its directory",
		       dir, found.n, found.paths[0], dr_format_names[fmt]);
		dr_found_free(&found);
		return DR_EXIT_USAGE;
	}
	for (size_t i = 0; i < found.n; i++) {
		if (i)
			putchar('\n');
		ret = render(found.paths[i], fmt, fmt == DR_FORMAT_HUMAN);
		/* a bad one is named and the others still shown */
		if (ret && !worst)
			worst = ret;
	}
	dr_found_free(&found);
	return worst;
}

/* DIR is a run directory, a directory of runs, or a result.json itself. */
static int report(const char *arg, int fmt)
{
	char path[4096];
	struct stat st;

	if (stat(arg, &st)) {
		int err = errno;

		dr_err("'%s': %s", arg, strerror(err));
		return err == ENOENT || err == ENOTDIR ? DR_EXIT_USAGE : DR_EXIT_ENV;
	}
	if (!S_ISDIR(st.st_mode))
		return render(arg, fmt, 0);
	if ((size_t)snprintf(path, sizeof(path), "%s/result.json", arg) >= sizeof(path)) {
		dr_err("'%s': path too long", arg);
		return DR_EXIT_USAGE;
	}
	/* A run directory's own result.json, whatever it is: a FIFO there
	 * is refused by name, not walked past. */
	if (!lstat(path, &st))
		return render(path, fmt, 0);
	return render_below(arg, fmt);
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
