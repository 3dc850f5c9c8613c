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

/*
 * A scenario's stream number comes from its name (FNV-1a), not from its
 * place in the run: "daxrace run --actor A --mutator M --seed N" then
 * makes the choices that scenario made inside a run of many, which is
 * what the reproduce line of a failure (daxrace-report(1)) relies on.
 */
uint32_t dr_prng_stream_of(const char *name)
{
	uint32_t h = 2166136261u;

	for (; name && *name; name++)
		h = (h ^ (unsigned char)*name) * 16777619u;
	return h;
}

uint64_t dr_prng_below(struct dr_prng *p, uint64_t n)
{
	/* The modulo bias is ~n / 2^64: irrelevant for choosing page ranges. */
	return dr_prng_next(p) % n;
}
