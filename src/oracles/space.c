// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Free-space accounting for the SPACE oracle: a page whose reference
 * leaked can never be freed, so when the files of a scenario are removed
 * the free count does not rise by the blocks they held.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <time.h>
#include <unistd.h>

#include "oracles/space.h"

/*
 * Blocks that a correct fs may still hold after a scenario's files are
 * gone, whatever the fs: btree blocks that a split allocated and the
 * matching merge did not give back (ext4 extent-tree index blocks, xfs
 * inobt/finobt blocks: unlike the free-space btrees, which
 * xfs_initialize_perag_data() counts as free with the AGFL, these are
 * ordinary allocations), and directory blocks of
 * the work directory, which ext4 never shrinks while the directory lives
 * (ext4_delete_entry() only merges entries).  Each of these is a handful
 * of blocks per scenario; 32 blocks (128 KiB at 4 KiB) covers a
 * directory that held about 4000 names at once plus a few btree levels,
 * yet is far below what one leaked hold of k pages per round leaks over
 * a scenario of thousands of rounds.
 */
#define DR_SPACE_SLACK_BLOCKS 32

/*
 * ext4's locality-group preallocations (fs/ext4/mballoc.c:
 * ext4_mb_group_or_file(), ext4_mb_new_group_pa()) are no longer a term:
 * a preallocation is carved out of s_freeclusters_counter when files are
 * written, during the scenario, so it is already missing from the free
 * count sampled just before the files are removed, and it stays missing
 * after.  Only the blocks the files held (st_blocks) are expected back,
 * and ext4_free_blocks() credits those to s_freeclusters_counter when
 * they are freed; ext4_statfs() reports s_freeclusters_counter less
 * s_dirtyclusters_counter, exactly, with percpu_counter_sum_positive().
 * An inode preallocation discarded at the last close can only give back
 * more than st_blocks said, never less.
 */
int dr_space_sample(const char *path, struct dr_space *out)
{
	struct statfs st;

	if (statfs(path, &st) < 0)
		return -errno;
	/* f_frsize is the unit of f_blocks/f_bfree; old kernels leave it 0. */
	out->block_size = st.f_frsize ? (uint64_t)st.f_frsize : (uint64_t)st.f_bsize;
	out->blocks = st.f_blocks;
	/*
	 * f_bfree, not f_bavail: the root reserve is constant, and what we
	 * want is every block the fs considers allocated.
	 */
	out->free_blocks = st.f_bfree;
	out->fs_type = (uint64_t)st.f_type;
	return 0;
}

int dr_space_sync_sample(const char *dir, struct dr_space *out)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	/* Writeback first: a delalloc write is only reserved until then. */
	syncfs(fd);
	close(fd);
	return dr_space_sample(dir, out);
}

/* after's free count in before's unit, should the fs report another. */
static uint64_t free_in(const struct dr_space *before, const struct dr_space *after)
{
	uint64_t f = after->free_blocks;

	if (after->block_size && before->block_size &&
	    after->block_size != before->block_size)
		f = f / before->block_size * after->block_size +
		    f % before->block_size * after->block_size / before->block_size;
	return f;
}

uint64_t dr_space_lost(const struct dr_space *before,
		       const struct dr_space *after, uint64_t tolerance_blocks)
{
	uint64_t after_free = free_in(before, after);
	uint64_t missing;

	if (after_free >= before->free_blocks)
		return 0;
	missing = before->free_blocks - after_free;
	return missing > tolerance_blocks ? missing - tolerance_blocks : 0;
}

uint64_t dr_space_moved(const struct dr_space *a, const struct dr_space *b)
{
	uint64_t f = free_in(a, b);

	return f > a->free_blocks ? f - a->free_blocks : a->free_blocks - f;
}

uint64_t dr_space_unreturned(uint64_t footprint, const struct dr_space *before,
			     const struct dr_space *after, uint64_t tolerance_blocks)
{
	uint64_t after_free = free_in(before, after);
	uint64_t back = after_free > before->free_blocks ?
			after_free - before->free_blocks : 0;
	uint64_t missing = footprint > back ? footprint - back : 0;

	return missing > tolerance_blocks ? missing - tolerance_blocks : 0;
}

int dr_space_dir_blocks(const char *dir, uint64_t block_size, uint64_t *out)
{
	uint64_t bytes = 0;
	struct dirent *de;
	struct stat st;
	int fd;
	DIR *d;

	fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0 || !(d = fdopendir(fd))) {
		int err = -errno;

		close(fd);
		return err;
	}
	bytes = (uint64_t)st.st_blocks * 512; /* st_blocks: 512 B units */
	while ((de = readdir(d))) {
		if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0 ||
		    !S_ISREG(st.st_mode))
			continue;
		bytes += (uint64_t)st.st_blocks * 512;
	}
	closedir(d);
	*out = block_size ? (bytes + block_size - 1) / block_size : 0;
	return 0;
}

/*
 * The interval is sampled DR_SPACE_BRACKET_STEPS times, not only at its
 * ends: a writer that writes and deletes a file over and over can be at the
 * same point of its cycle at both ends.  Plain statfs in between is enough
 * (ext4_statfs() subtracts delalloc clusters, xfs reserves delalloc blocks
 * from m_fdblocks at write time); syncfs at the ends settles writeback.
 */
#define DR_SPACE_BRACKET_STEPS 20

void dr_space_alloc_note(struct dr_space_alloc_seen *seen, uint64_t blocks,
			 const char *when)
{
	if (seen && blocks > seen->blocks) {
		seen->blocks = blocks;
		seen->when = when;
	}
}

static int bracket_once(const char *dir, uint64_t idle_ns, uint64_t noise,
			struct dr_space *first, struct dr_space *last, bool *fell,
			uint64_t *fell_by)
{
	uint64_t step = idle_ns / DR_SPACE_BRACKET_STEPS;
	struct timespec ts = { (time_t)(step / 1000000000ull),
			       (long)(step % 1000000000ull) };
	bool moved = false, rose = false, rose_at_all = false;
	struct dr_space s;
	int err;

	for (int i = 1; i < DR_SPACE_BRACKET_STEPS; i++) {
		nanosleep(&ts, NULL);
		err = dr_space_sample(dir, &s);
		if (err)
			return err;
		moved |= dr_space_moved(first, &s) > noise;
		rose |= s.free_blocks > first->free_blocks + noise;
		rose_at_all |= s.free_blocks > first->free_blocks;
	}
	nanosleep(&ts, NULL);
	err = dr_space_sync_sample(dir, last);
	if (err)
		return err;
	/*
	 * Fell, and never rose on the way: an allocation.  Freeing can dip:
	 * an xfs transaction reserves blocks from m_fdblocks when it starts
	 * and gives back what it did not use at commit (xfs_trans_reserve(),
	 * xfs_trans_unreserve_and_mod_sb()), so statfs sees inodegc's own
	 * transactions dip while it frees, wherever an interval ends.
	 */
	*fell = last->free_blocks + noise < first->free_blocks && !rose;
	*fell_by = !rose_at_all && last->free_blocks < first->free_blocks ?
			   first->free_blocks - last->free_blocks : 0;
	return moved || dr_space_moved(first, last) > noise ? -EBUSY : 0;
}

int dr_space_idle_bracket(const char *dir, uint64_t idle_ns, unsigned int tries,
			  unsigned int rising_tries, uint64_t noise,
			  struct dr_space *first, struct dr_space *last,
			  struct dr_space_alloc_seen *seen)
{
	unsigned int falls = 0;
	int err;

	err = dr_space_sync_sample(dir, last);
	for (unsigned int i = 0; !err || err == -EBUSY; i++) {
		uint64_t fell_by = 0;
		bool fell = false;

		*first = *last;
		err = bracket_once(dir, idle_ns, noise, first, last, &fell, &fell_by);
		if (!err || err == -EBUSY)
			dr_space_alloc_note(seen, fell_by, "while daxrace was idle");
		if (err != -EBUSY)
			return err;
		falls += fell;
		if (falls >= (tries ? tries : 1) || i + 1 >= rising_tries)
			break;
	}
	return err;
}

uint64_t dr_space_tolerance(const struct dr_space *s, char *why, size_t len)
{
	(void)s;
	snprintf(why, len, "%d blocks of metadata slack", DR_SPACE_SLACK_BLOCKS);
	return DR_SPACE_SLACK_BLOCKS;
}
