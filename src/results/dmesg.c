// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * dmesg.txt: the kernel log records written while the run went on, so a
 * result directory carries its own kernel evidence even after the ring
 * buffer has moved on.  Read from /dev/kmsg (one record per read, see
 * Documentation/ABI/testing/dev-kmsg): needs root or dmesg_restrict=0.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "results/output.h"

void dr_dmesg_start(struct dr_dmesg *d)
{
	d->err = 0;
	d->fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (d->fd < 0) {
		d->err = errno;
		return;
	}
	/* Only what is logged from now on belongs to this run. */
	if (lseek(d->fd, 0, SEEK_END) < 0) {
		d->err = errno;
		close(d->fd);
		d->fd = -1;
	}
}

/* "pri,seq,usec,flags[,...];text\n[ KEY=VALUE\n...]" -> "[sec.usec] text" */
static void print_record(FILE *f, char *rec)
{
	char *semi = strchr(rec, ';'), *nl;
	unsigned long long usec = 0;
	unsigned int pri = 0;

	if (!semi) {
		fprintf(f, "%s", rec);
		return;
	}
	sscanf(rec, "%u,%*u,%llu", &pri, &usec);
	nl = strchr(semi + 1, '\n');
	if (nl)
		*nl = '\0'; /* drop the dictionary lines */
	fprintf(f, "[%5llu.%06llu] <%u> %s\n", usec / 1000000, usec % 1000000,
		pri & 7, semi + 1);
}

static int fill(FILE *f, void *ctx)
{
	struct dr_dmesg *d = ctx;
	char rec[8192];

	if (d->fd < 0) {
		fprintf(f, "# /dev/kmsg unreadable: %s; no kernel log captured\n",
			strerror(d->err));
		return 0;
	}
	for (;;) {
		ssize_t n = read(d->fd, rec, sizeof(rec) - 1);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EPIPE) {
			/* The ring buffer overwrote records before we read them. */
			fprintf(f, "# records lost: the kernel log wrapped during the run\n");
			continue;
		}
		if (n < 0 && errno == EAGAIN)
			break;
		if (n <= 0) {
			if (n < 0)
				fprintf(f, "# read /dev/kmsg: %s\n", strerror(errno));
			break;
		}
		rec[n] = '\0';
		print_record(f, rec);
	}
	return 0;
}

int dr_dmesg_save(struct dr_dmesg *d, int dirfd, const char *name)
{
	int ret = dr_save_file(dirfd, name, fill, d);

	if (d->fd >= 0)
		close(d->fd);
	d->fd = -1;
	return ret;
}
