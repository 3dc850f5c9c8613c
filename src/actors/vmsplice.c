// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/uio.h>
#include <unistd.h>

#include "actors/actor.h"
#include "common/util.h"

/*
 * vmsplice(2) of the buffer into a pipe: iter_to_pipe() (fs/splice.c) takes
 * page references with iov_iter_get_pages2() (GUP, FOLL_GET), sixteen pages
 * at a time, and puts each page in a pipe buffer, with the pipe locked;
 * the references stay until the pipe is read (page_cache_pipe_buf_release:
 * put_page), long after vmsplice returned.  The stall page is the last
 * one, so the fault comes with every victim page referenced by the pipe
 * or by the batch being gathered; release() drains the pipe into our copy,
 * which must hold the victim's data as of splice time (TAG), and on DAX
 * the layout change must not have returned before (ORDER).
 */
struct vms {
	int rfd, wfd;
	char *copy;    /* what the pipe held, len bytes */
	int queued;    /* FIONREAD once vmsplice returned */
};

static int vms_setup(struct dr_actor_job *aj, char *why, size_t len)
{
	struct vms *v = calloc(1, sizeof(*v));
	int p[2];

	if (!v || posix_memalign((void **)&v->copy, DR_PAGE_SIZE, aj->len)) {
		free(v);
		snprintf(why, len, "out of memory for the pipe's copy");
		return -ENOMEM;
	}
	if (pipe2(p, O_CLOEXEC) < 0) {
		int err = errno;

		snprintf(why, len, "pipe2: %s", strerror(err));
		free(v->copy);
		free(v);
		return -err;
	}
	v->rfd = p[0];
	v->wfd = p[1];
	/* One pipe buffer per page (add_to_pipe() refuses a full pipe); the
	 * read end never blocks, so a drain stops when the pipe is empty. */
	if (fcntl(v->wfd, F_SETPIPE_SZ, (int)aj->len) < (int)aj->len ||
	    fcntl(v->rfd, F_SETFL, O_NONBLOCK) < 0) {
		int err = errno;

		snprintf(why, len, "sizing the pipe for %zu bytes: %s (fs.pipe-max-size?)",
			 aj->len, strerror(err));
		close(v->rfd);
		close(v->wfd);
		free(v->copy);
		free(v);
		return -err;
	}
	aj->priv = v;
	aj->moved = v->copy;
	return 0;
}

static void vms_teardown(struct dr_actor_job *aj)
{
	struct vms *v = aj->priv;

	if (!v)
		return;
	close(v->rfd);
	close(v->wfd);
	free(v->copy);
	free(v);
	aj->priv = NULL;
	aj->moved = NULL;
}

static ssize_t vms_take(struct dr_actor_job *aj)
{
	struct vms *v = aj->priv;
	struct iovec iov = { aj->buf, aj->len };
	ssize_t n;

	/* Without SPLICE_F_GIFT: the pages are referenced, never stolen. */
	n = vmsplice(v->wfd, &iov, 1, 0);
	if (n < 0)
		return -errno;
	if (ioctl(v->rfd, FIONREAD, &v->queued) < 0)
		v->queued = -1;
	return n;
}

/* Every byte, whatever vmsplice queued: a pipe left full would make the
 * next round's vmsplice wait for space forever. */
static void vms_release(struct dr_actor_job *aj)
{
	struct vms *v = aj->priv;
	size_t got = 0;
	char sink[4096];

	for (;;) {
		char *to = got < aj->len ? v->copy + got : sink;
		size_t room = got < aj->len ? aj->len - got : sizeof(sink);
		ssize_t n = read(v->rfd, to, room);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
}

static bool vms_confirm(struct dr_actor_job *aj, char *why, size_t len)
{
	struct vms *v = aj->priv;

	if (v->queued == (int)aj->len)
		return true;
	snprintf(why, len, "the pipe held %d of %zu bytes after vmsplice",
		 v->queued, aj->len);
	return false;
}

const struct dr_actor_ops dr_actor_vmsplice = {
	.name = "vmsplice",
	.summary = "vmsplice the victim's mapped pages into a pipe, which references them until it is drained",
	.evidence_text = "the pipe held every byte of the buffer once vmsplice returned, and was drained only after the layout change",
	.data = DR_DATA_FROM_BUFFER,
	.evidence = DR_EVIDENCE_ACTOR,
	.setup = vms_setup,
	.teardown = vms_teardown,
	.take = vms_take,
	.release = vms_release,
	.confirm = vms_confirm,
};
