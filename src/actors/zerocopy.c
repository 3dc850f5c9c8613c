// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <time.h>

#include <linux/errqueue.h>
#include <netinet/in.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>

#include "actors/zc_lib.h"

/*
 * send(2) with MSG_ZEROCOPY (zc_lib.c has the race): the completion is an
 * SO_EE_ORIGIN_ZEROCOPY message on the sender's error queue naming a range
 * of send ids.  Loopback defers a copy of the data to the receiving side,
 * so it says SO_EE_CODE_ZEROCOPY_COPIED: that is about the receiver, not
 * the sender's references, which were taken all the same.
 */
static ssize_t msg_zc_send(struct dr_zc *z, void *buf, size_t len)
{
	ssize_t n = send(z->tx, buf, len, MSG_ZEROCOPY);

	if (n < 0)
		return -errno;
	/* Each send that queued data took the next completion id, short or
	 * not (msg_zerocopy_realloc() in net/core/skbuff.c). */
	if (n > 0)
		z->sent_id = z->next_id++;
	return n;
}

/* Every completion queued so far; true once one covers this round's id
 * (consecutive sends may share one: [ee_info, ee_data]). */
static bool reap_completions(struct dr_zc *z, bool *done)
{
	for (;;) {
		char control[128];
		struct msghdr msg = { .msg_control = control,
				      .msg_controllen = sizeof(control) };

		if (recvmsg(z->tx, &msg, MSG_ERRQUEUE | MSG_DONTWAIT) < 0)
			return *done;
		for (struct cmsghdr *cm = CMSG_FIRSTHDR(&msg); cm; cm = CMSG_NXTHDR(&msg, cm)) {
			struct sock_extended_err serr;

			if (cm->cmsg_level != SOL_IP || cm->cmsg_type != IP_RECVERR)
				continue;
			memcpy(&serr, CMSG_DATA(cm), sizeof(serr));
			if (serr.ee_origin == SO_EE_ORIGIN_ZEROCOPY && !serr.ee_errno &&
			    (int32_t)(serr.ee_data - z->sent_id) >= 0)
				*done = true;
		}
	}
}

static bool msg_zc_completed(struct dr_zc *z, int ms)
{
	bool done = false;

	while (!reap_completions(z, &done) && dr_zc_wait_fd(z->tx, 0, ms) > 0)
		;
	return done;
}

static const struct dr_zc_sender msg_zc = {
	.call = "MSG_ZEROCOPY",
	.send = msg_zc_send,
	.completed = msg_zc_completed,
};

static int msg_zc_setup(struct dr_actor_job *aj, char *why, size_t len)
{
	return dr_zc_setup(aj, &msg_zc, why, len);
}

const struct dr_actor_ops dr_actor_zerocopy = {
	.name = "zerocopy",
	.summary = "MSG_ZEROCOPY send of the victim's mapped pages over a loopback TCP connection, whose skbs reference them until acknowledged",
	.evidence_text = "the uffd fault inside send, after skb_zerocopy_iter_stream had referenced every earlier page" DR_ZC_EVIDENCE_TAIL,
	.needs = dr_zc_needs,
	.setup = msg_zc_setup,
	DR_ZC_ACTOR_OPS,
};
