// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * LIVE: the watchdog on a fake clock.  An armed watch expires exactly
 * when the clock passes its deadline, once; an unarmed one never does; an
 * ended one never does.  The expiry feeds the LIVE oracle with a capture
 * of the stuck thread.  The watchdog's own thread runs meanwhile: polls
 * are serialised, so counting callbacks after our own poll is exact.
 */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "engine/taskinfo.h"
#include "engine/watchdog.h"
#include "oracles/oracle.h"
#include "tap.h"

#define DEADLINE 1000000000ull /* 1 s of fake time */

static uint64_t fake_now;
static int fired;
static pid_t fired_tid;
static char fired_what[64];
static uint64_t fired_blocked;
static struct dr_verdict_sink sink;
/* How many expiries the callback answers "still working" before reporting. */
static int working;
/* Set: the callback announces itself in slow_entered and waits for
 * slow_release before answering "still working". */
static int slow, slow_entered, slow_release;

static uint64_t fake_clock(void)
{
	return __atomic_load_n(&fake_now, __ATOMIC_SEQ_CST);
}

static void set_now(uint64_t t)
{
	__atomic_store_n(&fake_now, t, __ATOMIC_SEQ_CST);
}

static bool expired(void *ctx, struct dr_watch *w, pid_t tid, const char *what,
		    uint64_t blocked_ns)
{
	char *cap;

	fired_blocked = blocked_ns;
	if (__atomic_load_n(&slow, __ATOMIC_SEQ_CST)) {
		__atomic_store_n(&slow_entered, 1, __ATOMIC_SEQ_CST);
		while (!__atomic_load_n(&slow_release, __ATOMIC_SEQ_CST))
			nanosleep(&(struct timespec){ .tv_nsec = 1000000 }, NULL);
		__atomic_store_n(&slow, 0, __ATOMIC_SEQ_CST);
		return false;
	}
	if (working > 0) {
		working--;
		return false;
	}
	cap = dr_task_capture(tid);
	fired_tid = tid;
	snprintf(fired_what, sizeof(fired_what), "%s", what);
	fired_blocked = blocked_ns;
	dr_violation_add(ctx, DR_ORACLE_LIVE, UINT64_MAX, cap,
			 "%s still blocked %.1f s after its blocker was gone", what,
			 (double)blocked_ns / 1e9);
	free(cap);
	__atomic_add_fetch(&fired, 1, __ATOMIC_SEQ_CST);
	return true;
}

struct ender {
	struct dr_watch *w;
	int done;
	bool expired;
};

static void *end_watch(void *arg)
{
	struct ender *e = arg;

	e->expired = dr_watch_end(e->w);
	__atomic_store_n(&e->done, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

static int nfired(void)
{
	return __atomic_load_n(&fired, __ATOMIC_SEQ_CST);
}

int main(void)
{
	struct dr_watchdog *wd;
	struct dr_watch *armed, *unarmed, *ended;
	const struct dr_oracle_env env = { .watchdog_ns = DEADLINE };
	pid_t self = gettid();
	void *state;

	memset(&sink, 0, sizeof(sink));
	dr_oracles[DR_ORACLE_LIVE]->begin(&env, &sink, &state);
	set_now(5000);
	tap_ok(dr_watchdog_start(&wd, DEADLINE, expired, &sink, fake_clock) == 0,
	       "watchdog started on a fake clock");

	armed = dr_watch_begin(wd, self, "punch");
	unarmed = dr_watch_begin(wd, self, "pinned read");
	ended = dr_watch_begin(wd, self, "zero");
	tap_ok(armed && unarmed && ended, "three watches begun");
	set_now(10000);
	dr_watch_arm(armed);
	dr_watch_arm(ended);
	dr_watch_arm(armed); /* re-arming does not move the deadline */

	set_now(10000 + DEADLINE / 2);
	tap_ok(!dr_watch_end(ended), "a watch ended before its deadline did not expire");

	set_now(10000 + DEADLINE);
	dr_watchdog_poll(wd);
	tap_ok(nfired() == 0, "exactly at the deadline: nothing expires");

	set_now(10000 + DEADLINE + 1);
	dr_watchdog_poll(wd);
	tap_ok(nfired() == 1, "1 ns past the deadline: the armed watch expires");
	tap_ok(fired_tid == self && !strcmp(fired_what, "punch") &&
	       fired_blocked == DEADLINE + 1,
	       "callback gets tid, what and blocked time (%llu ns)",
	       (unsigned long long)fired_blocked);

	set_now(10000 + 100 * DEADLINE);
	tap_ok(dr_watchdog_poll(wd) == 0 && nfired() == 1,
	       "an expired watch fires once; the unarmed one never");

	tap_ok(dr_watch_end(armed), "dr_watch_end after expiry returns true");
	tap_ok(!dr_watch_end(unarmed), "the unarmed watch ends unexpired");
	tap_ok(dr_watchdog_poll(wd) == 0 && nfired() == 1, "nothing left to expire");

	tap_ok(sink.verdict[DR_ORACLE_LIVE] == DR_VERDICT_FAIL && sink.nr_violations == 1,
	       "LIVE fails through the expiry callback: %s", sink.violations[0].summary);
	tap_ok(sink.violations[0].evidence &&
	       strstr(sink.violations[0].evidence, "/wchan ==") &&
	       strstr(sink.violations[0].evidence, "/stat =="),
	       "LIVE evidence captures the thread's wchan and stat");
	dr_verdict_sink_free(&sink);

	/* The watchdog's own thread expires watches without anyone polling. */
	armed = dr_watch_begin(wd, self, "truncate");
	dr_watch_arm(armed);
	set_now(fake_clock() + DEADLINE + 1);
	for (int i = 0; i < 500 && nfired() < 2; i++)
		nanosleep(&(struct timespec){ .tv_nsec = 10000000 }, NULL);
	tap_ok(nfired() == 2 && !strcmp(fired_what, "truncate"),
	       "the watchdog thread fires on its own");
	tap_ok(dr_watch_end(armed), "and its watch reports expiry");

	/* Still working (running, I/O in flight): judged a deadline later,
	 * with the blocked time counted from the first arm. */
	working = 1;
	armed = dr_watch_begin(wd, self, "busy");
	dr_watchdog_poll(wd);
	set_now(20 * DEADLINE);
	dr_watch_arm(armed);
	set_now(21 * DEADLINE + 1);
	dr_watchdog_poll(wd);
	tap_ok(nfired() == 2 && working == 0,
	       "a call still working at its deadline is not reported");
	set_now(22 * DEADLINE);
	dr_watchdog_poll(wd);
	tap_ok(nfired() == 2, "nor before a whole deadline more");
	set_now(22 * DEADLINE + 2);
	dr_watchdog_poll(wd);
	tap_ok(nfired() == 3 &&
	       fired_blocked == 2 * DEADLINE + 2,
	       "a deadline after that it is, blocked since the first arm (%llu ns)",
	       (unsigned long long)fired_blocked);
	tap_ok(dr_watch_end(armed), "and its watch reports expiry");

	/*
	 * The call returns while the callback is still judging it, and the
	 * callback then finds it working: dr_watch_end() must wait for that
	 * verdict, not return the provisional expiry (a LIVE nobody reported).
	 */
	{
		struct ender e = { 0 };
		pthread_t th;
		int fired_before = nfired();

		__atomic_store_n(&slow, 1, __ATOMIC_SEQ_CST);
		e.w = dr_watch_begin(wd, self, "judged slowly");
		dr_watch_arm(e.w);
		set_now(fake_clock() + DEADLINE + 1);
		for (int i = 0; i < 500 && !__atomic_load_n(&slow_entered, __ATOMIC_SEQ_CST); i++)
			nanosleep(&(struct timespec){ .tv_nsec = 10000000 }, NULL);
		pthread_create(&th, NULL, end_watch, &e);
		nanosleep(&(struct timespec){ .tv_nsec = 50000000 }, NULL);
		tap_ok(__atomic_load_n(&slow_entered, __ATOMIC_SEQ_CST) &&
		       !__atomic_load_n(&e.done, __ATOMIC_SEQ_CST),
		       "dr_watch_end waits while the callback judges its watch");
		__atomic_store_n(&slow_release, 1, __ATOMIC_SEQ_CST);
		pthread_join(th, NULL);
		tap_ok(!e.expired && nfired() == fired_before,
		       "and returns the callback's verdict: still working, not expired");
	}

	/* A watch left behind by a call that never returns outlives stop. */
	armed = dr_watch_begin(wd, self, "stuck");
	dr_watchdog_stop(wd);
	tap_ok(!dr_watch_end(armed), "a watch orphaned by stop can still be ended");
	dr_verdict_sink_free(&sink);
	tap_plan(tap_count);
	return tap_exit();
}
