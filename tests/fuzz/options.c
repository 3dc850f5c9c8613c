// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target: the command line.  The input is the arguments,
 * separated by NUL bytes.  "list ..." goes to cmd_list as daxrace's main
 * would send it; anything else is parsed as "daxrace run" parses its
 * options (the shared dr_parse_options over the run option rows, every
 * value through dr_run_settings_apply) and layered into a dr_run_config.
 * Each argument is also put to the value checkers on their own.
 */
#include "config.h"

#include <stdio.h>

#include "actors/actor.h"
#include "common/opts.h"
#include "mutators/mutator.h"
#include "common/commands.h"
#include "results/report.h"
#include "cli/run_opts.h"
#include "fuzz.h"

#define MAX_ARGS 64

static const char *actor_names[32], *mutator_names[32];
static char run[] = "run";

static int handle(void *ctx, int key, const char *arg)
{
	return dr_run_settings_apply(ctx, key, arg);
}

/* What a parse decided, to hold two parses of one command line side by side. */
struct outcome {
	int ret, first, log_level;
	uint64_t set;
};

static struct outcome run_options(int argc, char **argv)
{
	struct dr_run_settings cli, eff;
	struct dr_run_config cfg;
	struct outcome o = { 0 };

	dr_fuzz_reset();
	dr_run_settings_init(&cli);
	cli.actor_names = actor_names;
	cli.mutator_names = mutator_names;
	o.ret = dr_parse_options("run", "--dir DIR [options]", dr_run_option_table(true),
				 argc, argv, handle, &cli, &o.first);
	if (!o.ret) {
		if (o.first > argc)
			abort();
		dr_run_settings_init(&eff);
		dr_run_settings_merge(&eff, &cli);
		dr_run_settings_to_config(&eff, &cfg);
		dr_fuzz_plant(cfg.dir);
		dr_run_settings_free(&eff);
	}
	o.set = cli.set;
	o.log_level = dr_log_level;
	dr_run_settings_free(&cli);
	return o;
}

static void checkers(const char *arg)
{
	uint64_t v;
	int c;

	dr_parse_u64("fuzz", arg, 0, UINT64_MAX, &v);
	dr_parse_u64("fuzz", arg, 1, 256, &v);
	dr_parse_duration("fuzz", arg, 10000000ull, 7ull * 24 * 3600 * 1000000000ull, &v);
	dr_parse_choice("fuzz", arg, dr_format_names, &c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	char *buf = dr_fuzz_strndup(data, len), *copy, *argv[MAX_ARGS + 2];
	struct outcome a, b;
	int argc = 1;

	if (!buf)
		return 0;
	if (!actor_names[0]) {
		for (size_t n = 0; dr_actors[n] && n + 1 < 32; n++)
			actor_names[n] = dr_actors[n]->name;
		for (size_t n = 0; dr_mutators[n] && n + 1 < 32; n++)
			mutator_names[n] = dr_mutators[n]->name;
	}
	dr_fuzz_reset();
	argv[0] = run;
	for (size_t i = 0; len && i <= len && argc <= MAX_ARGS; i += strlen(buf + i) + 1)
		argv[argc++] = buf + i;
	argv[argc] = NULL;
	for (int i = 1; i < argc; i++)
		checkers(argv[i]);
	if (argc > 1 && !strcmp(argv[1], "list")) {
		cmd_list(argc - 1, argv + 1);
		goto out;
	}
	/*
	 * A parse depends on its argv alone: the same command line parsed
	 * again, from a fresh copy after the first is gone, decides the same.
	 */
	a = run_options(argc, argv);
	copy = dr_fuzz_strndup(data, len);
	if (!copy)
		goto out;
	for (int i = 1; i < argc; i++)
		argv[i] = copy + (argv[i] - buf);
	memset(buf, 'X', len);
	b = run_options(argc, argv);
	free(copy);
	if (memcmp(&a, &b, sizeof(a)))
		abort();
out:
	free(buf);
	return 0;
}
