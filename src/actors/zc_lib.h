/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef DR_ZC_LIB_H
#define DR_ZC_LIB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "actors/actor.h"

/*
 * The zero-copy send actors (zerocopy: send(2) with MSG_ZEROCOPY;
 * uring-send-zc: IORING_OP_SEND_ZC) differ only in how they send and how
 * they learn the kernel let go of the pages: the loopback connection, the
 * receiver's drain, the checks and the evidence are here.
 */
struct dr_zc;

struct dr_zc_sender {
	const char *call;  /* for messages: "MSG_ZEROCOPY", "IORING_OP_SEND_ZC" */
	/* Its own resources, after the connection exists (may be NULL). */
	int (*open)(struct dr_zc *z, char *why, size_t len);
	void (*close)(struct dr_zc *z);
	/* One zero-copy send of the whole buffer: bytes queued or -errno. */
	ssize_t (*send)(struct dr_zc *z, void *buf, size_t len);
	/* True once this round's completion (the kernel's "done with the
	 * pages") arrived, waiting at most ms for it. */
	bool (*completed)(struct dr_zc *z, int ms);
};

struct dr_zc {
	const struct dr_zc_sender *sender;
	int tx, rx;
	char *copy;        /* what the receiver got, len bytes */
	size_t sent;       /* bytes this round's send queued */
	size_t got;        /* of them, drained into copy */
	bool completed;    /* this round's completion arrived */
	bool resync;       /* the stream lost step: build a new connection */
	unsigned int snd_mss; /* TCP_INFO's, before this round's send */
	int sndbuf;        /* SO_SNDBUF as the kernel set it */
	/* The sender's: */
	uint32_t next_id, sent_id; /* MSG_ZEROCOPY completion ids */
	void *priv;
};

/* A loopback connection with SO_ZEROCOPY can be made here. */
int dr_zc_needs(const struct dr_actor_env *env, char *why, size_t len);
int dr_zc_setup(struct dr_actor_job *aj, const struct dr_zc_sender *s,
		char *why, size_t len);
void dr_zc_teardown(struct dr_actor_job *aj);
ssize_t dr_zc_take(struct dr_actor_job *aj);
void dr_zc_release(struct dr_actor_job *aj);
bool dr_zc_confirm(struct dr_actor_job *aj, char *why, size_t len);
/* poll(2) one descriptor, retried on EINTR. */
int dr_zc_wait_fd(int fd, short events, int ms);

#define DR_ZC_EVIDENCE_TAIL \
	"; the receiver got every byte and the send's completion arrived only after the release"

/* What both zero-copy actors' ops tables share: the pages leave with the
 * ACK, not with release(), hence refs_go_by_themselves. */
#define DR_ZC_ACTOR_OPS \
	.data = DR_DATA_FROM_BUFFER, \
	.evidence = DR_EVIDENCE_ACTOR, \
	.teardown = dr_zc_teardown, \
	.take = dr_zc_take, \
	.release = dr_zc_release, \
	.refs_go_by_themselves = true, \
	.confirm = dr_zc_confirm

#endif
