// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <unistd.h>

#include "mutators/mutator.h"

/*
 * Removes the range and shifts the rest of the file down over it
 * (ext4_collapse_range, xfs_collapse_file_space).  Both break layouts over
 * the file first and then drop the page cache from the range's start to
 * EOF, so every pinned page from there on must be idle before a block
 * moves.  A collapse that reaches EOF is refused (EINVAL), and the window
 * ends at EOF: setup() and restore() keep k pages of hole after the file's
 * size, and apply() cuts the size back to where it was once the range is
 * gone, so the size the engine checks never changes.  The growing
 * ftruncate runs between rounds, never under the pins: only the collapse
 * races them.
 */
static uint64_t tail(const struct dr_mut_target *t)
{
	return t->size + (uint64_t)t->k * DR_BLOCK_SIZE;
}

static int collapse_restore(struct dr_mut_target *t)
{
	if (ftruncate(t->fd, (off_t)tail(t)) < 0)
		return -errno;
	return 0;
}

static int collapse_apply(const struct dr_mut_target *t)
{
	if (fallocate(t->fd, FALLOC_FL_COLLAPSE_RANGE, (off_t)t->off,
		      (off_t)t->len) < 0)
		return -errno;
	/* Only hole is cut: the blocks that moved are all below size. */
	if (ftruncate(t->fd, (off_t)t->size) < 0)
		return -errno;
	return 0;
}

/* Block b >= first holds what b + n held: window data, or the hole. */
static void collapse_expect(const struct dr_mut_target *t, uint64_t b,
			    struct dr_mut_block *out)
{
	uint64_t first = dr_mut_first_block(t), n = dr_mut_nr_blocks(t);

	*out = (struct dr_mut_block){ .what = DR_MUT_KEEP };
	if (b < first)
		return;
	out->dropped = true;
	if (b + n <= t->k) {
		out->what = DR_MUT_MOVED;
		out->src = b + n;
	} else {
		out->what = DR_MUT_ZERO;
	}
}

static int collapse_probe(int dirfd, char *why, size_t len)
{
	return dr_mut_probe_fallocate(dirfd, FALLOC_FL_COLLAPSE_RANGE,
				      "fallocate COLLAPSE_RANGE", why, len);
}

const struct dr_mutator_ops dr_mutator_collapse = {
	.name = "collapse",
	.summary = "fallocate COLLAPSE_RANGE over the pinned range: the rest of the file shifts down",
	.breaks_layouts = true,
	.probe = collapse_probe,
	.setup = collapse_restore,
	.apply = collapse_apply,
	.restore = collapse_restore,
	.expect = collapse_expect,
};
