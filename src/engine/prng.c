// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include "engine/priv.h"

/*
 * splitmix64: tiny, fast, and fully determined by its 64-bit state, so
 * (seed, job) replays the same sequence of choices on every run.
 */
void dr_prng_seed(struct dr_prng *p, uint64_t seed, uint64_t stream)
{
	p->s = seed ^ (0x9e3779b97f4a7c15ull * (stream + 1));
	(void)dr_prng_next(p);
}

uint64_t dr_prng_next(struct dr_prng *p)
{
	uint64_t z = (p->s += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

uint64_t dr_prng_below(struct dr_prng *p, uint64_t n)
{
	/* The modulo bias is ~n / 2^64: irrelevant for choosing page ranges. */
	return dr_prng_next(p) % n;
}
