// SPDX-License-Identifier: GPL-2.0-or-later
/* TAG: each kind of bad block is classified as what it is. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/util.h"
#include "oracles/tag.h"
#include "tap.h"

static _Alignas(64) unsigned char blk[DR_BLOCK_SIZE], copy[DR_BLOCK_SIZE];

static enum dr_tag_status check(uint32_t file, uint64_t block, uint64_t gen,
				struct dr_tag *found)
{
	struct dr_tag_expect e = { .file_id = file, .block = block, .generation = gen };

	return dr_tag_check(blk, &e, found);
}

int main(void)
{
	struct dr_tag_expect e = { .file_id = 7, .block = 3, .generation = 11 };
	struct dr_tag found;
	uint64_t x = 88172645463325252ull, t0, t1;
	char desc[1024];
	int i, bad = 0;


	dr_tag_fill(blk, 7, 3, 11, 2);
	tap_ok(check(7, 3, 11, &found) == DR_TAG_OK, "fresh block is OK");
	tap_ok(found.file_id == 7 && found.block == 3 && found.generation == 11 &&
	       found.writer == 2 && found.magic == DR_TAG_MAGIC,
	       "found header is what was written");
	tap_ok(dr_tag_check(blk, NULL, NULL) == DR_TAG_OK,
	       "integrity-only check (no expectation) accepts an intact tag");

	/* The stored crc is the standard CRC-32C of the block, crc field zero,
	 * whichever implementation filled it. */
	memcpy(copy, blk, sizeof(copy));
	((struct dr_tag *)copy)->crc = 0;
	tap_ok(dr_crc32c_sw(0, copy, sizeof(copy)) == found.crc,
	       "tag crc is CRC-32C of the block with the crc field zero");

	blk[2000] ^= 0x10;
	tap_ok(check(7, 3, 11, NULL) == DR_TAG_BAD_CRC, "bit flip in payload -> BAD_CRC");
	dr_tag_fill(blk, 7, 3, 11, 2);
	blk[24] ^= 1; /* generation, so the header alone looks STALE */
	tap_ok(check(7, 3, 11, NULL) == DR_TAG_BAD_CRC,
	       "bit flip in the header -> BAD_CRC, not STALE");
	dr_tag_fill(blk, 7, 3, 11, 2);
	blk[DR_BLOCK_SIZE - 1] ^= 0x80;
	tap_ok(check(7, 3, 11, NULL) == DR_TAG_BAD_CRC, "bit flip in the last byte -> BAD_CRC");

	dr_tag_fill(blk, 9, 3, 11, 2);
	tap_ok(check(7, 3, 11, &found) == DR_TAG_FOREIGN && found.file_id == 9,
	       "another file's tag -> FOREIGN");
	dr_tag_fill(blk, 7, 4, 11, 2);
	tap_ok(check(7, 3, 11, NULL) == DR_TAG_FOREIGN, "another block's tag -> FOREIGN");
	dr_tag_fill(blk, 7, 3, 10, 2);
	tap_ok(check(7, 3, 11, NULL) == DR_TAG_STALE, "older generation -> STALE");

	memset(blk, 0, sizeof(blk));
	tap_ok(check(7, 3, 11, &found) == DR_TAG_ZERO && found.magic == 0,
	       "all-zero block -> ZERO, found zeroed");
	blk[4095] = 1;
	tap_ok(check(7, 3, 11, NULL) == DR_TAG_GARBAGE, "zero but one byte -> GARBAGE");
	for (size_t j = 0; j < sizeof(blk); j++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		blk[j] = (unsigned char)x;
	}
	tap_ok(check(7, 3, 11, NULL) == DR_TAG_GARBAGE, "random block -> GARBAGE");
	memcpy(blk, &(uint64_t){ DR_TAG_MAGIC }, 8);
	tap_ok(check(7, 3, 11, NULL) == DR_TAG_BAD_CRC, "magic over random data -> BAD_CRC");

	dr_tag_fill(blk, 9, 3, 11, 2);
	dr_tag_describe(blk, &e, desc, sizeof(desc));
	tap_ok(strstr(desc, "FOREIGN") && strstr(desc, "expected: file 7 block 3 generation 11") &&
	       strstr(desc, "found:    file 9 block 3 generation 11") &&
	       strstr(desc, "0000: 64 61 78 72 61 63 65 31"),
	       "describe names status, expected, found and dumps the header");
	tap_diag("%s", desc);
	dr_tag_describe(blk, &e, desc, 40);
	tap_ok(strlen(desc) == 39, "describe truncates to the buffer");

	/* Distinct payloads: a block cannot pass for another by its body. */
	dr_tag_fill(blk, 7, 3, 11, 2);
	dr_tag_fill(copy, 7, 3, 12, 2);
	tap_ok(memcmp(blk + 64, copy + 64, 64) != 0,
	       "payload depends on the header (generation)");

	/* The table path writes and reads the same tags as the hardware one. */
	dr_tag_fill(blk, 7, 3, 11, 2);
	dr_crc32c_use_hw(false);
	tap_ok(!dr_crc32c_have_hw() && check(7, 3, 11, NULL) == DR_TAG_OK,
	       "a hardware-filled tag checks OK with the table crc");
	dr_tag_fill(copy, 7, 3, 11, 2);
	tap_ok(!memcmp(blk, copy, sizeof(blk)), "table fill is byte-identical");
	blk[3000] ^= 4;
	tap_ok(check(7, 3, 11, NULL) == DR_TAG_BAD_CRC, "table check sees a bit flip");
	memset(blk, 0, sizeof(blk));
	tap_ok(check(7, 3, 11, NULL) == DR_TAG_ZERO, "table path: zero block");
	dr_crc32c_use_hw(true);
	memcpy(blk, copy, sizeof(blk));
	tap_ok(check(7, 3, 11, NULL) == DR_TAG_OK, "a table-filled tag checks OK again (%s)",
	       dr_crc32c_have_hw() ? "hardware" : "table");

	/* Throughput, for the record: fill and check is the per-block cost. */
	t0 = dr_now_ns();
	for (i = 0; i < 100000; i++) {
		e.generation = (uint64_t)i;
		dr_tag_fill(blk, 7, 3, (uint64_t)i, 1);
		bad += dr_tag_check(blk, &e, NULL) != DR_TAG_OK;
	}
	t1 = dr_now_ns();
	tap_ok(!bad, "100000 fill+check round trips are OK");
	tap_diag("fill+check: %.0f ns per 4 KiB block (%s crc)",
		 (double)(t1 - t0) / 1e5, dr_crc32c_have_hw() ? "SSE4.2" : "table");
	/* A block torn between two known contents, and nothing else. */
	{
		static _Alignas(64) unsigned char a[DR_BLOCK_SIZE], b[DR_BLOCK_SIZE];

		dr_tag_fill(a, 7, 3, 11, 1);
		dr_tag_fill(b, 9, 2, 4, 1);
		memcpy(blk, a, DR_BLOCK_SIZE / 2);
		memcpy(blk + DR_BLOCK_SIZE / 2, b + DR_BLOCK_SIZE / 2, DR_BLOCK_SIZE / 2);
		tap_ok(dr_tag_torn_between(blk, a, b) && dr_tag_check(blk, NULL, NULL) == DR_TAG_BAD_CRC,
		       "half of one content, half of the other: torn between them (and BAD_CRC on its own)");
		for (size_t off = 0; off < DR_BLOCK_SIZE; off += 128)
			memcpy(blk + off, (off / 128) % 3 ? a + off : b + off, 128);
		tap_ok(dr_tag_torn_between(blk, a, b), "interleaved at 128-byte chunks: torn between them");
		tap_ok(!dr_tag_torn_between(a, a, b) && !dr_tag_torn_between(b, a, b),
		       "a whole candidate is not torn (it is simply one of them)");
		blk[1000] = (unsigned char)(a[1000] ^ b[1000] ^ 0x5a);
		if (blk[1000] == a[1000] || blk[1000] == b[1000])
			blk[1000] ^= 0xff;
		tap_ok(!dr_tag_torn_between(blk, a, b), "one byte of neither: not torn, corrupt");
		memcpy(blk, a, DR_BLOCK_SIZE / 2);
		memset(blk + DR_BLOCK_SIZE / 2, 0, DR_BLOCK_SIZE / 2);
		tap_ok(!dr_tag_torn_between(blk, a, b), "half a candidate, half zeroes: not torn");
		dr_tag_fill(copy, 5, 3, 11, 1);
		memcpy(blk, a, DR_BLOCK_SIZE / 2);
		memcpy(blk + DR_BLOCK_SIZE / 2, copy + DR_BLOCK_SIZE / 2, DR_BLOCK_SIZE / 2);
		tap_ok(!dr_tag_torn_between(blk, a, b), "half a candidate, half a foreign block: not torn");
	}

	tap_plan(tap_count);
	return tap_exit();
}
