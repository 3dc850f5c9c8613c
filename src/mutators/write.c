// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <unistd.h>

#include "mutators/mutator.h"

/*
 * A plain pwrite(2) of the window's next generation over the range.  It
 * changes no block (page cache: it copies into the pinned pages; DAX:
 * dax_iomap_rw copies into the very pmem pages), so it need not wait for
 * the pins: what it races is the I/O on the same pages.  A dio-write
 * device reads the new data; a dio-read DMA lands after it.
 */
static int write_apply(const struct dr_mut_target *t)
{
	const char *src = (const char *)t->next +
			  (t->off - t->map_off);
	ssize_t n = pwrite(t->fd, src, t->len, (off_t)t->off);

	if (n < 0)
		return -errno;
	return (size_t)n == t->len ? 0 : -ENOSPC;
}

static void write_expect(const struct dr_mut_target *t, uint64_t b,
			 struct dr_mut_block *out)
{
	uint64_t first = dr_mut_first_block(t);

	*out = (struct dr_mut_block){ .what = DR_MUT_KEEP };
	if (b >= first && b < first + dr_mut_nr_blocks(t))
		*out = (struct dr_mut_block){
			.what = DR_MUT_WRITTEN,
			.tag = { t->file_id, b, t->gen + 1 },
		};
}

const struct dr_mutator_ops dr_mutator_write = {
	.name = "write",
	.summary = "pwrite the next generation over the pinned range (no layout change: races the I/O's data)",
	.apply = write_apply,
	.expect = write_expect,
};
