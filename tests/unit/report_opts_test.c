// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The option rows of "daxrace run" and workload files: values and ranges,
 * --rounds/--duration exclusion, layering (defaults < [global] < section <
 * command line), and FILE:LINE errors.  Errors go to stderr; the tests
 * check the return codes.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/exitcode.h"
#include "cli/run_opts.h"
#include "cli/workload.h"
#include "tap.h"

static const char *const actors[] = { "dio-read", "dio-write", NULL };
static const char *const mutators[] = { "punch", "zero", "truncate", NULL };

static int apply(struct dr_run_settings *s, const char *name, const char *arg)
{
	const struct dr_run_option *o = dr_run_option_by_name(name);

	return o ? dr_run_settings_apply(s, o->opt.key, arg) : -1;
}

static char *write_file(const char *text)
{
	static char path[64];
	int fd;

	strcpy(path, "/tmp/report_opts_test.XXXXXX");
	fd = mkstemp(path);
	if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		return NULL;
	close(fd);
	return path;
}

static int load(struct dr_workload *w, const char *text)
{
	char *path = write_file(text);
	int ret = path ? dr_workload_load(w, path, actors, mutators) : -1;

	if (path)
		unlink(path);
	return ret;
}

int main(void)
{
	struct dr_run_settings s, eff;
	struct dr_run_config cfg;
	struct dr_workload w;
	bool hidden_shown = false;
	int ret;

	tap_plan(22);

	dr_run_settings_init(&s);
	s.actor_names = actors;
	s.mutator_names = mutators;
	dr_run_settings_to_config(&s, &cfg);
	/* The rows' defaults, as daxrace-run(1) states them. */
	tap_ok(cfg.duration_ns == 1000000000ull && !cfg.rounds &&
	       cfg.jobs == 1 && cfg.pages == 4 &&
	       cfg.watchdog_ns == 30000000000ull && cfg.cpu_node == -1 &&
	       !cfg.actors && cfg.stall == DR_STALL_UFFD, "defaults");
	tap_ok(apply(&s, "pages", "0") == DR_EXIT_USAGE &&
	       apply(&s, "pages", "256") == DR_EXIT_USAGE &&
	       apply(&s, "pages", "255") == 0, "--pages 1..255");
	tap_ok(apply(&s, "jobs", "x") == DR_EXIT_USAGE && apply(&s, "jobs", "257") ==
	       DR_EXIT_USAGE && apply(&s, "jobs", "8") == 0, "--jobs 1..256");
	tap_ok(apply(&s, "stall", "hold") == DR_EXIT_USAGE &&
	       apply(&s, "stall", "none") == 0, "--stall uffd|none");
	tap_ok(apply(&s, "format", "xml") == DR_EXIT_USAGE &&
	       apply(&s, "format", "tap") == 0 && s.format == DR_FORMAT_TAP, "--format");
	tap_ok(apply(&s, "watchdog", "50ms") == DR_EXIT_USAGE &&
	       apply(&s, "watchdog", "2m") == 0 && s.watchdog_ns == 120000000000ull,
	       "--watchdog range and suffix");
	tap_ok(apply(&s, "seed", "9007199254740992") == DR_EXIT_USAGE &&
	       apply(&s, "seed", "42") == 0, "--seed below 2^53");
	tap_ok(apply(&s, "actor", "dio-read,bogus") == DR_EXIT_USAGE,
	       "unknown actor refused");
	tap_ok(apply(&s, "actor", "dio-write") == 0 &&
	       apply(&s, "actor", "dio-read,dio-write") == 0 && s.actors &&
	       !strcmp(s.actors[0], "dio-write") && !strcmp(s.actors[1], "dio-read") &&
	       !s.actors[2], "--actor repeats and splits commas, without duplicates");
	tap_ok(apply(&s, "rounds", "100") == 0 &&
	       apply(&s, "duration", "5s") == DR_EXIT_USAGE,
	       "--rounds and --duration together are refused");
	tap_ok(apply(&s, "require-dax", NULL) == 0 && s.require_dax &&
	       apply(&s, "require-dax", "no") == 0 && !s.require_dax &&
	       apply(&s, "require-dax", "maybe") == DR_EXIT_USAGE, "flags and booleans");
	dr_run_settings_free(&s);

	for (const struct dr_option *o = dr_run_option_table(false); o->name; o++)
		hidden_shown |= !strcmp(o->name, "inject");
	tap_ok(!hidden_shown && dr_run_option_by_name("inject"),
	       "--inject accepted but not in the help table");

	ret = load(&w, "[global]\ndir = /mnt/x\njobs = 2\nduration = 3s\n\n"
		       "# comment\n[a]\nactor = dio-read\n[b]\nrounds = 50\npages=8\n");
	tap_ok(ret == 0 && w.nr_groups == 2 && !strcmp(w.groups[1].name, "b"),
	       "workload with [global] and two groups");
	if (!ret) {
		struct dr_run_settings cli;

		dr_run_settings_init(&cli);
		apply(&cli, "jobs", "4");
		dr_run_settings_init(&eff);
		dr_run_settings_merge(&eff, &w.global);
		dr_run_settings_merge(&eff, &w.groups[1].settings);
		dr_run_settings_merge(&eff, &cli);
		dr_run_settings_to_config(&eff, &cfg);
		tap_ok(!strcmp(cfg.dir, "/mnt/x") && cfg.rounds == 50 && !cfg.duration_ns &&
		       cfg.pages == 8 && cfg.jobs == 4,
		       "section over [global], command line over both, rounds replace duration");
		dr_run_settings_init(&eff);
		dr_run_settings_merge(&eff, &w.global);
		dr_run_settings_merge(&eff, &w.groups[0].settings);
		dr_run_settings_to_config(&eff, &cfg);
		tap_ok(cfg.duration_ns == 3000000000ull && cfg.actors &&
		       !strcmp(cfg.actors[0], "dio-read") && cfg.jobs == 2,
		       "group a takes [global]'s duration and jobs");
		dr_run_settings_free(&cli);
	}
	dr_workload_free(&w);

	tap_ok(load(&w, "[global]\nfoo = 1\n") == DR_EXIT_USAGE, "unknown key");
	dr_workload_free(&w);
	tap_ok(load(&w, "[g]\njobs = 0\n") == DR_EXIT_USAGE, "bad value");
	dr_workload_free(&w);
	tap_ok(load(&w, "[g]\nformat = tap\n") == DR_EXIT_USAGE,
	       "per-run key outside [global]");
	dr_workload_free(&w);
	tap_ok(load(&w, "[global]\nworkload = x.ini\n") == DR_EXIT_USAGE,
	       "workload inside a workload");
	dr_workload_free(&w);
	tap_ok(load(&w, "jobs = 2\n") == DR_EXIT_USAGE, "key before any section");
	dr_workload_free(&w);
	tap_ok(load(&w, "[a]\n[a]\n") == DR_EXIT_USAGE &&
	       (dr_workload_free(&w), load(&w, "[a b]\n")) == DR_EXIT_USAGE,
	       "duplicate or odd section names");
	dr_workload_free(&w);
	tap_ok(load(&w, "[a]\nrounds = 5\nduration = 1s\n") == DR_EXIT_USAGE,
	       "rounds and duration in one section");
	dr_workload_free(&w);
	return tap_exit();
}
