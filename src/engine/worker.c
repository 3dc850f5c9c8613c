// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "common/util.h"
#include "engine/priv.h"

/*
 * A worker is a long-lived thread that performs one call (an actor's I/O or
 * a mutator's layout change) each time the holder kicks it.  Reusing it
 * saves a thread creation per round, and its tid stays valid so the holder
 * can watch /proc/self/task/TID while the call sleeps in the kernel.
 */
static void *worker_main(void *arg)
{
	struct dr_worker *w = arg;
	uint32_t seen = 0;

	atomic_store(&w->tid, (pid_t)syscall(SYS_gettid));
	dr_placement_thread(w->pl);
	dr_futex_wake((_Atomic uint32_t *)&w->tid);
	for (;;) {
		uint32_t go = atomic_load_explicit(&w->go, memory_order_acquire);

		if (atomic_load(&w->stop))
			break;
		if (go == seen) {
			dr_futex_wait(&w->go, go, 0);
			continue;
		}
		w->fn(w);
		seen = go;
		atomic_store_explicit(&w->done, go, memory_order_release);
		dr_futex_wake(&w->done);
	}
	return NULL;
}

int dr_worker_start(struct dr_worker *w, dr_worker_fn fn, void *arg,
		    const struct dr_placement *pl)
{
	int ret;

	memset(w, 0, sizeof(*w));
	w->fn = fn;
	w->arg = arg;
	w->pl = pl;
	ret = pthread_create(&w->thread, NULL, worker_main, w);
	if (ret)
		return -ret;
	w->started = true;
	while (!atomic_load(&w->tid))
		dr_futex_wait((_Atomic uint32_t *)&w->tid, 0, 1000000);
	return 0;
}

void dr_worker_kick(struct dr_worker *w)
{
	atomic_fetch_add_explicit(&w->go, 1, memory_order_acq_rel);
	dr_futex_wake(&w->go);
}

bool dr_worker_done(struct dr_worker *w)
{
	return atomic_load_explicit(&w->done, memory_order_acquire) ==
	       atomic_load_explicit(&w->go, memory_order_relaxed);
}

bool dr_worker_wait(struct dr_worker *w, uint64_t timeout_ns)
{
	uint64_t end = timeout_ns ? dr_now_ns() + timeout_ns : 0;
	uint32_t go = atomic_load(&w->go);

	/* No spinning first: measured on a 2-CPU guest, spinning 10-80 us
	 * before the futex cost 10-40% of the rounds, because the spinner
	 * steals the CPU from the actor and the loop worker it waits for. */
	for (;;) {
		uint32_t done = atomic_load_explicit(&w->done,
						     memory_order_acquire);
		uint64_t now;

		if (done == go)
			return true;
		if (!end) {
			dr_futex_wait(&w->done, done, 0);
			continue;
		}
		now = dr_now_ns();
		if (now >= end)
			return false;
		dr_futex_wait(&w->done, done, end - now);
	}
}

void dr_worker_stop(struct dr_worker *w)
{
	if (!w->started)
		return;
	w->started = false;
	if (w->abandoned) {
		/* It may never come back (D state): joining would hang the
		 * report.  Its memory is leaked on purpose. */
		pthread_detach(w->thread);
		return;
	}
	atomic_store(&w->stop, true);
	dr_worker_kick(w);
	pthread_join(w->thread, NULL);
}
