// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * SPACE: once every file of a scenario is deleted and the fs synced, its
 * free blocks must return to the baseline.  A DAX block whose page kept a
 * reference cannot be freed (the fs waits for it to go idle or, with the
 * bug, forgets it), so a leak that LIVE did not see as a hang still shows
 * up as space that never comes back.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "common/util.h"
#include "oracles/oracle.h"
#include "oracles/space.h"

/*
 * Freeing is not always done when unlink() returns: XFS inactivates
 * unlinked inodes, and so frees their blocks, from a background workqueue
 * (fs/xfs/xfs_icache.c xfs_inodegc_queue(), 5.15+), which statfs only
 * pushes without waiting for (xfs_fs_statfs() -> xfs_inodegc_push()).
 * Such work completes within milliseconds on an idle fs; a leak never
 * does.  So the end sample is retried, with a syncfs each time, for up to
 * this long (or the LIVE deadline if shorter) before judging.
 */
#define SPACE_SETTLE_NS (5ull * 1000000000ull)
#define SPACE_RETRY_NS (100ull * 1000000ull)

struct space_state {
	struct dr_space before;
	uint64_t dir_bytes_before; /* the work directory's own allocation */
};

static uint64_t dir_bytes(const char *dir)
{
	struct stat st;

	if (stat(dir, &st) < 0)
		return 0;
	return (uint64_t)st.st_blocks * 512; /* st_blocks is in 512 B units */
}

static int space_begin(const struct dr_oracle_env *env,
		       struct dr_verdict_sink *sink, void **state)
{
	struct space_state *s;
	int err;

	*state = NULL;
	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	err = dr_space_sample(env->dir, &s->before);
	if (err) {
		dr_verdict_set(sink, DR_ORACLE_SPACE, DR_VERDICT_SKIP,
			       "statfs(%s): %s", env->dir, strerror(-err));
		free(s);
		return 0;
	}
	s->dir_bytes_before = dir_bytes(env->dir);
	dr_verdict_set(sink, DR_ORACLE_SPACE, DR_VERDICT_PASS,
		       "baseline %llu free blocks of %llu bytes",
		       (unsigned long long)s->before.free_blocks,
		       (unsigned long long)s->before.block_size);
	*state = s;
	return 0;
}

static void sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return;
	syncfs(fd);
	close(fd);
}

static void space_end(void *state, const struct dr_oracle_env *env,
		      struct dr_verdict_sink *sink)
{
	struct space_state *s = state;
	uint64_t settle = SPACE_SETTLE_NS, start = dr_now_ns();
	uint64_t lost, tol, growth, missing;
	struct dr_space after;
	char why[192], ev[1024];
	int err;

	if (!s)
		return; /* begin skipped */
	if (env->watchdog_ns && env->watchdog_ns < settle)
		settle = env->watchdog_ns;
	for (;;) {
		uint64_t grown;

		sync_dir(env->dir);
		err = dr_space_sample(env->dir, &after);
		if (err) {
			dr_verdict_set(sink, DR_ORACLE_SPACE, DR_VERDICT_SKIP,
				       "statfs(%s) at the end: %s", env->dir,
				       strerror(-err));
			goto out;
		}
		/* A directory that grew is metadata we caused, not a leak. */
		grown = dir_bytes(env->dir);
		growth = grown > s->dir_bytes_before ?
			 (grown - s->dir_bytes_before + s->before.block_size - 1) /
			 s->before.block_size : 0;
		tol = dr_space_tolerance_for(env->dir, &s->before, why, sizeof(why)) +
		      growth;
		lost = dr_space_lost(&s->before, &after, tol);
		if (!lost || dr_now_ns() - start >= settle)
			break;
		nanosleep(&(struct timespec){ .tv_nsec = SPACE_RETRY_NS }, NULL);
	}
	missing = lost + tol;
	if (!lost) {
		dr_verdict_set(sink, DR_ORACLE_SPACE, DR_VERDICT_PASS,
			       "free blocks back to the baseline within %llu blocks",
			       (unsigned long long)tol);
		goto out;
	}
	snprintf(ev, sizeof(ev),
		 "before: %llu free of %llu blocks of %llu bytes\n"
		 "after:  %llu free of %llu blocks of %llu bytes (after %.1f s of syncfs and retries)\n"
		 "missing: %llu blocks, tolerance %llu blocks: %s, + %llu blocks the work directory grew\n"
		 "statfs is fs-wide: other writers on this fs disturb it\n",
		 (unsigned long long)s->before.free_blocks,
		 (unsigned long long)s->before.blocks,
		 (unsigned long long)s->before.block_size,
		 (unsigned long long)after.free_blocks,
		 (unsigned long long)after.blocks,
		 (unsigned long long)after.block_size,
		 (double)(dr_now_ns() - start) / 1e9,
		 (unsigned long long)missing, (unsigned long long)tol, why,
		 (unsigned long long)growth);
	dr_violation_add(sink, DR_ORACLE_SPACE, UINT64_MAX, ev,
			 "%llu blocks (%llu KiB) did not return after all files were removed",
			 (unsigned long long)lost,
			 (unsigned long long)(lost * s->before.block_size / 1024));
out:
	free(s);
}

const struct dr_oracle_ops dr_oracle_SPACE = {
	.name = "SPACE",
	.summary = "free blocks do not return to the baseline after all files are removed",
	.begin = space_begin,
	.end = space_end,
};
