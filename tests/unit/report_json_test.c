// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * result.json from a hand-built run: required keys and types, values that
 * round-trip, the atomic save, and the version check "daxrace report"
 * applies.  With a directory argument it only writes result.json there,
 * for tests/integration/cli-report.sh.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/run_opts.h"
#include "tap.h"
#include "report_fixture.h"

static struct json_object *at(struct json_object *o, const char *path)
{
	char buf[256], *save = NULL;

	snprintf(buf, sizeof(buf), "%s", path);
	for (char *t = strtok_r(buf, ".", &save); t && o; t = strtok_r(NULL, ".", &save)) {
		if (json_object_is_type(o, json_type_array))
			o = json_object_array_get_idx(o, (size_t)atoi(t));
		else if (!json_object_object_get_ex(o, t, &o))
			o = NULL;
	}
	return o;
}

static const char *s_at(struct json_object *o, const char *path)
{
	o = at(o, path);
	return o && json_object_is_type(o, json_type_string) ?
	       json_object_get_string(o) : "(missing)";
}

static int64_t i_at(struct json_object *o, const char *path)
{
	o = at(o, path);
	return o && json_object_is_type(o, json_type_int) ? json_object_get_int64(o) : -999;
}

static int write_only(const char *dir)
{
	struct fixture f;
	struct json_object *root;
	int dfd = open(dir, O_RDONLY | O_DIRECTORY);

	fixture_init(&f);
	root = dr_report_to_json(&f.run);
	if (dfd < 0 || !root || dr_report_save(dfd, "result.json", root, DR_FORMAT_JSON))
		return 1;
	json_object_put(root);
	close(dfd);
	return 0;
}

int main(int argc, char **argv)
{
	char tmpl[] = "/tmp/report_json_test.XXXXXX", err[256] = "";
	struct json_object *root, *back, *v;
	struct fixture f;
	struct dirent *de;
	int dfd, others = 0;
	DIR *d;

	if (argc > 1)
		return write_only(argv[1]);
	tap_plan(25);
	fixture_init(&f);
	root = dr_report_to_json(&f.run);
	tap_ok(root != NULL, "result.json tree builds");
	if (!root)
		return tap_exit();
	tap_ok(!dr_report_validate(root, err, sizeof(err)), "validates: %s", err);
	tap_ok(i_at(root, "schema_version") == DR_SCHEMA_VERSION, "schema_version");
	tap_ok(i_at(root, "seed") == 1234, "seed recorded");
	tap_ok(i_at(root, "exit_status") == DR_EXIT_BUG &&
	       !strcmp(s_at(root, "result"), "FAIL"), "FAIL run exits 1");
	tap_ok(!strcmp(s_at(root, "kernel.release"), "6.12.0-test"), "kernel release");
	tap_ok((v = at(root, "dax")) && json_object_get_boolean(v), "dax true");
	tap_ok(!strcmp(s_at(root, "started"), "2026-11-27T07:15:00Z"), "started %s",
	       s_at(root, "started"));
	tap_ok(!strcmp(s_at(root, "command_line.2"), "/mnt/pmem"), "command line kept");
	tap_ok(!strcmp(s_at(root, "scenarios.0.name"), "dio-read.punch.uffd") &&
	       !strcmp(s_at(root, "scenarios.0.id"), "dio-read.punch.uffd"),
	       "scenario name and id");
	tap_ok(!strcmp(s_at(root, "scenarios.0.oracles.KLOG.verdict"), "SKIP") &&
	       !strcmp(s_at(root, "scenarios.0.oracles.KLOG.reason"),
		       "/dev/kmsg: Permission denied"), "oracle SKIP keeps its reason");
	tap_ok(!strcmp(s_at(root, "scenarios.1.oracles.GUPFAIL.verdict"), "NA"),
	       "NA is not PASS");
	tap_ok(json_object_object_length(at(root, "scenarios.0.oracles")) == DR_ORACLE_COUNT,
	       "every oracle has a verdict");
	tap_ok(i_at(root, "scenarios.1.violations.0.round") == 17 &&
	       (v = at(root, "scenarios.1.violations.1")) &&
	       json_object_object_get_ex(v, "round", &v) && v == NULL,
	       "violation round, null when not tied to a round");
	tap_ok(!strcmp(s_at(root, "scenarios.1.violations.0.evidence"),
		       f.viol[0].evidence), "evidence verbatim");
	tap_ok((v = at(root, "scenarios.1.violations.0.known")) &&
	       !json_object_get_boolean(v), "known is false");
	tap_ok(i_at(root, "scenarios.0.latency.hold_to_mutator_return.count") == 100 &&
	       i_at(root, "scenarios.0.latency.hold_to_mutator_return.p50_ns") >=
	       i_at(root, "scenarios.0.latency.hold_to_mutator_return.min_ns") &&
	       i_at(root, "scenarios.0.latency.hold_to_mutator_return.p99_ns") <=
	       i_at(root, "scenarios.0.latency.hold_to_mutator_return.max_ns"),
	       "histogram quantiles within min..max");
	tap_ok((v = at(root, "scenarios.2.latency.hold_to_mutator_return.p50_ns")) == NULL,
	       "empty histogram has null quantiles");
	tap_ok(i_at(root, "summary.fail") == 1 && i_at(root, "summary.pass") == 1 &&
	       i_at(root, "summary.skip") == 1 && i_at(root, "summary.violations") == 2,
	       "summary counts");

	back = json_tokener_parse(json_object_to_json_string(root));
	tap_ok(back && !dr_report_validate(back, err, sizeof(err)),
	       "serialised text parses and validates");
	json_object_put(back);

	json_object_object_add(root, "schema_version", json_object_new_int(99));
	tap_ok(dr_report_validate(root, err, sizeof(err)) && strstr(err, "99"),
	       "a newer schema_version is refused: %s", err);
	json_object_object_add(root, "schema_version",
			       json_object_new_int(DR_SCHEMA_VERSION));

	tap_ok(mkdtemp(tmpl) != NULL, "temp dir");
	dfd = open(tmpl, O_RDONLY | O_DIRECTORY);
	tap_ok(!dr_report_save(dfd, "result.json", root, DR_FORMAT_JSON),
	       "atomic save");
	back = json_object_from_file(strcat(strcpy(err, tmpl), "/result.json"));
	d = opendir(tmpl);
	while (d && (de = readdir(d)))
		if (de->d_name[0] != '.' || (strcmp(de->d_name, ".") &&
					     strcmp(de->d_name, "..")))
			others += strcmp(de->d_name, "result.json") != 0;
	if (d)
		closedir(d);
	tap_ok(back && others == 0, "saved file parses, no temporary left (%d)", others);
	json_object_put(back);
	unlinkat(dfd, "result.json", 0);
	close(dfd);
	rmdir(tmpl);
	json_object_put(root);

	/* From a workload section: the group prefixes the stable id. */
	f.group.name = "uffd";
	root = dr_report_to_json(&f.run);
	tap_ok(root && !strcmp(s_at(root, "scenarios.1.id"), "uffd/dio-write.punch.uffd") &&
	       !strcmp(s_at(root, "scenarios.1.name"), "dio-write.punch.uffd") &&
	       !strcmp(s_at(root, "groups.0.name"), "uffd"),
	       "workload group prefixes the id: %s", s_at(root, "scenarios.1.id"));
	json_object_put(root);
	return tap_exit();
}
