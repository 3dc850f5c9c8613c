// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The HTML report's matrix: a row per result (one kernel and filesystem,
 * in DAX or page-cache mode), a column per scenario id seen in any of
 * them, each cell coloured by what the scenario came to and linking to
 * its section below.  A FAIL is "new" unless every violation matched a
 * known issue, also under --strict (which decides only the exit status:
 * a person still wants to see which failures are known); a scenario a
 * row did not run is NA, so rows of different workloads still line up.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "results/html.h"

enum dr_outcome dr_html_outcome(struct json_object *root, struct json_object *sc)
{
	enum dr_outcome o = dr_json_outcome(root, sc);

	return o == DR_OUTCOME_FAIL && dr_json_bool(sc, "known", false) ? DR_OUTCOME_KNOWN : o;
}

void dr_html_anchor(char *buf, size_t len, size_t r, size_t i)
{
	snprintf(buf, len, "r%zu-s%zu", r, i);
}

const char *dr_html_class(enum dr_outcome o)
{
	switch (o) {
	case DR_OUTCOME_PASS: return "v-pass";
	case DR_OUTCOME_FAIL: return "v-fail";
	case DR_OUTCOME_KNOWN: return "v-known";
	case DR_OUTCOME_ERROR: return "v-error";
	case DR_OUTCOME_SKIP: return "v-skip";
	case DR_OUTCOME_INCONCLUSIVE: return "v-inconclusive";
	}
	return "v-error";
}

const char *dr_html_word(enum dr_outcome o)
{
	switch (o) {
	case DR_OUTCOME_PASS: return "PASS";
	case DR_OUTCOME_FAIL: return "FAIL (new)";
	case DR_OUTCOME_KNOWN: return "FAIL (known)";
	case DR_OUTCOME_ERROR: return "ERROR";
	case DR_OUTCOME_SKIP: return "SKIP";
	case DR_OUTCOME_INCONCLUSIVE: return "PASS (inconclusive)";
	}
	return "ERROR";
}

/* What fits in a cell. */
static const char *cell_word(enum dr_outcome o)
{
	switch (o) {
	case DR_OUTCOME_PASS: return "pass";
	case DR_OUTCOME_FAIL: return "NEW";
	case DR_OUTCOME_KNOWN: return "known";
	case DR_OUTCOME_ERROR: return "ERR";
	case DR_OUTCOME_SKIP: return "skip";
	case DR_OUTCOME_INCONCLUSIVE: return "inc";
	}
	return "ERR";
}

void dr_html_row_label(char *buf, size_t len, struct json_object *root)
{
	snprintf(buf, len, "%s / %s / %s",
		 dr_json_str(json_object_object_get(root, "kernel"), "release", "unknown"),
		 dr_json_fs_word(root), dr_json_bool(root, "dax", false) ? "DAX" : "page cache");
}

/* A scenario's id (its name in files that have none). */
static const char *sc_id(struct json_object *sc)
{
	return dr_json_str(sc, "id", dr_json_str(sc, "name", "?"));
}

/* Every scenario id, each once, in the order first seen; NULL on ENOMEM. */
static const char **columns(struct json_object *const *roots, size_t n, size_t *nc)
{
	size_t cap = 0, k = 0;
	const char **cols;

	for (size_t r = 0; r < n; r++)
		cap += dr_html_len(json_object_object_get(roots[r], "scenarios"));
	cols = calloc(cap ? cap : 1, sizeof(*cols));
	if (!cols)
		return NULL;
	for (size_t r = 0; r < n; r++) {
		struct json_object *scs = json_object_object_get(roots[r], "scenarios");

		for (size_t i = 0; i < dr_html_len(scs); i++) {
			const char *id = sc_id(json_object_array_get_idx(scs, i));
			size_t c = 0;

			while (c < k && strcmp(cols[c], id))
				c++;
			if (c == k)
				cols[k++] = id;
		}
	}
	*nc = k;
	return cols;
}

static void cell(FILE *out, struct json_object *root, size_t r, const char *id)
{
	struct json_object *scs = json_object_object_get(root, "scenarios");
	char anchor[64];

	for (size_t i = 0; i < dr_html_len(scs); i++) {
		struct json_object *sc = json_object_array_get_idx(scs, i);
		enum dr_outcome o = dr_html_outcome(root, sc);

		if (strcmp(sc_id(sc), id))
			continue;
		dr_html_anchor(anchor, sizeof(anchor), r, i);
		fprintf(out, "<td class=\"%s\"><a href=\"#%s\" title=\"", dr_html_class(o), anchor);
		dr_html_attr(out, id);
		fprintf(out, ": %s: ", dr_html_word(o));
		dr_html_attr(out, dr_json_str(sc, "reason", ""));
		fprintf(out, "\">%s</a></td>", cell_word(o));
		return;
	}
	fputs("<td class=\"v-na\" title=\"NA: not run for this kernel and filesystem\">n/a</td>",
	      out);
}

void dr_html_grid(FILE *out, struct json_object *const *roots, size_t n)
{
	size_t nc = 0;
	const char **cols = columns(roots, n, &nc);
	char label[512];

	if (!cols) {
		fputs("<p class=\"empty\">out of memory for the matrix</p>\n", out);
		return;
	}
	fputs("<table class=\"grid\">\n<thead><tr><th class=\"corner\">kernel / fs / mode</th>", out);
	for (size_t c = 0; c < nc; c++) {
		fputs("<th class=\"col\"><span>", out);
		dr_html_text(out, cols[c]);
		fputs("</span></th>", out);
	}
	fputs("</tr></thead>\n<tbody>\n", out);
	for (size_t r = 0; r < n; r++) {
		dr_html_row_label(label, sizeof(label), roots[r]);
		fprintf(out, "<tr><th class=\"row\"><a href=\"#r%zu\">", r);
		dr_html_text(out, label);
		fputs("</a></th>", out);
		for (size_t c = 0; c < nc; c++)
			cell(out, roots[r], r, cols[c]);
		fputs("</tr>\n", out);
	}
	fputs("</tbody>\n</table>\n", out);
	free(cols);
}
