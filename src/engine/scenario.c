// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "common/log.h"
#include "common/util.h"
#include "engine/priv.h"
#include "engine/watchdog.h"
#include "oracles/klog.h"

/*
 * One scenario: actor x mutator x stall.  Order matters for the oracles:
 * begin (SPACE takes its statfs baseline, KLOG marks the log) before any
 * file of the scenario exists; end only after every file is deleted and the
 * filesystem synced.
 */
static uint64_t mono_clock(void)
{
	return dr_now_ns();
}

/* The rounds the jobs have done so far (read without locks). */
static uint64_t rounds_now(struct dr_scenario *sc)
{
	uint64_t n = 0;

	for (unsigned int i = 0; i < sc->nr_jobs; i++)
		n += atomic_load(&sc->jobs[i].rounds);
	return n;
}

static void progress_tick(struct dr_scenario *sc, dr_progress_fn progress,
			  void *ctx, uint64_t run_start)
{
	struct dr_progress p = { .scenario = sc->res->name };
	uint64_t now = dr_now_ns(), dur = sc->cfg->duration_ns;

	if (!progress)
		return;
	p.index = sc->index + 1;
	p.count = sc->nr_scenarios;
	p.elapsed_ns = now - run_start;
	/* Each scenario runs for the duration (teardown is not counted);
	 * with --rounds only, nothing tells how long a round takes. */
	p.left_ns = UINT64_MAX;
	if (dur)
		p.left_ns = (now - sc->res->start_ns < dur ?
			     dur - (now - sc->res->start_ns) : 0) +
			    (uint64_t)(p.count - p.index) * dur;
	p.rounds = rounds_now(sc);
	for (unsigned int i = 0; i < sc->nr_jobs; i++)
		p.confirmed_holds += atomic_load(&sc->jobs[i].confirmed);
	p.violations = sc->res->oracles.nr_violations +
		       sc->res->oracles.violations_dropped;
	progress(&p, ctx);
}

/* result.json's keys for them (results/schema.json, cost.phase_mean_us). */
const char *const dr_round_phase_names[DR_ROUND_PHASES] = {
	"kick_to_call", "call_to_fault", "fault_to_release",
	"release_to_io_return", "io_return_to_mutator_return", "verify_refill",
};

static void report_phases(struct dr_scenario *sc)
{
	static const char *const names[DR_ROUND_PHASES] = {
		"kick->actor in call", "->uffd fault", "fault->release",
		"release->I/O return", "->mutator return", "verify+refill",
	};
	struct dr_scenario_result *res = sc->res;
	uint64_t sum[DR_ROUND_PHASES] = { 0 }, n = 0;
	char line[512];
	int len = 0;

	for (unsigned int i = 0; i < sc->nr_jobs; i++) {
		n += atomic_load(&sc->jobs[i].confirmed);
		for (int p = 0; p < DR_ROUND_PHASES; p++)
			sum[p] += sc->jobs[i].phase_ns[p];
	}
	if (!n || sc->cfg->stall != DR_STALL_UFFD)
		return;
	res->have_phases = true;
	for (int p = 0; p < DR_ROUND_PHASES && len < (int)sizeof(line); p++) {
		res->phase_mean_us[p] = sum[p] / 1e3 / n;
		len += snprintf(line + len, sizeof(line) - len, "%s%s %.1f us",
				p ? ", " : "", names[p], res->phase_mean_us[p]);
	}
	dr_info("%s: mean time per round: %s", res->name, line);
}

static bool self_usage(double *cpu_s, uint64_t *csw)
{
	struct rusage ru;

	if (getrusage(RUSAGE_SELF, &ru))
		return false;
	*cpu_s = ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
		 ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
	*csw = (uint64_t)ru.ru_nvcsw + (uint64_t)ru.ru_nivcsw;
	return true;
}

/*
 * The racing's own cost: from just before the jobs start to just after
 * they stopped, so set-up, SPACE's brackets and teardown are left out.
 * RUSAGE_SELF counts threads that already exited too, so a job thread that
 * ended early is in it.
 */
static void report_cost(struct dr_scenario_result *res, double cpu_s,
			uint64_t csw)
{
	res->have_cost = true;
	res->cost_cpu_s = cpu_s > 0 ? cpu_s : 0;
	res->cost_csw = csw;
	if (res->rounds)
		dr_info("%s: cost per round: %.1f us of CPU, %.2f context switches (%llu rounds)",
			res->name, res->cost_cpu_s * 1e6 / res->rounds,
			(double)res->cost_csw / res->rounds,
			(unsigned long long)res->rounds);
}

static void collect(struct dr_scenario *sc)
{
	struct dr_scenario_result *res = sc->res;

	report_phases(sc);
	for (unsigned int i = 0; i < sc->nr_jobs; i++) {
		struct dr_job *j = &sc->jobs[i];

		res->rounds += atomic_load(&j->rounds);
		res->confirmed_holds += atomic_load(&j->confirmed);
		res->unconfirmed += atomic_load(&j->unconfirmed);
		res->lost_wakeups += atomic_load(&j->lost_wakeups);
		res->leaked_refs += atomic_load(&j->leaked_refs);
		if (j->unconfirmed_reason[0])
			dr_strlcpy(res->unconfirmed_reason, j->unconfirmed_reason,
				   sizeof(res->unconfirmed_reason));
		dr_hist_merge(&res->hold_to_mut_return, &j->h_hold);
		dr_hist_merge(&res->release_to_mut_return, &j->h_release);
	}
}

static void decide(struct dr_scenario *sc, bool setup_failed)
{
	struct dr_scenario_result *res = sc->res;
	uint64_t probes = 0;

	for (unsigned int i = 0; i < sc->nr_jobs; i++)
		probes += atomic_load(&sc->jobs[i].probes);
	if (setup_failed) {
		res->status = DR_STATUS_ERROR;
		return;
	}
	for (unsigned int i = 0; i < sc->nr_jobs; i++) {
		if (!sc->jobs[i].error[0])
			continue;
		/* A kernel bug found before the job stopped still counts. */
		for (int o = 0; o < DR_ORACLE_COUNT; o++)
			if (res->oracles.verdict[o] == DR_VERDICT_FAIL)
				goto judge;
		res->status = DR_STATUS_ERROR;
		dr_strlcpy(res->reason, sc->jobs[i].error, sizeof(res->reason));
		return;
	}
judge:
	for (int i = 0; i < DR_ORACLE_COUNT; i++) {
		if (res->oracles.verdict[i] == DR_VERDICT_FAIL) {
			res->status = DR_STATUS_FAIL;
			snprintf(res->reason, sizeof(res->reason),
				 "%s fired (%zu violation%s recorded)",
				 dr_oracles[i]->name, res->oracles.nr_violations,
				 dr_plural(res->oracles.nr_violations));
			return;
		}
	}
	if (sc->cfg->stall == DR_STALL_NONE) {
		if (!probes) {
			res->status = DR_STATUS_SKIP;
			snprintf(res->reason, sizeof(res->reason),
				 "free-running: no quiesce-and-probe step completed%s%s",
				 res->unconfirmed_reason[0] ? ": " : "",
				 res->unconfirmed_reason);
			return;
		}
		res->status = DR_STATUS_PASS;
		snprintf(res->reason, sizeof(res->reason),
			 "free-running: %llu I/O call%s, %llu quiesce-and-probe step%s",
			 (unsigned long long)res->rounds, dr_plural(res->rounds),
			 (unsigned long long)probes, dr_plural(probes));
		return;
	}
	if (!res->confirmed_holds) {
		/* Nothing was judged: never a PASS. */
		res->status = DR_STATUS_SKIP;
		snprintf(res->reason, sizeof(res->reason),
			 "no confirmed hold in %llu round%s: %s",
			 (unsigned long long)res->rounds, dr_plural(res->rounds),
			 res->unconfirmed_reason[0] ? res->unconfirmed_reason :
						      "no round ran");
		return;
	}
	res->status = DR_STATUS_PASS;
	snprintf(res->reason, sizeof(res->reason),
		 "%llu confirmed hold%s in %llu round%s",
		 (unsigned long long)res->confirmed_holds,
		 dr_plural(res->confirmed_holds),
		 (unsigned long long)res->rounds, dr_plural(res->rounds));
}

/*
 * The oracles' begin() set PASS provisionally ("applies, nothing seen
 * yet").  A scenario that ended SKIP or ERROR did not get to judge what
 * they claim, so none of them may keep that PASS: each becomes SKIP with
 * the scenario's reason.  FAIL, NA and SKIP stand as they are.
 */
static void unclaim_oracles(struct dr_scenario_result *res)
{
	if (res->status == DR_STATUS_PASS || res->status == DR_STATUS_FAIL)
		return;
	for (int o = 0; o < DR_ORACLE_COUNT; o++)
		if (res->oracles.verdict[o] == DR_VERDICT_PASS)
			dr_verdict_set(&res->oracles, o, DR_VERDICT_SKIP,
				       "scenario %s: %s", dr_status_name(res->status),
				       res->reason[0] ? res->reason : "ended early");
}

/*
 * A job thread still running this long after the scenario was told to stop
 * is stuck in the kernel: its own deadlines are all spent by then (the
 * watchdog, then in free-running 1 s for the change to finish once our
 * mapping is unmapped, at most 1 s of interrupting the change, 1 s of
 * retrying it and 1 s of interrupting the retry, live.c; a free-running
 * job ends after that one chain, freerun.c), with a second to spare for a
 * loaded machine.  So a harness gets its results within the watchdog plus
 * 5 s of the stop.
 */
static uint64_t stuck_grace_ns(const struct dr_scenario *sc)
{
	return sc->cfg->watchdog_ns + 5000000000ull;
}

/*
 * Whether a job still running at the grace's end is working rather than
 * stuck (dr_live_working(): its thread or a worker in a call is runnable,
 * or the actor's bio is still in the partner): under load its own
 * deadlines were judged again, so it may legitimately need longer.  Bounded
 * like them by the hung-task limit, counted from when the stop was asked.
 */
static bool jobs_working(struct dr_scenario *sc, uint64_t waited_ns)
{
	for (unsigned int i = 0; i < sc->nr_jobs; i++) {
		struct dr_job *j = &sc->jobs[i];

		if (!j->thread_started)
			continue;
		if (atomic_load(&j->actor_w.in_call) &&
		    dr_live_working(j, atomic_load(&j->actor_w.tid), true, waited_ns))
			return true;
		if (atomic_load(&j->mut_w.in_call) &&
		    dr_live_working(j, atomic_load(&j->mut_w.tid), false, waited_ns))
			return true;
		/* The holder itself: same test, with no worker of its own. */
		if (dr_live_working(NULL, j->holder_tid, false, waited_ns))
			return true;
	}
	return false;
}

/* Gives up on job threads that never return, so that the run still ends
 * and writes its results: LIVE records each, and nothing of theirs is
 * freed or removed (dead jobs, sc->abandoned). */
static void abandon_jobs(struct dr_scenario *sc)
{
	for (unsigned int i = 0; i < sc->nr_jobs; i++) {
		struct dr_job *j = &sc->jobs[i];
		char *ev;

		if (!j->thread_started)
			continue;
		ev = dr_live_capture(sc, j->holder_tid);
		dr_violation_add(&sc->res->oracles, DR_ORACLE_LIVE, j->round_index ?
				 j->round_index - 1 : 0, ev,
				 "job %u's thread (tid %d) still in the kernel %.1f s after the scenario was stopped",
				 j->id, (int)j->holder_tid, stuck_grace_ns(sc) / 1e9);
		free(ev);
		dr_warn("job %u: its thread (tid %d) is stuck in the kernel: abandoned",
			j->id, (int)j->holder_tid);
		pthread_detach(j->thread);
		j->thread_started = false;
		j->dead = true;
		sc->abandoned = true;
	}
}

static void wait_jobs(struct dr_scenario *sc, dr_progress_fn progress,
		      void *ctx, uint64_t run_start)
{
	struct timespec ts = { 0, 50000000 };
	uint64_t next = 0, give_up = 0, stopped_at = 0, now;

	for (;;) {
		bool running = false;

		for (unsigned int i = 0; i < sc->nr_jobs; i++)
			dr_hold_rescue_inline(&sc->jobs[i]);
		for (unsigned int i = 0; i < sc->nr_jobs; i++)
			if (sc->jobs[i].thread_started &&
			    pthread_tryjoin_np(sc->jobs[i].thread, NULL) == EBUSY)
				running = true;
			else
				sc->jobs[i].thread_started = false;
		if (!running)
			return;
		if (dr_engine_interrupted)
			atomic_store(&sc->stop, true);
		/* An inline layout change (page-cache mode) that the rescue
		 * did not bring back holds its job thread in the kernel: stop
		 * the others, then give up on it too. */
		for (unsigned int i = 0; i < sc->nr_jobs; i++)
			if (dr_hold_inline_stuck(&sc->jobs[i], stuck_grace_ns(sc)))
				atomic_store(&sc->stop, true);
		now = dr_now_ns();
		if (!give_up && (atomic_load(&sc->stop) ||
				 (sc->deadline_ns && now >= sc->deadline_ns)))
			give_up = (stopped_at = now) + stuck_grace_ns(sc);
		if (give_up && now >= give_up) {
			if (!jobs_working(sc, now - stopped_at)) {
				abandon_jobs(sc);
				return;
			}
			give_up = now + sc->cfg->watchdog_ns;
		}
		dr_pace_sample(&sc->res->pace, dr_now_ns(), rounds_now(sc));
		if (dr_now_ns() >= next) {
			progress_tick(sc, progress, ctx, run_start);
			next = dr_now_ns() + 250000000ull;
		}
		nanosleep(&ts, NULL);
	}
}

static int begin_oracles(struct dr_scenario *sc)
{
	for (int i = 0; i < DR_ORACLE_COUNT; i++) {
		const struct dr_oracle_ops *o = dr_oracles[i];
		int ret;

		if (!o || !o->begin)
			continue;
		ret = o->begin(&sc->env, &sc->res->oracles, &sc->ostate[i]);
		if (ret) {
			snprintf(sc->res->reason, sizeof(sc->res->reason),
				 "oracle %s could not start: %s", o->name,
				 strerror(-ret));
			dr_err("%s: %s", sc->res->name, sc->res->reason);
			return ret;
		}
	}
	return 0;
}

/* The scenario is idle and its files are all still there. */
static void before_remove_oracles(struct dr_scenario *sc)
{
	for (int i = 0; i < DR_ORACLE_COUNT; i++) {
		const struct dr_oracle_ops *o = dr_oracles[i];

		if (o && o->before_remove)
			o->before_remove(sc->ostate[i], &sc->env, &sc->res->oracles);
	}
}

static void end_oracles(struct dr_scenario *sc)
{
	for (int i = 0; i < DR_ORACLE_COUNT; i++) {
		const struct dr_oracle_ops *o = dr_oracles[i];

		if (o && o->end)
			o->end(sc->ostate[i], &sc->env, &sc->res->oracles);
		sc->ostate[i] = NULL;
	}
}

static int setup_jobs(struct dr_scenario *sc)
{
	const struct dr_run_config *cfg = sc->cfg;
	int ret;

	for (unsigned int i = 0; i < sc->nr_jobs; i++) {
		struct dr_job *j = &sc->jobs[i];

		ret = dr_job_setup(j, sc, i);
		if (ret) {
			snprintf(sc->res->reason, sizeof(sc->res->reason),
				 "job %u setup: %s", i, strerror(-ret));
			return ret;
		}
		if (cfg->rounds)
			j->rounds_target = cfg->rounds / sc->nr_jobs +
					   (i < cfg->rounds % sc->nr_jobs);
		ret = dr_inject_vmsplice_hold(j);
		if (ret) {
			snprintf(sc->res->reason, sizeof(sc->res->reason),
				 "inject vmsplice-hold: %s", strerror(-ret));
			return ret;
		}
	}
	return 0;
}

int dr_scenario_run(struct dr_scenario *sc, dr_progress_fn progress,
		    void *ctx, uint64_t run_start)
{
	const struct dr_run_config *cfg = sc->cfg;
	struct dr_scenario_result *res = sc->res;
	char why[256];
	bool failed = false, leak = false, usage_start = false, usage_end = false;
	double cpu_start = 0, cpu_end = 0;
	uint64_t csw_start = 0, csw_end = 0;
	int ret;

	res->start_ns = dr_now_ns();
	pthread_mutex_init(&sc->lock, NULL);
	sc->live_pipe[0] = sc->live_pipe[1] = -1;
	sc->space_leak_fd = -1;
	sc->jobs = calloc(sc->nr_jobs, sizeof(*sc->jobs));
	if (!sc->jobs) {
		res->status = DR_STATUS_ERROR;
		dr_strlcpy(res->reason, "out of memory", sizeof(res->reason));
		dr_err("%s: %s", res->name, res->reason);
		return -ENOMEM;
	}
	for (unsigned int i = 0; i < sc->nr_jobs; i++) {
		sc->jobs[i].v.fd = sc->jobs[i].uffd = sc->jobs[i].evfd = -1;
		sc->jobs[i].splice_pipe[0] = sc->jobs[i].splice_pipe[1] = -1;
	}
	if (begin_oracles(sc)) {
		failed = true;
		goto out_oracles;
	}
	if (dr_klog_open(&sc->klog, why, sizeof(why)))
		sc->klog = NULL;
	ret = dr_watchdog_start(&sc->watchdog, cfg->watchdog_ns, dr_live_expired,
				sc, mono_clock);
	if (ret) {
		snprintf(res->reason, sizeof(res->reason),
			 "watchdog: %s", strerror(-ret));
		dr_err("%s: %s", res->name, res->reason);
		failed = true;
		goto out_klog;
	}
	if (setup_jobs(sc)) {
		failed = true;
		goto out_jobs;
	}
	ret = dr_inject_space_leak_start(sc);
	if (ret) {
		snprintf(res->reason, sizeof(res->reason),
			 "inject space-leak: %s", strerror(-ret));
		failed = true;
		goto out_jobs;
	}
	dr_gupfail_check_longterm(sc, &sc->jobs[0]);
	ret = dr_inject_live_pipe_start(sc);
	if (ret) {
		snprintf(res->reason, sizeof(res->reason),
			 "inject live-pipe: %s", strerror(-ret));
		dr_err("%s: %s", res->name, res->reason);
		failed = true;
		goto out_jobs;
	}
	if (dr_bystander_start(sc))
		dr_warn("bystander thread could not start: TAG sees only the race files");

	sc->deadline_ns = cfg->rounds ? 0 : dr_now_ns() + cfg->duration_ns;
	usage_start = self_usage(&cpu_start, &csw_start);
	dr_pace_start(&res->pace, dr_now_ns());
	for (unsigned int i = 0; i < sc->nr_jobs; i++) {
		struct dr_job *j = &sc->jobs[i];

		if (cfg->rounds && !j->rounds_target)
			continue;
		ret = pthread_create(&j->thread, NULL,
				     cfg->stall == DR_STALL_UFFD ? dr_hold_job_main :
								   dr_freerun_job_main, j);
		if (ret) {
			/* Out of memory or threads: the job never ran, and the
			 * scenario must say so (ERROR), not skip as if nothing
			 * could be confirmed. */
			snprintf(j->error, sizeof(j->error),
				 "job %u: cannot start its thread: %s", i,
				 strerror(ret));
			dr_err("%s", j->error);
			continue;
		}
		j->thread_started = true;
	}
	wait_jobs(sc, progress, ctx, run_start);
	usage_end = usage_start && self_usage(&cpu_end, &csw_end);
	dr_pace_finish(&res->pace, dr_now_ns(), rounds_now(sc));
	progress_tick(sc, progress, ctx, run_start);
	if (dr_placement_collect(sc))
		dr_warn("no memory to record where the threads ran");

out_jobs:
	atomic_store(&sc->stop, true);
	dr_bystander_stop(sc);
	dr_inject_live_pipe_stop(sc);
	collect(sc);
	if (usage_end)
		report_cost(res, cpu_end - cpu_start, csw_end - csw_start);
	/* Every thread of ours is stopped, or abandoned and said so: what
	 * SPACE measures now is ours. */
	sc->env.job_abandoned = sc->abandoned;
	before_remove_oracles(sc);
	dr_bystander_remove(sc);
	dr_inject_space_leak_unlink(sc);
	for (unsigned int i = 0; i < sc->nr_jobs; i++) {
		if (sc->jobs[i].dead)
			leak = true;
		dr_job_teardown(&sc->jobs[i]);
	}
	dr_workdir_syncfs(sc->wd);
	if (sc->watchdog)
		dr_watchdog_stop(sc->watchdog);
	sc->watchdog = NULL;
out_klog:
	if (sc->klog)
		dr_klog_close(sc->klog);
	sc->klog = NULL;
out_oracles:
	end_oracles(sc);
	dr_inject_space_leak_stop(sc);
	decide(sc, failed);
	unclaim_oracles(res);
	res->end_ns = dr_now_ns();
	/* Jobs with a thread stuck in the kernel still point into the array. */
	if (!leak)
		free(sc->jobs);
	sc->jobs = NULL;
	return failed ? -EIO : 0;
}
