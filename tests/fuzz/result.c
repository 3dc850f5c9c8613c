// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target: a result.json as "daxrace report" reads it.  The
 * bytes are parsed the way json_object_from_file parses a file (one
 * json_tokener_parse_ex over the whole text, json-c's default depth), put
 * through dr_report_validate, and what passes is rendered in every format
 * report offers (human, tap, json), as it would be to a terminal.
 */
#include "config.h"

#include <stdio.h>

#include <json-c/json.h>

#include "report/report.h"
#include "report/run_opts.h"
#include "fuzz.h"

static FILE *out;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct json_tokener *tok;
	struct json_object *root, *scs;
	char why[256];

	if (!out && !(out = fopen("/dev/null", "we")))
		abort();
	dr_fuzz_reset();
	tok = len <= INT32_MAX ? json_tokener_new() : NULL;
	if (!tok)
		return 0;
	root = json_tokener_parse_ex(tok, (const char *)data, (int)len);
	json_tokener_free(tok);
	if (!root)
		return 0;
	if (dr_report_validate(root, why, sizeof(why)))
		goto out;
	if (json_object_object_get_ex(root, "scenarios", &scs) &&
	    json_object_array_length(scs))
		dr_fuzz_plant(dr_json_str(json_object_array_get_idx(scs, 0), "id", NULL));
	for (int fmt = 0; dr_format_names[fmt]; fmt++)
		dr_report_render(out, root, fmt);
	fflush(out);
out:
	json_object_put(root);
	return 0;
}
