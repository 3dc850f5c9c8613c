// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A harness may poll the results directory while a run is going, so every
 * file there appears whole or not at all: written under a temporary name
 * in the same directory, synced, then renamed over the final name.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "report/output.h"

int dr_save_file(int dirfd, const char *name, int (*fill)(FILE *f, void *ctx),
		 void *ctx)
{
	char tmp[256];
	FILE *f;
	int fd, ret;

	snprintf(tmp, sizeof(tmp), ".%s.tmp.%ld", name, (long)getpid());
	fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
		    0644);
	if (fd < 0)
		return -errno;
	f = fdopen(fd, "w");
	if (!f) {
		ret = -errno;
		close(fd);
		goto out;
	}
	ret = fill(f, ctx);
	if (!ret && fflush(f))
		ret = -errno;
	/* Sync before the rename, or a crash could leave an empty file
	 * under the final name. */
	if (!ret && fsync(fd))
		ret = -errno;
	if (fclose(f) && !ret)
		ret = -errno;
	if (!ret && renameat(dirfd, tmp, dirfd, name))
		ret = -errno;
out:
	if (ret)
		unlinkat(dirfd, tmp, 0);
	return ret;
}
