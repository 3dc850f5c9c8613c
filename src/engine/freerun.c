// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/syscall.h>

#include "common/log.h"
#include "common/util.h"
#include "engine/priv.h"

/*
 * --stall none: the actor and the mutator loop concurrently on the same
 * files with seeded jitter, for volume: GUP racing a page-table change at
 * the instant it happens needs many tries, not a held pin.  Nothing stalls,
 * so ordering cannot be judged per call; instead every phase ends (and,
 * with --probe-every, is cut) by quiesce-and-probe: stop and drain every
 * actor, then change the layout over the whole window under the deadline.
 * Everything is quiet then, so a probe that blocks means a page stayed
 * referenced: a leaked reference (LIVE).  The window must read as zero
 * afterwards (TAG).
 */
static void spin_ns(uint64_t ns)
{
	uint64_t end = dr_now_ns() + ns;

	while (dr_now_ns() < end)
		;
}

/*
 * Free-running calls fail by design now and then (EFAULT past a truncate),
 * but a partner device that fails (EIO, or gone: ENXIO, ENODEV) fails every
 * call: that many in a row end the job with the partner's error, as in the
 * held rounds (hold.c), instead of a PASS over calls that tested nothing.
 */
#define DR_FREE_PARTNER_ERRORS_MAX 100

static bool partner_failed(struct dr_job *j, ssize_t n)
{
	if (n != -EIO && n != -ENXIO && n != -ENODEV) {
		j->io_errors = 0;
		return false;
	}
	if (++j->io_errors < DR_FREE_PARTNER_ERRORS_MAX)
		return false;
	snprintf(j->error, sizeof(j->error),
		 "job %u: free-running %s on the partner failed %u times in a row: %s",
		 j->id, j->sc->actor->name, j->io_errors, strerror((int)-n));
	dr_err("%s", j->error);
	atomic_store(&j->partner_dead, true);
	return true;
}

static void free_actor(struct dr_worker *w)
{
	struct dr_job *j = w->arg;
	struct dr_scenario *sc = j->sc;

	dr_worker_enter(w, dr_now_ns());
	while (!atomic_load_explicit(&j->phase_stop, memory_order_relaxed) &&
	       !atomic_load(&j->partner_dead)) {
		ssize_t n = sc->actor->take(&j->aj);

		if (sc->actor->release)
			sc->actor->release(&j->aj);

		atomic_fetch_add_explicit(&j->rounds, 1, memory_order_relaxed);
		if (partner_failed(j, n))
			break;
		/* A truncate legitimately leaves part of the buffer beyond
		 * EOF for a moment: EFAULT is then by design, not GUPFAIL. */
		if (n < 0 && sc->env.dax && (n == -EFAULT || n == -ENOMEM) &&
		    !dr_mutate_may_fault(sc))
			dr_violation_add(&sc->res->oracles, DR_ORACLE_GUPFAIL,
					 UINT64_MAX, NULL,
					 "free-running %s%s%s%s failed with %s on a mapped fsdax range",
					 sc->actor->name, j->aj.call ? " (" : "",
					 j->aj.call ? j->aj.call : "",
					 j->aj.call ? ")" : "", strerror((int)-n));
		spin_ns(dr_prng_below(&j->actor_rng, 20000));
	}
	dr_worker_leave(w, dr_now_ns());
}

static void free_mutator(struct dr_worker *w)
{
	struct dr_job *j = w->arg;
	struct dr_scenario *sc = j->sc;
	unsigned int k = j->v.k;

	dr_worker_enter(w, dr_now_ns());
	if (j->probe_mode) {
		/* The quiet probe, or LIVE's retry of a stuck change: once,
		 * over the range in mut_off/mut_len. */
		j->mut_err = dr_mutate(j);
		dr_worker_leave(w, dr_now_ns());
		return;
	}
	while (!atomic_load_explicit(&j->phase_stop, memory_order_relaxed)) {
		unsigned int first = (unsigned int)dr_prng_below(&j->rng, k);
		unsigned int n = 1 + (unsigned int)dr_prng_below(&j->rng, k - first);
		int err;

		/* A combination: this change is one of them, seeded.  A single
		 * mutator draws nothing, so its choices replay as before. */
		if (sc->nr_mutators > 1)
			j->cur_mut = (unsigned int)dr_prng_below(&j->rng, sc->nr_mutators);
		j->mut_off = (uint64_t)(1 + first) * DR_PAGE_SIZE;
		j->mut_len = (uint64_t)n * DR_PAGE_SIZE;
		err = dr_mutate(j);
		if (err && err != -EINTR)
			dr_debug("job %u: free-running %s: %s", j->id,
				 dr_job_mutator(j)->name, strerror(-err));
		spin_ns(dr_prng_below(&j->rng, 20000));
		err = dr_victim_refill(&j->v);
		if (err)
			dr_debug("job %u: refill: %s", j->id, strerror(-err));
		if (dr_mutate_restore(j)) {
			/* j->error says why: end the job as a dead partner
			 * does. */
			atomic_store(&j->partner_dead, true);
			break;
		}
	}
	dr_worker_leave(w, dr_now_ns());
}

static void tag_report(struct dr_job *j, const char *where, uint64_t b,
		       const void *blk, const struct dr_tag_expect *e,
		       enum dr_tag_status st, const char *what)
{
	char ev[1024];

	dr_tag_describe(blk, e, ev, sizeof(ev));
	dr_violation_add(&j->sc->res->oracles, DR_ORACLE_TAG, UINT64_MAX, ev,
			 "%s block %llu: %s, %s", where, (unsigned long long)b,
			 dr_tag_status_name(st), what);
}

/*
 * Free-running leaves no exact record of what each block went through:
 * the actor's I/O and the mutator's changes interleave with refills, and a
 * DMA racing a refill tears a block.  What must never show up is another
 * file's data.  The job's own files are the victim, the partner and the
 * mutators' own file (aux_file_id: reflink's donor, whose blocks a clone
 * puts in the victim's place and a dio-write then carries to the partner);
 * a block freed early and reused shows a bystander's or another job's tag.
 */
static bool quiet_stranger(const struct dr_job *j, enum dr_tag_status st,
			   const struct dr_tag *found)
{
	if (st == DR_TAG_OK || st == DR_TAG_ZERO || st == DR_TAG_GARBAGE ||
	    st == DR_TAG_BAD_CRC)
		return false;
	return found->file_id != j->v.file_id && found->file_id != j->ps->file_id &&
	       found->file_id != j->mt.aux_file_id;
}

/* The window after the quiet probe changed all of it, with nothing pinned:
 * what the mutator says it holds then (mutator.h). */
static void verify_quiet_window(struct dr_job *j)
{
	struct dr_mut_block mb;
	struct dr_tag_expect e;
	struct dr_tag found;
	enum dr_tag_status st;

	for (unsigned int i = 1; i <= j->v.k; i++) {
		const char *blk = (const char *)j->scratch + (size_t)i * DR_BLOCK_SIZE;

		dr_mutate_expect(j, i, &mb);
		e = (struct dr_tag_expect){ j->v.file_id, i, j->v.gen };
		st = dr_tag_check(blk, &e, &found);
		switch (mb.what) {
		case DR_MUT_ZERO:
			if (st == DR_TAG_ZERO)
				continue;
			tag_report(j, j->v.name, i, blk, &e, st,
				   "not zero after the quiet probe changed the whole window");
			return;
		case DR_MUT_REPLACED:
		case DR_MUT_WRITTEN:
			st = dr_tag_check(blk, &mb.tag, &found);
			if (st == DR_TAG_OK)
				continue;
			tag_report(j, j->v.name, i, blk, &mb.tag, st,
				   "not what the quiet probe put there");
			return;
		case DR_MUT_KEEP:
		case DR_MUT_MOVED:
			if (!quiet_stranger(j, st, &found))
				continue;
			tag_report(j, j->v.name, i, blk, &e, st,
				   "another file's data after the quiet probe");
			return;
		}
	}
}

/* After the probe: anchor intact, window as the mutator left it, partner
 * free of strangers. */
static void verify_quiet(struct dr_job *j)
{
	unsigned int k = j->v.k, judged = k + 1;
	const char *data = j->scratch;
	struct dr_tag_expect e;
	struct dr_tag found;
	enum dr_tag_status st;
	ssize_t n;

	n = pread(j->v.fd, j->scratch, j->v.size, 0);
	if (n != (ssize_t)j->v.size)
		return;
	e = (struct dr_tag_expect){ j->v.file_id, 0, DR_VICTIM_ANCHOR_GEN };
	st = dr_tag_check(j->scratch, &e, &found);
	if (st != DR_TAG_OK)
		tag_report(j, j->v.name, 0, j->scratch, &e, st,
			   "anchor block outside every range changed");
	if (!j->mut_err)
		verify_quiet_window(j);
	/* An actor's own copy of V's pages (pvm-read), in place of the
	 * partner's range: V's pages only. */
	if (j->aj.moved) {
		if (j->aj.moved_unjudged)
			return;
		data = j->aj.moved;
		judged = k;
	} else {
		n = pread(j->ps->fd, j->scratch, j->v.region_len, j->ps->off);
		if (n != (ssize_t)j->v.region_len)
			return;
	}
	for (unsigned int i = 0; i < judged; i++) {
		const char *blk = data + (size_t)i * DR_BLOCK_SIZE;

		st = dr_tag_check(blk, &j->p_expect[i], &found);
		if (st == DR_TAG_OK || st == DR_TAG_ZERO)
			continue;
		if (j->sc->actor->data == DR_DATA_FROM_BUFFER) {
			/* dio-write copies V's pages while they are refilled
			 * and punched (or cloned over): any generation of V,
			 * a torn mix of V's pages, or what a mutator put in
			 * V's place is legitimate; another file's is not. */
			if (!quiet_stranger(j, st, &found))
				continue;
		}
		tag_report(j, j->aj.moved ? "the actor's copy" : "partner",
			   j->aj.moved ? i : (uint64_t)j->ps->off / DR_BLOCK_SIZE + i,
			   blk, &j->p_expect[i], st,
			   "the partner holds data no writer of this job produced");
		break;
	}
}

static bool phase_over(struct dr_job *j, uint64_t phase_end)
{
	struct dr_scenario *sc = j->sc;

	if (atomic_load(&sc->stop) || dr_engine_interrupted ||
	    atomic_load(&j->partner_dead))
		return true;
	if (j->rounds_target && atomic_load(&j->rounds) >= j->rounds_target)
		return true;
	return dr_now_ns() >= phase_end;
}

static bool quiesce_and_probe(struct dr_job *j)
{
	struct dr_scenario *sc = j->sc;
	struct dr_round r;
	char what[96];
	bool failed = false;
	int ret;

	atomic_store(&j->phase_stop, true);
	if (!dr_live_wait_actor(j))
		return false;
	/*
	 * The actors are drained: no pin is held any more, so the mutator's
	 * current change must finish within the deadline.  If it does not,
	 * LIVE fires and its retry (probe_mode: the same range, once) tells a
	 * lost wake-up from a leaked reference.
	 */
	memset(&r, 0, sizeof(r));
	r.index = atomic_load(&j->probes);
	j->probe_mode = true;
	snprintf(what, sizeof(what), "free-running %s after the actors drained",
		 dr_job_mutator(j)->name);
	/*
	 * Once a change of this job has outlived its deadline, LIVE has its
	 * failure and its classification (the unmap, the interrupt, the
	 * retry): the job ends there.  The quiet probes would only chain more
	 * deadlines, past the grace the scenario gives a stopping job
	 * (stuck_grace_ns, scenario.c), which would then report this thread,
	 * busy judging, as stuck in the kernel.
	 */
	if (!dr_live_wait_mutator(j, &r, what, true) || j->live_fired)
		return false;
	/* Each mutator of the scenario in turn (a combination has several),
	 * over the whole window, judged by what that one leaves. */
	for (unsigned int m = 0; m < sc->nr_mutators; m++) {
		j->cur_mut = m;
		j->mut_off = DR_PAGE_SIZE;
		j->mut_len = (uint64_t)j->v.k * DR_PAGE_SIZE;
		snprintf(what, sizeof(what), "quiet probe: %s over the whole window",
			 dr_job_mutator(j)->name);
		dr_worker_kick(&j->mut_w);
		if (!dr_live_wait_mutator(j, &r, what, false) || j->live_fired)
			return false;
		/* A probe whose change failed judged nothing: it is not
		 * counted, and a scenario with none is SKIP with this reason. */
		if (j->mut_err) {
			snprintf(j->unconfirmed_reason, sizeof(j->unconfirmed_reason),
				 "quiet probe: %s failed: %s", dr_job_mutator(j)->name,
				 strerror(-j->mut_err));
			failed = true;
		}
		dr_inject_victim_foreign(j);
		verify_quiet(j);
		ret = dr_victim_refill(&j->v);
		if (ret) {
			snprintf(j->error, sizeof(j->error), "job %u: refilling %s: %s",
				 j->id, j->v.name, strerror(-ret));
			return false;
		}
		if (dr_mutate_restore(j))
			return false;
	}
	j->probe_mode = false;
	if (!failed)
		atomic_fetch_add(&j->probes, 1);
	return true;
}

void *dr_freerun_job_main(void *arg)
{
	struct dr_job *j = arg;
	struct dr_scenario *sc = j->sc;
	const struct dr_run_config *cfg = sc->cfg;
	struct timespec ts = { 0, 2000000 };
	int ret;

	/* The thread a stuck scenario names (scenario.c abandon_jobs). */
	j->holder_tid = (pid_t)syscall(SYS_gettid);
	dr_placement_thread(&j->pl);
	dr_prng_seed(&j->actor_rng, cfg->seed,
		     ((uint64_t)dr_prng_stream_of(sc->res->name) << 32) | (1ull << 31) | j->id);
	ret = dr_worker_start(&j->actor_w, free_actor, j, &j->pl);
	if (!ret)
		ret = dr_worker_start(&j->mut_w, free_mutator, j, &j->pl);
	if (ret) {
		snprintf(j->error, sizeof(j->error),
			 "job %u: cannot start threads: %s", j->id, strerror(-ret));
		dr_err("%s", j->error);
		goto out;
	}
	for (;;) {
		uint64_t now = dr_now_ns(), end = UINT64_MAX;

		if (cfg->probe_every_ns)
			end = now + cfg->probe_every_ns;
		if (sc->deadline_ns && sc->deadline_ns < end)
			end = sc->deadline_ns;
		atomic_store(&j->phase_stop, false);
		dr_worker_kick(&j->actor_w);
		dr_worker_kick(&j->mut_w);
		while (!phase_over(j, end))
			nanosleep(&ts, NULL);
		if (!quiesce_and_probe(j))
			break;
		if (phase_over(j, UINT64_MAX) ||
		    (sc->deadline_ns && dr_now_ns() >= sc->deadline_ns))
			break;
	}
out:
	atomic_store(&j->phase_stop, true);
	dr_placement_record_job(j);
	dr_worker_stop(&j->actor_w);
	dr_worker_stop(&j->mut_w);
	return NULL;
}
