/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef DR_HIST_H
#define DR_HIST_H

#include <stdint.h>

/* Latency histogram: bucket i counts values in [2^i, 2^(i+1)) ns. */
#define DR_HIST_BUCKETS 40

struct dr_hist {
	uint64_t count, min, max, sum;
	uint64_t bucket[DR_HIST_BUCKETS];
};

void dr_hist_add(struct dr_hist *h, uint64_t ns);
void dr_hist_merge(struct dr_hist *into, const struct dr_hist *from);
/* Value below which fraction q (0..1) of samples lie, bucket resolution. */
uint64_t dr_hist_quantile(const struct dr_hist *h, double q);

#endif
