// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * daxrace: race GUP-pinned fsdax pages against layout changes and check
 * that the kernel neither frees a pinned page nor leaks a reference.
 *
 * This file only dispatches: each subcommand is an entry in DR_COMMANDS.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "common/commands.h"
#include "common/exitcode.h"
#include "common/log.h"

struct dr_command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
};

#define DR_COMMAND_ROW(n, s) { #n, cmd_##n, s },
static const struct dr_command commands[] = {
	DR_COMMANDS(DR_COMMAND_ROW)
	{ NULL, NULL, NULL },
};
#undef DR_COMMAND_ROW

static void usage(FILE *out)
{
	fprintf(out,
		"usage: daxrace [--version] [--help] [--exit-codes=STYLE] COMMAND [ARGS]\n"
		"\ncommands:\n");
	for (const struct dr_command *c = commands; c->name; c++)
		fprintf(out, "  %-10s %s\n", c->name, c->summary);
	fprintf(out, "  %-10s %s\n", "help", "show the manual page of a command");
	fprintf(out,
		"\n'daxrace COMMAND --help' lists a command's options; "
		"daxrace(1) is the manual.\n");
}

static const struct dr_command *find_command(const char *name)
{
	for (const struct dr_command *c = commands; c->name; c++)
		if (!strcmp(c->name, name))
			return c;
	return NULL;
}

/*
 * "daxrace help run" shows daxrace-run(1): the installed page when man can
 * find it, else the page in the source tree this binary was built from.
 */
static int cmd_help(int argc, char **argv)
{
	char page[64], path[4096];
	const char *topic = argc > 1 ? argv[1] : NULL;

	if (!topic) {
		usage(stdout);
		return DR_EXIT_PASS;
	}
	if (strcmp(topic, "daxrace") && strcmp(topic, "vm") &&
	    strcmp(topic, "workload") && !find_command(topic)) {
		dr_err("help: no command '%s'", topic);
		fprintf(stderr, "Try 'daxrace --help'.\n");
		return DR_EXIT_USAGE;
	}
	if (!strcmp(topic, "daxrace"))
		snprintf(page, sizeof(page), "daxrace");
	else
		snprintf(page, sizeof(page), "daxrace-%s", topic);
	fflush(NULL);
	snprintf(path, sizeof(path), "%s/%s.%c", DR_SRC_MANDIR, page,
		 strcmp(topic, "workload") ? '1' : '5');
	/* Prefer the page next to the sources this binary came from: it is
	 * the one that matches the binary. */
	if (access(path, R_OK) == 0)
		execlp("man", "man", "-l", path, (char *)NULL);
	execlp("man", "man", page, (char *)NULL);
	dr_err("help: cannot run man to show %s: install man-db", page);
	return DR_EXIT_ENV;
}

int main(int argc, char **argv)
{
	const struct dr_command *c;
	static char prefix[64];
	int i = 1, ret;

	for (; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			usage(stdout);
			return DR_EXIT_PASS;
		} else if (!strcmp(argv[i], "--version")) {
			printf("daxrace %s\n", PACKAGE_VERSION);
			return DR_EXIT_PASS;
		} else if (!strncmp(argv[i], "--exit-codes=", 13)) {
			if (dr_set_exit_style(argv[i] + 13)) {
				dr_err("--exit-codes: '%s' is not one of: daxrace, automake",
				       argv[i] + 13);
				return dr_exit_code(DR_EXIT_USAGE);
			}
		} else {
			dr_err("unknown option '%s'", argv[i]);
			usage(stderr);
			return dr_exit_code(DR_EXIT_USAGE);
		}
	}
	if (i >= argc) {
		usage(stderr);
		return dr_exit_code(DR_EXIT_USAGE);
	}
	if (!strcmp(argv[i], "help"))
		return dr_exit_code(cmd_help(argc - i, argv + i));
	c = find_command(argv[i]);
	if (!c) {
		dr_err("unknown command '%s'", argv[i]);
		fprintf(stderr, "Try 'daxrace --help'.\n");
		return dr_exit_code(DR_EXIT_USAGE);
	}
	snprintf(prefix, sizeof(prefix), "daxrace %s", c->name);
	dr_log_prefix = prefix;
	ret = c->fn(argc - i, argv + i);
	return dr_exit_code(ret < 0 ? DR_EXIT_PASS : ret);
}
