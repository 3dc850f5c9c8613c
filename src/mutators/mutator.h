/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef DR_MUTATOR_H
#define DR_MUTATOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "oracles/tag.h"

/*
 * A mutator changes a file range that may be pinned, or the page tables
 * that map it: the filesystem must break layouts (wait for the pins) before
 * it frees or moves the blocks, and GUP must not lose a race with a page
 * table change.  Adding one is one file plus one line in registry.c.
 *
 * What a mutator works on: one job's victim file, whose blocks 1..k (the
 * window) are mapped MAP_SHARED at map, and the range of the window to
 * change.  The engine owns all of it; the mutator owns priv.
 */
struct dr_mut_target {
	int fd;             /* the victim, O_RDWR */
	int dirfd;          /* the work directory, for files of the mutator's own */
	const char *name;   /* the victim's name in dirfd */
	uint32_t file_id;   /* the victim's tag file id */
	uint64_t gen;       /* generation of the window's blocks now */
	uint64_t size;      /* file size in bytes: every change leaves it so */
	unsigned int k;     /* window pages: file blocks 1..k */
	void *map;          /* the window: file offset map_off, k pages */
	uint64_t map_off;
	const void *next;   /* k blocks: the window at generation gen + 1 */
	uint32_t aux_file_id; /* a tag file id for a file of the mutator's own */
	uint64_t off, len;  /* the range to change: page-aligned, in the window */
	void *priv;         /* per-job state from setup(), NULL without one */
};

/* What a window block holds once the change returned successfully. */
enum dr_mut_outcome {
	/* The block and the page the actor pinned stay the file's: what the
	 * actor's I/O did to the page shows in the file. */
	DR_MUT_KEEP,
	/* Reads as zero: the blocks were freed or unwritten. */
	DR_MUT_ZERO,
	/* Holds what block src held once the actor's I/O was done (a range
	 * shift: on DAX the shift waits for the I/O, in page-cache mode the
	 * pinned pages leave the file first). */
	DR_MUT_MOVED,
	/* Holds tag: other blocks took the range's place (reflink). */
	DR_MUT_REPLACED,
	/* The change wrote tag into the page itself, the pinned one: a later
	 * DMA into it (dio-read) lands in the file, a device reading it
	 * (dio-write) sees tag. */
	DR_MUT_WRITTEN,
};

struct dr_mut_block {
	enum dr_mut_outcome what;
	uint64_t src;             /* DR_MUT_MOVED */
	struct dr_tag_expect tag; /* DR_MUT_REPLACED, DR_MUT_WRITTEN */
	/*
	 * Page-cache mode: the change dropped the block's page cache
	 * (truncate_pagecache_range and friends).  A pinned large folio it
	 * covers only in part cannot be split, so the covered part is zeroed
	 * in place and the folio stays: the DMA that lands after the release
	 * is then file data, and a device reading the folio sees the zeroes.
	 */
	bool dropped;
};

struct dr_mutator_ops {
	const char *name;    /* "punch" */
	const char *summary; /* one line, for daxrace list */
	/*
	 * true: on DAX the change breaks layouts, i.e. waits until no page
	 * of the range is referenced (ORDER judges that it did).  false: it
	 * changes no block (page tables only, or a plain write), so it need
	 * not wait, and ORDER does not apply.
	 */
	bool breaks_layouts;
	/*
	 * true: while the change runs, part of the actor's buffer may be
	 * legitimately unmapped, read-only or beyond EOF, so a GUP there
	 * fails with EFAULT by design (free-running mode: not GUPFAIL).
	 */
	bool actor_may_fault;
	/*
	 * true: the change drops the victim inode's last reference, so the
	 * final iput evicts it under the pins.  An actor whose child maps the
	 * victim too (actor.h: maps_in_child) would keep the inode alive:
	 * such a scenario is SKIP with the reason.
	 */
	bool evicts_inode;
	/*
	 * Optional, once per scenario before any job exists: tries the change
	 * on a small file of its own in the work directory (dirfd) and
	 * returns 0, or -errno with why filled when the filesystem cannot do
	 * it (EOPNOTSUPP, EINVAL for an alignment it needs, EXDEV): the
	 * scenario is then SKIP with that reason.
	 */
	int (*probe)(int dirfd, char *why, size_t len);
	/* Non-NULL: why held rounds (--stall uffd) cannot race it on DAX; the
	 * scenario is SKIP there with this reason. */
	const char *no_dax_hold;
	/* Optional, per job after the victim exists: state in t->priv; 0 or
	 * -errno.  teardown() undoes it (also after a failed setup). */
	int (*setup)(struct dr_mut_target *t);
	void (*teardown)(struct dr_mut_target *t);
	/*
	 * Makes the change over [off, off + len) of the target, with a few
	 * system calls and no retry (an interrupted call is the caller's to
	 * retry: it must leave the file as it found it, size included).
	 * 0 or -errno.
	 */
	int (*apply)(const struct dr_mut_target *t);
	/* Optional, after every change, successful or not, once the engine
	 * has checked and refilled the window: brings the target back to
	 * where apply() starts (a mapping re-made, the window shared again).
	 * 0 or -errno. */
	int (*restore)(struct dr_mut_target *t);
	/* What window block b (1..k) holds after a successful apply(). */
	void (*expect)(const struct dr_mut_target *t, uint64_t b,
		       struct dr_mut_block *out);
};

/* ---- lib.c: what several mutators share ---- */
/* Blocks in [off, off + len) read as zero, their page cache dropped. */
void dr_mut_expect_zero_range(const struct dr_mut_target *t, uint64_t b,
			      struct dr_mut_block *out);
/* Every block stays what it is (page-table changers). */
void dr_mut_expect_keep(const struct dr_mut_target *t, uint64_t b,
			struct dr_mut_block *out);
/* First window block and block count of the target's range. */
uint64_t dr_mut_first_block(const struct dr_mut_target *t);
uint64_t dr_mut_nr_blocks(const struct dr_mut_target *t);
/* The target's range inside the mapping. */
void *dr_mut_range_addr(const struct dr_mut_target *t);
/* A file of blocks tagged blocks in dirfd, unnamed where the fs allows:
 * a descriptor, or -errno. */
int dr_mut_scratch_file(int dirfd, unsigned int blocks);
/* probe() for a fallocate mode: tries it over block 1 of a 3-block file. */
int dr_mut_probe_fallocate(int dirfd, int mode, const char *what, char *why,
			   size_t len);

extern const struct dr_mutator_ops dr_mutator_punch;
extern const struct dr_mutator_ops dr_mutator_zero;
extern const struct dr_mutator_ops dr_mutator_truncate;
extern const struct dr_mutator_ops dr_mutator_collapse;
extern const struct dr_mutator_ops dr_mutator_insert;
extern const struct dr_mutator_ops dr_mutator_madv_remove;
extern const struct dr_mutator_ops dr_mutator_unlink;
extern const struct dr_mutator_ops dr_mutator_write;
extern const struct dr_mutator_ops dr_mutator_reflink;
extern const struct dr_mutator_ops dr_mutator_unshare;
extern const struct dr_mutator_ops dr_mutator_zap;
extern const struct dr_mutator_ops dr_mutator_wrprotect;
extern const struct dr_mutator_ops dr_mutator_remap;
extern const struct dr_mutator_ops dr_mutator_fork;

/* NULL-terminated, in the order daxrace list prints them. */
extern const struct dr_mutator_ops *const dr_mutators[];

const struct dr_mutator_ops *dr_mutator_by_name(const char *name);

/*
 * Free-running mode races several mutators against one actor in one
 * scenario, named NAME+NAME[+NAME...]: each free-running change picks one
 * of them.  Splits spec into out (at most max); returns how many, or 0 when
 * a part is not a mutator, repeats one, or there are more than max.
 */
#define DR_MUT_COMBO_MAX 8
size_t dr_mutator_combo(const char *spec, const struct dr_mutator_ops **out,
			size_t max);

#endif
