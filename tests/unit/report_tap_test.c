// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * result.tap from a hand-built run, checked line by line the way a TAP
 * consumer reads it: version, plan, one point per scenario with ok/not ok
 * by status, "# SKIP reason", and YAML blocks that open and close.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "report_fixture.h"

int main(void)
{
	struct json_object *root;
	struct fixture f;
	char *out, *line, *save = NULL;
	int points = 0, yaml_open = 0, yaml_blocks = 0, bad_indent = 0;
	char plan[32] = "", first[32] = "";
	char *p1 = NULL, *p2 = NULL, *p3 = NULL;

	tap_plan(10);
	fixture_init(&f);
	root = dr_report_to_json(&f.run);
	out = root ? fixture_render(root, dr_report_write_tap) : NULL;
	tap_ok(out != NULL, "TAP renders");
	if (!out)
		return tap_exit();
	p1 = strstr(out, "\nok 1 - dio-read.punch.uffd\n");
	p2 = strstr(out, "\nnot ok 2 - dio-write.punch.uffd\n");
	p3 = strstr(out, "\nok 3 - dio-read.truncate.uffd # SKIP userfaultfd: kernel faults need privilege\n");
	tap_ok(p1 != NULL, "PASS is ok with the slug name");
	tap_ok(p2 != NULL, "FAIL is not ok");
	tap_ok(p3 != NULL, "SKIP carries its reason");
	tap_ok(strstr(out, "    TAG: {verdict: \"FAIL\", reason: \"block 3 of victim holds file 9's tag\"}") != NULL,
	       "oracle verdicts in YAML");
	tap_ok(strstr(out, "reason: \"TAG: 2 violations \\\"quoted\\\" # hash\"") != NULL,
	       "reason quoted and escaped");
	tap_ok(strstr(out, "evidence: \"expected: 44 52 54 47 01\\nfound:    44 52 54 47 09\\t\\x01\"") != NULL,
	       "evidence escaped onto one line");

	for (line = strtok_r(out, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (!first[0])
			snprintf(first, sizeof(first), "%s", line);
		if (!strncmp(line, "1..", 3))
			snprintf(plan, sizeof(plan), "%s", line);
		if (!strncmp(line, "ok ", 3) || !strncmp(line, "not ok ", 7))
			points++;
		if (!strcmp(line, "  ---")) {
			yaml_open++;
			yaml_blocks++;
		} else if (!strcmp(line, "  ...")) {
			yaml_open--;
		} else if (yaml_open && strncmp(line, "  ", 2)) {
			bad_indent++;
		}
	}
	tap_ok(!strcmp(first, "TAP version 13"), "first line is the version");
	tap_ok(!strcmp(plan, "1..3") && points == 3, "plan 1..3 and three points");
	tap_ok(yaml_blocks == 3 && yaml_open == 0 && !bad_indent,
	       "three closed, indented YAML blocks");
	free(out);
	json_object_put(root);
	return tap_exit();
}
