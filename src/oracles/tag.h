/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef DR_TAG_H
#define DR_TAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Every 4 KiB block daxrace writes names its owner, so that a block freed
 * too early and reused shows up as foreign data, not as silent success.
 */
#define DR_BLOCK_SIZE 4096u
#define DR_TAG_MAGIC 0x3165636172786164ull /* "daxrace1" little-endian */

struct dr_tag {
	uint64_t magic;
	uint32_t file_id;    /* unique per file in a run */
	uint32_t writer;     /* who wrote it: job/thread id */
	uint64_t block;      /* block index within the file */
	uint64_t generation; /* bumped each time the file is refilled */
	uint32_t crc;        /* crc32c of the block with this field zero */
	uint32_t reserved;
};

enum dr_tag_status {
	DR_TAG_OK,        /* matches what was expected */
	DR_TAG_ZERO,      /* all-zero block */
	DR_TAG_GARBAGE,   /* no magic, not zero */
	DR_TAG_BAD_CRC,   /* magic but checksum wrong: torn or corrupted */
	DR_TAG_FOREIGN,   /* valid tag of another file or another block */
	DR_TAG_STALE,     /* right file and block, wrong generation */
};

struct dr_tag_expect {
	uint32_t file_id;
	uint64_t block;
	uint64_t generation;
};

const char *dr_tag_status_name(enum dr_tag_status s);

/*
 * Standard CRC-32C (check value 0xE3069283 for "123456789"); chains like
 * zlib's crc32(): start with 0, feed the previous result back in.
 * Uses the SSE4.2 instruction when the CPU has it.
 */
uint32_t dr_crc32c(uint32_t crc, const void *buf, size_t len);
/* Both implementations, exposed so tests can check they agree. */
uint32_t dr_crc32c_sw(uint32_t crc, const void *buf, size_t len);
uint32_t dr_crc32c_hw(uint32_t crc, const void *buf, size_t len);
bool dr_crc32c_have_hw(void);
/* Tests: false forces the table path everywhere (tags too), true restores
 * the hardware one where the CPU has it. */
void dr_crc32c_use_hw(bool on);

/* Fills one block: header plus a payload derived from the header, crc last. */
void dr_tag_fill(void *block, uint32_t file_id, uint64_t block_idx,
		 uint64_t generation, uint32_t writer);

/* Classifies one block against what it should hold; *found gets the header
 * as read (zeroed when there is none).  expect may be NULL: then any intact
 * tag is OK (integrity only).  found may be NULL. */
enum dr_tag_status dr_tag_check(const void *block,
				const struct dr_tag_expect *expect,
				struct dr_tag *found);

/*
 * True when block is neither a nor b but every byte of it is a's or b's
 * byte at that offset: a block torn between two whole, known contents (a
 * DMA into a page while writeback copied it), holding nothing else.
 */
bool dr_tag_torn_between(const void *block, const void *a, const void *b);

/* Evidence for a report: expected and found headers plus a hex dump of the
 * first 64 bytes.  Returns buf. */
char *dr_tag_describe(const void *block, const struct dr_tag_expect *expect,
		      char *buf, size_t len);

#endif
