// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Reading result.json files named on the command line: one file, a run
 * directory, or any directory daxrace or daxrace-vm wrote.  Shared by
 * "daxrace report DIR" and "daxrace report --compare BASE NEW", so both
 * accept the same inputs and refuse bad ones with the same words.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/exitcode.h"
#include "common/input.h"
#include "common/log.h"
#include "results/report.h"
#include "results/result_load.h"

int dr_result_load(const char *path, struct json_object **root)
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

static int one(const char *path, struct dr_found *found)
{
	found->paths = malloc(sizeof(*found->paths));
	found->n = 0;
	if (!found->paths || !(found->paths[0] = strdup(path))) {
		free(found->paths);
		found->paths = NULL;
		dr_err("out of memory");
		return DR_EXIT_ENV;
	}
	found->n = 1;
	return 0;
}

static int below(const char *dir, struct dr_found *found)
{
	int ret = dr_find_results(dir, found);

	if (ret == -E2BIG) {
		dr_err("'%s': more than %d result.json files below it: name one run",
		       dir, DR_FIND_MAX_RESULTS);
		return DR_EXIT_USAGE;
	}
	if (ret) {
		dr_err("'%s': %s", dir, strerror(-ret));
		return ret == -ENOMEM ? DR_EXIT_ENV : DR_EXIT_USAGE;
	}
	if (!found->n) {
		dr_err("'%s': no result.json in it or below it (%d levels, links not followed)",
		       dir, DR_FIND_MAX_DEPTH);
		return DR_EXIT_USAGE;
	}
	return 0;
}

int dr_result_collect(const char *arg, struct dr_found *found, int *walked)
{
	char path[4096];
	struct stat st;

	*walked = 0;
	found->paths = NULL;
	found->n = 0;
	if (stat(arg, &st)) {
		int err = errno;

		dr_err("'%s': %s", arg, strerror(err));
		return err == ENOENT || err == ENOTDIR ? DR_EXIT_USAGE : DR_EXIT_ENV;
	}
	if (!S_ISDIR(st.st_mode))
		return one(arg, found);
	if ((size_t)snprintf(path, sizeof(path), "%s/result.json", arg) >= sizeof(path)) {
		dr_err("'%s': path too long", arg);
		return DR_EXIT_USAGE;
	}
	if (!lstat(path, &st))
		return one(path, found);
	*walked = 1;
	return below(arg, found);
}
