// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A comparison as TAP version 13: one test point per scenario key, named
 * "[KERNEL ]FS dax|nodax ID".  Only a new failure is a plain "not ok"; a
 * failure that BASE had too, or that a known issue explains, is "not ok
 * ... # TODO" (expected, as result.tap marks known issues); a scenario
 * or oracle no longer judged, or one only in BASE, is "ok ... # SKIP"
 * with why.  The changes and the rates beyond noise follow each point as
 * "# " diagnostics.
 */
#include <errno.h>
#include <string.h>

#include "results/compare.h"
#include "results/report.h"

static struct json_object *find(struct json_object *ch, const char *kind)
{
	for (size_t i = 0; ch && i < json_object_array_length(ch); i++) {
		struct json_object *c = json_object_array_get_idx(ch, i);

		if (!strcmp(dr_json_str(c, "kind", ""), kind))
			return c;
	}
	return NULL;
}

/* Why a point that is not a new failure is not a plain "ok", if it is not. */
static void directive(FILE *out, struct json_object *ch)
{
	struct json_object *c;

	if ((c = find(ch, "still_failing"))) {
		fputs(" # TODO still failing, as in BASE: ", out);
		dr_tap_text(out, dr_json_str(c, "oracle", ""));
	} else if ((c = find(ch, "still_known")) || (c = find(ch, "new_known"))) {
		fputs(" # TODO known kernel issue ", out);
		dr_tap_text(out, dr_json_str(c, "known_issue", "?"));
	} else if ((c = find(ch, "not_judged"))) {
		fputs(" # SKIP not judged: ", out);
		dr_tap_text(out, dr_json_str(c, "oracle", "scenario"));
		fputs(" ", out);
		dr_tap_text(out, dr_json_str(c, "new", ""));
	}
}

static void point(FILE *out, size_t n, struct json_object *it)
{
	struct json_object *ch = json_object_object_get(it, "changes");
	struct json_object *rates = json_object_object_get(it, "rates");
	struct json_object *c;
	char key[512];

	dr_cmp_key_text(it, key, sizeof(key));
	if (!strcmp(dr_json_str(it, "pairing", ""), "only_base")) {
		fprintf(out, "ok %zu - ", n);
		dr_tap_text(out, key);
		fputs(" # SKIP only in BASE\n", out);
		return;
	}
	fprintf(out, "%s %zu - ", find(ch, "new_failure") || find(ch, "still_failing") ||
		find(ch, "still_known") || find(ch, "new_known") ? "not ok" : "ok", n);
	dr_tap_text(out, key);
	if (!find(ch, "new_failure"))
		directive(out, ch);
	fputc('\n', out);
	if (!strcmp(dr_json_str(it, "pairing", ""), "only_new"))
		fputs("# only in NEW\n", out);
	for (size_t i = 0; ch && i < json_object_array_length(ch); i++) {
		c = json_object_array_get_idx(ch, i);
		fputs("# ", out);
		dr_tap_text(out, dr_json_str(c, "kind", ""));
		fputs(": ", out);
		dr_tap_text(out, dr_json_str(c, "oracle", "scenario"));
		fprintf(out, " %s -> %s: ", dr_json_str(c, "base", "(absent)"),
			dr_json_str(c, "new", "?"));
		dr_tap_text(out, dr_json_str(c, "text", ""));
		fputc('\n', out);
	}
	for (size_t i = 0; rates && i < json_object_array_length(rates); i++) {
		struct json_object *r = json_object_array_get_idx(rates, i);

		if (!dr_json_bool(r, "flagged", false))
			continue;
		fprintf(out, "# rate: %s %.6g -> %.6g beyond x%g\n",
			dr_json_str(r, "figure", "?"),
			json_object_get_double(json_object_object_get(r, "base")),
			json_object_get_double(json_object_object_get(r, "new")),
			json_object_get_double(json_object_object_get(r, "threshold")));
	}
}

int dr_compare_write_tap(FILE *out, struct json_object *doc)
{
	struct json_object *scs = json_object_object_get(doc, "scenarios");
	size_t n;

	if (!scs || !json_object_is_type(scs, json_type_array))
		return -EINVAL;
	n = json_object_array_length(scs);
	fprintf(out, "TAP version 13\n1..%zu\n", n);
	for (size_t i = 0; i < n; i++)
		point(out, i + 1, json_object_array_get_idx(scs, i));
	return ferror(out) ? -EIO : 0;
}
