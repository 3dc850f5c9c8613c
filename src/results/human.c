// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The human rendering: a header, one table row per scenario, then what a
 * reader has to act on (failures with their violations, and why oracles
 * were skipped).  Plain ASCII, fixed columns, greppable.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "common/util.h"
#include "results/report.h"

static const char *dur(char *buf, size_t len, int64_t ns)
{
	if (ns < 0)
		snprintf(buf, len, "-");
	else if (ns < 1000)
		snprintf(buf, len, "%" PRId64 "ns", ns);
	else if (ns < 1000000)
		snprintf(buf, len, "%.1fus", ns / 1e3);
	else if (ns < 1000000000)
		snprintf(buf, len, "%.1fms", ns / 1e6);
	else
		snprintf(buf, len, "%.2fs", ns / 1e9);
	return buf;
}

static const char *latency(char *buf, size_t len, struct json_object *sc)
{
	struct json_object *lat = NULL, *h = NULL;
	char a[32], b[32];

	json_object_object_get_ex(sc, "latency", &lat);
	if (lat)
		json_object_object_get_ex(lat, "hold_to_mutator_return", &h);
	if (!h || dr_json_int(h, "count", 0) <= 0)
		return "-";
	snprintf(buf, len, "%s/%s", dur(a, sizeof(a), dr_json_int(h, "p50_ns", -1)),
		 dur(b, sizeof(b), dr_json_int(h, "p99_ns", -1)));
	return buf;
}

/* "FAIL (known: ID)" for a FAIL that is all known kernel issues. */
static const char *status_text(char *buf, size_t len, struct json_object *sc)
{
	const char *status = dr_json_str(sc, "status", "?");

	if (strcmp(status, "FAIL") || !dr_json_bool(sc, "known", false))
		return status;
	snprintf(buf, len, "FAIL (known: %s)", dr_json_str(sc, "known_issue", "?"));
	return buf;
}

/*
 * Without DAX every race ran against page-cache pages: the result may read
 * PASS, yet no fsdax page was ever pinned, which is what daxrace exists to
 * test.  Say so before anything else, and how to get a DAX mount.
 */
static void no_dax(FILE *out, struct json_object *root)
{
	const char *why = dr_json_str(root, "dax_reason", "");

	if (dr_json_bool(root, "dax", false))
		return;
	fprintf(out, "NOTE: no fsdax page was tested: %s%s%s.\n"
		"  The races ran in page-cache mode, where ORDER and GUPFAIL cannot judge.\n"
		"  To test fsdax, run on a DAX mount (mount -o dax on a pmem device), or\n"
		"  without pmem hardware through daxrace-vm, which boots a kernel with an\n"
		"  emulated pmem namespace: daxrace-vm --kernel-package 6.12 --fs ext4\n",
		*dr_json_str(root, "fs", "") ? dr_json_str(root, "fs", "") : "the filesystem",
		*why ? ": " : " is not DAX", why);
}

static void header(FILE *out, struct json_object *root)
{
	struct json_object *kernel = NULL, *sum = NULL;
	int64_t n_sc, n_rounds, n_holds, n_viol;
	char known[48] = "";

	json_object_object_get_ex(root, "kernel", &kernel);
	json_object_object_get_ex(root, "summary", &sum);
	if (dr_json_int(sum, "known", 0) > 0)
		snprintf(known, sizeof(known), " (%" PRId64 " known)",
			 dr_json_int(sum, "known", 0));
	fprintf(out, "daxrace %s  kernel %s  fs %s (%s)  seed %" PRId64 "\n",
		dr_json_str(json_object_object_get(root, "tool"), "version", "?"),
		dr_json_str(kernel, "release", "?"),
		*dr_json_str(root, "fs", "") ? dr_json_str(root, "fs", "") : "?",
		dr_json_bool(root, "dax", false) ? "DAX" : "page cache",
		dr_json_int(root, "seed", 0));
	no_dax(out, root);
	if (dr_json_str(root, "results_dir", NULL))
		fprintf(out, "results %s\n", dr_json_str(root, "results_dir", ""));
	n_sc = dr_json_int(sum, "scenarios", 0);
	n_rounds = dr_json_int(sum, "rounds", 0);
	n_holds = dr_json_int(sum, "confirmed_holds", 0);
	n_viol = dr_json_int(sum, "violations", 0);
	fprintf(out, "result %s (exit %" PRId64 "): %" PRId64 " scenario%s: %" PRId64
		" pass, %" PRId64 " fail%s, %" PRId64 " skip, %" PRId64 " error; %" PRId64
		" round%s, %" PRId64 " confirmed hold%s, %" PRId64 " violation%s%s\n",
		dr_json_str(root, "result", "?"), dr_json_int(root, "exit_status", 0),
		n_sc, dr_plural((uint64_t)n_sc), dr_json_int(sum, "pass", 0),
		dr_json_int(sum, "fail", 0), known, dr_json_int(sum, "skip", 0),
		dr_json_int(sum, "error", 0), n_rounds, dr_plural((uint64_t)n_rounds),
		n_holds, dr_plural((uint64_t)n_holds), n_viol, dr_plural((uint64_t)n_viol),
		/* INTERRUPTED says it already; a FAIL found before says it here. */
		dr_json_bool(root, "interrupted", false) &&
		strcmp(dr_json_str(root, "result", ""), "INTERRUPTED") ?
		" (interrupted)" : "");
}

/* An oracle's column: as wide as its name or its widest verdict. */
static int col_width(struct json_object *scs, const char *name)
{
	size_t w = strlen(name) > 4 ? strlen(name) : 4;

	for (size_t i = 0; i < json_object_array_length(scs); i++) {
		struct json_object *o = NULL;
		size_t l;

		json_object_object_get_ex(json_object_object_get(
			json_object_array_get_idx(scs, i), "oracles"), name, &o);
		l = strlen(dr_json_str(o, "verdict", "-"));
		if (l > w)
			w = l;
	}
	return (int)w;
}

static void table(FILE *out, struct json_object *scs)
{
	size_t n = json_object_array_length(scs), w = 8, ws = 6;
	struct json_object *first;
	char st[160];

	if (!n)
		return;
	for (size_t i = 0; i < n; i++) {
		struct json_object *sc = json_object_array_get_idx(scs, i);
		size_t l = strlen(dr_json_str(sc, "id", ""));

		if (l > w)
			w = l;
		l = strlen(status_text(st, sizeof(st), sc));
		if (l > ws)
			ws = l;
	}
	fprintf(out, "\n%-*s %-*s %10s %10s %5s", (int)w, "SCENARIO", (int)ws, "STATUS",
		"ROUNDS", "HOLDS", "VIOL");
	/* Oracle columns in the order of the first scenario (the oracle
	 * table's order). */
	first = json_object_array_get_idx(scs, 0);
	json_object_object_foreach(json_object_object_get(first, "oracles"), name, v0) {
		(void)v0;
		fprintf(out, " %-*s", col_width(scs, name), name);
	}
	fprintf(out, "  HOLD->RETURN p50/p99\n");
	for (size_t i = 0; i < n; i++) {
		struct json_object *sc = json_object_array_get_idx(scs, i), *viols = NULL;
		char lat[64];

		json_object_object_get_ex(sc, "violations", &viols);
		fprintf(out, "%-*s %-*s %10" PRId64 " %10" PRId64 " %5zu", (int)w,
			dr_json_str(sc, "id", "?"), (int)ws, status_text(st, sizeof(st), sc),
			dr_json_int(sc, "rounds", 0), dr_json_int(sc, "confirmed_holds", 0),
			viols ? json_object_array_length(viols) +
				(size_t)dr_json_int(sc, "violations_dropped", 0) : 0);
		json_object_object_foreach(json_object_object_get(first, "oracles"), oname, v1) {
			struct json_object *o = NULL;

			(void)v1;
			json_object_object_get_ex(json_object_object_get(sc, "oracles"), oname, &o);
			fprintf(out, " %-*s", col_width(scs, oname),
				dr_json_str(o, "verdict", "-"));
		}
		fprintf(out, "  %s\n", latency(lat, sizeof(lat), sc));
	}
}

/* A failure's command to paste: it runs that scenario again, exactly. */
static void reproduce(FILE *out, struct json_object *root, struct json_object *sc)
{
	const char *status = dr_json_str(sc, "status", "");
	char line[4096];
	const char *r;

	if (strcmp(status, "FAIL") && strcmp(status, "ERROR"))
		return;
	r = dr_report_repro_of(root, sc, line, sizeof(line));
	if (r)
		fprintf(out, "  reproduce: %s\n", r);
}

static void details(FILE *out, struct json_object *root, struct json_object *scs)
{
	char st[160];
	size_t n = json_object_array_length(scs);
	bool titled = false;

	for (size_t i = 0; i < n; i++) {
		struct json_object *sc = json_object_array_get_idx(scs, i), *viols = NULL;
		const char *status = dr_json_str(sc, "status", "?");
		size_t nv;

		if (!strcmp(status, "PASS"))
			continue;
		if (!titled)
			fputs("\n", out);
		titled = true;
		fprintf(out, "%s %s: %s\n", status_text(st, sizeof(st), sc),
			dr_json_str(sc, "id", "?"),
			*dr_json_str(sc, "reason", "") ? dr_json_str(sc, "reason", "") :
							 "(no reason given)");
		json_object_object_get_ex(sc, "violations", &viols);
		nv = viols ? json_object_array_length(viols) : 0;
		/* The first few say what happened; result.json has them all. */
		for (size_t j = 0; j < nv && j < 5; j++) {
			struct json_object *v = json_object_array_get_idx(viols, j);

			fprintf(out, "  %s", dr_json_str(v, "oracle", "?"));
			if (dr_json_str(v, "known_issue", NULL) && !dr_json_bool(sc, "known", false))
				fprintf(out, " (known: %s)", dr_json_str(v, "known_issue", ""));
			if (dr_json_int(v, "round", -1) >= 0)
				fprintf(out, " round %" PRId64, dr_json_int(v, "round", -1));
			fprintf(out, ": %s\n", dr_json_str(v, "summary", ""));
		}
		if (nv > 5)
			fprintf(out, "  ... %zu more in result.json\n", nv - 5);
		reproduce(out, root, sc);
	}
}

/* Does scenario sc name known issue id (its own list, or a violation's)? */
static bool names_issue(struct json_object *sc, const char *id)
{
	struct json_object *viols = json_object_object_get(sc, "violations");
	char ids[512], *save = NULL;

	snprintf(ids, sizeof(ids), "%s", dr_json_str(sc, "known_issue", ""));
	for (char *k = strtok_r(ids, ",", &save); k; k = strtok_r(NULL, ",", &save))
		if (!strcmp(k, id))
			return true;
	for (size_t i = 0; viols && i < json_object_array_length(viols); i++)
		if (!strcmp(dr_json_str(json_object_array_get_idx(viols, i), "known_issue", ""),
			    id))
			return true;
	return false;
}

/*
 * Each known issue the run matched, explained once: on 6.1 one issue
 * fails six scenarios, which name it by id ("FAIL (known: ID)").
 */
static void known_issues(FILE *out, struct json_object *root, struct json_object *scs)
{
	struct json_object *matched = NULL;
	bool titled = false;

	json_object_object_get_ex(json_object_object_get(root, "known_issues"),
				  "matched", &matched);
	if (!matched || !json_object_is_type(matched, json_type_object))
		return;
	json_object_object_foreach(matched, id, e) {
		size_t count = 0;

		for (size_t i = 0; i < json_object_array_length(scs); i++)
			count += names_issue(json_object_array_get_idx(scs, i), id);
		if (!titled)
			fputs("\n", out);
		titled = true;
		fprintf(out, "known issue %s (fix: %s; %zu scenario%s): %s\n", id,
			dr_json_str(e, "fix", "?"), count, count == 1 ? "" : "s",
			dr_json_str(e, "explanation", "?"));
	}
}

/* Why oracles did not judge (SKIP, NA, INCONCLUSIVE: a disturbed fs, with
 * its numbers), once per distinct reason. */
static void notes(FILE *out, struct json_object *scs)
{
	size_t n = json_object_array_length(scs);
	bool titled = false;

	for (size_t i = 0; i < n; i++) {
		struct json_object *sc = json_object_array_get_idx(scs, i);

		/* A skipped scenario's own reason says it all. */
		if (!strcmp(dr_json_str(sc, "status", ""), "SKIP"))
			continue;
		json_object_object_foreach(json_object_object_get(sc, "oracles"), name, o) {
			const char *verdict = dr_json_str(o, "verdict", "");
			const char *reason = dr_json_str(o, "reason", "");
			bool seen = false;
			size_t count = 0;

			if ((strcmp(verdict, "SKIP") && strcmp(verdict, "NA") &&
			     strcmp(verdict, "INCONCLUSIVE")) || !*reason)
				continue;
			for (size_t j = 0; j < n && !seen; j++) {
				struct json_object *other = json_object_array_get_idx(scs, j);
				struct json_object *p = NULL;

				if (!strcmp(dr_json_str(other, "status", ""), "SKIP"))
					continue;
				json_object_object_get_ex(json_object_object_get(other, "oracles"),
							  name, &p);
				if (strcmp(dr_json_str(p, "verdict", ""), verdict) ||
				    strcmp(dr_json_str(p, "reason", ""), reason))
					continue;
				if (j < i)
					seen = true;
				count++;
			}
			if (seen)
				continue;
			if (!titled)
				fputs("\n", out);
			titled = true;
			fprintf(out, "%s %s: %s (%zu scenario%s)\n", name, verdict, reason,
				count, count == 1 ? "" : "s");
		}
	}
}

int dr_report_write_human(FILE *out, struct json_object *root)
{
	struct json_object *scs;

	if (!json_object_object_get_ex(root, "scenarios", &scs) ||
	    !json_object_is_type(scs, json_type_array))
		return -EINVAL;
	header(out, root);
	table(out, scs);
	details(out, root, scs);
	known_issues(out, root, scs);
	notes(out, scs);
	return ferror(out) ? -EIO : 0;
}
