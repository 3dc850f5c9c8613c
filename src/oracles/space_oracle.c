// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * SPACE: when a scenario's files are removed, the free count must rise by
 * the blocks they held.  A DAX block whose page kept a reference cannot be
 * freed (the fs waits for it to go idle or, with the bug, forgets it), so a
 * leak that LIVE did not see as a hang still shows up as space that never
 * comes back.
 *
 * statfs is fs-wide: every other writer on the filesystem moves it.  So
 * SPACE judges only what daxrace itself frees, over the short window in
 * which it removes its files, and brackets that window with idle samples
 * (daxrace does nothing then): if the free count moves in a bracket,
 * something else is using the fs and the oracle is INCONCLUSIVE, with the
 * numbers, never FAIL.
 *
 *   before_remove: bracket (syncfs+statfs, idle, syncfs+statfs) -> A;
 *                  footprint = st_blocks of every file in the work dir
 *   (the engine removes the scenario's files and syncs)
 *   end:           settle (below), bracket -> B; footprint - what remains
 *                  in the work dir (the partner's files) must come back
 *                  between A and B, within the tolerance; blocks missing
 *                  are a FAIL only if the fs then holds still for 2 s more.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/util.h"
#include "oracles/oracle.h"
#include "oracles/space.h"

/*
 * Freeing is not always done when unlink() returns: XFS inactivates
 * unlinked inodes, and so frees their blocks, from a background workqueue
 * (fs/xfs/xfs_icache.c xfs_inodegc_queue(), 5.15+), which statfs only
 * pushes without waiting for (xfs_fs_statfs() -> xfs_inodegc_push()).
 * Such work completes within milliseconds on an idle fs; a leak never
 * does.  So the end sample is retried, with a syncfs each time, for up to
 * this long (or the LIVE deadline if shorter) before judging.
 */
#define SPACE_SETTLE_NS (5ull * 1000000000ull)
#define SPACE_RETRY_NS (100ull * 1000000ull)
/*
 * The idle bracket.  A writer that lets 200 ms pass without allocating or
 * freeing a block hardly disturbs the few milliseconds of the removal; one
 * that writes more often (a build, a copy, a second daxrace) is caught.
 * Tried three times where the free count fell (someone allocated: daxrace
 * does not), and up to 10 times (2 s) where it rose, so that daxrace's own
 * deferred freeing (xfs inodegc of the thousands of bystander files
 * removed during the scenario: 0.4 s on a quiet 512 MiB loop xfs) settles
 * first, while a busy fs costs at most 2 s per bracket.  A quiet fs moves
 * by 0.
 */
#define SPACE_IDLE_NS (200ull * 1000000ull)
#define SPACE_IDLE_TRIES 3
#define SPACE_RISING_TRIES 10
#define SPACE_NOISE_BLOCKS 8
/*
 * A writer can also hold still for a bracket and allocate in the few
 * milliseconds of the removal: an appending writer on xfs reserves
 * speculative preallocation in steps of megabytes (xfs_iomap_prealloc_size()
 * in fs/xfs/xfs_iomap.c doubles it with the file size), and between steps
 * its free count does not move.  Blocks that did not come back are
 * therefore only a FAIL after the fs has held still for this long more; a
 * leaked block stays missing however long one waits, another writer shows.
 */
#define SPACE_CONFIRM_NS (2ull * 1000000000ull)
/* Inode chunks and directory blocks a removal may free beyond st_blocks. */
#define SPACE_EXCESS_BLOCKS 256

struct space_state {
	struct dr_space begin;    /* at scenario start, for the evidence */
	struct dr_space a0, a;    /* the bracket before removal */
	uint64_t files_before;    /* blocks in the work dir then */
	struct dr_space_alloc_seen seen; /* somebody else allocating */
	bool bracketed;           /* before_remove ran */
	bool measured;            /* ... and got its numbers */
};

static int space_begin(const struct dr_oracle_env *env,
		       struct dr_verdict_sink *sink, void **state)
{
	struct space_state *s;
	int err;

	*state = NULL;
	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	err = dr_space_sample(env->dir, &s->begin);
	if (err) {
		dr_verdict_set(sink, DR_ORACLE_SPACE, DR_VERDICT_SKIP,
			       "statfs(%s): %s", env->dir, strerror(-err));
		free(s);
		return 0;
	}
	dr_verdict_set(sink, DR_ORACLE_SPACE, DR_VERDICT_PASS,
		       "waiting for the scenario's files to be removed");
	*state = s;
	return 0;
}

static void disturbed(struct dr_verdict_sink *sink, const char *when,
		      const struct dr_space *first, const struct dr_space *last)
{
	dr_verdict_set(sink, DR_ORACLE_SPACE, DR_VERDICT_INCONCLUSIVE,
		       "fs disturbed: its free count moved by %llu blocks while daxrace was idle %s (%llu -> %llu free): other writers on this fs",
		       (unsigned long long)dr_space_moved(first, last), when,
		       (unsigned long long)first->free_blocks,
		       (unsigned long long)last->free_blocks);
}

static void space_before_remove(void *state, const struct dr_oracle_env *env,
				struct dr_verdict_sink *sink)
{
	struct space_state *s = state;
	int err;

	if (!s)
		return;
	s->bracketed = true;
	/*
	 * Not judged beside a thread stuck in the kernel: LIVE has reported
	 * it, its files cannot be removed, and the results must not wait for
	 * idle brackets (they are due a watchdog deadline after the stop).
	 */
	if (env->job_abandoned) {
		dr_verdict_set(sink, DR_ORACLE_SPACE, DR_VERDICT_SKIP,
			       "a job thread stuck in the kernel holds the scenario's files (LIVE): not measured");
		return;
	}
	err = dr_space_idle_bracket(env->dir, SPACE_IDLE_NS, SPACE_IDLE_TRIES,
				    SPACE_RISING_TRIES, SPACE_NOISE_BLOCKS, &s->a0, &s->a,
				    &s->seen);
	if (err == -EBUSY) {
		disturbed(sink, "before removing its files", &s->a0, &s->a);
		return;
	}
	if (!err)
		err = dr_space_dir_blocks(env->dir, s->a.block_size, &s->files_before);
	if (err) {
		dr_verdict_set(sink, DR_ORACLE_SPACE, DR_VERDICT_SKIP,
			       "sampling %s before removing the files: %s", env->dir,
			       strerror(-err));
		return;
	}
	s->measured = true;
}

static void space_end(void *state, const struct dr_oracle_env *env,
		      struct dr_verdict_sink *sink)
{
	struct space_state *s = state;
	uint64_t settle = SPACE_SETTLE_NS, start = dr_now_ns();
	uint64_t tol, lost, files_after = 0, footprint, peak;
	struct dr_space b0, b;
	char why[192], ev[1536];
	int err;

	if (s && !s->bracketed)
		dr_verdict_set(sink, DR_ORACLE_SPACE, DR_VERDICT_SKIP,
			       "the scenario's files were not measured before their removal");
	if (!s || !s->measured)
		goto out; /* begin skipped, or before_remove said why */
	if (env->watchdog_ns && env->watchdog_ns < settle)
		settle = env->watchdog_ns;
	tol = dr_space_tolerance(&s->a, why, sizeof(why));
	/* What the removal took away: files still there (the partner's
	 * backing files, a job's files kept for a stuck thread) stay. */
	err = dr_space_dir_blocks(env->dir, s->a.block_size, &files_after);
	if (err) {
		dr_verdict_set(sink, DR_ORACLE_SPACE, DR_VERDICT_SKIP,
			       "reading %s after removing the files: %s", env->dir,
			       strerror(-err));
		goto out;
	}
	footprint = s->files_before > files_after ? s->files_before - files_after : 0;
	peak = s->a.free_blocks;
	for (b0 = s->a;; b0 = b) {
		err = dr_space_sync_sample(env->dir, &b);
		if (err)
			break;
		if (b.free_blocks > peak)
			peak = b.free_blocks;
		/* We only free now: a free count that falls is someone else's. */
		if (b.free_blocks + SPACE_NOISE_BLOCKS < b0.free_blocks) {
			disturbed(sink, "removing its files", &b0, &b);
			goto out;
		}
		lost = dr_space_unreturned(footprint, &s->a, &b, tol);
		if (!lost || dr_now_ns() - start >= settle)
			break;
		nanosleep(&(struct timespec){ .tv_nsec = SPACE_RETRY_NS }, NULL);
	}
	if (!err)
		err = dr_space_idle_bracket(env->dir, SPACE_IDLE_NS, SPACE_IDLE_TRIES,
					    SPACE_RISING_TRIES, SPACE_NOISE_BLOCKS, &b0, &b,
					    &s->seen);
	if (err == -EBUSY) {
		disturbed(sink, "after removing its files", &b0, &b);
		goto out;
	}
	if (err) {
		dr_verdict_set(sink, DR_ORACLE_SPACE, DR_VERDICT_SKIP,
			       "statfs(%s) at the end: %s", env->dir, strerror(-err));
		goto out;
	}
	lost = dr_space_unreturned(footprint, &s->a, &b, tol);
	if (lost) {
		struct dr_space c0 = b;

		if (c0.free_blocks > peak)
			peak = c0.free_blocks;
		err = dr_space_idle_bracket(env->dir, SPACE_CONFIRM_NS, 1, 1,
					    SPACE_NOISE_BLOCKS, &c0, &b, &s->seen);
		if (err == -EBUSY) {
			disturbed(sink, "confirming the missing blocks", &c0, &b);
			goto out;
		}
		if (!err)
			lost = dr_space_unreturned(footprint, &s->a, &b, tol);
	}
	/*
	 * Far more back than the files held is someone else's freeing, which
	 * could hide a leak.  A correct fs may give back up to about twice
	 * st_blocks: ext4 discards an inode's unused preallocation (normalised
	 * to a power of two above the file's size, ext4_mb_normalize_request())
	 * at its last close, and xfs frees whole inode chunks.
	 */
	if (!lost && b.free_blocks > s->a.free_blocks &&
	    b.free_blocks - s->a.free_blocks > 2 * footprint + tol + SPACE_EXCESS_BLOCKS) {
		dr_verdict_set(sink, DR_ORACLE_SPACE, DR_VERDICT_INCONCLUSIVE,
			       "fs disturbed: %llu blocks came back where the scenario's files held %llu: another writer freed space meanwhile",
			       (unsigned long long)(b.free_blocks - s->a.free_blocks),
			       (unsigned long long)footprint);
		goto out;
	}
	/*
	 * After the removal daxrace only frees, so a free count below its
	 * highest point since then was taken by somebody else, after syncfs
	 * (a freeing transaction's dip is over by then).
	 */
	if (b.free_blocks < peak)
		dr_space_alloc_note(&s->seen, peak - b.free_blocks,
				    "after daxrace removed its files");
	/*
	 * The missing blocks are a leak only if nobody else allocated: one
	 * who did, even a few blocks at a time (a build's log files, under
	 * the noise the idle brackets allow), may have taken what the
	 * removal gave back, and statfs cannot tell whose blocks are whose.
	 */
	if (lost && s->seen.blocks) {
		dr_verdict_set(sink, DR_ORACLE_SPACE, DR_VERDICT_INCONCLUSIVE,
			       "fs disturbed: %llu blocks did not come back, but another writer allocated on this fs meanwhile (the free count fell by %llu blocks %s), and statfs cannot tell whose blocks are missing",
			       (unsigned long long)lost,
			       (unsigned long long)s->seen.blocks, s->seen.when);
		goto out;
	}
	if (!lost) {
		dr_verdict_set(sink, DR_ORACLE_SPACE, DR_VERDICT_PASS,
			       "the %llu blocks the scenario's files held came back (free %+lld blocks), within %llu blocks",
			       (unsigned long long)footprint,
			       (long long)(b.free_blocks - s->a.free_blocks),
			       (unsigned long long)tol);
		goto out;
	}
	snprintf(ev, sizeof(ev),
		 "the scenario's files held %llu blocks of %llu bytes (st_blocks of the work directory: %llu before their removal, %llu after)\n"
		 "free before removal: %llu of %llu blocks (idle for %.1f s before: %llu)\n"
		 "free after removal:  %llu of %llu blocks (after %.1f s of syncfs and retries; idle for %.1f s before: %llu)\n"
		 "came back: %lld blocks; tolerance %llu blocks: %s\n"
		 "free at the scenario's start: %llu blocks\n"
		 "the fs held still around the removal (within %d blocks per %.1f s, and for %.1f s after) and its free count never fell while daxrace only freed, so no other writer explains this\n",
		 (unsigned long long)footprint, (unsigned long long)s->a.block_size,
		 (unsigned long long)s->files_before, (unsigned long long)files_after,
		 (unsigned long long)s->a.free_blocks, (unsigned long long)s->a.blocks,
		 (double)SPACE_IDLE_NS / 1e9, (unsigned long long)s->a0.free_blocks,
		 (unsigned long long)b.free_blocks, (unsigned long long)b.blocks,
		 (double)(dr_now_ns() - start) / 1e9, (double)SPACE_IDLE_NS / 1e9,
		 (unsigned long long)b0.free_blocks,
		 (long long)(b.free_blocks - s->a.free_blocks), (unsigned long long)tol,
		 why, (unsigned long long)s->begin.free_blocks, SPACE_NOISE_BLOCKS,
		 (double)SPACE_IDLE_NS / 1e9, (double)SPACE_CONFIRM_NS / 1e9);
	dr_violation_add(sink, DR_ORACLE_SPACE, UINT64_MAX, ev,
			 "%llu blocks (%llu KiB) did not return after the scenario's files were removed",
			 (unsigned long long)lost,
			 (unsigned long long)(lost * s->a.block_size / 1024));
out:
	free(s);
}

const struct dr_oracle_ops dr_oracle_SPACE = {
	.name = "SPACE",
	.summary = "the blocks a scenario's files held do not return to the free count when they are removed",
	.begin = space_begin,
	.before_remove = space_before_remove,
	.end = space_end,
};
