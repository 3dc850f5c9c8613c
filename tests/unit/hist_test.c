// SPDX-License-Identifier: GPL-2.0-or-later
/* Latency histogram: buckets, quantiles within bucket resolution, merge. */
#include "config.h"

#include <string.h>

#include "engine/hist.h"
#include "tap.h"

int main(void)
{
	struct dr_hist h, g;
	uint64_t q;

	memset(&h, 0, sizeof(h));
	tap_ok(dr_hist_quantile(&h, 0.5) == 0, "empty histogram: quantile 0");

	for (int i = 0; i < 99; i++)
		dr_hist_add(&h, 1000);       /* bucket 9: [512, 1024) */
	dr_hist_add(&h, 1000000000ull);  /* one 1 s outlier */
	tap_ok(h.count == 100 && h.min == 1000 && h.max == 1000000000ull,
	       "count, min, max");
	tap_ok(h.bucket[9] == 99 && h.bucket[29] == 1, "values land in their log2 bucket");
	q = dr_hist_quantile(&h, 0.5);
	tap_ok(q >= 1000 && q < 2048, "p50 = %llu within the bucket of 1000 ns",
	       (unsigned long long)q);
	q = dr_hist_quantile(&h, 0.99);
	tap_ok(q >= 1000 && q < 2048, "p99 = %llu: 99 of 100 samples are 1000 ns",
	       (unsigned long long)q);
	tap_ok(dr_hist_quantile(&h, 0.995) == 1000000000ull,
	       "p99.5 reaches the outlier, clamped to max");
	tap_ok(dr_hist_quantile(&h, 1.0) == h.max && dr_hist_quantile(&h, 0.0) == h.min,
	       "q=1 is max, q=0 is min");

	memset(&g, 0, sizeof(g));
	dr_hist_add(&g, 0);
	dr_hist_add(&g, 1ull << 50); /* beyond the last bucket */
	tap_ok(g.bucket[0] == 1 && g.bucket[DR_HIST_BUCKETS - 1] == 1,
	       "0 goes to bucket 0, huge values to the last bucket");
	dr_hist_merge(&h, &g);
	tap_ok(h.count == 102 && h.min == 0 && h.max == 1ull << 50 &&
	       h.sum == 99 * 1000ull + 1000000000ull + (1ull << 50),
	       "merge adds counts and sums, keeps min and max");

	memset(&g, 0, sizeof(g));
	for (uint64_t v = 1; v <= 1024; v++)
		dr_hist_add(&g, v * 1000);
	q = dr_hist_quantile(&g, 0.5);
	/* true median 512000; bucket resolution is a factor of 2 */
	tap_ok(q >= 512000 && q < 1024000, "uniform 1..1024 us: p50 = %llu",
	       (unsigned long long)q);
	q = dr_hist_quantile(&g, 0.9);
	tap_ok(q >= 921000 && q <= 1024000, "uniform: p90 = %llu", (unsigned long long)q);
	memset(&h, 0, sizeof(h));
	dr_hist_merge(&h, &g);
	tap_ok(!memcmp(&h, &g, sizeof(h)), "merge into empty copies");
	tap_plan(tap_count);
	return tap_exit();
}
