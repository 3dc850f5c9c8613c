// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "common/log.h"
#include "common/util.h"
#include "engine/priv.h"
#include "engine/taskinfo.h"
#include "engine/watchdog.h"

/*
 * One round with the uffd stall, on the job's own thread (the holder):
 *
 *   kick actor -> the actor's call (here O_DIRECT) pins V's window pages and then
 *   faults on the uffd page: gup_fast_fallback() in mm/gup.c keeps the pages
 *   gup_fast() already pinned and hands only the rest to
 *   __gup_longterm_locked(); __get_user_pages() sleeps in handle_userfault()
 *   (fs/userfaultfd.c) for the uffd page with the earlier pages still pinned
 *   in the bio's page array.
 *   -> the holder reads the fault: V's pages are pinned now
 *   -> kick mutator, watch it until it returned or sleeps in the kernel
 *   -> UFFDIO_COPY (wakes the faulting GUP) = release
 *   -> actor's bio runs and completes, bio_release_pages() drops the pins,
 *      the layout-break wait (ext4_break_layouts / xfs_break_dax_layouts)
 *      sees the pages idle and the mutator returns
 *   -> the actor's release(), when its references outlive the call
 *   -> confirm (by the evidence the actor names), verify (by where the
 *      actor moves data), refill V, re-arm the uffd page.
 * Files, mappings, threads and the uffd live for the whole scenario.
 */

enum { WAIT_FAULT, WAIT_NO_FAULT, WAIT_TIMEOUT, WAIT_ERROR };

static void actor_call(struct dr_worker *w)
{
	struct dr_job *j = w->arg;
	const uint64_t one = 1;
	ssize_t n;

	dr_worker_enter(w, dr_now_ns());
	if (dr_inject_stuck(j, "stuck-actor"))
		n = -EINTR;
	else
		n = j->sc->actor->take(&j->aj);
	dr_worker_leave(w, dr_now_ns());
	j->io_ret = n;
	/* A call that never faulted must still wake the holder's poll.  If it
	 * faulted, the holder set fault_seen before releasing us. */
	if (!atomic_load(&j->fault_seen) && write(j->evfd, &one, sizeof(one)) < 0)
		dr_warn("job %u: eventfd write: %s", j->id, strerror(errno));
}

static void mutator_call(struct dr_worker *w)
{
	struct dr_job *j = w->arg;
	int err;

	dr_worker_enter(w, dr_now_ns());
	err = dr_inject_stuck(j, "stuck-mutator") ? -EINTR : dr_mutate(j);
	dr_worker_leave(w, dr_now_ns());
	j->mut_err = err;
}

/*
 * handle_userfault() queues the fault message and then sleeps (fs/userfaultfd.c);
 * a thread seen there has faulted, and its message reaches the uffd
 * within the next poll.
 */
static bool actor_in_fault(struct dr_job *j)
{
	static const char *const uffd_wait[] = { "handle_userfault", NULL };
	pid_t tid = atomic_load(&j->actor_w.tid), workers[16];
	struct dr_task_state st;
	int n;

	if (!dr_task_state_read(tid, &st) && dr_task_waits_in(tid, &st, uffd_wait))
		return true;
	/* An io_uring request's GUP may run in an io-wq worker of the actor. */
	n = dr_task_iowq_workers(tid, workers, DR_ARRAY_SIZE(workers));
	for (int i = 0; i < n && i < (int)DR_ARRAY_SIZE(workers); i++)
		if (!dr_task_state_read(workers[i], &st) &&
		    dr_task_waits_in(workers[i], &st, uffd_wait))
			return true;
	return false;
}

static int wait_fault(struct dr_job *j, uint64_t *addr)
{
	struct pollfd pfd[2] = {
		{ .fd = j->uffd, .events = POLLIN },
		{ .fd = j->evfd, .events = POLLIN },
	};
	uint64_t start = dr_now_ns(), end = start + j->sc->cfg->watchdog_ns;
	uint64_t val, now;
	bool in_fault_excused = false;
	const char *why;
	int n, ret;

	for (;;) {
		now = dr_now_ns();
		/* Past the deadline, poll once more without waiting: a fault
		 * queued just as the deadline passed is a fault, not a hang. */
		n = poll(pfd, 2, now >= end ? 0 : (int)((end - now) / 1000000ull) + 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return WAIT_ERROR;
		if (n == 0) {
			now = dr_now_ns();
			if (now < end)
				continue;
			/* An actor waiting for a CPU or for its bio, or already
			 * inside its fault, is not stuck: judge it a deadline
			 * later (dr_live_working()). */
			why = dr_live_working(j, atomic_load(&j->actor_w.tid), true,
					      now - start);
			/* Once only: a queued fault message is readable at once,
			 * so a second deadline inside the fault is a hang. */
			if (!why && !in_fault_excused && actor_in_fault(j)) {
				in_fault_excused = true;
				why = "inside its userfaultfd fault";
			}
			if (!why)
				return WAIT_TIMEOUT;
			dr_info("LIVE: %s past the deadline before its fault but %s: judged again a deadline later",
				j->sc->actor->name, why);
			end = now + j->sc->cfg->watchdog_ns;
			continue;
		}
		if (pfd[0].revents & (POLLERR | POLLHUP | POLLNVAL))
			return WAIT_ERROR;
		if (pfd[0].revents & POLLIN) {
			ret = dr_uffd_read_fault(j->uffd, addr);
			if (!ret)
				return WAIT_FAULT;
			if (ret != -EAGAIN)
				return WAIT_ERROR;
		}
		if ((pfd[1].revents & POLLIN) &&
		    read(j->evfd, &val, sizeof(val)) == sizeof(val))
			return WAIT_NO_FAULT;
	}
}

/*
 * The hold of an actor that holds by sleeping (actor.h: asleep): until its
 * call sleeps where it should, returns (WAIT_NO_FAULT: nothing held), or
 * the deadline passes.  Looks grow from 20 us to 250 us apart, as
 * watch_mutator()'s do; the eventfd says the call returned.
 */
static int wait_asleep(struct dr_job *j)
{
	const struct dr_actor_ops *a = j->sc->actor;
	uint64_t start = dr_now_ns(), end = start + j->sc->cfg->watchdog_ns;
	uint64_t slice = 20000, val;
	struct pollfd pfd = { .fd = j->evfd, .events = POLLIN };
	const char *why;

	for (;;) {
		struct timespec ts = { 0, (long)slice };

		if (poll(&pfd, 1, 0) > 0 &&
		    read(j->evfd, &val, sizeof(val)) == sizeof(val))
			return WAIT_NO_FAULT;
		if (atomic_load_explicit(&j->actor_w.in_call, memory_order_acquire) &&
		    a->asleep(&j->aj, atomic_load(&j->actor_w.tid), true))
			return WAIT_FAULT;
		if (dr_now_ns() >= end) {
			if (atomic_load_explicit(&j->actor_w.in_call, memory_order_acquire) &&
			    a->asleep(&j->aj, atomic_load(&j->actor_w.tid), false))
				return WAIT_FAULT;
			why = dr_live_working(j, atomic_load(&j->actor_w.tid), true,
					      dr_now_ns() - start);
			if (!why)
				return WAIT_TIMEOUT;
			dr_info("LIVE: %s past the deadline before it slept but %s: judged again a deadline later",
				a->name, why);
			end = dr_now_ns() + j->sc->cfg->watchdog_ns;
		}
		nanosleep(&ts, NULL);
		slice = slice * 2 < 250000 ? slice * 2 : 250000;
	}
}

/*
 * A partner that fails every I/O (a dying disk, a device-mapper error
 * table, a detached device) leaves every later round unconfirmed: the run
 * would go on testing nothing and could still end PASS on the rounds
 * before.  A few failures in a row end the job with the partner's error
 * (the scenario is then ERROR, exit 3).  EFAULT and ENOMEM are left to
 * GUPFAIL: on DAX they are what a GUP failure looks like.
 */
#define DR_PARTNER_ERRORS_MAX 3

static int check_partner_io(struct dr_job *j, const struct dr_round *r)
{
	if (!r->io_errno || r->io_errno == EFAULT || r->io_errno == ENOMEM) {
		j->io_errors = 0;
		return 0;
	}
	if (++j->io_errors < DR_PARTNER_ERRORS_MAX)
		return 0;
	snprintf(j->error, sizeof(j->error),
		 "job %u: %s on the partner failed %u times in a row: %s",
		 j->id, j->sc->actor->name, j->io_errors, strerror(r->io_errno));
	dr_err("%s", j->error);
	return -r->io_errno;
}

static void unconfirm(struct dr_job *j, struct dr_round *r, const char *why)
{
	r->confirmed = false;
	if (!r->unconfirmed_reason[0])
		dr_strlcpy(r->unconfirmed_reason, why,
			   sizeof(r->unconfirmed_reason));
}

/*
 * Until the mutator has returned or sleeps inside its system call.  A first
 * short futex wait catches page-cache mode, where the layout change need not
 * wait and returns in microseconds; after that /proc/self/task/TID/stat
 * tells a sleep in the kernel from running.  The wait between looks grows
 * to at most DR_WATCH_SLICE_MAX_NS: every round waits here until the
 * mutator is seen asleep, so a longer slice adds its overshoot (up to the
 * slice) to every round's time, while a look costs a /proc read.
 */
#define DR_WATCH_SLICE_MAX_NS 250000
static void watch_mutator(struct dr_job *j, struct dr_round *r)
{
	struct dr_scenario *sc = j->sc;
	uint64_t start = dr_now_ns(), deadline = start + sc->cfg->watchdog_ns;
	uint64_t slice = 20000;
	const char *why;

	for (;;) {
		struct dr_task_state st;

		if (dr_worker_wait(&j->mut_w, slice))
			return;
		if (atomic_load_explicit(&j->mut_w.in_call, memory_order_acquire) &&
		    !dr_task_state_read(atomic_load(&j->mut_w.tid), &st) &&
		    dr_task_blocked_in_kernel(&st) && !dr_worker_done(&j->mut_w)) {
			r->t_mut_blocked = dr_now_ns();
			dr_strlcpy(r->mut_wchan, st.wchan, sizeof(r->mut_wchan));
			return;
		}
		/* Runnable but not yet run (a CPU hog): not stuck yet. */
		if (dr_now_ns() > deadline &&
		    (why = dr_live_working(j, atomic_load(&j->mut_w.tid), false,
					   dr_now_ns() - start))) {
			dr_info("LIVE: %s past the deadline but %s: judged again a deadline later",
				sc->mutator->name, why);
			deadline = dr_now_ns() + sc->cfg->watchdog_ns;
		}
		if (dr_now_ns() > deadline) {
			char *ev = dr_live_capture(sc, atomic_load(&j->mut_w.tid));

			dr_violation_add(&sc->res->oracles, DR_ORACLE_LIVE, r->index, ev,
					 "%s neither returned nor slept in the kernel %.1f s after the pins were taken",
					 sc->mutator->name, sc->cfg->watchdog_ns / 1e9);
			free(ev);
			return;
		}
		slice = slice * 2 < DR_WATCH_SLICE_MAX_NS ? slice * 2 :
							     DR_WATCH_SLICE_MAX_NS;
	}
}

/*
 * Page-cache mode only.  There the layout change never waits for pins: the
 * truncate paths of mm/truncate.c drop a pinned folio from the mapping (or
 * zero the covered part of a large one) without looking at its pin count,
 * and the DIO keeps writing into a page the file no longer owns.  So the
 * holder can run the change itself while it holds the fault, saving the
 * hand-off to the mutator thread and back (two context switches, the
 * largest cost of a round under virtualization).  If the change ever does
 * wait, the watchdog resolves the fault from its own thread after the
 * deadline (dr_hold_rescue_inline) and the job goes back to a mutator
 * thread.
 */
static void mutate_inline(struct dr_job *j, struct dr_round *r)
{
	struct dr_scenario *sc = j->sc;

	r->t_mut_start = dr_now_ns();
	atomic_store(&j->inline_since, r->t_mut_start);
	j->mut_err = dr_inject_stuck(j, "stuck-mutator") ? -EINTR :
		     dr_mutate(j);
	atomic_store(&j->inline_since, 0);
	r->t_mut_return = dr_now_ns();
	r->mut_errno = -j->mut_err;
	if (atomic_load(&j->inline_rescued)) {
		dr_warn("job %u: %s waited for the pins in page-cache mode; using a mutator thread from now on",
			j->id, sc->mutator->name);
		j->inline_mut = false;
	}
}

/*
 * Called by the scenario's main thread on every tick: a watchdog for the
 * inline change that costs the round nothing (a dr_watch per round would
 * wake the watchdog thread twice per round).
 */
bool dr_hold_inline_stuck(struct dr_job *j, uint64_t grace_ns)
{
	uint64_t since = atomic_load(&j->inline_since);
	uint64_t now = dr_now_ns();

	return since && now > since && now - since > grace_ns;
}

void dr_hold_rescue_inline(struct dr_job *j)
{
	uint64_t since = atomic_load(&j->inline_since);
	uint64_t now = dr_now_ns(); /* after since: never "before" it */

	if (!since || now < since || now - since < j->sc->cfg->watchdog_ns ||
	    atomic_load(&j->inline_rescued))
		return;
	atomic_store(&j->inline_rescued, true);
	dr_uffd_unblock(j->uffd, j->v.anon_page, DR_PAGE_SIZE);
}

/*
 * The evidence the partner's block device gives: it counted at least the
 * requests the actor issued (reads when the kernel wrote the buffer, writes
 * when it read it), so a bio really carried the buffer.
 */
static void confirm_partner_io(struct dr_job *j, struct dr_round *r,
			       bool have_before, uint64_t rd0, uint64_t wr0)
{
	const struct dr_actor_ops *a = j->sc->actor;
	uint64_t rd1, wr1, want = j->aj.ios ? j->aj.ios : 1;
	bool moved;

	/*
	 * blk_mq_end_request() completes the bios (waking our O_DIRECT call)
	 * in blk_update_request() before __blk_mq_end_request() accounts the
	 * request in blk_account_io_done(): the counter can lag the return by
	 * a few microseconds, so look again briefly before calling it no bio.
	 */
	for (int tries = 0;; tries++) {
		if (!have_before || dr_partner_counters(j->ps, &rd1, &wr1)) {
			unconfirm(j, r, "partner I/O counters unreadable");
			j->have_ctr = false;
			return;
		}
		moved = a->data == DR_DATA_INTO_BUFFER ? rd1 - rd0 >= want :
							 wr1 - wr0 >= want;
		if (moved || tries >= 100 || r->io_result <= 0)
			break;
		sched_yield();
	}
	/* Only a settled reading may serve as the next baseline. */
	j->have_ctr = moved;
	j->ctr_rd = rd1;
	j->ctr_wr = wr1;
	if (!moved)
		unconfirm(j, r, "partner I/O counters did not advance: no bio");
}

static void confirm(struct dr_job *j, struct dr_round *r, bool have_before,
		    uint64_t rd0, uint64_t wr0)
{
	struct dr_scenario *sc = j->sc;
	const struct dr_actor_ops *a = sc->actor;
	char why[96] = "";

	r->confirmed = true;
	if (a->evidence == DR_EVIDENCE_PARTNER_IO && sc->partner->unconfirmable[0])
		unconfirm(j, r, sc->partner->unconfirmable);
	if (!r->t_fault)
		unconfirm(j, r, a->asleep ? "the call returned before it was seen asleep" :
					  "no uffd fault: the call did not stall");
	if (r->io_result != (ssize_t)j->aj.len)
		unconfirm(j, r, r->io_errno ? strerror(r->io_errno) : "short I/O");
	switch (a->evidence) {
	case DR_EVIDENCE_NONE:
		unconfirm(j, r, a->no_evidence ? a->no_evidence :
			  "the actor has no evidence of a hold");
		break;
	case DR_EVIDENCE_PARTNER_IO:
		confirm_partner_io(j, r, have_before, rd0, wr0);
		break;
	case DR_EVIDENCE_ACTOR:
		if (!a->confirm(&j->aj, why, sizeof(why)))
			unconfirm(j, r, why[0] ? why : "the actor saw no hold");
		break;
	case DR_EVIDENCE_FAULT_AFTER_PIN:
		/* The fault, inside the call and on the stall page, is the
		 * evidence; both were checked above. */
		break;
	}
	/* A change the filesystem refused tested nothing. */
	if (r->t_fault && r->mut_errno) {
		snprintf(why, sizeof(why), "%s failed: %s", sc->mutator->name,
			 strerror(r->mut_errno));
		unconfirm(j, r, why);
	}
	/* On DAX the layout break must have waited (or returned early, which
	 * is ORDER's violation); on the page cache it need not wait, nor
	 * does a change that moves no block. */
	if (r->dax && sc->mutator->breaks_layouts && !r->t_mut_blocked &&
	    !(r->t_mut_return && r->t_mut_return < r->t_release))
		unconfirm(j, r, "DAX: mutator never seen blocked");
}

static void judge(struct dr_job *j, struct dr_round *r)
{
	struct dr_scenario *sc = j->sc;

	if (r->dax && (r->io_errno == EFAULT || r->io_errno == ENOMEM))
		dr_violation_add(&sc->res->oracles, DR_ORACLE_GUPFAIL, r->index, NULL,
				 "%s failed with %s on a mapped fsdax page",
				 sc->actor->name, strerror(r->io_errno));
	if (!r->confirmed) {
		atomic_fetch_add(&j->unconfirmed, 1);
		dr_strlcpy(j->unconfirmed_reason, r->unconfirmed_reason,
			   sizeof(j->unconfirmed_reason));
		return;
	}
	atomic_fetch_add(&j->confirmed, 1);
	if (r->t_mut_return && r->t_fault)
		dr_hist_add(&j->h_hold, r->t_mut_return - r->t_fault);
	if (r->t_mut_return && r->t_release && r->t_mut_return > r->t_release)
		dr_hist_add(&j->h_release, r->t_mut_return - r->t_release);
	pthread_mutex_lock(&sc->lock);
	for (int i = 0; i < DR_ORACLE_COUNT; i++) {
		const struct dr_oracle_ops *o = dr_oracles[i];

		if (o && o->round)
			o->round(sc->ostate[i], &sc->env, r, &sc->res->oracles);
	}
	pthread_mutex_unlock(&sc->lock);
}

static void spin_ns(uint64_t ns)
{
	uint64_t end = dr_now_ns() + ns;

	while (dr_now_ns() < end)
		;
}

int dr_hold_round(struct dr_job *j)
{
	struct dr_scenario *sc = j->sc;
	unsigned int k = j->v.k, first, n;
	uint64_t rd0 = 0, wr0 = 0, addr = 0, jitter, t0, t1;
	struct dr_round r;
	bool have_before;
	int w, ret = 0;

	memset(&r, 0, sizeof(r));
	r.index = j->round_index++;
	r.actor = sc->actor->name;
	r.mutator = sc->mutator->name;
	r.dax = sc->env.dax;
	r.victim_offset = DR_PAGE_SIZE;
	r.victim_length = (uint64_t)k * DR_PAGE_SIZE;

	/* Seeded choices: which pages of the pinned window the layout change
	 * covers, and how long the holder lingers before releasing. */
	if (dr_prng_below(&j->rng, 2)) {
		first = 0;
		n = k;
	} else {
		first = (unsigned int)dr_prng_below(&j->rng, k);
		n = 1 + (unsigned int)dr_prng_below(&j->rng, k - first);
	}
	jitter = dr_prng_below(&j->rng, 8) ? 0 : dr_prng_below(&j->rng, 20000);
	dr_debug("choice %s job %u round %llu: pages %u+%u jitter %llu ns",
		 sc->res->name, j->id, (unsigned long long)r.index, first, n,
		 (unsigned long long)jitter);
	j->mut_off = (uint64_t)(1 + first) * DR_PAGE_SIZE;
	j->mut_len = (uint64_t)n * DR_PAGE_SIZE;
	/* What the uffd page holds once resolved: the partner gets it. */
	if (sc->actor->data == DR_DATA_FROM_BUFFER)
		dr_tag_fill(j->src_page, j->src_file_id, 0, r.index, j->id);

	t0 = dr_now_ns();
	/* The counters confirm() settled at the end of the last round are
	 * this round's baseline: one sysfs read per round instead of two. */
	have_before = j->have_ctr;
	rd0 = j->ctr_rd;
	wr0 = j->ctr_wr;
	if (!have_before && sc->actor->evidence == DR_EVIDENCE_PARTNER_IO)
		have_before = !dr_partner_counters(j->ps, &rd0, &wr0);
	atomic_store(&j->fault_seen, false);
	j->aj.hot_off = j->mut_off - DR_PAGE_SIZE;
	/* A sleeper woken before its release (a spurious wake) told the
	 * eventfd after the holder had stopped reading it: not this round. */
	if (sc->actor->asleep) {
		uint64_t stale;

		if (read(j->evfd, &stale, sizeof(stale)) < 0 && errno != EAGAIN)
			dr_warn("job %u: eventfd read: %s", j->id, strerror(errno));
	}
	dr_worker_kick(&j->actor_w);
	w = sc->actor->asleep ? wait_asleep(j) : wait_fault(j, &addr);
	if (w == WAIT_TIMEOUT || w == WAIT_ERROR) {
		char *ev = dr_live_capture(sc, atomic_load(&j->actor_w.tid));

		dr_violation_add(&sc->res->oracles, DR_ORACLE_LIVE, r.index, ev,
				 "%s neither %s nor returned within %.1f s",
				 sc->actor->name, sc->actor->asleep ? "slept" : "faulted",
				 sc->cfg->watchdog_ns / 1e9);
		free(ev);
		j->actor_w.abandoned = true;
		j->dead = true;
		return -ETIMEDOUT;
	}
	if (w == WAIT_FAULT) {
		r.t_fault = dr_now_ns();
		atomic_store(&j->fault_seen, true);
		if (!sc->actor->asleep &&
		    (addr < (uint64_t)(uintptr_t)j->v.anon_page ||
		     addr >= (uint64_t)(uintptr_t)j->v.anon_page + DR_PAGE_SIZE))
			unconfirm(j, &r, "uffd fault outside the anonymous page");
		if (j->inline_mut)
			mutate_inline(j, &r);
		else {
			dr_worker_kick(&j->mut_w);
			watch_mutator(j, &r);
		}
		if (jitter)
			spin_ns(jitter);
		r.t_release = dr_now_ns();
		if (sc->actor->asleep) {
			/* The release is what ends the sleep. */
			sc->actor->release(&j->aj);
			ret = 0;
		} else {
			ret = dr_uffd_copy(j->uffd, j->v.anon_page,
					   j->aj.stall_src ? j->aj.stall_src : j->src_page,
					   DR_PAGE_SIZE);
		}
		j->copy_failed = ret != 0;
		if (ret) {
			dr_err("job %u: UFFDIO_COPY: %s", j->id, strerror(-ret));
			/* The actor would sleep forever: map a zero page or
			 * just wake it, so the job can stop cleanly. */
			dr_uffd_unblock(j->uffd, j->v.anon_page, DR_PAGE_SIZE);
			unconfirm(j, &r, "UFFDIO_COPY failed");
		}
	}
	if (!dr_live_wait_actor(j))
		return -EDEADLK;
	/* References that outlive the call are dropped only now: that is the
	 * release the mutator may wait for, unless the kernel drops them by
	 * itself once the stall is over. */
	if (sc->actor->release && !sc->actor->asleep) {
		if (!sc->actor->refs_go_by_themselves)
			r.t_release = dr_now_ns();
		sc->actor->release(&j->aj);
	}
	r.t_io_start = j->actor_w.t_start;
	r.t_io_return = j->actor_w.t_return;
	r.io_result = j->io_ret < 0 ? -1 : j->io_ret;
	r.io_errno = j->io_ret < 0 ? (int)-j->io_ret : 0;
	if (r.t_fault && !r.t_mut_return) {
		char what[96];

		snprintf(what, sizeof(what), "%s after the pins were released",
			 sc->mutator->name);
		if (!dr_live_wait_mutator(j, &r, what, false))
			return -EDEADLK;
		r.t_mut_start = j->mut_w.t_start;
		r.t_mut_return = j->mut_w.t_return;
		r.mut_errno = -j->mut_err;
	}
	/* The watchdog resolved the fault while the inline change ran: the
	 * I/O went on before the change was over (verify.c). */
	j->rescued = atomic_exchange(&j->inline_rescued, false);
	if (j->rescued)
		unconfirm(j, &r, "layout change waited for pins in page-cache mode");
	t1 = dr_now_ns();
	confirm(j, &r, have_before, rd0, wr0);
	dr_inject_victim_foreign(j);
	if (r.io_result == (ssize_t)j->aj.len)
		dr_inject_copy_foreign(j);
	dr_verify_round(j, &r);
	judge(j, &r);
	atomic_fetch_add(&j->rounds, 1);

	ret = check_partner_io(j, &r);
	if (ret)
		return ret;
	/* ENOSPC here (a small pmem filesystem filled by the bystander) ends
	 * the job with the reason: the scenario reports it as ERROR. */
	ret = dr_victim_refill(&j->v);
	if (ret) {
		snprintf(j->error, sizeof(j->error), "job %u: refilling %s: %s",
			 j->id, j->v.name, strerror(-ret));
		dr_err("%s", j->error);
		return ret;
	}
	ret = dr_mutate_restore(j);
	if (ret)
		return ret;
	ret = dr_uffd_rearm(j->v.anon_page, DR_PAGE_SIZE);
	if (ret) {
		snprintf(j->error, sizeof(j->error),
			 "job %u: re-arming the uffd page: %s", j->id,
			 strerror(-ret));
		dr_err("%s", j->error);
	}
	/* An actor's release() after the call moves t_release past the
	 * return: those rounds have no release -> return phase to add. */
	if (r.t_fault && r.t_io_return && r.t_mut_return &&
	    r.t_release <= r.t_io_return) {
		uint64_t io_end = r.t_io_return > r.t_mut_return ?
				  r.t_io_return : r.t_mut_return;

		j->phase_ns[0] += r.t_io_start - t0;
		j->phase_ns[1] += r.t_fault - r.t_io_start;
		j->phase_ns[2] += r.t_release - r.t_fault;
		j->phase_ns[3] += r.t_io_return - r.t_release;
		j->phase_ns[4] += io_end - r.t_io_return;
		j->phase_ns[5] += dr_now_ns() - (t1 > io_end ? t1 : io_end);
	}
	return ret;
}

void *dr_hold_job_main(void *arg)
{
	struct dr_job *j = arg;
	struct dr_scenario *sc = j->sc;
	int ret;

	dr_placement_thread(&j->pl);
	j->holder_tid = (pid_t)syscall(SYS_gettid);
	j->inline_mut = !sc->env.dax && !dr_victim_is_dax(&j->v) &&
			!getenv("DAXRACE_MUTATOR_THREAD");
	ret = dr_worker_start(&j->actor_w, actor_call, j, &j->pl);
	if (!ret)
		ret = dr_worker_start(&j->mut_w, mutator_call, j, &j->pl);
	if (ret) {
		snprintf(j->error, sizeof(j->error),
			 "job %u: cannot start threads: %s", j->id, strerror(-ret));
		dr_err("%s", j->error);
		goto out;
	}
	while (!atomic_load(&sc->stop) && !dr_engine_interrupted && !j->dead) {
		if (j->rounds_target && j->round_index >= j->rounds_target)
			break;
		if (sc->deadline_ns && dr_now_ns() >= sc->deadline_ns)
			break;
		if (dr_hold_round(j) < 0)
			break;
	}
out:
	dr_placement_record_job(j);
	dr_worker_stop(&j->actor_w);
	dr_worker_stop(&j->mut_w);
	return NULL;
}
