// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <unistd.h>

#include "mutators/mutator.h"

/*
 * Inserts a hole of the range's length at its start and shifts the rest of
 * the file up (ext4_insert_range, xfs_insert_file_space): both break
 * layouts first and drop the page cache from the range's start to EOF.
 * The size then grows by the range: apply() cuts it back, which drops the
 * blocks shifted past the old end (they moved, so the cut waits for no
 * pin of ours).
 */
static int insert_apply(const struct dr_mut_target *t)
{
	if (fallocate(t->fd, FALLOC_FL_INSERT_RANGE, (off_t)t->off,
		      (off_t)t->len) < 0)
		return -errno;
	if (ftruncate(t->fd, (off_t)t->size) < 0)
		return -errno;
	return 0;
}

/* [first, first + n) is the new hole; b above it holds what b - n held. */
static void insert_expect(const struct dr_mut_target *t, uint64_t b,
			  struct dr_mut_block *out)
{
	uint64_t first = dr_mut_first_block(t), n = dr_mut_nr_blocks(t);

	*out = (struct dr_mut_block){ .what = DR_MUT_KEEP };
	if (b < first)
		return;
	out->dropped = true;
	if (b < first + n) {
		out->what = DR_MUT_ZERO;
	} else {
		out->what = DR_MUT_MOVED;
		out->src = b - n;
	}
}

static int insert_probe(int dirfd, char *why, size_t len)
{
	return dr_mut_probe_fallocate(dirfd, FALLOC_FL_INSERT_RANGE,
				      "fallocate INSERT_RANGE", why, len);
}

const struct dr_mutator_ops dr_mutator_insert = {
	.name = "insert",
	.summary = "fallocate INSERT_RANGE at the pinned range: the rest of the file shifts up",
	.breaks_layouts = true,
	.probe = insert_probe,
	.apply = insert_apply,
	.expect = insert_expect,
};
