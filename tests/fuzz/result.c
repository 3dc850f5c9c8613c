// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target: a result.json as "daxrace report" reads it:
 * dr_report_parse_buffer (json-c's parse and dr_report_validate), and what
 * it accepts rendered in every format report offers (human, tap, json).
 */
#include "config.h"

#include <stdio.h>

#include <json-c/json.h>

#include "results/report.h"
#include "cli/run_opts.h"
#include "fuzz.h"

static FILE *out;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct json_object *root, *scs;
	char why[256];

	if (!out && !(out = fopen("/dev/null", "we")))
		abort();
	dr_fuzz_reset();
	if (dr_report_parse_buffer((const char *)data, len, &root, why, sizeof(why)))
		return 0;
	if (json_object_object_get_ex(root, "scenarios", &scs) &&
	    json_object_array_length(scs))
		dr_fuzz_plant(dr_json_str(json_object_array_get_idx(scs, 0), "id", NULL));
	for (int fmt = 0; dr_format_names[fmt]; fmt++)
		dr_report_render(out, root, fmt);
	fflush(out);
	json_object_put(root);
	return 0;
}
