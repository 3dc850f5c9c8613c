// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "mutators/mutator.h"

/*
 * The outcomes several mutators share, and the arithmetic of their range:
 * the window starts at file block map_off / DR_BLOCK_SIZE (1), so block b
 * of the file is page b - first of the mapping.
 */
uint64_t dr_mut_first_block(const struct dr_mut_target *t)
{
	return t->off / DR_BLOCK_SIZE;
}

uint64_t dr_mut_nr_blocks(const struct dr_mut_target *t)
{
	return t->len / DR_BLOCK_SIZE;
}

void *dr_mut_range_addr(const struct dr_mut_target *t)
{
	return (char *)t->map + (t->off - t->map_off);
}

void dr_mut_expect_zero_range(const struct dr_mut_target *t, uint64_t b,
			      struct dr_mut_block *out)
{
	uint64_t first = dr_mut_first_block(t);

	*out = (struct dr_mut_block){ .what = DR_MUT_KEEP };
	if (b >= first && b < first + dr_mut_nr_blocks(t))
		*out = (struct dr_mut_block){ .what = DR_MUT_ZERO, .dropped = true };
}

void dr_mut_expect_keep(const struct dr_mut_target *t, uint64_t b,
			struct dr_mut_block *out)
{
	(void)t;
	(void)b;
	*out = (struct dr_mut_block){ .what = DR_MUT_KEEP };
}

int dr_mut_scratch_file(int dirfd, unsigned int blocks)
{
	char buf[DR_BLOCK_SIZE];
	int fd, err;

	/* No name when the fs can (nothing to remove), else one that is
	 * removed at once: the descriptor is all a probe needs. */
	fd = openat(dirfd, ".", O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (fd < 0) {
		fd = openat(dirfd, "mutator-probe", O_RDWR | O_CREAT | O_EXCL |
			    O_NOFOLLOW | O_CLOEXEC, 0600);
		if (fd < 0)
			return -errno;
		unlinkat(dirfd, "mutator-probe", 0);
	}
	for (unsigned int b = 0; b < blocks; b++) {
		dr_tag_fill(buf, 0, b, 1, 0);
		if (pwrite(fd, buf, sizeof(buf), (off_t)b * DR_BLOCK_SIZE) !=
		    (ssize_t)sizeof(buf)) {
			err = errno ? -errno : -ENOSPC;
			close(fd);
			return err;
		}
	}
	return fd;
}

int dr_mut_probe_fallocate(int dirfd, int mode, const char *what, char *why,
			   size_t len)
{
	int fd = dr_mut_scratch_file(dirfd, 3), err = 0;

	if (fd < 0) {
		snprintf(why, len, "%s: cannot create a file to try it on: %s",
			 what, strerror(-fd));
		return fd;
	}
	if (fallocate(fd, mode, DR_BLOCK_SIZE, DR_BLOCK_SIZE) < 0) {
		err = -errno;
		snprintf(why, len, "%s: the filesystem refuses it: %s", what,
			 strerror(errno));
	}
	close(fd);
	return err;
}
