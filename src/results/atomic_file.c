// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A harness may poll the results directory while a run is going, so every
 * file there appears whole or not at all: written under a temporary name
 * in the same directory, synced, then renamed over the final name.
 *
 * The content is rendered in memory first and written with write(2): a
 * stdio stream reports a failed write only as ferror(), and the caller
 * would learn "Input/output error" where the disk said "No space left on
 * device".
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "results/output.h"

static int write_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t n = write(fd, buf, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			return -ENOSPC;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/* fill's output, in a malloc'ed buffer; -errno (memory only). */
static int render(int (*fill)(FILE *f, void *ctx), void *ctx, char **buf,
		  size_t *len)
{
	FILE *f = open_memstream(buf, len);
	int ret;

	if (!f)
		return -errno;
	ret = fill(f, ctx);
	/* A memory stream fails only for want of memory. */
	if (fclose(f) && !ret)
		ret = -ENOMEM;
	if (ret == -EIO)
		ret = -ENOMEM;
	if (ret) {
		free(*buf);
		*buf = NULL;
	}
	return ret;
}

int dr_save_file(int dirfd, const char *name, int (*fill)(FILE *f, void *ctx),
		 void *ctx)
{
	char tmp[256], *buf = NULL;
	size_t len = 0;
	int fd, ret;

	ret = render(fill, ctx, &buf, &len);
	if (ret)
		return ret;
	snprintf(tmp, sizeof(tmp), ".%s.tmp.%ld", name, (long)getpid());
	fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
		    0644);
	if (fd < 0) {
		ret = -errno;
		free(buf);
		return ret;
	}
	ret = write_all(fd, buf, len);
	free(buf);
	/* Sync before the rename, or a crash could leave an empty file
	 * under the final name; delayed allocation reports ENOSPC here. */
	if (!ret && fsync(fd))
		ret = -errno;
	if (close(fd) && !ret)
		ret = -errno;
	if (!ret && renameat(dirfd, tmp, dirfd, name))
		ret = -errno;
	if (ret)
		unlinkat(dirfd, tmp, 0);
	return ret;
}
