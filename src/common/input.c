// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Bounded reads of user-named input files (see input.h for why each
 * check is there).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/input.h"

int dr_input_read(const char *path, size_t max, char **buf, size_t *len)
{
	/* O_NONBLOCK: opening a FIFO for reading must not wait for a writer;
	 * fstat then refuses it. */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	struct stat st;
	size_t cap, n = 0;
	char *b = NULL, *grown;
	int ret;

	*buf = NULL;
	*len = 0;
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st)) {
		ret = -errno;
		goto out;
	}
	if (S_ISDIR(st.st_mode) || !S_ISREG(st.st_mode)) {
		ret = S_ISDIR(st.st_mode) ? -EISDIR : -ENXIO;
		goto out;
	}
	if ((unsigned long long)st.st_size > max) {
		ret = -EFBIG;
		goto out;
	}
	/* Room for one byte past the cap, to notice a file that grew. */
	cap = (size_t)st.st_size + 2;
	b = malloc(cap);
	if (!b) {
		ret = -ENOMEM;
		goto out;
	}
	for (;;) {
		ssize_t r;

		if (n + 1 == cap) {
			size_t more = cap > max / 2 ? max + 2 : cap * 2;

			grown = more > cap ? realloc(b, more) : NULL;
			if (!grown) {
				ret = more > cap ? -ENOMEM : -EFBIG;
				goto out;
			}
			b = grown;
			cap = more;
		}
		r = read(fd, b + n, cap - 1 - n);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			ret = -errno;
			goto out;
		}
		if (!r)
			break;
		n += (size_t)r;
		if (n > max) {
			ret = -EFBIG;
			goto out;
		}
	}
	b[n] = '\0';
	*buf = b;
	*len = n;
	b = NULL;
	ret = 0;
out:
	free(b);
	close(fd);
	return ret;
}

const char *dr_input_strerror(int err, size_t max, char *tmp, size_t len)
{
	switch (-err) {
	case EISDIR:
		return "is a directory";
	case ENXIO:
		return "is not a regular file (a FIFO, device or socket is not read)";
	case EFBIG:
		snprintf(tmp, len, "is larger than %zu MiB, the limit for this input",
			 max >> 20);
		return tmp;
	}
	return strerror(-err);
}
