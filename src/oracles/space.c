// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Free-space accounting for the SPACE oracle: a page whose reference
 * leaked can never be freed, so after every file of a scenario is deleted
 * its block stays allocated and statfs never returns to the baseline.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "common/util.h"
#include "oracles/space.h"

#define EXT4_SUPER_MAGIC_ 0xEF53

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
 * ext4 serves small files (below mb_stream_req blocks) from per-CPU
 * locality-group preallocations of mb_group_prealloc clusters
 * (fs/ext4/mballoc.c: ext4_mb_group_or_file(), ext4_mb_new_group_pa()).
 * The whole preallocated extent is subtracted from s_freeclusters_counter
 * when it is carved out (ext4_mb_mark_diskspace_used()), and what the
 * files did not use stays on the locality group's list after they are
 * deleted, so statfs (ext4_statfs()) reports it as used until mballoc
 * discards it under pressure.  That is up to one preallocation per CPU.
 */
#define EXT4_MB_DEFAULT_GROUP_PREALLOC 512 /* MB_DEFAULT_GROUP_PREALLOC */

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

uint64_t dr_space_lost(const struct dr_space *before,
		       const struct dr_space *after, uint64_t tolerance_blocks)
{
	uint64_t after_free = after->free_blocks;
	uint64_t missing;

	/* Compare in before's unit should the fs report another block size. */
	if (after->block_size && before->block_size &&
	    after->block_size != before->block_size)
		after_free = after_free / before->block_size * after->block_size +
			     after_free % before->block_size * after->block_size /
			     before->block_size;
	if (after_free >= before->free_blocks)
		return 0;
	missing = before->free_blocks - after_free;
	return missing > tolerance_blocks ? missing - tolerance_blocks : 0;
}

uint64_t dr_space_tolerance(const struct dr_space *s, unsigned int ncpus,
			    uint64_t ext4_group_prealloc, char *why, size_t len)
{
	uint64_t tol = DR_SPACE_SLACK_BLOCKS;

	if (s->fs_type == EXT4_SUPER_MAGIC_) {
		uint64_t pa = ext4_group_prealloc ? ext4_group_prealloc
						  : EXT4_MB_DEFAULT_GROUP_PREALLOC;

		tol += pa * (ncpus ? ncpus : 1);
		snprintf(why, len,
			 "%d blocks of metadata slack + ext4 locality-group preallocation %llu clusters x %u CPUs",
			 DR_SPACE_SLACK_BLOCKS, (unsigned long long)pa,
			 ncpus ? ncpus : 1);
	} else {
		snprintf(why, len, "%d blocks of metadata slack",
			 DR_SPACE_SLACK_BLOCKS);
	}
	return tol;
}

/* /sys/fs/ext4/DEV/mb_group_prealloc of the fs holding path; 0 if unknown. */
static uint64_t ext4_group_prealloc(const char *path)
{
	char link[PATH_MAX], file[PATH_MAX], buf[64], *name;
	struct stat st;
	ssize_t n;

	if (stat(path, &st) < 0)
		return 0;
	snprintf(buf, sizeof(buf), "/sys/dev/block/%u:%u",
		 major(st.st_dev), minor(st.st_dev));
	n = readlink(buf, link, sizeof(link) - 1);
	if (n <= 0)
		return 0;
	link[n] = '\0';
	name = strrchr(link, '/');
	name = name ? name + 1 : link;
	snprintf(file, sizeof(file), "/sys/fs/ext4/%.64s/mb_group_prealloc", name);
	if (dr_read_file(file, buf, sizeof(buf)) <= 0)
		return 0;
	return strtoull(buf, NULL, 10);
}

uint64_t dr_space_tolerance_for(const char *path, const struct dr_space *s,
				char *why, size_t len)
{
	long ncpus = sysconf(_SC_NPROCESSORS_CONF);
	uint64_t pa = 0;

	if (s->fs_type == EXT4_SUPER_MAGIC_)
		pa = ext4_group_prealloc(path);
	return dr_space_tolerance(s, ncpus > 0 ? (unsigned int)ncpus : 1, pa,
				  why, len);
}
