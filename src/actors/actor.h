/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef DR_ACTOR_H
#define DR_ACTOR_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/*
 * An actor is a GUP path: a way user space makes the kernel take references
 * on the pages of a buffer (the victim's mapped pages) while it moves data
 * between that buffer and the partner.  Everything specific to one path
 * lives in its ops table, in its own file; the engine (hold, free-running,
 * quiesce, verify, the oracles) only reads the table.  Adding an actor is
 * one file plus one line in registry.c.
 *
 * The engine's side of the contract, per scenario:
 *   needs()     once, before anything is set up: can this path run here?
 *               If not, every scenario of the actor is SKIP with the reason.
 *   setup()     once per job, after the victim and partner exist: the
 *               actor's own resources (a ring, a pipe, a child), kept in
 *               aj->priv and reused by every round.
 *   take()      per round, on the actor thread: the call that takes the
 *               references.  With the uffd stall it sleeps in the fault on
 *               the anonymous page at the end of the buffer, with the victim
 *               pages referenced, until the engine resolves the fault; it
 *               returns once the kernel is done with the buffer.
 *   release()   per round, after take() returned, when the references
 *               outlive the call (a pipe that must be drained), or to
 *               collect what they delivered; may be NULL.
 *   confirm()   per round, with evidence DR_EVIDENCE_ACTOR: did the pages
 *               really stay referenced while the layout changed?
 *   teardown()  once per job.
 */

/* Where the data goes, which decides what TAG expects after a round. */
enum dr_actor_data {
	/* The kernel writes into the buffer: the victim's pages end up with
	 * the partner's data (or zero where the layout change freed them). */
	DR_DATA_INTO_BUFFER,
	/* The kernel reads the buffer: the partner ends up with exactly the
	 * victim's data as of pin time, then the anonymous page. */
	DR_DATA_FROM_BUFFER,
	/* Nothing moves: the victim keeps its own data, the partner its. */
	DR_DATA_NONE,
};

/* What shows that a round's pages really were referenced while the layout
 * changed.  Without evidence a round is counted unconfirmed, never judged. */
enum dr_actor_evidence {
	/* None exists: every round is unconfirmed with ops->no_evidence. */
	DR_EVIDENCE_NONE,
	/* The partner's block device I/O counters advanced by at least
	 * aj->ios requests, reads for DR_DATA_INTO_BUFFER, writes for
	 * DR_DATA_FROM_BUFFER (a bio carried the buffer: a hole or an
	 * unwritten extent is served with no bio and pins nothing). */
	DR_EVIDENCE_PARTNER_IO,
	/* The actor's own confirm(). */
	DR_EVIDENCE_ACTOR,
	/*
	 * The uffd fault itself: the call takes every reference on the
	 * victim pages before it touches the buffer's stall page (the actor's
	 * evidence_text names the kernel code that orders it so), so a fault
	 * there, inside the call, is taken with the pages referenced.  With
	 * DAX, a layout break must then also be seen waiting (hold.c).
	 */
	DR_EVIDENCE_FAULT_AFTER_PIN,
};

/* --depth's bound: actors that queue size their request arrays for it. */
#define DR_ACTOR_MAX_DEPTH 64

/* What needs() may look at. */
struct dr_actor_env {
	bool root;        /* CAP_SYS_ADMIN */
	bool uffd_stall;  /* --stall uffd */
	bool dax;         /* the fs under test is DAX */
	unsigned int depth; /* --depth */
	/* The work directory: needs() may try its call on a file of its own
	 * there, when what the call is allowed depends on the filesystem. */
	int dirfd;
};

/* One job's buffer and partner, handed to every call. */
struct dr_actor_job {
	/*
	 * [dax_len bytes: the victim's window, mapped][one anonymous page]:
	 * with the uffd stall the last page is registered MISSING, so a GUP
	 * over all len bytes references the victim pages and then sleeps in
	 * its fault (DESIGN.md section 2).
	 */
	void *buf;
	size_t len;
	size_t dax_len;
	int partner_fd;     /* O_DIRECT, read-write; the partner's block device */
	off_t partner_off;  /* this job's range of it, len bytes */
	unsigned int depth; /* --depth: requests in flight, for actors that queue */
	unsigned int job;   /* job id, for messages */
	/* Set by take(): I/O requests it issued to the partner this call
	 * (DR_EVIDENCE_PARTNER_IO wants that many counted). */
	unsigned int ios;
	/*
	 * Set by take(): the bytes at the start of the buffer whose I/O had
	 * completed before the part of the call that stalls was issued
	 * (io_uring: the requests drained ahead of the last one), 0 when
	 * the buffer is one request.  TAG judges those pages as moved
	 * before the layout change, not at the release.
	 */
	size_t settled_len;
	/*
	 * Set by setup() of an actor that moves data between the buffer and
	 * memory of its own rather than the partner:
	 * moved (DR_DATA_FROM_BUFFER): its copy of the buffer's first dax_len
	 * bytes, which TAG judges instead of the partner's range;
	 * stall_src (DR_DATA_INTO_BUFFER): what the stalled page is resolved
	 * with, when the kernel then moves that page into a victim page (TAG
	 * expects the partner's data there, so it is a copy of it).
	 */
	void *moved;
	const void *stall_src;
	/* Set by take() or release() of an actor whose moved copy arrives
	 * asynchronously (a socket): not all of it came, so the copy still
	 * holds an earlier round's bytes, or part of it left before the
	 * stall, at a moment TAG cannot order against the layout change.
	 * TAG does not judge the copy then (the round is unconfirmed). */
	bool moved_unjudged;
	/* Set by the engine each round before take(): the offset in buf of
	 * the range this round's layout change covers, and whether the round
	 * is held (--stall uffd) rather than free-running. */
	size_t hot_off;
	bool held;
	/* Set by take() of an actor that makes more than one kind of call:
	 * which one this was, so that a failure names it. */
	const char *call;
	void *priv;         /* the actor's per-job state, from setup() */
};

struct dr_actor_ops {
	const char *name;     /* "dio-read" */
	const char *summary;  /* one line, for daxrace list */
	/* For daxrace list: what confirms a hold, or why nothing can. */
	const char *evidence_text;
	enum dr_actor_data data;
	enum dr_actor_evidence evidence;
	bool uses_depth;      /* splits its I/O into --depth requests */
	/* Holds nothing a stall could keep (no_evidence says why): a held
	 * group without --actor leaves it out rather than listing a SKIP per
	 * mutator; named, the engine makes it SKIP, before needs(), with
	 * no_evidence as the reason. */
	bool free_running_only;
	/* A child of its own maps the victim too (and so holds the inode):
	 * a mutator that evicts the inode (mutator.h) cannot race it. */
	bool maps_in_child;
	/* DR_EVIDENCE_NONE: the reason every round is unconfirmed. */
	const char *no_evidence;
	/* May be NULL (always runs).  0, or -errno with why filled: the
	 * scenario is SKIP with it ("built without liburing"). */
	int (*needs)(const struct dr_actor_env *env, char *why, size_t len);
	/* May be NULL.  0, or -errno with why filled (the job cannot run). */
	int (*setup)(struct dr_actor_job *aj, char *why, size_t len);
	void (*teardown)(struct dr_actor_job *aj); /* may be NULL */
	/*
	 * Issues the call once, never retrying: a retry would re-pin and
	 * change the race.  Returns the bytes of the buffer's request moved
	 * (aj->len when all of it), or -errno; EINTR and short counts are the
	 * engine's to report.
	 */
	ssize_t (*take)(struct dr_actor_job *aj);
	/* May be NULL.  Drops references that outlive take(). */
	void (*release)(struct dr_actor_job *aj);
	/*
	 * The references outlive take() but go without release(), when the
	 * kernel is done after the stall (an ACK frees the skbs that hold
	 * them), maybe before take() returns: the release a layout change
	 * may wait for is then the stall's, and release() only collects
	 * what the kernel delivered.
	 */
	bool refs_go_by_themselves;
	/* DR_EVIDENCE_ACTOR only: true when this round held; else why. */
	bool (*confirm)(struct dr_actor_job *aj, char *why, size_t len);
	/*
	 * A hold without the uffd fault: the held call itself sleeps in the
	 * kernel on the victim's pages (a futex waiter), and the hold is that
	 * sleep.  The holder asks, until the call returns or the deadline,
	 * whether thread tid sleeps where it should; once it does, the
	 * mutator runs, and release() (required) ends the sleep before the
	 * holder waits for the call to return (LIVE if it does not).  At the
	 * deadline it asks once more with strict false: is the call at least
	 * inside the system call that sleeps (where a kernel may name its
	 * wait differently)?  NULL: the uffd fault is the hold.
	 */
	bool (*asleep)(struct dr_actor_job *aj, pid_t tid, bool strict);
	/* Non-NULL: the held call keeps no page referenced (why), so there is
	 * no release a layout change must wait for: ORDER is NA. */
	const char *holds_no_pages;
};

extern const struct dr_actor_ops dr_actor_dio_read;
extern const struct dr_actor_ops dr_actor_dio_write;
extern const struct dr_actor_ops dr_actor_uring_read;
extern const struct dr_actor_ops dr_actor_uring_write;
extern const struct dr_actor_ops dr_actor_uring_fixed;
extern const struct dr_actor_ops dr_actor_pvm_read;
extern const struct dr_actor_ops dr_actor_pvm_write;
extern const struct dr_actor_ops dr_actor_vmsplice;
extern const struct dr_actor_ops dr_actor_populate;
extern const struct dr_actor_ops dr_actor_procmem;
extern const struct dr_actor_ops dr_actor_procmem_write;
extern const struct dr_actor_ops dr_actor_futex;
extern const struct dr_actor_ops dr_actor_zerocopy;
extern const struct dr_actor_ops dr_actor_uring_send_zc;

/* NULL-terminated, in the order daxrace list prints them. */
extern const struct dr_actor_ops *const dr_actors[];

const struct dr_actor_ops *dr_actor_by_name(const char *name);

#endif
