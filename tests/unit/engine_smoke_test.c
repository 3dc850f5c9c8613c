// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Runs the race engine without the CLI: a short uffd-stalled run of every
 * actor x mutator in page-cache mode must PASS with confirmed holds, and the
 * test-only injections must make TAG and LIVE fire.  Needs root (loop
 * devices, kernel-mode userfaultfd); skips otherwise.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/exitcode.h"
#include "common/log.h"
#include "engine/engine.h"
#include "actors/actor.h"
#include "tap.h"

static const char *test_dir(void)
{
	const char *d = getenv("DAXRACE_TEST_DIR");

	return d ? d : "/var/tmp";
}

static void base(struct dr_run_config *c)
{
	memset(c, 0, sizeof(*c));
	c->dir = test_dir();
	c->stall = DR_STALL_UFFD;
	c->rounds = 200;
	c->jobs = 1;
	c->seed = 42;
	c->watchdog_ns = 2000000000ull;
	c->pages = 4;
	c->cpu_node = c->mem_node = -1;
}

static uint64_t total(const struct dr_run_result *r, int confirmed)
{
	uint64_t n = 0;

	for (size_t i = 0; i < r->nr_scenarios; i++)
		n += confirmed ? r->scenarios[i].confirmed_holds :
				 r->scenarios[i].rounds;
	return n;
}

static bool has_violation(const struct dr_run_result *r, enum dr_oracle_id o,
			  const char *needle)
{
	for (size_t i = 0; i < r->nr_scenarios; i++) {
		const struct dr_verdict_sink *s = &r->scenarios[i].oracles;

		for (size_t v = 0; v < s->nr_violations; v++)
			if (s->violations[v].oracle == o &&
			    (!needle || (s->violations[v].evidence &&
					 strstr(s->violations[v].evidence, needle))))
				return true;
	}
	return false;
}

int main(void)
{
	const char *one_actor[] = { "dio-read", NULL };
	const char *one_mut[] = { "punch", NULL };
	/* The first mutators; run-mutators-*.sh race the others. */
	const char *three_muts[] = { "punch", "zero", "truncate", NULL };
	struct dr_run_config c;
	struct dr_run_result r;
	int ret;

	if (geteuid() != 0) {
		printf("1..0 # SKIP needs root (loop devices, kernel-mode userfaultfd)\n");
		return 0;
	}
	dr_log_level = getenv("DAXRACE_TEST_VERBOSE") ? DR_LOG_DEBUG : DR_LOG_WARN;
	tap_plan(10);

	base(&c);
	c.mutators = three_muts;
	ret = dr_engine_run(&c, &r, NULL, NULL);
	tap_ok(ret == DR_EXIT_PASS, "all actors x punch, zero, truncate PASS (exit %d)", ret);
	{
		size_t nr_actors = 0;

		/* A held run leaves out the free-running-only actors. */
		for (size_t i = 0; dr_actors[i]; i++)
			nr_actors += !dr_actors[i]->free_running_only;
		tap_ok(r.nr_scenarios == 3 * nr_actors, "3 scenarios per held actor, %zu actors (%zu)",
		       nr_actors, r.nr_scenarios);
	}
	{
		size_t not_pass = 0;

		/* uring-fixed: the kernel refuses fixed buffers over ext4 (6.5+). */
		for (size_t i = 0; i < r.nr_scenarios; i++)
			not_pass += r.scenarios[i].status != DR_STATUS_PASS &&
				    !(r.scenarios[i].status == DR_STATUS_SKIP &&
				      !strncmp(r.scenarios[i].name, "uring-fixed.", 12));
		tap_ok(not_pass == 0, "every scenario PASS but uring-fixed's, which may be SKIP (%zu not)",
		       not_pass);
	}
	tap_ok(total(&r, 1) > 0 && total(&r, 1) * 100 >= total(&r, 0) * 99,
	       "99%% of rounds confirmed: %llu of %llu",
	       (unsigned long long)total(&r, 1), (unsigned long long)total(&r, 0));
	for (size_t i = 0; i < r.nr_scenarios; i++) {
		const struct dr_scenario_result *s = &r.scenarios[i];

		tap_diag("%s: %s: %s", s->name, dr_status_name(s->status), s->reason);
		if (s->unconfirmed)
			tap_diag("  %llu unconfirmed: %s",
				 (unsigned long long)s->unconfirmed,
				 s->unconfirmed_reason);
		for (size_t v = 0; v < s->oracles.nr_violations && v < 3; v++)
			tap_diag("  %s\n%s", s->oracles.violations[v].summary,
				 s->oracles.violations[v].evidence ?
				 s->oracles.violations[v].evidence : "");
	}
	dr_run_result_free(&r);

	base(&c);
	c.actors = one_actor;
	c.mutators = one_mut;
	c.jobs = 2;
	c.rounds = 400;
	ret = dr_engine_run(&c, &r, NULL, NULL);
	tap_ok(ret == DR_EXIT_PASS && total(&r, 0) == 400 && total(&r, 1) >= 390,
	       "2 jobs share 400 rounds, confirmed (exit %d, %llu: %s)", ret,
	       (unsigned long long)total(&r, 1), r.scenarios[0].unconfirmed_reason);
	dr_run_result_free(&r);

	base(&c);
	c.actors = one_actor;
	c.mutators = one_mut;
	c.inject = "foreign-tag";
	c.rounds = 0;
	c.duration_ns = 300000000ull;
	ret = dr_engine_run(&c, &r, NULL, NULL);
	tap_ok(ret == DR_EXIT_BUG && has_violation(&r, DR_ORACLE_TAG, NULL),
	       "inject foreign-tag: TAG fires, exit 1 (exit %d)", ret);
	dr_run_result_free(&r);

	base(&c);
	c.actors = one_actor;
	c.mutators = one_mut;
	c.inject = "live-pipe";
	c.rounds = 0;
	c.duration_ns = 1500000000ull;
	c.watchdog_ns = 500000000ull;
	ret = dr_engine_run(&c, &r, NULL, NULL);
	tap_ok(ret == DR_EXIT_BUG && has_violation(&r, DR_ORACLE_LIVE, "pipe"),
	       "inject live-pipe: LIVE fires with the stack, exit 1 (exit %d)", ret);
	dr_run_result_free(&r);

	base(&c);
	c.actors = one_actor;
	c.mutators = one_mut;
	c.stall = DR_STALL_NONE;
	c.rounds = 0;
	c.duration_ns = 600000000ull;
	c.probe_every_ns = 200000000ull;
	ret = dr_engine_run(&c, &r, NULL, NULL);
	tap_ok(ret == DR_EXIT_PASS, "stall none with probes PASSes (exit %d: %s)",
	       ret, r.nr_scenarios ? r.scenarios[0].reason : "");
	dr_run_result_free(&r);

	base(&c);
	c.inject = "no-such-thing";
	ret = dr_engine_run(&c, &r, NULL, NULL);
	tap_ok(ret == DR_EXIT_USAGE, "unknown injection is a usage error (exit %d)", ret);
	dr_run_result_free(&r);

	base(&c);
	c.dir = "/nonexistent/daxrace";
	ret = dr_engine_run(&c, &r, NULL, NULL);
	tap_ok(ret == DR_EXIT_ENV, "unusable --dir is an environment error (exit %d)", ret);
	dr_run_result_free(&r);
	return tap_exit();
}
