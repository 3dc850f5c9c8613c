// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <sys/mman.h>

#include "mutators/mutator.h"

/*
 * Moves the range's mapping away with mremap and maps the same file blocks
 * at the same address again.  MREMAP_DONTUNMAP (file mappings since 5.13)
 * leaves the old VMA in place, empty, so the address never becomes a hole
 * another thread's mmap could take; mmap(MAP_FIXED) then replaces it in
 * one step.  Where the kernel refuses DONTUNMAP here (EINVAL) only the
 * replacing mmap runs: an munmap and an mmap at the same address, atomic
 * under the mmap lock.  The pins stay, the pages stay the file's.
 */
static int remap_apply(const struct dr_mut_target *t)
{
	void *addr = dr_mut_range_addr(t), *spare, *p;
	int err = 0;

	spare = mmap(NULL, t->len, PROT_NONE,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (spare == MAP_FAILED)
		return -errno;
	p = mremap(addr, t->len, t->len,
		   MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP, spare);
	if (p == MAP_FAILED && errno != EINVAL)
		err = -errno;
	p = mmap(addr, t->len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED,
		 t->fd, (off_t)t->off);
	if (p == MAP_FAILED && !err)
		err = -errno;
	munmap(spare, t->len);
	return err;
}

/* A failed apply may have left the window unmapped: map it again. */
static int remap_restore(struct dr_mut_target *t)
{
	void *p = mmap(t->map, (size_t)t->k * DR_BLOCK_SIZE,
		       PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, t->fd,
		       (off_t)t->map_off);

	return p == MAP_FAILED ? -errno : 0;
}

const struct dr_mutator_ops dr_mutator_remap = {
	.name = "remap",
	.summary = "mremap the pinned range away and mmap the same blocks at the same address again",
	.apply = remap_apply,
	.restore = remap_restore,
	.expect = dr_mut_expect_keep,
};
