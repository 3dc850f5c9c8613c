// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * SPACE: loss computation and tolerance on fake statfs values, then the
 * oracle on a real, quiet filesystem (/dev/shm): nothing kept -> PASS, a
 * file kept behind (what a leaked reference looks like) -> FAIL.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

static enum dr_verdict run_space(const struct dr_oracle_env *env, const char *keep,
				 size_t keep_bytes, struct dr_verdict_sink *sink)
{
	const struct dr_oracle_ops *o = dr_oracles[DR_ORACLE_SPACE];
	char path[4200];
	void *state;

	memset(sink, 0, sizeof(*sink));
	o->begin(env, sink, &state);
	/* The scenario: files come and go; one may stay behind. */
	snprintf(path, sizeof(path), "%s/transient", env->dir);
	write_file(path, 1 << 20);
	unlink(path);
	if (keep) {
		snprintf(path, sizeof(path), "%s/%s", env->dir, keep);
		write_file(path, keep_bytes);
	}
	o->end(state, env, sink);
	return sink->verdict[DR_ORACLE_SPACE];
}

int main(void)
{
	struct dr_space before = { .block_size = 4096, .blocks = 100000, .free_blocks = 50000 };
	struct dr_space after = before;
	struct dr_oracle_env env = { .watchdog_ns = 300000000ull };
	struct dr_verdict_sink sink;
	struct statfs st;
	char why[192], dir[] = "/dev/shm/daxrace-space-XXXXXX", path[64];
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

	before.fs_type = XFS_MAGIC_;
	tol = dr_space_tolerance(&before, 8, 0, why, sizeof(why));
	tap_ok(tol == 32, "xfs tolerance: metadata slack only (%llu: %s)",
	       (unsigned long long)tol, why);
	before.fs_type = EXT4_MAGIC_;
	tol = dr_space_tolerance(&before, 2, 0, why, sizeof(why));
	tap_ok(tol == 32 + 2 * 512, "ext4 tolerance adds a default locality-group preallocation per CPU (%llu: %s)",
	       (unsigned long long)tol, why);
	tol = dr_space_tolerance(&before, 4, 64, why, sizeof(why));
	tap_ok(tol == 32 + 4 * 64, "ext4 tolerance follows mb_group_prealloc (%llu)",
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
		dr_oracles[DR_ORACLE_SPACE]->end(state, &env, &sink);
	}

	/* A private directory on tmpfs: statfs there sees only us, mostly. */
	if (statfs("/dev/shm", &st) < 0 || st.f_type != TMPFS_MAGIC_ || !mkdtemp(dir)) {
		tap_skip("SPACE passes when every file is gone", "no tmpfs at /dev/shm");
		tap_skip("SPACE fires when a file stays behind", "no tmpfs at /dev/shm");
	} else {
		env.dir = dir;
		tap_ok(run_space(&env, NULL, 0, &sink) == DR_VERDICT_PASS && !sink.nr_violations,
		       "SPACE passes when every file is gone: %s", sink.reason[DR_ORACLE_SPACE]);
		dr_verdict_sink_free(&sink);
		/* 4 MiB kept: far beyond tmpfs's 32-block tolerance. */
		tap_ok(run_space(&env, "leaked", 4 << 20, &sink) == DR_VERDICT_FAIL &&
		       sink.nr_violations == 1,
		       "SPACE fires when 4 MiB stay behind: %s", sink.reason[DR_ORACLE_SPACE]);
		if (sink.nr_violations)
			tap_diag("%s", sink.violations[0].evidence);
		dr_verdict_sink_free(&sink);
		snprintf(path, sizeof(path), "%s/leaked", dir);
		unlink(path);
		rmdir(dir);
	}
	tap_plan(tap_count);
	return tap_exit();
}
