/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef DR_SPACE_H
#define DR_SPACE_H

#include <stdbool.h>
#include <stdint.h>

struct dr_space {
	uint64_t block_size;
	uint64_t blocks;
	uint64_t free_blocks;
	uint64_t fs_type;    /* statfs f_type: tolerance depends on the fs */
};

/* statfs(2) of the filesystem holding path; -errno. */
int dr_space_sample(const char *path, struct dr_space *out);
/*
 * Blocks missing in after compared with before, beyond tolerance; 0 when
 * none.  Tolerance absorbs metadata the fs allocates lazily (journal,
 * AG headers): documented in daxrace-run(1).
 */
uint64_t dr_space_lost(const struct dr_space *before,
		       const struct dr_space *after, uint64_t tolerance_blocks);

/*
 * The tolerance for one fs: space a correct kernel may keep after every
 * file of a scenario is gone, in before's blocks.  ncpus and
 * ext4_group_prealloc (clusters; 0 = the kernel default) are parameters so
 * tests can feed fake values; dr_space_tolerance_for() reads them from the
 * running system.  why gets a one-line account of the terms.
 */
uint64_t dr_space_tolerance(const struct dr_space *s, unsigned int ncpus,
			    uint64_t ext4_group_prealloc, char *why, size_t len);
uint64_t dr_space_tolerance_for(const char *path, const struct dr_space *s,
				char *why, size_t len);

#endif
