// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The reproduce line of a failure, from a hand-built run: in result.json,
 * in the human and the TAP renderings; the options that replay it; sh
 * quoting of a --dir with blanks and a quote; the daxrace-vm form when the
 * run recorded one; and a file from before the key existed.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "report_fixture.h"

/* The fixture ran for --duration 2s: replayed by the 300 rounds it ran. */
static const char want[] =
	"daxrace run --dir /mnt/pmem --actor dio-write --mutator punch --stall uffd"
	" --jobs 2 --pages 4 --seed 1234 --rounds 300 --watchdog 30s --mem-node 0";

static struct json_object *scenario(struct json_object *root, size_t i)
{
	return json_object_array_get_idx(json_object_object_get(root, "scenarios"), i);
}

static size_t count(const char *s, const char *what)
{
	size_t n = 0;

	for (const char *p = s ? strstr(s, what) : NULL; p; p = strstr(p + 1, what))
		n++;
	return n;
}

int main(void)
{
	struct json_object *root;
	struct fixture f;
	char *out, line[4096];

	tap_plan(11);
	fixture_init(&f);
	root = dr_report_to_json(&f.run);
	tap_ok(root && !strcmp(dr_json_str(scenario(root, 1), "reproduce", ""), want),
	       "result.json: the FAIL's reproduce line");
	tap_diag("%s", root ? dr_json_str(scenario(root, 1), "reproduce", "-") : "-");

	out = root ? fixture_render(root, dr_report_write_human) : NULL;
	tap_ok(out && strstr(out, "  reproduce: ") && strstr(out, want) &&
	       count(out, "reproduce: ") == 1, "human: once, for the FAIL only");
	free(out);
	out = root ? fixture_render(root, dr_report_write_tap) : NULL;
	snprintf(line, sizeof(line), "\n  reproduce: \"%s\"\n", want);
	tap_ok(out && strstr(out, line) && count(out, "reproduce: ") == 1,
	       "TAP: in the FAIL's YAML block");
	free(out);

	/* A file from before the key: the renderers build the same line. */
	json_object_object_del(scenario(root, 1), "reproduce");
	out = root ? fixture_render(root, dr_report_write_human) : NULL;
	tap_ok(out && strstr(out, want), "built again from an older result.json");
	free(out);
	json_object_put(root);

	/* --depth only for an actor that reads it, and then always. */
	f.cfg.depth = 8;
	root = dr_report_to_json(&f.run);
	tap_ok(root && !strcmp(dr_json_str(scenario(root, 1), "reproduce", ""), want),
	       "no --depth for dio-write, which ignores it");
	json_object_put(root);
	f.sc[1].actor = "uring-write";
	root = dr_report_to_json(&f.run);
	tap_ok(root && strstr(dr_json_str(scenario(root, 1), "reproduce", ""),
			      "--actor uring-write --mutator punch --stall uffd --jobs 2 --pages 4 --depth 8 "),
	       "uring-write replays with its --depth");
	tap_diag("%s", root ? dr_json_str(scenario(root, 1), "reproduce", "-") : "-");
	json_object_put(root);
	f.sc[1].actor = "dio-write";
	f.cfg.depth = 0;

	f.cfg.dir = "/mnt/it's here";
	f.cfg.inject = "foreign-tag";
	root = dr_report_to_json(&f.run);
	tap_ok(root && strstr(dr_json_str(scenario(root, 1), "reproduce", ""),
			      "--dir '/mnt/it'\\''s here' --actor") &&
	       strstr(dr_json_str(scenario(root, 1), "reproduce", ""), " --inject foreign-tag"),
	       "--dir quoted for sh; an injection is part of the failure");
	tap_diag("%s", root ? dr_json_str(scenario(root, 1), "reproduce", "-") : "-");
	json_object_put(root);

	/* A group of a workload file: the same group of the same file. */
	f.cfg.dir = "/mnt/pmem";
	f.group.name = "smoke-free";
	f.run.workload = "/etc/daxrace/nightly.ini";
	root = dr_report_to_json(&f.run);
	tap_ok(root && strstr(dr_json_str(scenario(root, 1), "reproduce", ""),
			      "daxrace run --dir /mnt/pmem --workload /etc/daxrace/nightly.ini --group smoke-free --actor dio-write"),
	       "a workload file's group: --workload and --group pick it again");
	tap_diag("%s", root ? dr_json_str(scenario(root, 1), "reproduce", "-") : "-");
	json_object_put(root);
	f.group.name = "";
	f.run.workload = NULL;

	f.cfg.inject = NULL;
	f.cfg.partner = "/dev/vda";
	f.cfg.partner_destroy = true;
	f.cfg.require_dax = true;
	f.run.vm_command = "daxrace-vm --kernel-package 6.1 --fs ext4";
	root = dr_report_to_json(&f.run);
	{
		const char *r = root ? dr_json_str(scenario(root, 1), "reproduce", "") : "";

		tap_diag("%s", r);
		tap_ok(!strncmp(r, "daxrace-vm --kernel-package 6.1 --fs ext4 -- --actor dio-write --mutator punch",
				strlen("daxrace-vm --kernel-package 6.1 --fs ext4 -- --actor dio-write --mutator punch")) &&
		       strstr(r, " --seed 1234 --rounds 300"), "inside daxrace-vm: the daxrace-vm command");
		tap_ok(!strstr(r, "--dir") && !strstr(r, "--partner") && !strstr(r, "--require-dax"),
		       "without what daxrace-vm sets in the guest");
		tap_ok(!strcmp(dr_json_str(json_object_object_get(root, "vm"), "command", ""),
			       f.run.vm_command), "result.json records vm.command");
	}
	json_object_put(root);
	return tap_exit();
}
