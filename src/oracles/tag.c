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

#include <pthread.h>
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
_Static_assert(DR_BLOCK_SIZE == 4096, "lane split assumes 512 words");

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
	return z;
}

/*
 * Payload word i of a block: a Weyl sequence from the header-derived seed.
 * Distinct for every header, and computable per index, so the fill has no
 * serial dependency beyond the checksum (a xorshift chain cost more than
 * the crc itself).
 */
#define PAYLOAD_STEP 0x9E3779B97F4A7C15ull

static inline uint64_t payload_word(uint64_t seed, size_t i)
{
	return seed + (uint64_t)i * PAYLOAD_STEP;
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
/*
 * The crc32 instruction has a latency of three cycles and a throughput of
 * one, so one dependency chain uses a third of it.  The block is split
 * into three lanes of LANE_WORDS words checksummed side by side, then
 * joined: for the raw (non-inverted) CRC register, which is linear,
 *	raw(c, A || B) = shift_|B|(raw(c, A)) ^ raw(0, B)
 * where shift_n(v) = raw(v, n zero bytes) is linear in v, so a 4 x 256
 * table applies it.  (The trick of the kernel's crc32c-intel crc_pcl,
 * with tables instead of pclmul.)  The words past 3 lanes are a short
 * serial tail.
 */
#define LANE_WORDS 170
#define LANE_BYTES (LANE_WORDS * 8)

static uint32_t lane_shift[4][256];
static pthread_once_t lane_shift_once = PTHREAD_ONCE_INIT;

DR_CRC32C_HW_TARGET
static void lane_shift_init(void)
{
	static const unsigned char zeros[LANE_BYTES];
	uint32_t basis[32];

	for (int j = 0; j < 32; j++)
		basis[j] = dr_crc32c_hw_raw(1u << j, zeros, sizeof(zeros));
	for (int k = 0; k < 4; k++)
		for (int b = 0; b < 256; b++) {
			uint32_t v = 0;

			for (int j = 0; j < 8; j++)
				if (b & (1 << j))
					v ^= basis[8 * k + j];
			lane_shift[k][b] = v;
		}
}

static inline uint32_t shift_lane(uint32_t v)
{
	return lane_shift[0][v & 0xff] ^ lane_shift[1][(v >> 8) & 0xff] ^
	       lane_shift[2][(v >> 16) & 0xff] ^ lane_shift[3][v >> 24];
}

/* Joins three lanes' raw crcs (lane 0 started at ~0, the others at 0). */
static inline uint32_t join_lanes(uint64_t c0, uint64_t c1, uint64_t c2)
{
	return shift_lane(shift_lane((uint32_t)c0) ^ (uint32_t)c1) ^ (uint32_t)c2;
}

DR_CRC32C_HW_TARGET
static void tag_fill_hw(unsigned char *b, const struct dr_tag *hdr, uint64_t seed)
{
	uint64_t c0 = 0xffffffffu, c1 = 0, c2 = 0, h[HDR_WORDS];
	uint32_t crc;
	size_t i;

	pthread_once(&lane_shift_once, lane_shift_init);
	memcpy(h, hdr, sizeof(h));
	for (i = 0; i < LANE_WORDS; i++) {
		uint64_t w0 = i < HDR_WORDS ? h[i] : payload_word(seed, i);
		uint64_t w1 = payload_word(seed, i + LANE_WORDS);
		uint64_t w2 = payload_word(seed, i + 2 * LANE_WORDS);

		store64(b + 8 * i, w0);
		store64(b + 8 * (i + LANE_WORDS), w1);
		store64(b + 8 * (i + 2 * LANE_WORDS), w2);
		c0 = __builtin_ia32_crc32di(c0, w0);
		c1 = __builtin_ia32_crc32di(c1, w1);
		c2 = __builtin_ia32_crc32di(c2, w2);
	}
	c0 = join_lanes(c0, c1, c2);
	for (i = 3 * LANE_WORDS; i < TAG_WORDS; i++) {
		uint64_t w = payload_word(seed, i);

		store64(b + 8 * i, w);
		c0 = __builtin_ia32_crc32di(c0, w);
	}
	crc = ~(uint32_t)c0;
	memcpy(b + CRC_WORD * 8, &crc, sizeof(crc));
}

/* crc of the block as stored, with the crc field taken as zero. */
DR_CRC32C_HW_TARGET
static uint32_t tag_crc_hw(const unsigned char *b)
{
	uint64_t c0 = 0xffffffffu, c1 = 0, c2 = 0;
	size_t i;

	pthread_once(&lane_shift_once, lane_shift_init);
	for (i = 0; i < LANE_WORDS; i++) {
		uint64_t w0 = load64(b + 8 * i);

		if (i == CRC_WORD)
			w0 &= 0xffffffff00000000ull; /* little-endian: crc is the low half */
		c0 = __builtin_ia32_crc32di(c0, w0);
		c1 = __builtin_ia32_crc32di(c1, load64(b + 8 * (i + LANE_WORDS)));
		c2 = __builtin_ia32_crc32di(c2, load64(b + 8 * (i + 2 * LANE_WORDS)));
	}
	c0 = join_lanes(c0, c1, c2);
	for (i = 3 * LANE_WORDS; i < TAG_WORDS; i++)
		c0 = __builtin_ia32_crc32di(c0, load64(b + 8 * i));
	return ~(uint32_t)c0;
}
#endif

static void tag_fill_sw(unsigned char *b, const struct dr_tag *hdr, uint64_t seed)
{
	uint32_t crc;

	memcpy(b, hdr, sizeof(*hdr));
	for (size_t i = HDR_WORDS; i < TAG_WORDS; i++)
		store64(b + 8 * i, payload_word(seed, i));
	crc = dr_crc32c_sw(0, b, DR_BLOCK_SIZE);
	memcpy(b + CRC_WORD * 8, &crc, sizeof(crc));
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
	uint64_t seed = payload_seed(file_id, block_idx, generation, writer);
	struct dr_tag hdr;

	tag_header(&hdr, file_id, block_idx, generation, writer);
#ifdef DR_CRC32C_HAVE_HW
	if (dr_crc32c_have_hw()) {
		tag_fill_hw(block, &hdr, seed);
		return;
	}
#endif
	tag_fill_sw(block, &hdr, seed);
}

/* 16-byte vectors (SSE2 is x86-64 baseline); GCC does not vectorise the
 * OR-reduction with its early exit by itself. */
typedef uint64_t v2u64 __attribute__((vector_size(16)));

static bool block_is_zero(const unsigned char *b)
{
	/*
	 * Zero blocks are the common case after a punch.  OR 512-byte chunks
	 * in four independent accumulators, and leave at the first chunk
	 * that is not zero.
	 */
	for (size_t off = 0; off < DR_BLOCK_SIZE; off += 512) {
		v2u64 a0 = { 0, 0 }, a1 = a0, a2 = a0, a3 = a0, v;

		for (size_t j = 0; j < 512; j += 64) {
			memcpy(&v, b + off + j, 16);
			a0 |= v;
			memcpy(&v, b + off + j + 16, 16);
			a1 |= v;
			memcpy(&v, b + off + j + 32, 16);
			a2 |= v;
			memcpy(&v, b + off + j + 48, 16);
			a3 |= v;
		}
		a0 |= a1 | a2 | a3;
		if (a0[0] | a0[1])
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

bool dr_tag_torn_between(const void *block, const void *a, const void *b)
{
	const unsigned char *p = block, *x = a, *y = b;
	bool from_a = false, from_b = false;

	for (size_t i = 0; i < DR_BLOCK_SIZE; i++) {
		if (p[i] == x[i] && p[i] == y[i])
			continue;
		if (p[i] == x[i])
			from_a = true;
		else if (p[i] == y[i])
			from_b = true;
		else
			return false;
	}
	return from_a && from_b;
}
