/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef DR_CRC32C_IMPL_H
#define DR_CRC32C_IMPL_H

/*
 * The SSE4.2 crc32 instruction, for code that fuses checksumming into its
 * own loop (tag fill and check).  Functions using it must carry
 * DR_CRC32C_HW_TARGET and be called only when dr_crc32c_have_hw().
 * The "raw" form neither inverts on entry nor on exit.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define DR_CRC32C_HAVE_HW 1
#define DR_CRC32C_HW_TARGET __attribute__((target("sse4.2")))

DR_CRC32C_HW_TARGET
static inline uint32_t dr_crc32c_hw_raw(uint32_t crc, const void *buf,
					size_t len)
{
	const unsigned char *p = buf;
	uint64_t c = crc;

	while (len >= 8) {
		uint64_t w;

		memcpy(&w, p, 8);
		c = __builtin_ia32_crc32di(c, w);
		p += 8;
		len -= 8;
	}
	crc = (uint32_t)c;
	while (len--)
		crc = __builtin_ia32_crc32qi(crc, *p++);
	return crc;
}
#endif

#endif
