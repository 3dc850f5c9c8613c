// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * log2 latency histogram: constant size, no allocation, mergeable across
 * race pairs, and enough resolution to tell a 1 ms layout-break wait from
 * a 30 s leak.  Bucket i holds [2^i, 2^(i+1)) ns; 0 ns goes to bucket 0
 * and anything beyond the last bucket (about 9 minutes) into the last.
 */
#include "config.h"

#include "engine/hist.h"

static unsigned int bucket_of(uint64_t ns)
{
	unsigned int b;

	if (ns < 2)
		return 0;
	b = 63 - (unsigned int)__builtin_clzll(ns);
	return b < DR_HIST_BUCKETS ? b : DR_HIST_BUCKETS - 1;
}

void dr_hist_add(struct dr_hist *h, uint64_t ns)
{
	if (!h->count || ns < h->min)
		h->min = ns;
	if (ns > h->max)
		h->max = ns;
	h->count++;
	h->sum += ns;
	h->bucket[bucket_of(ns)]++;
}

void dr_hist_merge(struct dr_hist *into, const struct dr_hist *from)
{
	if (!from->count)
		return;
	if (!into->count || from->min < into->min)
		into->min = from->min;
	if (from->max > into->max)
		into->max = from->max;
	into->count += from->count;
	into->sum += from->sum;
	for (unsigned int i = 0; i < DR_HIST_BUCKETS; i++)
		into->bucket[i] += from->bucket[i];
}

/*
 * The sample of rank ceil(q * count) lies in the first bucket whose
 * cumulative count reaches that rank; report that bucket's upper bound,
 * clamped to the observed [min, max] so that a quantile never claims a
 * latency nobody saw (q = 1 is exactly the max, q = 0 the min).
 */
uint64_t dr_hist_quantile(const struct dr_hist *h, double q)
{
	uint64_t rank, seen = 0;
	uint64_t upper;

	if (!h->count)
		return 0;
	if (q <= 0.0)
		return h->min;
	if (q >= 1.0)
		return h->max;
	rank = (uint64_t)(q * (double)h->count);
	if ((double)rank < q * (double)h->count)
		rank++;
	if (!rank)
		rank = 1;
	for (unsigned int i = 0; i < DR_HIST_BUCKETS; i++) {
		seen += h->bucket[i];
		if (seen < rank)
			continue;
		upper = i == DR_HIST_BUCKETS - 1 ? h->max : (2ull << i) - 1;
		if (upper < h->min)
			return h->min;
		return upper < h->max ? upper : h->max;
	}
	return h->max;
}
