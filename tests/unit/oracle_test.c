// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The oracle table and the verdict sink, and the round oracles (ORDER,
 * GUPFAIL) on synthetic timelines: each fires on a constructed violation
 * and stays quiet on the correct case; NA is never PASS.
 */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <string.h>

#include "oracles/oracle.h"
#include "tap.h"

#define US 1000ull

static const struct dr_oracle_env dax_env = {
	.dax = true, .dir = "/tmp", .watchdog_ns = 30000000000ull,
	.mutator_breaks_layouts = true,
};
static const struct dr_oracle_env pc_env = {
	.dax = false, .dir = "/tmp", .watchdog_ns = 30000000000ull,
	.mutator_breaks_layouts = true,
};
/* DAX, with a mutator that moves no block (zap, write): need not wait. */
static const struct dr_oracle_env dax_free_env = {
	.dax = true, .root = true, .mutator_breaks_layouts = true, .free_running = true,
};
static const struct dr_oracle_env dax_pte_env = {
	.dax = true, .dir = "/tmp", .watchdog_ns = 30000000000ull,
};

/* A correct DAX round: the punch sleeps until the pins are released. */
static struct dr_round good_round(void)
{
	struct dr_round r = {
		.index = 17, .actor = "dio-read", .mutator = "punch", .dax = true,
		.confirmed = true, .victim_offset = 0, .victim_length = 16384,
		.t_io_start = 1000000, .t_fault = 1000000 + 20 * US,
		.t_mut_start = 1000000 + 25 * US, .t_mut_blocked = 1000000 + 40 * US,
		.t_release = 1000000 + 50 * US, .t_io_return = 1000000 + 70 * US,
		.t_mut_return = 1000000 + 1100 * US, .io_result = 20480,
	};

	strcpy(r.mut_wchan, "ext4_break_layouts");
	return r;
}

static int run_round(const struct dr_oracle_ops *o, const struct dr_oracle_env *env,
		     struct dr_verdict_sink *sink, const struct dr_round *r)
{
	void *state = NULL;

	if (o->begin(env, sink, &state))
		return -1;
	if (o->round)
		o->round(state, env, r, sink);
	if (o->end)
		o->end(state, env, sink);
	return 0;
}

struct adder {
	struct dr_verdict_sink *sink;
	int n;
};

static void *add_many(void *arg)
{
	struct adder *a = arg;

	for (int i = 0; i < a->n; i++)
		dr_violation_add(a->sink, DR_ORACLE_TAG, (uint64_t)i, "x", "v%d", i);
	return NULL;
}

int main(void)
{
	const struct dr_oracle_ops *order = dr_oracle_by_name("ORDER");
	const struct dr_oracle_ops *gup = dr_oracle_by_name("gupfail");
	struct dr_verdict_sink sink;
	struct dr_round r;
	pthread_t th[4];
	struct adder ad;
	int ok = 1;

	/* Registry */
#define CHECK_ROW(id, nm) ok &= dr_oracles[DR_ORACLE_##id] && \
	!strcmp(dr_oracles[DR_ORACLE_##id]->name, nm) && \
	dr_oracles[DR_ORACLE_##id]->begin && dr_oracles[DR_ORACLE_##id]->summary;
	DR_ORACLES(CHECK_ROW)
#undef CHECK_ROW
	tap_ok(ok, "dr_oracles[] holds every DR_ORACLES row, in enum order, with begin and summary");
	tap_ok(order == dr_oracles[DR_ORACLE_ORDER] && gup == dr_oracles[DR_ORACLE_GUPFAIL],
	       "dr_oracle_by_name finds oracles, case-insensitively");
	tap_ok(!dr_oracle_by_name("NAMESPACEX"), "unknown name -> NULL");
	tap_ok(!strcmp(dr_verdict_name(DR_VERDICT_PASS), "PASS") &&
	       !strcmp(dr_verdict_name(DR_VERDICT_FAIL), "FAIL") &&
	       !strcmp(dr_verdict_name(DR_VERDICT_SKIP), "SKIP") &&
	       !strcmp(dr_verdict_name(DR_VERDICT_NA), "NA") &&
	       !strcmp(dr_verdict_name(DR_VERDICT_INCONCLUSIVE), "INCONCLUSIVE"),
	       "verdict names");

	/* Sink */
	memset(&sink, 0, sizeof(sink));
	dr_verdict_set(&sink, DR_ORACLE_TAG, DR_VERDICT_PASS, "clean");
	dr_violation_add(&sink, DR_ORACLE_TAG, 3, "hexdump", "block %d foreign", 5);
	tap_ok(sink.verdict[DR_ORACLE_TAG] == DR_VERDICT_FAIL && sink.nr_violations == 1 &&
	       !strcmp(sink.violations[0].summary, "block 5 foreign") &&
	       !strcmp(sink.violations[0].evidence, "hexdump") &&
	       sink.violations[0].round == 3 && sink.violations[0].t_ns,
	       "a violation sets FAIL and keeps summary, evidence, round, time");
	tap_ok(!strcmp(sink.reason[DR_ORACLE_TAG], "block 5 foreign"),
	       "the FAIL reason is the first violation");
	dr_verdict_set(&sink, DR_ORACLE_TAG, DR_VERDICT_PASS, "nothing more");
	tap_ok(sink.verdict[DR_ORACLE_TAG] == DR_VERDICT_FAIL,
	       "FAIL is sticky: a later PASS does not hide it");
	dr_violation_add(&sink, DR_ORACLE_LIVE, UINT64_MAX, NULL, "no evidence");
	tap_ok(sink.nr_violations == 2 && !sink.violations[1].evidence,
	       "evidence may be NULL");
	dr_verdict_sink_free(&sink);
	tap_ok(!sink.violations && !sink.nr_violations, "sink freed");

	memset(&sink, 0, sizeof(sink));
	ad.sink = &sink;
	ad.n = 100;
	for (int i = 0; i < 4; i++)
		pthread_create(&th[i], NULL, add_many, &ad);
	for (int i = 0; i < 4; i++)
		pthread_join(th[i], NULL);
	tap_ok(sink.nr_violations + sink.violations_dropped == 400,
	       "4 threads x 100 violations: none lost (%zu kept, %llu dropped)",
	       sink.nr_violations, (unsigned long long)sink.violations_dropped);
	tap_ok(sink.nr_violations == 256 && sink.violations_dropped == 144,
	       "kept violations are capped at 256, the rest counted");
	dr_verdict_sink_free(&sink);

	/* ORDER */
	memset(&sink, 0, sizeof(sink));
	r = good_round();
	run_round(order, &dax_env, &sink, &r);
	tap_ok(sink.verdict[DR_ORACLE_ORDER] == DR_VERDICT_PASS && !sink.nr_violations,
	       "ORDER: punch returning after the release passes");

	r = good_round();
	r.t_mut_blocked = 0;
	r.t_mut_return = r.t_fault + 10 * US; /* returned while pinned */
	run_round(order, &dax_env, &sink, &r);
	tap_ok(sink.verdict[DR_ORACLE_ORDER] == DR_VERDICT_FAIL && sink.nr_violations == 1,
	       "ORDER fires: punch returned 20 us before the release");
	tap_ok(strstr(sink.violations[0].summary, "20.0 us before") != NULL,
	       "summary: %s", sink.violations[0].summary);
	tap_ok(sink.violations[0].evidence &&
	       strstr(sink.violations[0].evidence, "+0.000 us") &&
	       strstr(sink.violations[0].evidence, "+10.000 us") &&
	       strstr(sink.violations[0].evidence, "+30.000 us") &&
	       strstr(sink.violations[0].evidence, "mut_blocked") &&
	       strstr(sink.violations[0].evidence, "never"),
	       "evidence: the timeline relative to the fault, in us");
	tap_diag("%s", sink.violations[0].evidence);
	dr_verdict_sink_free(&sink);

	memset(&sink, 0, sizeof(sink));
	r = good_round();
	r.t_release = 0; /* the holder never released: still pinned */
	r.t_io_return = 0;
	run_round(order, &dax_env, &sink, &r);
	tap_ok(sink.verdict[DR_ORACLE_ORDER] == DR_VERDICT_FAIL,
	       "ORDER fires: punch returned and the pins were never released");
	dr_verdict_sink_free(&sink);

	memset(&sink, 0, sizeof(sink));
	r = good_round();
	r.t_mut_return = r.t_release; /* same instant: not before */
	run_round(order, &dax_env, &sink, &r);
	tap_ok(sink.verdict[DR_ORACLE_ORDER] == DR_VERDICT_PASS,
	       "ORDER: returning at the release instant is not early");
	r = good_round();
	r.t_mut_return = 0; /* still blocked: LIVE's business */
	run_round(order, &dax_env, &sink, &r);
	tap_ok(sink.verdict[DR_ORACLE_ORDER] == DR_VERDICT_PASS, "ORDER: a mutator still blocked is not judged");
	r = good_round();
	r.t_mut_return = r.t_release - 10 * US;
	r.mut_errno = EINTR; /* interrupted wait: nothing freed */
	run_round(order, &dax_env, &sink, &r);
	tap_ok(sink.verdict[DR_ORACLE_ORDER] == DR_VERDICT_PASS && !sink.nr_violations,
	       "ORDER: a layout change that failed (EINTR) early is not a skipped wait");
	dr_verdict_sink_free(&sink);

	memset(&sink, 0, sizeof(sink));
	r = good_round();
	r.dax = false;
	r.t_mut_return = r.t_fault + 10 * US;
	run_round(order, &pc_env, &sink, &r);
	tap_ok(sink.verdict[DR_ORACLE_ORDER] == DR_VERDICT_NA && !sink.nr_violations,
	       "ORDER in page-cache mode: NA, and an early return does not fire");
	tap_ok(strstr(sink.reason[DR_ORACLE_ORDER], "page-cache mode") != NULL,
	       "NA reason: %s", sink.reason[DR_ORACLE_ORDER]);
	dr_verdict_sink_free(&sink);

	memset(&sink, 0, sizeof(sink));
	r = good_round();
	r.mutator = "zap";
	r.t_mut_return = r.t_fault + 10 * US;
	run_round(order, &dax_pte_env, &sink, &r);
	tap_ok(sink.verdict[DR_ORACLE_ORDER] == DR_VERDICT_NA && !sink.nr_violations &&
	       strstr(sink.reason[DR_ORACLE_ORDER], "no block layout"),
	       "ORDER with a mutator that breaks no layout: NA on DAX, an early return does not fire (%s)",
	       sink.reason[DR_ORACLE_ORDER]);
	dr_verdict_sink_free(&sink);

	memset(&sink, 0, sizeof(sink));
	r = good_round();
	r.t_mut_return = r.t_fault + 10 * US;
	run_round(order, &dax_free_env, &sink, &r);
	tap_ok(sink.verdict[DR_ORACLE_ORDER] == DR_VERDICT_NA && !sink.nr_violations &&
	       strstr(sink.reason[DR_ORACLE_ORDER], "free-running"),
	       "ORDER free-running on DAX: NA, never a PASS nobody measured (%s)",
	       sink.reason[DR_ORACLE_ORDER]);
	dr_verdict_sink_free(&sink);

	/* GUPFAIL */
	memset(&sink, 0, sizeof(sink));
	r = good_round();
	run_round(gup, &dax_env, &sink, &r);
	tap_ok(sink.verdict[DR_ORACLE_GUPFAIL] == DR_VERDICT_PASS && !sink.nr_violations,
	       "GUPFAIL: a successful call passes");
	r.io_result = -1;
	r.io_errno = EIO;
	run_round(gup, &dax_env, &sink, &r);
	tap_ok(sink.verdict[DR_ORACLE_GUPFAIL] == DR_VERDICT_PASS,
	       "GUPFAIL: EIO is not a GUP refusal");
	r.io_errno = EFAULT;
	r.t_fault = 0;
	r.t_release = 0;
	run_round(gup, &dax_env, &sink, &r);
	tap_ok(sink.verdict[DR_ORACLE_GUPFAIL] == DR_VERDICT_FAIL && sink.nr_violations == 1 &&
	       strstr(sink.violations[0].summary, "EFAULT") &&
	       strstr(sink.violations[0].evidence, "errno 14"),
	       "GUPFAIL fires on EFAULT: %s", sink.violations[0].summary);
	dr_verdict_sink_free(&sink);
	memset(&sink, 0, sizeof(sink));
	r.io_errno = ENOMEM;
	run_round(gup, &dax_env, &sink, &r);
	tap_ok(sink.verdict[DR_ORACLE_GUPFAIL] == DR_VERDICT_FAIL, "GUPFAIL fires on ENOMEM");
	dr_verdict_sink_free(&sink);
	memset(&sink, 0, sizeof(sink));
	r.io_errno = EFAULT;
	run_round(gup, &pc_env, &sink, &r);
	tap_ok(sink.verdict[DR_ORACLE_GUPFAIL] == DR_VERDICT_NA && !sink.nr_violations,
	       "GUPFAIL in page-cache mode: NA, EFAULT not judged");
	/* The engine's own report path (io_uring longterm pin accepted). */
	dr_verdict_set(&sink, DR_ORACLE_GUPFAIL, DR_VERDICT_PASS, "applies");
	dr_violation_add(&sink, DR_ORACLE_GUPFAIL, UINT64_MAX, NULL,
			 "io_uring registered a fsdax buffer");
	tap_ok(sink.verdict[DR_ORACLE_GUPFAIL] == DR_VERDICT_FAIL,
	       "GUPFAIL: an engine-reported longterm pin fails the oracle");
	dr_verdict_sink_free(&sink);

	/* TAG and LIVE tables: they apply everywhere and say how. */
	memset(&sink, 0, sizeof(sink));
	run_round(dr_oracles[DR_ORACLE_TAG], &pc_env, &sink, &r);
	tap_ok(sink.verdict[DR_ORACLE_TAG] == DR_VERDICT_PASS &&
	       strstr(sink.reason[DR_ORACLE_TAG], "every block"),
	       "TAG applies in page-cache mode: %s", sink.reason[DR_ORACLE_TAG]);
	dr_violation_add(&sink, DR_ORACLE_TAG, 4, "status: FOREIGN", "foreign tag");
	tap_ok(sink.verdict[DR_ORACLE_TAG] == DR_VERDICT_FAIL, "TAG fails on an engine-reported block");
	run_round(dr_oracles[DR_ORACLE_LIVE], &dax_env, &sink, &r);
	tap_ok(sink.verdict[DR_ORACLE_LIVE] == DR_VERDICT_PASS &&
	       strstr(sink.reason[DR_ORACLE_LIVE], "30.0 s"),
	       "LIVE names its deadline: %s", sink.reason[DR_ORACLE_LIVE]);
	tap_ok(dr_oracles[DR_ORACLE_TAG]->round == NULL && dr_oracles[DR_ORACLE_LIVE]->end == NULL,
	       "TAG and LIVE judge through the engine, not per round");
	dr_verdict_sink_free(&sink);
	tap_plan(tap_count);
	return tap_exit();
}
