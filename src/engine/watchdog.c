// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The LIVE watchdog.  The layout-break waits of fs/dax.c users sleep
 * interruptibly on 6.1 and 6.15+ (ext4_break_layouts(),
 * xfs_break_dax_layouts(), dax_break_layout()), so the kernel's hung-task
 * detector, which only looks at TASK_UNINTERRUPTIBLE sleepers
 * (kernel/hung_task.c check_hung_uninterruptible_tasks()), never reports
 * a leaked page reference.  This thread does: every blocking call the
 * engine makes is a watch, armed when its blocker is gone, and reported
 * once if it is still blocked the deadline later.
 *
 * Locking: one process-wide mutex protects every watch list, so that a
 * watch can outlive its watchdog: a thread stuck in an uninterruptible
 * sleep may call dr_watch_end() long after dr_watchdog_stop(), and finds
 * its watch orphaned rather than freed.  A second, per-watchdog mutex
 * serialises pollers, so an expiry fires exactly once and a test that
 * calls dr_watchdog_poll() itself sees every callback that ran finished.
 * Callbacks run with neither list lock held: they may capture /proc files
 * and begin new watches; they must not call dr_watchdog_poll().
 */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/util.h"
#include "engine/watchdog.h"

#define WD_PERIOD_NS 100000000ull   /* 100 ms: LIVE deadlines are seconds */
#define WD_MIN_SLEEP_NS 1000000ull  /* 1 ms: no busy loop on a near deadline */

struct dr_watch {
	struct dr_watch *next, *prev;
	struct dr_watchdog *wd;	/* NULL once orphaned by dr_watchdog_stop() */
	pid_t tid;
	char what[96];
	bool armed;
	bool expired;
	bool in_callback;	/* the expiry callback is running on it */
	bool ended;		/* dr_watch_end() is waiting for the callback */
	uint64_t armed_at;	/* the deadline counts from here */
	uint64_t gone_at;	/* the first arm: when the blocker went */
};

struct dr_watchdog {
	pthread_mutex_t poll_lock;
	pthread_cond_t wake;
	pthread_t thread;
	bool stopping;
	uint64_t next_wake;	/* clock time the thread sleeps until */
	uint64_t deadline_ns;
	dr_watch_expired_fn expired;
	void *ctx;
	dr_clock_fn clock;
	struct dr_watch head; /* circular list of live watches */
};

static pthread_mutex_t watch_lock = PTHREAD_MUTEX_INITIALIZER;
/* Broadcast (under watch_lock) when a callback has given its verdict. */
static pthread_cond_t callback_done = PTHREAD_COND_INITIALIZER;

static uint64_t monotonic_clock(void)
{
	return dr_now_ns();
}

static void watch_unlink(struct dr_watch *w)
{
	w->prev->next = w->next;
	w->next->prev = w->prev;
	w->next = w->prev = w;
	w->wd = NULL;
}

static bool watch_due(const struct dr_watchdog *wd, const struct dr_watch *w,
		      uint64_t now)
{
	/* A clock behind armed_at (fake clocks can do that) is "not yet". */
	return w->armed && !w->expired && !w->ended && now > w->armed_at &&
	       now - w->armed_at > wd->deadline_ns;
}

int dr_watchdog_poll(struct dr_watchdog *wd)
{
	int fired = 0;

	pthread_mutex_lock(&wd->poll_lock);
	for (;;) {
		struct dr_watch *w, *due = NULL;
		char what[sizeof(due->what)];
		uint64_t now, blocked = 0;
		bool reported;
		pid_t tid = 0;

		pthread_mutex_lock(&watch_lock);
		now = wd->clock();
		for (w = wd->head.next; w != &wd->head; w = w->next) {
			if (watch_due(wd, w, now)) {
				due = w;
				break;
			}
		}
		if (due) {
			due->expired = true;
			due->in_callback = true;
			tid = due->tid;
			blocked = now - due->gone_at;
			memcpy(what, due->what, sizeof(what));
		}
		pthread_mutex_unlock(&watch_lock);
		if (!due)
			break;

		reported = wd->expired(wd->ctx, due, tid, what, blocked);
		fired += reported;

		pthread_mutex_lock(&watch_lock);
		due->in_callback = false;
		if (!reported) {
			/* Still working: judge it a deadline from now. */
			due->expired = false;
			due->armed_at = wd->clock();
		}
		/* An owner waiting in dr_watch_end() takes the verdict and
		 * frees the watch. */
		pthread_cond_broadcast(&callback_done);
		pthread_mutex_unlock(&watch_lock);
	}
	pthread_mutex_unlock(&wd->poll_lock);
	return fired;
}

/* How long the thread may sleep: until the nearest armed deadline, at
 * most one period.  Called with watch_lock held. */
static uint64_t next_sleep_ns(const struct dr_watchdog *wd)
{
	uint64_t now = wd->clock(), sleep = WD_PERIOD_NS;

	for (const struct dr_watch *w = wd->head.next; w != &wd->head; w = w->next) {
		uint64_t due;

		if (!w->armed || w->expired)
			continue;
		due = w->armed_at + wd->deadline_ns + 1;
		if (due <= now)
			return WD_MIN_SLEEP_NS;
		if (due - now < sleep)
			sleep = due - now;
	}
	return sleep < WD_MIN_SLEEP_NS ? WD_MIN_SLEEP_NS : sleep;
}

static void *watchdog_thread(void *arg)
{
	struct dr_watchdog *wd = arg;

	pthread_mutex_lock(&watch_lock);
	while (!wd->stopping) {
		struct timespec ts;
		uint64_t sleep;

		pthread_mutex_unlock(&watch_lock);
		dr_watchdog_poll(wd);
		pthread_mutex_lock(&watch_lock);
		if (wd->stopping)
			break;
		sleep = next_sleep_ns(wd);
		wd->next_wake = wd->clock() + sleep;
		clock_gettime(CLOCK_MONOTONIC, &ts);
		ts.tv_sec += (time_t)(sleep / 1000000000ull);
		ts.tv_nsec += (long)(sleep % 1000000000ull);
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&wd->wake, &watch_lock, &ts);
	}
	pthread_mutex_unlock(&watch_lock);
	return NULL;
}

int dr_watchdog_start(struct dr_watchdog **out, uint64_t deadline_ns,
		      dr_watch_expired_fn expired, void *ctx, dr_clock_fn clock)
{
	struct dr_watchdog *wd;
	pthread_condattr_t attr;
	int err;

	if (!expired)
		return -EINVAL;
	wd = calloc(1, sizeof(*wd));
	if (!wd)
		return -ENOMEM;
	wd->deadline_ns = deadline_ns;
	wd->expired = expired;
	wd->ctx = ctx;
	wd->clock = clock ? clock : monotonic_clock;
	wd->head.next = wd->head.prev = &wd->head;

	err = -pthread_mutex_init(&wd->poll_lock, NULL);
	if (err)
		goto err_free;
	err = -pthread_condattr_init(&attr);
	if (err)
		goto err_mutex;
	/* Sleep in CLOCK_MONOTONIC: a settimeofday must not stall the watchdog. */
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	err = -pthread_cond_init(&wd->wake, &attr);
	pthread_condattr_destroy(&attr);
	if (err)
		goto err_mutex;
	err = -pthread_create(&wd->thread, NULL, watchdog_thread, wd);
	if (err)
		goto err_cond;
	*out = wd;
	return 0;

err_cond:
	pthread_cond_destroy(&wd->wake);
err_mutex:
	pthread_mutex_destroy(&wd->poll_lock);
err_free:
	free(wd);
	return err;
}

void dr_watchdog_stop(struct dr_watchdog *wd)
{
	if (!wd)
		return;
	pthread_mutex_lock(&watch_lock);
	wd->stopping = true;
	pthread_cond_signal(&wd->wake);
	pthread_mutex_unlock(&watch_lock);
	pthread_join(wd->thread, NULL);

	/*
	 * Watches still listed belong to calls that never returned (a task
	 * stuck in D cannot be reaped): orphan them, their owner frees them
	 * in dr_watch_end() if it ever gets there.
	 */
	pthread_mutex_lock(&watch_lock);
	while (wd->head.next != &wd->head)
		watch_unlink(wd->head.next);
	pthread_mutex_unlock(&watch_lock);

	pthread_cond_destroy(&wd->wake);
	pthread_mutex_destroy(&wd->poll_lock);
	free(wd);
}

struct dr_watch *dr_watch_begin(struct dr_watchdog *wd, pid_t tid,
				const char *what)
{
	struct dr_watch *w = calloc(1, sizeof(*w));

	if (!w)
		return NULL;
	w->tid = tid;
	dr_strlcpy(w->what, what ? what : "", sizeof(w->what));
	pthread_mutex_lock(&watch_lock);
	w->wd = wd;
	w->next = &wd->head;
	w->prev = wd->head.prev;
	wd->head.prev->next = w;
	wd->head.prev = w;
	pthread_mutex_unlock(&watch_lock);
	return w;
}

void dr_watch_arm(struct dr_watch *w)
{
	if (!w)
		return;
	pthread_mutex_lock(&watch_lock);
	if (!w->armed && w->wd) {
		w->armed = true;
		w->armed_at = w->gone_at = w->wd->clock();
		/*
		 * Wake the thread only for a deadline before its planned wake-up
		 * (deadlines shorter than a period): arming happens every round,
		 * and a wake-up per round would cost more than the round.
		 */
		if (w->armed_at + w->wd->deadline_ns < w->wd->next_wake)
			pthread_cond_signal(&w->wd->wake);
	}
	pthread_mutex_unlock(&watch_lock);
}

bool dr_watch_end(struct dr_watch *w)
{
	bool expired;

	if (!w)
		return false;
	pthread_mutex_lock(&watch_lock);
	/*
	 * expired is only provisional while the callback judges the call
	 * (it may find it still working and not report it): wait for the
	 * verdict, or a call the callback cleared would be taken for one
	 * LIVE reported.  ended stops the poller from picking it again.
	 */
	w->ended = true;
	while (w->in_callback)
		pthread_cond_wait(&callback_done, &watch_lock);
	expired = w->expired;
	if (w->wd)
		watch_unlink(w);
	free(w);
	pthread_mutex_unlock(&watch_lock);
	return expired;
}
