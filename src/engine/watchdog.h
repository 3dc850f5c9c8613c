/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef DR_WATCHDOG_H
#define DR_WATCHDOG_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

/*
 * Turns a hang into a report.  A blocking call is watched from the moment
 * its blocker is gone (the pin released, the pipe drained): if it is still
 * blocked deadline_ns later, the expiry callback runs once for it, on the
 * watchdog's own thread, so the report is written even when the stuck
 * thread can never be reaped.
 */
struct dr_watchdog;
struct dr_watch;

/*
 * blocked_ns counts from the first arm.  Returns true when it reported the
 * call (the watch stays expired), false when the call is not blocked on
 * what the watch is about (it is running, or waiting for I/O still in
 * flight): the deadline then starts again from now.
 */
typedef bool (*dr_watch_expired_fn)(void *ctx, struct dr_watch *w, pid_t tid,
				    const char *what, uint64_t blocked_ns);
/* Clock source, replaceable so unit tests drive synthetic timelines. */
typedef uint64_t (*dr_clock_fn)(void);

/*
 * Starts the watchdog thread; clock NULL means CLOCK_MONOTONIC.  The
 * callback runs without the watchdog's locks held: it may begin, arm and
 * end watches, but must not call dr_watchdog_poll() or _stop().  -errno.
 */
int dr_watchdog_start(struct dr_watchdog **out, uint64_t deadline_ns,
		      dr_watch_expired_fn expired, void *ctx, dr_clock_fn clock);
/*
 * Stops and joins the thread.  Watches not yet ended (calls that never
 * returned) are orphaned, not freed: dr_watch_end() on them stays valid.
 */
void dr_watchdog_stop(struct dr_watchdog *wd);

/* A call is about to block: not yet judged (its blocker still exists).
 * NULL when out of memory; the other calls accept NULL. */
struct dr_watch *dr_watch_begin(struct dr_watchdog *wd, pid_t tid,
				const char *what);
/* The blocker is gone: the deadline starts now. */
void dr_watch_arm(struct dr_watch *w);
/* The call returned; w is freed.  Returns true if the callback reported
 * it.  When the callback is running on w, waits for its verdict. */
bool dr_watch_end(struct dr_watch *w);
/* Checks every armed watch against the clock now; the thread calls it
 * periodically, tests call it directly.  A watch expires when the clock is
 * strictly past armed time + deadline.  Pollers are serialised, so when
 * it returns every expiry due so far has had its callback completed.
 * Returns how many were reported in this call. */
int dr_watchdog_poll(struct dr_watchdog *wd);

#endif
