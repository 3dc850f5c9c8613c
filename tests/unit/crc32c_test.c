// SPDX-License-Identifier: GPL-2.0-or-later
/* CRC-32C: the standard check value, chaining, and hardware == table. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "oracles/tag.h"
#include "tap.h"

int main(void)
{
	static const char check[] = "123456789";
	unsigned char buf[9000];
	uint64_t x = 0x243F6A8885A308D3ull;
	int mismatch = 0;

	tap_ok(dr_crc32c(0, check, 9) == 0xE3069283u,
	       "dr_crc32c(\"123456789\") = 0x%08x, standard 0xE3069283",
	       dr_crc32c(0, check, 9));
	tap_ok(dr_crc32c_sw(0, check, 9) == 0xE3069283u, "table crc check value");
	tap_ok(dr_crc32c(0, check, 0) == 0, "empty buffer gives 0");
	tap_ok(dr_crc32c(dr_crc32c(0, check, 4), check + 4, 5) == 0xE3069283u,
	       "chaining two pieces gives the whole");
	tap_ok(dr_crc32c_sw(dr_crc32c_sw(0, check, 3), check + 3, 6) == 0xE3069283u,
	       "table chaining");

	for (size_t i = 0; i < sizeof(buf); i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		buf[i] = (unsigned char)x;
	}
	if (!dr_crc32c_have_hw()) {
		tap_skip("hardware and table agree on random buffers",
			 "no SSE4.2 crc32 on this CPU");
		tap_skip("hardware check value", "no SSE4.2 crc32 on this CPU");
		tap_plan(tap_count);
		return tap_exit();
	}
	tap_diag("using the SSE4.2 crc32 instruction");
	/* Every alignment and every tail length, then random spans. */
	for (size_t off = 0; off < 16; off++)
		for (size_t len = 0; len < 64; len++)
			mismatch += dr_crc32c_hw(7, buf + off, len) !=
				    dr_crc32c_sw(7, buf + off, len);
	for (int i = 0; i < 2000; i++) {
		size_t off, len;

		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		off = x % 512;
		len = (x >> 16) % (sizeof(buf) - off);
		mismatch += dr_crc32c_hw((uint32_t)(x >> 40), buf + off, len) !=
			    dr_crc32c_sw((uint32_t)(x >> 40), buf + off, len);
	}
	tap_ok(!mismatch, "hardware and table agree on 3024 random buffers (%d differ)",
	       mismatch);
	tap_ok(dr_crc32c_hw(0, check, 9) == 0xE3069283u, "hardware check value");
	tap_plan(tap_count);
	return tap_exit();
}
