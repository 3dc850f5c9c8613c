// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * result.tap: TAP version 13, one test point per scenario named by its
 * stable id ("dio-read.punch.uffd", or "GROUP/dio-read.punch.uffd" from a
 * workload), with a YAML block holding the oracle verdicts and the
 * violations.  Strings are always double-quoted YAML so that no reason or
 * evidence text can break the block.  A FAIL that is all known kernel
 * issues is "not ok ... # TODO known kernel issue ID": TAP consumers (and
 * automake's tap-driver, as XFAIL) count it as expected, not as a new bug.
 * Not under --strict, where a known issue fails the run like any other.
 * An interrupted run ends with "Bail out! interrupted: ...".
 * A PASS in which an oracle was INCONCLUSIVE (it could not judge: another
 * writer disturbed the fs) is "ok ... # SKIP inconclusive: ORACLE: why":
 * nothing failed, but the scenario was not fully checked.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "results/report.h"

static void yaml_str(FILE *out, const char *s)
{
	fputc('"', out);
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", out);
		else if (c == '\t')
			fputs("\\t", out);
		else if (c < 0x20 || c >= 0x7f)
			fprintf(out, "\\x%02x", c);
		else
			fputc(c, out);
	}
	fputc('"', out);
}

void dr_tap_text(FILE *out, const char *s)
{
	for (; s && *s; s++)
		fputc(*s == '#' || *s == '\n' || *s == '\r' ? ' ' : *s, out);
}

static void yaml_hist(FILE *out, const char *name, struct json_object *lat)
{
	struct json_object *h;

	if (!json_object_object_get_ex(lat, name, &h))
		return;
	fprintf(out, "    %s: {count: %" PRId64, name, dr_json_int(h, "count", 0));
	if (dr_json_int(h, "count", 0) > 0)
		fprintf(out, ", p50_ns: %" PRId64 ", p99_ns: %" PRId64 ", max_ns: %" PRId64,
			dr_json_int(h, "p50_ns", 0), dr_json_int(h, "p99_ns", 0),
			dr_json_int(h, "max_ns", 0));
	fputs("}\n", out);
}

/* The matched entries of a known scenario, from the run's known_issues. */
static void yaml_known(FILE *out, struct json_object *root, struct json_object *sc)
{
	struct json_object *matched = NULL;
	char ids[512], *save = NULL;

	if (!dr_json_bool(sc, "known", false) || !dr_json_str(sc, "known_issue", NULL))
		return;
	json_object_object_get_ex(json_object_object_get(root, "known_issues"),
				  "matched", &matched);
	fputs("  known_issue: ", out);
	yaml_str(out, dr_json_str(sc, "known_issue", ""));
	fputs("\n  known_issues:\n", out);
	snprintf(ids, sizeof(ids), "%s", dr_json_str(sc, "known_issue", ""));
	for (char *id = strtok_r(ids, ",", &save); id; id = strtok_r(NULL, ",", &save)) {
		struct json_object *e = json_object_object_get(matched, id);

		fputs("    - id: ", out);
		yaml_str(out, id);
		fputs("\n      fix: ", out);
		yaml_str(out, dr_json_str(e, "fix", ""));
		if (dr_json_str(e, "reproducer", NULL)) {
			fputs("\n      reproducer: ", out);
			yaml_str(out, dr_json_str(e, "reproducer", ""));
		}
		fputs("\n      explanation: ", out);
		yaml_str(out, dr_json_str(e, "explanation", ""));
		fputs("\n", out);
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
	if (!r)
		return;
	fputs("  reproduce: ", out);
	yaml_str(out, r);
	fputs("\n", out);
}

static void yaml_block(FILE *out, struct json_object *root, struct json_object *sc)
{
	struct json_object *oracles, *viols, *lat;
	static const char *const counts[] = {
		"rounds", "confirmed_holds", "unconfirmed", "lost_wakeups",
		"leaked_refs", "violations_dropped",
	};

	fputs("  ---\n  status: ", out);
	yaml_str(out, dr_json_str(sc, "status", ""));
	fputs("\n  reason: ", out);
	yaml_str(out, dr_json_str(sc, "reason", ""));
	fputs("\n", out);
	for (size_t i = 0; i < sizeof(counts) / sizeof(counts[0]); i++)
		fprintf(out, "  %s: %" PRId64 "\n", counts[i],
			dr_json_int(sc, counts[i], 0));
	if (dr_json_int(sc, "unconfirmed", 0) > 0) {
		fputs("  unconfirmed_reason: ", out);
		yaml_str(out, dr_json_str(sc, "unconfirmed_reason", ""));
		fputs("\n", out);
	}
	yaml_known(out, root, sc);
	reproduce(out, root, sc);
	if (json_object_object_get_ex(sc, "oracles", &oracles)) {
		fputs("  oracles:\n", out);
		json_object_object_foreach(oracles, name, v) {
			fprintf(out, "    %s: {verdict: ", name);
			yaml_str(out, dr_json_str(v, "verdict", ""));
			fputs(", reason: ", out);
			yaml_str(out, dr_json_str(v, "reason", ""));
			fputs("}\n", out);
		}
	}
	if (json_object_object_get_ex(sc, "violations", &viols) &&
	    json_object_array_length(viols)) {
		fputs("  violations:\n", out);
		for (size_t i = 0; i < json_object_array_length(viols); i++) {
			struct json_object *v = json_object_array_get_idx(viols, i);

			fputs("    - oracle: ", out);
			yaml_str(out, dr_json_str(v, "oracle", ""));
			if (dr_json_int(v, "round", -1) >= 0)
				fprintf(out, "\n      round: %" PRId64,
					dr_json_int(v, "round", -1));
			else
				fputs("\n      round: null", out);
			fputs("\n      summary: ", out);
			yaml_str(out, dr_json_str(v, "summary", ""));
			fprintf(out, "\n      known: %s\n",
				dr_json_bool(v, "known", false) ? "true" : "false");
			if (dr_json_str(v, "known_issue", NULL)) {
				fputs("      known_issue: ", out);
				yaml_str(out, dr_json_str(v, "known_issue", ""));
				fputs("\n", out);
			}
			if (dr_json_str(v, "evidence", NULL)) {
				fputs("      evidence: ", out);
				yaml_str(out, dr_json_str(v, "evidence", ""));
				fputs("\n", out);
			}
		}
	} else {
		fputs("  violations: []\n", out);
	}
	if (json_object_object_get_ex(sc, "latency", &lat)) {
		fputs("  latency:\n", out);
		yaml_hist(out, "hold_to_mutator_return", lat);
		yaml_hist(out, "release_to_mutator_return", lat);
	}
	fputs("  ...\n", out);
}

/*
 * An interrupted run did not check everything: "Bail out!" tells a TAP
 * harness so (automake's tap-driver counts it as an ERROR), after the
 * points of what ran.
 */
static void bail_out(FILE *out, struct json_object *root, struct json_object *scs)
{
	size_t n = json_object_array_length(scs), skipped = 0;

	for (size_t i = 0; i < n; i++)
		if (!strcmp(dr_json_str(json_object_array_get_idx(scs, i), "reason", ""),
			    "not run: interrupted"))
			skipped++;
	fprintf(out, "Bail out! interrupted: %zu of %zu scenarios did not run (result %s, exit status %" PRId64 ")\n",
		skipped, n, dr_json_str(root, "result", "?"),
		dr_json_int(root, "exit_status", 0));
}

int dr_report_write_tap(FILE *out, struct json_object *root)
{
	struct json_object *scs, *kernel = NULL;
	size_t n;

	if (!json_object_object_get_ex(root, "scenarios", &scs) ||
	    !json_object_is_type(scs, json_type_array))
		return -EINVAL;
	json_object_object_get_ex(root, "kernel", &kernel);
	n = json_object_array_length(scs);
	fputs("TAP version 13\n", out);
	fprintf(out, "# daxrace %s seed %" PRId64 " kernel %s fs %s dax %s\n",
		dr_json_str(json_object_object_get(root, "tool"), "version", "?"),
		dr_json_int(root, "seed", 0), dr_json_str(kernel, "release", "?"),
		dr_json_str(root, "fs", "?"),
		dr_json_bool(root, "dax", false) ? "yes" : "no");
	if (!n) {
		fprintf(out, "1..0 # SKIP no scenario ran (result %s, exit status %" PRId64 ")\n",
			dr_json_str(root, "result", "?"), dr_json_int(root, "exit_status", 0));
		return ferror(out) ? -EIO : 0;
	}
	fprintf(out, "1..%zu\n", n);
	for (size_t i = 0; i < n; i++) {
		struct json_object *sc = json_object_array_get_idx(scs, i);
		const char *status = dr_json_str(sc, "status", "ERROR");
		const char *oname, *oreason;
		bool ok = !strcmp(status, "PASS") || !strcmp(status, "SKIP");

		fprintf(out, "%s %zu - ", ok ? "ok" : "not ok", i + 1);
		dr_tap_text(out, dr_json_str(sc, "id", dr_json_str(sc, "name", "?")));
		if (!strcmp(status, "PASS") && dr_json_inconclusive(sc, &oname, &oreason)) {
			/* Not a full pass: one oracle could not judge. */
			fputs(" # SKIP inconclusive: ", out);
			dr_tap_text(out, oname);
			fputs(": ", out);
			dr_tap_text(out, oreason);
		} else if (!strcmp(status, "SKIP")) {
			fputs(" # SKIP ", out);
			dr_tap_text(out, *dr_json_str(sc, "reason", "") ?
				      dr_json_str(sc, "reason", "") : "no reason given");
		} else if (!strcmp(status, "FAIL") && dr_json_bool(sc, "known", false) &&
			   !dr_json_bool(root, "strict", false)) {
			fputs(" # TODO known kernel issue ", out);
			dr_tap_text(out, dr_json_str(sc, "known_issue", "?"));
		}
		fputc('\n', out);
		yaml_block(out, root, sc);
	}
	if (dr_json_bool(root, "interrupted", false))
		bail_out(out, root, scs);
	return ferror(out) ? -EIO : 0;
}
