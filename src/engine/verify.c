// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/log.h"
#include "common/util.h"
#include "engine/priv.h"

/*
 * TAG after each round.  What a correct kernel leaves behind:
 *  - V's anchor block (never in a round's range) is intact;
 *  - the file keeps its size, and each window block holds what the
 *    mutator says its change leaves there (mutator.h): zero where blocks
 *    were freed or unwritten, the shifted block after a collapse or an
 *    insert, the data written or put in the range's place;
 *  - the other window pages hold the partner's data (dio-read: the DMA wrote
 *    them; zero is tolerated) or V's own current data (dio-write only read
 *    them);
 *  - dio-write: the partner holds exactly V's data as of pin time, then the
 *    uffd page (pvm-read: its own copy holds V's data as of pin time).  On DAX a block freed early and reused by a bystander shows
 *    up as that bystander's tag here: FOREIGN.
 * Anything else - a foreign file's tag, an old generation, a bad checksum,
 * garbage, data in a punched range - is a violation with its evidence.
 */
static void report(struct dr_job *j, const struct dr_round *r,
		   const char *where, uint64_t block, const void *data,
		   const struct dr_tag_expect *e, enum dr_tag_status st,
		   const char *what)
{
	char ev[1024];

	dr_tag_describe(data, e, ev, sizeof(ev));
	dr_violation_add(&j->sc->res->oracles, DR_ORACLE_TAG, r->index, ev,
			 "%s block %llu (offset %llu): %s, %s",
			 where, (unsigned long long)block,
			 (unsigned long long)(block * DR_BLOCK_SIZE),
			 dr_tag_status_name(st), what);
}

/* What the round's change left at window block b: the mutator's word for
 * it (mutator.h), or KEEP when no change ran or it failed. */
static void round_expect(struct dr_job *j, const struct dr_round *r,
			 uint64_t b, struct dr_mut_block *mb)
{
	if (!r->t_fault || r->mut_errno) {
		*mb = (struct dr_mut_block){ .what = DR_MUT_KEEP };
		return;
	}
	dr_mutate_expect(j, b, mb);
}

/* The actor's whole I/O completed, and the change had returned before it
 * was released: the DMA (or the device's read) came after the change. */
static bool io_after_change(const struct dr_job *j, const struct dr_round *r)
{
	return r->io_result == (ssize_t)j->v.region_len && r->t_mut_return &&
	       r->t_release && r->t_mut_return < r->t_release && !j->rescued;
}

/*
 * Window block b's I/O had completed before the part of the call that
 * stalls was issued (aj.settled_len: the requests an io_uring actor drains
 * ahead of its last one): its DMA, or the device's read of it, came before
 * the change, on DAX and in page-cache mode alike.  In page-cache mode its
 * page was still the file's then, dirty with the partner's data, so a
 * collapse or an insert writes that data back and shifts it.
 */
static bool settled(const struct dr_job *j, const struct dr_round *r, uint64_t b)
{
	return r->io_result == (ssize_t)j->v.region_len && b >= 1 &&
	       (b - 1) * DR_PAGE_SIZE < j->aj.settled_len;
}

/* A block the change left as it was: what the actor did to its page. */
static bool check_kept(struct dr_job *j, const struct dr_round *r,
		       const char *where, uint64_t b, const char *blk)
{
	struct dr_tag_expect e = { j->v.file_id, b, j->v.gen };
	struct dr_tag found;
	enum dr_tag_status st = dr_tag_check(blk, &e, &found), pst;
	char what[96];

	if (st == DR_TAG_OK)
		return true;
	if ((j->sc->actor->data == DR_DATA_FROM_BUFFER)) {
		report(j, r, where, b, blk, &e, st,
		       "page only read by the I/O changed");
		return false;
	}
	pst = dr_tag_check(blk, &j->p_expect[b - 1], &found);
	if (pst == DR_TAG_OK || pst == DR_TAG_ZERO)
		return true;
	snprintf(what, sizeof(what), "neither the partner's data nor zero after %s",
		 j->sc->actor->name);
	report(j, r, where, b, blk, &j->p_expect[b - 1], pst, what);
	return false;
}

/*
 * What block src held once the I/O was done, now at another offset.  On DAX
 * the shift waited for the I/O, so a dio-read's DMA into src came first;
 * in page-cache mode the pinned pages left the file before the shift, and
 * the blocks on disk still hold the victim's data - when the change was
 * over before the release.  moved_alt() covers the other order.
 */
static struct dr_tag_expect moved_from(const struct dr_job *j,
				       const struct dr_round *r, uint64_t src)
{
	if ((r->dax || settled(j, r, src)) &&
	    (j->sc->actor->data == DR_DATA_INTO_BUFFER) &&
	    r->io_result == (ssize_t)j->v.region_len)
		return j->p_expect[src - 1];
	return (struct dr_tag_expect){ j->v.file_id, src, j->v.gen };
}

/*
 * Page cache only: the change was still running at the release (seen
 * asleep, say in the writeback before its page-cache drop, or rescued by
 * the watchdog), so a dio-read's DMA may have reached src's page while it
 * was still the file's, and been written back and shifted with it.
 */
static bool moved_alt(const struct dr_job *j, const struct dr_round *r,
		      uint64_t src, struct dr_tag_expect *alt)
{
	if (r->dax || (j->sc->actor->data == DR_DATA_FROM_BUFFER) ||
	    io_after_change(j, r) || settled(j, r, src))
		return false;
	*alt = j->p_expect[src - 1];
	return true;
}

/*
 * Page cache only, in the order moved_alt() allows: the DMA into src's
 * page ran while writeback copied that page to disk, so the block that
 * was shifted holds part of the victim's data and part of the partner's,
 * torn at whatever granularity the two copies interleaved (seen with
 * collapse x dio-read under load as a BAD_CRC).  Exactly such a block is
 * what a correct kernel may leave; one byte of anything else (a foreign
 * tag, an old generation, zeroes) is still a violation.
 */
static bool torn_by_dma(const struct dr_job *j, const struct dr_round *r,
			uint64_t src, const char *blk)
{
	unsigned char victim[DR_BLOCK_SIZE] __attribute__((aligned(8)));
	unsigned char partner[DR_BLOCK_SIZE] __attribute__((aligned(8)));
	struct dr_tag_expect alt;

	if (!moved_alt(j, r, src, &alt))
		return false;
	dr_tag_fill(victim, j->v.file_id, src, j->v.gen, j->v.writer);
	dr_tag_fill(partner, alt.file_id, alt.block, alt.generation, j->id);
	return dr_tag_torn_between(blk, victim, partner);
}

/* A block the change replaced, zeroed, shifted or wrote. */
static bool check_changed(struct dr_job *j, const struct dr_round *r,
			  const char *where, uint64_t b, const char *blk,
			  const struct dr_mut_block *mb)
{
	const struct dr_actor_ops *a = j->sc->actor;
	struct dr_tag_expect want = mb->tag;
	struct dr_tag found;
	enum dr_tag_status st;
	const char *what;

	switch (mb->what) {
	case DR_MUT_ZERO:
		want = (struct dr_tag_expect){ j->v.file_id, b, j->v.gen };
		what = "range the mutator zeroed or freed is not zero";
		break;
	case DR_MUT_MOVED:
		want = moved_from(j, r, mb->src);
		what = "not what the shifted block held";
		break;
	case DR_MUT_REPLACED:
		what = "not the data the mutator put in the range's place";
		break;
	case DR_MUT_WRITTEN:
		/* What an actor moves into the buffer (a dio-read's DMA, a
		 * pvm-write's copy) lands after the write: the partner's data
		 * wins, unless the order is unknown (the write slept). */
		if ((a->data == DR_DATA_INTO_BUFFER) && io_after_change(j, r) &&
		    !settled(j, r, b))
			want = j->p_expect[b - 1];
		what = "neither the data written over the pinned page nor, from an actor that moves data into it, the partner's";
		break;
	default:
		return check_kept(j, r, where, b, blk);
	}
	st = dr_tag_check(blk, &want, &found);
	if (mb->what == DR_MUT_ZERO ? st == DR_TAG_ZERO : st == DR_TAG_OK)
		return true;
	if (mb->what == DR_MUT_WRITTEN && (a->data == DR_DATA_INTO_BUFFER) &&
	    !io_after_change(j, r) && !settled(j, r, b) &&
	    dr_tag_check(blk, &j->p_expect[b - 1], &found) == DR_TAG_OK)
		return true;
	if (mb->what == DR_MUT_MOVED) {
		struct dr_tag_expect alt;

		if (moved_alt(j, r, mb->src, &alt) &&
		    dr_tag_check(blk, &alt, &found) == DR_TAG_OK)
			return true;
		if (torn_by_dma(j, r, mb->src, blk))
			return true;
	}
	/*
	 * Page cache only: a pinned large folio that the change covers only
	 * in part cannot be split while pinned, so
	 * truncate_inode_partial_folio() zeroes that part and keeps the folio
	 * in the file; the DMA that lands after the release is then file
	 * data.  On DAX the change waits for the I/O, so this cannot happen.
	 */
	if (mb->dropped && !r->dax && (a->data == DR_DATA_INTO_BUFFER) &&
	    !settled(j, r, b) &&
	    dr_tag_check(blk, &j->p_expect[b - 1], &found) == DR_TAG_OK)
		return true;
	report(j, r, where, b, blk, &want, st, what);
	return false;
}

/* The size every change must leave (mutator.h); a failed one may not. */
static bool check_size(struct dr_job *j, const struct dr_round *r,
		       const char *where)
{
	struct stat st;

	if (fstat(j->v.fd, &st) < 0 || (uint64_t)st.st_size == j->v.size)
		return true;
	if (!r->t_fault || r->mut_errno) {
		dr_warn("job %u: %s is %lld bytes after a failed %s: restored",
			j->id, j->v.name, (long long)st.st_size,
			dr_job_mutator(j)->name);
		return ftruncate(j->v.fd, (off_t)j->v.size) == 0;
	}
	dr_violation_add(&j->sc->res->oracles, DR_ORACLE_TAG, r->index, NULL,
			 "%s: %lld bytes after %s, expected %llu", where,
			 (long long)st.st_size, dr_job_mutator(j)->name,
			 (unsigned long long)j->v.size);
	if (ftruncate(j->v.fd, (off_t)j->v.size) < 0)
		dr_warn("job %u: restoring the size of %s: %s", j->id,
			j->v.name, strerror(errno));
	return false;
}

static bool check_victim(struct dr_job *j, const struct dr_round *r)
{
	unsigned int k = j->v.k;
	struct dr_tag_expect e;
	struct dr_mut_block mb;
	struct dr_tag found;
	enum dr_tag_status st;
	char where[96];
	ssize_t n;

	snprintf(where, sizeof(where), "victim %s", j->v.name);
	if (!check_size(j, r, where))
		return false;
	n = pread(j->v.fd, j->scratch, j->v.size, 0);
	if (n != (ssize_t)j->v.size) {
		/* A failed grow-back leaves V short: restore, do not judge. */
		dr_warn("job %u: reading %s back: %s", j->id, j->v.name,
			n < 0 ? strerror(errno) : "short read");
		if (ftruncate(j->v.fd, (off_t)j->v.size) < 0)
			return false;
		return true;
	}
	e = (struct dr_tag_expect){ j->v.file_id, 0, DR_VICTIM_ANCHOR_GEN };
	st = dr_tag_check(j->scratch, &e, &found);
	if (st != DR_TAG_OK)
		report(j, r, where, 0, j->scratch, &e, st,
		       "anchor block outside every round's range changed");

	for (unsigned int i = 0; i < k; i++) {
		uint64_t b = 1 + i;
		const char *blk = (const char *)j->scratch + b * DR_BLOCK_SIZE;

		round_expect(j, r, b, &mb);
		if (!check_changed(j, r, where, b, blk, &mb))
			return false;
	}
	return true;
}

static void check_partner(struct dr_job *j, const struct dr_round *r)
{
	unsigned int k = j->v.k;
	struct dr_mut_block mb;
	struct dr_tag found;
	char where[96];
	ssize_t n;

	const struct dr_actor_ops *a = j->sc->actor;
	const char *data = j->aj.moved ? j->aj.moved : j->scratch;
	/* An actor's own copy holds the victim's pages only: its last page
	 * is the child's, not the stall page (pvm_lib.c).  A failed
	 * UFFDIO_COPY left a zero page (or nothing) in the buffer's last
	 * page: only the victim's pages can be judged then. */
	unsigned int judged = j->aj.moved ? k : k + 1 - j->copy_failed;

	if (j->aj.moved)
		n = (ssize_t)j->v.region_len;
	else if (j->ps->check_fd >= 0)
		n = pread(j->ps->check_fd, j->scratch, j->v.region_len, 0);
	else
		n = pread(j->ps->fd, j->scratch, j->v.region_len, j->ps->off);
	if (n != (ssize_t)j->v.region_len) {
		dr_warn("job %u: reading the partner back: %s", j->id,
			n < 0 ? strerror(errno) : "short read");
		return;
	}
	if (j->aj.moved)
		snprintf(where, sizeof(where), "%s's copy in job %u", a->name, j->id);
	else
		snprintf(where, sizeof(where), "partner of job %u", j->id);
	for (unsigned int i = 0; i < k; i++)
		j->p_expect[i] = (struct dr_tag_expect){ j->v.file_id, 1 + i,
							 j->v.gen };
	j->p_expect[k] = (struct dr_tag_expect){ j->src_file_id, 0, r->index };
	for (unsigned int i = 0; i < judged; i++) {
		const char *blk = data + (size_t)i * DR_BLOCK_SIZE;
		struct dr_tag_expect want = j->p_expect[i];
		enum dr_tag_status st;

		mb = (struct dr_mut_block){ .what = DR_MUT_KEEP };
		if (i < k)
			round_expect(j, r, 1 + i, &mb);
		/* The write went into the very page the device read, unless
		 * the device had read it before the change began. */
		if (mb.what == DR_MUT_WRITTEN && io_after_change(j, r) &&
		    !settled(j, r, 1 + i))
			want = mb.tag;
		st = dr_tag_check(blk, &want, &found);
		if (st == DR_TAG_OK)
			continue;
		if (mb.what == DR_MUT_WRITTEN && !io_after_change(j, r) &&
		    !settled(j, r, 1 + i) &&
		    dr_tag_check(blk, &mb.tag, &found) == DR_TAG_OK)
			continue;
		/*
		 * Page cache only: a pinned large folio the change covers in
		 * part cannot be split, so truncate_inode_partial_folio()
		 * zeroes that part in place, under the pin, and the device
		 * may read the zeroes.  On DAX the change waits for the I/O.
		 */
		if (st == DR_TAG_ZERO && !r->dax && mb.dropped &&
		    !settled(j, r, 1 + i))
			continue;
		report(j, r, where,
		       j->aj.moved ? i : (uint64_t)j->ps->off / DR_BLOCK_SIZE + i,
		       blk, &want, st,
		       i < k ? "the I/O did not carry the victim's data as of pin time"
			     : "the I/O did not carry the uffd page");
		return;
	}
}

void dr_verify_round(struct dr_job *j, const struct dr_round *r)
{
	check_victim(j, r);
	if ((j->sc->actor->data == DR_DATA_FROM_BUFFER) &&
	    r->io_result == (ssize_t)j->v.region_len && !j->aj.moved_unjudged)
		check_partner(j, r);
}
