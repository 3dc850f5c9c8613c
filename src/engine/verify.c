// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "common/log.h"
#include "common/util.h"
#include "engine/priv.h"

/*
 * TAG after each round.  What a correct kernel leaves behind:
 *  - V's anchor block (never in a round's range) is intact;
 *  - the pages the layout change covered read as zero: the blocks were
 *    freed (punch, truncate) or unwritten (zero range) after the I/O;
 *  - the other window pages hold the partner's data (dio-read: the DMA wrote
 *    them; zero is tolerated) or V's own current data (dio-write only read
 *    them);
 *  - dio-write: the partner holds exactly V's data as of pin time, then the
 *    uffd page.  On DAX a block freed early and reused by a bystander shows
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

/* File blocks [*z0, *z1) the round's layout change zeroed, if it ran. */
static void mutated_blocks(const struct dr_job *j, const struct dr_round *r,
			   uint64_t *z0, uint64_t *z1)
{
	*z0 = *z1 = 0;
	if (!r->t_fault || r->mut_errno)
		return;
	*z0 = j->mut_off / DR_PAGE_SIZE;
	*z1 = j->sc->mutator->zeroes_to_eof ? 1 + j->v.k :
					      *z0 + j->mut_len / DR_PAGE_SIZE;
}

static bool check_victim(struct dr_job *j, const struct dr_round *r)
{
	const struct dr_actor_ops *a = j->sc->actor;
	unsigned int k = j->v.k;
	uint64_t z0, z1;
	struct dr_tag_expect e;
	struct dr_tag found;
	enum dr_tag_status st;
	char where[96];
	ssize_t n;

	n = pread(j->v.fd, j->scratch, j->v.size, 0);
	if (n != (ssize_t)j->v.size) {
		/* A failed grow-back leaves V short: restore, do not judge. */
		dr_warn("job %u: reading %s back: %s", j->id, j->v.name,
			n < 0 ? strerror(errno) : "short read");
		if (ftruncate(j->v.fd, (off_t)j->v.size) < 0)
			return false;
		return true;
	}
	snprintf(where, sizeof(where), "victim %s", j->v.name);
	e = (struct dr_tag_expect){ j->v.file_id, 0, DR_VICTIM_ANCHOR_GEN };
	st = dr_tag_check(j->scratch, &e, &found);
	if (st != DR_TAG_OK)
		report(j, r, where, 0, j->scratch, &e, st,
		       "anchor block outside every round's range changed");

	mutated_blocks(j, r, &z0, &z1);
	for (unsigned int i = 0; i < k; i++) {
		uint64_t b = 1 + i;
		const char *blk = (const char *)j->scratch + b * DR_BLOCK_SIZE;

		if (b >= z0 && b < z1) {
			e = (struct dr_tag_expect){ j->v.file_id, b, j->v.gen };
			st = dr_tag_check(blk, &e, &found);
			/*
			 * Page cache only: a pinned large folio that the change
			 * covers only in part cannot be split while pinned, so
			 * truncate_inode_partial_folio() zeroes that part and
			 * keeps the folio in the file; the DMA that lands after
			 * the release is then file data.  On DAX the change
			 * waits for the I/O, so zero is the only answer.
			 */
			if (st != DR_TAG_ZERO && !r->dax && a->writes_buffer &&
			    dr_tag_check(blk, &j->p_expect[i], &found) == DR_TAG_OK)
				continue;
			if (st != DR_TAG_ZERO) {
				report(j, r, where, b, blk, &e, st,
				       "range changed by the mutator is not zero");
				return false;
			}
			continue;
		}
		e = (struct dr_tag_expect){ j->v.file_id, b, j->v.gen };
		st = dr_tag_check(blk, &e, &found);
		if (st == DR_TAG_OK)
			continue;
		if (a->writes_buffer) {
			enum dr_tag_status pst;

			pst = dr_tag_check(blk, &j->p_expect[i], &found);
			if (pst == DR_TAG_OK || pst == DR_TAG_ZERO)
				continue;
			report(j, r, where, b, blk, &j->p_expect[i], pst,
			       "neither the partner's data nor zero after dio-read");
			return false;
		}
		report(j, r, where, b, blk, &e, st,
		       "page only read by the I/O changed");
		return false;
	}
	return true;
}

static void check_partner(struct dr_job *j, const struct dr_round *r)
{
	unsigned int k = j->v.k;
	struct dr_tag found;
	uint64_t z0, z1;
	char where[96];
	ssize_t n;

	mutated_blocks(j, r, &z0, &z1);
	if (j->ps->check_fd >= 0)
		n = pread(j->ps->check_fd, j->scratch, j->v.region_len, 0);
	else
		n = pread(j->ps->fd, j->scratch, j->v.region_len, j->ps->off);
	if (n != (ssize_t)j->v.region_len) {
		dr_warn("job %u: reading the partner back: %s", j->id,
			n < 0 ? strerror(errno) : "short read");
		return;
	}
	snprintf(where, sizeof(where), "partner of job %u", j->id);
	for (unsigned int i = 0; i < k; i++)
		j->p_expect[i] = (struct dr_tag_expect){ j->v.file_id, 1 + i,
							 j->v.gen };
	j->p_expect[k] = (struct dr_tag_expect){ j->src_file_id, 0, r->index };
	/* A failed UFFDIO_COPY left a zero page (or nothing) in the buffer's
	 * last page: only the victim's pages can be judged then. */
	for (unsigned int i = 0; i <= k - j->copy_failed; i++) {
		const char *blk = (const char *)j->scratch + (size_t)i * DR_BLOCK_SIZE;
		enum dr_tag_status st = dr_tag_check(blk, &j->p_expect[i], &found);

		/*
		 * Page cache only: a pinned large folio the change covers in
		 * part cannot be split, so truncate_inode_partial_folio()
		 * zeroes that part in place, under the pin, and the device
		 * may read the zeroes.  On DAX the change waits for the I/O.
		 */
		if (st == DR_TAG_ZERO && !r->dax && i < k && 1 + i >= z0 &&
		    1 + i < z1)
			continue;
		if (st != DR_TAG_OK) {
			report(j, r, where, (uint64_t)j->ps->off / DR_BLOCK_SIZE + i,
			       blk, &j->p_expect[i], st,
			       i < k ? "dio-write did not carry the victim's data as of pin time"
				     : "dio-write did not carry the uffd page");
			return;
		}
	}
}

void dr_verify_round(struct dr_job *j, const struct dr_round *r)
{
	check_victim(j, r);
	if (!j->sc->actor->writes_buffer &&
	    r->io_result == (ssize_t)j->v.region_len)
		check_partner(j, r);
}
