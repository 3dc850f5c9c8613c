// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A known FAIL in the writers, from the hand-built run of report_fixture.h
 * (no root, no filesystem): result.json marks it and validates, the exit
 * status is 0, the TAP line carries "# TODO known kernel issue ID" with
 * the explanation in its YAML block (not under --strict), and the human
 * report says "FAIL (known: ID)".  The entry's evidence regex covers both
 * of the scenario's violations, one through its evidence text.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "report_fixture.h"

static const char file[] =
	"[tag-issue]\n"
	"kernel = 6.1..6.15\n"
	"fs = ext4\n"
	"scenario = dio-write.*\n"
	"oracle = TAG\n"
	"evidence = holds file [0-9]+'s tag.*found: |^bystander file [0-9]+: bad crc32c$\n"
	"fix = abc1234 \"x: y\", in 6.15\n"
	"explanation = why \"quoted\"\n"
	"  and continued\n";

int main(void)
{
	struct dr_known_issues ki;
	struct dr_known_verdict *kv;
	struct json_object *root;
	struct fixture f;
	char err[256], *tap, *human;

	tap_plan(11);
	fixture_init(&f);
	if (!tap_ok(!dr_known_parse_buffer(&ki, "k.ini", file, strlen(file)),
		    "the known-issues file parses"))
		return tap_exit();
	kv = dr_known_classify(&ki, &f.res, "6.1.192", "ext4");
	f.group.known = kv;
	f.group.known_fs = "ext4";
	f.group.known_kernel = "6.1.192";
	f.group.exit = dr_known_group_exit(&f.res, kv, f.group.exit, false);
	f.run.known_issues = &ki;
	f.run.exit = dr_report_exit_status(&f.run);
	root = dr_report_to_json(&f.run);
	tap_ok(root && !dr_report_validate(root, err, sizeof(err)) && f.run.exit == 0,
	       "result.json builds and validates; exit 0");
	tap_ok(root && strstr(json_object_to_json_string(root),
			      "\"evidence\": \"holds file [0-9]+'s tag.*found: |") &&
	       kv[1].viol && kv[1].viol[0] && kv[1].viol[1],
	       "both violations matched through the evidence regex, which result.json names");
	tap = root ? fixture_render(root, dr_report_write_tap) : NULL;
	human = root ? fixture_render(root, dr_report_write_human) : NULL;
	if (!tap || !human)
		return tap_exit();
	tap_ok(strstr(tap, "\nnot ok 2 - dio-write.punch.uffd # TODO known kernel issue tag-issue\n") != NULL,
	       "TAP: not ok with a TODO naming the issue");
	tap_ok(strstr(tap, "\nnot ok") == strstr(tap, "\nnot ok 2") &&
	       strstr(tap, "\nok 1 - dio-read.punch.uffd\n"),
	       "TAP: the other points are unchanged");
	tap_ok(strstr(tap, "      explanation: \"why \\\"quoted\\\" and continued\"\n") &&
	       strstr(tap, "  known_issue: \"tag-issue\"\n") &&
	       strstr(tap, "      fix: \"abc1234 \\\"x: y\\\", in 6.15\"\n"),
	       "TAP: issue, fix and explanation in the YAML block");
	tap_ok(strstr(human, "FAIL (known: tag-issue) dio-write.punch.uffd:") &&
	       strstr(human, "\ndio-write.punch.uffd   FAIL (known: tag-issue) ") &&
	       strstr(human, "1 fail (1 known)"),
	       "human: FAIL (known: ID) in the table, the details and the header");
	tap_ok(strstr(human, "\nknown issue tag-issue (fix: abc1234 \"x: y\", in 6.15; 1 scenario): why") != NULL,
	       "human: the explanation, with the scenarios naming it");
	free(human);
	/* Six scenarios of one issue (6.1): one explanation, six references. */
	{
		struct json_object *scs = json_object_object_get(root, "scenarios");
		struct json_object *known = json_object_array_get_idx(scs, 1);

		for (int i = 0; i < 5; i++)
			json_object_array_add(scs, json_object_get(known));
		human = fixture_render(root, dr_report_write_human);
		tap_ok(human && strstr(human, "; 6 scenarios): why") &&
		       !strstr(strstr(human, "): why") + 1, "): why") &&
		       strstr(human, "FAIL (known: tag-issue) dio-write.punch.uffd:"),
		       "human: one explanation for six scenarios, each naming the id");
		json_object_array_del_idx(scs, 3, 5);
	}
	free(tap);
	json_object_put(root);

	f.run.strict = true;
	f.group.exit = dr_known_group_exit(&f.res, kv, DR_EXIT_BUG, true);
	f.run.exit = dr_report_exit_status(&f.run);
	root = dr_report_to_json(&f.run);
	tap = root ? fixture_render(root, dr_report_write_tap) : NULL;
	tap_ok(f.run.exit == DR_EXIT_BUG && tap &&
	       strstr(tap, "\nnot ok 2 - dio-write.punch.uffd\n"),
	       "--strict: exit 1 and no TODO");
	tap_ok(tap && strstr(tap, "  known_issue: \"tag-issue\"\n") != NULL,
	       "--strict: still marked known in the YAML");
	if (tap_exit())
		tap_diag("%s", human);
	free(tap);
	free(human);
	json_object_put(root);
	free(kv);
	dr_known_free(&ki);
	return tap_exit();
}
