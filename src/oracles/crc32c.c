// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * CRC-32C (Castagnoli), the checksum of every daxrace block tag.
 *
 * Tags are filled and checked on every block of every round, thousands of
 * rounds per second, so the SSE4.2 crc32 instruction is used when the CPU
 * has it; a slice-by-8 table is the fallback.  Both compute the standard
 * CRC-32C (reflected polynomial 0x82F63B78, initial and final inversion),
 * whose check value for "123456789" is 0xE3069283, and both chain like
 * zlib's crc32(): crc(crc(0, a), b) == crc(0, a || b).
 */
#include "config.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "oracles/crc32c_impl.h"
#include "oracles/tag.h"

#define CRC32C_POLY_REFLECTED 0x82F63B78u

static uint32_t crc32c_table[8][256];
static pthread_once_t crc32c_table_once = PTHREAD_ONCE_INIT;

static void crc32c_table_init(void)
{
	for (uint32_t n = 0; n < 256; n++) {
		uint32_t c = n;

		for (int k = 0; k < 8; k++)
			c = (c >> 1) ^ (CRC32C_POLY_REFLECTED & (0u - (c & 1)));
		crc32c_table[0][n] = c;
	}
	for (uint32_t n = 0; n < 256; n++) {
		uint32_t c = crc32c_table[0][n];

		for (int t = 1; t < 8; t++) {
			c = crc32c_table[0][c & 0xff] ^ (c >> 8);
			crc32c_table[t][n] = c;
		}
	}
}

uint32_t dr_crc32c_sw(uint32_t crc, const void *buf, size_t len)
{
	const unsigned char *p = buf;

	pthread_once(&crc32c_table_once, crc32c_table_init);
	crc = ~crc;
	/* Slice-by-8 assumes little-endian loads; the byte loop is exact everywhere. */
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	while (len >= 8) {
		uint64_t w;

		memcpy(&w, p, 8);
		w ^= crc;
		crc = crc32c_table[7][w & 0xff] ^
		      crc32c_table[6][(w >> 8) & 0xff] ^
		      crc32c_table[5][(w >> 16) & 0xff] ^
		      crc32c_table[4][(w >> 24) & 0xff] ^
		      crc32c_table[3][(w >> 32) & 0xff] ^
		      crc32c_table[2][(w >> 40) & 0xff] ^
		      crc32c_table[1][(w >> 48) & 0xff] ^
		      crc32c_table[0][w >> 56];
		p += 8;
		len -= 8;
	}
#endif
	while (len--)
		crc = crc32c_table[0][(crc ^ *p++) & 0xff] ^ (crc >> 8);
	return ~crc;
}

#ifdef DR_CRC32C_HAVE_HW
DR_CRC32C_HW_TARGET
uint32_t dr_crc32c_hw(uint32_t crc, const void *buf, size_t len)
{
	return ~dr_crc32c_hw_raw(~crc, buf, len);
}

/* -1: not asked yet.  A racing first call just asks twice. */
static int have_hw = -1;

bool dr_crc32c_have_hw(void)
{
	int h = __atomic_load_n(&have_hw, __ATOMIC_RELAXED);

	if (h < 0) {
		__builtin_cpu_init();
		h = __builtin_cpu_supports("sse4.2") ? 1 : 0;
		__atomic_store_n(&have_hw, h, __ATOMIC_RELAXED);
	}
	return h;
}

void dr_crc32c_use_hw(bool on)
{
	__builtin_cpu_init();
	__atomic_store_n(&have_hw, on && __builtin_cpu_supports("sse4.2"),
			 __ATOMIC_RELAXED);
}
#else
uint32_t dr_crc32c_hw(uint32_t crc, const void *buf, size_t len)
{
	return dr_crc32c_sw(crc, buf, len);
}

bool dr_crc32c_have_hw(void)
{
	return false;
}

void dr_crc32c_use_hw(bool on)
{
}
#endif

uint32_t dr_crc32c(uint32_t crc, const void *buf, size_t len)
{
	if (dr_crc32c_have_hw())
		return dr_crc32c_hw(crc, buf, len);
	return dr_crc32c_sw(crc, buf, len);
}
