// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * SPACE: loss computation and tolerance on fake statfs values, then the
 * oracle on a real, quiet filesystem (a private tmpfs): every removed file's
 * blocks back -> PASS, a removed file still held (what a leaked reference
 * looks like) -> FAIL; and beside a writer churning the same filesystem
 * -> INCONCLUSIVE, never FAIL, with or without that leak.
 */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "oracles/oracle.h"
#include "oracles/space.h"
#include "tap.h"

#define TMPFS_MAGIC_ 0x01021994
#define EXT4_MAGIC_ 0xEF53
#define XFS_MAGIC_ 0x58465342

static int write_file(const char *path, size_t bytes)
{
	static char buf[1 << 16];
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

	if (fd < 0)
		return -errno;
	memset(buf, 0xa5, sizeof(buf));
	while (bytes) {
		size_t n = bytes < sizeof(buf) ? bytes : sizeof(buf);

		if (write(fd, buf, n) != (ssize_t)n) {
			close(fd);
			return -EIO;
		}
		bytes -= n;
	}
	fsync(fd);
	close(fd);
	return 0;
}

/*
 * One scenario as the engine runs it: files come, SPACE measures them just
 * before their removal, they go, SPACE judges.  A file whose fd is kept
 * open past the judgement (held_fd) is removed with the others but its
 * blocks stay allocated: what a leaked page reference looks like.
 */
static enum dr_verdict run_space(const struct dr_oracle_env *env, size_t held_bytes,
				 struct dr_verdict_sink *sink)
{
	const struct dr_oracle_ops *o = dr_oracles[DR_ORACLE_SPACE];
	char path[4200], held[4200];
	void *state;
	int fd = -1;

	memset(sink, 0, sizeof(*sink));
	o->begin(env, sink, &state);
	snprintf(path, sizeof(path), "%s/transient", env->dir);
	write_file(path, 1 << 20);
	snprintf(held, sizeof(held), "%s/held", env->dir);
	if (held_bytes) {
		write_file(held, held_bytes);
		fd = open(held, O_RDONLY | O_CLOEXEC);
	}
	o->before_remove(state, env, sink);
	unlink(path);
	if (held_bytes)
		unlink(held);
	o->end(state, env, sink);
	if (fd >= 0)
		close(fd);
	return sink->verdict[DR_ORACLE_SPACE];
}

/* Another program on the same fs: grows and drops a file beside us. */
static volatile int churn_stop;

static void *churn(void *arg)
{
	const char *dir = arg;
	char path[4200];

	snprintf(path, sizeof(path), "%s.churn", dir);
	while (!churn_stop) {
		write_file(path, 4 << 20);
		usleep(20000);
		unlink(path);
		usleep(20000);
	}
	unlink(path);
	return NULL;
}

int main(void)
{
	struct dr_space before = { .block_size = 4096, .blocks = 100000, .free_blocks = 50000 };
	struct dr_space after = before;
	struct dr_oracle_env env = { .watchdog_ns = 300000000ull };
	struct dr_verdict_sink sink;
	struct statfs st;
	char why[192], dir[64] = "/dev/shm/daxrace-space-XXXXXX";
	char mnt[] = "/tmp/daxrace-space-XXXXXX";
	bool mounted = false;
	pthread_t writer;
	uint64_t tol;

	tap_ok(dr_space_lost(&before, &after, 0) == 0, "same free count: nothing lost");
	after.free_blocks = 50000 - 20;
	tap_ok(dr_space_lost(&before, &after, 32) == 0, "20 blocks missing within 32 tolerance");
	after.free_blocks = 50000 - 100;
	tap_ok(dr_space_lost(&before, &after, 32) == 68, "100 blocks missing, 32 tolerated: 68 lost");
	after.free_blocks = 50000 + 500;
	tap_ok(dr_space_lost(&before, &after, 0) == 0, "more free than before: nothing lost");
	after.block_size = 1024;
	after.free_blocks = 4 * 50000 - 4 * 10;
	tap_ok(dr_space_lost(&before, &after, 0) == 10,
	       "after in 1 KiB units: compared in before's 4 KiB blocks");
	tap_ok(dr_space_moved(&before, &after) == 10 && dr_space_moved(&after, &before) == 40,
	       "moved: either way, in the first sample's unit");

	{
		struct dr_space_alloc_seen seen = { 0 };

		dr_space_alloc_note(&seen, 0, "nowhere");
		dr_space_alloc_note(&seen, 5, "first");
		dr_space_alloc_note(&seen, 3, "smaller");
		tap_ok(seen.blocks == 5 && !strcmp(seen.when, "first"),
		       "allocation seen: the largest fall and where it was seen");
		dr_space_alloc_note(NULL, 5, "no record");
	}

	after = before;
	after.free_blocks = 50000 + 300;
	tap_ok(dr_space_unreturned(300, &before, &after, 32) == 0,
	       "300 blocks removed, 300 back: nothing unreturned");
	tap_ok(dr_space_unreturned(300, &before, &after, 0) == 0 &&
	       dr_space_unreturned(250, &before, &after, 0) == 0,
	       "more back than removed (an inode preallocation): nothing unreturned");
	after.free_blocks = 50000 + 44;
	tap_ok(dr_space_unreturned(300, &before, &after, 32) == 224,
	       "300 removed, 44 back, 32 tolerated: 224 unreturned");
	after.free_blocks = 50000 - 10;
	tap_ok(dr_space_unreturned(300, &before, &after, 32) == 268,
	       "free count fell: every removed block unreturned, less the tolerance");

	before.fs_type = XFS_MAGIC_;
	tol = dr_space_tolerance(&before, why, sizeof(why));
	tap_ok(tol == 32, "xfs tolerance: metadata slack only (%llu: %s)",
	       (unsigned long long)tol, why);
	before.fs_type = EXT4_MAGIC_;
	tol = dr_space_tolerance(&before, why, sizeof(why));
	tap_ok(tol == 32,
	       "ext4 tolerance: metadata slack only, its preallocations were carved before the first sample (%llu)",
	       (unsigned long long)tol);

	tap_ok(dr_space_sample("/tmp", &after) == 0 && after.block_size && after.blocks,
	       "statfs sample of /tmp: %llu free of %llu blocks of %llu",
	       (unsigned long long)after.free_blocks, (unsigned long long)after.blocks,
	       (unsigned long long)after.block_size);
	tap_ok(dr_space_sample("/nonexistent/daxrace", &after) == -ENOENT,
	       "sample of a missing path: -ENOENT");

	env.dir = "/nonexistent/daxrace";
	memset(&sink, 0, sizeof(sink));
	{
		void *state;

		dr_oracles[DR_ORACLE_SPACE]->begin(&env, &sink, &state);
		tap_ok(sink.verdict[DR_ORACLE_SPACE] == DR_VERDICT_SKIP && !state,
		       "SPACE cannot sample: SKIP (%s)", sink.reason[DR_ORACLE_SPACE]);
		dr_oracles[DR_ORACLE_SPACE]->before_remove(state, &env, &sink);
		dr_oracles[DR_ORACLE_SPACE]->end(state, &env, &sink);
	}

	/*
	 * A private tmpfs (root), so that statfs sees only us: /dev/shm is
	 * shared with every other program, and SPACE rightly calls it
	 * disturbed when they use it.  Without root, a directory in /dev/shm.
	 */
	if (mkdtemp(mnt) && !mount("tmpfs", mnt, "tmpfs", 0, "size=64m")) {
		mounted = true;
		snprintf(dir, sizeof(dir), "%s/space", mnt);
		mkdir(dir, 0700);
	} else if (!mkdtemp(dir)) {
		dir[0] = '\0';
	}
	if (!dir[0] || statfs(dir, &st) < 0 || st.f_type != TMPFS_MAGIC_) {
		tap_skip("SPACE passes when every file is gone", "no tmpfs at /dev/shm");
		tap_skip("SPACE fires when a removed file's blocks stay", "no tmpfs at /dev/shm");
		tap_skip("SPACE is INCONCLUSIVE beside a writer", "no tmpfs at /dev/shm");
		tap_skip("SPACE is INCONCLUSIVE beside a writer, even with a leak", "no tmpfs at /dev/shm");
	} else {
		uint64_t blocks = 0;

		env.dir = dir;
		tap_ok(run_space(&env, 0, &sink) == DR_VERDICT_PASS && !sink.nr_violations,
		       "SPACE passes when every file is gone: %s", sink.reason[DR_ORACLE_SPACE]);
		dr_verdict_sink_free(&sink);
		/* 4 MiB kept referenced: far beyond the 32-block tolerance. */
		tap_ok(run_space(&env, 4 << 20, &sink) == DR_VERDICT_FAIL &&
		       sink.nr_violations == 1,
		       "SPACE fires when a removed file's 4 MiB stay allocated: %s",
		       sink.reason[DR_ORACLE_SPACE]);
		if (sink.nr_violations)
			tap_diag("%s", sink.violations[0].evidence);
		dr_verdict_sink_free(&sink);
		tap_ok(dr_space_dir_blocks(dir, 4096, &blocks) == 0,
		       "the work directory's own blocks: %llu", (unsigned long long)blocks);

		/* The busy filesystem: never a FAIL, with or without a leak. */
		churn_stop = 0;
		pthread_create(&writer, NULL, churn, dir);
		tap_ok(run_space(&env, 0, &sink) == DR_VERDICT_INCONCLUSIVE &&
		       !sink.nr_violations && strstr(sink.reason[DR_ORACLE_SPACE], "disturbed"),
		       "SPACE is INCONCLUSIVE beside a writer: %s", sink.reason[DR_ORACLE_SPACE]);
		dr_verdict_sink_free(&sink);
		tap_ok(run_space(&env, 4 << 20, &sink) == DR_VERDICT_INCONCLUSIVE &&
		       !sink.nr_violations,
		       "SPACE is INCONCLUSIVE beside a writer, even with a leak: %s",
		       sink.reason[DR_ORACLE_SPACE]);
		dr_verdict_sink_free(&sink);
		churn_stop = 1;
		pthread_join(writer, NULL);
		rmdir(dir);
	}
	if (mounted)
		umount(mnt);
	rmdir(mnt);
	tap_plan(tap_count);
	return tap_exit();
}
