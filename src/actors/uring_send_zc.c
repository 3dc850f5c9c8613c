// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actors/uring_lib.h"
#include "actors/zc_lib.h"

/*
 * IORING_OP_SEND_ZC (Linux 6.0) of the buffer over the loopback connection
 * (zc_lib.c has the race).  io_send_zc_prep() (io_uring/net.c) gives a
 * buffer that is not registered to io_sg_from_iter_iovec(), which fills
 * the skb with zerocopy_fill_skb_from_iter(): the same GUP as MSG_ZEROCOPY,
 * issued from io_uring's submission path (inline in io_uring_enter, or a
 * retry from task work) instead of send(2).  Its completion is a second
 * CQE, flagged IORING_CQE_F_NOTIF, posted once the notification's
 * ubuf_info, and with it every skb's page reference, is gone; the first
 * CQE (the bytes sent) says IORING_CQE_F_MORE when one will follow.
 */
#ifdef HAVE_LIBURING
#include <liburing.h>

struct uzc {
	struct io_uring ring;
	__u64 seq;          /* user_data of this round's request */
	bool notif_due;     /* its first CQE said IORING_CQE_F_MORE */
	bool notified;      /* its IORING_CQE_F_NOTIF CQE came */
};

static int uzc_needs(const struct dr_actor_env *env, char *why, size_t len)
{
	struct io_uring_probe *probe;
	bool ok;
	int ret = dr_uring_needs(env, why, len);

	if (ret)
		return ret;
	probe = io_uring_get_probe();
	if (!probe) {
		snprintf(why, len, "io_uring_get_probe failed: IORING_REGISTER_PROBE refused (Linux 5.6, or seccomp)");
		return -EOPNOTSUPP;
	}
	ok = io_uring_opcode_supported(probe, IORING_OP_SEND_ZC);
	io_uring_free_probe(probe);
	if (!ok) {
		snprintf(why, len, "the kernel has no IORING_OP_SEND_ZC (Linux 6.0)");
		return -EOPNOTSUPP;
	}
	return dr_zc_needs(env, why, len);
}

static int uzc_open(struct dr_zc *z, char *why, size_t len)
{
	struct uzc *u = calloc(1, sizeof(*u));
	int ret;

	if (!u) {
		snprintf(why, len, "out of memory for the ring");
		return -ENOMEM;
	}
	ret = io_uring_queue_init(4, &u->ring, 0);
	if (ret) {
		snprintf(why, len, "io_uring_queue_init: %s", strerror(-ret));
		free(u);
		return ret;
	}
	z->priv = u;
	return 0;
}

static void uzc_close(struct dr_zc *z)
{
	struct uzc *u = z->priv;

	if (!u)
		return;
	io_uring_queue_exit(&u->ring);
	free(u);
	z->priv = NULL;
}

/* One CQE, waiting at most ms (-1: no limit); a notification for this
 * round's request is noted, any other for an older one dropped. */
static int next_cqe(struct uzc *u, int ms, int *res, bool *more)
{
	struct __kernel_timespec ts = { ms / 1000, (long long)(ms % 1000) * 1000000 };
	struct io_uring_cqe *cqe;
	int ret;

	for (;;) {
		ret = ms < 0 ? io_uring_wait_cqe(&u->ring, &cqe) :
			       io_uring_wait_cqe_timeout(&u->ring, &cqe, &ts);
		if (ret == -EINTR)
			continue;
		if (ret)
			return ret;
		if (cqe->flags & IORING_CQE_F_NOTIF) {
			if (cqe->user_data == u->seq)
				u->notified = true;
			io_uring_cqe_seen(&u->ring, cqe);
			return 1;
		}
		*res = cqe->res;
		*more = cqe->flags & IORING_CQE_F_MORE;
		io_uring_cqe_seen(&u->ring, cqe);
		return 0;
	}
}

static ssize_t uzc_send(struct dr_zc *z, void *buf, size_t len)
{
	struct uzc *u = z->priv;
	struct io_uring_sqe *sqe = io_uring_get_sqe(&u->ring);
	bool more = false;
	int ret, res = 0;

	if (!sqe)
		return -EBUSY;
	io_uring_prep_send_zc(sqe, z->tx, buf, len, 0, 0);
	sqe->user_data = ++u->seq;
	u->notif_due = false;
	u->notified = false;
	ret = io_uring_submit(&u->ring);
	if (ret < 0)
		return ret;
	/* The notification may come first: wait on for the send's own. */
	while ((ret = next_cqe(u, -1, &res, &more)) == 1)
		;
	if (ret)
		return ret;
	u->notif_due = more;
	return res;
}

static bool uzc_completed(struct dr_zc *z, int ms)
{
	struct uzc *u = z->priv;
	bool more;
	int res;

	while (u->notif_due && !u->notified)
		if (next_cqe(u, ms, &res, &more) < 0)
			break;
	return u->notified;
}

static const struct dr_zc_sender uring_zc = {
	.call = "IORING_OP_SEND_ZC",
	.open = uzc_open,
	.close = uzc_close,
	.send = uzc_send,
	.completed = uzc_completed,
};

static int uzc_setup(struct dr_actor_job *aj, char *why, size_t len)
{
	return dr_zc_setup(aj, &uring_zc, why, len);
}

#else /* !HAVE_LIBURING */

static int uzc_needs(const struct dr_actor_env *env, char *why, size_t len)
{
	return dr_uring_needs(env, why, len);
}

static int uzc_setup(struct dr_actor_job *aj, char *why, size_t len)
{
	(void)aj;
	return dr_uring_needs(NULL, why, len);
}

#endif

const struct dr_actor_ops dr_actor_uring_send_zc = {
	.name = "uring-send-zc",
	.summary = "io_uring IORING_OP_SEND_ZC of the victim's mapped pages over a loopback TCP connection, whose skbs reference them until acknowledged",
	.evidence_text = "the uffd fault inside io_uring_enter's send, after zerocopy_fill_skb_from_iter had referenced every earlier page" DR_ZC_EVIDENCE_TAIL,
	.needs = uzc_needs,
	.setup = uzc_setup,
	DR_ZC_ACTOR_OPS,
};
