// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "common/log.h"
#include "common/util.h"
#include "engine/priv.h"
#include "engine/taskinfo.h"
#include "engine/watchdog.h"
#include "oracles/klog.h"

/*
 * LIVE: a call still blocked a deadline after its blocker is gone.  The
 * punch/truncate layout-break waits are TASK_INTERRUPTIBLE (ext4_break_layouts
 * waits with ___wait_var_event(..., TASK_INTERRUPTIBLE, ...); 6.15+
 * dax_break_layout() likewise), so the hung-task detector never reports them
 * and the thread sits in state S: we must notice, capture, interrupt it with
 * a signal (-ERESTARTSYS becomes EINTR because our handler has no
 * SA_RESTART) and retry once to tell a lost wake-up (retry completes: the
 * page was idle) from a leaked reference (retry blocks again).
 */
#define EXPIRED_MUT 1u
#define EXPIRED_ACTOR 2u
#define KLOG_TAIL 4096

char *dr_live_capture(struct dr_scenario *sc, pid_t tid)
{
	char *task = dr_task_capture(tid), *out;
	const char *text = "", *tail;
	size_t tl;

	if (!sc->klog)
		return task;
	pthread_mutex_lock(&sc->lock);
	if (dr_klog_collect(sc->klog) >= 0)
		text = dr_klog_text(sc->klog);
	tl = strlen(text);
	tail = tl > KLOG_TAIL ? text + tl - KLOG_TAIL : text;
	if (asprintf(&out, "%s\n--- kernel log tail ---\n%s\n", task ? task : "",
		     tail) < 0)
		out = NULL;
	pthread_mutex_unlock(&sc->lock);
	if (!out)
		return task;
	free(task);
	return out;
}

/*
 * How long a call that is demonstrably still working (see still_working())
 * may take before LIVE reports it anyway: the kernel's own limit for a task
 * that waits uninterruptibly without progress (kernel/hung_task.c reports
 * TASK_UNINTERRUPTIBLE tasks after sysctl_hung_task_timeout_secs, default
 * CONFIG_DEFAULT_HUNG_TASK_TIMEOUT = 120 s; 0 turns the detector off).
 * This bounds the wait, so a device that never completes still ends the
 * run with a report.
 */
static uint64_t working_limit_ns(void)
{
	char buf[32];
	long long s = 0;

	if (dr_read_file("/proc/sys/kernel/hung_task_timeout_secs", buf,
			 sizeof(buf)) > 0)
		s = strtoll(buf, NULL, 10);
	if (s <= 0)
		s = 120;
	return (uint64_t)s * 1000000000ull;
}

/*
 * A call the deadline passed is not necessarily blocked on what it was
 * watched for.  Under load (a CPU hog, other writers, many jobs) it may
 * have returned while the job thread that ends its watch still waits for
 * a CPU; it may be runnable and waiting for a CPU itself (state R); or,
 * for the actor, it may sleep in the block layer (state D) while its bio
 * is still in the partner device (in_flight > 0 in the device's stat):
 * its blocker then is the CPU or the device, which are still working, not
 * a page reference.  The same for a mutator in D while the device under
 * the victim's filesystem has requests in flight (the writeback a
 * collapse or an msync waits for), and for any of our threads waiting on
 * an rwsem (the mmap lock the other jobs' page-table changes hold).  None of that is evidence of a leaked reference or a
 * lost wake-up, so the deadline starts again, up to working_limit_ns() in
 * all for the last two.  A thread sleeping in state S, or in D with
 * nothing in flight, is judged at the deadline as before.
 */
/*
 * Requests in flight on the block device under the victim's filesystem
 * (/sys/dev/block/MAJ:MIN/inflight: reads, writes); 0 when unknown.
 */
static uint64_t victim_dev_inflight(const struct dr_job *j)
{
	char path[64], buf[64];
	unsigned long long rd = 0, wr = 0;
	struct stat st;

	if (j->v.fd < 0 || fstat(j->v.fd, &st) < 0)
		return 0;
	snprintf(path, sizeof(path), "/sys/dev/block/%u:%u/inflight",
		 major(st.st_dev), minor(st.st_dev));
	if (dr_read_file(path, buf, sizeof(buf)) <= 0 ||
	    sscanf(buf, "%llu %llu", &rd, &wr) != 2)
		return 0;
	return rd + wr;
}

/*
 * Waits for block I/O to complete, entered from the actor's O_DIRECT
 * path (submit_bio_wait(), blk_io_schedule() in __blkdev_direct_IO_simple()
 * and iomap_dio_rw()) and from the writeback a layout change does first
 * (filemap_write_and_wait_range() -> __filemap_fdatawait_range() ->
 * folio_wait_writeback()).  The device's inflight counter misses the
 * moments around a completion (the request is done but the waiter not yet
 * woken), which the stack does not: a thread in one of these waits for its
 * device, not for a page reference.
 */
static const char *const io_completion_waits[] = {
	"submit_bio_wait",
	"blk_io_schedule",
	"folio_wait_writeback",
	"__filemap_fdatawait_range",
	NULL,
};

/*
 * An io_uring actor's request may run in an io-wq worker of its thread
 * (taskinfo.c dr_task_iowq_workers): the call waits for that worker, so
 * a worker that runs, or sleeps in D on the partner's busy device, or on
 * a lock, is still working as the actor itself would be.  A worker
 * asleep anywhere else (the uffd fault, a page reference) is judged.
 */
static const char *iowq_working(struct dr_job *j, pid_t tid)
{
	pid_t workers[16];
	int n = dr_task_iowq_workers(tid, workers, DR_ARRAY_SIZE(workers));
	uint64_t inflight;

	for (int i = 0; i < n && i < (int)DR_ARRAY_SIZE(workers); i++) {
		struct dr_task_state st;

		if (dr_task_state_read(workers[i], &st))
			continue;
		if (st.state == 'R')
			return "its io-wq worker is running";
		if (st.state == 'D' && j->ps &&
		    !dr_partner_inflight(j->ps, &inflight) && inflight > 0)
			return "partner I/O of its io-wq worker in flight";
		if ((st.state == 'D' || st.state == 'S') && strstr(st.wchan, "rwsem"))
			return "its io-wq worker waits for a lock (an rwsem such as the mmap lock)";
	}
	return NULL;
}

const char *dr_live_working(struct dr_job *j, pid_t tid, bool actor,
			    uint64_t waited_ns)
{
	struct dr_task_state st;
	uint64_t inflight;
	const char *why;

	/* The call returned, but the job thread that ends the watch has not
	 * run yet (it too waits for a CPU): nothing is blocked at all. */
	if (j && dr_worker_done(actor ? &j->actor_w : &j->mut_w))
		return "returned";
	if (waited_ns >= working_limit_ns() || dr_task_state_read(tid, &st))
		return NULL;
	if (st.state == 'R')
		return "running";
	/* An io_uring actor sleeps interruptibly for its completions
	 * (io_cqring_wait) where a pread sleeps in D for its bio. */
	if (actor && j && j->ps && (st.state == 'D' || strstr(st.wchan, "io_cqring")) &&
	    !dr_partner_inflight(j->ps, &inflight) && inflight > 0)
		return "partner I/O in flight";
	if (actor && j && (why = iowq_working(j, tid)))
		return why;
	/*
	 * A request punted to io-wq before its worker first ran: a new
	 * worker carries its creator's comm until io_wq_worker() renames it
	 * "iou-wrk-N", so under load the submitter waits in io_cqring_wait
	 * with no worker of its own in sight, for a CPU, not for a page.
	 */
	if (actor && j && strstr(st.wchan, "io_cqring")) {
		pid_t workers[1];

		if (dr_task_iowq_workers(tid, workers, DR_ARRAY_SIZE(workers)) == 0)
			return "its io_uring request waits for an io-wq worker to start";
	}
	/* The jobs are threads of one process: a page-table change (mmap,
	 * mremap, mprotect, fork's dup_mmap) takes its mmap lock for writing,
	 * and a starved holder keeps every other job's GUP waiting on that
	 * rwsem.  A wait for a lock is not a wait for a page reference. */
	if ((st.state == 'D' || st.state == 'S') && strstr(st.wchan, "rwsem"))
		return "waiting for a lock (an rwsem such as the mmap lock)";
	/* A change that waits for no pin (it moves no block: write, zap,
	 * wrprotect, fork) has no blocker that goes away at the release: it
	 * may sleep on the journal, on writeback or on its child for as long
	 * as those take, up to the hung-task limit. */
	if (!actor && j && !dr_job_mutator(j)->breaks_layouts)
		return "a change that waits for no pin";
	/* A layout change writes the range back first (collapse, insert,
	 * msync): in D with the victim's device busy, it waits for that
	 * device, not for a page reference. */
	if (!actor && j && st.state == 'D' && victim_dev_inflight(j) > 0)
		return "writeback to the victim's device in flight";
	if (st.state == 'D' && dr_task_waits_in(tid, &st, io_completion_waits))
		return "waiting for block I/O to complete";
	return NULL;
}

bool dr_live_expired(void *ctx, struct dr_watch *w, pid_t tid,
		     const char *what, uint64_t blocked_ns)
{
	struct dr_scenario *sc = ctx;
	uint64_t round = UINT64_MAX;
	struct dr_job *job = NULL;
	const char *working;
	bool actor = false;
	char *ev;

	(void)w;
	for (unsigned int i = 0; i < sc->nr_jobs; i++) {
		actor = atomic_load(&sc->jobs[i].actor_w.tid) == tid;
		if (actor || atomic_load(&sc->jobs[i].mut_w.tid) == tid) {
			job = &sc->jobs[i];
			break;
		}
	}
	working = dr_live_working(job, tid, actor, blocked_ns);
	if (working) {
		dr_info("LIVE: %s (tid %d) past the deadline but %s: judged again a deadline later",
			what, (int)tid, working);
		return false;
	}
	ev = dr_live_capture(sc, tid);
	/* The call may have returned while we judged it and captured its
	 * state: then the thread is parked in our own wait, and what the
	 * capture shows is not a stuck call. */
	if (job && dr_worker_done(actor ? &job->actor_w : &job->mut_w)) {
		free(ev);
		dr_info("LIVE: %s (tid %d) returned as it was judged", what, (int)tid);
		return false;
	}
	for (unsigned int i = 0; i < sc->nr_jobs; i++) {
		struct dr_job *j = &sc->jobs[i];

		if (atomic_load(&j->mut_w.tid) == tid) {
			round = j->round_index ? j->round_index - 1 : 0;
			atomic_fetch_or(&j->expired, EXPIRED_MUT);
			dr_futex_wake(&j->mut_w.done);
		} else if (atomic_load(&j->actor_w.tid) == tid) {
			round = j->round_index ? j->round_index - 1 : 0;
			atomic_fetch_or(&j->expired, EXPIRED_ACTOR);
			dr_futex_wake(&j->actor_w.done);
		}
	}
	dr_violation_add(&sc->res->oracles, DR_ORACLE_LIVE, round, ev,
			 "%s (tid %d) still blocked %.3f s after its blocker was gone",
			 what, (int)tid, blocked_ns / 1e9);
	free(ev);
	return true;
}

/*
 * Waits for a worker while the watchdog times it from now (its blocker is
 * gone).  Returns true when it returned; *expired says whether LIVE fired.
 */
static bool wait_watched(struct dr_job *j, struct dr_worker *wk,
			 unsigned int bit, const char *what, bool *expired)
{
	struct dr_scenario *sc = j->sc;
	pid_t tid = atomic_load(&wk->tid);
	uint64_t end = dr_now_ns() + sc->cfg->watchdog_ns;
	struct dr_watch *w;

	*expired = false;
	atomic_fetch_and(&j->expired, ~bit);
	w = dr_watch_begin(sc->watchdog, tid, what);
	if (w)
		dr_watch_arm(w);
	while (!dr_worker_wait(wk, 50000000)) {
		if (atomic_load(&j->expired) & bit)
			break;
		if (!w && dr_now_ns() > end) {
			/* No watch could be allocated: judge it ourselves. */
			char *ev = dr_live_capture(sc, tid);

			dr_violation_add(&sc->res->oracles, DR_ORACLE_LIVE,
					 j->round_index - 1, ev,
					 "%s (tid %d) still blocked %.3f s after its blocker was gone",
					 what, (int)tid, sc->cfg->watchdog_ns / 1e9);
			free(ev);
			*expired = true;
			break;
		}
	}
	if (w && dr_watch_end(w))
		*expired = true;
	return dr_worker_done(wk);
}

bool dr_live_wait_actor(struct dr_job *j)
{
	bool expired = false;

	/* The common case costs one futex wait, no watchdog bookkeeping. */
	if (dr_worker_wait(&j->actor_w, 1000000))
		return true;
	if (wait_watched(j, &j->actor_w, EXPIRED_ACTOR,
			 j->sc->actor->asleep ? "actor's call after its release" :
						"actor I/O after the uffd fault was resolved",
			 &expired))
		return true;
	/* Block I/O waits are uninterruptible: nothing to retry. */
	j->actor_w.abandoned = true;
	j->dead = true;
	return false;
}

/*
 * Once LIVE has fired, what follows (interrupting the change, retrying it
 * once) only classifies the failure, and must not hold the results back:
 * a run with a task stuck for good ends within the watchdog plus a few
 * seconds (stuck_grace_ns() in scenario.c budgets for exactly these
 * waits).  A signal ends an interruptible sleep within microseconds of
 * the thread being scheduled, and a retry on a page that is idle again
 * returns as fast, so half a second and a second are each a thousand times
 * what they need, even on a loaded machine; a shorter --watchdog is used
 * as it is.
 */
#define LIVE_INTERRUPT_WAIT_NS 500000000ull
#define LIVE_RETRY_WAIT_NS 1000000000ull

static uint64_t after_live_ns(const struct dr_scenario *sc, uint64_t cap)
{
	return sc->cfg->watchdog_ns < cap ? sc->cfg->watchdog_ns : cap;
}

static bool interrupt(struct dr_job *j)
{
	uint64_t wait = after_live_ns(j->sc, LIVE_INTERRUPT_WAIT_NS);
	struct dr_task_state st;

	if (dr_task_state_read(atomic_load(&j->mut_w.tid), &st) || st.state != 'S')
		return false;
	pthread_kill(j->mut_w.thread, DR_SIG_INTERRUPT);
	if (dr_worker_wait(&j->mut_w, wait))
		return true;
	/* One more: the signal may have landed before the sleep. */
	pthread_kill(j->mut_w.thread, DR_SIG_INTERRUPT);
	return dr_worker_wait(&j->mut_w, wait);
}

static bool give_up(struct dr_job *j, const char *why)
{
	dr_warn("job %u: %s: abandoning its mutator thread (tid %d)", j->id, why,
		(int)atomic_load(&j->mut_w.tid));
	j->mut_w.abandoned = true;
	j->dead = true;
	return false;
}

bool dr_live_wait_mutator(struct dr_job *j, struct dr_round *r,
			  const char *what, bool unmap_first)
{
	struct dr_scenario *sc = j->sc;
	bool expired = false;
	char *ev;

	if (dr_worker_wait(&j->mut_w, 1000000))
		return true;
	if (wait_watched(j, &j->mut_w, EXPIRED_MUT, what, &expired) && !expired)
		return true;
	if (dr_worker_done(&j->mut_w))
		return true; /* returned just as the deadline passed */
	j->live_fired = true;

	/*
	 * Free-running only: our own actors may have faulted the page back
	 * into this process while the change slept (the wait callback drops
	 * the invalidate lock), and from 6.15 on a mapped fsdax page holds a
	 * reference, which nothing unmaps again.  Zap our mapping of the
	 * window first: if the change then completes, say exactly that.
	 */
	if (unmap_first) {
		madvise(j->v.region, (size_t)j->v.k * DR_PAGE_SIZE, MADV_DONTNEED);
		if (dr_worker_wait(&j->mut_w, 1000000000ull)) {
			dr_violation_add(&sc->res->oracles, DR_ORACLE_LIVE, r->index, NULL,
					 "%s completed only once daxrace unmapped its own mapping of the range: a page faulted back in during the layout-break wait kept it asleep",
					 dr_job_mutator(j)->name);
			return true;
		}
	}
	/* LIVE fired (the watchdog recorded the evidence).  Interrupt, then
	 * retry the same layout change once under the deadline. */
	if (!interrupt(j))
		return give_up(j, "stuck layout change cannot be interrupted");
	/*
	 * Retry only a change the signal interrupted.  One that returned by
	 * itself as the signal came (its wait ended late, but it ended) has
	 * done its work: running it again would apply it twice, which a
	 * punch survives but a collapse or an insert does not (the file
	 * would shift twice and TAG would rightly call the result wrong).
	 */
	if (j->mut_err != -EINTR) {
		dr_info("job %u round %llu: %s returned by itself as it was interrupted: not retried",
			j->id, (unsigned long long)r->index, sc->mutator->name);
		return true;
	}
	dr_worker_kick(&j->mut_w);
	if (dr_worker_wait(&j->mut_w, after_live_ns(sc, LIVE_RETRY_WAIT_NS))) {
		atomic_fetch_add(&j->lost_wakeups, 1);
		dr_info("job %u round %llu: retry of %s completed: lost wake-up",
			j->id, (unsigned long long)r->index, dr_job_mutator(j)->name);
		return true;
	}
	atomic_fetch_add(&j->leaked_refs, 1);
	ev = dr_live_capture(sc, atomic_load(&j->mut_w.tid));
	dr_violation_add(&sc->res->oracles, DR_ORACLE_LIVE, r->index, ev,
			 "retry of %s blocked again with no pin held: leaked page reference",
			 dr_job_mutator(j)->name);
	free(ev);
	if (!interrupt(j))
		return give_up(j, "retried layout change cannot be interrupted");
	return true;
}
