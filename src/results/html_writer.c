// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * daxrace report --html DIR: one static page over every result found,
 * for people rather than programs.  At the top the matrix (html_grid.c);
 * below it a section per result (its run's facts and the known issues it
 * matched, explained once) and in it a section per scenario: verdict,
 * reason, reproduce line, oracles, violations with their evidence behind
 * a <details> (one click away), and the charts (html_svg.c).  The page
 * needs nothing at view time: inline CSS and SVG, no script, no link
 * but to its own anchors, so it can be archived or mailed as it is.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "results/html.h"
#include "results/xml_escape.h"

static const char css[] =
	"body{font:14px/1.4 system-ui,sans-serif;margin:1em 2em;color:#222;background:#fff}\n"
	"h1{font-size:1.6em;margin:.2em 0}h2{margin-top:1.6em;border-bottom:2px solid #ccc}\n"
	"h3{margin:.2em 0;font-size:1.1em}a{color:inherit}\n"
	"code,pre{font:12px/1.35 ui-monospace,monospace}\n"
	"pre.evidence{background:#f6f6f6;border:1px solid #ddd;padding:.5em;max-height:32em;"
	"overflow:auto;white-space:pre-wrap;word-break:break-all}\n"
	"table.grid{border-collapse:collapse;margin:.5em 0}\n"
	"table.grid td,table.grid th{border:1px solid #fff;padding:0}\n"
	"table.grid td a{display:block;padding:4px 3px;text-decoration:none;text-align:center;"
	"min-width:2.6em;font-size:12px}\n"
	"table.grid td.v-na{text-align:center;font-size:12px;padding:4px 3px}\n"
	"th.col{vertical-align:bottom;font-weight:normal;font-size:12px;padding:2px}\n"
	"th.col span{writing-mode:vertical-rl;transform:rotate(180deg);white-space:nowrap}\n"
	"th.row{text-align:left;font-weight:normal;white-space:nowrap;padding:0 .6em 0 0}\n"
	".v-pass{background:#a5d6a7}.v-fail{background:#c62828;color:#fff;font-weight:bold}\n"
	".v-known{background:#ffb74d}.v-error{background:#6a1b9a;color:#fff;font-weight:bold}\n"
	".v-skip{background:#d6d6d6;color:#444}.v-inconclusive{background:#fff176}\n"
	".v-na{background:#f4f4f4;color:#999}\n"
	".legend span{display:inline-block;padding:2px 8px;margin:2px 4px 2px 0;border-radius:3px}\n"
	".badge{padding:1px 8px;border-radius:3px;font-size:.9em;margin-right:.4em}\n"
	"section.sc{border:1px solid #ddd;border-left-width:8px;padding:.5em 1em;margin:1em 0}\n"
	"section.sc.v-pass,section.sc.v-fail,section.sc.v-known,section.sc.v-error,"
	"section.sc.v-skip,section.sc.v-inconclusive{background:#fff;color:inherit;font-weight:normal}\n"
	"section.sc.v-pass{border-left-color:#66bb6a}section.sc.v-fail{border-left-color:#c62828}\n"
	"section.sc.v-known{border-left-color:#fb8c00}section.sc.v-error{border-left-color:#6a1b9a}\n"
	"section.sc.v-skip{border-left-color:#aaa}section.sc.v-inconclusive{border-left-color:#fdd835}\n"
	"table.facts th,table.oracles th{text-align:left;padding-right:1em;vertical-align:top}\n"
	"table.oracles td{padding-right:1em;vertical-align:top}\n"
	".o-FAIL{color:#c62828;font-weight:bold}.o-PASS{color:#2e7d32}\n"
	".o-SKIP,.o-NA{color:#777}.o-INCONCLUSIVE{color:#9e7c00}\n"
	"p.repro code{background:#eef;padding:2px 4px;user-select:all}\n"
	"details.viol summary{cursor:pointer}details.viol{margin:.3em 0}\n"
	".charts{display:flex;flex-wrap:wrap;gap:1em;margin:.5em 0}\n"
	"svg.chart{max-width:100%;height:auto;background:#fafafa;border:1px solid #eee}\n"
	"svg .axis{stroke:#555;fill:none}svg .bar{fill:#5c8fd6}svg .q{stroke:#333;"
	"stroke-dasharray:3 3}\n"
	"svg .viol{stroke:#c62828;stroke-width:2}svg text{font:11px system-ui,sans-serif;"
	"fill:#333}\n"
	"svg .ctitle{font-weight:bold}svg .unit{fill:#777}\n"
	".empty{color:#777;font-style:italic}.top{font-size:.9em}\n";

void dr_html_text(FILE *out, const char *s)
{
	dr_xml_escape(out, s, false);
}

void dr_html_attr(FILE *out, const char *s)
{
	dr_xml_escape(out, s, true);
}

size_t dr_html_len(struct json_object *a)
{
	return json_object_is_type(a, json_type_array) ? json_object_array_length(a) : 0;
}

/* Where in known_issues.matched the entry id is (its anchor), or -1. */
static long known_index(struct json_object *root, const char *id)
{
	struct json_object *m = json_object_object_get(
		json_object_object_get(root, "known_issues"), "matched");
	long k = 0;

	if (!json_object_is_type(m, json_type_object))
		return -1;
	json_object_object_foreach(m, key, val) {
		(void)val;
		if (!strcmp(key, id))
			return k;
		k++;
	}
	return -1;
}

static void fact(FILE *out, const char *name, const char *value)
{
	if (!value || !*value)
		return;
	fprintf(out, "<tr><th>%s</th><td>", name);
	dr_html_text(out, value);
	fputs("</td></tr>\n", out);
}

static void facts(FILE *out, struct json_object *root, const char *path)
{
	struct json_object *argv = json_object_object_get(root, "command_line");
	char buf[256];

	fputs("<table class=\"facts\">\n", out);
	snprintf(buf, sizeof(buf), "%s (exit %" PRId64 ")", dr_json_str(root, "result", "?"),
		 dr_json_int(root, "exit_status", -1));
	fact(out, "result", buf);
	fact(out, "started", dr_json_str(root, "started", NULL));
	snprintf(buf, sizeof(buf), "%.1f s", dr_json_num(root, "duration_s", 0));
	fact(out, "duration", buf);
	snprintf(buf, sizeof(buf), "%" PRId64, dr_json_int(root, "seed", 0));
	fact(out, "seed", buf);
	fact(out, "kernel", dr_json_str(json_object_object_get(root, "kernel"), "version", NULL));
	fact(out, "host", dr_json_str(json_object_object_get(root, "host"), "hostname", NULL));
	fact(out, "filesystem", dr_json_str(root, "fs", NULL));
	fact(out, "mount options", dr_json_str(root, "mount_options", NULL));
	fact(out, "DAX", dr_json_str(root, "dax_reason", NULL));
	fact(out, "namespace", dr_json_str(root, "namespace", NULL));
	fact(out, "partner", dr_json_str(root, "partner", NULL));
	fact(out, "workload", dr_json_str(root, "workload", NULL));
	fact(out, "daxrace-vm", dr_json_str(json_object_object_get(root, "vm"), "command", NULL));
	if (dr_html_len(argv)) {
		fputs("<tr><th>command line</th><td><code>daxrace", out);
		for (size_t i = 0; i < dr_html_len(argv); i++) {
			fputc(' ', out);
			dr_html_text(out, json_object_get_string(json_object_array_get_idx(argv, i)));
		}
		fputs("</code></td></tr>\n", out);
	}
	fact(out, "read from", path);
	fputs("</table>\n", out);
}

/* The known issues this run matched, each explained once. */
static void known_issues(FILE *out, struct json_object *root, size_t r)
{
	struct json_object *m = json_object_object_get(
		json_object_object_get(root, "known_issues"), "matched");
	long k = 0;

	if (!json_object_is_type(m, json_type_object) || !json_object_object_length(m))
		return;
	fputs("<h3>Known kernel issues this run matched</h3>\n<dl class=\"known\">\n", out);
	json_object_object_foreach(m, id, e) {
		fprintf(out, "<dt id=\"r%zu-k%ld\"><b>", r, k++);
		dr_html_text(out, id);
		fputs("</b> (fix: ", out);
		dr_html_text(out, dr_json_str(e, "fix", "?"));
		fputs(")</dt><dd>", out);
		dr_html_text(out, dr_json_str(e, "explanation", ""));
		fputs("</dd>\n", out);
	}
	fputs("</dl>\n", out);
}

static void oracles(FILE *out, struct json_object *sc)
{
	fputs("<table class=\"oracles\"><tr><th>oracle</th><th>verdict</th><th>reason</th></tr>\n",
	      out);
	json_object_object_foreach(json_object_object_get(sc, "oracles"), name, o) {
		const char *v = dr_json_str(o, "verdict", "?");

		fputs("<tr><td>", out);
		dr_html_text(out, name);
		fputs("</td><td class=\"o-", out);
		dr_html_attr(out, v);
		fputs("\">", out);
		dr_html_text(out, v);
		fputs("</td><td>", out);
		dr_html_text(out, dr_json_str(o, "reason", ""));
		fputs("</td></tr>\n", out);
	}
	fputs("</table>\n", out);
}

/* Each kept violation: its line, and its evidence one click away. */
static void violations(FILE *out, struct json_object *root, struct json_object *sc,
		       size_t r)
{
	struct json_object *viols = json_object_object_get(sc, "violations");
	size_t n = dr_html_len(viols);
	int64_t dropped = dr_json_int(sc, "violations_dropped", 0);

	if (!n && dropped <= 0)
		return;
	fprintf(out, "<h4>%zu violation%s</h4>\n", n, n == 1 ? "" : "s");
	for (size_t i = 0; i < n; i++) {
		struct json_object *v = json_object_array_get_idx(viols, i);
		const char *ev = dr_json_str(v, "evidence", NULL), *ki;

		fputs("<details class=\"viol\"><summary><b>", out);
		dr_html_text(out, dr_json_str(v, "oracle", "?"));
		fputs("</b>", out);
		if (dr_json_int(v, "round", -1) >= 0)
			fprintf(out, " round %" PRId64, dr_json_int(v, "round", -1));
		if (dr_json_num(v, "at_s", -1) >= 0)
			fprintf(out, " at %.3f s", dr_json_num(v, "at_s", 0));
		fputs(": ", out);
		dr_html_text(out, dr_json_str(v, "summary", ""));
		ki = dr_json_str(v, "known_issue", NULL);
		if (ki && known_index(root, ki) >= 0) {
			fprintf(out, " <a class=\"badge v-known\" href=\"#r%zu-k%ld\">known: ", r,
				known_index(root, ki));
			dr_html_text(out, ki);
			fputs("</a>", out);
		} else if (dr_json_bool(v, "known", false)) {
			fputs(" <span class=\"badge v-known\">known</span>", out);
		} else {
			fputs(" <span class=\"badge v-fail\">new</span>", out);
		}
		fputs("</summary>\n<pre class=\"evidence\">", out);
		dr_html_text(out, ev ? ev : "(no evidence recorded)");
		fputs("</pre></details>\n", out);
	}
	if (dropped > 0)
		fprintf(out, "<p>%" PRId64 " more violations were counted but not kept.</p>\n",
			dropped);
}

static void scenario(FILE *out, struct json_object *root, struct json_object *sc,
		     size_t r, size_t i)
{
	enum dr_outcome o = dr_html_outcome(root, sc);
	struct json_object *lat = json_object_object_get(sc, "latency");
	char anchor[64], line[4096];
	const char *repro = dr_report_repro_of(root, sc, line, sizeof(line));

	dr_html_anchor(anchor, sizeof(anchor), r, i);
	fprintf(out, "<section class=\"sc %s\" id=\"%s\">\n<h3><span class=\"badge %s\">%s</span>",
		dr_html_class(o), anchor, dr_html_class(o), dr_html_word(o));
	dr_html_text(out, dr_json_str(sc, "id", dr_json_str(sc, "name", "?")));
	fputs("</h3>\n<p class=\"reason\">", out);
	dr_html_text(out, dr_json_str(sc, "reason", ""));
	fputs("</p>\n", out);
	if (o == DR_OUTCOME_KNOWN) {
		char ids[512], *save = NULL;

		snprintf(ids, sizeof(ids), "%s", dr_json_str(sc, "known_issue", ""));
		fputs("<p>known kernel issue:", out);
		for (char *id = strtok_r(ids, ",", &save); id; id = strtok_r(NULL, ",", &save)) {
			long k = known_index(root, id);

			if (k >= 0)
				fprintf(out, " <a href=\"#r%zu-k%ld\">", r, k);
			else
				fputc(' ', out);
			dr_html_text(out, id);
			if (k >= 0)
				fputs("</a>", out);
		}
		if (dr_json_bool(root, "strict", false))
			fputs(" (it fails the run: --strict)", out);
		fputs("</p>\n", out);
	}
	if (repro) {
		fputs("<p class=\"repro\">reproduce: <code>", out);
		dr_html_text(out, repro);
		fputs("</code></p>\n", out);
	}
	fprintf(out, "<p class=\"stats\">%" PRId64 " rounds, %" PRId64 " confirmed holds, %"
		PRId64 " unconfirmed, %.2f s</p>\n", dr_json_int(sc, "rounds", 0),
		dr_json_int(sc, "confirmed_holds", 0), dr_json_int(sc, "unconfirmed", 0),
		dr_json_num(sc, "duration_s", 0));
	oracles(out, sc);
	violations(out, root, sc, r);
	fputs("<div class=\"charts\">\n", out);
	dr_html_hist_svg(out, json_object_object_get(lat, "hold_to_mutator_return"),
			 "hold to return");
	dr_html_hist_svg(out, json_object_object_get(lat, "release_to_mutator_return"),
			 "release to return");
	dr_html_pace_svg(out, sc);
	fputs("</div>\n<p class=\"top\"><a href=\"#grid\">back to the matrix</a></p>\n</section>\n",
	      out);
}

static void run(FILE *out, struct json_object *root, const char *path, size_t r)
{
	struct json_object *scs = json_object_object_get(root, "scenarios");
	char label[512];

	dr_html_row_label(label, sizeof(label), root);
	fprintf(out, "<section class=\"run\" id=\"r%zu\">\n<h2>", r);
	dr_html_text(out, label);
	fputs("</h2>\n", out);
	facts(out, root, path);
	known_issues(out, root, r);
	for (size_t i = 0; i < dr_html_len(scs); i++)
		scenario(out, root, json_object_array_get_idx(scs, i), r, i);
	fputs("</section>\n", out);
}

/* The counts over every result, and what each colour means. */
static void summary(FILE *out, struct json_object *const *roots, size_t n)
{
	static const enum dr_outcome order[] = {
		DR_OUTCOME_PASS, DR_OUTCOME_FAIL, DR_OUTCOME_KNOWN, DR_OUTCOME_ERROR,
		DR_OUTCOME_SKIP, DR_OUTCOME_INCONCLUSIVE,
	};
	size_t count[6] = { 0 }, total = 0;

	for (size_t r = 0; r < n; r++) {
		struct json_object *scs = json_object_object_get(roots[r], "scenarios");

		for (size_t i = 0; i < dr_html_len(scs); i++) {
			count[dr_html_outcome(roots[r], json_object_array_get_idx(scs, i))]++;
			total++;
		}
	}
	fprintf(out, "<p class=\"summary\">%zu result%s, %zu scenarios.</p>\n<p class=\"legend\">",
		n, n == 1 ? "" : "s", total);
	for (size_t k = 0; k < sizeof(order) / sizeof(order[0]); k++)
		fprintf(out, "<span class=\"%s\">%s: %zu</span>", dr_html_class(order[k]),
			dr_html_word(order[k]), count[order[k]]);
	fputs("<span class=\"v-na\">NA: not run for that kernel and filesystem</span></p>\n", out);
}

int dr_report_write_html(FILE *out, struct json_object *const *roots,
			 const char *const *paths, size_t n)
{
	fprintf(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		"<title>daxrace report</title>\n<style>\n%s</style>\n</head>\n<body>\n"
		"<h1>daxrace report</h1>\n", css);
	summary(out, roots, n);
	fputs("<section id=\"grid\">\n<h2>Matrix</h2>\n", out);
	dr_html_grid(out, roots, n);
	fputs("</section>\n", out);
	for (size_t r = 0; r < n; r++)
		run(out, roots[r], paths[r], r);
	fputs("</body>\n</html>\n", out);
	return ferror(out) ? -EIO : 0;
}
