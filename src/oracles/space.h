/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef DR_SPACE_H
#define DR_SPACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct dr_space {
	uint64_t block_size;
	uint64_t blocks;
	uint64_t free_blocks;
	uint64_t fs_type;    /* statfs f_type */
};

/* statfs(2) of the filesystem holding path; -errno. */
int dr_space_sample(const char *path, struct dr_space *out);
/* syncfs(2) of the filesystem holding dir, then statfs(2); -errno. */
int dr_space_sync_sample(const char *dir, struct dr_space *out);
/*
 * Blocks missing in after compared with before, beyond tolerance; 0 when
 * none.  Compared in before's unit.
 */
uint64_t dr_space_lost(const struct dr_space *before,
		       const struct dr_space *after, uint64_t tolerance_blocks);
/*
 * How far the free count moved from a to b, either way, in a's blocks:
 * what an idle bracket measures.
 */
uint64_t dr_space_moved(const struct dr_space *a, const struct dr_space *b);
/*
 * Of footprint blocks that files held before they were removed, how many
 * did not come back to the free count between before and after, beyond
 * tolerance; 0 when they all did.
 */
uint64_t dr_space_unreturned(uint64_t footprint, const struct dr_space *before,
			     const struct dr_space *after, uint64_t tolerance_blocks);

/*
 * Blocks (of block_size) held by the regular files in dir and by dir
 * itself: st_blocks, so it counts what each file really has allocated,
 * holes excluded.  -errno.
 */
int dr_space_dir_blocks(const char *dir, uint64_t block_size, uint64_t *out);

/*
 * Allocation by somebody else, seen while daxrace only frees or idles: a
 * free count that ended an interval lower than it began, without rising
 * on the way (a dip while freeing rises too, see bracket_once()), or that
 * fell from its highest point after daxrace's removal.  Any of it proves
 * another writer is allocating on this fs, so blocks missing at the end
 * may be its, and SPACE must not call them a leak.
 */
struct dr_space_alloc_seen {
	uint64_t blocks; /* the largest such fall, in the first sample's blocks */
	const char *when; /* where it was seen, for the verdict */
};

/* Records a fall of blocks seen at when, keeping the largest. */
void dr_space_alloc_note(struct dr_space_alloc_seen *seen, uint64_t blocks,
			 const char *when);

/*
 * One idle bracket: samples (syncfs + statfs), watches idle_ns (statfs
 * every twentieth of it), samples again, until the free count stayed
 * within noise blocks of the first sample throughout.  An interval in
 * which it only fell (someone allocated) counts against tries; one in
 * which it rose (deferred freeing, e.g. xfs inodegc of files daxrace
 * removed earlier, or a writer that also deletes) only against
 * rising_tries.  *first and *last get the last pair.  Every interval's
 * fall that was no dip is noted in *seen (may be NULL) with noise 0: a
 * fall within noise still lets the bracket count as idle, but it is
 * somebody's allocation.
 * 0 when it held still, -EBUSY when it never did (something else is using
 * the fs), or -errno.
 */
int dr_space_idle_bracket(const char *dir, uint64_t idle_ns, unsigned int tries,
			  unsigned int rising_tries, uint64_t noise,
			  struct dr_space *first, struct dr_space *last,
			  struct dr_space_alloc_seen *seen);

/*
 * Blocks a correct fs may fail to give back when a scenario's files are
 * removed.  why gets a one-line account of the terms.
 */
uint64_t dr_space_tolerance(const struct dr_space *s, char *why, size_t len);

#endif
