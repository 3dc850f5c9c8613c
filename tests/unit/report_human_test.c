// SPDX-License-Identifier: GPL-2.0-or-later
/* The human summary of a hand-built run: header, table rows, details. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "report_fixture.h"

static bool row(const char *out, const char *id, const char *status)
{
	const char *p = strstr(out, id);

	while (p && p[-1] != '\n')
		p = strstr(p + 1, id);
	if (!p)
		return false;
	p += strlen(id);
	while (*p == ' ')
		p++;
	return !strncmp(p, status, strlen(status));
}

int main(void)
{
	struct json_object *root;
	struct fixture f;
	static const char *const one[] = { "scenarios", "rounds", "confirmed_holds",
					   "violations" };
	struct json_object *sum;
	char *out, *note;
	bool ascii = true;

	tap_plan(12);
	fixture_init(&f);
	root = dr_report_to_json(&f.run);
	out = root ? fixture_render(root, dr_report_write_human) : NULL;
	tap_ok(out != NULL, "human output renders");
	if (!out)
		return tap_exit();
	tap_diag("%s", out);
	tap_ok(strstr(out, "kernel 6.12.0-test") && strstr(out, "fs ext4 (DAX)") &&
	       strstr(out, "seed 1234"), "header names kernel, fs, DAX and seed");
	tap_ok(strstr(out, "result FAIL (exit 1)") != NULL, "overall result");
	tap_ok(strstr(out, "SCENARIO") && strstr(out, "ORDER") && strstr(out, "GUPFAIL"),
	       "table header with oracle columns");
	tap_ok(row(out, "dio-read.punch.uffd", "PASS") &&
	       row(out, "dio-write.punch.uffd", "FAIL") &&
	       row(out, "dio-read.truncate.uffd", "SKIP"), "one row per scenario");
	tap_ok(strstr(out, "TAG round 17: block 3 of victim holds file 9's tag") != NULL,
	       "violation summary in the details");
	tap_ok(strstr(out, "KLOG SKIP: /dev/kmsg: Permission denied (1 scenario)") != NULL,
	       "why an oracle was skipped");
	for (const char *p = out; *p; p++)
		if ((unsigned char)*p >= 0x80)
			ascii = false;
	tap_ok(ascii, "plain ASCII");
	tap_ok(!strstr(out, "no fsdax page"), "a DAX run has no page-cache note");
	free(out);

	/* One of each: singular words, not "1 scenarios". */
	sum = json_object_object_get(root, "summary");
	for (size_t i = 0; i < 4; i++)
		json_object_object_add(sum, one[i], json_object_new_int(1));
	out = fixture_render(root, dr_report_write_human);
	tap_ok(out && strstr(out, ": 1 scenario: ") &&
	       strstr(out, "; 1 round, 1 confirmed hold, 1 violation\n"),
	       "counts of one are singular");
	free(out);

	/* Page-cache mode: said first, with how to test fsdax. */
	json_object_object_add(root, "dax", json_object_new_boolean(0));
	json_object_object_add(root, "dax_reason",
			       json_object_new_string("/dev/vda is not a DAX-capable device"));
	out = fixture_render(root, dr_report_write_human);
	tap_diag("%s", out ? out : "(null)");
	note = out ? strstr(out, "NOTE: no fsdax page was tested: ") : NULL;
	tap_ok(note && strstr(note, "/dev/vda is not a DAX-capable device") &&
	       strstr(note, "daxrace-vm"), "page-cache mode: the note names why and daxrace-vm");
	tap_ok(note && strstr(out, "result ") > note && strstr(out, "SCENARIO") > note,
	       "the note comes before the result line and the table");
	free(out);
	json_object_put(root);
	return tap_exit();
}
