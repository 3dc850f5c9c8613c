// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * README.txt of a bug bundle: a draft of the report to send upstream
 * (linux-fsdevel, nvdimm, linux-mm), with what maintainers ask first:
 * the kernel and its config, the filesystem and pmem setup, what raced,
 * what the oracle saw, the functions in the stack or trace, the known
 * issue with its fix when daxrace knows one, and how to reproduce.  A
 * person edits it before sending; it states only what result.json holds.
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "oracles/oracle.h"
#include "results/bundle.h"
#include "results/report.h"

#define WIDTH 72

/* text, word-wrapped at WIDTH (mail is read so), going on from column col
 * of the current line, its next lines indented by indent spaces. */
static void wrap(FILE *f, int col, int indent, const char *text)
{
	bool first = true;

	while (*text) {
		size_t w;

		text += strspn(text, " \t\n");
		w = strcspn(text, " \t\n");
		if (!w)
			break;
		if (!first && col + 1 + (int)w > WIDTH) {
			fputc('\n', f);
			col = 0;
		}
		if (!col)
			col = fprintf(f, "%*s", indent, "");
		else if (!first)
			col += fprintf(f, " ");
		col += fprintf(f, "%.*s", (int)w, text);
		text += w;
		first = false;
	}
	fputc('\n', f);
}

/* The oracles that failed in sc, "LIVE" or "LIVE, KLOG". */
static void failed_oracles(struct json_object *sc, char *buf, size_t len)
{
	struct json_object *oracles = NULL;
	size_t used = 0;

	buf[0] = '\0';
	json_object_object_get_ex(sc, "oracles", &oracles);
	if (!oracles || !json_object_is_type(oracles, json_type_object))
		return;
	json_object_object_foreach(oracles, name, v) {
		int n;

		if (strcmp(dr_json_str(v, "verdict", ""), "FAIL"))
			continue;
		n = snprintf(buf + used, len - used, "%s%s", used ? ", " : "", name);
		if (n < 0 || (size_t)n >= len - used)
			return;
		used += (size_t)n;
	}
}

static void subject(FILE *f, struct dr_bundle *b, const char *oracle)
{
	struct json_object *kernel = NULL;
	const char *fs = dr_json_str(b->env, "fs", "?");

	json_object_object_get_ex(b->root, "kernel", &kernel);
	fprintf(f, "Subject: [BUG] fsdax: %s %s in %s on %s%s, Linux %s\n\n",
		*oracle ? oracle : "failure",
		strchr(oracle, ',') ? "failures" : "failure",
		dr_json_str(b->sc, "name", "?"), fs,
		dr_json_bool(b->env, "dax", false) ? " DAX" : " (page-cache mode)",
		dr_json_str(kernel, "release", "?"));
}

static void environment(FILE *f, struct dr_bundle *b)
{
	struct json_object *kernel = NULL, *config = NULL;
	char line[1024];

	json_object_object_get_ex(b->root, "kernel", &kernel);
	fprintf(f, "Kernel:        %s (%s)\n", dr_json_str(kernel, "release", "?"),
		dr_json_str(kernel, "version", "?"));
	if (json_object_object_get_ex(kernel, "config", &config) &&
	    json_object_is_type(config, json_type_object)) {
		static const char *const key[] = {
			"CONFIG_FS_DAX", "CONFIG_FS_DAX_PMD", "CONFIG_ZONE_DEVICE",
			"CONFIG_TRANSPARENT_HUGEPAGE", "CONFIG_USERFAULTFD",
		};
		size_t used = 0;

		line[0] = '\0';
		for (size_t i = 0; i < sizeof(key) / sizeof(key[0]); i++)
			used += (size_t)snprintf(line + used, sizeof(line) - used, "%s=%s ",
						 key[i] + strlen("CONFIG_"),
						 dr_json_str(config, key[i], "n"));
		snprintf(line + used, sizeof(line) - used, "(all of them in config.txt)");
		wrap(f, fprintf(f, "Config:        "), 15, line);
	} else {
		fprintf(f, "Config:        not recorded (config.txt says why)\n");
	}
	snprintf(line, sizeof(line), "%s, mounted %s; %s", dr_json_str(b->env, "fs", "?"),
		 dr_json_str(b->env, "mount_options", "?"),
		 dr_json_bool(b->env, "dax", false) ? "DAX" : "not DAX (page-cache mode)");
	wrap(f, fprintf(f, "Filesystem:    "), 15, line);
	wrap(f, fprintf(f, "pmem:          "), 15,
	     *dr_json_str(b->env, "namespace", "") ? dr_json_str(b->env, "namespace", "") :
	     "no namespace recorded (see pmem.txt)");
	snprintf(line, sizeof(line), "%s (the O_DIRECT side of the I/O)",
		 dr_json_str(b->env, "partner", "?"));
	wrap(f, fprintf(f, "Partner:       "), 15, line);
}

static void scenario(FILE *f, struct dr_bundle *b, const char *oracles)
{
	struct json_object *sc = b->sc, *viols = NULL;
	char list[512];
	size_t n;

	snprintf(list, sizeof(list), "%s: the %s actor holds GUP references to %s pages "
		 "(stall %s) while the %s mutator changes the file's layout over them; "
		 "%lld rounds, %lld confirmed holds", dr_json_str(sc, "name", "?"),
		 dr_json_str(sc, "actor", "?"),
		 dr_json_bool(b->env, "dax", false) ? "a DAX file's" : "a file's page-cache",
		 dr_json_str(sc, "stall", "?"),
		 dr_json_str(sc, "mutator", "?"), (long long)dr_json_int(sc, "rounds", 0),
		 (long long)dr_json_int(sc, "confirmed_holds", 0));
	wrap(f, fprintf(f, "\nScenario:      ") - 1, 15, list);
	fprintf(f, "Oracle:        %s\n", *oracles ? oracles : "none recorded as FAIL");
	snprintf(list, sizeof(list), "%s", oracles);
	for (char *tok = strtok(list, ", "); tok; tok = strtok(NULL, ", ")) {
		const struct dr_oracle_ops *o = dr_oracle_by_name(tok);

		if (o) {
			char line[512];

			snprintf(line, sizeof(line), "%s fires when %s.", tok, o->summary);
			wrap(f, 0, 15, line);
		}
	}
	wrap(f, fprintf(f, "Verdict:       FAIL: "), 15, dr_json_str(sc, "reason", ""));
	json_object_object_get_ex(sc, "violations", &viols);
	n = viols ? json_object_array_length(viols) : 0;
	fprintf(f, "\nWhat daxrace saw (%zu violation%s%s):\n", n, n == 1 ? "" : "s",
		n > DR_BUNDLE_MAX_TRACES ? ", the first ones" : "");
	for (size_t i = 0; i < n && i < DR_BUNDLE_MAX_TRACES; i++) {
		struct json_object *v = json_object_array_get_idx(viols, i);
		char line[1024];

		snprintf(line, sizeof(line), "%s: %s", dr_json_str(v, "oracle", "?"),
			 dr_json_str(v, "summary", ""));
		wrap(f, fprintf(f, "  - "), 4, line);
	}
	if (b->nr_funcs) {
		fprintf(f, "\nFunctions in the %s (stack.txt):\n", b->trace_kind);
		for (size_t i = 0; i < b->nr_funcs; i++)
			fprintf(f, "  %s()\n", b->funcs[i]);
	} else {
		fprintf(f, "\nNo kernel stack or trace was recorded for it (stack.txt).\n");
	}
}

/* The other failures of the run, and its counts. */
static void run_summary(FILE *f, struct dr_bundle *b)
{
	struct json_object *sum = NULL, *scs = NULL;

	char line[512];

	json_object_object_get_ex(b->root, "summary", &sum);
	snprintf(line, sizeof(line), "%s, %lld scenario%s: %lld pass, %lld fail (%lld known), "
		 "%lld skip, %lld error; seed %lld", dr_json_str(b->root, "result", "?"),
		 (long long)dr_json_int(sum, "scenarios", 0),
		 dr_json_int(sum, "scenarios", 0) == 1 ? "" : "s",
		 (long long)dr_json_int(sum, "pass", 0),
		 (long long)dr_json_int(sum, "fail", 0), (long long)dr_json_int(sum, "known", 0),
		 (long long)dr_json_int(sum, "skip", 0), (long long)dr_json_int(sum, "error", 0),
		 (long long)dr_json_int(b->root, "seed", 0));
	wrap(f, fprintf(f, "\nThe whole run: ") - 1, 2, line);
	json_object_object_get_ex(b->root, "scenarios", &scs);
	for (size_t i = 0; scs && i < json_object_array_length(scs); i++) {
		struct json_object *sc = json_object_array_get_idx(scs, i);

		if (sc == b->sc || strcmp(dr_json_str(sc, "status", ""), "FAIL"))
			continue;
		fprintf(f, "  also FAIL: %s%s%s\n", dr_json_str(sc, "name", "?"),
			dr_json_bool(sc, "known", false) ? ", known: " : "",
			dr_json_bool(sc, "known", false) ? dr_json_str(sc, "known_issue", "?") : "");
	}
}

static void known(FILE *f, struct dr_bundle *b)
{
	static const struct {
		const char *key, *label;
	} fields[] = {
		{ "fix", "Fix" },
		{ "introduced", "Introduced by" },
		{ "explanation", "Why" },
	};

	if (!b->issue_id) {
		fprintf(f, "\nKnown issue:   none: daxrace's known-issues file has no entry for this\n"
			"               failure, so it is a new one as far as daxrace knows.\n");
		return;
	}
	fprintf(f, "\nKnown issue:   %s (daxrace's known-issues file)\n", b->issue_id);
	if (b->issue)
		fprintf(f, "Kernels:       %s..%s (upstream versions, the upper one excluded)\n",
			dr_json_str(b->issue, "kernel_min", ""),
			dr_json_str(b->issue, "kernel_below", ""));
	if (!b->issue) {
		fprintf(f, "               (result.json does not hold the entry itself)\n");
		return;
	}
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		const char *v = dr_json_str(b->issue, fields[i].key, NULL);

		if (!v || !*v)
			continue;
		fprintf(f, "%s:\n", fields[i].label);
		wrap(f, 0, 2, v);
	}
}

static void reproduce(FILE *f, struct dr_bundle *b)
{
	char buf[4096];
	const char *line = dr_report_repro_of(b->root, b->sc, buf, sizeof(buf));

	fprintf(f, "\nReproduce (reproduce.sh; the scenario alone, with its seed and rounds):\n"
		"  %s\n", line ? line : "(result.json records too little to build the line)");
	if (*b->repro) {
		char text[512];

		snprintf(text, sizeof(text), "%s, from daxrace's tests/repro/ (its header says "
			 "how to build and run it; exit 1 means the bug is there)", b->repro);
		wrap(f, fprintf(f, "Minimal reproducer: "), 2, text);
	}
	else if (*b->repro_missing)
		wrap(f, fprintf(f, "Minimal reproducer: not in this bundle: "), 2, b->repro_missing);
}

int dr_bundle_readme(FILE *f, void *ctx)
{
	struct dr_bundle *b = ctx;
	struct json_object *tool = NULL;
	char oracles[128];

	failed_oracles(b->sc, oracles, sizeof(oracles));
	subject(f, b, oracles);
	fprintf(f, "[Draft written by daxrace report --bundle from result.json: edit before\n"
		"sending.]\n\n");
	environment(f, b);
	scenario(f, b, oracles);
	run_summary(f, b);
	known(f, b);
	reproduce(f, b);
	json_object_object_get_ex(b->root, "tool", &tool);
	fprintf(f, "\nFiles:\n");
	for (size_t i = 0; dr_bundle_names[i]; i++)
		fprintf(f, "  %s\n", dr_bundle_names[i]);
	if (*b->repro)
		fprintf(f, "  %s\n", b->repro);
	fprintf(f, "\nFound by daxrace %s (GUP vs. fsdax layout changes).\n",
		dr_json_str(tool, "version", "?"));
	return ferror(f) ? -EIO : 0;
}
