// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The per-run results directory.  Runs are evidence: a new run must never
 * write into an old one, and a symlink planted where the results go must
 * not redirect our writes, so everything is mkdir + O_NOFOLLOW relative to
 * directory descriptors.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/log.h"
#include "results/output.h"

static int open_base(const char *base)
{
	int fd;

	if (mkdir(base, 0755) && errno != EEXIST) {
		int err = errno;

		dr_err("--results: cannot create '%s': %s", base, strerror(err));
		return -err;
	}
	fd = open(base, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		struct stat st;
		int err = errno;

		/* O_DIRECTORY fails first on a symlink (ENOTDIR): say why. */
		if (err == ENOTDIR && !lstat(base, &st) && S_ISLNK(st.st_mode))
			err = ELOOP;
		if (err == ELOOP)
			dr_err("--results: '%s' is a symbolic link: give the directory it points to",
			       base);
		else
			dr_err("--results: cannot open '%s': %s", base, strerror(err));
		return -err;
	}
	return fd;
}

int dr_results_dir_create(const char *base, const struct timespec *when,
			  uint64_t seed, char *path, size_t len)
{
	char stamp[32], name[96];
	struct tm tm;
	int bfd, fd = -EEXIST;

	bfd = open_base(base);
	if (bfd < 0)
		return bfd;
	if (!gmtime_r(&when->tv_sec, &tm)) {
		close(bfd);
		return -EINVAL;
	}
	strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm);
	/* Two runs in the same second with the same seed get "-2", "-3". */
	for (int n = 1; n < 1000; n++) {
		if (n == 1)
			snprintf(name, sizeof(name), "%s-s%" PRIu64, stamp, seed);
		else
			snprintf(name, sizeof(name), "%s-s%" PRIu64 "-%d", stamp, seed, n);
		if (mkdirat(bfd, name, 0755)) {
			fd = -errno;
			if (errno == EEXIST)
				continue;
			dr_err("--results: cannot create a run directory in '%s': %s",
			       base, strerror(-fd));
			break;
		}
		fd = openat(bfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0) {
			fd = -errno;
			dr_err("--results: cannot open '%s/%s': %s", base, name,
			       strerror(-fd));
		}
		break;
	}
	if (fd == -EEXIST)
		dr_err("--results: too many runs named %s-s%" PRIu64 "* in '%s'", stamp,
		       seed, base);
	if (fd >= 0)
		snprintf(path, len, "%s%s%s", base,
			 base[strlen(base) - 1] == '/' ? "" : "/", name);
	close(bfd);
	return fd;
}
