// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * daxrace report DIR [--format human|tap|json]: renders a result.json
 * again, e.g. for a harness that wants TAP after the fact.  The renderers
 * are the ones "daxrace run" used, so the output is the same.
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
#include "report/report.h"
#include "report/run_opts.h"

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

/* DIR is a run directory; a path to result.json itself is accepted too. */
static int load(const char *arg, struct json_object **root)
{
	char path[4096], *buf;
	struct stat st;
	char why[256];
	size_t len;
	int ret;

	if (stat(arg, &st)) {
		int err = errno;

		dr_err("'%s': %s", arg, strerror(err));
		return err == ENOENT || err == ENOTDIR ? DR_EXIT_USAGE : DR_EXIT_ENV;
	}
	if (S_ISDIR(st.st_mode))
		snprintf(path, sizeof(path), "%s/result.json", arg);
	else
		snprintf(path, sizeof(path), "%s", arg);
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

int cmd_report(int argc, char **argv)
{
	struct json_object *root = NULL;
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
	ret = load(argv[first], &root);
	if (ret)
		return ret;
	ret = dr_report_render(stdout, root, fmt);
	json_object_put(root);
	if (ret || fflush(stdout)) {
		dr_err("cannot write the report: %s", strerror(ret ? -ret : errno));
		return DR_EXIT_ENV;
	}
	return DR_EXIT_PASS;
}
