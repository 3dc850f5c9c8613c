/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef DR_SPACE_H
#define DR_SPACE_H

#include <stdbool.h>
#include <stdint.h>

struct dr_space {
	uint64_t block_size;
	uint64_t blocks;
	uint64_t free_blocks;
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

#endif
