// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * JUnit XML, as Jenkins (junit plugin) and GitLab (artifacts:reports:junit)
 * read it: <testsuites> with one <testsuite> per result.json (one kernel
 * and filesystem), one <testcase> per scenario.  A FAIL is a <failure>
 * whose text is every kept violation with its evidence; an ERROR is an
 * <error>; a SKIP is <skipped> with its reason.  As in result.tap, a FAIL
 * that is all known kernel issues (not under --strict) is <skipped>
 * naming the issue, since JUnit has no expected failure, and a PASS in
 * which an oracle was INCONCLUSIVE is <skipped> too: it was not fully
 * checked.  <system-out> holds the reproduce line and the oracles'
 * verdicts.  All text goes through dr_xml_escape: evidence is kernel log
 * text and may hold anything.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "results/report.h"
#include "results/xml_escape.h"

struct counts {
	size_t tests, failures, errors, skipped;
	double time;
};

static void count(struct json_object *root, struct counts *c)
{
	struct json_object *scs = json_object_object_get(root, "scenarios");

	for (size_t i = 0; i < json_object_array_length(scs); i++) {
		struct json_object *sc = json_object_array_get_idx(scs, i);

		c->tests++;
		c->time += dr_json_num(sc, "duration_s", 0);
		switch (dr_json_outcome(root, sc)) {
		case DR_OUTCOME_FAIL:
			c->failures++;
			break;
		case DR_OUTCOME_ERROR:
			c->errors++;
			break;
		case DR_OUTCOME_PASS:
			break;
		default:
			c->skipped++;
		}
	}
}

static void attr(FILE *out, const char *name, const char *value)
{
	fprintf(out, " %s=\"", name);
	dr_xml_escape(out, value, true);
	fputc('"', out);
}

static void counts_attrs(FILE *out, const struct counts *c)
{
	fprintf(out, " tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"%zu\" time=\"%.3f\"",
		c->tests, c->failures, c->errors, c->skipped, c->time);
}

static void property(FILE *out, const char *name, const char *value)
{
	if (!value)
		return;
	fputs("      <property", out);
	attr(out, "name", name);
	attr(out, "value", value);
	fputs("/>\n", out);
}

/* "daxrace.6_1_0-56-amd64.ext4": readers split a classname at its dots. */
static void classname(char *buf, size_t len, struct json_object *root)
{
	const char *rel = dr_json_str(json_object_object_get(root, "kernel"), "release", "");
	char r[256];

	snprintf(r, sizeof(r), "%s", *rel ? rel : "unknown");
	for (char *p = r; *p; p++)
		if (*p == '.')
			*p = '_';
	snprintf(buf, len, "daxrace.%s.%s", r, dr_json_fs_word(root));
}

/* Every kept violation: what fired, then its evidence. */
static void violations(FILE *out, struct json_object *sc)
{
	struct json_object *viols = json_object_object_get(sc, "violations");

	for (size_t i = 0; viols && i < json_object_array_length(viols); i++) {
		struct json_object *v = json_object_array_get_idx(viols, i);
		char round[32] = "";

		if (dr_json_int(v, "round", -1) >= 0)
			snprintf(round, sizeof(round), " round %" PRId64, dr_json_int(v, "round", -1));
		fprintf(out, "%s%s: ", dr_json_str(v, "oracle", "?"), round);
		dr_xml_escape(out, dr_json_str(v, "summary", ""), false);
		fputc('\n', out);
		if (dr_json_str(v, "evidence", NULL)) {
			dr_xml_escape(out, dr_json_str(v, "evidence", ""), false);
			fputs("\n", out);
		}
		fputc('\n', out);
	}
	if (dr_json_int(sc, "violations_dropped", 0) > 0)
		fprintf(out, "%" PRId64 " more violations were counted but not kept\n",
			dr_json_int(sc, "violations_dropped", 0));
}

/* The element saying what went wrong (or why it was not a pass), if any. */
static void verdict(FILE *out, struct json_object *root, struct json_object *sc)
{
	const char *reason = dr_json_str(sc, "reason", ""), *oname, *oreason;
	char msg[512];

	switch (dr_json_outcome(root, sc)) {
	case DR_OUTCOME_FAIL:
	case DR_OUTCOME_ERROR: {
		const char *tag = dr_json_outcome(root, sc) == DR_OUTCOME_FAIL ? "failure" : "error";
		struct json_object *v0 = json_object_array_get_idx(
			json_object_object_get(sc, "violations"), 0);

		fprintf(out, "      <%s", tag);
		attr(out, "message", reason);
		attr(out, "type", v0 ? dr_json_str(v0, "oracle", "?") : dr_json_str(sc, "status", ""));
		fputs(">", out);
		dr_xml_escape(out, reason, false);
		fputs("\n\n", out);
		violations(out, sc);
		fprintf(out, "</%s>\n", tag);
		break;
	}
	case DR_OUTCOME_KNOWN:
		snprintf(msg, sizeof(msg), "known kernel issue %s: %s",
			 dr_json_str(sc, "known_issue", "?"), reason);
		fputs("      <skipped", out);
		attr(out, "message", msg);
		fputs("/>\n", out);
		break;
	case DR_OUTCOME_INCONCLUSIVE:
		(void)dr_json_inconclusive(sc, &oname, &oreason);
		snprintf(msg, sizeof(msg), "inconclusive: %s: %s", oname, oreason);
		fputs("      <skipped", out);
		attr(out, "message", msg);
		fputs("/>\n", out);
		break;
	case DR_OUTCOME_SKIP:
		fputs("      <skipped", out);
		attr(out, "message", *reason ? reason : "no reason given");
		fputs("/>\n", out);
		break;
	default:
		break;
	}
}

/* The reproduce line, the oracles' verdicts, and a known FAIL's evidence. */
static void system_out(FILE *out, struct json_object *root, struct json_object *sc)
{
	struct json_object *matched = json_object_object_get(
		json_object_object_get(root, "known_issues"), "matched");
	char line[4096];
	const char *r = dr_report_repro_of(root, sc, line, sizeof(line));

	fputs("      <system-out>", out);
	if (r) {
		fputs("reproduce: ", out);
		dr_xml_escape(out, r, false);
		fputc('\n', out);
	}
	json_object_object_foreach(json_object_object_get(sc, "oracles"), name, o) {
		fprintf(out, "%s %s: ", name, dr_json_str(o, "verdict", "?"));
		dr_xml_escape(out, dr_json_str(o, "reason", ""), false);
		fputc('\n', out);
	}
	if (dr_json_outcome(root, sc) == DR_OUTCOME_KNOWN) {
		char ids[512], *save = NULL;

		snprintf(ids, sizeof(ids), "%s", dr_json_str(sc, "known_issue", ""));
		for (char *id = strtok_r(ids, ",", &save); id; id = strtok_r(NULL, ",", &save)) {
			struct json_object *e = json_object_object_get(matched, id);

			fputs("known issue ", out);
			dr_xml_escape(out, id, false);
			fputs(" (fix: ", out);
			dr_xml_escape(out, dr_json_str(e, "fix", "?"), false);
			fputs("): ", out);
			dr_xml_escape(out, dr_json_str(e, "explanation", "?"), false);
			fputc('\n', out);
		}
		fputc('\n', out);
		violations(out, sc);
	}
	fputs("</system-out>\n", out);
}

static void suite(FILE *out, struct json_object *root, const char *path)
{
	struct json_object *kernel = json_object_object_get(root, "kernel");
	struct json_object *scs = json_object_object_get(root, "scenarios");
	struct counts c = { 0 };
	char name[512], cls[512], seed[32];

	count(root, &c);
	snprintf(name, sizeof(name), "%s/%s", dr_json_str(kernel, "release", "unknown"),
		 dr_json_fs_word(root));
	classname(cls, sizeof(cls), root);
	fputs("  <testsuite", out);
	attr(out, "name", name);
	counts_attrs(out, &c);
	if (dr_json_str(root, "started", NULL)) {
		/* JUnit's timestamp has no zone designator */
		snprintf(seed, sizeof(seed), "%.19s", dr_json_str(root, "started", ""));
		attr(out, "timestamp", seed);
	}
	attr(out, "hostname", dr_json_str(json_object_object_get(root, "host"), "hostname", ""));
	fputs(">\n    <properties>\n", out);
	property(out, "kernel.release", dr_json_str(kernel, "release", NULL));
	property(out, "kernel.version", dr_json_str(kernel, "version", NULL));
	property(out, "fs", dr_json_str(root, "fs", NULL));
	property(out, "dax", dr_json_bool(root, "dax", false) ? "true" : "false");
	snprintf(seed, sizeof(seed), "%" PRId64, dr_json_int(root, "seed", 0));
	property(out, "seed", seed);
	property(out, "result", dr_json_str(root, "result", NULL));
	property(out, "strict", dr_json_bool(root, "strict", false) ? "true" : "false");
	property(out, "result.json", path);
	property(out, "vm.command",
		 dr_json_str(json_object_object_get(root, "vm"), "command", NULL));
	fputs("    </properties>\n", out);
	for (size_t i = 0; i < json_object_array_length(scs); i++) {
		struct json_object *sc = json_object_array_get_idx(scs, i);

		fputs("    <testcase", out);
		attr(out, "name", dr_json_str(sc, "id", dr_json_str(sc, "name", "?")));
		attr(out, "classname", cls);
		fprintf(out, " time=\"%.3f\">\n", dr_json_num(sc, "duration_s", 0));
		verdict(out, root, sc);
		system_out(out, root, sc);
		fputs("    </testcase>\n", out);
	}
	fputs("  </testsuite>\n", out);
}

int dr_report_write_junit(FILE *out, struct json_object *const *roots,
			  const char *const *paths, size_t n)
{
	struct counts all = { 0 };

	for (size_t i = 0; i < n; i++)
		count(roots[i], &all);
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"daxrace\"", out);
	counts_attrs(out, &all);
	fputs(">\n", out);
	for (size_t i = 0; i < n; i++)
		suite(out, roots[i], paths[i]);
	fputs("</testsuites>\n", out);
	return ferror(out) ? -EIO : 0;
}
