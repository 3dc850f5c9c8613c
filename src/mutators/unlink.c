// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <unistd.h>

#include "mutators/mutator.h"

/*
 * Unlinks the victim and drops its last descriptor and its mapping while
 * the pages are pinned, so the final iput evicts the inode and frees its
 * blocks under the pins.  ext4_evict_inode() and xfs_fs_evict_inode() wait
 * first, in dax_break_layout_final() (fs/dax.c, 0e2f80afcfa6 "fs/dax:
 * ensure all pages are idle prior to filesystem unmount", with the 6.15
 * refcount rework), for every page of the file to go idle; a kernel that
 * does not frees blocks a DMA still writes, which the bystander's files or
 * the new victim then show (TAG), or the change returns under the pins
 * (ORDER).
 *
 * The engine keeps its victim by name, descriptor number and address, so
 * a new file with the victim's identity takes all three over, in an order
 * that leaves the old inode's last reference for the end:
 *   rename(new, victim)   unlinks the old inode, as unlink(2) does
 *                         (vfs_rename() drops the target's link), with no
 *                         moment in which the name is missing;
 *   dup3(new, fd)         closes the engine's descriptor of it;
 *   mmap(MAP_FIXED)       replaces its mapping in one step (the address is
 *                         never a hole another mmap could take) and drops
 *                         the last reference; __fput() runs as task work
 *                         on the way out of mmap, so the eviction's wait
 *                         is this call's.
 * The new file holds the victim's anchor and the window as it was before
 * the round, so a change that fails half-way leaves data the engine
 * expects of a failed change (mutator.h: KEEP).
 */
struct unlink_job {
	char name[64];   /* the new file, until it takes the victim's name */
	char *blocks;    /* anchor + window, what the new file is written with */
	bool map_stale;  /* apply() replaced the file but not its mapping */
};

static int unlink_setup(struct dr_mut_target *t)
{
	struct unlink_job *u = calloc(1, sizeof(*u));

	if (!u)
		return -ENOMEM;
	t->priv = u;
	snprintf(u->name, sizeof(u->name), "unlink-next.%u", t->aux_file_id);
	u->blocks = malloc((size_t)(1 + t->k) * DR_BLOCK_SIZE);
	return u->blocks ? 0 : -ENOMEM;
}

static void unlink_teardown(struct dr_mut_target *t)
{
	struct unlink_job *u = t->priv;

	if (!u)
		return;
	unlinkat(t->dirfd, u->name, 0);
	free(u->blocks);
	free(u);
	t->priv = NULL;
}

/* The new file: the old one's anchor, as it is (a corrupt one stays
 * corrupt for TAG to see), then the window at the current generation. */
static int write_next(const struct dr_mut_target *t, struct unlink_job *u)
{
	size_t len = (size_t)(1 + t->k) * DR_BLOCK_SIZE;
	ssize_t n;
	int fd;

	n = pread(t->fd, u->blocks, DR_BLOCK_SIZE, 0);
	if (n != DR_BLOCK_SIZE)
		return n < 0 ? -errno : -EIO;
	for (unsigned int b = 1; b <= t->k; b++)
		dr_tag_fill(u->blocks + (size_t)b * DR_BLOCK_SIZE, t->file_id, b,
			    t->gen, 0xd1);
	fd = openat(t->dirfd, u->name,
		    O_RDWR | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return -errno;
	n = pwrite(fd, u->blocks, len, 0);
	if (n < 0 || (size_t)n != len || ftruncate(fd, (off_t)t->size) < 0) {
		int err = n < 0 || (size_t)n == len ? -errno : -ENOSPC;

		close(fd);
		unlinkat(t->dirfd, u->name, 0);
		return err;
	}
	return fd;
}

static int unlink_apply(const struct dr_mut_target *t)
{
	struct unlink_job *u = t->priv;
	size_t win = (size_t)t->k * DR_BLOCK_SIZE;
	int fd = write_next(t, u), err = 0;

	if (fd < 0)
		return fd;
	if (renameat(t->dirfd, u->name, t->dirfd, t->name) < 0) {
		err = -errno;
		close(fd);
		unlinkat(t->dirfd, u->name, 0);
		return err;
	}
	/* The old inode has no name now.  A dup3 that fails (EBUSY: another
	 * thread mid-open on that number) leaves the engine on the old one,
	 * whose data the change has not touched. */
	if (dup3(fd, t->fd, O_CLOEXEC) < 0)
		err = -errno;
	close(fd);
	if (err)
		return err;
	if (mmap(t->map, win, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED,
		 t->fd, (off_t)t->map_off) == MAP_FAILED) {
		u->map_stale = true;
		return -errno;
	}
	return 0;
}

/* A failed mmap left the window on the old inode: map the new one. */
static int unlink_restore(struct dr_mut_target *t)
{
	struct unlink_job *u = t->priv;

	if (!u->map_stale)
		return 0;
	if (mmap(t->map, (size_t)t->k * DR_BLOCK_SIZE, PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_FIXED, t->fd, (off_t)t->map_off) == MAP_FAILED)
		return -errno;
	u->map_stale = false;
	return 0;
}

/* Every window block is the new file's, at the generation it was written
 * with; the pinned pages left with the old inode, so in page-cache mode
 * nothing a DMA did to them shows in the file (not dropped). */
static void unlink_expect(const struct dr_mut_target *t, uint64_t b,
			  struct dr_mut_block *out)
{
	*out = (struct dr_mut_block){
		.what = DR_MUT_REPLACED,
		.tag = { t->file_id, b, t->gen },
	};
}

const struct dr_mutator_ops dr_mutator_unlink = {
	.name = "unlink",
	.summary = "unlink the victim and drop its last descriptor and mapping while pinned: the final iput must wait for the pins",
	.breaks_layouts = true,
	.evicts_inode = true,
	.setup = unlink_setup,
	.teardown = unlink_teardown,
	.apply = unlink_apply,
	.restore = unlink_restore,
	.expect = unlink_expect,
};
