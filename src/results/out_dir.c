// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The directory a report option writes into (--html OUT, --bundle DIR):
 * made if missing (not its parents), or one already there, opened once so
 * every file goes into the directory that was checked.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/exitcode.h"
#include "common/log.h"
#include "results/output.h"

static bool dir_empty(int dirfd)
{
	struct dirent *e;
	int fd = dup(dirfd);
	DIR *d = fd < 0 ? NULL : fdopendir(fd);

	if (!d) {
		if (fd >= 0)
			close(fd);
		return false;
	}
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			break;
	closedir(d);
	return !e;
}

int dr_out_dir_open(const char *opt, const char *dir, bool must_be_empty,
		    int *dirfd)
{
	int err;

	*dirfd = -1;
	if (mkdir(dir, 0755) && errno != EEXIST) {
		err = errno;
		dr_err("--%s: cannot make the directory '%s': %s", opt, dir, strerror(err));
		return err == ENOENT || err == ENOTDIR ? DR_EXIT_USAGE : DR_EXIT_ENV;
	}
	*dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (*dirfd < 0) {
		err = errno;
		if (err == ENOTDIR) {
			dr_err("--%s: '%s' exists and is not a directory", opt, dir);
			return DR_EXIT_USAGE;
		}
		dr_err("--%s: '%s': %s", opt, dir, strerror(err));
		return DR_EXIT_ENV;
	}
	if (must_be_empty && !dir_empty(*dirfd)) {
		dr_err("--%s: '%s' is not empty: name a new or empty directory", opt, dir);
		close(*dirfd);
		*dirfd = -1;
		return DR_EXIT_USAGE;
	}
	return 0;
}
