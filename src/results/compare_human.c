// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The human view of a comparison: a header with the two sides and the
 * noise rule, one table row per scenario key, then one line per change
 * a reader has to look at, and the verdict.  Plain ASCII, greppable: a
 * detail line starts with its kind ("new failure", "fixed", ...).
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "common/util.h"
#include "results/compare.h"
#include "results/report.h"

/* The kinds as a reader says them, in the order the details list them. */
static const struct { const char *kind, *words; } kinds[] = {
	{ "new_failure", "new failure" }, { "fixed", "fixed" },
	{ "still_failing", "still failing" }, { "still_known", "still known" },
	{ "new_known", "newly known" }, { "not_judged", "not judged" },
};

static const char *kind_words(const char *kind)
{
	for (size_t i = 0; i < DR_ARRAY_SIZE(kinds); i++)
		if (!strcmp(kinds[i].kind, kind))
			return kinds[i].words;
	return kind;
}

static const char *status(char *buf, size_t len, struct json_object *side)
{
	if (!side)
		return "-";
	if (dr_json_bool(side, "known", false))
		snprintf(buf, len, "FAIL (known: %s)", dr_json_str(side, "known_issue", "?"));
	else
		snprintf(buf, len, "%s", dr_json_str(side, "status", "?"));
	return buf;
}

static double num(struct json_object *o, const char *key)
{
	struct json_object *v = NULL;

	if (!json_object_object_get_ex(o, key, &v) || !v)
		return -1;
	return json_object_get_double(v);
}

static const char *per_s(char *buf, size_t len, struct json_object *side)
{
	double v = num(side, "holds_per_s");

	if (v < 0)
		return "-";
	snprintf(buf, len, "%.0f", v);
	return buf;
}

static const char *holds(char *buf, size_t len, struct json_object *it)
{
	char b[32], n[32];

	snprintf(buf, len, "%s -> %s", per_s(b, sizeof(b), json_object_object_get(it, "base")),
		 per_s(n, sizeof(n), json_object_object_get(it, "new")));
	return strcmp(buf, "- -> -") ? buf : "-";
}

/* The CHANGE column: every change's kind and oracle, and flagged rates. */
static const char *change(char *buf, size_t len, struct json_object *it)
{
	struct json_object *ch = json_object_object_get(it, "changes");
	struct json_object *rates = json_object_object_get(it, "rates");
	const char *pairing = dr_json_str(it, "pairing", "");
	size_t used = 0;

	buf[0] = '\0';
	if (!strcmp(pairing, "only_base"))
		return "only in BASE";
	if (!strcmp(pairing, "only_new"))
		used += (size_t)snprintf(buf, len, "only in NEW");
	for (size_t i = 0; ch && i < json_object_array_length(ch) && used < len; i++) {
		struct json_object *c = json_object_array_get_idx(ch, i);
		const char *k = dr_json_str(c, "kind", "");

		used += (size_t)snprintf(buf + used, len - used, "%s%s %s", used ? ", " : "",
					 !strcmp(k, "new_failure") ? "NEW FAILURE" : kind_words(k),
					 dr_json_str(c, "oracle", "scenario"));
	}
	for (size_t i = 0; rates && i < json_object_array_length(rates) && used < len; i++) {
		struct json_object *r = json_object_array_get_idx(rates, i);
		double ratio = num(r, "ratio");

		if (!dr_json_bool(r, "flagged", false))
			continue;
		if (ratio < 0)
			used += (size_t)snprintf(buf + used, len - used, "%s%s from 0",
						 used ? ", " : "", dr_json_str(r, "figure", "?"));
		else
			used += (size_t)snprintf(buf + used, len - used, "%s%s x%.2g",
						 used ? ", " : "", dr_json_str(r, "figure", "?"),
						 ratio);
	}
	return used ? buf : "-";
}

static void table(FILE *out, struct json_object *scs, bool kernel)
{
	size_t n = json_object_array_length(scs), wk = 6, wf = 2, wi = 8, wb = 4, wn = 3;
	char a[160], b[160];

	for (size_t i = 0; i < n; i++) {
		struct json_object *it = json_object_array_get_idx(scs, i);
		size_t l;

		if (kernel && (l = strlen(dr_json_str(it, "kernel", ""))) > wk)
			wk = l;
		if ((l = strlen(dr_json_str(it, "fs", ""))) > wf)
			wf = l;
		if ((l = strlen(dr_json_str(it, "id", ""))) > wi)
			wi = l;
		if ((l = strlen(status(a, sizeof(a), json_object_object_get(it, "base")))) > wb)
			wb = l;
		if ((l = strlen(status(a, sizeof(a), json_object_object_get(it, "new")))) > wn)
			wn = l;
	}
	fputc('\n', out);
	if (kernel)
		fprintf(out, "%-*s ", (int)wk, "KERNEL");
	fprintf(out, "%-*s %-5s %-*s %-*s %-*s %-17s CHANGE\n", (int)wf, "FS", "MODE",
		(int)wi, "SCENARIO", (int)wb, "BASE", (int)wn, "NEW", "HOLDS/S");
	for (size_t i = 0; i < n; i++) {
		struct json_object *it = json_object_array_get_idx(scs, i);
		char h[96], c[512];

		if (kernel)
			fprintf(out, "%-*s ", (int)wk, dr_json_str(it, "kernel", ""));
		fprintf(out, "%-*s %-5s %-*s %-*s %-*s %-17s %s\n", (int)wf,
			dr_json_str(it, "fs", ""), dr_json_bool(it, "dax", false) ? "dax" : "nodax",
			(int)wi, dr_json_str(it, "id", ""),
			(int)wb, status(a, sizeof(a), json_object_object_get(it, "base")),
			(int)wn, status(b, sizeof(b), json_object_object_get(it, "new")),
			holds(h, sizeof(h), it), change(c, sizeof(c), it));
	}
}

/* One line per change of one kind, then the rates, the unpaired and the
 * duplicates: what a reader has to look at, most urgent first. */
static void details(FILE *out, struct json_object *doc)
{
	struct json_object *scs = json_object_object_get(doc, "scenarios");
	struct json_object *dups = json_object_object_get(doc, "duplicates");
	size_t n = json_object_array_length(scs);
	char key[512];
	bool any = false;

	for (size_t k = 0; k < DR_ARRAY_SIZE(kinds); k++)
		for (size_t i = 0; i < n; i++) {
			struct json_object *it = json_object_array_get_idx(scs, i);
			struct json_object *ch = json_object_object_get(it, "changes");

			for (size_t j = 0; ch && j < json_object_array_length(ch); j++) {
				struct json_object *c = json_object_array_get_idx(ch, j);

				if (strcmp(dr_json_str(c, "kind", ""), kinds[k].kind))
					continue;
				fprintf(out, "%s%-13s %s: %s %s -> %s%s%s%s: %s\n", any ? "" : "\n",
					kinds[k].words, dr_cmp_key_text(it, key, sizeof(key)),
					dr_json_str(c, "oracle", "scenario"),
					dr_json_str(c, "base", "(absent)"), dr_json_str(c, "new", "?"),
					dr_json_str(c, "known_issue", NULL) ? " (known: " : "",
					dr_json_str(c, "known_issue", ""),
					dr_json_str(c, "known_issue", NULL) ? ")" : "",
					*dr_json_str(c, "text", "") ? dr_json_str(c, "text", "") :
					"(no reason given)");
				any = true;
			}
		}
	for (size_t i = 0; i < n; i++) {
		struct json_object *it = json_object_array_get_idx(scs, i);
		struct json_object *rates = json_object_object_get(it, "rates");

		for (size_t j = 0; rates && j < json_object_array_length(rates); j++) {
			struct json_object *r = json_object_array_get_idx(rates, j);

			if (!dr_json_bool(r, "flagged", false))
				continue;
			fprintf(out, "%s%-13s %s: %s %.6g -> %.6g (", any ? "" : "\n", "rate",
				dr_cmp_key_text(it, key, sizeof(key)), dr_json_str(r, "figure", "?"),
				num(r, "base"), num(r, "new"));
			if (num(r, "ratio") < 0)
				fprintf(out, "from 0");
			else
				fprintf(out, "x%.3g", num(r, "ratio"));
			fprintf(out, ", beyond x%g)\n", num(r, "threshold"));
			any = true;
		}
	}
	for (size_t i = 0; i < n; i++) {
		struct json_object *it = json_object_array_get_idx(scs, i);
		const char *p = dr_json_str(it, "pairing", "");
		bool base = !strcmp(p, "only_base");

		if (!base && strcmp(p, "only_new"))
			continue;
		fprintf(out, "%s%-13s %s: %s\n", any ? "" : "\n", base ? "only in BASE" : "only in NEW",
			dr_cmp_key_text(it, key, sizeof(key)),
			dr_json_str(json_object_object_get(it, base ? "base" : "new"), "path", ""));
		any = true;
	}
	for (size_t i = 0; dups && i < json_object_array_length(dups); i++) {
		struct json_object *d = json_object_array_get_idx(dups, i);

		fprintf(out, "%s%-13s %s in %s: compared %s, not %s\n", any ? "" : "\n",
			"duplicate", dr_cmp_key_text(d, key, sizeof(key)),
			!strcmp(dr_json_str(d, "side", ""), "base") ? "BASE" : "NEW",
			dr_json_str(d, "used", "?"), dr_json_str(d, "ignored", "?"));
		any = true;
	}
}

static void kernels(FILE *out, struct json_object *doc, bool in_key)
{
	const char *side[2] = { "base", "new" };

	fprintf(out, "kernel  ");
	for (int s = 0; s < 2; s++) {
		struct json_object *k = json_object_object_get(
			json_object_object_get(doc, side[s]), "kernels");

		if (s)
			fprintf(out, " -> ");
		for (size_t i = 0; k && i < json_object_array_length(k); i++)
			fprintf(out, "%s%s", i ? ", " : "",
				json_object_get_string(json_object_array_get_idx(k, i)));
	}
	fprintf(out, in_key ? "  (several: the release is part of the key)\n" :
		"  (one on each side: compared with each other, not part of the key)\n");
}

int dr_compare_write_human(FILE *out, struct json_object *doc)
{
	struct json_object *scs = json_object_object_get(doc, "scenarios");
	struct json_object *sum = json_object_object_get(doc, "summary");
	struct json_object *noise = json_object_object_get(doc, "noise");
	struct json_object *key = json_object_object_get(doc, "key");
	bool in_key = key && json_object_array_length(key) == 4;
	struct json_object *b = json_object_object_get(doc, "base");
	struct json_object *n = json_object_object_get(doc, "new");
	size_t nb = json_object_array_length(json_object_object_get(b, "results"));
	size_t nn = json_object_array_length(json_object_object_get(n, "results"));
	int64_t fails;

	if (!scs || !json_object_is_type(scs, json_type_array))
		return -EINVAL;
	fprintf(out, "base    %s (%zu result%s)\nnew     %s (%zu result%s)\n",
		dr_json_str(b, "arg", "?"), nb, dr_plural(nb), dr_json_str(n, "arg", "?"), nn,
		dr_plural(nn));
	kernels(out, doc, in_key);
	fprintf(out, "noise   holds/s beyond x%g, latency percentiles beyond x%g (power-of-two"
		" buckets), judged only with %" PRId64 " rounds on both sides\n",
		num(noise, "rate_factor"), num(noise, "latency_factor"),
		dr_json_int(noise, "min_rounds", 0));
	table(out, scs, in_key);
	details(out, doc);
	fails = dr_json_int(sum, "new_failure", 0);
	fprintf(out, "\nresult %s (exit %" PRId64 "): %" PRId64 " new failure%s, %" PRId64
		" fixed, %" PRId64 " still failing, %" PRId64 " still known, %" PRId64
		" newly known, %" PRId64 " not judged, %" PRId64 " rate change%s beyond noise;"
		" %" PRId64 " paired, %" PRId64 " only in BASE, %" PRId64 " only in NEW\n",
		dr_json_str(doc, "result", "?"), dr_json_int(doc, "exit_status", 0), fails,
		dr_plural((uint64_t)fails), dr_json_int(sum, "fixed", 0),
		dr_json_int(sum, "still_failing", 0), dr_json_int(sum, "still_known", 0),
		dr_json_int(sum, "new_known", 0), dr_json_int(sum, "not_judged", 0),
		dr_json_int(sum, "rate_changes", 0),
		dr_plural((uint64_t)dr_json_int(sum, "rate_changes", 0)),
		dr_json_int(sum, "paired", 0), dr_json_int(sum, "only_base", 0),
		dr_json_int(sum, "only_new", 0));
	return ferror(out) ? -EIO : 0;
}
