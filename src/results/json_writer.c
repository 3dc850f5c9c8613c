// SPDX-License-Identifier: GPL-2.0-or-later
/* result.json and its renderings, on stdout or into the run directory. */
#include <errno.h>
#include <stdio.h>

#include "results/output.h"
#include "results/report.h"

int dr_report_write_json(FILE *out, struct json_object *root)
{
	const char *s = json_object_to_json_string_ext(root,
		JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
		JSON_C_TO_STRING_NOSLASHESCAPE);

	if (!s)
		return -ENOMEM;
	return fprintf(out, "%s\n", s) < 0 ? -EIO : 0;
}

int dr_report_render(FILE *out, struct json_object *root, int fmt)
{
	switch (fmt) {
	case DR_FORMAT_TAP:
		return dr_report_write_tap(out, root);
	case DR_FORMAT_JSON:
		return dr_report_write_json(out, root);
	default:
		return dr_report_write_human(out, root);
	}
}

struct render_ctx {
	struct json_object *root;
	int fmt;
};

static int fill(FILE *f, void *ctx)
{
	struct render_ctx *rc = ctx;

	return dr_report_render(f, rc->root, rc->fmt);
}

int dr_report_save(int dirfd, const char *name, struct json_object *root,
		   int fmt)
{
	struct render_ctx rc = { root, fmt };

	return dr_save_file(dirfd, name, fill, &rc);
}
