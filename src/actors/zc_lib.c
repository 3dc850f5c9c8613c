// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "actors/zc_lib.h"
#include "common/log.h"
#include "common/util.h"

/*
 * A zero-copy send of the buffer over a loopback TCP connection of our own
 * (127.0.0.1 only, never another address).  tcp_sendmsg_locked()
 * (net/ipv4/tcp.c) hands each skb's share of the buffer to
 * skb_zerocopy_iter_stream() -> zerocopy_fill_skb_from_iter()
 * (net/core/datagram.c; io_uring's io_sg_from_iter_iovec() calls the same),
 * which takes page references with iov_iter_get_pages2()
 * (get_user_pages_fast, FOLL_GET), up to MAX_SKB_FRAGS pages at a time in
 * buffer order, and puts them in the skb's frags.  The stall page is the
 * last one, so the fault comes with every victim page referenced by the
 * skb being filled or by one already queued; the socket lock is held all
 * the while, so the ACKs that would free the queued skbs wait in the
 * backlog.  The references go when the last skb is acknowledged and freed,
 * and the kernel then completes the send's ubuf_info (the sender's own
 * completion: an error-queue message, an io_uring notification CQE).
 *
 * The ACK may come, and free the skbs, before the send returns: the
 * release ORDER judges against is the stall's (refs_go_by_themselves), and
 * on DAX the layout change must not return before it.  release() drains
 * the receiver into our copy, which must hold the victim's data as of send
 * time (TAG), and waits for the completion.
 *
 * All of it must be one skb: one that fills up (size_goal, bounded by the
 * MSS and half the peer's largest window: tcp_xmit_size_goal()) or runs
 * out of frags (MAX_SKB_FRAGS, 17 by default) is pushed while the next is
 * filled, so loopback delivers its bytes before the stall, at a moment TAG
 * cannot place before or after a write mutator's; such a round is
 * unconfirmed and its copy not judged.  setup() opens the peer's window
 * first, so the default --pages 4 fits from the first round.
 */

/* Frags of one skb in a kernel built with the default MAX_SKB_FRAGS: a
 * larger CONFIG_MAX_SKB_FRAGS only lets more rounds fit. */
#define DR_ZC_SKB_FRAGS 17

/* A drain or a completion that takes longer is a stream we no longer
 * trust: data still in flight would land in the next round's copy. */
#define DR_ZC_WAIT_MS 10000


int dr_zc_wait_fd(int fd, short events, int ms)
{
	struct pollfd p = { .fd = fd, .events = events };
	int ret;

	do
		ret = poll(&p, 1, ms);
	while (ret < 0 && errno == EINTR);
	return ret;
}

static int sock_fail(const char *what, char *why, size_t len)
{
	int err = errno;

	snprintf(why, len, "%s: %s%s", what, strerror(err),
		 err == ENETUNREACH || err == EADDRNOTAVAIL ?
		 " (is the loopback device up? ip link set lo up)" : "");
	return -err;
}

/*
 * A connected pair on 127.0.0.1 with SO_ZEROCOPY on the sender.  rcvbuf
 * goes on the listener, so the accepted socket negotiates a window scale
 * that lets a whole buffer be in flight; sndbuf is asked for on the
 * sender (the caller checks what it got).
 */
static int zc_connect(int *tx, int *rx, int sndbuf, int rcvbuf, char *why, size_t len)
{
	struct sockaddr_in a = { .sin_family = AF_INET,
				 .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t alen = sizeof(a);
	int one = 1, lfd, s = -1, r = -1, ret;

	lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (lfd < 0)
		return sock_fail("socket(AF_INET, SOCK_STREAM)", why, len);
	if (rcvbuf)
		setsockopt(lfd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	if (bind(lfd, (struct sockaddr *)&a, sizeof(a)) < 0 || listen(lfd, 1) < 0 ||
	    getsockname(lfd, (struct sockaddr *)&a, &alen) < 0) {
		ret = sock_fail("listening on 127.0.0.1", why, len);
		goto out;
	}
	s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (s < 0) {
		ret = sock_fail("socket(AF_INET, SOCK_STREAM)", why, len);
		goto out;
	}
	if (sndbuf && setsockopt(s, SOL_SOCKET, SO_SNDBUFFORCE, &sndbuf, sizeof(sndbuf)) < 0)
		setsockopt(s, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof(sndbuf));
	if (setsockopt(s, SOL_SOCKET, SO_ZEROCOPY, &one, sizeof(one)) < 0) {
		ret = sock_fail("setsockopt(SO_ZEROCOPY)", why, len);
		if (ret == -ENOPROTOOPT || ret == -EOPNOTSUPP)
			snprintf(why, len, "setsockopt(SO_ZEROCOPY): %s (MSG_ZEROCOPY needs Linux 4.14)",
				 strerror(-ret));
		goto out;
	}
	/* Every send goes out at once, whatever Nagle makes of a short one. */
	setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (connect(s, (struct sockaddr *)&a, sizeof(a)) < 0) {
		ret = sock_fail("connecting to 127.0.0.1", why, len);
		goto out;
	}
	r = accept4(lfd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
	if (r < 0) {
		ret = sock_fail("accepting on 127.0.0.1", why, len);
		goto out;
	}
	close(lfd);
	*tx = s;
	*rx = r;
	return 0;
out:
	close(lfd);
	if (s >= 0)
		close(s);
	return ret;
}

int dr_zc_needs(const struct dr_actor_env *env, char *why, size_t len)
{
	int tx, rx, ret;

	(void)env;
	ret = zc_connect(&tx, &rx, 0, 0, why, len);
	if (ret)
		return ret;
	close(tx);
	close(rx);
	return 0;
}

/*
 * Plain sends, drained, until the receiver has advertised its scaled
 * window: until then max_window is the SYN's unscaled 64 KiB at most, and
 * half of it bounds the MSS and so one skb (tcp_bound_to_half_wnd()).
 */
static void zc_open_window(struct dr_zc *z, size_t buf_len)
{
	static const char bulk[65536];
	char sink[65536];

	for (size_t sent = 0; sent < 4 * buf_len + sizeof(bulk);) {
		ssize_t n = send(z->tx, bulk, sizeof(bulk), MSG_DONTWAIT);

		if (n > 0)
			sent += (size_t)n;
		while (recv(z->rx, sink, sizeof(sink), 0) > 0)
			;
		if (n < 0 && errno != EAGAIN)
			return;
		if (n <= 0)
			dr_zc_wait_fd(z->rx, POLLIN, 100);
	}
	while (dr_zc_wait_fd(z->rx, POLLIN, 10) > 0) {
		if (recv(z->rx, sink, sizeof(sink), 0) <= 0)
			break;
	}
}

/*
 * sk_stream_memory_free() failing mid-send sends tcp_sendmsg_locked() to
 * wait_for_space, which releases the socket lock: ACKs free the skbs
 * queued so far, with their pages, before the stall page is reached.
 * Twice the buffer leaves room for the skbs' own overhead.
 */
static int zc_open(struct dr_zc *z, size_t buf_len, char *why, size_t len)
{
	int want = (int)(4 * buf_len);
	socklen_t sl = sizeof(z->sndbuf);
	int ret = zc_connect(&z->tx, &z->rx, want, want, why, len);

	if (ret)
		return ret;
	if (getsockopt(z->tx, SOL_SOCKET, SO_SNDBUF, &z->sndbuf, &sl) < 0)
		z->sndbuf = 0;
	z->next_id = 0;
	z->resync = false;
	zc_open_window(z, buf_len);
	ret = z->sender->open ? z->sender->open(z, why, len) : 0;
	if (ret) {
		close(z->tx);
		close(z->rx);
	}
	return ret;
}

static void zc_close(struct dr_zc *z)
{
	if (z->sender->close)
		z->sender->close(z);
	close(z->tx);
	close(z->rx);
}

int dr_zc_setup(struct dr_actor_job *aj, const struct dr_zc_sender *s,
		char *why, size_t len)
{
	struct dr_zc *z = calloc(1, sizeof(*z));
	int ret;

	if (!z || posix_memalign((void **)&z->copy, DR_PAGE_SIZE, aj->len)) {
		free(z);
		snprintf(why, len, "out of memory for the receiver's copy");
		return -ENOMEM;
	}
	z->sender = s;
	ret = zc_open(z, aj->len, why, len);
	if (ret) {
		free(z->copy);
		free(z);
		return ret;
	}
	aj->priv = z;
	aj->moved = z->copy;
	return 0;
}

void dr_zc_teardown(struct dr_actor_job *aj)
{
	struct dr_zc *z = aj->priv;

	if (!z)
		return;
	zc_close(z);
	free(z->copy);
	free(z);
	aj->priv = NULL;
	aj->moved = NULL;
}

ssize_t dr_zc_take(struct dr_actor_job *aj)
{
	struct dr_zc *z = aj->priv;
	char why[160];
	ssize_t n;

	if (z->resync) {
		zc_close(z);
		if (zc_open(z, aj->len, why, sizeof(why))) {
			dr_warn("job %u: %s: reconnecting: %s", aj->job, z->sender->call, why);
			z->tx = z->rx = -1;
			return -ENOTCONN;
		}
	}
	z->sent = 0;
	z->got = 0;
	aj->moved_unjudged = true;
	{
		struct tcp_info ti;
		socklen_t tl = sizeof(ti);

		z->snd_mss = getsockopt(z->tx, IPPROTO_TCP, TCP_INFO, &ti, &tl) ? 0 : ti.tcpi_snd_mss;
	}
	n = z->sender->send(z, aj->buf, aj->len);
	if (n > 0)
		z->sent = (size_t)n;
	return n;
}

static bool fits_one_skb(const struct dr_zc *z, size_t len)
{
	return len <= z->snd_mss && len / DR_PAGE_SIZE <= DR_ZC_SKB_FRAGS;
}

void dr_zc_release(struct dr_actor_job *aj)
{
	struct dr_zc *z = aj->priv;
	int one = 1;

	if (z->tx < 0 || !z->sent)
		return;
	while (z->got < z->sent) {
		ssize_t n = recv(z->rx, z->copy + z->got, z->sent - z->got, 0);

		if (n > 0) {
			z->got += (size_t)n;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN && dr_zc_wait_fd(z->rx, POLLIN, DR_ZC_WAIT_MS) > 0)
			continue;
		break;
	}
	/* The last skb goes only when acknowledged: ACK now rather than at
	 * the delayed-ACK timer, which would be most of a round. */
	setsockopt(z->rx, IPPROTO_TCP, TCP_QUICKACK, &one, sizeof(one));
	z->completed = z->sender->completed(z, DR_ZC_WAIT_MS);
	aj->moved_unjudged = z->got < aj->len || !fits_one_skb(z, aj->len);
	if (z->got < z->sent || !z->completed)
		z->resync = true;
}

bool dr_zc_confirm(struct dr_actor_job *aj, char *why, size_t len)
{
	struct dr_zc *z = aj->priv;

	if (z->tx < 0)
		snprintf(why, len, "no loopback connection");
	else if ((size_t)z->sndbuf < 2 * aj->len)
		snprintf(why, len, "SO_SNDBUF %d is under twice the %zu-byte buffer: send may wait for space and free earlier pages before the stall",
			 z->sndbuf, aj->len);
	else if (!fits_one_skb(z, aj->len))
		snprintf(why, len, "the %zu-byte buffer spans more than one skb (MSS %u, %d frags): loopback delivered part of it before the stall",
			 aj->len, z->snd_mss, DR_ZC_SKB_FRAGS);
	else if (z->got < aj->len)
		snprintf(why, len, "the receiver got %zu of %zu bytes within %d ms",
			 z->got, aj->len, DR_ZC_WAIT_MS);
	else if (!z->completed)
		snprintf(why, len, "no %s completion for the send within %d ms",
			 z->sender->call, DR_ZC_WAIT_MS);
	else
		return true;
	return false;
}
