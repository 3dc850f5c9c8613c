// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Block tags: every 4 KiB block daxrace writes starts with a header naming
 * its owner (file, block, generation, writer) and ends a crc32c over the
 * whole block, so a block that was freed too early and reused by another
 * file, or that still holds an older generation, or that DMA tore, is
 * classified instead of silently accepted.
 *
 * This runs on every block of every round: no allocation, one pass over the
 * block, and with SSE4.2 the checksum is fused into the fill and check
 * loops so the block is touched once (on DAX each touch is a pmem access).
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "oracles/crc32c_impl.h"
#include "oracles/tag.h"

#define TAG_WORDS (DR_BLOCK_SIZE / 8)
#define HDR_WORDS (sizeof(struct dr_tag) / 8)
/* struct dr_tag: the crc shares the fifth 64-bit word with reserved. */
#define CRC_WORD 4

_Static_assert(sizeof(struct dr_tag) == 40, "dr_tag is 5 words");
_Static_assert(__builtin_offsetof(struct dr_tag, crc) == CRC_WORD * 8,
	       "crc is the low half of word 4");

static const char *const status_names[] = {
	[DR_TAG_OK] = "OK",
	[DR_TAG_ZERO] = "ZERO",
	[DR_TAG_GARBAGE] = "GARBAGE",
	[DR_TAG_BAD_CRC] = "BAD_CRC",
	[DR_TAG_FOREIGN] = "FOREIGN",
	[DR_TAG_STALE] = "STALE",
};

const char *dr_tag_status_name(enum dr_tag_status s)
{
	if ((unsigned int)s >= sizeof(status_names) / sizeof(status_names[0]))
		return "?";
	return status_names[s];
}

/*
 * Payload seed: a splitmix64 finaliser over the header fields, so that two
 * blocks differing in any field differ everywhere, and a block copied to
 * the wrong place cannot pass for the right one even before the crc.
 */
static uint64_t payload_seed(uint32_t file_id, uint64_t block_idx,
			     uint64_t generation, uint32_t writer)
{
	uint64_t z = ((uint64_t)file_id << 32 | writer) ^
		     block_idx * 0x9E3779B97F4A7C15ull ^
		     generation * 0xC2B2AE3D27D4EB4Full;

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	z ^= z >> 31;
	return z ? z : 1; /* xorshift must not start at 0 */
}

static inline uint64_t xorshift64(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

static inline uint64_t load64(const unsigned char *p)
{
	uint64_t w;

	memcpy(&w, p, 8);
	return w;
}

static inline void store64(unsigned char *p, uint64_t w)
{
	memcpy(p, &w, 8);
}

static void tag_header(struct dr_tag *t, uint32_t file_id, uint64_t block_idx,
		       uint64_t generation, uint32_t writer)
{
	t->magic = DR_TAG_MAGIC;
	t->file_id = file_id;
	t->writer = writer;
	t->block = block_idx;
	t->generation = generation;
	t->crc = 0;
	t->reserved = 0;
}

#ifdef DR_CRC32C_HAVE_HW
DR_CRC32C_HW_TARGET
static void tag_fill_hw(unsigned char *b, const struct dr_tag *hdr, uint64_t x)
{
	uint64_t c = 0xffffffffu;
	unsigned char h[sizeof(*hdr)];

	memcpy(h, hdr, sizeof(h));
	for (size_t i = 0; i < HDR_WORDS; i++) {
		uint64_t w = load64(h + 8 * i);

		store64(b + 8 * i, w);
		c = __builtin_ia32_crc32di(c, w);
	}
	for (size_t i = HDR_WORDS; i < TAG_WORDS; i++) {
		uint64_t w = xorshift64(&x);

		store64(b + 8 * i, w);
		c = __builtin_ia32_crc32di(c, w);
	}
	((struct dr_tag *)b)->crc = ~(uint32_t)c;
}

/* crc of the block as stored, with the crc field taken as zero. */
DR_CRC32C_HW_TARGET
static uint32_t tag_crc_hw(const unsigned char *b)
{
	uint64_t c = 0xffffffffu;

	for (size_t i = 0; i < TAG_WORDS; i++) {
		uint64_t w = load64(b + 8 * i);

		if (i == CRC_WORD)
			w &= 0xffffffff00000000ull; /* little-endian: crc is the low half */
		c = __builtin_ia32_crc32di(c, w);
	}
	return ~(uint32_t)c;
}
#endif

static void tag_fill_sw(unsigned char *b, const struct dr_tag *hdr, uint64_t x)
{
	memcpy(b, hdr, sizeof(*hdr));
	for (size_t i = HDR_WORDS; i < TAG_WORDS; i++)
		store64(b + 8 * i, xorshift64(&x));
	((struct dr_tag *)b)->crc = dr_crc32c_sw(0, b, DR_BLOCK_SIZE);
}

static uint32_t tag_crc_sw(const unsigned char *b)
{
	static const unsigned char zero[sizeof(uint32_t)];
	const size_t crc_off = __builtin_offsetof(struct dr_tag, crc);
	uint32_t c;

	c = dr_crc32c_sw(0, b, crc_off);
	c = dr_crc32c_sw(c, zero, sizeof(zero));
	return dr_crc32c_sw(c, b + crc_off + sizeof(zero),
			    DR_BLOCK_SIZE - crc_off - sizeof(zero));
}

static uint32_t tag_crc(const unsigned char *b)
{
#ifdef DR_CRC32C_HAVE_HW
	if (dr_crc32c_have_hw())
		return tag_crc_hw(b);
#endif
	return tag_crc_sw(b);
}

void dr_tag_fill(void *block, uint32_t file_id, uint64_t block_idx,
		 uint64_t generation, uint32_t writer)
{
	uint64_t x = payload_seed(file_id, block_idx, generation, writer);
	struct dr_tag hdr;

	tag_header(&hdr, file_id, block_idx, generation, writer);
#ifdef DR_CRC32C_HAVE_HW
	if (dr_crc32c_have_hw()) {
		tag_fill_hw(block, &hdr, x);
		return;
	}
#endif
	tag_fill_sw(block, &hdr, x);
}

static bool block_is_zero(const unsigned char *b)
{
	uint64_t acc = 0;

	/* OR eight words at a time: zero blocks are the common case after a
	 * punch, so this must not branch per word. */
	for (size_t i = 0; i < TAG_WORDS; i += 8) {
		for (size_t j = 0; j < 8; j++)
			acc |= load64(b + 8 * (i + j));
		if (acc)
			return false;
	}
	return true;
}

enum dr_tag_status dr_tag_check(const void *block,
				const struct dr_tag_expect *expect,
				struct dr_tag *found)
{
	const unsigned char *b = block;
	struct dr_tag hdr;

	memcpy(&hdr, b, sizeof(hdr));
	if (hdr.magic != DR_TAG_MAGIC) {
		if (found)
			memset(found, 0, sizeof(*found));
		return block_is_zero(b) ? DR_TAG_ZERO : DR_TAG_GARBAGE;
	}
	if (found)
		*found = hdr;
	if (tag_crc(b) != hdr.crc)
		return DR_TAG_BAD_CRC;
	if (!expect)
		return DR_TAG_OK;
	if (hdr.file_id != expect->file_id || hdr.block != expect->block)
		return DR_TAG_FOREIGN;
	if (hdr.generation != expect->generation)
		return DR_TAG_STALE;
	return DR_TAG_OK;
}

/* snprintf that appends and never overruns: returns the new used length. */
__attribute__((format(printf, 4, 5)))
static size_t append(char *buf, size_t len, size_t used, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (used >= len)
		return used;
	va_start(ap, fmt);
	n = vsnprintf(buf + used, len - used, fmt, ap);
	va_end(ap);
	if (n < 0)
		return used;
	used += (size_t)n;
	return used < len ? used : len - 1;
}

char *dr_tag_describe(const void *block, const struct dr_tag_expect *expect,
		      char *buf, size_t len)
{
	const unsigned char *b = block;
	enum dr_tag_status st;
	struct dr_tag found;
	size_t used = 0;

	if (!len)
		return buf;
	buf[0] = '\0';
	st = dr_tag_check(block, expect, &found);
	used = append(buf, len, used, "status:   %s\n", dr_tag_status_name(st));
	if (expect)
		used = append(buf, len, used,
			      "expected: file %u block %llu generation %llu\n",
			      expect->file_id, (unsigned long long)expect->block,
			      (unsigned long long)expect->generation);
	if (found.magic == DR_TAG_MAGIC)
		used = append(buf, len, used,
			      "found:    file %u block %llu generation %llu writer %u crc 0x%08x (computed 0x%08x)\n",
			      found.file_id, (unsigned long long)found.block,
			      (unsigned long long)found.generation, found.writer,
			      found.crc, tag_crc(b));
	else
		used = append(buf, len, used, "found:    no tag (magic 0x%016llx)\n",
			      (unsigned long long)load64(b));
	for (size_t off = 0; off < 64; off += 16) {
		used = append(buf, len, used, "%04zx:", off);
		for (size_t i = 0; i < 16; i++)
			used = append(buf, len, used, " %02x", b[off + i]);
		used = append(buf, len, used, "  |");
		for (size_t i = 0; i < 16; i++) {
			unsigned char c = b[off + i];

			used = append(buf, len, used, "%c",
				      c >= 0x20 && c < 0x7f ? c : '.');
		}
		used = append(buf, len, used, "|\n");
	}
	return buf;
}
