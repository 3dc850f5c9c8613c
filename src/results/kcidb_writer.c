// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * KCIDB I/O JSON, schema v5.3 (kcidb-io, kcidb_io/schema/v05_03.py; the
 * schema is vendored as tests/kcidb/kcidb-io.schema.v5.3.json and every
 * output is checked against it in make check).  One test per scenario,
 * path "daxrace.FS.ACTOR.MUTATOR.STALL", and one below it per oracle
 * ("....uffd.TAG").  Status mapping (daxrace-report(1)):
 *   scenario PASS -> PASS, FAIL -> FAIL (a known kernel issue too: it is
 *   a FAIL of the kernel, linked to its issue by an incident), ERROR ->
 *   ERROR, SKIP -> SKIP; a PASS in which an oracle was INCONCLUSIVE ->
 *   ERROR (the code's status is unknown there, and it is no pass);
 *   oracle PASS, FAIL -> the same, SKIP and NA -> SKIP, INCONCLUSIVE ->
 *   ERROR.
 * The confirmed holds per second are the scenario's "number" (unit
 * holds/s).  Text goes through dr_utf8_clean: evidence may hold any byte,
 * and log_excerpt is at most 16384 characters.  The checkout and build
 * are described only when their ids are in this origin's namespace;
 * another origin's are referred to, not redefined.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "results/report.h"
#include "results/utf8.h"

#define KCIDB_MAJOR 5
#define KCIDB_MINOR 3
#define LOG_MAX 16384

struct kb {
	bool ok;
	const struct dr_kcidb_ids *ids;
};

static void put(struct kb *b, struct json_object *o, const char *key,
		struct json_object *v)
{
	if (!v || json_object_object_add(o, key, v)) {
		json_object_put(v);
		b->ok = false;
	}
}

static void push(struct kb *b, struct json_object *a, struct json_object *v)
{
	if (!v || json_object_array_add(a, v)) {
		json_object_put(v);
		b->ok = false;
	}
}

/* A JSON string of s in well-formed UTF-8, at most max bytes. */
static struct json_object *text(struct kb *b, const char *s, size_t max)
{
	char *c = dr_utf8_clean(s ? s : "", max);
	struct json_object *o = c ? json_object_new_string(c) : NULL;

	free(c);
	if (!o)
		b->ok = false;
	return o;
}

static struct json_object *str(struct kb *b, const char *s)
{
	return text(b, s, SIZE_MAX / 4);
}

/* One path segment: [a-zA-Z0-9_-]+ as the schema's path wants. */
static void segment(char *buf, size_t len, const char *s)
{
	size_t used = strlen(buf);

	if (used && used + 1 < len)
		buf[used++] = '.';
	if (!*s)
		s = "unknown";
	for (; *s && used + 1 < len; s++) {
		char c = *s;

		buf[used++] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			      (c >= '0' && c <= '9') || c == '-' || c == '_' ? c : '_';
	}
	buf[used] = '\0';
}

/* daxrace.FS then the scenario name's three parts. */
static void test_path(char *buf, size_t len, struct json_object *root,
		      struct json_object *sc)
{
	char name[128], *save = NULL;
	int parts = 0;

	buf[0] = '\0';
	segment(buf, len, "daxrace");
	segment(buf, len, dr_json_fs_word(root));
	snprintf(name, sizeof(name), "%s", dr_json_str(sc, "name", ""));
	for (char *p = strtok_r(name, ".", &save); p; p = strtok_r(NULL, ".", &save), parts++)
		segment(buf, len, p);
	if (!parts)
		segment(buf, len, "unknown");
}

static const char *scenario_status(struct json_object *root, struct json_object *sc)
{
	switch (dr_json_outcome(root, sc)) {
	case DR_OUTCOME_PASS:
		return "PASS";
	case DR_OUTCOME_FAIL:
	case DR_OUTCOME_KNOWN:
		return "FAIL";
	case DR_OUTCOME_SKIP:
		return "SKIP";
	default: /* ERROR, INCONCLUSIVE */
		return "ERROR";
	}
}

static const char *oracle_status(const char *verdict)
{
	if (!strcmp(verdict, "PASS") || !strcmp(verdict, "FAIL"))
		return verdict;
	if (!strcmp(verdict, "SKIP") || !strcmp(verdict, "NA"))
		return "SKIP";
	return "ERROR"; /* INCONCLUSIVE, or a word this build does not know */
}

static void viol_text(FILE *f, struct json_object *sc, const char *oracle)
{
	struct json_object *viols = json_object_object_get(sc, "violations");

	for (size_t i = 0; viols && i < json_object_array_length(viols); i++) {
		struct json_object *v = json_object_array_get_idx(viols, i);

		if (oracle && strcmp(dr_json_str(v, "oracle", ""), oracle))
			continue;
		fprintf(f, "%s", dr_json_str(v, "oracle", "?"));
		if (dr_json_int(v, "round", -1) >= 0)
			fprintf(f, " round %" PRId64, dr_json_int(v, "round", -1));
		fprintf(f, ": %s\n", dr_json_str(v, "summary", ""));
		if (dr_json_str(v, "evidence", NULL))
			fprintf(f, "%s\n", dr_json_str(v, "evidence", ""));
	}
}

/* The reproduce line first (a cut excerpt keeps it), then why. */
static struct json_object *scenario_log(struct kb *b, struct json_object *root,
					struct json_object *sc, const char *oracle,
					const char *reason)
{
	char line[4096], *buf;
	const char *r = dr_report_repro_of(root, sc, line, sizeof(line));
	struct json_object *o;
	size_t len;
	FILE *f;

	buf = NULL;
	f = open_memstream(&buf, &len);
	if (!f) {
		b->ok = false;
		return NULL;
	}
	if (r)
		fprintf(f, "reproduce: %s\n", r);
	fprintf(f, "%s\n", reason);
	viol_text(f, sc, oracle);
	fclose(f);
	o = text(b, buf, LOG_MAX);
	free(buf);
	return o;
}

static struct json_object *environment(struct kb *b, struct json_object *root)
{
	struct json_object *env = json_object_new_object(), *misc = json_object_new_object();
	struct json_object *kernel = json_object_object_get(root, "kernel");
	char comment[512];

	if (!env || !misc) {
		json_object_put(env);
		json_object_put(misc);
		b->ok = false;
		return NULL;
	}
	snprintf(comment, sizeof(comment), "kernel %s, %s (%s) on %s",
		 dr_json_str(kernel, "release", "?"), dr_json_fs_word(root),
		 dr_json_bool(root, "dax", false) ? "DAX" : "page cache",
		 dr_json_str(json_object_object_get(root, "host"), "machine", "?"));
	put(b, env, "comment", str(b, comment));
	put(b, misc, "kernel_release", str(b, dr_json_str(kernel, "release", "")));
	put(b, misc, "kernel_version", str(b, dr_json_str(kernel, "version", "")));
	put(b, misc, "fs", str(b, dr_json_fs_word(root)));
	put(b, misc, "dax", json_object_new_boolean(dr_json_bool(root, "dax", false)));
	put(b, misc, "mount_options", str(b, dr_json_str(root, "mount_options", "")));
	put(b, misc, "namespace", str(b, dr_json_str(root, "namespace", "")));
	put(b, misc, "hostname", str(b, dr_json_str(json_object_object_get(root, "host"),
						   "hostname", "")));
	put(b, env, "misc", misc);
	return env;
}

/* Fields every test of a result shares. */
static struct json_object *test_base(struct kb *b, struct json_object *root,
				     const char *build_id, const char *id,
				     const char *path, const char *status)
{
	struct json_object *t = json_object_new_object();

	if (!t) {
		b->ok = false;
		return NULL;
	}
	put(b, t, "id", str(b, id));
	put(b, t, "origin", str(b, b->ids->origin));
	put(b, t, "build_id", str(b, build_id));
	put(b, t, "path", str(b, path));
	put(b, t, "status", str(b, status));
	if (dr_json_str(root, "started", NULL))
		put(b, t, "start_time", str(b, dr_json_str(root, "started", "")));
	put(b, t, "environment", environment(b, root));
	return t;
}

static void known_incidents(struct kb *b, struct json_object *root, struct json_object *sc,
			    const char *test_id, const char *build_id,
			    struct json_object *issues, struct json_object *incidents)
{
	struct json_object *matched = json_object_object_get(
		json_object_object_get(root, "known_issues"), "matched");
	char ids[512], *save = NULL, buf[2048];

	if (!dr_json_bool(sc, "known", false))
		return;
	snprintf(ids, sizeof(ids), "%s", dr_json_str(sc, "known_issue", ""));
	for (char *k = strtok_r(ids, ",", &save); k; k = strtok_r(NULL, ",", &save)) {
		struct json_object *e = json_object_object_get(matched, k);
		struct json_object *inc = json_object_new_object(), *misc;
		bool seen = false;

		snprintf(buf, sizeof(buf), "%s:%s", b->ids->origin, k);
		for (size_t i = 0; i < json_object_array_length(issues); i++)
			seen |= !strcmp(dr_json_str(json_object_array_get_idx(issues, i), "id", ""),
					buf);
		if (!seen) {
			struct json_object *is = json_object_new_object();

			if (!is) {
				b->ok = false;
			} else {
				put(b, is, "id", str(b, buf));
				put(b, is, "version", json_object_new_int(0));
				put(b, is, "origin", str(b, b->ids->origin));
				put(b, is, "comment", str(b, dr_json_str(e, "explanation", "")));
				misc = json_object_new_object();
				if (misc) {
					put(b, misc, "fix", str(b, dr_json_str(e, "fix", "")));
					put(b, misc, "kernel_min", str(b, dr_json_str(e, "kernel_min", "")));
					put(b, misc, "kernel_below", str(b, dr_json_str(e, "kernel_below", "")));
				}
				put(b, is, "misc", misc);
				push(b, issues, is);
			}
		}
		if (!inc) {
			b->ok = false;
			continue;
		}
		put(b, inc, "issue_id", str(b, buf));
		if ((size_t)snprintf(buf, sizeof(buf), "%s#%s", test_id, k) >= sizeof(buf)) {
			json_object_put(inc); /* not from any id daxrace makes */
			continue;
		}
		put(b, inc, "id", str(b, buf));
		put(b, inc, "origin", str(b, b->ids->origin));
		put(b, inc, "issue_version", json_object_new_int(0));
		put(b, inc, "test_id", str(b, test_id));
		put(b, inc, "build_id", str(b, build_id));
		put(b, inc, "present", json_object_new_boolean(1));
		push(b, incidents, inc);
	}
}

static void scenario_tests(struct kb *b, struct json_object *root, struct json_object *sc,
			   const char *path_of_result, const char *build_id,
			   struct json_object *tests, struct json_object *issues,
			   struct json_object *incidents)
{
	const char *run = dr_json_str(root, "results_dir", path_of_result);
	const char *base = strrchr(run, '/') ? strrchr(run, '/') + 1 : run;
	char id[1024], path[512], oid[1200], opath[600], line[4096];
	const char *status = scenario_status(root, sc), *r;
	struct json_object *t, *misc;
	double dur = dr_json_num(sc, "duration_s", 0);

	snprintf(id, sizeof(id), "%s:%s:%s:%s:%s", b->ids->origin,
		 dr_json_str(json_object_object_get(root, "host"), "hostname", ""),
		 base, dr_json_fs_word(root), dr_json_str(sc, "id", ""));
	test_path(path, sizeof(path), root, sc);
	t = test_base(b, root, build_id, id, path, status);
	if (!t)
		return;
	put(b, t, "duration", json_object_new_double(dur));
	put(b, t, "comment", str(b, dr_json_str(sc, "reason", "")));
	if (dur > 0 && (!strcmp(status, "PASS") || !strcmp(status, "FAIL"))) {
		struct json_object *n = json_object_new_object();

		if (n) {
			put(b, n, "value", json_object_new_double(
				(double)dr_json_int(sc, "confirmed_holds", 0) / dur));
			put(b, n, "unit", str(b, "holds/s"));
		}
		put(b, t, "number", n);
	}
	put(b, t, "log_excerpt", scenario_log(b, root, sc, NULL, dr_json_str(sc, "reason", "")));
	misc = json_object_new_object();
	if (misc) {
		r = dr_report_repro_of(root, sc, line, sizeof(line));
		put(b, misc, "scenario", str(b, dr_json_str(sc, "id", "")));
		put(b, misc, "daxrace_status", str(b, dr_json_str(sc, "status", "")));
		put(b, misc, "known", json_object_new_boolean(dr_json_bool(sc, "known", false)));
		if (dr_json_str(sc, "known_issue", NULL))
			put(b, misc, "known_issue", str(b, dr_json_str(sc, "known_issue", "")));
		put(b, misc, "rounds", json_object_new_int64(dr_json_int(sc, "rounds", 0)));
		put(b, misc, "confirmed_holds",
		    json_object_new_int64(dr_json_int(sc, "confirmed_holds", 0)));
		put(b, misc, "seed", json_object_new_int64(dr_json_int(root, "seed", 0)));
		if (r)
			put(b, misc, "reproduce", str(b, r));
		put(b, misc, "result_json", str(b, path_of_result));
	}
	put(b, t, "misc", misc);
	push(b, tests, t);
	known_incidents(b, root, sc, id, build_id, issues, incidents);

	json_object_object_foreach(json_object_object_get(sc, "oracles"), name, o) {
		const char *verdict = dr_json_str(o, "verdict", "");
		struct json_object *ot, *om;

		snprintf(oid, sizeof(oid), "%s:%s", id, name);
		snprintf(opath, sizeof(opath), "%s", path);
		segment(opath, sizeof(opath), name);
		ot = test_base(b, root, build_id, oid, opath, oracle_status(verdict));
		if (!ot)
			continue;
		put(b, ot, "comment", str(b, dr_json_str(o, "reason", "")));
		if (!strcmp(verdict, "FAIL"))
			put(b, ot, "log_excerpt",
			    scenario_log(b, root, sc, name, dr_json_str(o, "reason", "")));
		om = json_object_new_object();
		if (om)
			put(b, om, "verdict", str(b, verdict));
		put(b, ot, "misc", om);
		push(b, tests, ot);
	}
}

/* "ORIGIN:RELEASE": the build (and checkout) of the kernel a run ran on. */
static void default_id(char *buf, size_t len, const char *origin, struct json_object *root)
{
	const char *rel = dr_json_str(json_object_object_get(root, "kernel"), "release", "");

	snprintf(buf, len, "%s:%s", origin, *rel ? rel : "unknown");
}

static bool ours(const struct dr_kcidb_ids *ids, const char *id)
{
	size_t n = strlen(ids->origin);

	return !strncmp(id, ids->origin, n) && id[n] == ':';
}

static bool listed(struct json_object *a, const char *id)
{
	for (size_t i = 0; i < json_object_array_length(a); i++)
		if (!strcmp(dr_json_str(json_object_array_get_idx(a, i), "id", ""), id))
			return true;
	return false;
}

/* The checkout and build a result's tests refer to, when they are ours. */
static void describe_build(struct kb *b, struct json_object *root, const char *build_id,
			   const char *checkout_id, struct json_object *checkouts,
			   struct json_object *builds)
{
	struct json_object *kernel = json_object_object_get(root, "kernel");
	const char *arch = dr_json_str(json_object_object_get(root, "host"), "machine", "");
	char comment[512];

	if (ours(b->ids, checkout_id) && !listed(checkouts, checkout_id)) {
		struct json_object *c = json_object_new_object();

		if (!c) {
			b->ok = false;
		} else {
			put(b, c, "id", str(b, checkout_id));
			put(b, c, "origin", str(b, b->ids->origin));
			push(b, checkouts, c);
		}
	}
	if (ours(b->ids, build_id) && !listed(builds, build_id)) {
		struct json_object *bd = json_object_new_object();

		if (!bd) {
			b->ok = false;
			return;
		}
		put(b, bd, "id", str(b, build_id));
		put(b, bd, "origin", str(b, b->ids->origin));
		put(b, bd, "checkout_id", str(b, checkout_id));
		if (*arch && strspn(arch, "abcdefghijklmnopqrstuvwxyz0123456789_") == strlen(arch))
			put(b, bd, "architecture", str(b, arch));
		snprintf(comment, sizeof(comment), "the kernel daxrace ran on: %s %s",
			 dr_json_str(kernel, "release", "?"), dr_json_str(kernel, "version", ""));
		put(b, bd, "comment", str(b, comment));
		/* it booted and ran the tests */
		put(b, bd, "status", str(b, "PASS"));
		push(b, builds, bd);
	}
}

int dr_report_write_kcidb(FILE *out, struct json_object *const *roots,
			  const char *const *paths, size_t n,
			  const struct dr_kcidb_ids *ids)
{
	struct kb b = { true, ids };
	struct json_object *doc = json_object_new_object(), *ver = json_object_new_object();
	struct json_object *checkouts = json_object_new_array(), *builds = json_object_new_array();
	struct json_object *tests = json_object_new_array(), *issues = json_object_new_array();
	struct json_object *incidents = json_object_new_array();
	const char *s;
	int ret = 0;

	if (!doc || !ver || !checkouts || !builds || !tests || !issues || !incidents) {
		json_object_put(doc);
		json_object_put(ver);
		json_object_put(checkouts);
		json_object_put(builds);
		json_object_put(tests);
		json_object_put(issues);
		json_object_put(incidents);
		return -ENOMEM;
	}
	put(&b, ver, "major", json_object_new_int(KCIDB_MAJOR));
	put(&b, ver, "minor", json_object_new_int(KCIDB_MINOR));
	for (size_t i = 0; i < n; i++) {
		struct json_object *scs = json_object_object_get(roots[i], "scenarios");
		char build[512], checkout[512];

		default_id(build, sizeof(build), ids->origin, roots[i]);
		default_id(checkout, sizeof(checkout), ids->origin, roots[i]);
		if (ids->build_id)
			snprintf(build, sizeof(build), "%s", ids->build_id);
		if (ids->checkout_id)
			snprintf(checkout, sizeof(checkout), "%s", ids->checkout_id);
		describe_build(&b, roots[i], build, checkout, checkouts, builds);
		for (size_t k = 0; k < json_object_array_length(scs); k++)
			scenario_tests(&b, roots[i], json_object_array_get_idx(scs, k), paths[i],
				       build, tests, issues, incidents);
	}
	put(&b, doc, "version", ver);
	put(&b, doc, "checkouts", checkouts);
	put(&b, doc, "builds", builds);
	put(&b, doc, "tests", tests);
	put(&b, doc, "issues", issues);
	put(&b, doc, "incidents", incidents);
	s = b.ok ? json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PRETTY |
						  JSON_C_TO_STRING_SPACED |
						  JSON_C_TO_STRING_NOSLASHESCAPE) : NULL;
	if (!s)
		ret = -ENOMEM;
	else if (fprintf(out, "%s\n", s) < 0)
		ret = -EIO;
	json_object_put(doc);
	return ret;
}
